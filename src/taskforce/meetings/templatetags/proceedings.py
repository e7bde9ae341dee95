"""Template tags for the proceedings of a meeting: the panel on the meeting page, and links."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from taskforce.meetings import proceedings_selectors as selectors
from taskforce.meetings.models import Meeting

register = template.Library()


@register.simple_tag
def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    """The meeting's own page, optionally at a section of it."""
    url = reverse("meetings:detail", kwargs={"pk": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


@register.simple_tag(takes_context=True)
def proceedings_panel(
    context: template.Context, meeting: Meeting, can_run: Any = False
) -> selectors.ProceedingsPanel:
    """What the meeting page shows of the roll, reminder, training, minutes, action items and
    feedback: `{% proceedings_panel meeting can_run as panel %}`."""
    return selectors.proceedings_panel(context["request"].user, meeting, bool(can_run))
