"""Bodies over HTTP: the bodies a user may see, their current seats, voting status, and changes.

Thin like the pages: the same selectors decide what is visible (a body the caller may not see
answers 404) and the same services make and audit every change.
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import time.

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, PatchDict, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from taskforce.core.access import COORDINATOR, SIGNED_IN
from taskforce.core.api_access import api_access, api_user
from taskforce.core.api_helpers import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    payload_data,
    responses,
    set_location,
)
from taskforce.directory import selectors as directory_selectors
from taskforce.governance import eligibility, selectors, services
from taskforce.governance.models import Body, BodyKind, BodyMembership, Position, VoteUnit

router = Router(tags=["bodies"])


class PersonRefOut(Schema):
    id: int
    name: str
    organization: str | None

    @staticmethod
    def resolve_name(person: Any) -> str:
        return str(person.full_name)

    @staticmethod
    def resolve_organization(person: Any) -> str | None:
        return person.organization.name if person.organization_id else None


class BodyRefOut(Schema):
    id: int
    name: str


class SeatOut(Schema):
    id: int
    person: PersonRefOut
    position: Position
    term_start: date
    term_end: date | None


class BodyOut(Schema):
    id: int
    name: str
    kind: BodyKind
    charge: str
    is_closed: bool
    vote_unit: VoteUnit
    agenda_solicitation_days: int
    agenda_circulation_days: int
    new_member_meetings_required: int | None
    new_member_window_months: int
    minimum_attendance_percent: int | None
    attendance_window_months: int
    is_active: bool
    dissolved_on: date | None


class BodyDetailOut(BodyOut):
    current_seats: list[SeatOut]
    planned_seats: list[SeatOut]


class VoterStatusOut(Schema):
    person: PersonRefOut
    eligible: bool
    reasons: list[str]


class BodyIn(Schema):
    name: str
    kind: BodyKind
    charge: str = ""
    is_closed: bool = False
    vote_unit: VoteUnit = VoteUnit.PERSON
    agenda_solicitation_days: int = 10
    agenda_circulation_days: int = 7
    new_member_meetings_required: int | None = None
    new_member_window_months: int = 9
    minimum_attendance_percent: int | None = None
    attendance_window_months: int = 12


class SeatIn(Schema):
    person: int = Field(description="Person id from the directory")
    position: Position = Position.MEMBER
    term_start: date
    term_end: date | None = None
    notes: str = ""


def _detail(body: Body) -> dict[str, Any]:
    roster = selectors.body_roster(body)
    fields = {name: getattr(body, name) for name in BodyOut.model_fields}
    return {**fields, "current_seats": roster.current, "planned_seats": roster.planned}


def _body_for(request: HttpRequest, body_id: int) -> Body:
    return selectors.get_body_for(api_user(request), body_id)


@router.get("/bodies", response=responses({200: list[BodyOut]}))
@api_access(SIGNED_IN)
@paginate(PageNumberPagination, page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_bodies(request: HttpRequest) -> QuerySet[Body]:
    """Every body the caller may see: all of them for members, those seating them for visitors."""
    return selectors.bodies_visible_to(api_user(request))


@router.get("/bodies/{body_id}", response=responses({200: BodyDetailOut}))
@api_access(SIGNED_IN)
def get_body(request: HttpRequest, body_id: int) -> dict[str, Any]:
    return _detail(_body_for(request, body_id))


@router.get("/bodies/{body_id}/voting", response=responses({200: list[VoterStatusOut]}))
@api_access(SIGNED_IN)
def get_body_voting_status(request: HttpRequest, body_id: int) -> list[Any]:
    """Each current member's right to vote on the body today, and the reasons."""
    return eligibility.voting_status(selectors.get_body_business_for(api_user(request), body_id))


@router.post("/bodies", response=responses({201: BodyDetailOut}))
@api_access(COORDINATOR)
def create_body(request: HttpRequest, payload: BodyIn, response: HttpResponse) -> Status:
    body = services.create_body(api_user(request), payload_data(payload), request=request)
    set_location(response, "get_body", body_id=body.pk)
    return Status(201, _detail(body))


@router.patch("/bodies/{body_id}", response=responses({200: BodyDetailOut}))
@api_access(COORDINATOR)
def update_body(request: HttpRequest, body_id: int, payload: PatchDict[BodyIn]) -> dict[str, Any]:
    body = services.update_body(
        api_user(request), _body_for(request, body_id), payload, request=request
    )
    return _detail(body)


@router.post("/bodies/{body_id}/seats", response=responses({201: SeatOut}))
@api_access(COORDINATOR)
def add_body_seat(
    request: HttpRequest, body_id: int, payload: SeatIn, response: HttpResponse
) -> Status:
    """Seat a person for a term; a term that starts later is a planned seat."""
    user = api_user(request)
    body = _body_for(request, body_id)
    person = directory_selectors.get_person_for(user, payload.person)
    seat: BodyMembership = services.add_seat(
        user,
        body,
        person,
        payload.position,
        payload.term_start,
        payload.term_end,
        payload.notes,
        request=request,
    )
    set_location(response, "get_body", body_id=body.pk)
    return Status(201, selectors.get_seat_for(user, seat.pk))
