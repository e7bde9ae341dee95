"""The meetings panel of the start page: the meetings the viewer is expected at next, and their
open action items."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from taskforce.core.dashboard import DashboardPanel
from taskforce.meetings import proceedings_selectors, selectors
from taskforce.meetings.models import ActionItemStatus, MeetingStatus

NEXT_MEETINGS = 3
OPEN_ITEMS = 5


def meetings_panel(user: Any) -> dict[str, Any] | None:
    # The meetings the person is expected at (their seats and invitations), as in their calendar.
    upcoming = (
        selectors.feed_meetings_for(user)
        .filter(ends_at__gte=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
    )[:NEXT_MEETINGS]
    mine = proceedings_selectors.my_action_items(user).filter(status=ActionItemStatus.OPEN)
    context = {
        "upcoming": list(upcoming),
        "action_items": list(mine[:OPEN_ITEMS]),
        "action_item_count": mine.count(),
        "today": timezone.localdate(),
    }
    return context if context["upcoming"] or context["action_items"] else None


PANEL = DashboardPanel("meetings", "meetings/_dashboard_panel.html", meetings_panel, order=10)
