"""Every change to the charter, its goals and objectives, the leadership roles, the bodies with
their seats and composition, and handovers.

Each function takes the acting user first, checks the coordinator rule, changes the data and
records the audit event in one transaction. `request` is optional so scripts (the demo builder,
management commands) can call them without an HTTP request. Invalid input raises
`ValidationError` with field errors that views attach to their forms.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from taskforce.core import audit
from taskforce.core.access import COORDINATOR
from taskforce.core.services_support import (
    Direction,
    assign_fields,
    created_changes,
    delete_recorded,
    filled,
    next_order,
    snapshot,
    swap_with_neighbour,
    update_recorded,
)
from taskforce.directory.models import MembershipStatus, MembershipType, Organization, Person
from taskforce.governance import selectors
from taskforce.governance.handover import HandoverItem, RecordHandover, handover_providers
from taskforce.governance.models import (
    CLOSED_OBJECTIVE_STATUSES,
    OFFICER_POSITIONS,
    Body,
    BodyMembership,
    Charter,
    CompositionRequirement,
    CompositionSource,
    Goal,
    Handover,
    LeadershipModel,
    LeadershipRole,
    LeadershipRoleAssignment,
    Objective,
    OrganizationSeat,
    Position,
)
from taskforce.governance.permissions import can_manage_bodies, forget_seats

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

Ordered = TypeVar("Ordered", Goal, Objective)


def _require_coordinator(actor: Any) -> None:
    if not COORDINATOR.allows(actor):
        raise PermissionDenied("Only coordinators and administrators may change the charter.")


def _snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    # The governance history shows choices (positions, statuses) as their labels.
    return snapshot(instance, fields, choice_labels=True)


def _created(instance: models.Model, fields: Iterable[str]) -> dict[str, dict[str, Any]]:
    return created_changes(instance, fields, choice_labels=True)


def _delete(
    actor: Any,
    instance: models.Model,
    action: str,
    fields: Iterable[str],
    label: str,
    request: HttpRequest | None,
) -> None:
    delete_recorded(
        actor, instance, action, fields, label=label, request=request, choice_labels=True
    )


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
        charter = Charter.objects.select_for_update(of=("self",)).first()
        created = charter is None
        if charter is None:
            charter = Charter()
            before: dict[str, Any] = {}
            current_leading: list[Organization] = []
        else:
            before = _snapshot(charter, CHARTER_AUDIT_FIELDS)
            current_leading = list(charter.leading_organizations.all())
        assign_fields(charter, fields, CHARTER_FIELDS)
        charter.full_clean()
        new_leading = _leading_organizations(
            charter, current_leading if leading is None else list(leading), current_leading
        )
        charter.save()
        charter.leading_organizations.set(new_leading)
        after = _snapshot(charter, CHARTER_AUDIT_FIELDS)
        changes = audit.diff(before, filled(after) if created else after)
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


def _move(
    actor: Any,
    item: Ordered,
    siblings: models.QuerySet[Ordered],
    direction: Direction,
    action: str,
    label: str,
    request: HttpRequest | None,
) -> Ordered:
    """Swap an item with its neighbour among its siblings, audited."""
    rows = list(siblings.select_for_update(of=("self",)).order_by("order", "pk"))
    index = next((i for i, row in enumerate(rows) if row.pk == item.pk), None)
    if index is None:
        raise ValueError("The item is not among its siblings.")
    old_order = rows[index].order
    moved = swap_with_neighbour(rows, index, direction)
    if moved is None:
        return item
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
        assign_fields(goal, data, GOAL_FIELDS)
        goal.order = next_order(charter.goals.all())
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
        goal = Goal.objects.select_for_update(of=("self",)).get(pk=goal.pk)
        update_recorded(
            actor,
            goal,
            data,
            fields=GOAL_FIELDS,
            audit_fields=GOAL_AUDIT_FIELDS,
            action="governance.goal.updated",
            validate=goal.full_clean,
            label=lambda: _goal_label(goal),
            request=request,
            choice_labels=True,
        )
    return goal


def delete_goal(actor: Any, goal: Goal, *, request: HttpRequest | None = None) -> None:
    """Remove a goal that has no objectives (see `selectors.why_goal_cannot_be_deleted`)."""
    _require_coordinator(actor)
    with transaction.atomic():
        goal = Goal.objects.select_for_update(of=("self",)).get(pk=goal.pk)
        blocker = selectors.why_goal_cannot_be_deleted(goal)
        if blocker:
            raise ValidationError(blocker)
        _delete(
            actor,
            goal,
            "governance.goal.deleted",
            GOAL_AUDIT_FIELDS,
            _goal_label(goal),
            request,
        )


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
        goal = Goal.objects.select_for_update(of=("self",)).get(pk=goal.pk)
        objective = Objective(goal=goal)
        assign_fields(objective, data, OBJECTIVE_FIELDS)
        objective.order = next_order(goal.objectives.all())
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
            Objective.objects.select_for_update(of=("self",))
            .select_related("goal")
            .get(pk=objective.pk)
        )
        before = _snapshot(objective, OBJECTIVE_AUDIT_FIELDS)
        previous_goal_id, previous_owner = objective.goal_id, objective.owner
        assign_fields(objective, data, ("goal", *OBJECTIVE_FIELDS))
        if objective.goal_id != previous_goal_id:
            objective.order = next_order(objective.goal.objectives.all())
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
        objective = Objective.objects.select_for_update(of=("self",)).get(pk=objective.pk)
        _delete(
            actor,
            objective,
            "governance.objective.deleted",
            OBJECTIVE_AUDIT_FIELDS,
            _objective_label(objective),
            request,
        )


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
            LeadershipRoleAssignment.objects.select_for_update(of=("self",))
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
            LeadershipRoleAssignment.objects.select_for_update(of=("self",))
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


# --- Bodies --------------------------------------------------------------------------------------

BODY_FIELDS = (
    "name",
    "kind",
    "charge",
    "is_closed",
    "vote_unit",
    "agenda_solicitation_days",
    "agenda_circulation_days",
    "new_member_meetings_required",
    "new_member_window_months",
    "minimum_attendance_percent",
    "attendance_window_months",
    "order",
)
BODY_AUDIT_FIELDS = (*BODY_FIELDS, "is_active", "dissolved_on")
SEAT_AUDIT_FIELDS = ("body", "person", "position", "term_start", "term_end", "notes")
ORGANIZATION_SEAT_AUDIT_FIELDS = ("body", "organization", "delegate", "alternate")
REQUIREMENT_AUDIT_FIELDS = ("body", "source", "leadership_role", "other_body", "position")


def _require_body_manager(actor: Any) -> None:
    if not can_manage_bodies(actor):
        raise PermissionDenied("Only coordinators and administrators may change bodies and seats.")


def _seat_label(seat: BodyMembership) -> str:
    return f"{seat.person}, {seat.get_position_display()} of {seat.body}"


def create_body(actor: Any, data: Mapping[str, Any], *, request: HttpRequest | None = None) -> Body:
    _require_body_manager(actor)
    with transaction.atomic():
        body = Body()
        assign_fields(body, data, BODY_FIELDS)
        if "order" not in data:
            body.order = next_order(Body.objects.all())
        body.full_clean()
        body.save()
        audit.record(
            actor,
            "governance.body.created",
            body,
            changes=_created(body, BODY_AUDIT_FIELDS),
            request=request,
        )
    return body


def update_body(
    actor: Any, body: Body, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Body:
    _require_body_manager(actor)
    with transaction.atomic():
        body = Body.objects.select_for_update(of=("self",)).get(pk=body.pk)
        update_recorded(
            actor,
            body,
            data,
            fields=BODY_FIELDS,
            audit_fields=BODY_AUDIT_FIELDS,
            action="governance.body.updated",
            validate=body.full_clean,
            request=request,
            choice_labels=True,
        )
    return body


def dissolve_body(
    actor: Any, body: Body, dissolved_on: datetime.date, *, request: HttpRequest | None = None
) -> Body:
    """Wind a body up: it stays on record, its seats end on the day, planned seats are cancelled."""
    _require_body_manager(actor)
    today = timezone.localdate()
    if dissolved_on > today:
        raise ValidationError({"dissolved_on": "A body is dissolved today or on a past day."})
    with transaction.atomic():
        body = Body.objects.select_for_update(of=("self",)).get(pk=body.pk)
        if not body.is_active:
            raise ValidationError(f"{body} was already dissolved on {body.dissolved_on}.")
        seats = list(
            BodyMembership.objects.select_for_update(of=("self",))
            .filter(body=body)
            .filter(models.Q(term_end__isnull=True) | models.Q(term_end__gt=dissolved_on))
            .select_related("person", "body")
        )
        for seat in seats:
            if seat.term_start > dissolved_on:
                _cancel_seat(actor, seat, request)
            else:
                _set_seat_end(actor, seat, dissolved_on, request)
        before = _snapshot(body, BODY_AUDIT_FIELDS)
        body.is_active = False
        body.dissolved_on = dissolved_on
        body.save(update_fields=["is_active", "dissolved_on", "updated_at"])
        audit.record(
            actor,
            "governance.body.dissolved",
            body,
            changes=audit.diff(before, _snapshot(body, BODY_AUDIT_FIELDS)),
            request=request,
        )
    return body


# --- Seats ---------------------------------------------------------------------------------------


def _check_seat(
    body: Body,
    person: Person,
    position: str,
    term_start: datetime.date,
    term_end: datetime.date | None,
    *,
    exclude: Iterable[int] = (),
) -> None:
    """The rules a seat must keep with the body's other seats; raises ValidationError."""
    if position not in Position.values:
        raise ValidationError({"position": "Choose a position."})
    if term_end is not None and term_end < term_start:
        raise ValidationError({"term_end": "A term cannot end before it starts."})
    others = BodyMembership.objects.filter(body=body).exclude(pk__in=list(exclude))
    own = others.filter(person=person).overlapping(term_start, term_end).first()
    if own is not None:
        until = f" to {own.term_end:%Y-%m-%d}" if own.term_end else ""
        raise ValidationError(
            {
                "term_start": (
                    f"{person} already has a seat on {body} ({own.get_position_display()}, from "
                    f"{own.term_start:%Y-%m-%d}{until}). One person holds one seat at a time: "
                    "end that term first, or choose dates that do not overlap."
                )
            }
        )
    if position == Position.CHAIR:
        chair = (
            others.filter(position=Position.CHAIR)
            .overlapping(term_start, term_end)
            .select_related("person")
            .first()
        )
        if chair is not None:
            raise ValidationError(
                {
                    "position": (
                        f"{chair.person} chairs {body} from {chair.term_start:%Y-%m-%d}; a body "
                        "has one chair at a time. End that term first, or seat this person as "
                        "co-chair."
                    )
                }
            )


def _check_body_open(body: Body) -> None:
    if not body.is_active:
        raise ValidationError(f"{body} was dissolved; it takes no new seats.")


def _check_seat_holder(person: Person, position: str) -> None:
    if not person.is_active:
        raise ValidationError({"person": f"{person} is no longer active in the directory."})
    if person.membership_type == MembershipType.VISITOR and position != Position.OBSERVER:
        raise ValidationError(
            {"position": f"{person} is a visitor; visitors may only observe a body."}
        )


def _open_seat(
    actor: Any,
    body: Body,
    person: Person,
    position: str,
    term_start: datetime.date,
    term_end: datetime.date | None,
    notes: str,
    action: str,
    request: HttpRequest | None,
    extra: Mapping[str, Any] | None = None,
) -> BodyMembership:
    seat = BodyMembership(
        body=body,
        person=person,
        position=position,
        term_start=term_start,
        term_end=term_end,
        notes=notes,
    )
    seat.full_clean()
    seat.save()
    audit.record(
        actor,
        action,
        seat,
        changes={**_created(seat, SEAT_AUDIT_FIELDS), **(extra or {})},
        request=request,
        target_label=_seat_label(seat),
    )
    return seat


def _set_seat_end(
    actor: Any,
    seat: BodyMembership,
    term_end: datetime.date,
    request: HttpRequest | None,
    extra: Mapping[str, Any] | None = None,
) -> None:
    before = _snapshot(seat, SEAT_AUDIT_FIELDS)
    seat.term_end = term_end
    seat.full_clean()
    seat.save(update_fields=["term_end", "updated_at"])
    audit.record(
        actor,
        "governance.seat.term_ended",
        seat,
        changes={**audit.diff(before, _snapshot(seat, SEAT_AUDIT_FIELDS)), **(extra or {})},
        request=request,
        target_label=_seat_label(seat),
    )


def _cancel_seat(actor: Any, seat: BodyMembership, request: HttpRequest | None) -> None:
    _delete(
        actor,
        seat,
        "governance.seat.cancelled",
        SEAT_AUDIT_FIELDS,
        _seat_label(seat),
        request,
    )


def _locked_body(body: Body) -> Body:
    """The body row, locked so seat rules are checked against settled data."""
    return Body.objects.select_for_update(of=("self",)).get(pk=body.pk)


def add_seat(
    actor: Any,
    body: Body,
    person: Person,
    position: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    notes: str = "",
    *,
    request: HttpRequest | None = None,
) -> BodyMembership:
    """Seat a person on a body for a term; a term starting later is planned.

    One person holds one seat on a body at a time, and a body has one chair at a time (co-chairs
    may share the lead).
    """
    _require_body_manager(actor)
    _check_seat_holder(person, position)
    with transaction.atomic():
        body = _locked_body(body)
        _check_body_open(body)
        _check_seat(body, person, position, term_start, term_end)
        seat = _open_seat(
            actor,
            body,
            person,
            position,
            term_start,
            term_end,
            notes,
            "governance.seat.added",
            request,
        )
    forget_seats(actor)
    return seat


def end_seat(
    actor: Any,
    seat: BodyMembership,
    term_end: datetime.date,
    *,
    request: HttpRequest | None = None,
) -> BodyMembership:
    """Set the last day of a seat's term (today, a past day or a planned end); never deletes it."""
    _require_body_manager(actor)
    with transaction.atomic():
        body = _locked_body(seat.body)
        seat = (
            BodyMembership.objects.select_for_update(of=("self",))
            .select_related("person", "body")
            .get(pk=seat.pk)
        )
        if term_end < seat.term_start:
            raise ValidationError(
                {
                    "term_end": (
                        f"The term started on {seat.term_start:%Y-%m-%d}; "
                        "it cannot end before that."
                    )
                }
            )
        # Extending a term must not run into another seat of the person or another chair.
        _check_seat(body, seat.person, seat.position, seat.term_start, term_end, exclude=[seat.pk])
        if seat.term_end != term_end:
            _set_seat_end(actor, seat, term_end, request)
    forget_seats(actor)
    return seat


def plan_successor(
    actor: Any,
    seat: BodyMembership,
    person: Person,
    term_end: datetime.date | None = None,
    notes: str = "",
    *,
    request: HttpRequest | None = None,
) -> BodyMembership:
    """Plan the rotation of a seat: the same position for `person` from the day after it ends."""
    _require_body_manager(actor)
    if seat.term_end is None:
        raise ValidationError(
            "This term has no set end. Set the day it ends before planning a successor."
        )
    term_start = seat.term_end + datetime.timedelta(days=1)
    _check_seat_holder(person, seat.position)
    with transaction.atomic():
        body = _locked_body(seat.body)
        _check_body_open(body)
        _check_seat(body, person, seat.position, term_start, term_end)
        successor = _open_seat(
            actor,
            body,
            person,
            seat.position,
            term_start,
            term_end,
            notes,
            "governance.seat.successor_planned",
            request,
            extra={"succeeds": {"from": None, "to": str(seat.person)}},
        )
    return successor


def cancel_planned_seat(
    actor: Any, seat: BodyMembership, *, request: HttpRequest | None = None
) -> None:
    """Withdraw a seat that has not started yet. Seats that have started are history: end them."""
    _require_body_manager(actor)
    with transaction.atomic():
        seat = (
            BodyMembership.objects.select_for_update(of=("self",))
            .select_related("person", "body")
            .get(pk=seat.pk)
        )
        if seat.term_start <= timezone.localdate():
            raise ValidationError(
                "This seat has started; it stays on record. End its term instead."
            )
        _cancel_seat(actor, seat, request)


# --- Organization seats ("one agency, one vote") -------------------------------------------------


def set_organization_seat(
    actor: Any,
    body: Body,
    organization: Organization,
    delegate: Person,
    alternate: Person | None = None,
    *,
    request: HttpRequest | None = None,
) -> OrganizationSeat:
    """Name the person who casts an organization's vote on a body, and who stands in for them."""
    _require_body_manager(actor)
    if not body.votes_by_organization:
        raise ValidationError(
            f"{body} votes by person; organizations name delegates only where each organization "
            "has one vote."
        )
    errors: dict[str, str] = {}
    for field, person in (("delegate", delegate), ("alternate", alternate)):
        if person is None:
            continue
        if person.organization_id != organization.pk:
            errors[field] = f"{person} is not on the staff of {organization.display_name}."
        elif not person.is_active:
            errors[field] = f"{person} is no longer active in the directory."
    if alternate is not None and alternate.pk == delegate.pk and "alternate" not in errors:
        errors["alternate"] = "The alternate must be someone other than the delegate."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        body = _locked_body(body)
        seat = OrganizationSeat.objects.filter(body=body, organization=organization).first()
        created = seat is None
        if seat is None:
            seat = OrganizationSeat(body=body, organization=organization)
            before: dict[str, Any] = {}
        else:
            before = _snapshot(seat, ORGANIZATION_SEAT_AUDIT_FIELDS)
        seat.delegate = delegate
        seat.alternate = alternate
        seat.full_clean()
        after = _snapshot(seat, ORGANIZATION_SEAT_AUDIT_FIELDS)
        changes = audit.diff(before, filled(after) if created else after)
        if changes:
            seat.save()
            audit.record(
                actor,
                "governance.organization_seat.set",
                seat,
                changes=changes,
                request=request,
                target_label=f"{organization.display_name} on {body}",
            )
    return seat


def remove_organization_seat(
    actor: Any, seat: OrganizationSeat, *, request: HttpRequest | None = None
) -> None:
    _require_body_manager(actor)
    with transaction.atomic():
        seat = (
            OrganizationSeat.objects.select_for_update(of=("self",))
            .select_related("body", "organization", "delegate", "alternate")
            .get(pk=seat.pk)
        )
        _delete(
            actor,
            seat,
            "governance.organization_seat.removed",
            ORGANIZATION_SEAT_AUDIT_FIELDS,
            f"{seat.organization.display_name} on {seat.body}",
            request,
        )


# --- Composition rules ---------------------------------------------------------------------------


def add_composition_requirement(
    actor: Any,
    body: Body,
    source: str,
    *,
    leadership_role: str = "",
    other_body: Body | None = None,
    position: str = "",
    request: HttpRequest | None = None,
) -> CompositionRequirement:
    """Add a clause to a body's stated make-up; only the fields its source uses are kept."""
    _require_body_manager(actor)
    if source not in CompositionSource.values:
        raise ValidationError({"source": "Choose who the clause names."})
    requirement = CompositionRequirement(
        body=body,
        source=source,
        leadership_role=leadership_role if source == CompositionSource.LEADERSHIP_ROLE else "",
        other_body=other_body if source == CompositionSource.BODY_POSITION else None,
        position=position if source == CompositionSource.BODY_POSITION else "",
    )
    requirement.full_clean()
    with transaction.atomic():
        body = _locked_body(body)
        duplicate = CompositionRequirement.objects.filter(
            body=body,
            source=requirement.source,
            leadership_role=requirement.leadership_role,
            other_body=requirement.other_body,
            position=requirement.position,
        ).exists()
        if duplicate:
            raise ValidationError(f"{body} already has the clause “{requirement}”.")
        requirement.save()
        audit.record(
            actor,
            "governance.composition.added",
            requirement,
            changes=_created(requirement, REQUIREMENT_AUDIT_FIELDS),
            request=request,
            target_label=f"{body}: {requirement}",
        )
    return requirement


def remove_composition_requirement(
    actor: Any, requirement: CompositionRequirement, *, request: HttpRequest | None = None
) -> None:
    _require_body_manager(actor)
    with transaction.atomic():
        requirement = (
            CompositionRequirement.objects.select_for_update(of=("self",))
            .select_related("body", "other_body")
            .get(pk=requirement.pk)
        )
        _delete(
            actor,
            requirement,
            "governance.composition.removed",
            REQUIREMENT_AUDIT_FIELDS,
            f"{requirement.body}: {requirement}",
            request,
        )


# --- Handover ------------------------------------------------------------------------------------


def hand_over(
    actor: Any,
    outgoing: Person,
    incoming: Person,
    keys: Collection[str],
    note: str = "",
    *,
    request: HttpRequest | None = None,
) -> Handover:
    """Give the chosen things `outgoing` owns to `incoming`, all or nothing, audited.

    `keys` name items from the registered providers' `owned_by(outgoing)`; each provider
    reassigns its own inside this transaction, and the handover keeps the items as they read.
    """
    _require_body_manager(actor)
    chosen = set(keys)
    if outgoing.pk == incoming.pk:
        raise ValidationError({"incoming": "Choose someone other than the outgoing person."})
    _check_person_eligible("incoming", incoming, None)
    if not chosen:
        raise ValidationError({"keys": "Choose at least one item to hand over."})
    if len(note) > 500:
        raise ValidationError({"note": "Keep the note to 500 characters."})
    with transaction.atomic():
        owned = [
            (provider, item)
            for provider in handover_providers()
            for item in provider.owned_by(outgoing)
        ]
        unknown = chosen - {item.key for _, item in owned}
        if unknown:
            raise ValidationError(
                {
                    "keys": (
                        f"Some of the chosen items are no longer held by {outgoing}. Reload the "
                        "page and choose again."
                    )
                }
            )
        handed: list[HandoverItem] = []
        for provider in handover_providers():
            items = [item for owner, item in owned if owner is provider and item.key in chosen]
            if items:
                provider.reassign(
                    actor, [item.key for item in items], outgoing, incoming, request=request
                )
                handed += items
        handover = Handover.objects.create(
            outgoing=outgoing,
            incoming=incoming,
            performed_by=actor if getattr(actor, "is_authenticated", False) else None,
            note=note,
            items=[
                {"kind": item.kind, "label": item.label, "detail": item.detail, "url": item.url}
                for item in handed
            ],
        )
        audit.record(
            actor,
            "governance.handover.completed",
            handover,
            changes={
                "outgoing": {"from": None, "to": str(outgoing)},
                "incoming": {"from": None, "to": str(incoming)},
                "items": {"from": None, "to": [f"{i.kind}: {i.label}" for i in handed]},
                **({"note": {"from": None, "to": note}} if note else {}),
            },
            request=request,
            target_label=f"Handover from {outgoing} to {incoming}",
        )
    forget_seats(actor)
    return handover


class OfficerSeatHandover(RecordHandover):
    """The officer seats (chair, co-chair, co-facilitator, secretary) a person holds now."""

    name = "officer_seat"

    def owned_by(self, person: Person) -> list[HandoverItem]:
        seats = (
            BodyMembership.objects.current()
            .filter(person=person, position__in=OFFICER_POSITIONS, body__is_active=True)
            .select_related("body")
            .order_by("body__order", "body__name")
        )
        return [
            HandoverItem(
                kind="Officer seat",
                key=self.key(seat.pk),
                label=f"{seat.get_position_display()} of {seat.body}",
                detail=(f"term ends {seat.term_end:%Y-%m-%d}" if seat.term_end else "no set end"),
                url=reverse("bodies:detail", kwargs={"pk": seat.body_id}),
            )
            for seat in seats
        ]

    def reassign_rows(
        self,
        actor: Any,
        ids: list[int],
        outgoing: Person,
        incoming: Person,
        request: HttpRequest | None,
    ) -> int:
        """The outgoing person's last day in the seat is yesterday; the incoming person holds
        the same position from today to the end of the term, so no day has two holders. A seat
        the incoming person already holds on that body ends too, replaced by the officer seat.
        """
        today = timezone.localdate()
        yesterday = today - datetime.timedelta(days=1)
        seats = list(
            BodyMembership.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, person=outgoing)
            .select_related("body", "person")
        )
        for seat in seats:
            body = _locked_body(seat.body)
            term_end = seat.term_end  # the incoming person serves out the rest of the term
            replaced = list(
                BodyMembership.objects.select_for_update(of=("self",))
                .current(today)
                .filter(body=body, person=incoming)
                .select_related("body", "person")
            )
            for held in [seat, *replaced]:
                if held.term_start > yesterday:
                    raise ValidationError(
                        {
                            "keys": (
                                f"{held.person}'s seat on {body} began today; end or cancel it "
                                "and seat the new holder directly."
                            )
                        }
                    )
                _set_seat_end(
                    actor, held, yesterday, request, extra={"handed_over_to": str(incoming)}
                )
            _check_seat_holder(incoming, seat.position)
            _check_seat(body, incoming, seat.position, today, term_end)
            _open_seat(
                actor,
                body,
                incoming,
                seat.position,
                today,
                term_end,
                "",
                "governance.seat.added",
                request,
                extra={"takes_over_from": {"from": None, "to": str(outgoing)}},
            )
        return len(seats)


class CharterObjectiveHandover(RecordHandover):
    """Charter objectives a person reports on that are not achieved or dropped."""

    name = "charter_objective"

    def owned_by(self, person: Person) -> list[HandoverItem]:
        objectives = (
            Objective.objects.filter(owner=person)
            .exclude(status__in=CLOSED_OBJECTIVE_STATUSES)
            .select_related("goal")
            .order_by("target_date", "pk")
        )
        return [
            HandoverItem(
                kind="Charter objective",
                key=self.key(objective.pk),
                label=str(objective),
                detail=f"target {objective.target_date:%Y-%m-%d}, goal “{objective.goal.title}”",
                url=reverse("governance:charter") + f"#objective-{objective.pk}",
            )
            for objective in objectives
        ]

    def reassign_rows(
        self,
        actor: Any,
        ids: list[int],
        outgoing: Person,
        incoming: Person,
        request: HttpRequest | None,
    ) -> int:
        objectives = list(Objective.objects.filter(pk__in=ids, owner=outgoing))
        for objective in objectives:
            update_objective(actor, objective, {"owner": incoming}, request=request)
        return len(objectives)
