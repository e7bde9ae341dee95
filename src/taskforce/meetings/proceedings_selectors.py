"""Reads about what happens at and after a meeting: the roll, minutes, action items, feedback and
attendance, narrowed to what the asking user may see.

A meeting is visible to whoever may see its body's business, and to the people invited to it as
guests. Draft and circulated minutes are for the body's current members and the people who run
its meetings; adopted minutes for everyone who sees the meeting. A record the user may not see
answers 404.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from taskforce.core import audit
from taskforce.directory.models import Organization, Person
from taskforce.directory.permissions import person_of
from taskforce.directory.selectors import member_organizations
from taskforce.governance import selectors as governance_selectors
from taskforce.governance.attendance import BodyAttendance
from taskforce.governance.models import Body, Position
from taskforce.governance.permissions import (
    business_visible_q,
    can_run_body_meetings,
    can_see_body_business,
    is_body_member,
)
from taskforce.meetings.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    AttendanceStatus,
    FeedbackReceipt,
    FeedbackResponse,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)
from taskforce.meetings.selectors import get_meeting_for

# The attendance report's default period, and how long an organization may stay away before the
# report names it.
REPORT_DEFAULT_DAYS = 365
QUIET_DAYS_DEFAULT = 90

ONE_DAY = datetime.timedelta(days=1)

# Seniority of positions, for the role a person is introduced with when they hold several.
_POSITION_RANK = {value: rank for rank, value in enumerate(Position.values)}


# --- Meetings ------------------------------------------------------------------------------------


def get_meeting_to_run(user: Any, pk: int) -> Meeting:
    """A meeting the user runs (takes the roll of, keeps the minutes of); 404 for anyone else."""
    meeting = get_meeting_for(user, pk)
    if not can_run_body_meetings(user, meeting.body):
        raise Http404("No such meeting.")
    return meeting


def held_meetings_q(now: datetime.datetime | None = None, prefix: str = "") -> Q:
    """Meetings that took place: started by `now` and not cancelled.

    Whether someone marked a meeting "held" afterwards does not matter; a meeting that began and
    was not called off was held.
    """
    moment = now or timezone.now()
    return Q(**{f"{prefix}starts_at__lte": moment}) & ~Q(
        **{f"{prefix}status": MeetingStatus.CANCELLED}
    )


def has_started(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    return meeting.starts_at <= (now or timezone.now()) and not meeting.is_cancelled


def meeting_day_has_come(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """The meeting is today or past (in its own time zone): its roll and minutes can be kept."""
    today_there = timezone.localtime(now or timezone.now(), meeting.zone).date()
    return meeting.local_start.date() <= today_there


def later_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    """The body's meetings after this one that are not cancelled, soonest first."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__gt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
    )


def adoption_meetings(meeting: Meeting, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Where the minutes of `meeting` can be adopted: a later meeting of its body that has begun."""
    return later_meetings(meeting).filter(starts_at__lte=now or timezone.now())


# --- Roll call -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RollCallRow:
    """One person the roll lists: a member of the body, a guest, or someone already recorded."""

    person: Person
    role: str
    organization: Organization | None
    attendance: Attendance | None
    is_guest: bool = False


def meeting_day(meeting: Meeting) -> datetime.date:
    return meeting.local_start.date()


def roles_on_body(body: Body, person_ids: list[int], on: datetime.date) -> dict[int, str]:
    """{person id: the most senior position they hold on the body on the day}."""
    best: dict[int, str] = {}
    seats = (
        governance_selectors.seats_on(body, on)
        .filter(person_id__in=person_ids)
        .values_list("person_id", "position")
    )
    for person_id, position in seats:
        held = best.get(person_id)
        if held is None or _POSITION_RANK[position] < _POSITION_RANK[held]:
            best[person_id] = position
    labels = dict(Position.choices)
    return {person_id: str(labels[position]) for person_id, position in best.items()}


def introduction_role(person: Person, roles: dict[int, str]) -> str:
    """How a person is introduced: their position on the body, else their directory title."""
    return roles.get(person.pk) or person.title


def roll_call_rows(meeting: Meeting) -> list[RollCallRow]:
    """Members seated on the meeting's day, then guests, then anyone else already recorded."""
    day = meeting_day(meeting)
    recorded = {line.person_id: line for line in meeting.attendance.select_related("organization")}
    member_ids = list(
        governance_selectors.seats_on(meeting.body_id, day)
        .values_list("person_id", flat=True)
        .distinct()
    )
    guest_ids = list(meeting.guests.values_list("pk", flat=True))
    wanted = list(dict.fromkeys([*member_ids, *guest_ids, *recorded]))
    people = Person.objects.filter(pk__in=wanted).select_related("organization")
    by_pk = {person.pk: person for person in people}
    roles = roles_on_body(meeting.body, wanted, day)
    rows = []
    for person_id in wanted:
        person = by_pk[person_id]
        line = recorded.get(person_id)
        rows.append(
            RollCallRow(
                person=person,
                role=line.role if line else introduction_role(person, roles),
                organization=line.organization if line else person.organization,
                attendance=line,
                is_guest=person_id in guest_ids and person_id not in member_ids,
            )
        )
    rows.sort(key=lambda row: (row.person.last_name.lower(), row.person.first_name.lower()))
    return rows


def introductions(meeting: Meeting) -> QuerySet[Attendance]:
    """The roll as recorded: name, role and organization as each person was introduced."""
    return meeting.attendance.select_related("organization").order_by("name", "pk")


# --- Minutes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MinutesSection:
    heading: str
    text: str


def can_read_unadopted_minutes(user: Any, body: Body) -> bool:
    """Draft and circulated minutes: the body's current members and those who run its meetings."""
    return is_body_member(user, body) or can_run_body_meetings(user, body)


def minutes_of(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).select_related("adopted_at_meeting").first()


def get_minutes_for(user: Any, meeting_pk: int) -> tuple[Meeting, Minutes | None]:
    """The meeting and its minutes (None when none were started), as far as the user may read.

    Someone who may not read unadopted minutes gets 404 until they are adopted.
    """
    meeting = get_meeting_for(user, meeting_pk)
    minutes = minutes_of(meeting)
    if can_read_unadopted_minutes(user, meeting.body):
        return meeting, minutes
    if minutes is not None and minutes.status == MinutesStatus.ADOPTED:
        return meeting, minutes
    raise Http404("No such minutes.")


def latest_version(minutes: Minutes) -> MinutesVersion | None:
    return minutes.versions.order_by("-number").first()


def version_sections(version: MinutesVersion) -> list[MinutesSection]:
    return [
        MinutesSection(str(part.get("heading", "")), str(part.get("text", "")))
        for part in version.content
    ]


def minutes_sections(minutes: Minutes) -> list[MinutesSection]:
    """The text as it stands: the working entries while draft, else the last frozen version."""
    if minutes.status == MinutesStatus.DRAFT:
        return [MinutesSection(entry.heading, entry.text) for entry in minutes.entries.all()]
    version = latest_version(minutes)
    return version_sections(version) if version is not None else []


def versions_visible_to(user: Any, meeting: Meeting, minutes: Minutes) -> QuerySet[MinutesVersion]:
    """Every version for readers of unadopted minutes; only the adopted text for everyone else."""
    versions = minutes.versions.select_related("created_by").order_by("number")
    if can_read_unadopted_minutes(user, meeting.body):
        return versions
    return versions.filter(status=MinutesStatus.ADOPTED)


def get_minutes_version_for(
    user: Any, meeting_pk: int, number: int
) -> tuple[Meeting, Minutes, MinutesVersion]:
    meeting, minutes = get_minutes_for(user, meeting_pk)
    if minutes is None:
        raise Http404("No such version.")
    version = versions_visible_to(user, meeting, minutes).filter(number=number).first()
    if version is None:
        raise Http404("No such version.")
    return meeting, minutes, version


def get_printable_minutes_for(
    user: Any, meeting_pk: int
) -> tuple[Meeting, Minutes, MinutesVersion]:
    """The text a PDF is made of: the adopted version, or for readers of unadopted minutes the
    latest circulated one. Drafts are not printed."""
    meeting, minutes = get_minutes_for(user, meeting_pk)
    if minutes is None or minutes.status == MinutesStatus.DRAFT:
        raise Http404("These minutes have not been circulated.")
    version = latest_version(minutes)
    if version is None:
        raise Http404("No such minutes.")
    return meeting, minutes, version


def pending_correction(minutes: Minutes) -> str:
    """What is being corrected, while minutes that were circulated are back in draft."""
    if minutes.status != MinutesStatus.DRAFT:
        return ""
    event = (
        audit.history_for(minutes)
        .filter(action="meetings.minutes.returned_to_draft")
        .order_by("-sequence")
        .first()
    )
    return str((event.changes or {}).get("note", "")) if event is not None else ""


def missing_minutes_entries(minutes: Minutes) -> QuerySet[AgendaItem]:
    """Accepted agenda items that have no entry in the minutes yet."""
    covered = minutes.entries.filter(agenda_item__isnull=False).values("agenda_item_id")
    return (
        AgendaItem.objects.filter(meeting_id=minutes.meeting_id, status=AgendaItemStatus.ACCEPTED)
        .exclude(pk__in=covered)
        .order_by("order", "pk")
    )


# --- Action items --------------------------------------------------------------------------------


def action_items_visible_to(user: Any) -> QuerySet[ActionItem]:
    """Items of bodies whose business the user may see, and items the user owns."""
    condition = business_visible_q(user, "body__")
    person = person_of(user)
    if person is not None:
        condition |= Q(owner_person_id=person.pk)
    return ActionItem.objects.filter(condition).select_related(
        "body",
        "meeting",
        "owner_person",
        "owner_person__organization",
        "owner_body",
        "report_back_meeting",
        "agenda_item",
    )


def get_action_item_for(user: Any, pk: int) -> ActionItem:
    item = action_items_visible_to(user).filter(pk=pk).first()
    if item is None:
        raise Http404("No such action item.")
    return item


def can_edit_action_item(user: Any, item: ActionItem) -> bool:
    return can_run_body_meetings(user, item.body)


def can_close_action_item(user: Any, item: ActionItem) -> bool:
    """Whoever runs the body's meetings, the owner, and for a committee owner its officers."""
    if can_run_body_meetings(user, item.body):
        return True
    person = person_of(user)
    if person is not None and item.owner_person_id == person.pk:
        return True
    return item.owner_body is not None and can_run_body_meetings(user, item.owner_body)


def get_action_item_to_edit(user: Any, pk: int) -> ActionItem:
    item = get_action_item_for(user, pk)
    if not can_edit_action_item(user, item):
        raise Http404("No such action item.")
    return item


def get_action_item_to_close(user: Any, pk: int) -> ActionItem:
    item = get_action_item_for(user, pk)
    if not can_close_action_item(user, item):
        raise Http404("No such action item.")
    return item


@dataclass(frozen=True)
class ActionItemFilters:
    body: Body | None = None
    owner: Person | None = None
    overdue_only: bool = False


def open_action_items(
    user: Any, filters: ActionItemFilters | None = None, on: datetime.date | None = None
) -> QuerySet[ActionItem]:
    """Open items the user may see, soonest due first."""
    chosen = filters or ActionItemFilters()
    items = action_items_visible_to(user).filter(status=ActionItemStatus.OPEN)
    if chosen.body is not None:
        items = items.filter(body=chosen.body)
    if chosen.owner is not None:
        items = items.filter(owner_person=chosen.owner)
    if chosen.overdue_only:
        items = items.filter(due_on__lt=on or timezone.localdate())
    return items.order_by("due_on", "pk")


def my_action_items(user: Any) -> QuerySet[ActionItem]:
    """Items the user's directory entry owns, open ones first, each group soonest due first."""
    person = person_of(user)
    if person is None:
        return ActionItem.objects.none()
    return action_items_visible_to(user).filter(owner_person=person).order_by("-status", "due_on")


def action_item_owners(user: Any) -> QuerySet[Person]:
    """People who own open items the user may see (for the owner filter)."""
    owner_ids = (
        action_items_visible_to(user)
        .filter(status=ActionItemStatus.OPEN, owner_person__isnull=False)
        .values("owner_person_id")
    )
    return Person.objects.filter(pk__in=owner_ids).select_related("organization")


def meeting_action_items(meeting: Meeting) -> QuerySet[ActionItem]:
    return meeting.action_items.select_related(
        "owner_person", "owner_body", "report_back_meeting"
    ).order_by("due_on", "pk")


def open_action_items_of_body(body: Body) -> QuerySet[ActionItem]:
    """The body's open items, which every later agenda of the body carries until they close."""
    return (
        ActionItem.objects.filter(body=body, status=ActionItemStatus.OPEN)
        .select_related("owner_person", "owner_body", "report_back_meeting", "meeting")
        .order_by("due_on", "pk")
    )


# --- Feedback ------------------------------------------------------------------------------------


class FeedbackState:
    """Why a person may or may not answer a meeting's survey, as a code the page explains."""

    OPEN = "open"
    ANSWERED = "answered"
    NOT_STARTED = "not_started"
    CANCELLED = "cancelled"
    NOT_ELIGIBLE = "not_eligible"


def may_give_feedback(user: Any, meeting: Meeting) -> bool:
    """Current members of the body, and anyone recorded present at the meeting."""
    if is_body_member(user, meeting.body):
        return True
    person = person_of(user)
    return (
        person is not None
        and meeting.attendance.filter(person=person, status=AttendanceStatus.PRESENT).exists()
    )


def has_answered(person: Person, meeting: Meeting) -> bool:
    return FeedbackReceipt.objects.filter(meeting=meeting, person=person).exists()


def feedback_state(user: Any, meeting: Meeting, now: datetime.datetime | None = None) -> str:
    if meeting.is_cancelled:
        return FeedbackState.CANCELLED
    if meeting.starts_at > (now or timezone.now()):
        return FeedbackState.NOT_STARTED
    person = person_of(user)
    if person is None or not may_give_feedback(user, meeting):
        return FeedbackState.NOT_ELIGIBLE
    if has_answered(person, meeting):
        return FeedbackState.ANSWERED
    return FeedbackState.OPEN


def can_see_feedback_results(user: Any, body: Body) -> bool:
    return is_body_member(user, body) or can_run_body_meetings(user, body)


@dataclass(frozen=True)
class FeedbackComment:
    rating: int
    text: str
    respondent: str  # empty for an anonymous answer
    submitted_on: datetime.date | None


@dataclass(frozen=True)
class FeedbackResults:
    meeting: Meeting
    count: int
    average: float | None
    distribution: list[tuple[int, int]]  # (rating, how many), 5 down to 1
    comments: list[FeedbackComment] = field(default_factory=list)

    @property
    def highest_count(self) -> int:
        return max((count for _, count in self.distribution), default=0)


def get_feedback_results_for(user: Any, meeting_pk: int) -> FeedbackResults:
    meeting = get_meeting_for(user, meeting_pk)
    if not can_see_feedback_results(user, meeting.body):
        raise Http404("No such results.")
    return feedback_results(meeting)


def feedback_results(meeting: Meeting) -> FeedbackResults:
    # Ordered by rating and text, not by when they came in, so the order of answers cannot be
    # lined up with who answered when.
    responses = list(
        FeedbackResponse.objects.filter(meeting=meeting)
        .select_related("respondent")
        .order_by("-rating", "comment")
    )
    counts = Counter(response.rating for response in responses)
    total = len(responses)
    return FeedbackResults(
        meeting=meeting,
        count=total,
        average=(sum(r.rating for r in responses) / total) if total else None,
        distribution=[(rating, counts.get(rating, 0)) for rating in range(5, 0, -1)],
        comments=[
            FeedbackComment(
                rating=response.rating,
                text=response.comment,
                respondent=response.respondent.full_name if response.respondent else "",
                submitted_on=response.submitted_on,
            )
            for response in responses
            if response.comment.strip()
        ],
    )


@dataclass(frozen=True)
class FeedbackTrendPoint:
    meeting: Meeting
    count: int
    average: float


def get_body_for_feedback_trend(user: Any, pk: int) -> Body:
    body = Body.objects.filter(pk=pk).first()
    if body is None or not can_see_body_business(user, body):
        raise Http404("No such body.")
    if not can_see_feedback_results(user, body):
        raise Http404("No such body.")
    return body


def feedback_trend(body: Body) -> list[FeedbackTrendPoint]:
    """Average rating per meeting of the body, oldest first (meetings with answers only)."""
    meetings = (
        Meeting.objects.filter(body=body, feedback__isnull=False)
        .annotate(answers=Count("feedback"), average=Avg("feedback__rating"))
        .order_by("starts_at")
    )
    return [
        FeedbackTrendPoint(meeting=m, count=m.answers, average=float(m.average)) for m in meetings
    ]


# --- Attendance ----------------------------------------------------------------------------------


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a day in the task force's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min),
        timezone.get_default_timezone(),
    )


def _period_q(since: datetime.date, until: datetime.date, prefix: str = "") -> Q:
    """Meetings starting between two days, inclusive, in the task force's time zone."""
    return Q(**{f"{prefix}starts_at__gte": _day_start(since)}) & Q(
        **{f"{prefix}starts_at__lt": _day_start(until + datetime.timedelta(days=1))}
    )


def attendance_bodies(user: Any) -> QuerySet[Body]:
    """Bodies whose attendance the user may look at: those whose business they may see."""
    return Body.objects.filter(business_visible_q(user)).order_by("order", "name")


@dataclass(frozen=True)
class AttendanceRate:
    """Roll lines of a person or organization at the held meetings of a period."""

    label: str
    detail: str  # a person's organization; empty for an organization
    expected: int  # roll lines: meetings they were on the roll of
    present: int
    excused: int
    late: int

    @property
    def absent(self) -> int:
        return self.expected - self.present - self.excused

    @property
    def rate(self) -> int | None:
        """Present as a whole percentage of the roll lines, None without any."""
        return round(100 * self.present / self.expected) if self.expected else None


@dataclass(frozen=True)
class QuietOrganization:
    organization: Organization
    last_present: datetime.datetime | None


@dataclass(frozen=True)
class AttendanceReport:
    body: Body
    since: datetime.date
    until: datetime.date
    meetings_held: int
    people: list[AttendanceRate]
    organizations: list[AttendanceRate]
    quiet_organizations: list[QuietOrganization]
    quiet_days: int


def _rates(lines: QuerySet[Attendance], *group: str) -> QuerySet[Attendance, dict[str, Any]]:
    return (
        lines.values(*group)
        .annotate(
            expected=Count("pk"),
            present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
            excused=Count("pk", filter=Q(status=AttendanceStatus.EXCUSED)),
            late=Count("pk", filter=Q(arrived_late=True)),
        )
        .order_by(*group)
    )


def attendance_report(
    user: Any,
    body: Body,
    since: datetime.date,
    until: datetime.date,
    *,
    quiet_days: int = QUIET_DAYS_DEFAULT,
    now: datetime.datetime | None = None,
) -> AttendanceReport:
    """Attendance at the body's held meetings between two days (inclusive).

    A person's rate is present / the roll lines they have at those meetings (the meetings they
    were expected at); excused absences are counted apart. Organizations are counted by the
    organization each person was introduced for. "Quiet" organizations are active members of the
    task force with nobody present at any of the body's meetings in the last `quiet_days` days.
    Five queries, whatever the size of the data.
    """
    if not can_see_body_business(user, body):
        raise Http404("No such body.")
    moment = now or timezone.now()
    held = Meeting.objects.filter(Q(body=body) & held_meetings_q(moment) & _period_q(since, until))
    lines = Attendance.objects.filter(meeting__in=held.values("pk"))
    people = [
        AttendanceRate(
            label=f"{row['person__first_name']} {row['person__last_name']}",
            detail=row["person__organization__name"] or "",
            expected=row["expected"],
            present=row["present"],
            excused=row["excused"],
            late=row["late"],
        )
        for row in _rates(
            lines,
            "person__last_name",
            "person__first_name",
            "person_id",
            "person__organization__name",
        )
    ]
    organizations = [
        AttendanceRate(
            label=row["organization__name"] or "No organization",
            detail="",
            expected=row["expected"],
            present=row["present"],
            excused=row["excused"],
            late=row["late"],
        )
        for row in _rates(lines, "organization__name", "organization_id")
    ]
    present_at_body = Attendance.objects.filter(
        meeting__body=body,
        status=AttendanceStatus.PRESENT,
        meeting__starts_at__lte=moment,
    ).exclude(meeting__status=MeetingStatus.CANCELLED)
    # One grouped pass over the body's roll lines, rather than a subquery per organization.
    last_present = dict(
        present_at_body.filter(organization__isnull=False)
        .order_by()
        .values_list("organization_id")
        .annotate(last=Max("meeting__starts_at"))
    )
    cutoff = moment - datetime.timedelta(days=quiet_days)
    quiet = [
        QuietOrganization(organization=org, last_present=last_present.get(org.pk))
        for org in member_organizations()
        if last_present.get(org.pk) is None or last_present[org.pk] < cutoff
    ]
    return AttendanceReport(
        body=body,
        since=since,
        until=until,
        meetings_held=held.count(),
        people=people,
        organizations=organizations,
        quiet_organizations=quiet,
        quiet_days=quiet_days,
    )


def default_report_period(
    today: datetime.date | None = None,
) -> tuple[datetime.date, datetime.date]:
    until = today or timezone.localdate()
    return until - datetime.timedelta(days=REPORT_DEFAULT_DAYS - 1), until


def body_attendance(
    body: Body, person_ids: Any, since: datetime.date, until: datetime.date
) -> BodyAttendance:
    """The governance attendance source: the body's held meetings between two days (inclusive),
    as the days they took place in their own time zone, and who was present or excused.

    Held means started by now and not cancelled (see `held_meetings_q`). Two queries.
    """
    held = list(
        # A day's margin each side: the period is counted in each meeting's own time zone.
        Meeting.objects.filter(
            Q(body=body) & held_meetings_q() & _period_q(since - ONE_DAY, until + ONE_DAY)
        )
        .order_by("starts_at")
        .values_list("pk", "starts_at", "time_zone")
    )
    day_of: dict[int, datetime.date] = {}
    for pk, starts_at, zone_name in held:
        day = timezone.localtime(starts_at, _zone(zone_name)).date()
        if since <= day <= until:
            day_of[pk] = day
    result = BodyAttendance(meetings_held=sorted(day_of.values()))
    ids = list(person_ids)
    if not day_of or not ids:
        return result
    lines = Attendance.objects.filter(
        meeting_id__in=list(day_of),
        person_id__in=ids,
        status__in=[AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED],
    ).values_list("person_id", "meeting_id", "status")
    for person_id, meeting_id, status in lines:
        target = result.present if status == AttendanceStatus.PRESENT else result.excused
        target.setdefault(person_id, []).append(day_of[meeting_id])
    for dates in (*result.present.values(), *result.excused.values()):
        dates.sort()
    return result


def _zone(name: str) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


# --- The meeting page's proceedings panel --------------------------------------------------------

# Read out at the start of every meeting; the runner records that it was.
CONFIDENTIALITY_REMINDER = (
    "Before we begin: what is said in this room stays in this room.",
    "Do not name victims or survivors, and do not share anything that could identify them — "
    "addresses, workplaces, photographs, family details or immigration status — here, in the "
    "minutes, or afterwards. Refer to cases only by their reference code.",
    "Information about an investigation or a client that you hear today is shared for the "
    "purpose of this meeting only. Do not pass it on to anyone outside this meeting, including "
    "colleagues, without the permission of the agency that shared it.",
    "If you are unsure whether something can be shared, do not share it: ask the chair after the "
    "meeting.",
)


@dataclass(frozen=True)
class RollCounts:
    present: int = 0
    absent: int = 0
    excused: int = 0
    late: int = 0


@dataclass(frozen=True)
class ProceedingsPanel:
    meeting: Meeting
    can_run: bool
    day_has_come: bool
    introductions: list[Attendance]
    counts: RollCounts
    minutes: Minutes | None
    can_read_minutes: bool
    action_items: list[ActionItem]
    feedback_state: str
    can_see_feedback_results: bool
    reminder: tuple[str, ...] = CONFIDENTIALITY_REMINDER

    @property
    def has_training(self) -> bool:
        return bool(self.meeting.training_topic)


def proceedings_panel(user: Any, meeting: Meeting, can_run: bool) -> ProceedingsPanel:
    """What the meeting page shows of the roll, reminder, training, minutes, action items and
    feedback, for a user who can see the meeting."""
    lines = list(introductions(meeting))
    statuses = Counter(line.status for line in lines)
    minutes = minutes_of(meeting)
    reads_unadopted = can_read_unadopted_minutes(user, meeting.body)
    return ProceedingsPanel(
        meeting=meeting,
        can_run=can_run,
        day_has_come=meeting_day_has_come(meeting) and not meeting.is_cancelled,
        introductions=lines,
        counts=RollCounts(
            present=statuses[AttendanceStatus.PRESENT],
            absent=statuses[AttendanceStatus.ABSENT],
            excused=statuses[AttendanceStatus.EXCUSED],
            late=sum(1 for line in lines if line.arrived_late),
        ),
        minutes=minutes,
        can_read_minutes=minutes is not None
        and (reads_unadopted or minutes.status == MinutesStatus.ADOPTED),
        action_items=list(meeting_action_items(meeting)),
        feedback_state=feedback_state(user, meeting),
        can_see_feedback_results=can_see_feedback_results(user, meeting.body),
    )


def present_at(meeting_id: int) -> set[int]:
    """The people (ids) the roll records as present at a meeting; decisions count quorum by it."""
    return set(
        Attendance.objects.filter(
            meeting_id=meeting_id, status=AttendanceStatus.PRESENT
        ).values_list("person_id", flat=True)
    )
