"""Every change made at and after a meeting: the roll, the confidentiality reminder, the training
segment, the minutes from draft to adoption, action items and feedback.

Each function takes the acting user first, checks the rule (PermissionDenied), validates
(ValidationError, with field errors where a form field is concerned), changes the data and records
the audit event in one transaction. `request` is optional so scripts can call them too.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from taskforce.core import audit
from taskforce.core.services_support import assign_fields, created_changes
from taskforce.directory.models import MembershipType, Person
from taskforce.directory.permissions import person_of
from taskforce.governance import selectors as governance_selectors
from taskforce.governance.handover import HandoverItem, RecordHandover, reassign_owned
from taskforce.governance.models import Body
from taskforce.meetings import proceedings_selectors as selectors
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
    Minutes,
    MinutesEntry,
    MinutesStatus,
    MinutesVersion,
)
from taskforce.meetings.services import (
    MeetingMailError,
    absolute_url,
    require_runner,
    send_meeting_mail,
)

logger = logging.getLogger(__name__)

GENERAL_HEADING = "General"
ADOPTED_READ_ONLY = "These minutes were adopted and are read-only; they can no longer be changed."


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)


def _require_meeting_day(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled.")
    if not selectors.meeting_day_has_come(meeting):
        raise ValidationError(
            f"This meeting takes place on {meeting.local_start:%Y-%m-%d}; "
            "this can be recorded from that day on."
        )


# --- Roll call -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RollCallLine:
    person: Person
    status: str  # an AttendanceStatus value
    arrived_late: bool = False


@dataclass(frozen=True)
class RollCallOutcome:
    added: int
    changed: int


def record_roll_call(
    actor: Any,
    meeting: Meeting,
    lines: Sequence[RollCallLine],
    *,
    request: HttpRequest | None = None,
) -> RollCallOutcome:
    """Record who is present, absent or excused, and who arrived late.

    A new line keeps the person's name, role and organization as introduced (their position on the
    body, else their directory title); saving the same roll again changes nothing. One audit event
    per save that changes anything, with the counts.
    """
    require_runner(actor, meeting.body)
    seen: set[int] = set()
    for line in lines:
        if line.status not in AttendanceStatus.values:
            raise ValidationError(f"Choose present, absent or excused for {line.person}.")
        if line.arrived_late and line.status != AttendanceStatus.PRESENT:
            raise ValidationError(f"{line.person} can only have arrived late if present.")
        if line.person.pk in seen:
            raise ValidationError(f"{line.person} is on the roll twice.")
        seen.add(line.person.pk)
    with transaction.atomic():
        meeting = _lock(meeting)
        _require_meeting_day(meeting)
        existing = {a.person_id: a for a in meeting.attendance.all()}
        roles = selectors.roles_on_body(meeting.body, list(seen), selectors.meeting_day(meeting))
        added = changed = 0
        for line in lines:
            current = existing.get(line.person.pk)
            if current is None:
                existing[line.person.pk] = Attendance.objects.create(
                    meeting=meeting,
                    person=line.person,
                    status=line.status,
                    arrived_late=line.arrived_late,
                    name=line.person.full_name,
                    role=selectors.introduction_role(line.person, roles)[:150],
                    organization_id=line.person.organization_id,
                )
                added += 1
            elif (current.status, current.arrived_late) != (line.status, line.arrived_late):
                current.status = line.status
                current.arrived_late = line.arrived_late
                current.save(update_fields=["status", "arrived_late", "recorded_at"])
                changed += 1
        if added or changed:
            totals = Counter(line.status for line in existing.values())
            audit.record(
                actor,
                "meetings.roll_call.recorded",
                meeting,
                changes={
                    "added": added,
                    "changed": changed,
                    "present": totals[AttendanceStatus.PRESENT],
                    "absent": totals[AttendanceStatus.ABSENT],
                    "excused": totals[AttendanceStatus.EXCUSED],
                    "arrived_late": sum(1 for line in existing.values() if line.arrived_late),
                },
                request=request,
            )
    return RollCallOutcome(added=added, changed=changed)


# --- Confidentiality reminder and training -------------------------------------------------------


def record_confidentiality_reminder(
    actor: Any, meeting: Meeting, *, request: HttpRequest | None = None
) -> Meeting:
    """Note that the confidentiality reminder was read out, by whom and when. Once per meeting."""
    require_runner(actor, meeting.body)
    with transaction.atomic():
        meeting = _lock(meeting)
        _require_meeting_day(meeting)
        if meeting.confidentiality_reminded_at is not None:
            raise ValidationError(
                "The reminder was already recorded at "
                f"{timezone.localtime(meeting.confidentiality_reminded_at, meeting.zone):%H:%M}."
            )
        meeting.confidentiality_reminded_at = timezone.now()
        meeting.confidentiality_reminded_by = person_of(actor)
        meeting.save(
            update_fields=[
                "confidentiality_reminded_at",
                "confidentiality_reminded_by",
                "updated_at",
            ]
        )
        audit.record(
            actor,
            "meetings.confidentiality.reminded",
            meeting,
            changes={
                "confidentiality_reminded_at": meeting.confidentiality_reminded_at,
                "confidentiality_reminded_by": str(meeting.confidentiality_reminded_by or ""),
            },
            request=request,
        )
    return meeting


TRAINING_FIELDS = ("training_topic", "trainer", "trainer_name", "training_minutes")


def record_training(
    actor: Any, meeting: Meeting, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Meeting:
    """Record the training segment: topic, trainer (a directory person or an outside name) and
    length in minutes. All fields empty removes it."""
    require_runner(actor, meeting.body)
    unknown = sorted(set(data) - set(TRAINING_FIELDS))
    if unknown:
        raise TypeError(f"Unexpected training fields: {', '.join(unknown)}")
    topic = (data.get("training_topic") or "").strip()
    trainer: Person | None = data.get("trainer")
    trainer_name = (data.get("trainer_name") or "").strip()
    length: int | None = data.get("training_minutes")
    clearing = not (topic or trainer or trainer_name or length)
    if not clearing:
        errors: dict[str, str] = {}
        if not topic:
            errors["training_topic"] = "Give the topic of the training."
        if trainer is None and not trainer_name:
            errors["trainer"] = "Choose the trainer, or type the name of a trainer from outside."
        elif trainer is not None and trainer_name:
            errors["trainer_name"] = "Choose a trainer from the directory or type a name, not both."
        if length is None:
            errors["training_minutes"] = "Say how many minutes the training took."
        elif not 1 <= length <= 480:
            errors["training_minutes"] = "A training segment lasts between 1 and 480 minutes."
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.is_cancelled:
            raise ValidationError("This meeting was cancelled.")
        before = audit.snapshot(meeting, TRAINING_FIELDS)
        meeting.training_topic = topic
        meeting.trainer = trainer
        meeting.trainer_name = trainer_name
        meeting.training_minutes = length
        changes = audit.diff(before, audit.snapshot(meeting, TRAINING_FIELDS))
        if changes:
            meeting.save(update_fields=[*TRAINING_FIELDS, "updated_at"])
            audit.record(
                actor, "meetings.training.recorded", meeting, changes=changes, request=request
            )
    return meeting


# --- Minutes -------------------------------------------------------------------------------------


def _lock_minutes(meeting: Meeting) -> Minutes:
    minutes = Minutes.objects.select_for_update(of=("self",)).filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError("The minutes of this meeting have not been started.")
    return minutes


def _require_draft(minutes: Minutes) -> None:
    if minutes.status == MinutesStatus.ADOPTED:
        raise ValidationError(ADOPTED_READ_ONLY)
    if minutes.status == MinutesStatus.CIRCULATED:
        raise ValidationError(
            "These minutes were circulated and are frozen; return them to draft to correct them."
        )


def _add_entries(minutes: Minutes, items: Sequence[AgendaItem]) -> int:
    """Entries for agenda items, in agenda order, before the general entry."""
    if not items:
        return 0
    general = minutes.entries.filter(agenda_item__isnull=True, heading=GENERAL_HEADING).first()
    last = (
        minutes.entries.filter(agenda_item__isnull=False).order_by("-order").first()
        if minutes.pk
        else None
    )
    order = last.order if last else 0
    for item in items:
        order += 1
        MinutesEntry.objects.create(
            minutes=minutes, agenda_item=item, heading=item.title[:200], order=order
        )
    if general is not None and general.order <= order:
        general.order = order + 1
        general.save(update_fields=["order"])
    return len(items)


def start_minutes(actor: Any, meeting: Meeting, *, request: HttpRequest | None = None) -> Minutes:
    """Open draft minutes: an entry per accepted agenda item and a general entry.

    For draft minutes already started, add entries for agenda items accepted since.
    """
    require_runner(actor, meeting.body)
    with transaction.atomic():
        meeting = _lock(meeting)
        _require_meeting_day(meeting)
        minutes = Minutes.objects.select_for_update(of=("self",)).filter(meeting=meeting).first()
        if minutes is None:
            minutes = Minutes.objects.create(meeting=meeting)
            items = list(
                meeting.agenda_items.filter(status=AgendaItemStatus.ACCEPTED).order_by(
                    "order", "pk"
                )
            )
            _add_entries(minutes, items)
            MinutesEntry.objects.create(
                minutes=minutes, heading=GENERAL_HEADING, order=len(items) + 1
            )
            audit.record(
                actor,
                "meetings.minutes.started",
                minutes,
                changes={"entries": len(items) + 1},
                request=request,
            )
            return minutes
        if minutes.status != MinutesStatus.DRAFT:
            return minutes
        added = _add_entries(minutes, list(selectors.missing_minutes_entries(minutes)))
        if added:
            audit.record(
                actor,
                "meetings.minutes.entries_added",
                minutes,
                changes={"entries_added": added},
                request=request,
            )
    return minutes


def save_minutes_draft(
    actor: Any, meeting: Meeting, texts: Mapping[int, str], *, request: HttpRequest | None = None
) -> Minutes:
    """Write the draft text, entry by entry ({entry id: text}); only draft minutes change."""
    require_runner(actor, meeting.body)
    with transaction.atomic():
        minutes = _lock_minutes(meeting)
        _require_draft(minutes)
        entries = {entry.pk: entry for entry in minutes.entries.all()}
        unknown = set(texts) - set(entries)
        if unknown:
            raise ValidationError("Some entries are not part of these minutes; reload the page.")
        changed = []
        for pk, text in texts.items():
            entry = entries[pk]
            cleaned = text.replace("\r\n", "\n").strip()
            if entry.text != cleaned:
                entry.text = cleaned
                entry.save(update_fields=["text"])
                changed.append(entry.heading)
        if changed:
            minutes.save(update_fields=["updated_at"])
            audit.record(
                actor,
                "meetings.minutes.drafted",
                minutes,
                changes={"entries_changed": changed},
                request=request,
            )
    return minutes


def _freeze(
    minutes: Minutes, status: str, content: list[dict[str, str]], note: str, actor: Any
) -> MinutesVersion:
    last = minutes.versions.order_by("-number").first()
    return MinutesVersion.objects.create(
        minutes=minutes,
        number=(last.number if last else 0) + 1,
        status=status,
        content=content,
        note=note[:500],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def circulate_minutes(
    actor: Any, meeting: Meeting, note: str = "", *, request: HttpRequest | None = None
) -> MinutesVersion:
    """Freeze the draft as a new circulated version and e-mail the body's members a link.

    After a correction, `note` (what changed since the last version) is required.
    """
    require_runner(actor, meeting.body)
    note = note.strip()
    with transaction.atomic():
        meeting = _lock(meeting)
        minutes = _lock_minutes(meeting)
        _require_draft(minutes)
        entries = list(minutes.entries.all())
        if not any(entry.text.strip() for entry in entries):
            raise ValidationError("Write the minutes before circulating them.")
        if minutes.versions.exists() and not note:
            raise ValidationError({"note": "Say what was corrected since the last version."})
        content = [{"heading": entry.heading, "text": entry.text} for entry in entries]
        version = _freeze(minutes, MinutesStatus.CIRCULATED, content, note, actor)
        minutes.status = MinutesStatus.CIRCULATED
        minutes.save(update_fields=["status", "updated_at"])
        recipients = _member_addresses(meeting.body)
        audit.record(
            actor,
            "meetings.minutes.circulated",
            minutes,
            changes={
                "status": {"from": MinutesStatus.DRAFT, "to": MinutesStatus.CIRCULATED},
                "version": version.number,
                "note": note,
                "recipients": len(recipients),
            },
            request=request,
        )
        _email_circulated(actor, meeting, version, recipients, request)
    return version


def _member_addresses(body: Body) -> list[str]:
    """E-mail addresses of the body's current members (directory address, else account's)."""
    seats = (
        governance_selectors.seats_on(body)
        .filter(person__is_active=True)
        .select_related("person", "person__user")
    )
    addresses: dict[str, None] = {}
    for seat in seats:
        person = seat.person
        address = person.email or (person.user.email if person.user else "")
        if address:
            addresses[address.lower()] = None
    return list(addresses)


def _email_circulated(
    actor: Any,
    meeting: Meeting,
    version: MinutesVersion,
    recipients: list[str],
    request: HttpRequest | None,
) -> None:
    """One message per member (nobody sees the others' addresses), sent once committed."""
    if not recipients:
        return
    link = absolute_url(reverse("meetings:minutes", kwargs={"pk": meeting.pk}), request)
    context = {"meeting": meeting, "version": version, "link": link}
    subject = f"Minutes to read: {meeting.title}, {meeting.local_start:%Y-%m-%d}"
    body = render_to_string("meetings/proceedings_minutes_circulated_email.txt", context)

    def deliver() -> None:
        messages = [EmailMessage(subject, body, None, [address]) for address in recipients]
        with contextlib.suppress(MeetingMailError):
            # Logged and audited as for agendas; the minutes are circulated either way, and
            # members find them on the meeting page.
            send_meeting_mail(actor, meeting, messages, "minutes", request)

    transaction.on_commit(deliver, robust=True)


def return_minutes_to_draft(
    actor: Any, meeting: Meeting, note: str, *, request: HttpRequest | None = None
) -> Minutes:
    """Reopen circulated minutes for a correction; `note` says what is being corrected."""
    require_runner(actor, meeting.body)
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say what is being corrected."})
    with transaction.atomic():
        minutes = _lock_minutes(meeting)
        if minutes.status == MinutesStatus.ADOPTED:
            raise ValidationError(ADOPTED_READ_ONLY)
        if minutes.status != MinutesStatus.CIRCULATED:
            raise ValidationError("Only circulated minutes can be returned for correction.")
        minutes.status = MinutesStatus.DRAFT
        minutes.save(update_fields=["status", "updated_at"])
        audit.record(
            actor,
            "meetings.minutes.returned_to_draft",
            minutes,
            changes={
                "status": {"from": MinutesStatus.CIRCULATED, "to": MinutesStatus.DRAFT},
                "note": note[:500],
            },
            request=request,
        )
    return minutes


def adopt_minutes(
    actor: Any, meeting: Meeting, at_meeting: Meeting, *, request: HttpRequest | None = None
) -> MinutesVersion:
    """Record that the body adopted the circulated minutes at a later meeting that has begun.

    The circulated text is frozen once more as the adopted version; from then on nothing changes.
    """
    require_runner(actor, meeting.body)
    with transaction.atomic():
        meeting = _lock(meeting)
        minutes = _lock_minutes(meeting)
        if minutes.status == MinutesStatus.ADOPTED:
            raise ValidationError(ADOPTED_READ_ONLY)
        if minutes.status != MinutesStatus.CIRCULATED:
            raise ValidationError("Circulate the minutes before the body adopts them.")
        at_meeting = Meeting.objects.get(pk=at_meeting.pk)
        if at_meeting.body_id != meeting.body_id:
            raise ValidationError(
                {"at_meeting": f"Minutes are adopted at a meeting of {meeting.body}."}
            )
        if at_meeting.starts_at <= meeting.starts_at:
            raise ValidationError(
                {"at_meeting": "Minutes are adopted at a later meeting than the one they record."}
            )
        if at_meeting.is_cancelled:
            raise ValidationError({"at_meeting": "That meeting was cancelled."})
        if at_meeting.starts_at > timezone.now():
            raise ValidationError(
                {"at_meeting": "That meeting has not begun; adopt the minutes when it does."}
            )
        circulated = minutes.versions.order_by("-number").first()
        if circulated is None:
            raise ValidationError("These minutes have no circulated version to adopt.")
        version = _freeze(
            minutes,
            MinutesStatus.ADOPTED,
            circulated.content,
            f"Adopted at {at_meeting}",
            actor,
        )
        minutes.status = MinutesStatus.ADOPTED
        minutes.adopted_at_meeting = at_meeting
        minutes.adopted_on = at_meeting.local_start.date()
        minutes.save(update_fields=["status", "adopted_at_meeting", "adopted_on", "updated_at"])
        audit.record(
            actor,
            "meetings.minutes.adopted",
            minutes,
            changes={
                "status": {"from": MinutesStatus.CIRCULATED, "to": MinutesStatus.ADOPTED},
                "adopted_at_meeting": str(at_meeting),
                "adopted_on": minutes.adopted_on,
                "version": version.number,
            },
            request=request,
        )
    return version


# --- Action items --------------------------------------------------------------------------------

ACTION_ITEM_FIELDS = (
    "description",
    "owner_person",
    "owner_body",
    "due_on",
    "report_back_meeting",
    "agenda_item",
)
ACTION_ITEM_AUDIT_FIELDS = (*ACTION_ITEM_FIELDS, "status", "closing_note")


def _item_label(item: ActionItem) -> str:
    return f"Action item: {item}"


def _check_action_item(item: ActionItem, previous: ActionItem | None) -> None:
    errors: dict[str, str] = {}
    if not item.description.strip():
        errors["description"] = "Say what is to be done."
    if (item.owner_person is None) == (item.owner_body is None):
        errors["owner_person"] = "Choose one owner: a person or a committee, not both."
    # Someone named before who has since left may stay on the item; a newly named owner may not.
    owner = item.owner_person
    owner_is_new = previous is None or previous.owner_person_id != item.owner_person_id
    if owner is not None and owner_is_new and not owner.is_active:
        errors["owner_person"] = f"{owner} is no longer active in the directory."
    body_is_new = previous is None or previous.owner_body_id != item.owner_body_id
    if item.owner_body is not None and body_is_new and not item.owner_body.is_active:
        errors["owner_body"] = f"{item.owner_body} is no longer active."
    report_back = item.report_back_meeting
    if report_back is not None and item.meeting is not None:
        if report_back.body_id != item.body_id:
            errors["report_back_meeting"] = f"Choose a meeting of {item.body}."
        elif report_back.starts_at <= item.meeting.starts_at:
            errors["report_back_meeting"] = "Choose a meeting after the one the item comes from."
        elif report_back.is_cancelled:
            errors["report_back_meeting"] = "That meeting was cancelled."
    if item.agenda_item is not None and item.agenda_item.meeting_id != item.meeting_id:
        errors["agenda_item"] = "Choose an item on this meeting's agenda."
    if item.due_on is None:
        errors["due_on"] = "Give the date the item is due."
    if errors:
        raise ValidationError(errors)


def create_action_item(
    actor: Any, meeting: Meeting, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> ActionItem:
    """Hand a task out at a meeting: description, owner (person or committee), due date, and
    optionally the later meeting to report back at and the agenda item it came from."""
    require_runner(actor, meeting.body)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.is_cancelled:
            raise ValidationError("This meeting was cancelled.")
        item = ActionItem(body=meeting.body, meeting=meeting)
        assign_fields(item, data, ACTION_ITEM_FIELDS, strip=True)
        _check_action_item(item, None)
        item.full_clean()
        item.save()
        audit.record(
            actor,
            "meetings.action_item.created",
            item,
            changes=created_changes(item, ACTION_ITEM_AUDIT_FIELDS),
            request=request,
            target_label=_item_label(item),
        )
    return item


def _item_snapshot(item: ActionItem) -> dict[str, Any]:
    return audit.snapshot(item, ACTION_ITEM_AUDIT_FIELDS)


def _lock_item(item: ActionItem) -> ActionItem:
    return (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("body", "meeting", "owner_person", "owner_body")
        .get(pk=item.pk)
    )


def update_action_item(
    actor: Any, item: ActionItem, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> ActionItem:
    require_runner(actor, item.body)
    with transaction.atomic():
        item = _lock_item(item)
        if item.status != ActionItemStatus.OPEN:
            raise ValidationError("This item is closed; it can no longer be changed.")
        previous = ActionItem(
            owner_person_id=item.owner_person_id, owner_body_id=item.owner_body_id
        )
        before = _item_snapshot(item)
        assign_fields(item, data, ACTION_ITEM_FIELDS, strip=True)
        _check_action_item(item, previous)
        item.full_clean()
        changes = audit.diff(before, _item_snapshot(item))
        if changes:
            item.save()
            audit.record(
                actor,
                "meetings.action_item.updated",
                item,
                changes=changes,
                request=request,
                target_label=_item_label(item),
            )
    return item


CLOSING_STATUSES = (ActionItemStatus.DONE, ActionItemStatus.DROPPED)


def close_action_item(
    actor: Any,
    item: ActionItem,
    status: str,
    note: str = "",
    *,
    request: HttpRequest | None = None,
) -> ActionItem:
    """Mark an item done (with an optional note) or dropped (saying why).

    Whoever runs the body's meetings may, and so may the owner: the person, or for a committee
    its officers.
    """
    if not selectors.can_close_action_item(actor, item):
        raise PermissionDenied("Only the owner or those who run the body's meetings may do this.")
    note = note.strip()
    if status not in CLOSING_STATUSES:
        raise ValidationError({"status": "Choose done or dropped."})
    if status == ActionItemStatus.DROPPED and not note:
        raise ValidationError({"note": "Say why the item is dropped."})
    with transaction.atomic():
        item = _lock_item(item)
        if item.status != ActionItemStatus.OPEN:
            raise ValidationError(f"This item is already {item.get_status_display().lower()}.")
        before = _item_snapshot(item)
        item.status = status
        item.closing_note = note[:500]
        item.completed_on = timezone.localdate()
        item.save(update_fields=["status", "closing_note", "completed_on", "updated_at"])
        audit.record(
            actor,
            "meetings.action_item.done"
            if status == ActionItemStatus.DONE
            else "meetings.action_item.dropped",
            item,
            changes=audit.diff(before, _item_snapshot(item)),
            request=request,
            target_label=_item_label(item),
        )
    return item


class ActionItemHandover(RecordHandover):
    """Open action items a person owns, for the handover when their role changes hands."""

    name = "action-item"

    def owned_by(self, person: Person) -> list[HandoverItem]:
        items = ActionItem.objects.filter(
            owner_person=person, status=ActionItemStatus.OPEN
        ).select_related("body")
        return [
            HandoverItem(
                kind="Action item",
                key=self.key(item.pk),
                # Whoever performs the handover may not sit on a closed body: name the body only.
                label=f"An action item of the closed {item.body}"
                if item.body.is_closed
                else str(item),
                detail=f"{item.body}, due {item.due_on:%Y-%m-%d}",
                url=reverse("meetings:action-item-edit", kwargs={"pk": item.pk}),
            )
            for item in items.order_by("due_on", "pk")
        ]

    def reassign_rows(
        self,
        actor: Any,
        ids: list[int],
        outgoing: Person,
        incoming: Person,
        request: HttpRequest | None,
    ) -> int:
        if not incoming.is_active or incoming.membership_type == MembershipType.VISITOR:
            raise ValidationError(f"{incoming} cannot take over action items.")
        closed = ActionItem.objects.filter(pk__in=ids, body__is_closed=True).select_related("body")
        for body in {item.body for item in closed}:
            if not governance_selectors.is_seated(incoming, body):
                raise ValidationError(
                    f"{body} is closed: its action items can only be given to its members, "
                    f"and {incoming} is not one."
                )
        return reassign_owned(
            actor,
            ActionItem.objects.filter(status=ActionItemStatus.OPEN),
            ids,
            "owner_person",
            outgoing,
            incoming,
            action="meetings.action_item.reassigned",
            label=_item_label,
            no_longer_held=(
                f"Some action items are no longer open or owned by {outgoing}; reload the page."
            ),
            request=request,
        )


# --- Feedback ------------------------------------------------------------------------------------

ALREADY_ANSWERED = "You have already answered this meeting's survey."


def submit_feedback(
    actor: Any,
    meeting: Meeting,
    rating: int,
    comment: str = "",
    anonymous: bool = False,
    *,
    request: HttpRequest | None = None,
) -> FeedbackResponse:
    """Answer a meeting's survey once: a rating of 1 to 5 and a comment.

    An anonymous answer names nobody and carries only the day it was given; the receipt that stops
    a second answer names the person but not the answer, and so does the audit event.
    """
    person = person_of(actor)
    if person is None or not selectors.may_give_feedback(actor, meeting):
        raise PermissionDenied("Only members of the body and those present may answer.")
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled.")
    if meeting.starts_at > timezone.now():
        raise ValidationError("The survey opens when the meeting begins.")
    if rating not in range(1, 6):
        raise ValidationError({"rating": "Choose a rating from 1 to 5."})
    comment = comment.strip()
    if len(comment) > 2000:
        raise ValidationError({"comment": "Keep the comment under 2,000 characters."})
    with transaction.atomic():
        if selectors.has_answered(person, meeting):
            raise ValidationError(ALREADY_ANSWERED)
        try:
            with transaction.atomic():
                FeedbackReceipt.objects.create(meeting=meeting, person=person)
        except IntegrityError as error:
            # Another answer by the same person got in between the check and the insert.
            raise ValidationError(ALREADY_ANSWERED) from error
        response = FeedbackResponse.objects.create(
            meeting=meeting,
            rating=rating,
            comment=comment,
            respondent=None if anonymous else person,
            submitted_on=None if anonymous else timezone.localdate(),
        )
        changes: dict[str, Any] = {"anonymous": anonymous}
        if not anonymous:
            changes.update(rating=rating, response=str(response.pk))
        audit.record(
            actor, "meetings.feedback.submitted", meeting, changes=changes, request=request
        )
    return response
