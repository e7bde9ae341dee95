"""Presentation of plan values: which badge a plan's or a task's status wears."""

from __future__ import annotations

from django import template

from taskforce.plans.models import PlanStatus, TaskStatus

register = template.Library()

_BADGES: dict[str, str] = {
    PlanStatus.DRAFT: "badge",
    PlanStatus.ACTIVE: "badge badge-ok",
    PlanStatus.COMPLETED: "badge",
    TaskStatus.NOT_STARTED: "badge",
    TaskStatus.IN_PROGRESS: "badge badge-ok",
    TaskStatus.BLOCKED: "badge badge-warn",
    TaskStatus.DONE: "badge badge-ok",
    TaskStatus.DROPPED: "badge",
}


@register.filter
def plan_badge(status: str) -> str:
    """CSS classes for the badge of a plan or task status."""
    return _BADGES.get(status, "badge")
