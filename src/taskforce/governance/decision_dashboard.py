"""The decisions panel of the start page: proposals awaiting your position, reviews coming up."""

from __future__ import annotations

from typing import Any

from taskforce.core.dashboard import DashboardPanel
from taskforce.governance import decision_selectors as selectors

PANEL_ROWS = 5


def decisions_panel(user: Any) -> dict[str, Any] | None:
    awaiting = list(selectors.open_proposals_for(user)[: PANEL_ROWS + 1])
    reviews = list(selectors.reviews_due_for(user)[: PANEL_ROWS + 1])
    if not awaiting and not reviews:
        return None
    return {
        "awaiting": awaiting[:PANEL_ROWS],
        "more_awaiting": len(awaiting) > PANEL_ROWS,
        "reviews": reviews[:PANEL_ROWS],
        "more_reviews": len(reviews) > PANEL_ROWS,
    }


PANEL = DashboardPanel(
    "decisions", "governance/decisions/_dashboard_panel.html", decisions_panel, order=15
)
