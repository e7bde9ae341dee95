"""The agreements panel of the start page: what awaits your answer or signature, and agreements in
effect that expire or are due for review soon."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taskforce.agreements import selectors
from taskforce.agreements.models import Agreement
from taskforce.core.access import MEMBER
from taskforce.core.dashboard import DashboardPanel

PANEL_ROWS = 5


@dataclass(frozen=True)
class DueSoon:
    agreement: Agreement
    status: str


def agreements_panel(user: Any) -> dict[str, Any] | None:
    if not MEMBER.allows(user):
        return None
    awaiting = selectors.awaiting(user)
    due = selectors.due_soon_for(user)
    if not awaiting and not due:
        return None
    return {
        "awaiting": awaiting[:PANEL_ROWS],
        "more_awaiting": len(awaiting) > PANEL_ROWS,
        "due": [
            DueSoon(agreement, selectors.display_status(agreement))
            for agreement in due[:PANEL_ROWS]
        ],
        "more_due": len(due) > PANEL_ROWS,
        "due_days": selectors.DUE_WITHIN_DAYS,
    }


PANEL = DashboardPanel("agreements", "agreements/_dashboard_panel.html", agreements_panel, order=25)
