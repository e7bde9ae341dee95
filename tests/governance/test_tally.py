"""The decision tally: property tests of its rules, and scenarios with the explanation pinned.

The tally is pure, so nothing here touches the database. The property tests check each rule the
module states against an independent reading of the ballot (`Electorate` below), never against the
tally's own internals.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskforce.governance.tally import (
    ABSTAIN,
    ADVICE,
    BASE_CAST,
    BASE_ELIGIBLE,
    BASE_PRESENT,
    BLOCK,
    BLOCKED,
    CONSENSUS,
    CONSENSUS_REACHED,
    ENDORSE,
    EXPERTS_NONE,
    EXPERTS_SHARE,
    FAILED,
    GRADIENTS,
    LEADERSHIP,
    MAJORITY,
    METHODS,
    MORE_DISCUSSION,
    NO,
    NO_CONSENSUS,
    NO_QUORUM,
    PASSED,
    QUORUM_PARTICIPATING,
    QUORUM_PRESENT,
    RESERVATIONS,
    SERIOUS_DISAGREEMENT,
    SUPERMAJORITY,
    TIE,
    UNIT_ORGANIZATION,
    UNIT_PERSON,
    WILL_SUPPORT,
    WITHDRAWN,
    YES,
    YES_NO_OPTIONS,
    Ballot,
    Participant,
    Result,
    RuleSpec,
    Stance,
    StepSpec,
    read_as_gradient,
    read_as_vote,
    tally,
)

PROPERTY = settings(max_examples=200, deadline=None)

AREA = "Victim services"
FUNDING_OPTIONS: tuple[tuple[str, str], ...] = (
    ("shelter", "Fund the Safe Harbor shelter"),
    ("outreach", "Fund New Dawn outreach"),
    ("training", "Fund police training"),
)
VOTE_VALUES = (YES, NO, ABSTAIN, *GRADIENTS)
# Weights a rule can hold (two decimals at most, as the rule form stores them), all above 1.
WEIGHTS = tuple(Fraction(text) for text in ("1.25", "1.5", "2", "2.5", "3", "10"))
GRADIENTS_AS_VOTES_TEXT = (
    "positions are read as votes: endorse, a minor point, reservations and “do not like but will "
    "support” count as yes; serious disagreement and block as no; abstain and “need more "
    "discussion” as abstentions"
)


# --- An independent reading of a ballot ---------------------------------------------------------


@dataclass(frozen=True)
class Electorate:
    """Who decides and which position is each unit's, read straight from the module's rules.

    Assumes every stance has its own sequence, as the database guarantees."""

    members: dict[str, list[Participant]]  # deciding unit → its eligible members
    positions: dict[str, tuple[Participant, Stance]]  # unit → the member and their last stance

    @classmethod
    def of(cls, rule: RuleSpec, ballot: Ballot) -> Electorate:
        leadership_first = rule.steps[0].method == LEADERSHIP
        members: dict[str, list[Participant]] = {}
        for participant in ballot.participants:
            if participant.eligible and (participant.leading or not leadership_first):
                members.setdefault(participant.unit, []).append(participant)
        deciders = {member.person_id: member for group in members.values() for member in group}
        positions: dict[str, tuple[Participant, Stance]] = {}
        for stance in sorted(ballot.stances, key=lambda stance: stance.sequence):
            member = deciders.get(stance.person_id)
            if member is not None:
                positions[member.unit] = (member, stance)
        return cls(members, positions)

    @property
    def recused(self) -> set[str]:
        return {unit for unit, (_, stance) in self.positions.items() if stance.recused}

    @property
    def deciding(self) -> set[str]:
        return set(self.members) - self.recused

    @property
    def counted(self) -> dict[str, tuple[Participant, str]]:
        return {
            unit: (member, stance.value)
            for unit, (member, stance) in self.positions.items()
            if not stance.recused and stance.value
        }

    @property
    def present(self) -> set[str]:
        return {
            unit for unit in self.deciding if any(member.present for member in self.members[unit])
        }

    def quorum_reached(self, rule: RuleSpec) -> bool:
        total = len(self.deciding)
        if total == 0:
            return False
        if not rule.quorum_percent:
            return True
        reached = len(self.present if rule.quorum_basis == QUORUM_PRESENT else self.counted)
        return reached >= 1 and reached * 100 >= rule.quorum_percent * total

    def experts(self, rule: RuleSpec, step: StepSpec, area: str) -> list[Participant]:
        """The counted participants whose unit's vote the step multiplies."""
        counted = [member for member, _ in self.counted.values()]
        most = max((member.years for member in counted), default=0)
        if not step.is_weighted or not area or most == 0:
            return []
        top = [member for member in counted if member.years == most]
        if len(top) > 1 and rule.expertise_tie == EXPERTS_NONE:
            return []
        return top


# --- Strategies ---------------------------------------------------------------------------------


@st.composite
def step_specs(draw: st.DrawFn, trigger: str, methods: Sequence[str] = METHODS) -> StepSpec:
    denominator = draw(st.integers(2, 5))
    return StepSpec(
        method=draw(st.sampled_from(methods)),
        trigger=trigger,
        numerator=draw(st.integers(1, denominator)),
        denominator=denominator,
        weight=draw(st.sampled_from((Fraction(1), *WEIGHTS))),
    )


@st.composite
def rule_specs(
    draw: st.DrawFn,
    *,
    steps: st.SearchStrategy[tuple[StepSpec, ...]] | None = None,
    vote_units: Sequence[str] = (UNIT_PERSON, UNIT_ORGANIZATION),
) -> RuleSpec:
    if steps is None:
        first = draw(step_specs(""))
        later = draw(
            st.lists(st.sampled_from((BLOCKED, NO_CONSENSUS, TIE)).flatmap(step_specs), max_size=2)
        )
        chain = (first, *later)
    else:
        chain = draw(steps)
    return RuleSpec(
        steps=chain,
        quorum_percent=draw(st.none() | st.integers(1, 100)),
        quorum_basis=draw(st.sampled_from((QUORUM_PARTICIPATING, QUORUM_PRESENT))),
        vote_unit=draw(st.sampled_from(vote_units)),
        count_base=draw(st.sampled_from((BASE_CAST, BASE_ELIGIBLE, BASE_PRESENT))),
        expertise_tie=draw(st.sampled_from((EXPERTS_SHARE, EXPERTS_NONE))),
    )


def rare() -> st.SearchStrategy[bool]:
    """True about one time in six."""
    return st.integers(0, 5).map(lambda n: n == 0)


@st.composite
def participants(
    draw: st.DrawFn, rule: RuleSpec, person_id: int, eligible: bool | None = None
) -> Participant:
    if rule.vote_unit == UNIT_ORGANIZATION:
        organization = draw(st.integers(1, 3))
        unit, label = f"organization:{organization}", f"Organization {organization}"
    else:
        unit, label = f"person:{person_id}", f"Member {person_id}"
    return Participant(
        person_id=person_id,
        name=f"Member {person_id}",
        unit=unit,
        unit_label=label,
        eligible=draw(rare().map(lambda no: not no)) if eligible is None else eligible,
        present=draw(st.booleans()),
        leading=draw(st.booleans()),
        years=draw(st.integers(0, 4)),
    )


@st.composite
def stances_for(
    draw: st.DrawFn,
    person_ids: Sequence[int],
    values: Sequence[str],
    *,
    first_sequence: int = 0,
    unique_sequences: bool = True,
    max_size: int = 14,
) -> tuple[Stance, ...]:
    """Positions from these people, several from the same person at times, some recusals."""
    if not person_ids:
        return ()
    raw = draw(
        st.lists(
            st.tuples(st.sampled_from(person_ids), st.sampled_from(values), rare()),
            max_size=max_size,
        )
    )
    if unique_sequences:
        sequences = draw(st.permutations(range(len(raw))))
    else:
        sequences = draw(st.lists(st.integers(0, 3), min_size=len(raw), max_size=len(raw)))
    return tuple(
        Stance(person_id, "" if recused else value, recused, first_sequence + sequence)
        for (person_id, value, recused), sequence in zip(raw, sequences, strict=True)
    )


@st.composite
def ballots(
    draw: st.DrawFn,
    rule: RuleSpec,
    *,
    options: tuple[tuple[str, str], ...] | None = None,
    unique_sequences: bool = True,
    allow_withdrawn: bool = True,
) -> Ballot:
    person_ids = draw(st.lists(st.integers(1, 499), max_size=9, unique=True))
    drawn = [draw(participants(rule, person_id)) for person_id in person_ids]
    # Leading is a property of the organization: everyone in a unit shares it.
    unit_leads: dict[str, bool] = {}
    for participant in sorted(drawn, key=lambda p: p.person_id):
        unit_leads.setdefault(participant.unit, participant.leading)
    people = tuple(replace(p, leading=unit_leads[p.unit]) for p in drawn)
    if options is None:
        options = draw(st.sampled_from((YES_NO_OPTIONS, FUNDING_OPTIONS)))
    values = VOTE_VALUES if options == YES_NO_OPTIONS else (*dict(options), ABSTAIN)
    return Ballot(
        participants=people,
        stances=draw(stances_for(person_ids, values, unique_sequences=unique_sequences)),
        options=options,
        area=draw(st.sampled_from(("", AREA, AREA))),  # mostly a proposal with an area
        decider_call=draw(st.sampled_from(("", PASSED, FAILED))),
        withdrawn=draw(rare()) if allow_withdrawn else False,
    )


@st.composite
def cases(
    draw: st.DrawFn,
    rules: st.SearchStrategy[RuleSpec] | None = None,
    *,
    options: tuple[tuple[str, str], ...] | None = None,
    unique_sequences: bool = True,
    allow_withdrawn: bool = True,
) -> tuple[RuleSpec, Ballot]:
    rule = draw(rules if rules is not None else rule_specs())
    ballot = ballots(
        rule, options=options, unique_sequences=unique_sequences, allow_withdrawn=allow_withdrawn
    )
    return rule, draw(ballot)


# --- Building scenarios -------------------------------------------------------------------------


def member(person_id: int, name: str, *, unit: str = "", **facts: Any) -> Participant:
    """A participant for a scenario: eligible, one vote per person unless `unit` says otherwise."""
    return replace(Participant(person_id, name, unit or f"person:{person_id}", name), **facts)


def positions(*given_positions: tuple[int, str]) -> tuple[Stance, ...]:
    """Positions recorded in the order given."""
    return tuple(
        Stance(person_id, value, sequence=number)
        for number, (person_id, value) in enumerate(given_positions, start=1)
    )


def last_sequence(ballot: Ballot) -> int:
    return max((stance.sequence for stance in ballot.stances), default=0)


def step_counts(result: Result) -> list[tuple[str, str, dict[str, str], list[int]]]:
    return [(step.method, step.condition, step.totals, step.weighted) for step in result.steps]


# --- Properties ---------------------------------------------------------------------------------


@PROPERTY
@given(case=cases())
def test_nothing_is_adopted_without_quorum(case: tuple[RuleSpec, Ballot]) -> None:
    rule, ballot = case
    result = tally(rule, ballot)
    assert result.quorum_met == Electorate.of(rule, ballot).quorum_reached(rule)
    if not result.quorum_met:
        assert result.outcome == (WITHDRAWN if ballot.withdrawn else NO_QUORUM)
        assert not result.adopted
        assert result.steps == []


consensus_only = rule_specs(steps=st.just((StepSpec(CONSENSUS),)))


@PROPERTY
@given(case=cases(consensus_only, options=YES_NO_OPTIONS, allow_withdrawn=False), data=st.data())
def test_a_block_always_stops_plain_consensus(
    case: tuple[RuleSpec, Ballot], data: st.DataObject
) -> None:
    rule, ballot = case
    blocker = replace(data.draw(participants(rule, 900, eligible=True)), leading=True)
    blocked = replace(
        ballot,
        participants=(*ballot.participants, blocker),
        stances=(*ballot.stances, Stance(900, BLOCK, sequence=last_sequence(ballot) + 1)),
    )
    result = tally(rule, blocked)
    assert not result.adopted
    if result.quorum_met:
        assert result.outcome == BLOCKED
        assert "blocked by" in result.steps[0].text
        assert "Member 900" in result.steps[0].text


@PROPERTY
@given(case=cases(consensus_only, options=YES_NO_OPTIONS))
def test_plain_consensus_is_blocked_exactly_when_a_counted_position_blocks(
    case: tuple[RuleSpec, Ballot],
) -> None:
    rule, ballot = case
    result = tally(rule, ballot)
    counted = Electorate.of(rule, ballot).counted.values()
    blocks = any(read_as_gradient(value) == BLOCK for _, value in counted)
    assert (result.outcome == BLOCKED) == (blocks and result.quorum_met and not ballot.withdrawn)
    if result.outcome == CONSENSUS_REACHED:
        assert not blocks


weighted_majority = rule_specs(
    steps=st.sampled_from(WEIGHTS).map(lambda weight: (StepSpec(MAJORITY, weight=weight),))
)


@PROPERTY
@given(case=cases(weighted_majority, options=YES_NO_OPTIONS, allow_withdrawn=False))
def test_expertise_weight_is_applied_exactly_as_configured(case: tuple[RuleSpec, Ballot]) -> None:
    rule, ballot = case
    step = rule.steps[0]
    result = tally(rule, ballot)
    if not result.quorum_met:
        return
    electorate = Electorate.of(rule, ballot)
    experts = electorate.experts(rule, step, ballot.area)
    expert_units = {expert.unit for expert in experts}

    def weight_of(unit: str) -> Fraction:
        return step.weight if unit in expert_units else Fraction(1)

    totals = {YES: Fraction(0), NO: Fraction(0), ABSTAIN: Fraction(0)}
    for unit, (_, value) in electorate.counted.items():
        totals[read_as_vote(value)] += weight_of(unit)
    (report,) = result.steps
    assert report.weighted == sorted(expert.person_id for expert in experts)
    assert Fraction(report.totals[YES]) == totals[YES]
    assert Fraction(report.totals[NO]) == totals[NO]
    assert Fraction(report.totals.get(ABSTAIN, "0")) == totals[ABSTAIN]
    base = {
        BASE_CAST: totals[YES] + totals[NO],
        BASE_ELIGIBLE: sum(map(weight_of, electorate.deciding), Fraction(0)),
        BASE_PRESENT: sum(map(weight_of, electorate.present), Fraction(0)),
    }[rule.count_base]
    assert result.outcome == (PASSED if base > 0 and totals[YES] * 2 > base else FAILED)


@st.composite
def ineligible_additions(
    draw: st.DrawFn, rule: RuleSpec, ballot: Ballot
) -> tuple[tuple[Participant, ...], tuple[Stance, ...]]:
    person_ids = draw(st.lists(st.integers(500, 599), min_size=1, max_size=4, unique=True))
    people = tuple(draw(participants(rule, person_id, eligible=False)) for person_id in person_ids)
    values = VOTE_VALUES if ballot.options == YES_NO_OPTIONS else (*dict(ballot.options), ABSTAIN)
    stances = draw(stances_for(person_ids, values, first_sequence=1000))
    return people, stances


@PROPERTY
@given(case=cases(), data=st.data())
def test_ineligible_participants_never_count(
    case: tuple[RuleSpec, Ballot], data: st.DataObject
) -> None:
    rule, ballot = case
    people, stances = data.draw(ineligible_additions(rule, ballot))
    # Their positions come last and their units may be shared with eligible members.
    crowded = replace(
        ballot,
        participants=(*ballot.participants, *people),
        stances=(*ballot.stances, *stances),
    )
    assert tally(rule, crowded) == tally(rule, ballot)


@PROPERTY
@given(case=cases(), data=st.data())
def test_a_recusal_leaves_every_count(case: tuple[RuleSpec, Ballot], data: st.DataObject) -> None:
    rule, ballot = case
    if not ballot.participants:
        return
    recusing = data.draw(st.sampled_from(ballot.participants))
    recused_ballot = replace(
        ballot,
        stances=(
            *(stance for stance in ballot.stances if stance.person_id != recusing.person_id),
            Stance(recusing.person_id, recused=True, sequence=last_sequence(ballot) + 1),
        ),
    )
    before, after = tally(rule, ballot), tally(rule, recused_ballot)
    assert after.counted_units <= before.counted_units
    assert after.eligible_units <= before.eligible_units
    if rule.vote_unit != UNIT_PERSON:
        return
    # One vote per person: recusing is the same as not being there, but for the line naming them.
    absent = tally(
        rule,
        replace(
            ballot,
            participants=tuple(p for p in ballot.participants if p != recusing),
            stances=tuple(s for s in ballot.stances if s.person_id != recusing.person_id),
        ),
    )
    assert after.outcome == absent.outcome
    assert after.chosen_option == absent.chosen_option
    assert after.quorum_met == absent.quorum_met
    assert after.counted_units == absent.counted_units
    assert after.eligible_units == absent.eligible_units
    assert step_counts(after) == step_counts(absent)

    def without_recusals(result: Result) -> list[str]:
        return [line for line in result.explanation if not line.startswith("Recused")]

    assert without_recusals(after) == without_recusals(absent)


@PROPERTY
@given(case=cases(unique_sequences=False), data=st.data())
def test_the_result_does_not_depend_on_the_order_positions_arrive_in(
    case: tuple[RuleSpec, Ballot], data: st.DataObject
) -> None:
    rule, ballot = case
    shuffled = replace(
        ballot,
        participants=tuple(data.draw(st.permutations(ballot.participants))),
        stances=tuple(data.draw(st.permutations(ballot.stances))),
    )
    assert tally(rule, shuffled) == tally(rule, ballot)


@PROPERTY
@given(case=cases(rule_specs(vote_units=(UNIT_PERSON,))))
def test_each_person_counts_once_with_their_last_position(case: tuple[RuleSpec, Ballot]) -> None:
    rule, ballot = case
    last: dict[int, Stance] = {}
    for stance in sorted(ballot.stances, key=lambda stance: stance.sequence):
        last[stance.person_id] = stance
    only_last = replace(ballot, stances=tuple(last.values()))
    result = tally(rule, ballot)
    assert result == tally(rule, only_last)
    assert result.counted_units == len(Electorate.of(rule, ballot).counted)


@PROPERTY
@given(case=cases(rule_specs(vote_units=(UNIT_ORGANIZATION,))))
def test_each_organization_counts_once_with_its_last_position(
    case: tuple[RuleSpec, Ballot],
) -> None:
    rule, ballot = case
    electorate = Electorate.of(rule, ballot)
    deciders = {member.person_id for group in electorate.members.values() for member in group}
    winning = {stance for _, stance in electorate.positions.values()}
    only_the_units_last = replace(
        ballot,
        stances=tuple(
            stance
            for stance in ballot.stances
            if stance.person_id not in deciders or stance in winning
        ),
    )
    result = tally(rule, ballot)
    assert result == tally(rule, only_the_units_last)
    assert result.counted_units == len(electorate.counted) <= len(electorate.members)


@PROPERTY
@given(case=cases())
def test_rule_ballot_and_result_survive_a_json_round_trip(case: tuple[RuleSpec, Ballot]) -> None:
    rule, ballot = case
    result = tally(rule, ballot)
    rule_again = RuleSpec.from_json(json.loads(json.dumps(rule.to_json())))
    ballot_again = Ballot.from_json(json.loads(json.dumps(ballot.to_json())))
    result_again = Result.from_json(json.loads(json.dumps(result.to_json())))
    assert rule_again == rule
    assert ballot_again == ballot
    assert result_again == result
    assert tally(rule_again, ballot_again) == result


def test_several_delegates_of_one_organization_cast_one_vote() -> None:
    rule = RuleSpec(steps=(StepSpec(MAJORITY),), vote_unit=UNIT_ORGANIZATION)
    delegates = tuple(
        member(person_id, f"Officer {person_id}", unit="organization:7") for person_id in (1, 2, 3)
    )
    ballot = Ballot(delegates, positions((1, YES), (2, YES), (3, NO)))
    result = tally(rule, ballot)
    assert result.counted_units == 1
    assert result.eligible_units == 1
    assert result.steps[0].totals == {YES: "0.0", NO: "1.0"}
    assert result.outcome == FAILED


# --- Scenarios ----------------------------------------------------------------------------------


SOUTH_BAY_MEMBERSHIP = RuleSpec(
    steps=(StepSpec(MAJORITY),),
    quorum_percent=50,
    quorum_basis=QUORUM_PRESENT,
    count_base=BASE_ELIGIBLE,
    name="Executive board: membership",
)
SOUTH_BAY_BOARD = (
    member(1, "Alma Reyes", present=True),
    member(2, "Ben Okafor", present=True),
    member(3, "Carla Diaz", present=True),
    member(4, "Dev Patel", present=True),
    member(5, "Erin Walsh"),
    member(6, "Frank Lee", eligible=False, reason="Missed 3 of the last 4 meetings", present=True),
)


def test_south_bay_executive_board_decides_membership_by_its_voting_members() -> None:
    # Frank Lee's "no" would have sunk it (3 of 6 is not more than half); he may not vote.
    ballot = Ballot(
        SOUTH_BAY_BOARD, positions((1, YES), (2, YES), (3, YES), (4, NO), (6, NO), (6, NO))
    )
    result = tally(SOUTH_BAY_MEMBERSHIP, ballot)
    assert result.outcome == PASSED
    assert result.chosen_option == YES
    assert (result.counted_units, result.eligible_units) == (4, 5)
    assert result.explanation == [
        "Rule in force: Majority vote. Quorum: 50% of those eligible present at the meeting. "
        "Votes are counted against every eligible vote; one vote per person.",
        "Quorum met: 4 of 5 eligible voters present at the meeting (50% needs 3)",
        "Step 1, majority vote: 3.0 yes vs 1.0 no; passing needs more than half of 5.0 eligible; "
        "passed",
        "Outcome: passed",
    ]


def test_south_bay_fails_when_yes_is_not_more_than_half_of_every_eligible_vote() -> None:
    ballot = Ballot(SOUTH_BAY_BOARD, positions((1, YES), (2, YES), (3, ABSTAIN), (4, NO), (6, YES)))
    result = tally(SOUTH_BAY_MEMBERSHIP, ballot)
    assert result.outcome == FAILED
    assert result.explanation[2:] == [
        "Step 1, majority vote: 2.0 yes vs 1.0 no, 1.0 abstaining; passing needs more than half "
        "of 5.0 eligible; failed",
        "Outcome: failed",
    ]


WESTERN_NEW_YORK = RuleSpec(
    steps=(
        StepSpec(CONSENSUS),
        StepSpec(MAJORITY, trigger=BLOCKED, weight=Fraction(2)),
        StepSpec(MAJORITY, trigger=TIE),
    ),
    quorum_percent=50,
    name="Co-facilitators and subcommittee chairs",
)
WESTERN_NEW_YORK_RULE_LINE = (
    "Rule in force: Consensus; on a block, expertise-weighted majority vote (×2); on a tie, "
    "majority vote. Quorum: 50% of those eligible taking a position. Votes are counted against "
    "votes cast (abstentions left out); one vote per person."
)
WESTERN_NEW_YORK_TABLE = (
    member(1, "Ada Brooks (co-facilitator)", years=2),
    member(2, "Bo Chen (co-facilitator)", years=1),
    member(3, "Victim Services chair", years=12),
    member(4, "Law Enforcement chair", years=8),
    member(5, "Legal chair", years=3),
    member(6, "Outreach chair", years=5),
    member(7, "Training chair"),
    member(8, "Data chair"),
    member(9, "Prevention chair"),
)


def test_western_new_york_block_falls_back_to_the_expertise_weighted_vote() -> None:
    ballot = Ballot(
        WESTERN_NEW_YORK_TABLE,
        positions(
            (1, ENDORSE),
            (2, RESERVATIONS),
            (3, ENDORSE),
            (4, BLOCK),
            (5, SERIOUS_DISAGREEMENT),
            (6, SERIOUS_DISAGREEMENT),
            (7, WILL_SUPPORT),
        ),
        area=AREA,
    )
    result = tally(WESTERN_NEW_YORK, ballot)
    assert result.outcome == PASSED
    assert [step.condition for step in result.steps] == [BLOCKED, "decided"]
    assert result.steps[1].weighted == [3]
    assert result.explanation == [
        WESTERN_NEW_YORK_RULE_LINE,
        "Quorum met: 7 of 9 eligible voters took a position (50% needs 5)",
        "Step 1, consensus: blocked by 1 of 7 (Law Enforcement chair); on a block the count "
        "falls back to step 2",
        f"Step 2, expertise-weighted majority vote (×2): {GRADIENTS_AS_VOTES_TEXT}; Victim "
        "Services chair has the most experience in Victim services (12 years), weighted ×2; "
        "5.0 yes vs 3.0 no; passing needs more than half of 8.0 cast; passed",
        "Outcome: passed",
    ]


def test_western_new_york_weighted_tie_falls_back_to_a_plain_majority() -> None:
    ballot = Ballot(
        WESTERN_NEW_YORK_TABLE,
        positions(
            (1, ENDORSE),
            (2, ENDORSE),
            (3, SERIOUS_DISAGREEMENT),
            (4, BLOCK),
            (5, ENDORSE),
        ),
        area=AREA,
    )
    result = tally(WESTERN_NEW_YORK, ballot)
    assert result.outcome == PASSED
    assert [step.condition for step in result.steps] == [BLOCKED, TIE, "decided"]
    assert [step.weighted for step in result.steps] == [[], [3], []]
    assert result.explanation == [
        WESTERN_NEW_YORK_RULE_LINE,
        "Quorum met: 5 of 9 eligible voters took a position (50% needs 5)",
        "Step 1, consensus: blocked by 1 of 5 (Law Enforcement chair); on a block the count "
        "falls back to step 2",
        f"Step 2, expertise-weighted majority vote (×2): {GRADIENTS_AS_VOTES_TEXT}; Victim "
        "Services chair has the most experience in Victim services (12 years), weighted ×2; "
        "3.0 yes vs 3.0 no; passing needs more than half of 6.0 cast; tied; on a tie the count "
        "falls back to step 3",
        f"Step 3, majority vote: {GRADIENTS_AS_VOTES_TEXT}; 3.0 yes vs 2.0 no; passing needs "
        "more than half of 5.0 cast; passed",
        "Outcome: passed",
    ]


TIED_EXPERTS_TABLE = (
    member(1, "Ada Brooks (co-facilitator)"),
    member(2, "Bo Chen (co-facilitator)"),
    member(3, "Victim Services chair", years=12),
    member(4, "Law Enforcement chair", years=12),
    member(5, "Legal chair", years=3),
    member(6, "Outreach chair", years=5),
    member(7, "Training chair"),
)
TIED_EXPERTS_POSITIONS = positions(
    (3, ENDORSE),
    (4, ENDORSE),
    (1, BLOCK),
    (2, SERIOUS_DISAGREEMENT),
    (5, SERIOUS_DISAGREEMENT),
    (6, SERIOUS_DISAGREEMENT),
    (7, ENDORSE),
)


@pytest.mark.parametrize(
    ("expertise_tie", "outcome", "weighted", "weighing"),
    [
        (
            EXPERTS_SHARE,
            PASSED,
            [3, 4],
            "when the most experienced are tied each is weighted ×2; 5.0 yes vs 4.0 no; passing "
            "needs more than half of 9.0 cast; passed",
        ),
        (
            EXPERTS_NONE,
            FAILED,
            [],
            "when the most experienced are tied nobody is weighted; 3.0 yes vs 4.0 no; passing "
            "needs more than half of 7.0 cast; failed",
        ),
    ],
)
def test_western_new_york_tie_in_experience_follows_the_stated_tie_rule(
    expertise_tie: str, outcome: str, weighted: list[int], weighing: str
) -> None:
    rule = replace(WESTERN_NEW_YORK, expertise_tie=expertise_tie)
    result = tally(rule, Ballot(TIED_EXPERTS_TABLE, TIED_EXPERTS_POSITIONS, area=AREA))
    assert result.outcome == outcome
    assert result.steps[1].weighted == weighted
    assert result.explanation == [
        WESTERN_NEW_YORK_RULE_LINE,
        "Quorum met: 7 of 7 eligible voters took a position (50% needs 4)",
        "Step 1, consensus: blocked by 1 of 7 (Ada Brooks (co-facilitator)); on a block the count "
        "falls back to step 2",
        f"Step 2, expertise-weighted majority vote (×2): {GRADIENTS_AS_VOTES_TEXT}; Law "
        "Enforcement chair and Victim Services chair share the most experience in Victim services "
        f"(12 years); {weighing}",
        f"Outcome: {outcome}",
    ]


def test_western_new_york_consensus_reached_without_a_fallback() -> None:
    ballot = Ballot(
        WESTERN_NEW_YORK_TABLE[:4],
        positions((1, ENDORSE), (2, RESERVATIONS), (3, WILL_SUPPORT), (4, ABSTAIN)),
    )
    result = tally(WESTERN_NEW_YORK, ballot)
    assert result.outcome == CONSENSUS_REACHED
    assert result.explanation[1:] == [
        "Quorum met: 4 of 4 eligible voters took a position (50% needs 2)",
        "Step 1, consensus: reached; 3 of 4 support it, 2 with reservations, nobody blocks",
        "Outcome: consensus reached",
    ]


def test_consensus_without_a_block_but_with_unsettled_positions_is_not_reached() -> None:
    ballot = Ballot(
        WESTERN_NEW_YORK_TABLE[:4],
        positions((1, ENDORSE), (2, MORE_DISCUSSION), (3, SERIOUS_DISAGREEMENT), (4, ENDORSE)),
    )
    result = tally(WESTERN_NEW_YORK, ballot)
    # The weighted vote runs on a block only; "no consensus" is not one.
    assert result.outcome == FAILED
    assert result.steps[0].condition == NO_CONSENSUS
    assert result.explanation[2:] == [
        "Step 1, consensus: not reached; 2 of 4 positions are serious disagreement or a call for "
        "more discussion",
        "Outcome: failed",
    ]


CENTRALIZED = RuleSpec(steps=(StepSpec(LEADERSHIP, numerator=1, denominator=2),), quorum_percent=60)
CENTRALIZED_TABLE = (
    member(1, "Chief Ortiz", leading=True),
    member(2, "District Attorney Kim", leading=True),
    member(3, "Sergeant Park", leading=True),
    member(4, "Safe Harbor director"),
    member(5, "New Dawn advocate"),
    member(6, "Clinic nurse"),
    member(7, "Shelter manager"),
)


def test_centralized_leadership_decides_after_hearing_the_others() -> None:
    # The four others are against or abstain; they are heard, and only the leaders decide.
    ballot = Ballot(
        CENTRALIZED_TABLE,
        positions((1, YES), (2, YES), (3, NO), (4, NO), (5, NO), (6, YES), (7, ABSTAIN)),
    )
    result = tally(CENTRALIZED, ballot)
    assert result.outcome == PASSED
    assert (result.counted_units, result.eligible_units) == (3, 3)
    assert result.steps[0].totals == {YES: "2.0", NO: "1.0"}
    assert result.explanation == [
        "Rule in force: Leadership decides. Quorum: 60% of those eligible taking a position. "
        "Votes are counted against votes cast (abstentions left out); one vote per person.",
        "Quorum met: 3 of 3 leading-organization voters took a position (60% needs 2)",
        "Step 1, leadership decides: only the leading organizations decide (3 votes); 2.0 yes vs "
        "1.0 no; passing needs more than half of 3.0 cast; passed; the other members were heard "
        "(4 positions: 1 yes, 2 no, 1 abstaining)",
        "Outcome: passed",
    ]


def test_centralized_leadership_quorum_counts_only_the_leading_organizations() -> None:
    ballot = Ballot(CENTRALIZED_TABLE, positions((1, YES), (4, YES), (5, YES), (6, YES)))
    result = tally(CENTRALIZED, ballot)
    assert result.outcome == NO_QUORUM
    assert result.explanation[1:] == [
        "Quorum not met: 1 of 3 leading-organization voters took a position (60% needs 2)",
        "Outcome: no quorum",
    ]


def test_centralized_leadership_by_a_fraction() -> None:
    rule = RuleSpec(steps=(StepSpec(LEADERSHIP, numerator=2, denominator=3),))
    ballot = Ballot(CENTRALIZED_TABLE, positions((1, YES), (2, YES), (3, NO), (4, NO)))
    result = tally(rule, ballot)
    assert result.outcome == PASSED
    assert result.explanation == [
        "Rule in force: Leadership decides (by 2/3). No quorum is required. Votes are counted "
        "against votes cast (abstentions left out); one vote per person.",
        "3 of 3 leading-organization voters took a position; no quorum is required",
        "Step 1, leadership decides (by 2/3): only the leading organizations decide (3 votes); "
        "2.0 yes vs 1.0 no; passing needs at least 2/3 of 3.0 cast; passed; the other members "
        "were heard (1 position: 1 no)",
        "Outcome: passed",
    ]


def test_leadership_as_a_fallback_step_lets_only_the_leading_organizations_decide() -> None:
    rule = RuleSpec(
        steps=(
            StepSpec(CONSENSUS),
            StepSpec(LEADERSHIP, trigger=BLOCKED, numerator=1, denominator=2),
        )
    )
    ballot = Ballot(
        CENTRALIZED_TABLE[:5],
        positions((1, ENDORSE), (2, ENDORSE), (3, BLOCK), (4, SERIOUS_DISAGREEMENT), (5, BLOCK)),
    )
    result = tally(rule, ballot)
    # The three leaders: 2 yes, 1 no. The two others are heard, and do not decide.
    assert result.steps[1].totals == {YES: "2.0", NO: "1.0"}
    assert result.outcome == PASSED


DECENTRALIZED = RuleSpec(steps=(StepSpec(MAJORITY),))
MEMBERS = tuple(member(number, f"Member {chr(64 + number)}") for number in range(1, 11))


def test_decentralized_majority_of_votes_cast() -> None:
    ballot = Ballot(MEMBERS[:5], positions((1, YES), (2, YES), (3, YES), (4, NO), (5, ABSTAIN)))
    result = tally(DECENTRALIZED, ballot)
    assert result.outcome == PASSED
    assert result.explanation == [
        "Rule in force: Majority vote. No quorum is required. Votes are counted against votes cast "
        "(abstentions left out); one vote per person.",
        "5 of 5 eligible voters took a position; no quorum is required",
        "Step 1, majority vote: 3.0 yes vs 1.0 no, 1.0 abstaining; passing needs more than half "
        "of 4.0 cast; passed",
        "Outcome: passed",
    ]


def test_decentralized_tie_without_a_fallback_fails() -> None:
    ballot = Ballot(MEMBERS[:5], positions((1, YES), (2, YES), (3, NO), (4, NO), (5, ABSTAIN)))
    result = tally(DECENTRALIZED, ballot)
    assert result.outcome == FAILED
    assert result.steps[0].condition == TIE
    assert result.explanation[2:] == [
        "Step 1, majority vote: 2.0 yes vs 2.0 no, 1.0 abstaining; passing needs more than half "
        "of 4.0 cast; tied",
        "Outcome: failed",
    ]


def test_a_recusal_is_named_and_leaves_the_base() -> None:
    # A funding decision about the recusing member's own organization.
    ballot = Ballot(MEMBERS[:4], (*positions((1, YES), (2, NO), (3, YES)), Stance(4, recused=True)))
    result = tally(DECENTRALIZED, ballot)
    assert result.recused == ["Member D"]
    assert (result.counted_units, result.eligible_units) == (3, 3)
    assert result.explanation[1:] == [
        "Recused, and left out of every count: Member D",
        "3 of 3 eligible voters took a position; no quorum is required",
        "Step 1, majority vote: 2.0 yes vs 1.0 no; passing needs more than half of 3.0 cast; "
        "passed",
        "Outcome: passed",
    ]


SUPERMAJORITY_RULE = RuleSpec(steps=(StepSpec(SUPERMAJORITY, numerator=2, denominator=3),))
SUPERMAJORITY_RULE_LINE = (
    "Rule in force: Supermajority vote of 2/3. No quorum is required. Votes are counted against "
    "votes cast (abstentions left out); one vote per person."
)


@pytest.mark.parametrize(
    ("no_votes", "outcome", "lines"),
    [
        (
            3,  # 6 of 9: exactly 2/3
            PASSED,
            [
                "9 of 10 eligible voters took a position; no quorum is required",
                "Step 1, supermajority vote of 2/3: 6.0 yes vs 3.0 no; passing needs at least 2/3 "
                "of 9.0 cast; passed",
                "Outcome: passed",
            ],
        ),
        (
            4,  # 6 of 10: the closest below 2/3 with ten voters
            FAILED,
            [
                "10 of 10 eligible voters took a position; no quorum is required",
                "Step 1, supermajority vote of 2/3: 6.0 yes vs 4.0 no; passing needs at least 2/3 "
                "of 10.0 cast; failed",
                "Outcome: failed",
            ],
        ),
    ],
)
def test_decentralized_supermajority_passes_at_exactly_two_thirds(
    no_votes: int, outcome: str, lines: list[str]
) -> None:
    votes = [(number, YES) for number in range(1, 7)]
    votes += [(number, NO) for number in range(7, 7 + no_votes)]
    result = tally(SUPERMAJORITY_RULE, Ballot(MEMBERS, positions(*votes)))
    assert result.outcome == outcome
    assert result.explanation == [SUPERMAJORITY_RULE_LINE, *lines]


ADVICE_RULE = RuleSpec(steps=(StepSpec(ADVICE),))
ADVICE_BALLOT = Ballot(MEMBERS[:4], positions((1, YES), (2, NO), (3, ABSTAIN)))


def test_advice_awaits_the_deciders_call() -> None:
    result = tally(ADVICE_RULE, ADVICE_BALLOT)
    assert result.outcome is None
    assert result.outcome_label == "Awaiting the decider's call"
    assert not result.adopted
    assert result.explanation == [
        "Rule in force: Advice. No quorum is required; one vote per person.",
        "3 of 4 eligible voters took a position; no quorum is required",
        "Step 1, advice: 3 positions gathered (1 yes, 1 no, 1 abstaining); awaiting the "
        "decider's call",
        "Outcome: awaiting the decider's call",
    ]


@pytest.mark.parametrize(("call", "chosen"), [(PASSED, YES), (FAILED, None)])
def test_advice_outcome_is_the_deciders_call(call: str, chosen: str | None) -> None:
    result = tally(ADVICE_RULE, replace(ADVICE_BALLOT, decider_call=call))
    assert (result.outcome, result.chosen_option) == (call, chosen)
    assert result.explanation[2:] == [
        "Step 1, advice: 3 positions gathered (1 yes, 1 no, 1 abstaining); the decider's call: "
        f"{call}",
        f"Outcome: {call}",
    ]


def test_a_withdrawn_proposal_is_not_counted() -> None:
    ballot = replace(ADVICE_BALLOT, withdrawn=True, decider_call=PASSED)
    result = tally(DECENTRALIZED, ballot)
    assert result.outcome == WITHDRAWN
    assert result.steps == []
    assert result.explanation[1:] == [
        "3 of 4 eligible voters took a position; no quorum is required",
        "Withdrawn before a decision",
        "Outcome: withdrawn",
    ]


@pytest.mark.parametrize(
    ("basis", "quorum_line"),
    [
        (
            QUORUM_PARTICIPATING,
            "Quorum not met: 3 of 5 eligible voters took a position (75% needs 4)",
        ),
        (
            QUORUM_PRESENT,
            "Quorum not met: 2 of 5 eligible voters present at the meeting (75% needs 4)",
        ),
    ],
)
def test_no_quorum_stops_the_count(basis: str, quorum_line: str) -> None:
    table = (
        member(1, "Alma Reyes", present=True),
        member(2, "Ben Okafor", present=True),
        *MEMBERS[2:5],
    )
    rule = RuleSpec(steps=(StepSpec(MAJORITY),), quorum_percent=75, quorum_basis=basis)
    result = tally(rule, Ballot(table, positions((1, YES), (2, YES), (3, YES))))
    assert result.outcome == NO_QUORUM
    assert not result.quorum_met
    assert result.steps == []
    assert result.explanation[1:] == [quorum_line, "Outcome: no quorum"]


def test_several_options_one_wins_a_majority() -> None:
    ballot = Ballot(
        MEMBERS[:5],
        positions((1, "shelter"), (2, "shelter"), (3, "shelter"), (4, "outreach"), (5, ABSTAIN)),
        options=FUNDING_OPTIONS,
    )
    result = tally(DECENTRALIZED, ballot)
    assert (result.outcome, result.chosen_option) == (PASSED, "shelter")
    assert result.explanation[2:] == [
        "Step 1, majority vote: 3.0 for Fund the Safe Harbor shelter, 1.0 for Fund New Dawn "
        "outreach, 0.0 for Fund police training, 1.0 abstaining; passing needs more than half of "
        "4.0 cast; passed: Fund the Safe Harbor shelter",
        "Outcome: passed",
    ]


def test_several_options_tied_fall_back_on_the_tie_step() -> None:
    rule = RuleSpec(
        steps=(StepSpec(MAJORITY), StepSpec(MAJORITY, trigger=TIE, weight=Fraction(3, 2)))
    )
    table = (
        member(1, "Ana", years=2),
        member(2, "Ben", years=9),
        member(3, "Cy", years=1),
        member(4, "Di"),
    )
    ballot = Ballot(
        table,
        positions((1, "shelter"), (2, "outreach"), (3, "outreach"), (4, "shelter")),
        options=FUNDING_OPTIONS,
        area="Outreach",
    )
    result = tally(rule, ballot)
    assert (result.outcome, result.chosen_option) == (PASSED, "outreach")
    assert result.explanation == [
        "Rule in force: Majority vote; on a tie, expertise-weighted majority vote (×1.5). No "
        "quorum is required. Votes are counted against votes cast (abstentions left out); one "
        "vote per person.",
        "4 of 4 eligible voters took a position; no quorum is required",
        "Step 1, majority vote: 2.0 for Fund the Safe Harbor shelter, 2.0 for Fund New Dawn "
        "outreach, 0.0 for Fund police training; passing needs more than half of 4.0 cast; tied; "
        "on a tie the count falls back to step 2",
        "Step 2, expertise-weighted majority vote (×1.5): Ben has the most experience in Outreach "
        "(9 years), weighted ×1.5; 2.0 for Fund the Safe Harbor shelter, 2.5 for Fund New Dawn "
        "outreach, 0.0 for Fund police training; passing needs more than half of 4.5 cast; "
        "passed: Fund New Dawn outreach",
        "Outcome: passed",
    ]


def test_equal_positions_at_the_same_sequence_are_the_higher_person_ids() -> None:
    # The database never gives two positions one sequence; the count still resolves it one way.
    rule = RuleSpec(steps=(StepSpec(CONSENSUS),), vote_unit=UNIT_ORGANIZATION)
    table = (
        member(2, "Alternate", unit="organization:4"),
        member(1, "Delegate", unit="organization:4"),
    )
    ballot = Ballot(table, (Stance(1, BLOCK, sequence=5), Stance(2, BLOCK, sequence=5)))
    result = tally(rule, ballot)
    assert result.counted_units == 1
    assert result.steps[0].text == "Step 1, consensus: blocked by 1 of 1 (Alternate)"


# --- Edge cases: each test states what the specification promises ------------------------------


def test_equal_sequences_within_an_organization_go_to_the_highest_person_id() -> None:
    rule = RuleSpec(steps=(StepSpec(MAJORITY),), vote_unit=UNIT_ORGANIZATION)
    table = (
        member(1, "Delegate", unit="organization:4"),
        member(2, "Alternate", unit="organization:4"),
    )
    ballot = Ballot(table, (Stance(1, YES, sequence=5), Stance(2, NO, sequence=5)))
    result = tally(rule, ballot)
    assert result.steps[0].totals == {YES: "0.0", NO: "1.0"}


@pytest.mark.parametrize(
    "rule",
    [ADVICE_RULE, CENTRALIZED],
    ids=["advice", "heard by leadership"],
)
def test_option_labels_are_shown_as_written_in_gathered_positions(rule: RuleSpec) -> None:
    table = (
        member(1, "Chief Ortiz", leading=True),
        member(2, "Safe Harbor director"),
        member(3, "New Dawn advocate"),
    )
    ballot = Ballot(
        table,
        positions((1, "shelter"), (2, "shelter"), (3, "outreach")),
        options=FUNDING_OPTIONS,
    )
    step_text = tally(rule, ballot).steps[0].text
    # The summary of gathered or heard positions, after the vote line if there is one.
    gathered = step_text[step_text.rindex("positions") :]
    assert "Fund the Safe Harbor shelter" in gathered
    assert "Fund New Dawn outreach" in gathered


def test_a_rule_without_quorum_does_not_read_like_the_no_quorum_outcome() -> None:
    result = tally(DECENTRALIZED, Ballot(MEMBERS[:1], positions((1, YES))))
    assert result.outcome == PASSED
    assert "No quorum." not in result.explanation[0]
