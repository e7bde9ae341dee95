"""Reads of committee plans, for whoever is asking.

A plan is visible to those who may see its committee's business (`plans.permissions`). Lookups by
id answer 404 for plans and tasks the user may not see, and the editing lookups answer 404 to
those who may see a plan but not change it. Lists are built in a fixed number of queries however
many plans and tasks there are.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from taskforce.directory import selectors as directory_selectors
from taskforce.directory.models import Person
from taskforce.governance import selectors as governance_selectors
from taskforce.governance.models import Body, BodyKind, Goal
from taskforce.plans.models import (
    CLOSED_TASK_STATUSES,
    CommitteePlan,
    PlanObjective,
    PlanStatus,
    PlanTask,
    TaskProgressNote,
    TaskStatus,
)
from taskforce.plans.permissions import can_edit_plans_of, can_report_on_task, plans_visible_q

# The dashboard counts report-backs falling due within this many days.
REPORT_BACK_HORIZON_DAYS = 30

# Bodies a committee usually reports to, chosen by default for a new task.
DEFAULT_REPORT_TO_KINDS = (BodyKind.GENERAL_BODY, BodyKind.EXECUTIVE_BOARD)


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def report_back_pending_q(prefix: str = "") -> Q:
    """Tasks (reached through `prefix`) with a report-back date not yet reported on.

    The query form of `PlanTask.report_back_pending`.
    """
    due = f"{prefix}report_back_on"
    last = f"{prefix}last_reported_on"
    return Q(**{f"{due}__isnull": False}) & (
        Q(**{f"{last}__isnull": True}) | Q(**{f"{last}__lt": F(due)})
    )


def _open_q(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}status__in": CLOSED_TASK_STATUSES})


def _overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """The query form of `PlanTask.is_overdue`."""
    return _open_q(prefix) & Q(**{f"{prefix}due_on__lt": today})


# --- Progress at a glance ------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class PlanProgress:
    """How a plan stands: tasks by status, the share done, what is late and what is next."""

    total: int
    by_status: list[StatusCount]
    overdue: int
    next_report_back: datetime.date | None  # the earliest report-back not yet given
    on: datetime.date

    @classmethod
    def from_counts(
        cls,
        counts: Mapping[str, int],
        overdue: int,
        next_report_back: datetime.date | None,
        on: datetime.date,
    ) -> PlanProgress:
        return cls(
            total=sum(counts.values()),
            by_status=[
                StatusCount(status.value, str(status.label), counts.get(status.value, 0))
                for status in TaskStatus
            ],
            overdue=overdue,
            next_report_back=next_report_back,
            on=on,
        )

    def _count(self, status: str) -> int:
        return next(row.count for row in self.by_status if row.status == status)

    @property
    def done(self) -> int:
        return self._count(TaskStatus.DONE)

    @property
    def planned(self) -> int:
        """Tasks the plan still means to do: dropped tasks do not count against it."""
        return self.total - self._count(TaskStatus.DROPPED)

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0

    @property
    def report_back_is_late(self) -> bool:
        return self.next_report_back is not None and self.next_report_back < self.on


@dataclass(frozen=True)
class PlanSummary:
    plan: CommitteePlan
    progress: PlanProgress


def plans_visible_to(user: Any) -> QuerySet[CommitteePlan]:
    return (
        CommitteePlan.objects.filter(plans_visible_q(user))
        .select_related("body")
        .order_by("-period_start", "body__order", "body__name", "pk")
    )


def plan_summaries(user: Any, on: datetime.date | None = None) -> list[PlanSummary]:
    """Every plan the user may see, newest year first, with its progress, in one query."""
    today = _today(on)
    task = "objectives__tasks__"
    annotations: dict[str, Any] = {
        f"count_{status.value}": Count(f"{task}pk", filter=Q(**{f"{task}status": status.value}))
        for status in TaskStatus
    }
    plans = plans_visible_to(user).annotate(
        **annotations,
        overdue_count=Count(f"{task}pk", filter=_overdue_q(today, task)),
        next_report_back=Min(f"{task}report_back_on", filter=report_back_pending_q(task)),
    )
    summaries = []
    for plan in plans:
        row: Any = plan  # carries the annotations above
        counts = {status.value: getattr(row, f"count_{status.value}") for status in TaskStatus}
        progress = PlanProgress.from_counts(counts, row.overdue_count, row.next_report_back, today)
        summaries.append(PlanSummary(plan=plan, progress=progress))
    return summaries


def progress_of(tasks: Iterable[PlanTask], on: datetime.date | None = None) -> PlanProgress:
    """The progress of loaded tasks (a plan page has them already; no query)."""
    today = _today(on)
    tasks = list(tasks)
    pending = [task.report_back_on for task in tasks if task.report_back_pending]
    return PlanProgress.from_counts(
        Counter(task.status for task in tasks),
        sum(1 for task in tasks if task.is_overdue(today)),
        min((day for day in pending if day is not None), default=None),
        today,
    )


# --- One plan ------------------------------------------------------------------------------------


def get_plan_for(user: Any, pk: int) -> CommitteePlan:
    return get_object_or_404(plans_visible_to(user), pk=pk)


def get_editable_plan_for(user: Any, pk: int) -> CommitteePlan:
    plan = get_plan_for(user, pk)
    if not can_edit_plans_of(user, plan.body):
        raise Http404("No such plan.")
    return plan


def _latest_note(field: str) -> Subquery:
    notes = TaskProgressNote.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-pk")
    return Subquery(notes.values(field)[:1])


def _tasks() -> QuerySet[PlanTask]:
    return (
        PlanTask.objects.select_related("owner", "owner__organization")
        .prefetch_related(Prefetch("report_to", queryset=governance_selectors.bodies_in_order()))
        .annotate(
            latest_note_text=_latest_note("text"),
            latest_note_at=_latest_note("created_at"),
        )
        .order_by("order", "due_on", "pk")
    )


def objectives_with_tasks(plan: CommitteePlan) -> list[PlanObjective]:
    """The plan's objectives in order, each with its goal and its tasks (owners, bodies reported
    to, latest progress note), in three queries."""
    return list(
        plan.objectives.select_related("goal")
        .prefetch_related(Prefetch("tasks", queryset=_tasks()))
        .order_by("order", "pk")
    )


def objectives_of(plan: CommitteePlan) -> list[PlanObjective]:
    return list(plan.objectives.order_by("order", "pk"))


def get_editable_objective_for(user: Any, pk: int) -> PlanObjective:
    objective = get_object_or_404(PlanObjective.objects.select_related("plan__body", "goal"), pk=pk)
    get_editable_plan_for(user, objective.plan_id)
    return objective


def _task_queryset() -> QuerySet[PlanTask]:
    return PlanTask.objects.select_related(
        "objective__plan__body", "objective__goal", "owner", "owner__organization"
    ).prefetch_related("report_to")


def get_task_for(user: Any, pk: int) -> PlanTask:
    task = get_object_or_404(_task_queryset(), pk=pk)
    get_plan_for(user, task.objective.plan_id)
    return task


def get_editable_task_for(user: Any, pk: int) -> PlanTask:
    task = get_task_for(user, pk)
    if not can_edit_plans_of(user, task.objective.plan.body):
        raise Http404("No such task.")
    return task


def get_reportable_task_for(user: Any, pk: int) -> PlanTask:
    """A task the user may report on: its owner, or an editor of its plan."""
    task = get_task_for(user, pk)
    if not can_report_on_task(user, task):
        raise Http404("No such task.")
    return task


def task_notes(task: PlanTask) -> QuerySet[TaskProgressNote]:
    return task.notes.select_related("author").order_by("-created_at", "-pk")


# --- Choices for the forms -----------------------------------------------------------------------


def committees_editable_by(user: Any) -> list[Body]:
    """Active committees whose plans the user may write."""
    committees = governance_selectors.active_committees_visible_to(user)
    return [body for body in committees if can_edit_plans_of(user, body)]


def bodies_to_report_to(include: Iterable[int] = ()) -> QuerySet[Body]:
    """Active bodies a task can report back to, plus those already chosen (`include`)."""
    return governance_selectors.active_bodies(include=include)


def default_report_to(committee: Body) -> list[Body]:
    """The general body and the executive board, which hear committees' reports; a closed
    committee's tasks report to the committee itself, since only its own agenda may show them."""
    if committee.is_closed:
        return [committee]
    return list(governance_selectors.active_bodies(kinds=DEFAULT_REPORT_TO_KINDS))


def charter_goals() -> list[Goal]:
    """The charter's goals an objective may serve (none before the charter is written)."""
    charter = governance_selectors.current_charter()
    return list(governance_selectors.goals_with_objectives(charter)) if charter else []


def task_owners(include: int | None = None) -> QuerySet[Person]:
    return directory_selectors.people_for_assignment(include=include).order_by(
        "last_name", "first_name"
    )


# --- Report-backs on agendas ---------------------------------------------------------------------


def report_backs_due(body: Body, on: datetime.date) -> QuerySet[PlanTask]:
    """Tasks of active plans due to report back to `body` by `on` that have not reported yet.

    No viewer is known here (an agenda is read by everyone who may see the meeting), so what a
    closed committee owes is never shown to another body: a closed committee's tasks are listed
    only when `body` is that committee itself. Open committees' report-backs are the task force's
    common business. One query.
    """
    plan = "objective__plan__"
    return (
        PlanTask.objects.filter(
            report_back_pending_q(),
            report_to=body,
            report_back_on__lte=on,
            **{f"{plan}status": PlanStatus.ACTIVE},
        )
        .filter(Q(**{f"{plan}body__is_closed": False}) | Q(**{f"{plan}body": body}))
        .select_related("owner", f"{plan}body")
        .order_by("report_back_on", "pk")
    )


# --- Dashboard -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanOverview:
    """The user's visible active plans at a glance, for the dashboard."""

    active_plans: int
    overdue_tasks: int
    report_backs_due: int  # not yet given, dated from today to the horizon
    report_backs_late: int  # not yet given, dated before today
    horizon_days: int = REPORT_BACK_HORIZON_DAYS


def plan_overview(user: Any, on: datetime.date | None = None) -> PlanOverview:
    """Counts across the active plans the user may see, in two queries."""
    today = _today(on)
    horizon = today + datetime.timedelta(days=REPORT_BACK_HORIZON_DAYS)
    active = CommitteePlan.objects.filter(plans_visible_q(user), status=PlanStatus.ACTIVE)
    pending = report_back_pending_q()
    counts = PlanTask.objects.filter(objective__plan__in=active).aggregate(
        overdue=Count("pk", filter=_overdue_q(today)),
        due=Count(
            "pk",
            filter=pending & Q(report_back_on__gte=today, report_back_on__lte=horizon),
        ),
        late=Count("pk", filter=pending & Q(report_back_on__lt=today)),
    )
    return PlanOverview(
        active_plans=active.count(),
        overdue_tasks=counts["overdue"],
        report_backs_due=counts["due"],
        report_backs_late=counts["late"],
    )
