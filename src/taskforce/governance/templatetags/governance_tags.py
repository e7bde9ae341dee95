"""Presentation of charter values: which badge an objective's status wears."""

from __future__ import annotations

from django import template

from taskforce.governance.models import ObjectiveStatus

register = template.Library()

_STATUS_BADGES: dict[str, str] = {
    ObjectiveStatus.NOT_STARTED: "badge",
    ObjectiveStatus.ON_TRACK: "badge badge-ok",
    ObjectiveStatus.AT_RISK: "badge badge-warn",
    ObjectiveStatus.ACHIEVED: "badge badge-ok",
    ObjectiveStatus.DROPPED: "badge",
}


@register.filter
def status_badge(status: str) -> str:
    """CSS classes for an objective status badge."""
    return _STATUS_BADGES.get(status, "badge")
