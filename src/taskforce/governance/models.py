"""The task force charter: who we are, what we aim for, how we lead, and who leads now.

One charter per deployment. Goals carry measurable objectives; the four key leadership roles from
the guidance (Group Leader, Group Administrator, Victim Services Coordinator, Outreach Coordinator)
are held for terms of office whose history is never deleted, so the task force remembers who led
it when people rotate. `TermOfOffice` is abstract so bodies and committees can hold terms the same
way.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from taskforce.directory.models import Organization, Person


class LeadershipModel(models.TextChoices):
    CENTRALIZED = "centralized", "Centralized"
    DECENTRALIZED = "decentralized", "Decentralized"


LEADERSHIP_MODEL_EXPLANATIONS: dict[str, str] = {
    LeadershipModel.CENTRALIZED: (
        "Decisions come only from the leading organizations or their representatives on the "
        "task force. Other members are invited to collaborate, and may be asked for input on "
        "issues affecting the whole partnership, but the leading organizations decide."
    ),
    LeadershipModel.DECENTRALIZED: (
        "Every voting member has a voice in decisions. No single organization decides for the "
        "task force; leadership roles coordinate the work rather than direct it."
    ),
}


class Charter(models.Model):
    """The task force's founding statement. There is exactly one per deployment."""

    # A constant, unique column: the database itself refuses a second charter row.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField("task force name", max_length=200)
    jurisdiction = models.CharField(
        max_length=200, help_text="The area the task force serves, e.g. Harbor County, California"
    )
    mission = models.TextField(help_text="Why the task force exists, in one or two sentences")
    purpose = models.TextField(help_text="What the task force does to fulfil its mission")
    vision = models.TextField(blank=True, help_text="The community the task force works toward")
    leadership_model = models.CharField(
        max_length=20, choices=LeadershipModel.choices, default=LeadershipModel.DECENTRALIZED
    )
    leading_organizations = models.ManyToManyField(
        Organization,
        related_name="charters_led",
        blank=True,
        help_text="Under the centralized model, the organizations decisions come from",
    )
    formed_on = models.DateField("formed on", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True), name="charter_is_singleton")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_centralized(self) -> bool:
        return self.leadership_model == LeadershipModel.CENTRALIZED

    @property
    def leadership_model_explanation(self) -> str:
        return LEADERSHIP_MODEL_EXPLANATIONS[self.leadership_model]


class Goal(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class ObjectiveStatus(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    ON_TRACK = "on-track", "On track"
    AT_RISK = "at-risk", "At risk"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


# An objective that is achieved or dropped can no longer be late.
CLOSED_OBJECTIVE_STATUSES = frozenset({ObjectiveStatus.ACHIEVED, ObjectiveStatus.DROPPED})


class Objective(models.Model):
    """A measurable step toward a goal: what, how it is measured, by when, and who owns it."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="objectives")
    description = models.TextField(help_text="What will be achieved")
    measure = models.CharField(
        "measure or indicator",
        max_length=300,
        help_text="How the task force will know it is achieved, e.g. “20 officers trained”",
    )
    target_date = models.DateField("target date")
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_charter_objectives",
        help_text="The person who reports on progress",
    )
    status = models.CharField(
        max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.NOT_STARTED
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["status", "target_date"])]

    def __str__(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        today = on or timezone.localdate()
        return self.status not in CLOSED_OBJECTIVE_STATUSES and self.target_date < today


class TermQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> TermQuerySet:
        """Terms in force on a day (today by default)."""
        day = on or timezone.localdate()
        return self.filter(term_start__lte=day).filter(
            models.Q(term_end__isnull=True) | models.Q(term_end__gte=day)
        )

    def overlapping(self, start: datetime.date, end: datetime.date | None) -> TermQuerySet:
        """Terms that share at least one day with [start, end] (end None: open-ended)."""
        queryset = self.filter(models.Q(term_end__isnull=True) | models.Q(term_end__gte=start))
        return queryset if end is None else queryset.filter(term_start__lte=end)

    def ending_within(self, days: int, on: datetime.date | None = None) -> TermQuerySet:
        day = on or timezone.localdate()
        return self.current(day).filter(term_end__lte=day + datetime.timedelta(days=days))


class TermOfOffice(models.Model):
    """A person holding something from a start date to an end date (open when the end is empty).

    Terms are history: they are ended, never deleted.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    term_start = models.DateField("term starts")
    term_end = models.DateField(
        "term ends", null=True, blank=True, help_text="Leave empty for a term with no set end"
    )
    notes = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": "A term cannot end before it starts."})

    def is_current(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)

    def days_left(self, on: datetime.date | None = None) -> int | None:
        """Days until the term ends (0 on its last day); None for an open term."""
        if self.term_end is None:
            return None
        return (self.term_end - (on or timezone.localdate())).days


class LeadershipRole(models.TextChoices):
    GROUP_LEADER = "group_leader", "Group Leader"
    GROUP_ADMINISTRATOR = "group_administrator", "Group Administrator"
    VICTIM_SERVICES_COORDINATOR = "victim_services_coordinator", "Victim Services Coordinator"
    OUTREACH_COORDINATOR = "outreach_coordinator", "Outreach Coordinator"


LEADERSHIP_ROLE_DESCRIPTIONS: dict[str, str] = {
    LeadershipRole.GROUP_LEADER: (
        "Provides overall coordination; coordinates service providers and law enforcement; and "
        "conducts meetings."
    ),
    LeadershipRole.GROUP_ADMINISTRATOR: (
        "Provides administrative and logistical coordination; and may provide grant management "
        "support and support to task forces seeking funding."
    ),
    LeadershipRole.VICTIM_SERVICES_COORDINATOR: (
        "Provides primary liaison and coordination of various victim services that may originate "
        "in several organizations."
    ),
    LeadershipRole.OUTREACH_COORDINATOR: (
        "Coordinates and leads in the development and delivery of outreach efforts, including "
        "community liaisons connected to target communities with culturally and linguistically "
        "appropriate training and outreach capacity."
    ),
}


class LeadershipRoleAssignment(TermOfOffice):
    """One person's term in one of the four key leadership roles."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="leadership_assignments"
    )
    role = models.CharField(max_length=40, choices=LeadershipRole.choices)

    class Meta:
        ordering = ["role", "-term_start"]
        indexes = [models.Index(fields=["role", "term_start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="leadership_term_ends_after_start",
            ),
            # A role has at most one holder whose term has no set end.
            models.UniqueConstraint(
                fields=["role"],
                condition=models.Q(term_end__isnull=True),
                name="one_open_term_per_leadership_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"

    @property
    def role_description(self) -> str:
        return LEADERSHIP_ROLE_DESCRIPTIONS[self.role]


# --- Bodies: the general body, the executive board, the leadership team and committees ----------


class BodyKind(models.TextChoices):
    GENERAL_BODY = "general_body", "General body"
    EXECUTIVE_BOARD = "executive_board", "Executive board"
    LEADERSHIP_TEAM = "leadership_team", "Leadership team"
    STANDING_COMMITTEE = "standing_committee", "Standing committee"
    AD_HOC_COMMITTEE = "ad_hoc_committee", "Ad hoc committee"


COMMITTEE_KINDS = frozenset({BodyKind.STANDING_COMMITTEE, BodyKind.AD_HOC_COMMITTEE})


class VoteUnit(models.TextChoices):
    PERSON = "person", "By person: each voting member has a vote"
    ORGANIZATION = "organization", "By organization: one agency, one vote, through its delegate"


class Body(models.Model):
    """A group of the task force that meets, holds seats and (later) decides.

    Eligibility to vote can depend on attendance at this body's meetings: a new member may have to
    attend a number of meetings within a window before voting, and a member whose attendance over
    a period falls below a share loses the vote. Empty settings switch a rule off.
    """

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=30, choices=BodyKind.choices)
    charge = models.TextField(
        blank=True, help_text="What the body is asked to do, and to whom it reports"
    )
    is_closed = models.BooleanField(
        "closed body",
        default=False,
        help_text="Only the body's members see its meetings, agendas and minutes "
        "(for example a law-enforcement committee)",
    )
    vote_unit = models.CharField(max_length=20, choices=VoteUnit.choices, default=VoteUnit.PERSON)
    agenda_solicitation_days = models.PositiveSmallIntegerField(
        "agenda items close (days before)",
        default=10,
        validators=[MaxValueValidator(90)],
        help_text="Members may propose agenda items until this many days before a meeting",
    )
    agenda_circulation_days = models.PositiveSmallIntegerField(
        "circulate the agenda (days before)",
        default=7,
        validators=[MaxValueValidator(90)],
        help_text="The agenda is e-mailed to the body this many days before a meeting",
    )
    new_member_meetings_required = models.PositiveSmallIntegerField(
        "meetings before a new member votes",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="Leave empty when new members vote at once",
    )
    new_member_window_months = models.PositiveSmallIntegerField(
        "…attended within (months)",
        default=9,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    minimum_attendance_percent = models.PositiveSmallIntegerField(
        "minimum attendance to keep the vote (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Leave empty when attendance does not affect the vote",
    )
    attendance_window_months = models.PositiveSmallIntegerField(
        "…measured over (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    is_active = models.BooleanField(default=True)
    dissolved_on = models.DateField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "bodies"
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_committee(self) -> bool:
        return self.kind in COMMITTEE_KINDS

    @property
    def votes_by_organization(self) -> bool:
        return self.vote_unit == VoteUnit.ORGANIZATION


class Position(models.TextChoices):
    CHAIR = "chair", "Chair"
    CO_CHAIR = "co_chair", "Co-chair"
    CO_FACILITATOR = "co_facilitator", "Co-facilitator"
    SECRETARY = "secretary", "Secretary"
    MEMBER = "member", "Member"
    OBSERVER = "observer", "Observer"


# Officers run the body's meetings: schedule, shape the agenda, take the roll, keep the minutes.
OFFICER_POSITIONS = frozenset(
    {Position.CHAIR, Position.CO_CHAIR, Position.CO_FACILITATOR, Position.SECRETARY}
)
CHAIR_POSITIONS = frozenset({Position.CHAIR, Position.CO_CHAIR})
NON_VOTING_POSITIONS = frozenset({Position.OBSERVER})


class BodyMembership(TermOfOffice):
    """A person's seat on a body: a position held for a term. A term starting later is planned."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="body_memberships")
    position = models.CharField(max_length=20, choices=Position.choices, default=Position.MEMBER)

    class Meta:
        ordering = ["body", "position", "person__last_name"]
        indexes = [
            models.Index(fields=["body", "term_start"]),
            models.Index(fields=["person", "term_start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="body_membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.get_position_display()} of {self.body}"

    @property
    def is_officer(self) -> bool:
        return self.position in OFFICER_POSITIONS


class OrganizationSeat(models.Model):
    """Under "one agency, one vote": the organization's named delegate and alternate on a body."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="organization_seats")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="body_seats"
    )
    delegate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    alternate = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organization"], name="one_seat_per_organization_per_body"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} on {self.body}"


class CompositionSource(models.TextChoices):
    COMMITTEE_CHAIRS = "committee_chairs", "The chair of every standing committee"
    LEADERSHIP_ROLE = "leadership_role", "The holder of a leadership role"
    BODY_POSITION = "body_position", "Whoever holds a position in another body"


class CompositionRequirement(models.Model):
    """One clause of a body's stated make-up, e.g. "the committee chairs", "the coordinator".

    The body's page compares the people these clauses name with its current members.
    """

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="composition_requirements"
    )
    source = models.CharField(max_length=30, choices=CompositionSource.choices)
    leadership_role = models.CharField(max_length=40, choices=LeadershipRole.choices, blank=True)
    other_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.CharField(max_length=20, choices=Position.choices, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        if self.source == CompositionSource.LEADERSHIP_ROLE:
            return f"The {self.get_leadership_role_display()}"
        if self.source == CompositionSource.BODY_POSITION:
            return f"The {self.get_position_display().lower()} of {self.other_body}"
        return str(self.get_source_display())

    def clean(self) -> None:
        super().clean()
        if self.source == CompositionSource.LEADERSHIP_ROLE and not self.leadership_role:
            raise ValidationError({"leadership_role": "Choose the leadership role."})
        if self.source == CompositionSource.BODY_POSITION:
            errors = {}
            if self.other_body_id is None:
                errors["other_body"] = "Choose the body."
            elif self.other_body_id == self.body_id:
                errors["other_body"] = "Choose another body than this one."
            if not self.position:
                errors["position"] = "Choose the position."
            if errors:
                raise ValidationError(errors)


class Handover(models.Model):
    """A role changing hands: what the outgoing person owned and who took each item over."""

    outgoing = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="handovers_given")
    incoming = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="handovers_received"
    )
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    performed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)
    # [{"kind": "Action item", "label": "…", "url": "…"}, …] as it read when handed over.
    items = models.JSONField(default=list)

    class Meta:
        ordering = ["-performed_at"]

    def __str__(self) -> str:
        return f"{self.outgoing} → {self.incoming}"


# Decision rules, proposals, positions and the register live in their own module; importing it
# here registers those models with the governance app.
from taskforce.governance import decision_models  # noqa: E402, F401
