"""Reads of meetings, agendas and calendar feeds that depend on who is asking.

A meeting is visible to whoever may see its body's business (governance.permissions) and to the
people invited to it as guests; everything else answers 404. The meetings list reads a fixed
number of queries whatever the number of meetings: counts of agenda items come from subqueries,
never from a query per row.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from taskforce.core.access import MEMBER
from taskforce.directory.models import Person
from taskforce.directory.permissions import person_of
from taskforce.governance import selectors as governance_selectors
from taskforce.governance.models import Body, BodyKind
from taskforce.governance.permissions import (
    business_visible_q,
    can_run_body_meetings,
    current_seats,
    is_body_member,
    runs_any_body,
)
from taskforce.meetings.agenda_sources import CarriedAgendaEntry, carried_entries
from taskforce.meetings.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AgendaItemStatus,
    CalendarFeed,
    Meeting,
    MeetingStatus,
)

PAGE_SIZE = 25
# A calendar feed shows the recent past too, so last month's meeting is still there to look up.
FEED_HISTORY_DAYS = 60
# New task forces should meet at least monthly for their first six months.
CADENCE_MONTHS = 6
CADENCE_MAX_GAP_DAYS = 31
CADENCE_WARNING = "New task forces should meet at least monthly for their first six months"

Period = Literal["upcoming", "past", "all"]
PERIODS: dict[str, str] = {"upcoming": "Upcoming", "past": "Past", "all": "All"}


# --- Who may see and do what ---------------------------------------------------------------------


def _guest_meeting_ids(person: Person) -> QuerySet[Any]:
    return Meeting.guests.through.objects.filter(person=person).values("meeting_id")


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Meetings of bodies whose business the user may see, plus those they are a guest at."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Meeting.objects.none()
    condition = business_visible_q(user, "body__")
    person = person_of(user)
    if person is not None:
        condition |= Q(pk__in=_guest_meeting_ids(person))
    return Meeting.objects.filter(condition)


def get_meeting_for(user: Any, pk: int) -> Meeting:
    return get_object_or_404(
        meetings_visible_to(user).select_related("body", "facilitator", "series"), pk=pk
    )


def can_run_meeting(user: Any, meeting: Meeting) -> bool:
    """Officers of the body, and coordinators who may see its business."""
    return can_run_body_meetings(user, meeting.body)


def can_propose_items(user: Any, meeting: Meeting) -> bool:
    """Members of the body (not visitors observing it), and those who run its meetings."""
    if can_run_meeting(user, meeting):
        return True
    return MEMBER.allows(user) and is_body_member(user, meeting.body)


def get_runnable_meeting_for(user: Any, pk: int) -> Meeting:
    """A meeting the user runs; any other answers 404, like a meeting they may not see."""
    meeting = get_meeting_for(user, pk)
    if not can_run_meeting(user, meeting):
        raise Http404("No such meeting.")
    return meeting


def get_agenda_item_for(user: Any, pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.filter(meeting__in=meetings_visible_to(user)).select_related(
            "meeting", "meeting__body", "proposed_by", "presenter"
        ),
        pk=pk,
    )


def get_runnable_agenda_item_for(user: Any, pk: int) -> AgendaItem:
    """An agenda item of a meeting the user runs; any other answers 404."""
    item = get_agenda_item_for(user, pk)
    if not can_run_meeting(user, item.meeting):
        raise Http404("No such agenda item.")
    return item


def bodies_with_visible_business(user: Any) -> QuerySet[Body]:
    """Bodies whose meetings the user may see, for the list's filter."""
    return Body.objects.filter(business_visible_q(user)).order_by("order", "name")


def bodies_user_can_schedule_for(user: Any) -> list[Body]:
    """Active bodies whose meetings the user runs."""
    if not runs_any_body(user):
        return []
    bodies = Body.objects.filter(is_active=True).order_by("order", "name")
    return [body for body in bodies if can_run_body_meetings(user, body)]


# --- The meetings list ---------------------------------------------------------------------------


def _agenda_item_count(status: str) -> Coalesce:
    counted = (
        AgendaItem.objects.filter(meeting=OuterRef("pk"), status=status)
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def meeting_list(
    user: Any,
    *,
    body: Body | None = None,
    period: Period = "upcoming",
    now: datetime.datetime | None = None,
) -> QuerySet[Meeting]:
    """Visible meetings with their body, facilitator and agenda counts; soonest or latest first."""
    moment = now or timezone.now()
    meetings = meetings_visible_to(user)
    if body is not None:
        meetings = meetings.filter(body=body)
    if period == "upcoming":
        meetings = meetings.filter(ends_at__gte=moment).order_by("starts_at", "pk")
    elif period == "past":
        meetings = meetings.filter(ends_at__lt=moment).order_by("-starts_at", "-pk")
    else:
        meetings = meetings.order_by("-starts_at", "-pk")
    return meetings.select_related("body", "facilitator").annotate(
        accepted_items=_agenda_item_count(AgendaItemStatus.ACCEPTED),
        proposed_items=_agenda_item_count(AgendaItemStatus.PROPOSED),
    )


def agenda_state(meeting: Meeting, now: datetime.datetime | None = None) -> str:
    """How the agenda stands, in a few words (uses the counts `meeting_list` annotates)."""
    moment = now or timezone.now()
    if meeting.is_cancelled:
        return "Cancelled"
    accepted = getattr(meeting, "accepted_items", 0)
    proposed = getattr(meeting, "proposed_items", 0)
    counts = f"{accepted} item{'s' if accepted != 1 else ''}"
    if proposed:
        counts += f", {proposed} proposed"
    if meeting.agenda_circulated_at is not None:
        return f"Circulated · {counts}"
    if meeting.agenda_deadline is not None and moment < meeting.agenda_deadline:
        return f"Open for proposals · {counts}"
    return f"Proposals closed · {counts}"


# --- The agenda of one meeting -------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaLine:
    item: AgendaItem
    number: int
    starts_at: datetime.datetime  # in the meeting's time zone
    ends_at: datetime.datetime
    running_minutes: int


@dataclass(frozen=True)
class Agenda:
    meeting: Meeting
    lines: list[AgendaLine]
    proposed: list[AgendaItem]
    declined: list[AgendaItem]
    total_minutes: int
    meeting_minutes: int

    @property
    def over_by(self) -> int:
        return max(0, self.total_minutes - self.meeting_minutes)

    @property
    def untimed(self) -> int:
        return sum(1 for line in self.lines if line.item.minutes_allotted is None)


def meeting_minutes(meeting: Meeting) -> int:
    return int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)


def agenda_of(meeting: Meeting) -> Agenda:
    """Accepted items in order with their times, then the proposals and declined items."""
    items = list(
        meeting.agenda_items.exclude(status=AgendaItemStatus.WITHDRAWN)
        .select_related("presenter", "proposed_by")
        .order_by("order", "pk")
    )
    lines: list[AgendaLine] = []
    clock = meeting.local_start
    running = 0
    accepted = [item for item in items if item.status == AgendaItemStatus.ACCEPTED]
    for number, item in enumerate(accepted, start=1):
        minutes = item.minutes_allotted or 0
        running += minutes
        end = clock + datetime.timedelta(minutes=minutes)
        lines.append(AgendaLine(item, number, clock, end, running))
        clock = end
    return Agenda(
        meeting=meeting,
        lines=lines,
        proposed=[item for item in items if item.status == AgendaItemStatus.PROPOSED],
        declined=[item for item in items if item.status == AgendaItemStatus.DECLINED],
        total_minutes=running,
        meeting_minutes=meeting_minutes(meeting),
    )


def declined_items_for(user: Any, agenda: Agenda) -> list[AgendaItem]:
    """Declined items and their reasons are for the proposer and those who decided."""
    if can_run_meeting(user, agenda.meeting):
        return agenda.declined
    viewer = person_of(user)
    return [
        item for item in agenda.declined if viewer is not None and item.proposed_by_id == viewer.pk
    ]


@dataclass(frozen=True)
class CarriedForward:
    action_items: list[ActionItem]
    entries: list[CarriedAgendaEntry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.action_items or self.entries)


def carried_forward(meeting: Meeting) -> CarriedForward:
    """Open action items the body handed out before this meeting, and other apps' report-backs."""
    assigned_before = Q(meeting__starts_at__lt=meeting.starts_at) | Q(
        meeting__isnull=True, created_at__lt=meeting.starts_at
    )
    items = (
        ActionItem.objects.filter(body=meeting.body, status=ActionItemStatus.OPEN)
        .filter(assigned_before)
        .select_related("owner_person", "owner_body", "meeting", "report_back_meeting")
        .order_by("due_on", "pk")
    )
    return CarriedForward(list(items), carried_entries(meeting))


# --- Circulation ---------------------------------------------------------------------------------


def circulation_day(meeting: Meeting) -> datetime.date:
    """The day the agenda is due to go out: the body's circulation days before the meeting."""
    days = meeting.body.agenda_circulation_days
    return meeting.local_start.date() - datetime.timedelta(days=days)


def agendas_due_for_circulation(on: datetime.date | None = None) -> list[Meeting]:
    """Scheduled meetings still ahead whose circulation day has come and whose agenda has not
    gone out, soonest first."""
    today = on or timezone.localdate()
    start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    # The database narrows by each notice period the bodies use (a day's margin for meetings in
    # other time zones); the exact day is then checked in the meeting's own zone.
    notices = Body.objects.order_by().values_list("agenda_circulation_days", flat=True).distinct()
    due = Q(pk__in=[])
    for days in notices:
        horizon = start_of_day + datetime.timedelta(days=days + 2)
        due |= Q(body__agenda_circulation_days=days, starts_at__lt=horizon)
    candidates = (
        Meeting.objects.filter(
            due,
            status=MeetingStatus.SCHEDULED,
            agenda_circulated_at__isnull=True,
            starts_at__gte=start_of_day,
        )
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    return [meeting for meeting in candidates if circulation_day(meeting) <= today]


def agendas_due_for(user: Any, on: datetime.date | None = None) -> list[Meeting]:
    """The due agendas of meetings this user runs."""
    if not runs_any_body(user):
        return []
    return [m for m in agendas_due_for_circulation(on) if can_run_body_meetings(user, m.body)]


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


def circulation_recipients(meeting: Meeting, on: datetime.date | None = None) -> list[Recipient]:
    """Current members of the body and the meeting's guests who have an e-mail address, once
    each (addresses compared without case)."""
    members = governance_selectors.seats_on(meeting.body, on).values("person_id")
    guests = Meeting.guests.through.objects.filter(meeting=meeting).values("person_id")
    people = (
        Person.objects.filter(Q(pk__in=members) | Q(pk__in=guests), is_active=True)
        .exclude(email="")
        .order_by("last_name", "first_name", "pk")
    )
    seen: set[str] = set()
    recipients = []
    for person in people:
        key = person.email.strip().lower()
        if key not in seen:
            seen.add(key)
            recipients.append(Recipient(person.full_name, person.email.strip()))
    return recipients


# --- First six months ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceGap:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class CadenceGaps:
    message: str
    formed_on: datetime.date
    period_end: datetime.date  # the first day after the first six months
    gaps: list[CadenceGap]
    missing_months: list[datetime.date]  # the first day of each month without a meeting


def _general_body_meeting_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    # A day's margin either side: the local date of a meeting may differ from the UTC date.
    margin = datetime.timedelta(days=1)
    meetings = Meeting.objects.filter(
        body__kind=BodyKind.GENERAL_BODY,
        starts_at__date__gte=start - margin,
        starts_at__date__lt=end + margin,
    ).exclude(status=MeetingStatus.CANCELLED)
    days = {meeting.local_start.date() for meeting in meetings.only("starts_at", "time_zone")}
    return sorted(day for day in days if start <= day < end)


def monthly_cadence_gaps(on: datetime.date | None = None) -> CadenceGaps | None:
    """Where the general body falls short of meeting monthly in the task force's first six months.

    None when the charter has no formation date, the first six months are over, or no two
    consecutive meetings (counting the formation day and the end of the six months) are more
    than 31 days apart. Cancelled meetings do not count.
    """
    charter = governance_selectors.current_charter()
    if charter is None or charter.formed_on is None:
        return None
    today = on or timezone.localdate()
    start = charter.formed_on
    end = start + relativedelta(months=CADENCE_MONTHS)
    if today >= end:
        return None
    days = _general_body_meeting_days(start, end)
    boundaries = [start, *days, end]
    gaps = [
        CadenceGap(a, b)
        for a, b in itertools.pairwise(boundaries)
        if (b - a).days > CADENCE_MAX_GAP_DAYS
    ]
    if not gaps:
        return None
    return CadenceGaps(
        message=CADENCE_WARNING,
        formed_on=start,
        period_end=end,
        gaps=gaps,
        missing_months=_months_without_meetings(start, end, days, gaps),
    )


def _months_without_meetings(
    start: datetime.date,
    end: datetime.date,
    days: Iterable[datetime.date],
    gaps: list[CadenceGap],
) -> list[datetime.date]:
    """Calendar months of the period that have no meeting and lie inside a gap that is too long
    (a month that the formation day cuts short is not missing when the first meeting is soon)."""
    meeting_days = list(days)
    missing = []
    month = start.replace(day=1)
    while month < end:
        following = month + relativedelta(months=1)
        low, high = max(month, start), min(following, end)
        empty = not any(low <= day < high for day in meeting_days)
        if empty and any(gap.start <= low and high <= gap.end for gap in gaps):
            missing.append(month)
        month = following
    return missing


# --- Calendar feeds ------------------------------------------------------------------------------


def live_calendar_feed(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_meetings_for(user: Any, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings the user should attend, from 60 days ago on: those of bodies where they hold a
    seat today and those they are invited to, never one they could not see."""
    since = (now or timezone.now()) - datetime.timedelta(days=FEED_HISTORY_DAYS)
    expected = Q(body_id__in=list(current_seats(user)))
    person = person_of(user)
    if person is not None:
        expected |= Q(pk__in=_guest_meeting_ids(person))
    return (
        meetings_visible_to(user)
        .filter(expected, starts_at__gte=since)
        .select_related("body")
        .order_by("starts_at", "pk")
    )
