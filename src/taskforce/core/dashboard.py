"""Panels other apps add to the start page.

The dashboard belongs to no app's data: each app that has something to say on it (your next
meetings, your open action items, plan tasks due) registers a panel in its AppConfig.ready(), and
the dashboard view renders every panel that has something for the viewer. Apps never import each
other to get onto the start page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PanelContext = Callable[[Any], dict[str, Any] | None]


@dataclass(frozen=True)
class DashboardPanel:
    name: str
    template: str
    # The panel's template context for a viewer, or None when it has nothing for them.
    context: PanelContext
    order: int = 100


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    context: dict[str, Any]


_PANELS: dict[str, DashboardPanel] = {}


def register_panel(panel: DashboardPanel) -> None:
    _PANELS[panel.name] = panel


def panels_for(user: Any) -> list[RenderedPanel]:
    rendered = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)):
        context = panel.context(user)
        if context is not None:
            rendered.append(RenderedPanel(panel.template, context))
    return rendered
