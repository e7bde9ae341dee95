"""How bodies decide: their decision rules, proposals, the positions members take, and the
decisions that close them (the decision register).

A rule belongs to a body and a topic (an empty topic is the body's rule for every topic without its
own). It is a chain of steps (consensus, majority, supermajority, leadership decides, advice),
each after the first with the condition that triggers it, plus the quorum, the vote unit and the
base votes are counted against. `governance.tally` does the counting; when a proposal closes, the
rule in force, the ballot it was counted from and the result are frozen on the proposal.

Imported by `governance.models`, so Django registers these models with the governance app.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from taskforce.directory.models import ExpertiseArea, Person
from taskforce.governance import tally


class DecisionTopic(models.TextChoices):
    MEMBERSHIP = "membership", "Membership"
    VISITORS = "visitors", "Visitors"
    FUNDING = "funding", "Funding"
    POLICY = "policy", "Policy"
    COLLABORATIVE_REQUEST = "collaborative_request", "Collaborative requests"
    PROTOCOLS = "protocols", "Protocols"
    TERMS_OF_OFFICE = "terms_of_office", "Terms of office"
    VOTING_RULES = "voting_rules", "Voting and non-voting rules"
    DATA_TRACKING = "data_tracking", "Data tracking"
    OTHER = "other", "Other"


class DecisionMethod(models.TextChoices):
    CONSENSUS = tally.CONSENSUS, "Consensus (gradients of agreement)"
    MAJORITY = tally.MAJORITY, "Majority vote"
    SUPERMAJORITY = tally.SUPERMAJORITY, "Supermajority vote"
    LEADERSHIP = tally.LEADERSHIP, "Leadership decides, after hearing the others"
    ADVICE = tally.ADVICE, "Advice: one person decides after hearing everyone"


class FallbackTrigger(models.TextChoices):
    BLOCKED = tally.BLOCKED, "A block"
    NO_CONSENSUS = tally.NO_CONSENSUS, "No consensus by the deadline (a block included)"
    TIE = tally.TIE, "A tied vote"


class QuorumBasis(models.TextChoices):
    PARTICIPATING = tally.QUORUM_PARTICIPATING, "Eligible voters who take a position"
    PRESENT = tally.QUORUM_PRESENT, "Eligible voters present at the meeting"


class CountBase(models.TextChoices):
    CAST = tally.BASE_CAST, "Votes cast (abstentions left out)"
    ELIGIBLE = tally.BASE_ELIGIBLE, "Every eligible vote"
    PRESENT = tally.BASE_PRESENT, "Eligible votes present at the meeting"


class RuleVoteUnit(models.TextChoices):
    PERSON = tally.UNIT_PERSON, "Each voting member"
    ORGANIZATION = tally.UNIT_ORGANIZATION, "Each organization, through its delegate or alternate"


class ExpertiseTie(models.TextChoices):
    SHARE = tally.EXPERTS_SHARE, "Everyone tied for the most years is weighted"
    NONE = tally.EXPERTS_NONE, "Nobody is weighted when the most experienced are tied"


class DecisionRule(models.Model):
    body = models.ForeignKey(
        "governance.Body", on_delete=models.CASCADE, related_name="decision_rules"
    )
    topic = models.CharField(
        max_length=30,
        choices=DecisionTopic.choices,
        blank=True,
        help_text="Leave empty for the rule that applies to every topic without its own",
    )
    quorum_percent = models.PositiveSmallIntegerField(
        "quorum (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Leave empty when no quorum is required",
    )
    quorum_basis = models.CharField(
        "quorum counts",
        max_length=20,
        choices=QuorumBasis.choices,
        default=QuorumBasis.PARTICIPATING,
    )
    vote_unit = models.CharField(
        "who has a vote", max_length=20, choices=RuleVoteUnit.choices, default=RuleVoteUnit.PERSON
    )
    count_base = models.CharField(
        "votes are counted against",
        max_length=20,
        choices=CountBase.choices,
        default=CountBase.CAST,
    )
    expertise_tie = models.CharField(
        "when the most experienced are tied",
        max_length=10,
        choices=ExpertiseTie.choices,
        default=ExpertiseTie.SHARE,
    )
    notes = models.TextField(blank=True, help_text="Where the rule comes from, e.g. the bylaws")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["body", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["body", "topic"], name="one_decision_rule_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.topic_label}"

    @property
    def topic_label(self) -> str:
        return self.get_topic_display() if self.topic else "Every other topic"


class DecisionStep(models.Model):
    rule = models.ForeignKey(DecisionRule, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=20, choices=DecisionMethod.choices)
    trigger = models.CharField(
        "runs on",
        max_length=20,
        choices=FallbackTrigger.choices,
        blank=True,
        help_text="What sends the count on to this step; empty for the first step",
    )
    threshold_numerator = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    threshold_denominator = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(2), MaxValueValidator(100)]
    )
    expertise_weight = models.DecimalField(
        "weight of the most experienced",
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="1 means no weighting",
    )

    class Meta:
        ordering = ["rule", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "order"], name="unique_decision_step_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_method_display()}"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "In discussion"
    OPEN = "open", "Taking positions"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ChoiceKind(models.TextChoices):
    YES_NO = "yes_no", "Yes, no or abstain"
    OPTIONS = "options", "Several options"


class Outcome(models.TextChoices):
    PASSED = tally.PASSED, "Passed"
    FAILED = tally.FAILED, "Failed"
    NO_QUORUM = tally.NO_QUORUM, "No quorum"
    CONSENSUS_REACHED = tally.CONSENSUS_REACHED, "Consensus reached"
    BLOCKED = tally.BLOCKED, "Blocked"
    WITHDRAWN = tally.WITHDRAWN, "Withdrawn"


class Proposal(models.Model):
    """A matter put to a body; once closed, an entry in the decision register."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    body = models.ForeignKey("governance.Body", on_delete=models.PROTECT, related_name="proposals")
    topic = models.CharField(max_length=30, choices=DecisionTopic.choices)
    area = models.ForeignKey(
        ExpertiseArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="area of expertise",
        help_text="Weighted rules give more weight to the most experienced in this area",
    )
    title = models.CharField(max_length=200)
    text = models.TextField("proposal", help_text="What is proposed, in full")
    choice_kind = models.CharField(
        "members choose", max_length=10, choices=ChoiceKind.choices, default=ChoiceKind.YES_NO
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The meeting that takes the decision, if any; the proposal is listed on its "
        "agenda",
    )
    deadline = models.DateTimeField(
        null=True, blank=True, help_text="When positions close, for a decision outside a meeting"
    )
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    chosen_option = models.CharField(max_length=200, blank=True)
    decider_call = models.CharField(max_length=10, blank=True)
    rationale = models.TextField(blank=True, help_text="Why, as the body records it")
    # Frozen when positions open; the ballot and the result are frozen at the close, apart
    # (`FrozenCount`), so that lists and the register read small rows.
    rule_in_force = models.JSONField(null=True, blank=True)
    rule_method = models.CharField(
        "decided by", max_length=20, choices=DecisionMethod.choices, blank=True
    )
    explanation = models.TextField(blank=True)
    review_on = models.DateField(
        "review by", null=True, blank=True, help_text="When the body should look at this again"
    )
    review_reminded_on = models.DateField(null=True, blank=True)
    deadline_reminded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=500, blank=True)
    # Raised under the proposal's row lock each time a position is recorded.
    positions_recorded = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["decided", "withdrawn"], decided_on__isnull=False)
                | models.Q(status__in=["draft", "open"], decided_on__isnull=True),
                name="proposal_decided_on_exactly_when_closed",
            )
        ]
        indexes = [
            models.Index(fields=["body", "status"]),
            # The register walks closed proposals newest first (decided_on is set exactly when a
            # proposal closes), so a page reads its rows straight from this index.
            models.Index(fields=["decided_on", "id"], name="proposal_register_order"),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["review_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN

    @property
    def is_draft(self) -> bool:
        return self.status == ProposalStatus.DRAFT

    @property
    def is_closed(self) -> bool:
        return self.status in (ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN)


class FrozenCount(models.Model):
    """The ballot a closed proposal was counted from and the result, frozen at the close: the
    electorate, every position as it stood, and the outcome with its explanation. No service
    changes it afterwards; `taskforce recount-decisions` counts the ballot again and compares."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, primary_key=True, related_name="frozen"
    )
    ballot = models.JSONField()
    result = models.JSONField()
    frozen_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"The count of {self.proposal_id}"


class ProposalOption(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(max_length=12)
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["proposal", "order"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "key"], name="unique_proposal_option_key")
        ]

    def __str__(self) -> str:
        return self.label


class ProposalComment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Not accepted"


class Amendment(models.Model):
    """A change to the proposal's text, offered before positions open."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("new text", help_text="The whole proposal as it would read")
    reason = models.CharField(max_length=500)
    status = models.CharField(
        max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PROPOSED
    )
    replaced_text = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Amendment by {self.author}"


class ProposalPosition(models.Model):
    """One person's position on a proposal: a gradient, a vote or an option, or a recusal.

    One row per person; changing a position updates it and raises `sequence`, a number drawn from
    the proposal, so the count knows which came last without trusting the clock."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="positions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=30, blank=True)
    reason = models.TextField(blank=True, max_length=2000)
    recused = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["proposal", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person"], name="one_position_per_person_per_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.proposal_id}"

    @property
    def value_label(self) -> str:
        return position_label(self.value, self.recused)


def position_label(value: str, recused: bool, options: dict[str, str] | None = None) -> str:
    if recused:
        return "Recused"
    if value in tally.GRADIENTS:
        return tally.GRADIENTS[value]
    if value == tally.ABSTAIN:
        return "Abstain"
    known = {**dict(tally.YES_NO_OPTIONS), **(options or {})}
    return known.get(value, value)
