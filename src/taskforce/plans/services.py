"""Every change to committee plans, their objectives and tasks, and the reports on them.

Each function takes the acting user first, checks who may act (see `plans.permissions`), validates,
changes the data and records the audit event in one transaction. Invalid input raises
`ValidationError` with field errors that views attach to their forms. A completed plan keeps the
shape it had: reopen it to change its objectives or tasks. Reports on a task (status, progress
notes, the report-back) stay possible, since a final report often comes after the year closes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from taskforce.core import audit
from taskforce.core.services_support import (
    Direction,
    assign_fields,
    created_changes,
    delete_recorded,
    next_order,
    swap_with_neighbour,
    update_recorded,
)
from taskforce.directory.models import Person
from taskforce.directory.selectors import people_for_assignment
from taskforce.governance import selectors as governance_selectors
from taskforce.governance.handover import reassign_owned
from taskforce.governance.models import Body
from taskforce.plans.models import (
    CLOSED_TASK_STATUSES,
    CommitteePlan,
    PlanObjective,
    PlanStatus,
    PlanTask,
    TaskProgressNote,
    TaskStatus,
)
from taskforce.plans.permissions import can_edit_plans_of, can_report_on_task

PLAN_FIELDS = ("title", "period_start", "period_end", "summary")
PLAN_AUDIT_FIELDS = ("body", *PLAN_FIELDS, "status")
OBJECTIVE_FIELDS = ("description", "goal")
OBJECTIVE_AUDIT_FIELDS = (*OBJECTIVE_FIELDS, "order")
TASK_FIELDS = ("title", "owner", "due_on", "report_back_on", "report_to")
TASK_AUDIT_FIELDS = ("objective", *TASK_FIELDS, "status")

EDITORS_ONLY = "Only the committee's officers and coordinators may change its plan."
REPORTERS_ONLY = "Only the task's owner and the committee's plan editors may report on this task."
COMPLETED_IS_KEPT = "This plan is completed and kept as it was. Reopen it to change it."

# --- Shared checks and helpers -------------------------------------------------------------------


def _require_editor(actor: Any, body: Body) -> None:
    if not can_edit_plans_of(actor, body):
        raise PermissionDenied(EDITORS_ONLY)


def _require_open(plan: CommitteePlan) -> None:
    if plan.status == PlanStatus.COMPLETED:
        raise ValidationError(COMPLETED_IS_KEPT)


def _validate(instance: models.Model, errors: dict[str, list[str]]) -> None:
    """Run the model's own checks and raise them together with the service's, by field."""
    try:
        # Constraints are checked by the services with friendlier words (and by the database).
        instance.full_clean(validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _objective_label(objective: PlanObjective) -> str:
    return f"Objective: {objective}"


def _task_label(task: PlanTask) -> str:
    return f"Task: {task.title}"


def _locked_plan(plan: CommitteePlan) -> CommitteePlan:
    return (
        CommitteePlan.objects.select_for_update(of=("self",)).select_related("body").get(pk=plan.pk)
    )


def _locked_task(task: PlanTask) -> PlanTask:
    return (
        PlanTask.objects.select_for_update(of=("self",))
        .select_related("objective__plan__body", "owner")
        .get(pk=task.pk)
    )


# --- Plans ---------------------------------------------------------------------------------------


def _plan_errors(plan: CommitteePlan) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not plan.body.is_committee:
        errors["body"] = [
            "Only committees write one-year plans: choose a standing or ad hoc committee."
        ]
    if plan.period_start:
        clash = (
            CommitteePlan.objects.filter(body=plan.body, period_start=plan.period_start)
            .exclude(pk=plan.pk)
            .exists()
        )
        if clash:
            errors["period_start"] = [
                f"{plan.body} already has a plan starting on {plan.period_start:%Y-%m-%d}."
            ]
        elif plan.pk is not None:
            early = PlanTask.objects.filter(
                objective__plan=plan, due_on__lt=plan.period_start
            ).count()
            if early:
                errors["period_start"] = [
                    f"{early} task{'s are' if early != 1 else ' is'} due before this date. "
                    "Change their due dates first, or start the plan earlier."
                ]
    return errors


def create_plan(
    actor: Any, body: Body, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> CommitteePlan:
    """Start a committee's one-year plan, as a draft. `data` holds the PLAN_FIELDS."""
    _require_editor(actor, body)
    with transaction.atomic():
        if not body.is_active:
            raise ValidationError({"body": f"{body} is no longer active."})
        plan = CommitteePlan(body=body)
        assign_fields(plan, data, PLAN_FIELDS)
        _validate(plan, _plan_errors(plan))
        plan.save()
        audit.record(
            actor,
            "plans.plan.created",
            plan,
            changes=created_changes(plan, PLAN_AUDIT_FIELDS),
            request=request,
        )
    return plan


def update_plan(
    actor: Any, plan: CommitteePlan, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> CommitteePlan:
    _require_editor(actor, plan.body)
    with transaction.atomic():
        plan = _locked_plan(plan)
        _require_open(plan)
        update_recorded(
            actor,
            plan,
            data,
            fields=PLAN_FIELDS,
            audit_fields=PLAN_AUDIT_FIELDS,
            action="plans.plan.updated",
            validate=lambda: _validate(plan, _plan_errors(plan)),
            request=request,
        )
    return plan


def _change_plan_status(
    actor: Any,
    plan: CommitteePlan,
    status: PlanStatus,
    allowed_from: frozenset[str],
    action: str,
    request: HttpRequest | None,
) -> CommitteePlan:
    _require_editor(actor, plan.body)
    with transaction.atomic():
        plan = _locked_plan(plan)
        if plan.status == status:
            return plan
        if plan.status not in allowed_from:
            raise ValidationError(
                f"A {plan.get_status_display().lower()} plan cannot be marked "
                f"{status.label.lower()}."
            )
        if status == PlanStatus.ACTIVE and not plan.objectives.exists():
            raise ValidationError("Add at least one objective before activating the plan.")
        before = plan.status
        plan.status = status
        plan.save(update_fields=["status", "updated_at"])
        audit.record(
            actor,
            action,
            plan,
            changes={"status": {"from": before, "to": plan.status}},
            request=request,
        )
    return plan


def activate_plan(
    actor: Any, plan: CommitteePlan, *, request: HttpRequest | None = None
) -> CommitteePlan:
    """Put a draft plan to work (or reopen a completed one): its report-backs reach agendas."""
    return _change_plan_status(
        actor,
        plan,
        PlanStatus.ACTIVE,
        frozenset({PlanStatus.DRAFT, PlanStatus.COMPLETED}),
        "plans.plan.activated",
        request,
    )


def complete_plan(
    actor: Any, plan: CommitteePlan, *, request: HttpRequest | None = None
) -> CommitteePlan:
    """Close the plan's year: it is kept as it was and no longer puts report-backs on agendas."""
    return _change_plan_status(
        actor,
        plan,
        PlanStatus.COMPLETED,
        frozenset({PlanStatus.ACTIVE}),
        "plans.plan.completed",
        request,
    )


# --- Objectives ----------------------------------------------------------------------------------


def create_objective(
    actor: Any, plan: CommitteePlan, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> PlanObjective:
    """Add an objective at the end of the plan. `data`: description, goal (or None)."""
    _require_editor(actor, plan.body)
    with transaction.atomic():
        plan = _locked_plan(plan)
        _require_open(plan)
        objective = PlanObjective(plan=plan)
        assign_fields(objective, data, OBJECTIVE_FIELDS)
        objective.order = next_order(plan.objectives.all())
        _validate(objective, {})
        objective.save()
        audit.record(
            actor,
            "plans.objective.created",
            objective,
            changes=created_changes(objective, OBJECTIVE_AUDIT_FIELDS),
            request=request,
            target_label=_objective_label(objective),
        )
    return objective


def _locked_objective(objective: PlanObjective) -> PlanObjective:
    return (
        PlanObjective.objects.select_for_update(of=("self",))
        .select_related("plan__body", "goal")
        .get(pk=objective.pk)
    )


def update_objective(
    actor: Any,
    objective: PlanObjective,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> PlanObjective:
    _require_editor(actor, objective.plan.body)
    with transaction.atomic():
        objective = _locked_objective(objective)
        _require_open(objective.plan)
        update_recorded(
            actor,
            objective,
            data,
            fields=OBJECTIVE_FIELDS,
            audit_fields=OBJECTIVE_AUDIT_FIELDS,
            action="plans.objective.updated",
            validate=lambda: _validate(objective, {}),
            label=lambda: _objective_label(objective),
            request=request,
        )
    return objective


def move_objective(
    actor: Any,
    objective: PlanObjective,
    direction: Direction,
    *,
    request: HttpRequest | None = None,
) -> PlanObjective:
    """Swap an objective with its neighbour; orders are renumbered 1..n so gaps and ties vanish."""
    _require_editor(actor, objective.plan.body)
    with transaction.atomic():
        plan = _locked_plan(objective.plan)
        _require_open(plan)
        rows = list(plan.objectives.select_for_update(of=("self",)).order_by("order", "pk"))
        index = next(i for i, row in enumerate(rows) if row.pk == objective.pk)
        old_order = rows[index].order
        moved = swap_with_neighbour(rows, index, direction)
        if moved is None:
            return objective
        audit.record(
            actor,
            "plans.objective.moved",
            moved,
            changes={"order": {"from": old_order, "to": moved.order}},
            request=request,
            target_label=_objective_label(moved),
        )
    return moved


def why_objective_cannot_be_removed(objective: PlanObjective) -> str:
    """Empty when the objective may be removed; otherwise the reason, in words for the page."""
    if objective.plan.status == PlanStatus.COMPLETED:
        return COMPLETED_IS_KEPT
    count = objective.tasks.count()
    if count:
        return (
            f"This objective still has {count} task{'s' if count != 1 else ''}. Move them to "
            "another objective, or keep the objective and mark its tasks dropped."
        )
    return ""


def remove_objective(
    actor: Any, objective: PlanObjective, *, request: HttpRequest | None = None
) -> None:
    """Remove an objective that has no tasks (one entered by mistake)."""
    _require_editor(actor, objective.plan.body)
    with transaction.atomic():
        objective = _locked_objective(objective)
        blocker = why_objective_cannot_be_removed(objective)
        if blocker:
            raise ValidationError(blocker)
        delete_recorded(
            actor,
            objective,
            "plans.objective.removed",
            OBJECTIVE_AUDIT_FIELDS,
            label=_objective_label(objective),
            request=request,
        )


# --- Tasks ---------------------------------------------------------------------------------------


def owner_problem(owner: Person, body: Body, previous: Person | None = None) -> str:
    """Why a person cannot newly own a task of the committee's plan; empty when they can.

    Owners are active members of the task force (not visitors). A closed committee's tasks go
    only to its own members, who are the only ones able to see them. Someone already named keeps
    the task after leaving, until it is handed over.
    """
    if previous is not None and owner.pk == previous.pk:
        return ""
    if not people_for_assignment().filter(pk=owner.pk).exists():
        return f"{owner} is not an active member of the task force."
    if body.is_closed and not governance_selectors.is_seated(owner, body):
        return f"{body} is closed: its tasks can only be given to its members."
    return ""


def _task_errors(
    task: PlanTask,
    report_to: list[Body],
    previous_report_to: set[int],
    previous_owner: Person | None,
) -> dict[str, list[str]]:
    plan = task.objective.plan
    errors: dict[str, list[str]] = {}
    starts = f"{plan.period_start:%Y-%m-%d}"
    if task.due_on and task.due_on < plan.period_start:
        errors["due_on"] = [f"The plan starts on {starts}; a task cannot be due before that."]
    if task.report_back_on and task.report_back_on < plan.period_start:
        errors["report_back_on"] = [
            f"The plan starts on {starts}; the report-back cannot come before that."
        ]
    if task.report_back_on and not report_to:
        errors["report_to"] = [
            "Choose the bodies that hear the report-back, or clear the report-back date."
        ]
    # A body dissolved after it was chosen may stay; it cannot be newly chosen.
    inactive = [b.name for b in report_to if not b.is_active and b.pk not in previous_report_to]
    if inactive:
        errors.setdefault("report_to", []).append(
            f"No longer active, so it cannot hear reports: {', '.join(sorted(inactive))}."
        )
    if task.owner is not None:
        problem = owner_problem(task.owner, plan.body, previous_owner)
        if problem:
            errors["owner"] = [problem]
    return errors


def create_task(
    actor: Any,
    objective: PlanObjective,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> PlanTask:
    """Add a task under an objective. `data` holds the TASK_FIELDS (report_to: bodies)."""
    _require_editor(actor, objective.plan.body)
    fields = dict(data)
    report_to = list(fields.pop("report_to", []))
    with transaction.atomic():
        objective = _locked_objective(objective)
        _require_open(objective.plan)
        task = PlanTask(objective=objective)
        assign_fields(task, fields, TASK_FIELDS)
        task.order = next_order(objective.tasks.all())
        _validate(task, _task_errors(task, report_to, set(), None))
        task.save()
        task.report_to.set(report_to)
        audit.record(
            actor,
            "plans.task.created",
            task,
            changes=created_changes(task, TASK_AUDIT_FIELDS),
            request=request,
            target_label=_task_label(task),
        )
    return task


def update_task(
    actor: Any, task: PlanTask, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> PlanTask:
    """Change a task. `data` holds any of the TASK_FIELDS, and `objective` to move it within the
    plan (it goes last there)."""
    _require_editor(actor, task.objective.plan.body)
    fields = dict(data)
    report_to = fields.pop("report_to", None)
    with transaction.atomic():
        task = _locked_task(task)
        plan = task.objective.plan
        _require_open(plan)
        before = audit.snapshot(task, TASK_AUDIT_FIELDS)
        previous_report_to = {body.pk for body in task.report_to.all()}
        previous_owner, previous_objective_id = task.owner, task.objective_id
        assign_fields(task, fields, ("objective", *TASK_FIELDS))
        if task.objective.plan_id != plan.pk:
            raise ValidationError({"objective": "Choose one of this plan's objectives."})
        if task.objective_id != previous_objective_id:
            task.order = next_order(task.objective.tasks.all())
        chosen = list(task.report_to.all()) if report_to is None else list(report_to)
        _validate(task, _task_errors(task, chosen, previous_report_to, previous_owner))
        task.save()
        task.report_to.set(chosen)
        changes = audit.diff(before, audit.snapshot(task, TASK_AUDIT_FIELDS))
        if changes:
            audit.record(
                actor,
                "plans.task.updated",
                task,
                changes=changes,
                request=request,
                target_label=_task_label(task),
            )
    return task


def _require_reporter(actor: Any, task: PlanTask) -> None:
    if not can_report_on_task(actor, task):
        raise PermissionDenied(REPORTERS_ONLY)


def change_task_status(
    actor: Any, task: PlanTask, status: str, *, request: HttpRequest | None = None
) -> PlanTask:
    _require_reporter(actor, task)
    if status not in TaskStatus.values:
        raise ValidationError({"status": "Choose one of the listed statuses."})
    with transaction.atomic():
        task = _locked_task(task)
        if task.status == status:
            return task
        before = task.status
        task.status = status
        task.save(update_fields=["status", "updated_at"])
        audit.record(
            actor,
            "plans.task.status_changed",
            task,
            changes={"status": {"from": before, "to": status}},
            request=request,
            target_label=_task_label(task),
        )
    return task


NOTE_MAX_LENGTH = 4000


def _note(actor: Any, task: PlanTask, text: str, *, is_report_back: bool) -> TaskProgressNote:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write what has happened since the last note."})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"text": f"Keep the note under {NOTE_MAX_LENGTH} characters ({len(text)} now)."}
        )
    note = TaskProgressNote.objects.create(
        task=task,
        text=text,
        is_report_back=is_report_back,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return note


def add_progress_note(
    actor: Any, task: PlanTask, text: str, *, request: HttpRequest | None = None
) -> TaskProgressNote:
    _require_reporter(actor, task)
    with transaction.atomic():
        task = _locked_task(task)
        note = _note(actor, task, text, is_report_back=False)
        audit.record(
            actor,
            "plans.task.note_added",
            task,
            changes={"note": {"from": None, "to": note.text}},
            request=request,
            target_label=_task_label(task),
        )
    return note


def record_report_back(
    actor: Any,
    task: PlanTask,
    text: str,
    reported_on: datetime.date | None = None,
    *,
    request: HttpRequest | None = None,
) -> TaskProgressNote:
    """Record the report given to the bodies: a progress note marked as the report-back, and the
    day it was given, which takes the task off those bodies' agendas until its next report-back
    date."""
    _require_reporter(actor, task)
    today = timezone.localdate()
    day = reported_on or today
    if day > today:
        raise ValidationError({"reported_on": "A report-back is recorded once it has been given."})
    with transaction.atomic():
        task = _locked_task(task)
        if task.report_back_on is not None and day < task.report_back_on:
            raise ValidationError(
                {
                    "reported_on": (
                        f"The report-back is due on {task.report_back_on:%Y-%m-%d}. Record earlier "
                        "news as a progress note, or bring the report-back date forward."
                    )
                }
            )
        note = _note(actor, task, text, is_report_back=True)
        before = task.last_reported_on
        if before is None or day > before:
            task.last_reported_on = day
            task.save(update_fields=["last_reported_on", "updated_at"])
        audit.record(
            actor,
            "plans.task.reported_back",
            task,
            changes={
                "note": {"from": None, "to": note.text},
                **audit.diff(
                    {"last_reported_on": before}, {"last_reported_on": task.last_reported_on}
                ),
            },
            request=request,
            target_label=_task_label(task),
        )
    return note


def reassign_open_tasks(
    actor: Any,
    task_ids: Iterable[int],
    outgoing: Person,
    incoming: Person,
    *,
    request: HttpRequest | None = None,
) -> int:
    """Give the outgoing person's open tasks among `task_ids` to the incoming person; return how
    many moved.

    Part of a handover: the governance handover decides who may hand over, checks the people and
    runs this inside its own transaction. Every chosen task must still be open and held by the
    outgoing person, or the whole handover is abandoned so its record stays true. The incoming
    person must be able to own each task: a closed committee's tasks go only to its members.
    """
    chosen = PlanTask.objects.filter(pk__in=list(task_ids)).select_related("objective__plan__body")
    for body in {task.objective.plan.body for task in chosen}:
        problem = owner_problem(incoming, body)
        if problem:
            raise ValidationError(problem)
    return reassign_owned(
        actor,
        PlanTask.objects.exclude(status__in=CLOSED_TASK_STATUSES),
        list(task_ids),
        "owner",
        outgoing,
        incoming,
        action="plans.task.reassigned",
        label=_task_label,
        no_longer_held=(
            f"Some of the chosen plan tasks are no longer open tasks of {outgoing}. "
            "Reload the handover and choose again."
        ),
        request=request,
    )
