"""Minutes as PDF, rendered by WeasyPrint from an HTML template.

Nothing is fetched while rendering: the fetcher refuses every URL (no images, stylesheets or fonts
from outside, not even from this server), so a link typed into the minutes cannot make the server
call anywhere. The template carries its own styles and relies on the system's fonts.
"""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

from taskforce.meetings import proceedings_selectors as selectors
from taskforce.meetings.models import Meeting, Minutes, MinutesVersion


class RefusingURLFetcher(URLFetcher):
    """A WeasyPrint fetcher that loads nothing."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        raise ValueError(f"Minutes are rendered without loading anything; refused {url[:200]}")


def minutes_pdf(meeting: Meeting, minutes: Minutes, version: MinutesVersion) -> bytes:
    html = render_to_string(
        "meetings/proceedings_minutes_pdf.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "version": version,
            "sections": selectors.version_sections(version),
            "introductions": selectors.introductions(meeting),
        },
    )
    document = HTML(string=html, url_fetcher=RefusingURLFetcher())
    return bytes(document.write_pdf())


def minutes_filename(meeting: Meeting, version: MinutesVersion) -> str:
    """e.g. minutes-victim-services-committee-2026-03-10-v3.pdf"""
    slug = re.sub(r"[^a-z0-9]+", "-", meeting.body.name.lower()).strip("-") or "body"
    return f"minutes-{slug}-{meeting.local_start:%Y-%m-%d}-v{version.number}.pdf"
