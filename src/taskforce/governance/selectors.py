"""Reads of the charter, its goals and objectives, and the leadership roles.

The charter is the task force's common ground: every signed-in account may read it (the access
rule on each page says who reaches it), so these reads do not narrow by viewer. Lookups by id
answer 404 for rows that do not exist.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.governance.models import (
    CLOSED_OBJECTIVE_STATUSES,
    LEADERSHIP_ROLE_DESCRIPTIONS,
    Charter,
    Goal,
    LeadershipRole,
    LeadershipRoleAssignment,
    Objective,
    ObjectiveStatus,
    TermQuerySet,
)

# Terms ending within this many days are flagged so a successor can be found in time.
TERM_WARNING_DAYS = 60

# Every record the charter's history page gathers: the charter and everything that hangs off it.
CHARTER_HISTORY_MODELS = (Charter, Goal, Objective, LeadershipRoleAssignment)


def current_charter() -> Charter | None:
    return Charter.objects.prefetch_related("leading_organizations").first()


def goals_with_objectives(charter: Charter) -> QuerySet[Goal]:
    objectives = Objective.objects.select_related("owner", "owner__organization").order_by(
        "order", "pk"
    )
    return charter.goals.order_by("order", "pk").prefetch_related(
        Prefetch("objectives", queryset=objectives)
    )


def get_goal(pk: int) -> Goal:
    return get_object_or_404(Goal.objects.select_related("charter"), pk=pk)


def get_objective(pk: int) -> Objective:
    return get_object_or_404(
        Objective.objects.select_related("goal", "owner", "owner__organization"), pk=pk
    )


def get_assignment(pk: int) -> LeadershipRoleAssignment:
    return get_object_or_404(
        LeadershipRoleAssignment.objects.select_related("person", "person__organization"), pk=pk
    )


def why_goal_cannot_be_deleted(goal: Goal) -> str:
    """Empty when the goal may be deleted; otherwise the reason, in words for the page.

    Objectives are the record of what was attempted, so a goal with any keeps them until they
    are deleted one by one (or the goal stays, with its objectives marked dropped).
    """
    count = goal.objectives.count()
    if not count:
        return ""
    return (
        f"“{goal.title}” still has {count} objective{'s' if count != 1 else ''}. "
        "Delete them first, or keep the goal and mark them dropped."
    )


def objectives_overdue(on: datetime.date | None = None) -> QuerySet[Objective]:
    """Open objectives whose target date has passed, oldest first."""
    today = on or timezone.localdate()
    return (
        Objective.objects.exclude(status__in=CLOSED_OBJECTIVE_STATUSES)
        .filter(target_date__lt=today)
        .select_related("goal", "owner", "owner__organization")
        .order_by("target_date", "pk")
    )


# --- Leadership ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleHolding:
    """One of the four roles on a given day: what it is and who holds it (None: vacant)."""

    role: str
    label: str
    description: str
    assignment: LeadershipRoleAssignment | None
    on: datetime.date
    # Under the centralized model leadership comes from the leading organizations.
    outside_leading_organizations: bool = False

    @property
    def is_vacant(self) -> bool:
        return self.assignment is None

    @property
    def days_left(self) -> int | None:
        return None if self.assignment is None else self.assignment.days_left(self.on)

    @property
    def ends_soon(self) -> bool:
        days = self.days_left
        return days is not None and days <= TERM_WARNING_DAYS


def _assignments() -> TermQuerySet:
    return LeadershipRoleAssignment.objects.select_related("person", "person__organization")


def active_leadership(on: datetime.date | None = None) -> list[RoleHolding]:
    """The four key roles in their usual order, each with the term in force on the day."""
    day = on or timezone.localdate()
    holders = {a.role: a for a in _assignments().current(day).order_by("term_start")}
    charter = current_charter()
    leading_ids = (
        {org.pk for org in charter.leading_organizations.all()}
        if charter is not None and charter.is_centralized
        else None
    )
    holdings = []
    for role in LeadershipRole:
        assignment = holders.get(role.value)
        outside = (
            leading_ids is not None
            and assignment is not None
            and assignment.person.organization_id not in leading_ids
        )
        holdings.append(
            RoleHolding(
                role=role.value,
                label=str(role.label),
                description=LEADERSHIP_ROLE_DESCRIPTIONS[role.value],
                assignment=assignment,
                on=day,
                outside_leading_organizations=outside,
            )
        )
    return holdings


def terms_ending_soon(
    days: int = TERM_WARNING_DAYS, on: datetime.date | None = None
) -> QuerySet[LeadershipRoleAssignment]:
    """Terms in force now whose set end falls within `days`, soonest first."""
    return _assignments().ending_within(days, on).order_by("term_end", "role")


def leadership_history() -> list[tuple[str, str, list[LeadershipRoleAssignment]]]:
    """Every term ever held, per role (label, description, terms newest first)."""
    by_role: dict[str, list[LeadershipRoleAssignment]] = {role.value: [] for role in LeadershipRole}
    for assignment in _assignments().order_by("-term_start", "-pk"):
        by_role[assignment.role].append(assignment)
    return [
        (str(role.label), LEADERSHIP_ROLE_DESCRIPTIONS[role.value], by_role[role.value])
        for role in LeadershipRole
    ]


# --- History -------------------------------------------------------------------------------------


def charter_history() -> QuerySet[AuditEvent]:
    """Audit events for the charter, its goals and objectives, and leadership terms, newest first.

    There is one charter per deployment, so every goal, objective and leadership term belongs to
    it; deleted goals and objectives keep their events because events name the target by type.
    """
    return (
        AuditEvent.objects.filter(
            target_type__in=[model._meta.label_lower for model in CHARTER_HISTORY_MODELS]
        )
        .select_related("actor")
        .order_by("-sequence")
    )


# --- Dashboard -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class CharterSummary:
    charter: Charter | None
    goal_count: int = 0
    objective_count: int = 0
    objectives_by_status: list[StatusCount] = field(default_factory=list)
    overdue_count: int = 0


def charter_summary(on: datetime.date | None = None) -> CharterSummary:
    """The charter at a glance: how many goals and objectives, and how the objectives stand."""
    charter = current_charter()
    if charter is None:
        return CharterSummary(charter=None)
    today = on or timezone.localdate()
    objectives = Objective.objects.filter(goal__charter=charter)
    counts = Counter(objectives.values_list("status", flat=True))
    return CharterSummary(
        charter=charter,
        goal_count=charter.goals.count(),
        objective_count=sum(counts.values()),
        objectives_by_status=[
            StatusCount(status.value, str(status.label), counts.get(status.value, 0))
            for status in ObjectiveStatus
        ],
        overdue_count=objectives_overdue(today).filter(goal__charter=charter).count(),
    )
