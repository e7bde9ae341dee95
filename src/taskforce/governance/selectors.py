"""Reads of the charter, its goals and objectives, and the leadership roles.

The charter is the task force's common ground: every signed-in account may read it (the access
rule on each page says who reaches it), so these reads do not narrow by viewer. Lookups by id
answer 404 for rows that do not exist.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.directory.models import Organization, Person
from taskforce.governance.models import (
    CHAIR_POSITIONS,
    CLOSED_OBJECTIVE_STATUSES,
    COMMITTEE_KINDS,
    LEADERSHIP_ROLE_DESCRIPTIONS,
    Body,
    BodyKind,
    BodyMembership,
    Charter,
    CompositionRequirement,
    CompositionSource,
    Goal,
    Handover,
    LeadershipRole,
    LeadershipRoleAssignment,
    Objective,
    ObjectiveStatus,
    OrganizationSeat,
    Position,
    TermQuerySet,
)
from taskforce.governance.permissions import can_see_body_business, visible_bodies_q

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


# --- Bodies and seats ----------------------------------------------------------------------------
#
# Who may see which body is decided in governance.permissions; these reads apply it. Lookups of a
# body the user may not see answer 404.

POSITION_ORDER: dict[str, int] = {value: index for index, value in enumerate(Position.values)}
KIND_ORDER: dict[str, int] = {value: index for index, value in enumerate(BodyKind.values)}


def _seat_sort_key(seat: BodyMembership) -> tuple[int, str, str, datetime.date]:
    return (
        POSITION_ORDER.get(seat.position, len(POSITION_ORDER)),
        seat.person.last_name,
        seat.person.first_name,
        seat.term_start,
    )


def _seats() -> TermQuerySet:
    return BodyMembership.objects.select_related("person", "person__organization")


def bodies_visible_to(user: Any) -> QuerySet[Body]:
    return Body.objects.filter(visible_bodies_q(user))


def bodies_in_order() -> QuerySet[Body]:
    """Every body, dissolved ones too, in the order the task force lists them."""
    return Body.objects.order_by("order", "name")


def active_bodies(
    *, kinds: Iterable[str] | None = None, include: Iterable[int] = ()
) -> QuerySet[Body]:
    """Bodies still active (of these kinds, when given), plus those in `include` even if
    dissolved since they were chosen, in the order the task force lists them."""
    chosen = Q(is_active=True)
    if kinds is not None:
        chosen &= Q(kind__in=list(kinds))
    kept = list(include)
    if kept:
        chosen |= Q(pk__in=kept)
    return bodies_in_order().filter(chosen)


def active_committees_visible_to(user: Any) -> QuerySet[Body]:
    return active_bodies(kinds=COMMITTEE_KINDS).filter(visible_bodies_q(user))


def is_seated(person: Person, body: Body, on: datetime.date | None = None) -> bool:
    """Whether the person holds a seat of any position on the body on a day (today by default)."""
    return BodyMembership.objects.current(on).filter(body=body, person=person).exists()


def get_body_for(user: Any, pk: int) -> Body:
    return get_object_or_404(bodies_visible_to(user), pk=pk)


def seats_on(body: Body | int, on: datetime.date | None = None) -> QuerySet[BodyMembership]:
    """The seats held on a body on a day (today by default), for apps that list its members."""
    body_id = body if isinstance(body, int) else body.pk
    return BodyMembership.objects.current(on).filter(body_id=body_id)


def get_body_business_for(user: Any, pk: int) -> Body:
    """A body whose business (meetings, attendance, voting status) the user may see; a closed
    body's only for its members."""
    body = get_body_for(user, pk)
    if not can_see_body_business(user, body):
        raise Http404("No such body.")
    return body


def get_seat_for(user: Any, pk: int) -> BodyMembership:
    seats = _seats().select_related("body").filter(visible_bodies_q(user, "body__"))
    return get_object_or_404(seats, pk=pk)


def get_requirement_for(user: Any, pk: int) -> CompositionRequirement:
    requirements = CompositionRequirement.objects.select_related("body", "other_body")
    return get_object_or_404(requirements.filter(visible_bodies_q(user, "body__")), pk=pk)


@dataclass(frozen=True)
class BodySummary:
    body: Body
    chairs: list[BodyMembership]
    member_count: int


@dataclass(frozen=True)
class BodyGroup:
    kind: str
    label: str
    bodies: list[BodySummary]


def body_groups_visible_to(user: Any, on: datetime.date | None = None) -> list[BodyGroup]:
    """The bodies the user may see, grouped by kind, active ones first, with chairs and size."""
    day = on or timezone.localdate()
    current = Q(memberships__term_start__lte=day) & (
        Q(memberships__term_end__isnull=True) | Q(memberships__term_end__gte=day)
    )
    chairs = _seats().current(day).filter(position__in=CHAIR_POSITIONS).order_by("position")
    bodies = (
        bodies_visible_to(user)
        .annotate(member_count=Count("memberships__person", filter=current, distinct=True))
        .prefetch_related(Prefetch("memberships", queryset=chairs, to_attr="current_chairs"))
        .order_by("-is_active", "order", "name")
    )
    groups: dict[str, list[BodySummary]] = {}
    for body in bodies:
        groups.setdefault(body.kind, []).append(
            BodySummary(body, list(body.current_chairs), body.member_count)
        )
    return [
        BodyGroup(kind, str(BodyKind(kind).label), groups[kind])
        for kind in sorted(groups, key=lambda kind: KIND_ORDER.get(kind, len(KIND_ORDER)))
    ]


def seats_ending_soon(
    on: datetime.date | None = None, *, user: Any = None, days: int = TERM_WARNING_DAYS
) -> QuerySet[BodyMembership]:
    """Seats on active bodies whose term ends within `days`, soonest first.

    Each row carries `successor_planned`: a later seat in the same position on the same body is
    already planned. Given a user, only bodies that user may see.
    """
    successor = BodyMembership.objects.filter(
        body=OuterRef("body"), position=OuterRef("position"), term_start__gt=OuterRef("term_end")
    )
    seats = (
        _seats()
        .select_related("body")
        .ending_within(days, on)
        .filter(body__is_active=True)
        .annotate(successor_planned=Exists(successor))
        .order_by("term_end", "body__order", "body__name")
    )
    return seats if user is None else seats.filter(visible_bodies_q(user, "body__"))


@dataclass(frozen=True)
class BodyRoster:
    """A body's seats on a day: who sits now, who will, who did."""

    current: list[BodyMembership]
    planned: list[BodyMembership]
    past: list[BodyMembership]
    # Current seats whose successor in the same position is already planned.
    successor_planned: frozenset[int]

    @property
    def current_people_ids(self) -> set[int]:
        return {seat.person_id for seat in self.current}


def body_roster(body: Body, on: datetime.date | None = None) -> BodyRoster:
    day = on or timezone.localdate()
    current: list[BodyMembership] = []
    planned: list[BodyMembership] = []
    past: list[BodyMembership] = []
    for seat in _seats().filter(body=body):
        if seat.term_start > day:
            planned.append(seat)
        elif seat.is_current(day):
            current.append(seat)
        else:
            past.append(seat)
    current.sort(key=_seat_sort_key)
    planned.sort(key=lambda seat: (seat.term_start, *_seat_sort_key(seat)))
    past.sort(key=lambda seat: seat.term_end or day, reverse=True)
    followed = frozenset(
        seat.pk
        for seat in current
        if seat.term_end is not None
        and any(
            later.position == seat.position and later.term_start > seat.term_end
            for later in planned
        )
    )
    return BodyRoster(current, planned, past, followed)


@dataclass(frozen=True)
class OrganizationSeatRow:
    organization: Organization
    seat: OrganizationSeat | None
    seated_people: int


def organization_seat_rows(
    body: Body, on: datetime.date | None = None
) -> list[OrganizationSeatRow]:
    """Under "one agency, one vote": each organization with people on the body, and its seat."""
    seats = {
        seat.organization_id: seat
        for seat in OrganizationSeat.objects.filter(body=body).select_related(
            "organization", "delegate", "alternate"
        )
    }
    counts = Counter(
        _seats()
        .current(on)
        .filter(body=body, person__organization__isnull=False)
        .values_list("person__organization_id", flat=True)
    )
    organizations = {seat.organization_id: seat.organization for seat in seats.values()}
    missing = set(counts) - set(organizations)
    if missing:
        organizations.update(Organization.objects.in_bulk(missing))
    return [
        OrganizationSeatRow(organization, seats.get(pk), counts.get(pk, 0))
        for pk, organization in sorted(organizations.items(), key=lambda item: item[1].name)
    ]


def organization_for_seat(body: Body, organization_pk: int) -> Organization:
    """An organization that has people on the body or already holds a seat on it (else 404)."""
    has_people = Q(people__body_memberships__body=body)
    return get_object_or_404(
        Organization.objects.filter(has_people | Q(body_seats__body=body)).distinct(),
        pk=organization_pk,
    )


# --- Composition ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedMember:
    person: Person
    because: str  # "Chair of the Victim Services Committee"


@dataclass(frozen=True)
class ClauseCheck:
    requirement: CompositionRequirement
    expected: list[ExpectedMember]
    missing: list[ExpectedMember]
    vacancies: list[str]  # places the clause names that nobody holds now

    @property
    def label(self) -> str:
        return str(self.requirement)


@dataclass(frozen=True)
class CompositionCheck:
    clauses: list[ClauseCheck]
    missing: list[ExpectedMember]  # named by a clause, not seated (each person once)
    unnamed: list[BodyMembership]  # seated, named by no clause (only when there are clauses)

    @property
    def has_rules(self) -> bool:
        return bool(self.clauses)

    @property
    def is_complete(self) -> bool:
        return not self.missing


def composition_check(body: Body, on: datetime.date | None = None) -> CompositionCheck:
    """Compare the people the body's composition clauses name with its current members.

    A committee's chair means its chair or co-chairs: committees led jointly have no single chair.
    At most six queries, however many clauses and bodies there are.
    """
    day = on or timezone.localdate()
    requirements = list(body.composition_requirements.select_related("other_body"))
    seated = sorted(_seats().current(day).filter(body=body), key=_seat_sort_key)
    if not requirements:
        return CompositionCheck([], [], [])
    sources = {requirement.source for requirement in requirements}

    committees: list[Body] = []
    if CompositionSource.COMMITTEE_CHAIRS in sources:
        chairs = _seats().current(day).filter(position__in=CHAIR_POSITIONS)
        committees = list(
            Body.objects.filter(kind=BodyKind.STANDING_COMMITTEE, is_active=True)
            .exclude(pk=body.pk)
            .prefetch_related(Prefetch("memberships", queryset=chairs, to_attr="current_chairs"))
        )
    roles = {
        r.leadership_role for r in requirements if r.source == CompositionSource.LEADERSHIP_ROLE
    }
    role_holders: dict[str, list[LeadershipRoleAssignment]] = {}
    if roles:
        for assignment in _assignments().current(day).filter(role__in=roles):
            role_holders.setdefault(assignment.role, []).append(assignment)
    places = [
        (r.other_body_id, r.position)
        for r in requirements
        if r.source == CompositionSource.BODY_POSITION and r.other_body_id
    ]
    place_holders: dict[tuple[int, str], list[BodyMembership]] = {}
    if places:
        wanted = Q(pk__in=[])
        for other_body_id, position in places:
            wanted |= Q(body_id=other_body_id, position=position)
        for seat in _seats().current(day).filter(wanted):
            place_holders.setdefault((seat.body_id, seat.position), []).append(seat)

    seated_ids = {seat.person_id for seat in seated}
    clauses: list[ClauseCheck] = []
    for requirement in requirements:
        expected: list[ExpectedMember] = []
        vacancies: list[str] = []
        if requirement.source == CompositionSource.COMMITTEE_CHAIRS:
            for committee in committees:
                holders = committee.current_chairs  # type: ignore[attr-defined]
                if not holders:
                    vacancies.append(f"{committee.name} has no chair")
                expected += [
                    ExpectedMember(seat.person, f"{seat.get_position_display()} of {committee}")
                    for seat in holders
                ]
        elif requirement.source == CompositionSource.LEADERSHIP_ROLE:
            label = requirement.get_leadership_role_display()
            assignments = role_holders.get(requirement.leadership_role, [])
            if not assignments:
                vacancies.append(f"No one holds the role of {label}")
            expected += [ExpectedMember(a.person, label) for a in assignments]
        else:
            held = place_holders.get((requirement.other_body_id or 0, requirement.position), [])
            if not held:
                vacancies.append(f"No one holds this position on {requirement.other_body}")
            expected += [
                ExpectedMember(
                    seat.person, f"{seat.get_position_display()} of {requirement.other_body}"
                )
                for seat in held
            ]
        missing = [member for member in expected if member.person.pk not in seated_ids]
        clauses.append(ClauseCheck(requirement, expected, missing, vacancies))

    missing_people: dict[int, ExpectedMember] = {}
    named_ids: set[int] = set()
    for clause in clauses:
        named_ids |= {member.person.pk for member in clause.expected}
        for member in clause.missing:
            missing_people.setdefault(member.person.pk, member)
    unnamed = [seat for seat in seated if seat.person_id not in named_ids]
    return CompositionCheck(clauses, list(missing_people.values()), unnamed)


# --- Handovers -----------------------------------------------------------------------------------


def handover_history() -> QuerySet[Handover]:
    return Handover.objects.select_related("outgoing", "incoming", "performed_by")


def seat_candidates(include: int | None = None) -> QuerySet[Person]:
    """Active people (visitors too, who may observe), plus `include` so a saved choice stays."""
    condition = Q(is_active=True)
    if include is not None:
        condition |= Q(pk=include)
    return Person.objects.filter(condition).select_related("organization")


def organization_people(organization: Organization) -> QuerySet[Person]:
    """Active people of an organization, who may be named its delegate or alternate."""
    return Person.objects.filter(organization=organization, is_active=True).select_related(
        "organization"
    )


def other_bodies(body: Body) -> QuerySet[Body]:
    return Body.objects.filter(is_active=True).exclude(pk=body.pk)
