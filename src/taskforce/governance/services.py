"""Every change to the charter, its goals and objectives, and the leadership roles.

Each function takes the acting user first, checks the coordinator rule, changes the data and
records the audit event in one transaction. `request` is optional so scripts (the demo builder,
management commands) can call them without an HTTP request. Invalid input raises
`ValidationError` with field errors that views attach to their forms.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.http import HttpRequest

from taskforce.core import audit
from taskforce.core.access import COORDINATOR
from taskforce.directory.models import MembershipStatus, MembershipType, Organization, Person
from taskforce.governance import selectors
from taskforce.governance.models import (
    Charter,
    Goal,
    LeadershipModel,
    LeadershipRole,
    LeadershipRoleAssignment,
    Objective,
)

CHARTER_FIELDS = (
    "name",
    "jurisdiction",
    "formed_on",
    "mission",
    "purpose",
    "vision",
    "leadership_model",
)
CHARTER_AUDIT_FIELDS = (*CHARTER_FIELDS, "leading_organizations")
GOAL_FIELDS = ("title", "description")
GOAL_AUDIT_FIELDS = (*GOAL_FIELDS, "order")
OBJECTIVE_FIELDS = ("description", "measure", "target_date", "owner", "status")
OBJECTIVE_AUDIT_FIELDS = ("goal", *OBJECTIVE_FIELDS, "order")
ASSIGNMENT_AUDIT_FIELDS = ("role", "person", "term_start", "term_end", "notes")

LEADING_ORGANIZATIONS_REQUIRED = (
    "Choose at least one leading organization: under the centralized model, decisions come only "
    "from them."
)

Direction = Literal["up", "down"]
Ordered = TypeVar("Ordered", Goal, Objective)


def _require_coordinator(actor: Any) -> None:
    if not COORDINATOR.allows(actor):
        raise PermissionDenied("Only coordinators and administrators may change the charter.")


def _assign_fields(instance: models.Model, data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        # A programming error, not user input: fail loudly rather than drop the values.
        raise TypeError(f"Unexpected fields for {type(instance).__name__}: {', '.join(unknown)}")
    for name, value in data.items():
        setattr(instance, name, value)


def _snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Values for the audit diff, choices as their labels so the history reads plainly."""
    fields = tuple(fields)
    values = audit.snapshot(instance, fields)
    for name in fields:
        field = instance._meta.get_field(name)
        labels = dict(getattr(field, "flatchoices", None) or [])
        if labels and not field.is_relation:
            values[name] = str(labels.get(values[name], values[name]))
    return values


def _filled(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value not in (None, "", [])}


def _created(instance: models.Model, fields: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The diff for a new row: every field that has a value, from nothing."""
    return audit.diff({}, _filled(_snapshot(instance, fields)))


def _deleted(instance: models.Model, fields: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The diff for a removed row: what it said, to nothing."""
    return audit.diff(_filled(_snapshot(instance, fields)), {})


def _goal_label(goal: Goal) -> str:
    return f"Goal: {goal.title}"


def _objective_label(objective: Objective) -> str:
    return f"Objective: {objective}"


def _assignment_label(assignment: LeadershipRoleAssignment) -> str:
    return f"{assignment.get_role_display()}: {assignment.person}"


# --- Charter -------------------------------------------------------------------------------------


def save_charter(
    actor: Any, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Charter:
    """Write the charter, creating it the first time.

    `data` holds any of the charter fields and `leading_organizations` (organizations). Leading
    organizations are kept only under the centralized model, where at least one is required; a
    newly added one must be an active member.
    """
    _require_coordinator(actor)
    fields = dict(data)
    leading = fields.pop("leading_organizations", None)
    with transaction.atomic():
        charter = Charter.objects.select_for_update().first()
        created = charter is None
        if charter is None:
            charter = Charter()
            before: dict[str, Any] = {}
            current_leading: list[Organization] = []
        else:
            before = _snapshot(charter, CHARTER_AUDIT_FIELDS)
            current_leading = list(charter.leading_organizations.all())
        _assign_fields(charter, fields, CHARTER_FIELDS)
        charter.full_clean()
        new_leading = _leading_organizations(
            charter, current_leading if leading is None else list(leading), current_leading
        )
        charter.save()
        charter.leading_organizations.set(new_leading)
        after = _snapshot(charter, CHARTER_AUDIT_FIELDS)
        changes = audit.diff(before, _filled(after) if created else after)
        if created or changes:
            audit.record(
                actor,
                "governance.charter.created" if created else "governance.charter.updated",
                charter,
                changes=changes,
                request=request,
            )
    return charter


def _leading_organizations(
    charter: Charter, chosen: list[Organization], current: list[Organization]
) -> list[Organization]:
    if charter.leadership_model != LeadershipModel.CENTRALIZED:
        # Under the decentralized model every voting member decides; no organization leads.
        return []
    if not chosen:
        raise ValidationError({"leading_organizations": LEADING_ORGANIZATIONS_REQUIRED})
    current_ids = {org.pk for org in current}
    not_members = [
        org.name
        for org in chosen
        if org.pk not in current_ids and org.membership_status != MembershipStatus.ACTIVE
    ]
    if not_members:
        raise ValidationError(
            {
                "leading_organizations": (
                    "Only active member organizations can lead the task force: "
                    + ", ".join(sorted(not_members))
                    + "."
                )
            }
        )
    return chosen


def _require_charter() -> Charter:
    charter = Charter.objects.first()
    if charter is None:
        raise ValidationError("Write the charter before adding goals to it.")
    return charter


# --- Ordering shared by goals and objectives -----------------------------------------------------


def _next_order(siblings: models.QuerySet[Any]) -> int:
    highest = siblings.aggregate(highest=Max("order"))["highest"]
    return 1 if highest is None else highest + 1


def _move(
    actor: Any,
    item: Ordered,
    siblings: models.QuerySet[Ordered],
    direction: Direction,
    action: str,
    label: str,
    request: HttpRequest | None,
) -> Ordered:
    """Swap an item with its neighbour; orders are renumbered 1..n so gaps and ties vanish."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    rows = list(siblings.select_for_update().order_by("order", "pk"))
    index = next((i for i, row in enumerate(rows) if row.pk == item.pk), None)
    if index is None:
        raise ValueError("The item is not among its siblings.")
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(rows):
        return item
    old_order = rows[index].order
    rows[index], rows[target] = rows[target], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.order != position:
            row.order = position
            row.save(update_fields=["order", "updated_at"])
    moved = rows[target]
    audit.record(
        actor,
        action,
        moved,
        changes={"order": {"from": old_order, "to": moved.order}},
        request=request,
        target_label=label,
    )
    item.order = moved.order
    return item


# --- Goals ---------------------------------------------------------------------------------------


def create_goal(actor: Any, data: Mapping[str, Any], *, request: HttpRequest | None = None) -> Goal:
    _require_coordinator(actor)
    with transaction.atomic():
        charter = _require_charter()
        goal = Goal(charter=charter)
        _assign_fields(goal, data, GOAL_FIELDS)
        goal.order = _next_order(charter.goals.all())
        goal.full_clean()
        goal.save()
        audit.record(
            actor,
            "governance.goal.created",
            goal,
            changes=_created(goal, GOAL_AUDIT_FIELDS),
            request=request,
            target_label=_goal_label(goal),
        )
    return goal


def update_goal(
    actor: Any, goal: Goal, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Goal:
    _require_coordinator(actor)
    with transaction.atomic():
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        before = _snapshot(goal, GOAL_AUDIT_FIELDS)
        _assign_fields(goal, data, GOAL_FIELDS)
        goal.full_clean()
        changes = audit.diff(before, _snapshot(goal, GOAL_AUDIT_FIELDS))
        if changes:
            goal.save()
            audit.record(
                actor,
                "governance.goal.updated",
                goal,
                changes=changes,
                request=request,
                target_label=_goal_label(goal),
            )
    return goal


def delete_goal(actor: Any, goal: Goal, *, request: HttpRequest | None = None) -> None:
    """Remove a goal that has no objectives (see `selectors.why_goal_cannot_be_deleted`)."""
    _require_coordinator(actor)
    with transaction.atomic():
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        blocker = selectors.why_goal_cannot_be_deleted(goal)
        if blocker:
            raise ValidationError(blocker)
        audit.record(
            actor,
            "governance.goal.deleted",
            goal,
            changes=_deleted(goal, GOAL_AUDIT_FIELDS),
            request=request,
            target_label=_goal_label(goal),
        )
        goal.delete()


def move_goal(
    actor: Any, goal: Goal, direction: Direction, *, request: HttpRequest | None = None
) -> Goal:
    _require_coordinator(actor)
    with transaction.atomic():
        return _move(
            actor,
            goal,
            Goal.objects.filter(charter_id=goal.charter_id),
            direction,
            "governance.goal.moved",
            _goal_label(goal),
            request,
        )


# --- Objectives ----------------------------------------------------------------------------------


def _check_person_eligible(field: str, person: Person | None, previous: Person | None) -> None:
    """A newly named owner or leader must be an active member, not a visitor.

    Someone already named who has since left may stay on the record they are named on.
    """
    if person is None or person == previous:
        return
    if not person.is_active:
        raise ValidationError({field: f"{person} is no longer active in the directory."})
    if person.membership_type == MembershipType.VISITOR:
        raise ValidationError({field: f"{person} is a visitor, not a member of the task force."})


def create_objective(
    actor: Any, goal: Goal, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Objective:
    _require_coordinator(actor)
    with transaction.atomic():
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        objective = Objective(goal=goal)
        _assign_fields(objective, data, OBJECTIVE_FIELDS)
        objective.order = _next_order(goal.objectives.all())
        _check_person_eligible("owner", objective.owner, None)
        objective.full_clean()
        objective.save()
        audit.record(
            actor,
            "governance.objective.created",
            objective,
            changes=_created(objective, OBJECTIVE_AUDIT_FIELDS),
            request=request,
            target_label=_objective_label(objective),
        )
    return objective


def update_objective(
    actor: Any,
    objective: Objective,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Objective:
    """Change an objective; moving it to another goal puts it last there."""
    _require_coordinator(actor)
    with transaction.atomic():
        objective = (
            Objective.objects.select_for_update().select_related("goal").get(pk=objective.pk)
        )
        before = _snapshot(objective, OBJECTIVE_AUDIT_FIELDS)
        previous_goal_id, previous_owner = objective.goal_id, objective.owner
        _assign_fields(objective, data, ("goal", *OBJECTIVE_FIELDS))
        if objective.goal_id != previous_goal_id:
            objective.order = _next_order(objective.goal.objectives.all())
        _check_person_eligible("owner", objective.owner, previous_owner)
        objective.full_clean()
        changes = audit.diff(before, _snapshot(objective, OBJECTIVE_AUDIT_FIELDS))
        if changes:
            objective.save()
            audit.record(
                actor,
                "governance.objective.updated",
                objective,
                changes=changes,
                request=request,
                target_label=_objective_label(objective),
            )
    return objective


def delete_objective(
    actor: Any, objective: Objective, *, request: HttpRequest | None = None
) -> None:
    """Remove an objective entered by mistake. One that was pursued should be marked dropped."""
    _require_coordinator(actor)
    with transaction.atomic():
        objective = Objective.objects.select_for_update().get(pk=objective.pk)
        audit.record(
            actor,
            "governance.objective.deleted",
            objective,
            changes=_deleted(objective, OBJECTIVE_AUDIT_FIELDS),
            request=request,
            target_label=_objective_label(objective),
        )
        objective.delete()


def move_objective(
    actor: Any, objective: Objective, direction: Direction, *, request: HttpRequest | None = None
) -> Objective:
    _require_coordinator(actor)
    with transaction.atomic():
        return _move(
            actor,
            objective,
            Objective.objects.filter(goal_id=objective.goal_id),
            direction,
            "governance.objective.moved",
            _objective_label(objective),
            request,
        )


# --- Leadership roles ----------------------------------------------------------------------------


def _end_assignment(
    actor: Any,
    assignment: LeadershipRoleAssignment,
    term_end: datetime.date,
    request: HttpRequest | None,
    extra: Mapping[str, Any] | None = None,
) -> None:
    before = _snapshot(assignment, ASSIGNMENT_AUDIT_FIELDS)
    assignment.term_end = term_end
    assignment.full_clean()
    assignment.save(update_fields=["term_end", "updated_at"])
    changes = audit.diff(before, _snapshot(assignment, ASSIGNMENT_AUDIT_FIELDS))
    audit.record(
        actor,
        "governance.leadership.term_ended",
        assignment,
        changes={**changes, **(extra or {})},
        request=request,
        target_label=_assignment_label(assignment),
    )


def assign_leadership_role(
    actor: Any,
    role: str,
    person: Person,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    notes: str = "",
    *,
    request: HttpRequest | None = None,
) -> LeadershipRoleAssignment:
    """Give a role to a person for a term.

    The holder whose term runs into the new one has it ended the day before the new term starts,
    so the role passes from hand to hand with its history kept. A term that starts on or after the
    new one cannot be cut that way and must be ended or corrected first.
    """
    _require_coordinator(actor)
    if role not in LeadershipRole.values:
        raise ValidationError({"role": "Choose one of the four leadership roles."})
    _check_person_eligible("person", person, None)
    assignment = LeadershipRoleAssignment(
        role=role, person=person, term_start=term_start, term_end=term_end, notes=notes
    )
    # The one-open-term constraint is checked after the current holder's term is ended below.
    assignment.full_clean(validate_constraints=False)
    with transaction.atomic():
        overlapping = list(
            LeadershipRoleAssignment.objects.select_for_update()
            .filter(role=role)
            .overlapping(term_start, term_end)
            .select_related("person")
            .order_by("term_start")
        )
        later = [held for held in overlapping if held.term_start >= term_start]
        if later:
            held = later[0]
            raise ValidationError(
                {
                    "term_start": (
                        f"{held.person} holds this role from {held.term_start:%Y-%m-%d}, and the "
                        "new term would overlap theirs. Choose dates that do not overlap, or end "
                        "or correct that term first."
                    )
                }
            )
        for held in overlapping:
            _end_assignment(
                actor,
                held,
                term_start - datetime.timedelta(days=1),
                request,
                extra={"handed_over_to": str(person)},
            )
        assignment.full_clean()
        assignment.save()
        audit.record(
            actor,
            "governance.leadership.assigned",
            assignment,
            changes=_created(assignment, ASSIGNMENT_AUDIT_FIELDS),
            request=request,
            target_label=_assignment_label(assignment),
        )
    return assignment


def end_term(
    actor: Any,
    assignment: LeadershipRoleAssignment,
    term_end: datetime.date,
    *,
    request: HttpRequest | None = None,
) -> LeadershipRoleAssignment:
    """Set the last day of a term (today, a past day, or a planned end)."""
    _require_coordinator(actor)
    with transaction.atomic():
        assignment = (
            LeadershipRoleAssignment.objects.select_for_update()
            .select_related("person")
            .get(pk=assignment.pk)
        )
        if term_end < assignment.term_start:
            raise ValidationError(
                {
                    "term_end": (
                        f"The term started on {assignment.term_start:%Y-%m-%d}; "
                        "it cannot end before that."
                    )
                }
            )
        clash = (
            LeadershipRoleAssignment.objects.filter(role=assignment.role)
            .exclude(pk=assignment.pk)
            .overlapping(assignment.term_start, term_end)
            .select_related("person")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "term_end": (
                        f"{clash.person} holds this role from {clash.term_start:%Y-%m-%d}; "
                        "the terms would overlap."
                    )
                }
            )
        if assignment.term_end != term_end:
            _end_assignment(actor, assignment, term_end, request)
    return assignment
