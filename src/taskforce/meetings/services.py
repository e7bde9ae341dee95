"""Every change to meetings, series, agendas, their circulation, and calendar feeds.

Each function takes the acting user first, checks the rule (governance.permissions decides who
runs a body's meetings), validates, changes the data and records the audit event in one
transaction. Invalid input raises `ValidationError` with field errors that views attach to their
forms; a mail server that will not take the agenda or a cancellation raises `MeetingMailError`
and nothing is recorded as sent.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import zoneinfo
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from taskforce.core import audit
from taskforce.core.access import SIGNED_IN
from taskforce.core.mail import deliver
from taskforce.core.services_support import (
    Direction,
    assign_fields,
    created_changes,
    next_order,
    swap_with_neighbour,
)
from taskforce.directory.models import Person
from taskforce.directory.permissions import person_of
from taskforce.governance.models import Body
from taskforce.governance.permissions import can_run_body_meetings
from taskforce.meetings import ical, selectors
from taskforce.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    CalendarFeed,
    Frequency,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    validate_time_zone,
)

MEETING_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "time_zone",
    "location",
    "video_link",
    "facilitator",
    "agenda_deadline",
)
MEETING_AUDIT_FIELDS = ("body", *MEETING_FIELDS, "guests", "status", "calendar_sequence")
# A change to any of these moves the meeting in people's calendars: the sequence goes up.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "time_zone", "location", "video_link")
SERIES_FIELDS = (
    "title",
    "frequency",
    "first_starts_at",
    "duration_minutes",
    "time_zone",
    "occurrences",
    "location",
    "video_link",
)
AGENDA_ITEM_FIELDS = (
    "title",
    "description",
    "kind",
    "case_references",
    "presenter",
    "minutes_allotted",
)
AGENDA_ITEM_AUDIT_FIELDS = (*AGENDA_ITEM_FIELDS, "status", "decline_reason", "order")

# The feed page is fetched by calendar apps every few minutes; record use only once an hour.
FEED_USE_RESOLUTION = datetime.timedelta(hours=1)

PLACE_REQUIRED = "Give a place, a video link, or both."


class MeetingMailError(Exception):
    """The mail server did not take the messages; nothing was recorded as sent."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- Shared pieces -------------------------------------------------------------------------------


def require_runner(actor: Any, body: Body) -> None:
    if not can_run_body_meetings(actor, body):
        raise PermissionDenied(f"Only the officers of {body} and coordinators run its meetings.")


def absolute_url(path: str, request: HttpRequest | None) -> str:
    """The full address of a page, for mail and calendars read away from the site."""
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL}{path}"


def meeting_url(meeting: Meeting, request: HttpRequest | None = None) -> str:
    return absolute_url(reverse("meetings:detail", kwargs={"pk": meeting.pk}), request)


def _local(moment: datetime.datetime, meeting: Meeting) -> str:
    return f"{timezone.localtime(moment, meeting.zone):%Y-%m-%d %H:%M %Z}"


def local_datetime(day: datetime.date, time: datetime.time, zone: str) -> datetime.datetime:
    """A wall-clock time on a day in a named time zone, as an aware datetime."""
    validate_time_zone(zone)
    return datetime.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(zone))


def _check_person_active(field: str, person: Person | None, previous: Person | None) -> None:
    if person is not None and person != previous and not person.is_active:
        raise ValidationError({field: f"{person} is no longer active in the directory."})


def _check_time_zone(name: str) -> None:
    try:
        validate_time_zone(name)
    except ValidationError as error:
        raise ValidationError({"time_zone": error.messages}) from error


def _default_deadline(meeting: Meeting) -> datetime.datetime:
    """The body's notice before the start, at the same time on the meeting's clock."""
    _check_time_zone(meeting.time_zone)
    local_start = timezone.localtime(meeting.starts_at, zoneinfo.ZoneInfo(meeting.time_zone))
    return local_start - datetime.timedelta(days=meeting.body.agenda_solicitation_days)


def _validate_meeting(meeting: Meeting, previous_facilitator: Person | None = None) -> None:
    errors: dict[str, str] = {}
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = "The meeting must end after it starts."
    if not (meeting.location or "").strip() and not (meeting.video_link or "").strip():
        errors["location"] = PLACE_REQUIRED
    if (
        meeting.agenda_deadline is not None
        and meeting.starts_at
        and meeting.agenda_deadline > meeting.starts_at
    ):
        errors["agenda_deadline"] = "Proposals must close before the meeting starts."
    if errors:
        raise ValidationError(errors)
    _check_person_active("facilitator", meeting.facilitator, previous_facilitator)
    meeting.full_clean(exclude=["guests"])


def _check_guests(guests: Sequence[Person], previous: Iterable[Person] = ()) -> None:
    earlier = {person.pk for person in previous}
    inactive = [str(p) for p in guests if p.pk not in earlier and not p.is_active]
    if inactive:
        raise ValidationError(
            {"guests": f"No longer active in the directory: {', '.join(sorted(inactive))}."}
        )


# --- Meetings ------------------------------------------------------------------------------------


def schedule_meeting(
    actor: Any, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Meeting:
    """Schedule one meeting of a body.

    `data`: body, title, starts_at and ends_at (aware datetimes), time_zone, location and/or
    video_link, facilitator (a Person or None), guests (people invited to this meeting only),
    agenda_deadline (None: the body's agenda_solicitation_days before the start).
    """
    fields = dict(data)
    body: Body = fields.pop("body")
    guests = list(fields.pop("guests", []) or [])
    require_runner(actor, body)
    if not body.is_active:
        raise ValidationError({"body": f"{body} is no longer active."})
    meeting = Meeting(body=body)
    assign_fields(meeting, fields, MEETING_FIELDS)
    if meeting.agenda_deadline is None and meeting.starts_at:
        meeting.agenda_deadline = _default_deadline(meeting)
    _validate_meeting(meeting)
    _check_guests(guests)
    with transaction.atomic():
        meeting.save()
        meeting.guests.set(guests)
        audit.record(
            actor,
            "meetings.meeting.scheduled",
            meeting,
            changes=created_changes(meeting, MEETING_AUDIT_FIELDS),
            request=request,
        )
    return meeting


def update_meeting(
    actor: Any, meeting: Meeting, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Meeting:
    """Change a meeting's details (not its body). A new time or place raises the calendar
    sequence so invitations already sent are updated, not duplicated."""
    fields = dict(data)
    guests = fields.pop("guests", None)
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("body")
            .get(pk=meeting.pk)
        )
        require_runner(actor, meeting.body)
        if meeting.is_cancelled:
            raise ValidationError("A cancelled meeting cannot be changed.")
        before = audit.snapshot(meeting, MEETING_AUDIT_FIELDS)
        previous_guests = list(meeting.guests.all())
        previous_facilitator = meeting.facilitator
        assign_fields(meeting, fields, MEETING_FIELDS)
        if meeting.agenda_deadline is None:
            meeting.agenda_deadline = _default_deadline(meeting)
        _validate_meeting(meeting, previous_facilitator)
        if guests is not None:
            _check_guests(list(guests), previous_guests)
        calendar_before = {name: before[name] for name in CALENDAR_FIELDS}
        if audit.diff(calendar_before, audit.snapshot(meeting, CALENDAR_FIELDS)):
            meeting.calendar_sequence += 1
        meeting.save()
        if guests is not None:
            meeting.guests.set(list(guests))
        changes = audit.diff(before, audit.snapshot(meeting, MEETING_AUDIT_FIELDS))
        if changes:
            audit.record(
                actor, "meetings.meeting.updated", meeting, changes=changes, request=request
            )
    return meeting


def mark_meeting_held(
    actor: Any, meeting: Meeting, *, request: HttpRequest | None = None
) -> Meeting:
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("body")
            .get(pk=meeting.pk)
        )
        require_runner(actor, meeting.body)
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ValidationError(f"The meeting is {meeting.get_status_display().lower()}.")
        if meeting.starts_at > timezone.now():
            raise ValidationError("The meeting has not started yet.")
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])
        audit.record(
            actor,
            "meetings.meeting.held",
            meeting,
            changes={"status": {"from": MeetingStatus.SCHEDULED, "to": MeetingStatus.HELD}},
            request=request,
        )
    return meeting


def cancel_meeting(
    actor: Any, meeting: Meeting, reason: str, *, request: HttpRequest | None = None
) -> int:
    """Cancel a meeting; if its agenda went out, everyone who got it is sent a cancellation that
    removes it from their calendar. Returns how many were sent. If the mail server refuses,
    the meeting stays scheduled and `MeetingMailError` says why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the meeting is cancelled; the notice says so."})
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    require_runner(actor, meeting.body)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(f"The meeting is already {meeting.get_status_display().lower()}.")
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancellation_reason = reason
    meeting.calendar_sequence += 1
    recipients = selectors.circulation_recipients(meeting) if meeting.agenda_circulated_at else []
    if recipients:
        url = meeting_url(meeting, request)
        calendar = ical.cancellation(meeting, url)
        send_meeting_mail(
            actor,
            meeting,
            [
                _message(meeting, recipient, "cancellation", {"url": url}, calendar, ical.CANCEL)
                for recipient in recipients
            ],
            "cancellation",
            request,
        )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        if locked.status != MeetingStatus.SCHEDULED:
            raise ValidationError(f"The meeting is already {locked.get_status_display().lower()}.")
        locked.status = MeetingStatus.CANCELLED
        locked.cancellation_reason = reason
        locked.calendar_sequence = max(locked.calendar_sequence + 1, meeting.calendar_sequence)
        locked.save(
            update_fields=["status", "cancellation_reason", "calendar_sequence", "updated_at"]
        )
        audit.record(
            actor,
            "meetings.meeting.cancelled",
            locked,
            changes={
                "status": {"from": MeetingStatus.SCHEDULED, "to": MeetingStatus.CANCELLED},
                "cancellation_reason": {"from": "", "to": reason},
                "notices_sent": len(recipients),
            },
            request=request,
        )
    return len(recipients)


# --- Series --------------------------------------------------------------------------------------


def _nth_weekday(day: datetime.date) -> rrule.weekday:
    """The weekday of `day` as "the 2nd Tuesday"; a 5th one is "the last"."""
    nth = (day.day - 1) // 7 + 1
    return rrule.weekdays[day.weekday()](-1 if nth == 5 else nth)


def series_start_times(
    frequency: str, first_start: datetime.datetime, occurrences: int, time_zone: str
) -> list[datetime.datetime]:
    """The start of each meeting of a series, computed on the wall clock of the meeting's time
    zone so that a change to or from daylight saving time keeps 18:00 at 18:00."""
    zone = zoneinfo.ZoneInfo(time_zone)
    local = timezone.localtime(first_start, zone).replace(tzinfo=None)
    rule: dict[str, Any] = {"dtstart": local, "count": occurrences}
    if frequency == Frequency.WEEKLY:
        rule.update(freq=rrule.WEEKLY)
    elif frequency == Frequency.BIWEEKLY:
        rule.update(freq=rrule.WEEKLY, interval=2)
    elif frequency == Frequency.MONTHLY_BY_WEEKDAY:
        rule.update(freq=rrule.MONTHLY, byweekday=_nth_weekday(local))
    elif frequency == Frequency.QUARTERLY:
        rule.update(freq=rrule.MONTHLY, interval=3, byweekday=_nth_weekday(local))
    elif frequency == Frequency.MONTHLY_BY_DATE:
        if local.day <= 28:
            rule.update(freq=rrule.MONTHLY, bymonthday=local.day)
        else:
            # The 30th falls back to the last day in February; the 31st is every month's last.
            rule.update(freq=rrule.MONTHLY, bymonthday=range(28, local.day + 1), bysetpos=-1)
    else:
        raise ValidationError({"frequency": "Choose one of the frequencies listed."})
    return [start.replace(tzinfo=zone) for start in rrule.rrule(**rule)]


def create_series(
    actor: Any, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> MeetingSeries:
    """Create a recurring series and every one of its meetings, in one step.

    `data`: body, title, frequency, first_starts_at (aware), duration_minutes, time_zone,
    occurrences (1–60), location and/or video_link.
    """
    fields = dict(data)
    body: Body = fields.pop("body")
    require_runner(actor, body)
    if not body.is_active:
        raise ValidationError({"body": f"{body} is no longer active."})
    series = MeetingSeries(body=body, created_by=actor if actor.is_authenticated else None)
    assign_fields(series, fields, SERIES_FIELDS)
    if not series.location.strip() and not series.video_link.strip():
        raise ValidationError({"location": PLACE_REQUIRED})
    series.full_clean()
    starts = series_start_times(
        series.frequency, series.first_starts_at, series.occurrences, series.time_zone
    )
    length = datetime.timedelta(minutes=series.duration_minutes)
    notice = datetime.timedelta(days=body.agenda_solicitation_days)
    with transaction.atomic():
        series.save()
        Meeting.objects.bulk_create(
            [
                Meeting(
                    body=body,
                    series=series,
                    title=series.title,
                    starts_at=start,
                    ends_at=start + length,
                    time_zone=series.time_zone,
                    location=series.location,
                    video_link=series.video_link,
                    agenda_deadline=start - notice,
                )
                for start in starts
            ]
        )
        audit.record(
            actor,
            "meetings.series.created",
            series,
            changes={
                **created_changes(series, ("body", *SERIES_FIELDS)),
                "meetings_created": len(starts),
            },
            request=request,
        )
    return series


# --- Agenda items --------------------------------------------------------------------------------


def _item_label(item: AgendaItem) -> str:
    return f"Agenda item: {item.title}"


def _require_open_agenda(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("The meeting was cancelled; its agenda is closed.")
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("The meeting has been held; its agenda is closed.")


def _normalize_references(value: str) -> str:
    parts = [part.strip().upper() for part in (value or "").split(",")]
    return ", ".join(part for part in parts if part)


def _validate_item(item: AgendaItem) -> None:
    item.title = (item.title or "").strip()
    item.case_references = _normalize_references(item.case_references)
    if item.kind == AgendaItemKind.CASE_REVIEW:
        errors = {}
        if not item.case_references:
            errors["case_references"] = (
                "A case review names the cases it reviews by reference code only (e.g. HT-7Q4K2M)."
            )
        if (item.description or "").strip():
            errors["description"] = (
                "Leave the description of a case review empty: the agenda names cases by "
                "reference code only, never by anything about the people in them."
            )
        if errors:
            raise ValidationError(errors)
    item.full_clean()


def _next_order(meeting: Meeting) -> int:
    return next_order(meeting.agenda_items.filter(status=AgendaItemStatus.ACCEPTED))


def _create_item(
    actor: Any,
    meeting: Meeting,
    data: Mapping[str, Any],
    status: str,
    action: str,
    request: HttpRequest | None,
) -> AgendaItem:
    item = AgendaItem(meeting=meeting, status=status, proposed_by=person_of(actor))
    assign_fields(item, data, AGENDA_ITEM_FIELDS)
    _check_person_active("presenter", item.presenter, None)
    _validate_item(item)
    with transaction.atomic():
        # Locking the meeting keeps two additions from taking the same place in the order.
        Meeting.objects.select_for_update(of=("self",)).filter(pk=meeting.pk).first()
        if status == AgendaItemStatus.ACCEPTED:
            item.order = _next_order(meeting)
        item.save()
        audit.record(
            actor,
            action,
            item,
            changes=created_changes(item, AGENDA_ITEM_AUDIT_FIELDS),
            request=request,
            target_label=_item_label(item),
        )
    return item


def propose_agenda_item(
    actor: Any, meeting: Meeting, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> AgendaItem:
    """A member's proposal, open until the meeting's agenda deadline.

    `data`: title, description, kind, case_references (case review only), presenter,
    minutes_allotted (the time asked for).
    """
    if not selectors.can_propose_items(actor, meeting):
        raise PermissionDenied(f"Only members of {meeting.body} propose items for its agenda.")
    _require_open_agenda(meeting)
    deadline = meeting.agenda_deadline
    if deadline is not None and timezone.now() > deadline:
        raise ValidationError(
            f"Proposals closed on {_local(deadline, meeting)}. Ask the meeting's facilitator or "
            "the body's officers to add the item."
        )
    return _create_item(
        actor, meeting, data, AgendaItemStatus.PROPOSED, "meetings.agenda_item.proposed", request
    )


def add_agenda_item(
    actor: Any, meeting: Meeting, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> AgendaItem:
    """An item put straight on the agenda by whoever runs the meeting, deadline or not."""
    require_runner(actor, meeting.body)
    _require_open_agenda(meeting)
    return _create_item(
        actor, meeting, data, AgendaItemStatus.ACCEPTED, "meetings.agenda_item.added", request
    )


def _locked_item(item: AgendaItem) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "meeting__body")
        .get(pk=item.pk)
    )


def _change_item(
    actor: Any,
    item: AgendaItem,
    action: str,
    request: HttpRequest | None,
    change: Callable[[AgendaItem], None],
) -> AgendaItem:
    """Lock the item, check the runner rule and the meeting, apply `change`, save and audit."""
    with transaction.atomic():
        item = _locked_item(item)
        require_runner(actor, item.meeting.body)
        _require_open_agenda(item.meeting)
        before = audit.snapshot(item, AGENDA_ITEM_AUDIT_FIELDS)
        change(item)
        changes = audit.diff(before, audit.snapshot(item, AGENDA_ITEM_AUDIT_FIELDS))
        if changes:
            item.save()
            audit.record(
                actor,
                action,
                item,
                changes=changes,
                request=request,
                target_label=_item_label(item),
            )
    return item


def update_agenda_item(
    actor: Any, item: AgendaItem, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> AgendaItem:
    """Edit an item's wording, kind, presenter or time-box (whoever runs the meeting)."""

    def change(locked: AgendaItem) -> None:
        previous_presenter = locked.presenter
        assign_fields(locked, data, AGENDA_ITEM_FIELDS)
        _check_person_active("presenter", locked.presenter, previous_presenter)
        _validate_item(locked)

    return _change_item(actor, item, "meetings.agenda_item.updated", request, change)


def accept_agenda_item(
    actor: Any,
    item: AgendaItem,
    minutes_allotted: int,
    *,
    request: HttpRequest | None = None,
) -> AgendaItem:
    """Put a proposal (or a declined item, on second thought) on the agenda, last, time-boxed."""

    def change(locked: AgendaItem) -> None:
        if locked.status not in (AgendaItemStatus.PROPOSED, AgendaItemStatus.DECLINED):
            raise ValidationError(f"The item is {locked.get_status_display().lower()}.")
        locked.minutes_allotted = minutes_allotted
        locked.status = AgendaItemStatus.ACCEPTED
        locked.decline_reason = ""
        locked.order = _next_order(locked.meeting)
        locked.full_clean()

    return _change_item(actor, item, "meetings.agenda_item.accepted", request, change)


def decline_agenda_item(
    actor: Any, item: AgendaItem, reason: str, *, request: HttpRequest | None = None
) -> AgendaItem:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Tell the proposer why the item is declined."})

    def change(locked: AgendaItem) -> None:
        if locked.status not in (AgendaItemStatus.PROPOSED, AgendaItemStatus.ACCEPTED):
            raise ValidationError(f"The item is {locked.get_status_display().lower()}.")
        locked.status = AgendaItemStatus.DECLINED
        locked.decline_reason = reason
        locked.full_clean()

    return _change_item(actor, item, "meetings.agenda_item.declined", request, change)


def withdraw_agenda_item(
    actor: Any, item: AgendaItem, *, request: HttpRequest | None = None
) -> AgendaItem:
    """The proposer takes back a proposal that has not been decided yet."""
    with transaction.atomic():
        item = _locked_item(item)
        person = person_of(actor)
        if person is None or item.proposed_by_id != person.pk:
            raise PermissionDenied("Only the person who proposed an item may withdraw it.")
        if item.status != AgendaItemStatus.PROPOSED:
            raise ValidationError(
                f"The item is already {item.get_status_display().lower()}; ask the facilitator."
            )
        item.status = AgendaItemStatus.WITHDRAWN
        item.save(update_fields=["status", "updated_at"])
        audit.record(
            actor,
            "meetings.agenda_item.withdrawn",
            item,
            changes={"status": {"from": AgendaItemStatus.PROPOSED, "to": item.status}},
            request=request,
            target_label=_item_label(item),
        )
    return item


def move_agenda_item(
    actor: Any, item: AgendaItem, direction: Direction, *, request: HttpRequest | None = None
) -> AgendaItem:
    """Swap an accepted item with its neighbour; orders are renumbered 1..n."""
    with transaction.atomic():
        item = _locked_item(item)
        require_runner(actor, item.meeting.body)
        _require_open_agenda(item.meeting)
        rows = list(
            item.meeting.agenda_items.select_for_update(of=("self",))
            .filter(status=AgendaItemStatus.ACCEPTED)
            .order_by("order", "pk")
        )
        index = next((i for i, row in enumerate(rows) if row.pk == item.pk), None)
        if index is None:
            raise ValidationError("Only items on the agenda can be moved.")
        old_order = rows[index].order
        moved = swap_with_neighbour(rows, index, direction)
        if moved is None:
            return item
        item.order = moved.order
        audit.record(
            actor,
            "meetings.agenda_item.moved",
            item,
            changes={"order": {"from": old_order, "to": item.order}},
            request=request,
            target_label=_item_label(item),
        )
    return item


# --- Circulation ---------------------------------------------------------------------------------


def _message(
    meeting: Meeting,
    recipient: selectors.Recipient,
    template: str,
    context: Mapping[str, Any],
    calendar: bytes,
    method: str,
) -> EmailMultiAlternatives:
    full = {"meeting": meeting, "recipient": recipient, **context}
    subject = render_to_string(f"meetings/email/{template}_subject.txt", full).strip()
    body = render_to_string(f"meetings/email/{template}_body.txt", full)
    message = EmailMultiAlternatives(subject, body, None, [recipient.email])
    message.attach(ical.mime_part(calendar, method))
    return message


def send_meeting_mail(
    actor: Any,
    meeting: Meeting,
    messages: Sequence[EmailMessage],
    purpose: str,
    request: HttpRequest | None,
) -> None:
    """Hand every message to the mail server over one connection, or raise MeetingMailError
    after logging the failure and recording it in the audit log (in its own transaction, so the
    record stays whatever happens to the caller's)."""
    reason = deliver(
        actor,
        meeting,
        messages,
        purpose=purpose,
        failure_action="meetings.meeting.email_failed",
        request=request,
    )
    if reason is not None:
        raise MeetingMailError(reason)


def circulate_agenda(actor: Any, meeting: Meeting, *, request: HttpRequest | None = None) -> int:
    """E-mail the agenda, with an iCalendar invitation, to every current member of the body and
    every guest who has an address; return how many were sent.

    Circulating again after a change raises the calendar sequence, so calendars update the
    meeting they have. The messages go out before anything is recorded: if the mail server
    refuses them, `MeetingMailError` is raised and the agenda is not marked circulated.
    """
    meeting = Meeting.objects.select_related("body", "facilitator").get(pk=meeting.pk)
    require_runner(actor, meeting.body)
    return _circulate(actor, meeting, request)


def _circulate(actor: Any, meeting: Meeting, request: HttpRequest | None) -> int:
    _require_open_agenda(meeting)
    if meeting.ends_at <= timezone.now():
        raise ValidationError("The meeting is over; there is no agenda left to circulate.")
    recipients = selectors.circulation_recipients(meeting)
    if not recipients:
        raise ValidationError(
            f"Nobody on {meeting.body} or the guest list has an e-mail address in the directory."
        )
    again = meeting.agenda_circulated_at is not None
    if again:
        meeting.calendar_sequence += 1
    url = meeting_url(meeting, request)
    calendar = ical.invitation(meeting, url)
    context = {
        "url": url,
        "agenda": selectors.agenda_of(meeting),
        "carried": selectors.carried_forward(meeting),
        "again": again,
    }
    send_meeting_mail(
        actor,
        meeting,
        [
            _message(meeting, recipient, "agenda", context, calendar, ical.REQUEST)
            for recipient in recipients
        ],
        "agenda",
        request,
    )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        before = audit.snapshot(locked, ("agenda_circulated_at", "calendar_sequence"))
        locked.calendar_sequence = max(locked.calendar_sequence, meeting.calendar_sequence)
        locked.agenda_circulated_at = timezone.now()
        locked.agenda_circulated_by = actor
        locked.save(
            update_fields=[
                "calendar_sequence",
                "agenda_circulated_at",
                "agenda_circulated_by",
                "updated_at",
            ]
        )
        after = audit.snapshot(locked, ("agenda_circulated_at", "calendar_sequence"))
        audit.record(
            actor,
            "meetings.agenda.circulated",
            locked,
            changes={**audit.diff(before, after), "recipients": len(recipients)},
            request=request,
        )
    return len(recipients)


@dataclass(frozen=True)
class DueCirculation:
    meeting: Meeting
    recipients: int
    problem: str = ""


def circulate_due_agendas(on: datetime.date | None = None) -> list[DueCirculation]:
    """Circulate, as the system, every agenda whose day has come: the body's
    `agenda_circulation_days` before the meeting. `taskforce circulate-agendas` runs this daily.

    An agenda that cannot go out (nobody with an address, the mail server refusing) is reported
    and left uncirculated, for the next run or for the people who run the meeting.
    """
    results: list[DueCirculation] = []
    for meeting in selectors.agendas_due_for_circulation(on):
        try:
            sent = _circulate(None, meeting, None)
        except MeetingMailError as error:
            results.append(DueCirculation(meeting, 0, error.reason))
        except ValidationError as error:
            results.append(DueCirculation(meeting, 0, " ".join(error.messages)))
        else:
            results.append(DueCirculation(meeting, sent))
    return results


# --- Calendar feeds ------------------------------------------------------------------------------


def feed_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def revoke_calendar_feeds_of(actor: Any, owner: Any, request: HttpRequest | None = None) -> int:
    """End every live feed of `owner` for good (their own revocation, or their account's
    deactivation: reactivating the account must not bring the old address back)."""
    now = timezone.now()
    feeds = list(
        CalendarFeed.objects.select_for_update(of=("self",)).filter(user=owner, revoked_at=None)
    )
    for feed in feeds:
        feed.revoked_at = now
        feed.save(update_fields=["revoked_at"])
        audit.record(
            actor,
            "meetings.calendar_feed.revoked",
            feed,
            changes={"revoked_at": {"from": None, "to": now}},
            request=request,
        )
    return len(feeds)


def create_calendar_feed(actor: Any, *, request: HttpRequest | None = None) -> str:
    """A new secret feed address for the user; the old one stops working. Returns the secret,
    which is not stored (only its hash is) and so can be shown only now."""
    if not SIGNED_IN.allows(actor) or not actor.is_active:
        raise PermissionDenied("Sign in to make a calendar feed.")
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        revoke_calendar_feeds_of(actor, actor, request)
        feed = CalendarFeed.objects.create(user=actor, token_hash=feed_token_hash(raw))
        audit.record(actor, "meetings.calendar_feed.created", feed, request=request)
    return raw


def revoke_calendar_feed(actor: Any, *, request: HttpRequest | None = None) -> bool:
    """Stop the user's feed address at once. False when there was none."""
    if not SIGNED_IN.allows(actor):
        raise PermissionDenied("Sign in to manage your calendar feed.")
    with transaction.atomic():
        return revoke_calendar_feeds_of(actor, actor, request) > 0


def open_calendar_feed(raw: str) -> CalendarFeed | None:
    """The live feed for a secret, with its user; None if unknown, revoked or the account is
    deactivated. Notes the use, at most once an hour."""
    if not raw:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=feed_token_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= FEED_USE_RESOLUTION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
        feed.last_used_at = now
    return feed
