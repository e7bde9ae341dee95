"""Minutes as PDF, rendered from an HTML template that carries its own styles (core.pdf)."""

from __future__ import annotations

import re

from django.template.loader import render_to_string

from taskforce.core.pdf import render_pdf
from taskforce.meetings import proceedings_selectors as selectors
from taskforce.meetings.models import Meeting, Minutes, MinutesVersion


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
    return render_pdf(html)


def minutes_filename(meeting: Meeting, version: MinutesVersion) -> str:
    """e.g. minutes-victim-services-committee-2026-03-10-v3.pdf"""
    slug = re.sub(r"[^a-z0-9]+", "-", meeting.body.name.lower()).strip("-") or "body"
    return f"minutes-{slug}-{meeting.local_start:%Y-%m-%d}-v{version.number}.pdf"
