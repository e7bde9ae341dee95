"""Meetings of the task force's bodies, from a solicited agenda to adopted minutes.

A meeting belongs to one body. Members propose agenda items until the solicitation deadline; the
facilitator accepts, orders and time-boxes them and circulates the agenda. On the day the roll is
taken (introductions: name, role, organization), the confidentiality reminder is recorded, a short
training is given, and minutes are drafted per agenda item. Minutes are circulated, corrected and
adopted by the body at a later meeting; every circulated or adopted text is kept as a version that
never changes. Action items leave with an owner and a report-back meeting and stay on the body's
agendas until closed. Members rate each meeting; an anonymous answer is stored apart from the
receipt that stops a second answer, so it cannot be traced back.
"""

from __future__ import annotations

import datetime
import functools
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from taskforce.directory.models import Organization, Person
from taskforce.governance.models import Body

# A case is named on an agenda only by its reference code, never by anything about the people.
CASE_REFERENCE_PATTERN = r"^[A-Z0-9]{2,6}-[A-Z0-9]{4,12}$"
CASE_REFERENCES_VALIDATOR = RegexValidator(
    r"^\s*$|^\s*[A-Z0-9]{2,6}-[A-Z0-9]{4,12}(\s*,\s*[A-Z0-9]{2,6}-[A-Z0-9]{4,12})*\s*$",
    "List case reference codes only (e.g. HT-7Q4K2M), separated by commas.",
)


@functools.cache
def time_zone_names() -> frozenset[str]:
    """The IANA names this system knows; reading them scans the zone files, so once is enough."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(f"“{value}” is not a time zone name such as America/Los_Angeles.")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    BIWEEKLY = "biweekly", "Every two weeks"
    MONTHLY_BY_WEEKDAY = "monthly_weekday", "Monthly, on the same weekday (e.g. 2nd Tuesday)"
    MONTHLY_BY_DATE = "monthly_date", "Monthly, on the same date"
    QUARTERLY = "quarterly", "Every three months, on the same weekday"


class MeetingSeries(models.Model):
    """A recurring schedule; its meetings are created up front and can each be changed."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meeting_series")
    title = models.CharField(max_length=200)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    first_starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=90, validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    occurrences = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    location = models.CharField(max_length=300, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return self.title


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text="Where the meeting happens, e.g. America/Los_Angeles",
    )
    location = models.CharField(max_length=300, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    facilitator = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="facilitated"
    )
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancellation_reason = models.CharField(max_length=300, blank=True)
    agenda_deadline = models.DateTimeField(
        "agenda items close", null=True, blank=True, help_text="Proposals are accepted until then"
    )
    agenda_circulated_at = models.DateTimeField(null=True, blank=True)
    agenda_circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidentiality_reminded_at = models.DateTimeField(null=True, blank=True)
    confidentiality_reminded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    training_topic = models.CharField(max_length=200, blank=True)
    trainer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="trainings_given"
    )
    trainer_name = models.CharField(
        max_length=150, blank=True, help_text="A trainer from outside the directory"
    )
    training_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(480)]
    )
    guests = models.ManyToManyField(
        Person,
        blank=True,
        related_name="meeting_invitations",
        help_text="Visitors and others invited to this meeting only",
    )
    # iCalendar identity: the same UID with a higher SEQUENCE updates the invitation people have.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["body", "starts_at"]),
            models.Index(fields=["starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at, self.zone):%Y-%m-%d})"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self) -> datetime.datetime:
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class AgendaItemKind(models.TextChoices):
    INFORMATION = "information", "Information"
    DISCUSSION = "discussion", "Discussion"
    DECISION = "decision", "Decision"
    TRAINING = "training", "Training"
    CASE_REVIEW = "case_review", "Case review"


class AgendaItemStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(
        max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.DISCUSSION
    )
    case_references = models.CharField(
        max_length=300,
        blank=True,
        validators=[CASE_REFERENCES_VALIDATOR],
        help_text="Case review only: reference codes, never names or details",
    )
    status = models.CharField(
        max_length=20, choices=AgendaItemStatus.choices, default=AgendaItemStatus.PROPOSED
    )
    decline_reason = models.CharField(max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    presenter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_allotted = models.PositiveSmallIntegerField(
        "time (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["meeting", "status", "order"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.case_references.strip() and self.kind != AgendaItemKind.CASE_REVIEW:
            raise ValidationError({"case_references": "Only case review items refer to cases."})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"
    EXCUSED = "excused", "Excused"


class Attendance(models.Model):
    """One line of the roll call: who, in what role, for which organization, present or not.

    Name, role and organization are kept as they were introduced, so the record still reads right
    after the person changes jobs.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    arrived_late = models.BooleanField(default=False)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="attendance"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_roll_line_per_person"),
        ]
        indexes = [
            models.Index(fields=["person", "meeting"]),
            models.Index(fields=["organization", "meeting"]),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_status_display()}"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CIRCULATED = "circulated", "Circulated"
    ADOPTED = "adopted", "Adopted"


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    adopted_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="minutes_adopted"
    )
    adopted_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class MinutesEntry(models.Model):
    """The working text of the minutes, one entry per agenda item (or a general note)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    heading = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "minutes entries"

    def __str__(self) -> str:
        return self.heading


class MinutesVersion(models.Model):
    """A frozen text of the minutes: every circulation and the adoption. Never edited."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=MinutesStatus.choices)
    # [{"heading": "…", "text": "…"}, …] in agenda order.
    content = models.JSONField()
    note = models.CharField(
        max_length=500, blank=True, help_text="What changed since the last version"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_number"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_status_display()})"


class ActionItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActionItem(models.Model):
    """A task a body handed out: owner (a person or a committee), due date, report-back meeting.

    Open items appear on every later agenda of the body until closed.
    """

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="action_items")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    description = models.TextField()
    owner_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    owner_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="owned_action_items"
    )
    due_on = models.DateField()
    report_back_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="report_backs_due"
    )
    status = models.CharField(
        max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)
    closing_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["body", "status", "due_on"]),
            models.Index(fields=["owner_person", "status"]),
            models.Index(fields=["status", "due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_person__isnull=False, owner_body__isnull=True)
                | models.Q(owner_person__isnull=True, owner_body__isnull=False),
                name="action_item_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    @property
    def owner_label(self) -> str:
        return str(self.owner_person or self.owner_body)

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        today = on or timezone.localdate()
        return self.status == ActionItemStatus.OPEN and self.due_on < today


class FeedbackResponse(models.Model):
    """One answer to a meeting's survey. Anonymous answers name nobody and carry no date.

    The key is random, not a counter: ordered ids could be lined up with the order of the audit
    events that record who answered, and so name an anonymous respondent.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True, max_length=2000)
    respondent = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Named answers carry their date; anonymous ones none, so a date cannot be matched against
    # the audit log's record of who answered when.
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return f"{self.rating}/5 for {self.meeting}"


class FeedbackReceipt(models.Model):
    """That a person answered a meeting's survey (so never twice), but not which answer."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_feedback_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} answered for {self.meeting}"


class CalendarFeed(models.Model):
    """A secret, revocable address for a person's meeting calendar. Only a hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_calendar_feed_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
