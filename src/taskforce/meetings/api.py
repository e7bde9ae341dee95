"""Meetings over HTTP: meetings, agenda items, attendance, minutes and action items.

Thin like the pages: the same selectors decide what the caller may see (anything else answers 404)
and the same services check who may act, change the data and audit it. Who runs a body's meetings
(its officers, and coordinators who can see it) is the services' rule; others get 403.
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import time.

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, PatchDict, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from taskforce.core.access import MEMBER, SIGNED_IN
from taskforce.core.api_access import api_access, api_user
from taskforce.core.api_helpers import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    payload_data,
    responses,
    set_location,
)
from taskforce.directory import selectors as directory_selectors
from taskforce.directory.models import Person
from taskforce.governance import selectors as governance_selectors
from taskforce.governance.api import BodyRefOut
from taskforce.meetings import proceedings_selectors, proceedings_services, selectors, services
from taskforce.meetings.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    MinutesStatus,
)

router = Router(tags=["meetings"])


# --- Output schemas ------------------------------------------------------------------------------


class PersonNameOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(person: Person) -> str:
        return person.full_name


class MeetingOut(Schema):
    id: int
    body: BodyRefOut
    title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    location: str
    video_link: str
    facilitator: PersonNameOut | None
    status: MeetingStatus
    agenda_deadline: datetime | None
    agenda_circulated_at: datetime | None
    uid: UUID = Field(description="The iCalendar UID of the meeting's invitation")


class AgendaItemOut(Schema):
    id: int
    meeting_id: int
    title: str
    description: str
    kind: AgendaItemKind
    case_references: str
    status: AgendaItemStatus
    decline_reason: str
    proposed_by: PersonNameOut | None
    presenter: PersonNameOut | None
    minutes_allotted: int | None
    order: int


class ActionItemOut(Schema):
    id: int
    body: BodyRefOut
    meeting_id: int | None
    description: str
    owner_person: PersonNameOut | None
    owner_body: BodyRefOut | None
    due_on: date
    report_back_meeting_id: int | None
    status: ActionItemStatus
    completed_on: date | None
    closing_note: str
    overdue: bool

    @staticmethod
    def resolve_overdue(item: ActionItem) -> bool:
        return item.is_overdue()


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut] = Field(description="Accepted items in order")
    proposed: list[AgendaItemOut] = Field(description="Proposals awaiting the facilitator")
    carried_forward: list[ActionItemOut] = Field(
        description="Open action items the body handed out before this meeting"
    )


class AttendanceOut(Schema):
    person: PersonNameOut
    name: str
    role: str
    organization: str | None
    status: AttendanceStatus
    arrived_late: bool

    @staticmethod
    def resolve_organization(line: Attendance) -> str | None:
        return line.organization.name if line.organization is not None else None


class MinutesSectionOut(Schema):
    heading: str
    text: str


class MinutesVersionOut(Schema):
    number: int
    status: MinutesStatus
    note: str
    created_at: datetime
    content: list[MinutesSectionOut]


class MinutesOut(Schema):
    meeting_id: int
    status: MinutesStatus | None = Field(description="null when no minutes were started")
    adopted_at_meeting_id: int | None
    adopted_on: date | None
    sections: list[MinutesSectionOut] = Field(description="The text as it stands")
    versions: list[MinutesVersionOut] = Field(description="Frozen versions the caller may read")


# --- Input schemas -------------------------------------------------------------------------------


class MeetingIn(Schema):
    body: int = Field(description="Body id")
    title: str
    starts_at: datetime = Field(description="With a UTC offset, e.g. 2026-12-08T18:00:00-08:00")
    ends_at: datetime
    time_zone: str = Field(description="IANA name, e.g. America/Los_Angeles")
    location: str = ""
    video_link: str = ""
    facilitator: int | None = Field(None, description="Person id")
    guests: list[int] = Field(default_factory=list, description="Person ids invited to this one")
    agenda_deadline: datetime | None = Field(
        None, description="Proposals close; default: the body's solicitation days before"
    )


class MeetingChangeIn(Schema):
    title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    location: str
    video_link: str
    facilitator: int | None = None
    guests: list[int]
    agenda_deadline: datetime | None = None


class AgendaItemIn(Schema):
    title: str
    description: str = ""
    kind: AgendaItemKind = AgendaItemKind.DISCUSSION
    case_references: str = Field("", description="Case review only: reference codes")
    presenter: int | None = Field(None, description="Person id")
    minutes_allotted: int | None = Field(None, description="Minutes asked for")


class AcceptIn(Schema):
    minutes_allotted: int = Field(ge=1, le=240)


class DeclineIn(Schema):
    reason: str


class AttendanceLineIn(Schema):
    person: int = Field(description="Person id")
    status: AttendanceStatus
    arrived_late: bool = False


class CirculateMinutesIn(Schema):
    note: str = ""


class AdoptMinutesIn(Schema):
    at_meeting: int = Field(description="The later meeting of the same body that adopted them")


class ActionItemIn(Schema):
    description: str
    owner_person: int | None = Field(None, description="Person id (or give owner_body)")
    owner_body: int | None = Field(None, description="Committee id (or give owner_person)")
    due_on: date
    report_back_meeting: int | None = Field(None, description="A later meeting of the body")
    agenda_item: int | None = None


class CloseActionItemIn(Schema):
    status: Literal["done", "dropped"]
    note: str = ""


class MeetingQuery(Schema):
    body: int | None = None
    period: Literal["upcoming", "past", "all"] = "upcoming"


class ActionItemQuery(Schema):
    body: int | None = None
    overdue: bool = False


# --- Helpers -------------------------------------------------------------------------------------


def _person(user: Any, pk: int | None, field: str) -> Person | None:
    if pk is None:
        return None
    person = directory_selectors.people_visible_to(user).filter(pk=pk).first()
    if person is None:
        raise ValidationError({field: f"No person with id {pk}."})
    return person


def _people(user: Any, pks: list[int], field: str) -> list[Person]:
    found = list(directory_selectors.people_visible_to(user).filter(pk__in=pks))
    missing = sorted(set(pks) - {person.pk for person in found})
    if missing:
        raise ValidationError({field: f"No person with id {', '.join(map(str, missing))}."})
    return found


def _meeting_data(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Ids in the payload become the records the services expect."""
    if "facilitator" in data:
        data["facilitator"] = _person(user, data["facilitator"], "facilitator")
    if "guests" in data:
        data["guests"] = _people(user, data["guests"] or [], "guests")
    for name in ("starts_at", "ends_at", "agenda_deadline"):
        if isinstance(data.get(name), str):
            data[name] = datetime.fromisoformat(data[name])
    return data


def _meeting_for(request: HttpRequest, meeting_id: int) -> Meeting:
    return selectors.get_meeting_for(api_user(request), meeting_id)


def _detail(meeting: Meeting) -> dict[str, Any]:
    agenda = selectors.agenda_of(meeting)
    fields = {name: getattr(meeting, name) for name in MeetingOut.model_fields}
    return {
        **fields,
        "agenda": [line.item for line in agenda.lines],
        "proposed": agenda.proposed,
        "carried_forward": selectors.carried_forward(meeting).action_items,
    }


def _minutes(user: Any, meeting_id: int) -> dict[str, Any]:
    meeting, minutes = proceedings_selectors.get_minutes_for(user, meeting_id)
    if minutes is None:
        return {
            "meeting_id": meeting.pk,
            "status": None,
            "adopted_at_meeting_id": None,
            "adopted_on": None,
            "sections": [],
            "versions": [],
        }
    return {
        "meeting_id": meeting.pk,
        "status": minutes.status,
        "adopted_at_meeting_id": minutes.adopted_at_meeting_id,
        "adopted_on": minutes.adopted_on,
        "sections": proceedings_selectors.minutes_sections(minutes),
        "versions": proceedings_selectors.versions_visible_to(user, meeting, minutes),
    }


# --- Meetings ------------------------------------------------------------------------------------


@router.get("/meetings", response=responses({200: list[MeetingOut]}))
@api_access(SIGNED_IN)
@paginate(PageNumberPagination, page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_meetings(request: HttpRequest, filters: Query[MeetingQuery]) -> QuerySet[Meeting]:
    """Meetings the caller may see: upcoming (soonest first), past or all (latest first)."""
    user = api_user(request)
    body = governance_selectors.get_body_for(user, filters.body) if filters.body else None
    return selectors.meeting_list(user, body=body, period=filters.period)


@router.get("/meetings/{meeting_id}", response=responses({200: MeetingDetailOut}))
@api_access(SIGNED_IN)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _detail(_meeting_for(request, meeting_id))


@router.post("/meetings", response=responses({201: MeetingDetailOut}))
@api_access(MEMBER)
def schedule_meeting(request: HttpRequest, payload: MeetingIn, response: HttpResponse) -> Status:
    """Schedule a meeting of a body; for its officers and coordinators who can see it."""
    user = api_user(request)
    data = _meeting_data(user, payload_data(payload))
    data["body"] = governance_selectors.get_body_for(user, payload.body)
    meeting = services.schedule_meeting(user, data, request=request)
    set_location(response, "get_meeting", meeting_id=meeting.pk)
    return Status(201, _detail(meeting))


@router.patch("/meetings/{meeting_id}", response=responses({200: MeetingDetailOut}))
@api_access(MEMBER)
def update_meeting(
    request: HttpRequest, meeting_id: int, payload: PatchDict[MeetingChangeIn]
) -> dict[str, Any]:
    user = api_user(request)
    meeting = _meeting_for(request, meeting_id)
    data = _meeting_data(user, {key: value for key, value in dict(payload).items()})
    services.update_meeting(user, meeting, data, request=request)
    return _detail(_meeting_for(request, meeting_id))


# --- Agenda items --------------------------------------------------------------------------------


@router.get("/meetings/{meeting_id}/agenda-items", response=responses({200: list[AgendaItemOut]}))
@api_access(SIGNED_IN)
def list_agenda_items(request: HttpRequest, meeting_id: int) -> list[AgendaItem]:
    """Accepted items in order, then proposals, then declined items (for their proposer and
    those who run the meeting)."""
    agenda = selectors.agenda_of(_meeting_for(request, meeting_id))
    declined = selectors.declined_items_for(api_user(request), agenda)
    return [line.item for line in agenda.lines] + agenda.proposed + declined


@router.post("/meetings/{meeting_id}/agenda-items", response=responses({201: AgendaItemOut}))
@api_access(MEMBER)
def propose_agenda_item(
    request: HttpRequest, meeting_id: int, payload: AgendaItemIn, response: HttpResponse
) -> Status:
    """Members of the body propose items until the agenda deadline."""
    user = api_user(request)
    meeting = _meeting_for(request, meeting_id)
    data = payload_data(payload)
    if "presenter" in data:
        data["presenter"] = _person(user, data["presenter"], "presenter")
    item = services.propose_agenda_item(user, meeting, data, request=request)
    set_location(response, "list_agenda_items", meeting_id=meeting.pk)
    return Status(201, selectors.get_agenda_item_for(user, item.pk))


@router.post("/agenda-items/{item_id}/accept", response=responses({200: AgendaItemOut}))
@api_access(MEMBER)
def accept_agenda_item(request: HttpRequest, item_id: int, payload: AcceptIn) -> AgendaItem:
    """Put a proposal on the agenda, last, with its time; for whoever runs the meeting."""
    user = api_user(request)
    item = selectors.get_agenda_item_for(user, item_id)
    services.accept_agenda_item(user, item, payload.minutes_allotted, request=request)
    return selectors.get_agenda_item_for(user, item_id)


@router.post("/agenda-items/{item_id}/decline", response=responses({200: AgendaItemOut}))
@api_access(MEMBER)
def decline_agenda_item(request: HttpRequest, item_id: int, payload: DeclineIn) -> AgendaItem:
    user = api_user(request)
    item = selectors.get_agenda_item_for(user, item_id)
    services.decline_agenda_item(user, item, payload.reason, request=request)
    return selectors.get_agenda_item_for(user, item_id)


# --- Attendance ----------------------------------------------------------------------------------


@router.get("/meetings/{meeting_id}/attendance", response=responses({200: list[AttendanceOut]}))
@api_access(SIGNED_IN)
def list_attendance(request: HttpRequest, meeting_id: int) -> QuerySet[Attendance]:
    """The roll: each person as introduced, present, absent or excused."""
    return proceedings_selectors.introductions(_meeting_for(request, meeting_id))


@router.put("/meetings/{meeting_id}/attendance", response=responses({200: list[AttendanceOut]}))
@api_access(MEMBER)
def record_attendance(
    request: HttpRequest, meeting_id: int, payload: list[AttendanceLineIn]
) -> QuerySet[Attendance]:
    """Record the roll (lines for people not listed stay as they are); for whoever runs it."""
    user = api_user(request)
    meeting = _meeting_for(request, meeting_id)
    people = {
        person.pk: person for person in _people(user, [line.person for line in payload], "person")
    }
    lines = [
        proceedings_services.RollCallLine(people[line.person], line.status, line.arrived_late)
        for line in payload
    ]
    proceedings_services.record_roll_call(user, meeting, lines, request=request)
    return proceedings_selectors.introductions(meeting)


# --- Minutes -------------------------------------------------------------------------------------


@router.get("/meetings/{meeting_id}/minutes", response=responses({200: MinutesOut}))
@api_access(SIGNED_IN)
def get_minutes(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """Adopted minutes for everyone who sees the meeting; drafts and circulated text only for
    the body's members."""
    return _minutes(api_user(request), meeting_id)


@router.post("/meetings/{meeting_id}/minutes/circulate", response=responses({200: MinutesOut}))
@api_access(MEMBER)
def circulate_minutes(
    request: HttpRequest, meeting_id: int, payload: CirculateMinutesIn
) -> dict[str, Any]:
    """Freeze the draft as a new version and tell the body's members it is ready to read."""
    user = api_user(request)
    meeting = _meeting_for(request, meeting_id)
    proceedings_services.circulate_minutes(user, meeting, payload.note, request=request)
    return _minutes(user, meeting_id)


@router.post("/meetings/{meeting_id}/minutes/adopt", response=responses({200: MinutesOut}))
@api_access(MEMBER)
def adopt_minutes(request: HttpRequest, meeting_id: int, payload: AdoptMinutesIn) -> dict[str, Any]:
    """Record that the body adopted the circulated minutes at a later meeting."""
    user = api_user(request)
    meeting = _meeting_for(request, meeting_id)
    at_meeting = _meeting_for(request, payload.at_meeting)
    proceedings_services.adopt_minutes(user, meeting, at_meeting, request=request)
    return _minutes(user, meeting_id)


# --- Action items --------------------------------------------------------------------------------


@router.get("/action-items", response=responses({200: list[ActionItemOut]}))
@api_access(SIGNED_IN)
@paginate(PageNumberPagination, page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_action_items(
    request: HttpRequest, filters: Query[ActionItemQuery]
) -> QuerySet[ActionItem]:
    """Open action items the caller may see, soonest due first."""
    user = api_user(request)
    body = governance_selectors.get_body_for(user, filters.body) if filters.body else None
    chosen = proceedings_selectors.ActionItemFilters(body=body, overdue_only=filters.overdue)
    return proceedings_selectors.open_action_items(user, chosen)


@router.post("/meetings/{meeting_id}/action-items", response=responses({201: ActionItemOut}))
@api_access(MEMBER)
def create_action_item(
    request: HttpRequest, meeting_id: int, payload: ActionItemIn, response: HttpResponse
) -> Status:
    """Hand out a task at a meeting: one owner (a person or a committee), a due date."""
    user = api_user(request)
    meeting = _meeting_for(request, meeting_id)
    data = payload_data(payload)
    data["owner_person"] = _person(user, data.get("owner_person"), "owner_person")
    owner_body = data.get("owner_body")
    data["owner_body"] = governance_selectors.get_body_for(user, owner_body) if owner_body else None
    later = data.get("report_back_meeting")
    data["report_back_meeting"] = _meeting_for(request, later) if later else None
    agenda_item = data.pop("agenda_item", None)
    if agenda_item:
        data["agenda_item"] = selectors.get_agenda_item_for(user, agenda_item)
    item = proceedings_services.create_action_item(user, meeting, data, request=request)
    set_location(response, "list_action_items")
    return Status(201, proceedings_selectors.get_action_item_for(user, item.pk))


@router.post("/action-items/{item_id}/close", response=responses({200: ActionItemOut}))
@api_access(MEMBER)
def close_action_item(request: HttpRequest, item_id: int, payload: CloseActionItemIn) -> ActionItem:
    """Mark an item done or dropped (saying why); for its owner and whoever runs the body."""
    user = api_user(request)
    item = proceedings_selectors.get_action_item_for(user, item_id)
    if not proceedings_selectors.can_close_action_item(user, item):
        raise HttpError(403, "Only the item's owner and whoever runs the body's meetings close it.")
    proceedings_services.close_action_item(
        user, item, payload.status, payload.note, request=request
    )
    return proceedings_selectors.get_action_item_for(user, item_id)
