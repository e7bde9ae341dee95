"""Generate a task force's decision register at scale for the decisions benchmark.

    python bench/generate_decisions.py                # 50,000 decisions; 10,000 positions open
    python bench/generate_decisions.py --scale small  # 500 decisions; 100 positions open
    python bench/generate_decisions.py --rebuild      # delete the SQLite file, generate it again

Like bench/generate_meetings.py: its own SQLite file under var/bench/ (or the empty database
DATABASE_URL names), bulk_create in one transaction, a fixed seed, invented names.

- A statewide general body seats `big_body_seats` voting members. It held six meetings, and
  everyone attended at least four, so everyone keeps the vote under its 50% attendance rule. Its
  rule is consensus, then an expertise-weighted majority (×2) on a block, then a majority on a tie.
  One proposal on it is open, with one position from every seated member (a few of them blocks),
  and most members have recorded years of experience in its area.
- Other bodies (every tenth closed) seat `seats_per_body` members each, hold monthly meetings and
  decide the register's `decisions`, over ten years, by majority, by consensus with the weighted
  fallback, or without quorum. A decided proposal carries what closing it freezes: the rule in
  force, the ballot (its body's members and their positions) and the result, counted by
  `governance.tally` from a few templates per body, so a recount gives the recorded result. The
  register reads only those, so the positions' own rows are not generated for them.
"""

from __future__ import annotations

import datetime
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import benchlib
import loadtest

BATCH = 5_000
TIME_ZONE = "America/Los_Angeles"
AREA_CODE = "victim-services"
BIG_BODY_NAME = "Bench General Body"
BIG_BODY_MEETINGS = 6
OPEN_PROPOSAL_TITLE = "Adopt the statewide shelter referral protocol"
BLOCK_REASON = "The after-hours line is not staffed yet."
TITLE_WORDS = (
    "shelter",
    "referral",
    "protocol",
    "membership",
    "funding",
    "training",
    "outreach",
    "interpreters",
    "data sharing",
    "media",
)


@dataclass(frozen=True)
class DecisionScale:
    organizations: int
    people: int
    bodies: int  # besides the big general body
    seats_per_body: int
    big_body_seats: int  # and positions on the open proposal
    decisions: int
    meetings_per_body: int


SCALES: dict[str, DecisionScale] = {
    "full": DecisionScale(
        organizations=200,
        people=12_000,
        bodies=20,
        seats_per_body=20,
        big_body_seats=10_000,
        decisions=50_000,
        meetings_per_body=24,
    ),
    "small": DecisionScale(
        organizations=20,
        people=300,
        bodies=5,
        seats_per_body=20,
        big_body_seats=100,
        decisions=500,
        meetings_per_body=6,
    ),
}


def default_database(scale: str) -> Path:
    return benchlib.BENCH_DIR / f"decisions-{scale}.sqlite3"


def _weighted_fallback_steps() -> list[Any]:
    from decimal import Decimal

    from taskforce.governance import tally
    from taskforce.governance.decision_services import StepData

    return [
        StepData(tally.CONSENSUS),
        StepData(tally.MAJORITY, tally.BLOCKED, expertise_weight=Decimal(2)),
        StepData(tally.MAJORITY, tally.TIE),
    ]


def _write_rule(body: Any, topic: str, steps: Sequence[Any], quorum: int | None) -> Any:
    from taskforce.governance.decision_models import DecisionRule, DecisionStep

    rule = DecisionRule.objects.create(body=body, topic=topic, quorum_percent=quorum)
    DecisionStep.objects.bulk_create(
        DecisionStep(
            rule=rule,
            order=number,
            method=step.method,
            trigger=step.trigger,
            threshold_numerator=step.threshold_numerator,
            threshold_denominator=step.threshold_denominator,
            expertise_weight=step.expertise_weight,
        )
        for number, step in enumerate(steps, start=1)
    )
    return rule


def generate(scale: DecisionScale, seed: int = 2026) -> dict[str, int]:
    """Fill an empty, migrated database; return the rows written per table."""
    from django.db import transaction
    from django.utils import timezone

    from taskforce.directory.models import (
        Expertise,
        ExpertiseArea,
    )
    from taskforce.governance import decision_selectors, tally
    from taskforce.governance.decision_models import (
        DecisionTopic,
        FrozenCount,
        Proposal,
        ProposalPosition,
        ProposalStatus,
    )
    from taskforce.governance.decision_services import StepData
    from taskforce.governance.models import Body, BodyKind, BodyMembership, Position
    from taskforce.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus

    if Body.objects.exists():
        raise SystemExit("This database already holds bodies. Use --rebuild or an empty database.")
    rng = random.Random(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    today = timezone.localdate()
    area = ExpertiseArea.objects.get(code=AREA_CODE)
    write = benchlib.BulkWriter(BATCH)
    counts = write.counts

    with transaction.atomic():
        _, people = benchlib.write_members(
            write,
            scale.organizations,
            scale.people,
            today - datetime.timedelta(days=4000),
            emails=True,
        )
        write(
            Expertise,
            [
                Expertise(person=person, area=area, years=rng.randint(1, 30))
                for person in people
                if rng.random() < 0.6
            ],
            "expertise records",
        )
        big = Body.objects.create(
            name=BIG_BODY_NAME,
            kind=BodyKind.GENERAL_BODY,
            minimum_attendance_percent=50,
            attendance_window_months=12,
            order=0,
        )
        counts["bodies"] = 1
        bodies = write(
            Body,
            [
                Body(
                    name=f"Bench Body {n:03d}",
                    kind=BodyKind.EXECUTIVE_BOARD if n == 0 else BodyKind.STANDING_COMMITTEE,
                    is_closed=n % 10 == 9,
                    order=n + 1,
                )
                for n in range(scale.bodies)
            ],
            "bodies",
        )
        seat_start = today - datetime.timedelta(days=4000)
        big_members = people[: scale.big_body_seats]
        seats = [
            BodyMembership(
                body=big,
                person=person,
                position=Position.CHAIR if index == 0 else Position.MEMBER,
                term_start=seat_start,
            )
            for index, person in enumerate(big_members)
        ]
        seated: dict[int, list[Any]] = {}
        for body in bodies:
            members = rng.sample(people, scale.seats_per_body)
            seated[body.pk] = members
            seats += [
                BodyMembership(
                    body=body,
                    person=person,
                    position=Position.CHAIR if index == 0 else Position.MEMBER,
                    term_start=seat_start,
                )
                for index, person in enumerate(members)
            ]
        write(BodyMembership, seats, "seats")

        def meeting(body: Any, months_ago: int) -> Meeting:
            starts = now - datetime.timedelta(days=30 * months_ago + rng.randint(0, 6))
            return Meeting(
                body=body,
                title=f"{body.name} meeting",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=90),
                time_zone=TIME_ZONE,
                status=MeetingStatus.HELD,
            )

        big_meetings = write(
            Meeting, [meeting(big, n + 1) for n in range(BIG_BODY_MEETINGS)], "meetings"
        )
        body_meetings = write(
            Meeting,
            [meeting(body, n + 1) for body in bodies for n in range(scale.meetings_per_body)],
            "meetings",
        )
        meetings_of: dict[int, list[Any]] = {}
        for held in body_meetings:
            meetings_of.setdefault(held.body_id, []).append(held)
        # Everyone on the big body attended at least four of its six meetings.
        roll: list[Attendance] = []
        for person in big_members:
            missed = set(rng.sample(range(BIG_BODY_MEETINGS), rng.randint(0, 2)))
            roll += [
                Attendance(
                    meeting=held,
                    person=person,
                    status=AttendanceStatus.ABSENT
                    if number in missed
                    else AttendanceStatus.PRESENT,
                    name=f"{person.first_name} {person.last_name}",
                    role="Member",
                    organization_id=person.organization_id,
                )
                for number, held in enumerate(big_meetings)
            ]
        write(Attendance, roll, "roll lines")

        big_rule = _write_rule(big, "", _weighted_fallback_steps(), quorum=50)
        # Each body's rules as the tally reads them: (every topic, protocols).
        specs_of: dict[int, tuple[tally.RuleSpec, tally.RuleSpec]] = {}
        for body in bodies:
            specs_of[body.pk] = (
                decision_selectors.rule_spec(
                    _write_rule(body, "", [StepData(tally.MAJORITY)], quorum=50)
                ),
                decision_selectors.rule_spec(
                    _write_rule(body, DecisionTopic.PROTOCOLS, _weighted_fallback_steps(), 50)
                ),
            )
        counts["decision rules"] = 1 + 2 * len(bodies)

        # The open proposal on the big body: one position from every seated member.
        opened_at = now - datetime.timedelta(days=2)
        open_proposal = Proposal.objects.create(
            reference=f"D-{today.year}-99999",
            body=big,
            topic=DecisionTopic.PROTOCOLS,
            area=area,
            title=OPEN_PROPOSAL_TITLE,
            text="Every member calls the statewide after-hours line to place a victim in shelter.",
            deadline=now + datetime.timedelta(days=5),
            status=ProposalStatus.OPEN,
            proposed_by=big_members[0],
            opened_at=opened_at,
            rule_in_force=decision_selectors.rule_spec(big_rule).to_json(),
            rule_method=tally.CONSENSUS,
            positions_recorded=len(big_members),
        )
        gradients = [
            *[tally.ENDORSE] * 50,
            *[tally.MINOR_POINT] * 10,
            *[tally.RESERVATIONS] * 10,
            *[tally.WILL_SUPPORT] * 5,
            *[tally.ABSTAIN] * 5,
            *[tally.MORE_DISCUSSION] * 5,
            *[tally.SERIOUS_DISAGREEMENT] * 13,
            *[tally.BLOCK] * 2,
        ]
        order = list(range(1, len(big_members) + 1))
        rng.shuffle(order)
        positions = []
        for person, sequence in zip(big_members, order, strict=True):
            value = rng.choice(gradients)
            positions.append(
                ProposalPosition(
                    proposal=open_proposal,
                    person=person,
                    value=value,
                    reason="The after-hours line is not staffed yet."
                    if value == tally.BLOCK
                    else "",
                    sequence=sequence,
                )
            )
        write(ProposalPosition, positions, "positions")
        counts["proposals"] = 1

        # Decided proposals, counted by the tally from a few templates per body.
        templates: dict[int, list[tuple[str, tally.RuleSpec, tally.Ballot, tally.Result]]] = {}
        for body in bodies:
            participants = tuple(
                tally.Participant(
                    person_id=person.pk,
                    name=f"{person.first_name} {person.last_name}",
                    unit=f"person:{person.pk}",
                    unit_label=f"{person.first_name} {person.last_name}",
                    years=rng.randint(0, 25),
                )
                for person in seated[body.pk]
            )

            def ballot(values: Sequence[str], parts: tuple[Any, ...] = participants) -> Any:
                return tally.Ballot(
                    participants=parts,
                    stances=tuple(
                        tally.Stance(person_id=p.person_id, value=value, sequence=number)
                        for number, (p, value) in enumerate(
                            zip(parts, values, strict=False), start=1
                        )
                        if value
                    ),
                    area=area.name,
                )

            seats_count = len(participants)
            passed = ballot([tally.YES] * (seats_count - 4) + [tally.NO] * 3 + [tally.ABSTAIN])
            blocked = ballot(
                [tally.BLOCK] + [tally.ENDORSE] * (seats_count // 2) + [tally.SERIOUS_DISAGREEMENT]
            )
            no_quorum = ballot([tally.YES] * 3)
            by_majority, by_consensus = specs_of[body.pk]
            named = [
                (DecisionTopic.MEMBERSHIP, by_majority, passed),
                (DecisionTopic.PROTOCOLS, by_consensus, blocked),
                (DecisionTopic.FUNDING, by_majority, no_quorum),
            ]
            templates[body.pk] = [
                (topic, rule, frozen, tally.tally(rule, frozen)) for topic, rule, frozen in named
            ]

        frozen_json = {
            (body_pk, index): template[2].to_json()
            for body_pk, rows in templates.items()
            for index, template in enumerate(rows)
        }
        result_json = {
            (body_pk, index): template[3].to_json()
            for body_pk, rows in templates.items()
            for index, template in enumerate(rows)
        }
        decided: list[Proposal] = []
        numbers: dict[int, int] = {}
        for n in range(scale.decisions):
            body = bodies[n % len(bodies)]
            topic, rule, _, result = templates[body.pk][n % 3]
            decided_on = today - datetime.timedelta(days=rng.randint(1, 3650))
            numbers[decided_on.year] = numbers.get(decided_on.year, 0) + 1
            closed_at = timezone.make_aware(
                datetime.datetime.combine(decided_on, datetime.time(12))
            )
            held = meetings_of[body.pk]
            decided.append(
                Proposal(
                    reference=f"D-{decided_on.year}-{numbers[decided_on.year]:05d}",
                    body=body,
                    topic=topic,
                    area=area,
                    title=f"Decision {n:05d} on {rng.choice(TITLE_WORDS)}",
                    text="What was proposed, in full. " * 8,
                    status=ProposalStatus.DECIDED,
                    proposed_by=seated[body.pk][0],
                    meeting=held[n % len(held)] if n % 3 == 0 else None,
                    opened_at=closed_at - datetime.timedelta(days=7),
                    closed_at=closed_at,
                    decided_on=decided_on,
                    outcome=result.outcome or "",
                    rule_in_force=rule.to_json(),
                    rule_method=rule.steps[0].method,
                    explanation="\n".join(result.explanation),
                    rationale="As the body recorded it.",
                    # One in fifty has a review date within two months, so both scales have
                    # reviews due within the 30 days the register's filter looks ahead.
                    review_on=today + datetime.timedelta(days=1 + (n // 50) % 60)
                    if n % 50 == 0
                    else None,
                )
            )
        created = write(Proposal, decided, "decided proposals")
        write(
            FrozenCount,
            [
                FrozenCount(proposal=proposal, ballot=frozen_json[key], result=result_json[key])
                for n, proposal in enumerate(created)
                for key in [(proposal.body_id, n % 3)]
            ],
            "frozen counts",
        )
    return counts


def ensure_database(scale_name: str, path: Path, *, rebuild: bool = False) -> None:
    """Create the bench database for a scale unless it already exists."""
    scale = SCALES[scale_name]

    def existing() -> int:
        from taskforce.governance.decision_models import Proposal, ProposalStatus

        return int(Proposal.objects.filter(status=ProposalStatus.DECIDED).count())

    loadtest.ensure_database(
        path,
        rebuild=rebuild,
        what=f"{scale_name} decision register",
        existing=existing,
        expected=scale.decisions,
        generate=lambda: generate(scale),
    )


def main(argv: list[str] | None = None) -> int:
    return benchlib.generator_main(
        argv,
        doc=__doc__ or "",
        scales=SCALES,
        kind="decisions",
        ensure=ensure_database,
        default=default_database,
    )


if __name__ == "__main__":
    sys.exit(main())
