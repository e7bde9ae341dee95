"""Build the demo task force's decision rules, a year of its decisions and the proposals under way.

Rules, proposals, comments, amendments, openings, closings and withdrawals go through the decision
services, acting as the person who would do it (the proposer, the body's chair or the
administrator). Positions of the people who can sign in to the demo go through the services too;
the other members have no account, so their positions are written as the services would write
them: eligible on the day positions opened, one row per person, numbered in the order taken.

The services stamp today on what they do. A past decision is therefore taken in three moves: it is
proposed and opened today, its opening is moved back to the past day before anyone takes a
position (who may take one is settled on the day positions open, so eligibility, attendance and
seats are those of that day), and once it is closed — the ballot and result frozen from that day's
electorate — its other dates are moved back too. The frozen ballot and result are never touched
afterwards, so `taskforce recount-decisions` finds every decision as recorded. As elsewhere in the
demo, the audit events read as of the day the demo is built.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from taskforce.accounts.models import User
from taskforce.demo import data
from taskforce.demo import decisions_data as spec
from taskforce.demo import governance_data as bodies
from taskforce.directory.models import ExpertiseArea, Person
from taskforce.governance import decision_selectors as selectors
from taskforce.governance import decision_services as decisions
from taskforce.governance import tally
from taskforce.governance.decision_models import (
    Amendment,
    ChoiceKind,
    Proposal,
    ProposalComment,
    ProposalPosition,
    ProposalStatus,
)
from taskforce.governance.models import Body
from taskforce.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from taskforce.meetings.services import local_datetime

# Positions on a decision taken at a meeting open a week before it and close as it ends.
OPEN_BEFORE_MEETING = datetime.timedelta(days=7)
CLOSE_BEFORE_MEETING_ENDS = datetime.timedelta(minutes=15)
# A proposal is discussed for a while before positions open.
DISCUSSED_BEFORE_MEETING = datetime.timedelta(days=14)
DISCUSSED_BEFORE_DEADLINE_VOTE = datetime.timedelta(days=5)
# Deadline votes open in the morning; a withdrawn proposal is withdrawn a few days in.
OPENS_AT = datetime.time(9, 0)
WITHDRAWN_AFTER = datetime.timedelta(days=4)


@dataclass(frozen=True)
class DecisionCounts:
    rules: int
    decided: int
    withdrawn: int
    open: int
    in_discussion: int


@dataclass(frozen=True)
class _Timeline:
    """When a past decision was proposed, opened and closed (and its deadline, if it had one)."""

    proposed_at: datetime.datetime
    opened_at: datetime.datetime
    closed_at: datetime.datetime
    deadline: datetime.datetime | None
    meeting: Meeting | None = None  # the held meeting that took the decision


def _between(
    count: int, start: datetime.datetime, end: datetime.datetime
) -> list[datetime.datetime]:
    """`count` moments evenly spaced between two others, both left out."""
    step = (end - start) / (count + 1)
    return [start + step * (number + 1) for number in range(count)]


def _date_positions(
    positions: Sequence[ProposalPosition], start: datetime.datetime, end: datetime.datetime
) -> None:
    """Spread the positions, in the order they were taken, between two moments."""
    for position, moment in zip(positions, _between(len(positions), start, end), strict=True):
        ProposalPosition.objects.filter(pk=position.pk).update(created_at=moment, updated_at=moment)


class _DecisionBuilder:
    def __init__(self, people: Mapping[str, Person], today: datetime.date) -> None:
        self.people = people
        self.today = today
        self.now = timezone.now()
        login_of = {person.key: login.username for person, login in data.logins()}
        users = {
            user.username: user for user in User.objects.filter(username__in=login_of.values())
        }
        self.user_of = {key: users[username] for key, username in login_of.items()}
        names = {body_spec.key: body_spec.name for body_spec in bodies.BODIES}
        self.runner_of = {body_spec.key: users[body_spec.runner] for body_spec in bodies.BODIES}
        self.bodies = {key: Body.objects.get(name=name) for key, name in names.items()}
        self.areas = {area.code: area for area in ExpertiseArea.objects.all()}
        self.numbers: dict[int, int] = {}
        self.rules = 0

    def user(self, key: str) -> User:
        user = self.user_of.get(key)
        if user is None:
            raise RuntimeError(f"{key} has no login in the demo; choose someone who can sign in.")
        return user

    # Rules -------------------------------------------------------------------------------------

    def write_rules(self) -> None:
        admin = self.user_of["administrator"]
        for rule in spec.RULES:
            steps = [
                decisions.StepData(
                    method=step.method,
                    trigger=step.trigger,
                    threshold_numerator=step.numerator,
                    threshold_denominator=step.denominator,
                    expertise_weight=Decimal(step.weight),
                )
                for step in rule.steps
            ]
            for topic in rule.topics:
                decisions.save_rule(
                    admin,
                    self.bodies[rule.body],
                    {
                        "topic": topic,
                        "quorum_percent": rule.quorum_percent,
                        "count_base": rule.count_base,
                        "notes": rule.notes,
                    },
                    steps,
                )
                self.rules += 1

    # Dates -------------------------------------------------------------------------------------

    def morning(self, days_ago: int) -> datetime.datetime:
        day = self.today - datetime.timedelta(days=days_ago)
        return local_datetime(day, OPENS_AT, bodies.TIME_ZONE)

    def timeline(self, decision: spec.DecisionSpec) -> _Timeline:
        if decision.meeting_item:
            item = (
                AgendaItem.objects.filter(
                    meeting__body=self.bodies[decision.body],
                    meeting__status=MeetingStatus.HELD,
                    kind=AgendaItemKind.DECISION,
                    title=decision.meeting_item,
                )
                .select_related("meeting")
                .order_by("-meeting__starts_at")
                .first()
            )
            if item is None:
                raise RuntimeError(f"No held meeting decided “{decision.meeting_item}”.")
            meeting = item.meeting
            opened_at = meeting.starts_at - OPEN_BEFORE_MEETING
            return _Timeline(
                proposed_at=opened_at - DISCUSSED_BEFORE_MEETING,
                opened_at=opened_at,
                closed_at=meeting.ends_at - CLOSE_BEFORE_MEETING_ENDS,
                deadline=None,
                meeting=meeting,
            )
        opened_at = self.morning(decision.opened_days_ago)
        deadline = opened_at + datetime.timedelta(days=decision.days_open)
        closed_at = opened_at + WITHDRAWN_AFTER if decision.withdrawn_reason else deadline
        return _Timeline(
            proposed_at=opened_at - DISCUSSED_BEFORE_DEADLINE_VOTE,
            opened_at=opened_at,
            closed_at=closed_at,
            deadline=deadline,
        )

    # Proposals ---------------------------------------------------------------------------------

    def propose(
        self,
        decision: spec.DecisionSpec,
        *,
        deadline: datetime.datetime | None,
        meeting: Meeting | None = None,
    ) -> Proposal:
        return decisions.create_proposal(
            self.user(decision.proposer),
            self.bodies[decision.body],
            {
                "topic": decision.topic,
                "area": self.areas[decision.area] if decision.area else None,
                "title": decision.title,
                "text": decision.text,
                "choice_kind": ChoiceKind.OPTIONS if decision.options else ChoiceKind.YES_NO,
                "meeting": meeting,
                "deadline": deadline,
            },
            options=decision.options,
        )

    def number_for(self, proposal: Proposal, proposed_at: datetime.datetime) -> None:
        """A reference of the year the proposal was made (the service numbers in this year's)."""
        year = timezone.localdate(proposed_at).year
        if proposal.reference.startswith(f"D-{year}-"):
            return
        self.numbers[year] = self.numbers.get(year, 0) + 1
        proposal.reference = f"D-{year}-{self.numbers[year]:03d}"
        Proposal.objects.filter(pk=proposal.pk).update(reference=proposal.reference)

    def discuss(self, proposal: Proposal, decision: spec.DecisionSpec) -> None:
        for comment in decision.comments:
            decisions.add_comment(self.user(comment.author), proposal, comment.text)
        for amendment_spec in decision.amendments:
            amendment = decisions.propose_amendment(
                self.user(amendment_spec.author),
                proposal,
                amendment_spec.text,
                amendment_spec.reason,
            )
            if amendment_spec.accepted is not None:
                decisions.decide_amendment(
                    self.user(decision.proposer), amendment, amendment_spec.accepted
                )
            proposal.refresh_from_db()

    def take_positions(
        self, proposal: Proposal, positions: Sequence[spec.PositionSpec]
    ) -> list[ProposalPosition]:
        """Each position in turn, from those who could vote on the day positions opened; returns
        the positions taken. People without a login have theirs written as the service would."""
        rule = selectors.rule_in_force(proposal)
        if rule is None:
            raise RuntimeError(f"{proposal.body} has no rule for {proposal.topic}.")
        eligible = {p.person_id for p in selectors.participants(proposal, rule) if p.eligible}
        allowed = dict(selectors.value_choices(proposal, rule))
        taken: list[ProposalPosition] = []
        for position in positions:
            person = self.people[position.person]
            if person.pk not in eligible:
                continue
            if not position.recused and position.value not in allowed:
                raise RuntimeError(f"“{position.value}” is not a position on {proposal}.")
            user = self.user_of.get(position.person)
            if user is not None:
                taken.append(
                    decisions.record_position(
                        user,
                        proposal,
                        position.value,
                        position.reason,
                        recuse=position.recused,
                    )
                )
            else:
                taken.append(self._write_position(proposal, person, position))
        return taken

    @staticmethod
    def _write_position(
        proposal: Proposal, person: Person, position: spec.PositionSpec
    ) -> ProposalPosition:
        if position.value == tally.BLOCK and not position.reason:
            raise RuntimeError(f"{person} blocks {proposal} without saying why.")
        with transaction.atomic():
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            locked.positions_recorded += 1
            locked.save(update_fields=["positions_recorded"])
            row, _ = ProposalPosition.objects.update_or_create(
                proposal=locked,
                person=person,
                defaults={
                    "value": "" if position.recused else position.value,
                    "reason": position.reason,
                    "recused": position.recused,
                    "sequence": locked.positions_recorded,
                },
            )
        return row

    # A year of decisions ----------------------------------------------------------------------

    def decide(self, decision: spec.DecisionSpec) -> Proposal:
        """A decision of the past year, closed (or withdrawn) and dated as it happened."""
        times = self.timeline(decision)
        # The services accept only deadlines ahead; the real one is set once the decision closed.
        proposal = self.propose(decision, deadline=self.now + datetime.timedelta(days=7))
        self.number_for(proposal, times.proposed_at)
        self.discuss(proposal, decision)
        runner = self.runner_of[decision.body]
        proposal = decisions.open_positions(runner, proposal)
        # Who may take a position is settled on the opening day: move it back before anyone does.
        Proposal.objects.filter(pk=proposal.pk).update(
            opened_at=times.opened_at, meeting=times.meeting
        )
        proposal.refresh_from_db()
        taken = self.take_positions(proposal, decision.positions)
        if decision.withdrawn_reason:
            proposal = decisions.withdraw_proposal(
                self.user(decision.proposer), proposal, decision.withdrawn_reason
            )
        else:
            proposal = decisions.close_proposal(
                None if decision.closed_by_system else runner,
                proposal,
                rationale=decision.rationale,
                review_on=(
                    self.today + datetime.timedelta(days=decision.review_in_days)
                    if decision.review_in_days is not None
                    else None
                ),
                decider_call=decision.decider_call,
            )
        self.backdate(proposal, times, taken)
        return proposal

    def backdate(
        self, proposal: Proposal, times: _Timeline, taken: Sequence[ProposalPosition]
    ) -> None:
        """Move what the services stamped today back to when it happened; the frozen ballot and
        result are left exactly as the close computed them."""
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=times.proposed_at,
            updated_at=times.closed_at,
            deadline=times.deadline,
            closed_at=times.closed_at,
            decided_on=timezone.localdate(times.closed_at),
        )
        self._backdate_discussion(proposal, times.proposed_at, times.opened_at)
        _date_positions(taken, times.opened_at, times.closed_at)

    @staticmethod
    def _backdate_discussion(
        proposal: Proposal, start: datetime.datetime, end: datetime.datetime
    ) -> None:
        comments = list(ProposalComment.objects.filter(proposal=proposal).order_by("pk"))
        amendments = list(Amendment.objects.filter(proposal=proposal).order_by("pk"))
        moments = _between(len(comments) + len(amendments), start, end)
        for comment, moment in zip(comments, moments, strict=False):
            ProposalComment.objects.filter(pk=comment.pk).update(created_at=moment)
        for amendment, moment in zip(amendments, moments[len(comments) :], strict=True):
            decided_at = moment + (end - moment) / 2 if amendment.decided_at else None
            Amendment.objects.filter(pk=amendment.pk).update(
                created_at=moment, decided_at=decided_at
            )

    # Under way ---------------------------------------------------------------------------------

    def open_at_next_meeting(self, decision: spec.DecisionSpec) -> Proposal:
        body = self.bodies[decision.body]
        meeting = (
            Meeting.objects.filter(
                body=body, status=MeetingStatus.SCHEDULED, starts_at__gt=self.now
            )
            .order_by("starts_at")
            .first()
        )
        if meeting is None:
            raise RuntimeError(f"{body} has no meeting ahead to decide “{decision.title}”.")
        proposal = self.propose(decision, deadline=None, meeting=meeting)
        self.discuss(proposal, decision)
        proposal = decisions.open_positions(self.runner_of[decision.body], proposal)
        self.take_positions(proposal, decision.positions)
        return proposal

    def open_until_deadline(self, decision: spec.DecisionSpec) -> Proposal:
        opened_at = self.morning(decision.opened_days_ago)
        deadline = opened_at + datetime.timedelta(days=decision.days_open)
        proposal = self.propose(decision, deadline=deadline)
        self.discuss(proposal, decision)
        proposal = decisions.open_positions(self.runner_of[decision.body], proposal)
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=opened_at - DISCUSSED_BEFORE_DEADLINE_VOTE, opened_at=opened_at
        )
        proposal.refresh_from_db()
        self._backdate_discussion(proposal, opened_at - DISCUSSED_BEFORE_DEADLINE_VOTE, opened_at)
        taken = self.take_positions(proposal, decision.positions)
        _date_positions(taken, opened_at, self.now)
        return proposal

    def in_discussion(self, decision: spec.DecisionSpec) -> Proposal:
        deadline = self.morning(-decision.days_open)
        proposal = self.propose(decision, deadline=deadline)
        self.discuss(proposal, decision)
        return proposal


def build_decisions(people: Mapping[str, Person], today: datetime.date) -> DecisionCounts:
    """Write the bodies' decision rules, a year of decisions and the proposals under way.

    Runs inside the caller's transaction, after the bodies and their meetings are built; `people`
    maps PersonSpec keys to directory entries.
    """
    builder = _DecisionBuilder(people, today)
    builder.write_rules()
    past = [*spec.PAST_DECISIONS, spec.WITHDRAWN]
    # Oldest first, so references run in the order the proposals were made.
    for decision in sorted(past, key=lambda d: builder.timeline(d).proposed_at):
        builder.decide(decision)
    builder.open_until_deadline(spec.OPEN_UNTIL_NEXT_WEEK)
    builder.open_at_next_meeting(spec.AT_NEXT_BOARD_MEETING)
    builder.in_discussion(spec.IN_DISCUSSION)
    statuses = Counter(Proposal.objects.values_list("status", flat=True))
    return DecisionCounts(
        rules=builder.rules,
        decided=statuses[ProposalStatus.DECIDED],
        withdrawn=statuses[ProposalStatus.WITHDRAWN],
        open=statuses[ProposalStatus.OPEN],
        in_discussion=statuses[ProposalStatus.DRAFT],
    )
