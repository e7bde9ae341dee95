"""Forms for the decisions pages. They parse input; the decision services check and decide.

Most fields that a service validates (a block's reason, a recusal's conflict, a comment's text)
are optional here so that the service's own words, which say what to do, are what people read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings

from taskforce.core.forms import DateInput, DateTimeLocalInput
from taskforce.directory.models import ExpertiseArea
from taskforce.governance import tally
from taskforce.governance.decision_models import (
    ChoiceKind,
    CountBase,
    DecisionMethod,
    DecisionRule,
    DecisionTopic,
    ExpertiseTie,
    FallbackTrigger,
    Proposal,
    QuorumBasis,
    RuleVoteUnit,
)
from taskforce.governance.decision_services import PROPOSAL_FIELDS, RULE_FIELDS, StepData
from taskforce.governance.meeting_source import MeetingRef
from taskforce.governance.models import Body

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --- Proposals -----------------------------------------------------------------------------------


NO_MEETING = "No meeting: positions close at the deadline"


class ProposalForm(forms.Form):
    """A new proposal (`bodies` given) or the edit of one in discussion (body and meeting fixed)."""

    body = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        empty_label="Choose a body",
        help_text="Bodies you may propose to",
    )
    topic = forms.ChoiceField(
        choices=[("", "Choose a topic"), *DecisionTopic.choices],
        help_text="The body's rule for this topic decides how the proposal is counted",
    )
    area = forms.ModelChoiceField(
        label="Area of expertise",
        queryset=ExpertiseArea.objects.all(),
        required=False,
        empty_label="No particular area",
        help_text="Rules that weight expertise give more weight to the most experienced here",
    )
    title = forms.CharField(max_length=200)
    text = forms.CharField(label="Proposal", widget=_textarea(8), help_text="What is proposed")
    choice_kind = forms.ChoiceField(
        label="Members choose",
        choices=ChoiceKind.choices,
        initial=ChoiceKind.YES_NO,
        widget=forms.RadioSelect,
    )
    options = forms.CharField(
        required=False,
        widget=_textarea(4),
        help_text="Only for several options: one option per line",
    )
    meeting = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", NO_MEETING)],
        help_text="The meeting that takes the decision; the proposal is listed on its agenda",
    )
    deadline = forms.DateTimeField(
        required=False,
        widget=DateTimeLocalInput,
        input_formats=DATETIME_INPUT_FORMATS,
        help_text=f"When positions close, in the task force's time zone ({settings.TIME_ZONE}). "
        "Needed when no meeting decides.",
    )

    def __init__(
        self,
        *args: Any,
        bodies: Sequence[Body] | None = None,
        meetings: Sequence[MeetingRef] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if bodies is None:
            # Editing: the body and the meeting (whose agenda holds the proposal) stay as they are.
            del self.fields["body"]
            del self.fields["meeting"]
            return
        body_field = cast(forms.ModelChoiceField, self.fields["body"])
        body_field.queryset = Body.objects.filter(pk__in=[body.pk for body in bodies])
        meeting_field = cast(forms.TypedChoiceField, self.fields["meeting"])
        meeting_field.choices = [("", NO_MEETING), *((ref.pk, ref.label) for ref in meetings)]

    @staticmethod
    def initial_for(proposal: Proposal, options: Iterable[str]) -> dict[str, Any]:
        return {
            "topic": proposal.topic,
            "area": proposal.area_id,
            "title": proposal.title,
            "text": proposal.text,
            "choice_kind": proposal.choice_kind,
            "options": "\n".join(options) if proposal.choice_kind == ChoiceKind.OPTIONS else "",
            "deadline": proposal.deadline,
        }

    def proposal_data(self) -> dict[str, Any]:
        """The cleaned values the services take (PROPOSAL_FIELDS present on this form)."""
        return {name: self.cleaned_data[name] for name in PROPOSAL_FIELDS if name in self.fields}

    def option_labels(self) -> list[str]:
        if self.cleaned_data.get("choice_kind") != ChoiceKind.OPTIONS:
            return []
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines()]


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment", required=False, max_length=4000, widget=_textarea(3)
    )


class AmendmentForm(forms.Form):
    text = forms.CharField(
        label="The proposal as it would read",
        required=False,
        widget=_textarea(6),
        help_text="Change the text below; the whole proposal is replaced if the amendment is "
        "accepted",
    )
    reason = forms.CharField(label="Why", required=False, max_length=500)


class PositionForm(forms.Form):
    value = forms.ChoiceField(label="Your position", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=_textarea(3),
        help_text="Required for a block: say why, so the body can answer it",
    )

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["value"]).choices = list(choices)


class RecusalForm(forms.Form):
    reason = forms.CharField(
        label="The conflict of interest",
        required=False,
        max_length=2000,
        widget=_textarea(2),
        help_text="For example, a funding decision about your own organization. You leave the "
        "count and the quorum; your recusal is recorded.",
    )


DECIDER_CALLS = [("", "Choose the call"), (tally.PASSED, "Passed"), (tally.FAILED, "Failed")]


class CloseForm(forms.Form):
    decider_call = forms.ChoiceField(
        label="The decider's call",
        choices=DECIDER_CALLS,
        required=False,
        help_text="Under the advice rule the person who decides records the call",
    )
    rationale = forms.CharField(
        required=False, widget=_textarea(3), help_text="Why, as the body records it"
    )
    review_on = forms.DateField(
        label="Review by",
        required=False,
        widget=DateInput,
        help_text="When the body should look at this decision again (optional)",
    )

    def __init__(self, *args: Any, advice: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not advice:
            del self.fields["decider_call"]

    def call(self) -> str:
        return str(self.cleaned_data.get("decider_call", ""))


class ReviewForm(forms.Form):
    review_on = forms.DateField(
        label="Review by",
        required=False,
        widget=DateInput,
        help_text="Leave empty when no review is planned",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why it is withdrawn",
        required=False,
        max_length=500,
        help_text="The register keeps the proposal with this reason",
    )


# --- Decision rules ------------------------------------------------------------------------------

MAX_STEPS = 3
STEP_FIELDS = ("method", "trigger", "numerator", "denominator", "weight")


def step_field(number: int, name: str) -> str:
    return f"step_{number}_{name}"


@dataclass(frozen=True)
class Preset:
    label: str
    description: str
    settings: dict[str, Any]
    steps: tuple[StepData, ...]


PRESETS: dict[str, Preset] = {
    "executive-board": Preset(
        "Executive board vote (South Bay)",
        "The board's voting members decide by a majority of every eligible vote; half of them "
        "must be present at the meeting.",
        {
            "quorum_percent": 50,
            "quorum_basis": QuorumBasis.PRESENT,
            "vote_unit": RuleVoteUnit.PERSON,
            "count_base": CountBase.ELIGIBLE,
        },
        (StepData(tally.MAJORITY),),
    ),
    "consensus-expertise": Preset(
        "Consensus with expertise fallback (Western New York)",
        "Consensus first; on a block, a majority vote in which the chair with the most years in "
        "the proposal's area counts twice; on a tie, a plain majority. Half of those eligible "
        "must take a position.",
        {
            "quorum_percent": 50,
            "quorum_basis": QuorumBasis.PARTICIPATING,
            "vote_unit": RuleVoteUnit.PERSON,
            "count_base": CountBase.CAST,
        },
        (
            StepData(tally.CONSENSUS),
            StepData(tally.MAJORITY, tally.BLOCKED, expertise_weight=Decimal(2)),
            StepData(tally.MAJORITY, tally.TIE),
        ),
    ),
    "leadership": Preset(
        "Leadership decides (centralized)",
        "Only the leading organizations decide, by a majority of their votes, after hearing "
        "everyone else.",
        {
            "quorum_percent": None,
            "quorum_basis": QuorumBasis.PARTICIPATING,
            "vote_unit": RuleVoteUnit.PERSON,
            "count_base": CountBase.CAST,
        },
        (StepData(tally.LEADERSHIP, threshold_numerator=1, threshold_denominator=2),),
    ),
    "every-voting-member": Preset(
        "Every voting member (decentralized)",
        "Every voting member has a voice: a majority of the votes cast decides; half of those "
        "eligible must take a position.",
        {
            "quorum_percent": 50,
            "quorum_basis": QuorumBasis.PARTICIPATING,
            "vote_unit": RuleVoteUnit.PERSON,
            "count_base": CountBase.CAST,
        },
        (StepData(tally.MAJORITY),),
    ),
}


def _steps_initial(steps: Iterable[StepData]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for number, step in enumerate(steps, start=1):
        initial[step_field(number, "method")] = step.method
        initial[step_field(number, "trigger")] = step.trigger
        initial[step_field(number, "numerator")] = step.threshold_numerator
        initial[step_field(number, "denominator")] = step.threshold_denominator
        initial[step_field(number, "weight")] = step.expertise_weight
    return initial


class RuleForm(forms.Form):
    """A rule's settings and up to MAX_STEPS steps (step_1_method, step_2_trigger, ...)."""

    topic = forms.ChoiceField(
        choices=[("", "Every other topic"), *DecisionTopic.choices],
        required=False,
        help_text="“Every other topic” is the body's rule for topics without their own",
    )
    quorum_percent = forms.IntegerField(
        label="Quorum (%)",
        required=False,
        min_value=1,
        max_value=100,
        help_text="Leave empty when no quorum is required",
    )
    quorum_basis = forms.ChoiceField(
        label="Quorum counts",
        choices=QuorumBasis.choices,
        initial=QuorumBasis.PARTICIPATING,
        widget=forms.RadioSelect,
    )
    vote_unit = forms.ChoiceField(
        label="Who has a vote",
        choices=RuleVoteUnit.choices,
        initial=RuleVoteUnit.PERSON,
        widget=forms.RadioSelect,
    )
    count_base = forms.ChoiceField(
        label="Votes are counted against",
        choices=CountBase.choices,
        initial=CountBase.CAST,
        widget=forms.RadioSelect,
    )
    expertise_tie = forms.ChoiceField(
        label="When the most experienced are tied",
        choices=ExpertiseTie.choices,
        initial=ExpertiseTie.SHARE,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        required=False, widget=_textarea(2), help_text="Where the rule comes from, e.g. the bylaws"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_STEPS + 1):
            first = number == 1
            self.fields[step_field(number, "method")] = forms.ChoiceField(
                label="Method",
                choices=[
                    ("", "Choose a method" if first else "No further step"),
                    *DecisionMethod.choices,
                ],
                required=first,
            )
            if not first:
                self.fields[step_field(number, "trigger")] = forms.ChoiceField(
                    label="Runs on",
                    choices=[("", "Choose what sends the count on"), *FallbackTrigger.choices],
                    required=False,
                )
            self.fields[step_field(number, "numerator")] = forms.IntegerField(
                label="Fraction: numerator",
                required=False,
                min_value=1,
                max_value=99,
                initial=2,
                help_text="For a supermajority (e.g. 2 of 2/3), or a leadership step (1/2 is a "
                "majority)",
            )
            self.fields[step_field(number, "denominator")] = forms.IntegerField(
                label="Fraction: denominator",
                required=False,
                min_value=2,
                max_value=100,
                initial=3,
            )
            self.fields[step_field(number, "weight")] = forms.DecimalField(
                label="Weight of the most experienced",
                required=False,
                min_value=Decimal(1),
                max_value=Decimal(10),
                max_digits=4,
                decimal_places=2,
                initial=Decimal(1),
                help_text="1 means no weighting; votes only",
            )
        self.steps: list[StepData] = []

    @staticmethod
    def initial_for(rule: DecisionRule) -> dict[str, Any]:
        steps = [
            StepData(
                method=step.method,
                trigger=step.trigger,
                threshold_numerator=step.threshold_numerator,
                threshold_denominator=step.threshold_denominator,
                expertise_weight=step.expertise_weight,
            )
            for step in rule.steps.order_by("order")
        ]
        return {name: getattr(rule, name) for name in RULE_FIELDS} | _steps_initial(steps)

    @staticmethod
    def initial_for_preset(key: str) -> dict[str, Any]:
        preset = PRESETS.get(key)
        if preset is None:
            return {}
        return {**preset.settings, "notes": preset.label} | _steps_initial(preset.steps)

    @property
    def setting_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in RULE_FIELDS]

    @property
    def step_groups(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (
                number,
                [
                    self[step_field(number, name)]
                    for name in STEP_FIELDS
                    if step_field(number, name) in self.fields
                ],
            )
            for number in range(1, MAX_STEPS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        steps: list[StepData] = []
        gap = 0
        for number in range(1, MAX_STEPS + 1):
            method = cleaned.get(step_field(number, "method")) or ""
            if not method:
                gap = gap or number
                continue
            if gap:
                self.add_error(None, f"Step {gap} is empty: fill the steps in order, without gaps.")
                break
            numerator = cleaned.get(step_field(number, "numerator"))
            denominator = cleaned.get(step_field(number, "denominator"))
            weight = cleaned.get(step_field(number, "weight"))
            steps.append(
                StepData(
                    method=method,
                    trigger=cleaned.get(step_field(number, "trigger")) or "",
                    threshold_numerator=2 if numerator is None else numerator,
                    threshold_denominator=3 if denominator is None else denominator,
                    expertise_weight=Decimal(1) if weight is None else weight,
                )
            )
        self.steps = steps
        return cleaned

    def rule_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}
