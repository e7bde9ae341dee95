"""The committee plans panel of the start page: overdue tasks and report-backs coming up."""

from __future__ import annotations

from typing import Any

from taskforce.core.dashboard import DashboardPanel
from taskforce.plans import selectors


def plans_panel(user: Any) -> dict[str, Any] | None:
    overview = selectors.plan_overview(user)
    return {"overview": overview} if overview.active_plans else None


PANEL = DashboardPanel("plans", "plans/_dashboard_panel.html", plans_panel, order=20)
