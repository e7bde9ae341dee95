"""Counting a proposal: plain data in, an outcome and a step-by-step explanation out.

`tally(rule, ballot)` is pure and deterministic. It reads no database and no clock, and its result
depends only on what it is given, never on the order participants or positions arrive in. The
services freeze its inputs and result when a decision closes, so anyone can recount it later and
get the same answer.

The rules, as they are explained to members:

- Who counts. Each eligible participant belongs to a voting unit: themselves, or under "one
  agency, one vote" their organization (the loader marks only the delegate, or the alternate
  standing in, as eligible). A unit counts once, whatever is submitted: of the positions from a
  unit, the one recorded last (highest sequence, then highest person id) is the unit's. Ineligible
  participants never count. A unit whose position is a recusal leaves the base, the quorum and
  every count.
- Quorum, checked first: a decision never passes without it. It is a share of the units that
  decide (the leading organizations' units when the rule starts with "leadership decides",
  everyone's otherwise): the units that took a position, or those present at the meeting.
- Consensus (gradients of agreement): any block stops it ("blocked"); serious disagreement or a
  call for more discussion at the close means "no consensus"; otherwise, with at least one
  position in support, consensus is reached.
- Votes: gradients are read as votes when a vote step follows consensus (endorse, minor point,
  reservations and "do not like but will support" are yes; serious disagreement and block are no;
  abstain and "need more discussion" abstain). A majority is more than half of the base; a
  supermajority at least its fraction of it. The base is the weight cast (abstentions left out),
  of every eligible unit, or of the units present. Equal top counts that reach no decision are a
  tie.
- Expertise weighting: on a step with a weight above 1, the participant with the most years of
  experience in the proposal's area, among those whose position counts, has their unit's vote
  multiplied by the weight. When several share the most years, the rule's tie setting decides
  whether all of them are weighted or none.
- Leadership decides: only units whose participant belongs to a leading organization decide, by
  majority (or the step's fraction) of the votes they cast; the other members' positions are
  reported as heard.
- Advice: everyone's positions are gathered; the person who decides records the call.
- Fallback: when a step ends blocked, without consensus or tied, the next step whose trigger
  matches runs on the same positions. When none does, a block is "blocked", and no consensus or a
  tie is "failed".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

# --- Vocabulary ----------------------------------------------------------------------------------

CONSENSUS = "consensus"
MAJORITY = "majority"
SUPERMAJORITY = "supermajority"
LEADERSHIP = "leadership"
ADVICE = "advice"
METHODS = (CONSENSUS, MAJORITY, SUPERMAJORITY, LEADERSHIP, ADVICE)
VOTE_METHODS = frozenset({MAJORITY, SUPERMAJORITY})

# How a step ended when it reached no decision; fallback triggers name these.
BLOCKED = "blocked"
NO_CONSENSUS = "no_consensus"
TIE = "tie"
TRIGGER_CONDITIONS: dict[str, frozenset[str]] = {
    BLOCKED: frozenset({BLOCKED}),
    # "No consensus by the deadline" includes being blocked.
    NO_CONSENSUS: frozenset({BLOCKED, NO_CONSENSUS}),
    TIE: frozenset({TIE}),
}

# Outcomes.
PASSED = "passed"
FAILED = "failed"
NO_QUORUM = "no_quorum"
CONSENSUS_REACHED = "consensus_reached"
WITHDRAWN = "withdrawn"
OUTCOME_LABELS = {
    PASSED: "Passed",
    FAILED: "Failed",
    NO_QUORUM: "No quorum",
    CONSENSUS_REACHED: "Consensus reached",
    BLOCKED: "Blocked",
    WITHDRAWN: "Withdrawn",
}
ADOPTING_OUTCOMES = frozenset({PASSED, CONSENSUS_REACHED})

# Gradients of agreement (DESIGN §8), in order from full support to a block.
ENDORSE = "endorse"
MINOR_POINT = "minor_point"
RESERVATIONS = "reservations"
ABSTAIN = "abstain"
MORE_DISCUSSION = "more_discussion"
WILL_SUPPORT = "will_support"
SERIOUS_DISAGREEMENT = "serious_disagreement"
BLOCK = "block"
GRADIENTS: dict[str, str] = {
    ENDORSE: "Endorse",
    MINOR_POINT: "Agree with a minor point of contention",
    RESERVATIONS: "Agree with reservations",
    ABSTAIN: "Abstain",
    MORE_DISCUSSION: "Need more discussion",
    WILL_SUPPORT: "Do not like it but will support it",
    SERIOUS_DISAGREEMENT: "Serious disagreement",
    BLOCK: "Block",
}
SUPPORTING_GRADIENTS = frozenset({ENDORSE, MINOR_POINT, RESERVATIONS, WILL_SUPPORT})
OPPOSING_GRADIENTS = frozenset({SERIOUS_DISAGREEMENT, BLOCK})
UNSETTLED_GRADIENTS = frozenset({MORE_DISCUSSION, SERIOUS_DISAGREEMENT})

# Votes on a yes/no proposal; a proposal with several options uses its options' keys instead.
YES = "yes"
NO = "no"
YES_NO_OPTIONS: tuple[tuple[str, str], ...] = ((YES, "Yes"), (NO, "No"))

# Quorum and base settings.
QUORUM_PARTICIPATING = "participating"
QUORUM_PRESENT = "present"
BASE_CAST = "cast"
BASE_ELIGIBLE = "eligible"
BASE_PRESENT = "present"
UNIT_PERSON = "person"
UNIT_ORGANIZATION = "organization"
EXPERTS_SHARE = "share"
EXPERTS_NONE = "none"

GRADIENTS_AS_VOTES = (
    "positions are read as votes: endorse, a minor point, reservations and “do not like but will "
    "support” count as yes; serious disagreement and block as no; abstain and “need more "
    "discussion” as abstentions"
)


def read_as_vote(value: str) -> str:
    """A consensus gradient as a vote; votes and option keys are returned unchanged."""
    if value in SUPPORTING_GRADIENTS:
        return YES
    if value in OPPOSING_GRADIENTS:
        return NO
    if value in (ABSTAIN, MORE_DISCUSSION):
        return ABSTAIN
    return value


def read_as_gradient(value: str) -> str:
    """A vote as a consensus gradient, for a consensus step that is given votes."""
    return {YES: ENDORSE, NO: SERIOUS_DISAGREEMENT}.get(value, value)


# --- Inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepSpec:
    method: str
    trigger: str = ""  # what moves the count on to this step; empty for the first step
    numerator: int = 2  # a supermajority's fraction, or a leadership step's (1/2: a majority)
    denominator: int = 3
    weight: Fraction = Fraction(1)  # for the most experienced participant in the area

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    @property
    def is_weighted(self) -> bool:
        return self.weight > 1


@dataclass(frozen=True)
class RuleSpec:
    steps: tuple[StepSpec, ...]
    quorum_percent: int | None = None
    quorum_basis: str = QUORUM_PARTICIPATING
    vote_unit: str = UNIT_PERSON
    count_base: str = BASE_CAST
    expertise_tie: str = EXPERTS_SHARE
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["steps"] = [{**asdict(step), "weight": str(step.weight)} for step in self.steps]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RuleSpec:
        steps = tuple(
            StepSpec(**{**step, "weight": Fraction(step["weight"])}) for step in data["steps"]
        )
        return cls(**{**data, "steps": steps})


@dataclass(frozen=True)
class Participant:
    """Someone who may take a position: a seated member, eligible to vote or not."""

    person_id: int
    name: str
    unit: str  # "person:12" or "organization:4": what counts once
    unit_label: str
    eligible: bool = True
    reason: str = ""  # why they may not vote, or in whose name they do
    present: bool = False  # at the proposal's meeting
    leading: bool = False  # belongs to one of the task force's leading organizations
    years: int = 0  # years of experience in the proposal's area


@dataclass(frozen=True)
class Stance:
    """A position as recorded: a gradient, a vote or an option key, or a recusal."""

    person_id: int
    value: str = ""
    recused: bool = False
    sequence: int = 0  # later positions have higher numbers


@dataclass(frozen=True)
class Ballot:
    participants: tuple[Participant, ...]
    stances: tuple[Stance, ...] = ()
    options: tuple[tuple[str, str], ...] = YES_NO_OPTIONS
    area: str = ""  # the proposal's area of expertise, by name
    decider_call: str = ""  # PASSED or FAILED, under the advice method
    withdrawn: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Ballot:
        return cls(
            participants=tuple(Participant(**row) for row in data["participants"]),
            stances=tuple(Stance(**row) for row in data["stances"]),
            options=tuple((key, label) for key, label in data["options"]),
            area=data.get("area", ""),
            decider_call=data.get("decider_call", ""),
            withdrawn=data.get("withdrawn", False),
        )


# --- Output --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepReport:
    number: int
    method: str
    condition: str  # "decided", or BLOCKED / NO_CONSENSUS / TIE / "awaiting"
    text: str
    totals: dict[str, str] = field(default_factory=dict)  # option key or gradient → weight
    weighted: list[int] = field(default_factory=list)  # person ids weighted for expertise


@dataclass(frozen=True)
class Result:
    outcome: str | None  # None while an advice decision awaits the decider's call
    chosen_option: str | None
    explanation: list[str]
    quorum_met: bool
    quorum_text: str
    counted_units: int  # units whose position counts
    eligible_units: int  # units that decide, recusals left out
    recused: list[str]
    steps: list[StepReport]

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome or "", "Awaiting the decider's call")

    @property
    def adopted(self) -> bool:
        return self.outcome in ADOPTING_OUTCOMES

    @property
    def summary(self) -> str:
        return "; ".join(self.explanation[1:])

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Result:
        return cls(**{**data, "steps": [StepReport(**step) for step in data["steps"]]})


# --- Wording -------------------------------------------------------------------------------------

METHOD_NAMES = {
    CONSENSUS: "consensus",
    MAJORITY: "majority vote",
    SUPERMAJORITY: "supermajority vote",
    LEADERSHIP: "leadership decides",
    ADVICE: "advice",
}
TRIGGER_NAMES = {
    BLOCKED: "on a block",
    NO_CONSENSUS: "when consensus is not reached",
    TIE: "on a tie",
}


def plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def format_weight(value: Fraction) -> str:
    """5 → "5.0", 5.5 → "5.5", 16/3 → "5.33"."""
    if value.denominator == 1:
        return f"{value.numerator}.0"
    text = f"{float(value):.2f}".rstrip("0")
    return text if not text.endswith(".") else text + "0"


def format_multiplier(value: Fraction) -> str:
    """2 → "×2", 1.5 → "×1.5"."""
    return "×" + (str(value.numerator) if value.denominator == 1 else format_weight(value))


def format_fraction(value: Fraction) -> str:
    if value == Fraction(1, 2):
        return "half"
    return f"{value.numerator}/{value.denominator}"


def names(items: Iterable[str]) -> str:
    ordered = sorted(items)
    if len(ordered) <= 1:
        return "".join(ordered)
    return ", ".join(ordered[:-1]) + " and " + ordered[-1]


def step_title(step: StepSpec) -> str:
    title = METHOD_NAMES[step.method]
    if step.method == SUPERMAJORITY:
        title += f" of {format_fraction(step.fraction)}"
    if step.method == LEADERSHIP and step.fraction != Fraction(1, 2):
        title += f" (by {format_fraction(step.fraction)})"
    if step.is_weighted and step.method != CONSENSUS:
        title = f"expertise-weighted {title} ({format_multiplier(step.weight)})"
    return title


def describe_rule(rule: RuleSpec) -> str:
    """The rule in force, in one sentence."""
    parts = []
    for number, step in enumerate(rule.steps):
        title = step_title(step)
        parts.append(title if number == 0 else f"{TRIGGER_NAMES[step.trigger]}, {title}")
    text = "; ".join(parts)
    text = text[0].upper() + text[1:]
    if rule.quorum_percent:
        of = (
            "of those eligible taking a position"
            if rule.quorum_basis == QUORUM_PARTICIPATING
            else "of those eligible present at the meeting"
        )
        text += f". Quorum: {rule.quorum_percent}% {of}"
    else:
        text += ". No quorum is required"
    if any(step.method in VOTE_METHODS | {LEADERSHIP} for step in rule.steps):
        base = {
            BASE_CAST: "votes cast (abstentions left out)",
            BASE_ELIGIBLE: "every eligible vote",
            BASE_PRESENT: "the votes of those present",
        }[rule.count_base]
        text += f". Votes are counted against {base}"
    unit = (
        "one vote per organization"
        if rule.vote_unit == UNIT_ORGANIZATION
        else "one vote per person"
    )
    return f"{text}; {unit}."


# --- The count -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counted:
    """A unit whose position counts, with the participant who gave it."""

    participant: Participant
    value: str


def _latest_by_person(stances: Iterable[Stance]) -> dict[int, Stance]:
    latest: dict[int, Stance] = {}
    for stance in stances:
        held = latest.get(stance.person_id)
        if held is None or _stance_order(stance) > _stance_order(held):
            latest[stance.person_id] = stance
    return latest


def _stance_order(stance: Stance) -> tuple[int, bool, str]:
    # Equal sequences (which the database never produces) still resolve the same way every time.
    return (stance.sequence, stance.recused, stance.value)


@dataclass
class _Electorate:
    units: dict[str, Participant]  # deciding unit → its participant with the latest position
    counted: dict[str, _Counted]  # deciding units with a position, recusals left out
    recused: dict[str, Participant]
    present_units: set[str]
    heard: list[_Counted]  # positions of eligible participants outside the deciding units


def _units(participants: Iterable[Participant]) -> dict[str, list[Participant]]:
    by_unit: dict[str, list[Participant]] = {}
    for participant in sorted(participants, key=lambda p: p.person_id):
        by_unit.setdefault(participant.unit, []).append(participant)
    return dict(sorted(by_unit.items()))


def _unit_position(
    members: Sequence[Participant], latest: Mapping[int, Stance]
) -> tuple[Stance | None, Participant]:
    """A unit's position: its members' latest (highest sequence, then highest person id)."""
    with_stance = [(latest[m.person_id], m) for m in members if m.person_id in latest]
    if not with_stance:
        return None, members[0]
    return max(
        with_stance,
        key=lambda pair: (pair[0].sequence, pair[1].person_id, _stance_order(pair[0])),
    )


def _electorate(ballot: Ballot, *, leaders_only: bool) -> _Electorate:
    """Who decides (every eligible unit, or only the leading organizations'), and who is heard;
    each unit's position is its latest one, for deciding and heard units alike."""
    latest = _latest_by_person(ballot.stances)
    eligible = [participant for participant in ballot.participants if participant.eligible]
    deciding = [p for p in eligible if p.leading or not leaders_only]
    heard: list[_Counted] = []
    if leaders_only:
        for members in _units(p for p in eligible if not p.leading).values():
            stance, member = _unit_position(members, latest)
            if stance is not None and not stance.recused and stance.value:
                heard.append(_Counted(member, stance.value))
    units: dict[str, Participant] = {}
    counted: dict[str, _Counted] = {}
    recused: dict[str, Participant] = {}
    present: set[str] = set()
    for unit, members in _units(deciding).items():
        stance, member = _unit_position(members, latest)
        units[unit] = member
        if any(each.present for each in members):
            present.add(unit)
        if stance is not None and stance.recused:
            recused[unit] = member
        elif stance is not None and stance.value:
            counted[unit] = _Counted(member, stance.value)
    return _Electorate(units, counted, recused, present, heard)


def _quorum(rule: RuleSpec, electorate: _Electorate) -> tuple[bool, str, int]:
    deciding = [unit for unit in electorate.units if unit not in electorate.recused]
    total = len(deciding)
    if rule.steps[0].method == LEADERSHIP:
        who = "leading-organization voters"
    elif rule.vote_unit == UNIT_ORGANIZATION:
        who = "voting organizations"
    else:
        who = "eligible voters"
    if rule.quorum_basis == QUORUM_PRESENT:
        reached = sum(1 for unit in deciding if unit in electorate.present_units)
        doing = "present at the meeting"
    else:
        reached = len(electorate.counted)
        doing = "took a position"
    if total == 0:
        return False, f"No quorum: there are no {who} to count", total
    if not rule.quorum_percent:
        return (
            True,
            f"{reached} of {plural(total, who[:-1], who)} {doing}; no quorum is required",
            total,
        )
    needed = max(1, math.ceil(Fraction(rule.quorum_percent * total, 100)))
    met = reached >= needed
    verdict = "met" if met else "not met"
    return (
        met,
        f"Quorum {verdict}: {reached} of {plural(total, who[:-1], who)} {doing} "
        f"({rule.quorum_percent}% needs {needed})",
        total,
    )


def _consensus(number: int, counted: Sequence[_Counted]) -> StepReport:
    gradients = [read_as_gradient(item.value) for item in counted]
    totals = {code: str(gradients.count(code)) for code in GRADIENTS if code in gradients}
    taking = len(gradients)
    blockers = [item.participant.name for item in counted if read_as_gradient(item.value) == BLOCK]
    if blockers:
        return StepReport(
            number,
            CONSENSUS,
            BLOCKED,
            f"Step {number}, consensus: blocked by {len(blockers)} of {taking} ({names(blockers)})",
            totals,
        )
    unsettled = sum(1 for value in gradients if value in UNSETTLED_GRADIENTS)
    if unsettled:
        return StepReport(
            number,
            CONSENSUS,
            NO_CONSENSUS,
            f"Step {number}, consensus: not reached; {unsettled} of {taking} positions are serious "
            "disagreement or a call for more discussion",
            totals,
        )
    supporting = sum(1 for value in gradients if value in SUPPORTING_GRADIENTS)
    if not supporting:
        return StepReport(
            number,
            CONSENSUS,
            NO_CONSENSUS,
            f"Step {number}, consensus: not reached; nobody of {taking} supports the proposal",
            totals,
        )
    reserved = sum(1 for value in gradients if value in (RESERVATIONS, WILL_SUPPORT))
    note = f", {reserved} with reservations" if reserved else ""
    return StepReport(
        number,
        CONSENSUS,
        "decided",
        f"Step {number}, consensus: reached; {supporting} of {taking} support it{note}, "
        "nobody blocks",
        totals,
    )


def _experts(
    rule: RuleSpec, step: StepSpec, counted: Sequence[_Counted], area: str
) -> tuple[set[str], str]:
    """The units weighted on this step, and the sentence that says who and why."""
    if not step.is_weighted:
        return set(), ""
    if not area:
        return set(), "the proposal names no area of expertise, so no vote is weighted"
    most = max((item.participant.years for item in counted), default=0)
    if most == 0:
        return set(), f"nobody whose position counts has recorded experience in {area}; no weight"
    top = [item for item in counted if item.participant.years == most]
    who = names(item.participant.name for item in top)
    weight = format_multiplier(step.weight)
    if len(top) > 1 and rule.expertise_tie == EXPERTS_NONE:
        return set(), (
            f"{who} share the most experience in {area} ({most} years); when the most "
            "experienced are tied nobody is weighted"
        )
    if len(top) > 1:
        return {item.participant.unit for item in top}, (
            f"{who} share the most experience in {area} ({most} years); when the most "
            f"experienced are tied each is weighted {weight}"
        )
    return {top[0].participant.unit}, (
        f"{who} has the most experience in {area} ({most} years), weighted {weight}"
    )


def _vote_line(totals: Mapping[str, Fraction], options: Sequence[tuple[str, str]]) -> str:
    if [key for key, _ in options] == [YES, NO]:
        return f"{format_weight(totals[YES])} yes vs {format_weight(totals[NO])} no"
    return ", ".join(f"{format_weight(totals[key])} for {label}" for key, label in options)


def _vote(
    number: int,
    rule: RuleSpec,
    step: StepSpec,
    electorate: _Electorate,
    ballot: Ballot,
) -> tuple[StepReport, str | None]:
    """A majority, supermajority or leadership vote; (report, winning option)."""
    counted = list(electorate.counted.values())
    experts, expert_text = _experts(rule, step, counted, ballot.area)

    def weight_of(unit: str) -> Fraction:
        return step.weight if unit in experts else Fraction(1)

    option_keys = [key for key, _ in ballot.options]
    totals: dict[str, Fraction] = {key: Fraction(0) for key in option_keys}
    abstaining = Fraction(0)
    for item in counted:
        vote = read_as_vote(item.value)
        if vote in totals:
            totals[vote] += weight_of(item.participant.unit)
        else:
            abstaining += weight_of(item.participant.unit)
    cast = sum(totals.values(), Fraction(0))
    deciding = [unit for unit in electorate.units if unit not in electorate.recused]
    if rule.count_base == BASE_ELIGIBLE:
        base, base_name = sum((weight_of(u) for u in deciding), Fraction(0)), "eligible"
    elif rule.count_base == BASE_PRESENT:
        base = sum((weight_of(u) for u in deciding if u in electorate.present_units), Fraction(0))
        base_name = "present"
    else:
        base, base_name = cast, "cast"
    if step.method == SUPERMAJORITY or (
        step.method == LEADERSHIP and step.fraction != Fraction(1, 2)
    ):
        needed_text = (
            f"at least {format_fraction(step.fraction)} of {format_weight(base)} {base_name}"
        )

        def passes(amount: Fraction) -> bool:
            return base > 0 and amount >= step.fraction * base
    else:
        needed_text = f"more than half of {format_weight(base)} {base_name}"

        def passes(amount: Fraction) -> bool:
            return base > 0 and amount * 2 > base

    is_yes_no = option_keys == [YES, NO]
    best = max(totals.values(), default=Fraction(0))
    leaders = [key for key in option_keys if totals[key] == best]
    winner = leaders[0] if len(leaders) == 1 and passes(best) else None
    if is_yes_no:
        winner = YES if passes(totals[YES]) else None
    title = step_title(step)
    parts = [f"Step {number}, {title}"]
    if step.method == LEADERSHIP:
        parts.append(f"only the leading organizations decide ({plural(len(counted), 'vote')})")
    if any(read_as_vote(item.value) != item.value for item in counted):
        parts.append(GRADIENTS_AS_VOTES)
    if expert_text:
        parts.append(expert_text)
    tally_text = _vote_line(totals, ballot.options)
    if abstaining:
        tally_text += f", {format_weight(abstaining)} abstaining"
    parts.append(f"{tally_text}; passing needs {needed_text}")
    if winner is not None:
        condition = "decided"
        label = dict(ballot.options)[winner]
        parts.append("passed" if is_yes_no else f"passed: {label}")
    elif best > 0 and len(leaders) > 1 and (not is_yes_no or totals[YES] == totals[NO]):
        condition = TIE
        parts.append("tied")
    else:
        condition = "decided"
        parts.append("failed")
    if step.method == LEADERSHIP and electorate.heard:
        parts.append(_heard_text(electorate.heard, ballot.options))
    report = StepReport(
        number,
        step.method,
        condition,
        ": ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if len(parts) > 2 else ""),
        {key: format_weight(value) for key, value in totals.items()}
        | ({ABSTAIN: format_weight(abstaining)} if abstaining else {}),
        sorted(item.participant.person_id for item in counted if item.participant.unit in experts),
    )
    return report, winner


def _count_of(count: int, key: str, label: str) -> str:
    """ "2 yes", or "2 for Fund the shelter" for one of several options."""
    return f"{count} {key}" if key in (YES, NO) else f"{count} for {label}"


def _heard_text(heard: Sequence[_Counted], options: Sequence[tuple[str, str]]) -> str:
    votes = [read_as_vote(item.value) for item in heard]
    counts = ", ".join(
        _count_of(votes.count(key), key, label) for key, label in options if votes.count(key)
    )
    abstaining = sum(1 for vote in votes if vote not in dict(options))
    if abstaining:
        counts += (", " if counts else "") + f"{abstaining} abstaining"
    return f"the other members were heard ({plural(len(heard), 'position')}: {counts})"


def _advice(number: int, electorate: _Electorate, ballot: Ballot) -> tuple[StepReport, str | None]:
    counted = list(electorate.counted.values()) + list(electorate.heard)
    votes = [read_as_vote(item.value) for item in counted]
    totals = {key: str(votes.count(key)) for key, _ in ballot.options}
    abstaining = sum(1 for vote in votes if vote not in totals)
    heard = ", ".join(_count_of(int(totals[key]), key, label) for key, label in ballot.options)
    text = f"Step {number}, advice: {plural(len(counted), 'position')} gathered ({heard}"
    text += f", {abstaining} abstaining)" if abstaining else ")"
    if ballot.decider_call in (PASSED, FAILED):
        text += f"; the decider's call: {OUTCOME_LABELS[ballot.decider_call].lower()}"
        return StepReport(number, ADVICE, "decided", text, totals), ballot.decider_call
    return StepReport(
        number, ADVICE, "awaiting", text + "; awaiting the decider's call", totals
    ), None


def tally(rule: RuleSpec, ballot: Ballot) -> Result:
    """Count the ballot under the rule; see the module's documentation for the rules."""
    leadership_first = rule.steps[0].method == LEADERSHIP
    electorate = _electorate(ballot, leaders_only=leadership_first)
    rule_line = f"Rule in force: {describe_rule(rule)}"
    recused = sorted(participant.name for participant in electorate.recused.values())
    quorum_met, quorum_text, eligible_units = _quorum(rule, electorate)
    explanation = [rule_line]
    if recused:
        explanation.append(f"Recused, and left out of every count: {names(recused)}")
    explanation.append(quorum_text)

    def finish(outcome: str | None, chosen: str | None, steps: list[StepReport]) -> Result:
        closing = (
            f"Outcome: {OUTCOME_LABELS[outcome].lower()}"
            if outcome
            else "Outcome: awaiting the decider's call"
        )
        return Result(
            outcome=outcome,
            chosen_option=chosen,
            explanation=[*explanation, *(step.text for step in steps), closing],
            quorum_met=quorum_met,
            quorum_text=quorum_text,
            counted_units=len(electorate.counted),
            eligible_units=eligible_units,
            recused=recused,
            steps=steps,
        )

    if ballot.withdrawn:
        explanation.append("Withdrawn before a decision")
        return finish(WITHDRAWN, None, [])
    if not quorum_met:
        return finish(NO_QUORUM, None, [])
    reports: list[StepReport] = []
    index = 0
    counted = list(electorate.counted.values())
    while True:
        step = rule.steps[index]
        number = len(reports) + 1
        chosen: str | None = None
        if step.method == CONSENSUS:
            report = _consensus(number, counted)
        elif step.method == ADVICE:
            report, chosen = _advice(number, electorate, ballot)
        elif step.method == LEADERSHIP and not leadership_first:
            # A rule may hand over to the leading organizations only after another step fails.
            leaders = _electorate(ballot, leaders_only=True)
            report, chosen = _vote(number, rule, step, leaders, ballot)
        else:
            report, chosen = _vote(number, rule, step, electorate, ballot)
        reports.append(report)
        if report.condition == "awaiting":
            return finish(None, None, reports)
        if report.condition == "decided":
            if step.method == CONSENSUS:
                return finish(CONSENSUS_REACHED, YES, reports)
            if step.method == ADVICE:
                return finish(chosen, YES if chosen == PASSED else None, reports)
            return finish(PASSED if chosen else FAILED, chosen, reports)
        following = _next_step(rule, index, report.condition)
        if following is None:
            return finish(BLOCKED if report.condition == BLOCKED else FAILED, None, reports)
        explanation_note = (
            f"{TRIGGER_NAMES[rule.steps[following].trigger]} the count falls back to "
            f"step {len(reports) + 1}"
        )
        reports[-1] = StepReport(
            report.number,
            report.method,
            report.condition,
            f"{report.text}; {explanation_note}",
            report.totals,
            report.weighted,
        )
        index = following


def _next_step(rule: RuleSpec, index: int, condition: str) -> int | None:
    """The first later step whose trigger covers how this one ended."""
    for later in range(index + 1, len(rule.steps)):
        if condition in TRIGGER_CONDITIONS.get(rule.steps[later].trigger, frozenset()):
            return later
    return None
