"""Reads about proposals and decisions that depend on who is asking, and the loading of a ballot.

A proposal is visible where its body's business is (closed bodies: their members only); any other
answers 404. The count shown on the page, through the API and by `taskforce recount-decisions` all
come from `proposal_result`: the frozen result of a closed proposal, or the provisional count of an
open one from the same loader and the same pure tally.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from taskforce.core.access import MEMBER
from taskforce.directory import selectors as directory_selectors
from taskforce.directory.models import Person
from taskforce.directory.permissions import person_of
from taskforce.governance import tally
from taskforce.governance.attendance import present_at
from taskforce.governance.decision_models import (
    Amendment,
    DecisionRule,
    DecisionStep,
    DecisionTopic,
    FrozenCount,
    Outcome,
    Proposal,
    ProposalComment,
    ProposalOption,
    ProposalPosition,
    ProposalStatus,
    position_label,
)
from taskforce.governance.decision_permissions import can_propose_to
from taskforce.governance.eligibility import voting_status
from taskforce.governance.models import OFFICER_POSITIONS, Body, BodyMembership, Charter
from taskforce.governance.permissions import (
    business_visible_q,
    can_see_body_business,
    current_seats,
)

# --- Rules ---------------------------------------------------------------------------------------


def rules_of(body: Body) -> QuerySet[DecisionRule]:
    return DecisionRule.objects.filter(body=body).prefetch_related(
        Prefetch("steps", queryset=DecisionStep.objects.order_by("order"))
    )


def rule_for(body: Body, topic: str) -> DecisionRule | None:
    """The body's rule for the topic, else its rule for every other topic, else none."""
    rules = {rule.topic: rule for rule in rules_of(body).filter(topic__in=[topic, ""])}
    return rules.get(topic) or rules.get("")


def get_rule_for(user: Any, pk: int) -> DecisionRule:
    rule = get_object_or_404(DecisionRule.objects.select_related("body"), pk=pk)
    if not can_see_body_business(user, rule.body):
        raise Http404("No such decision rule.")
    return rule


def rule_spec(rule: DecisionRule) -> tally.RuleSpec:
    """The rule as the tally reads it."""
    steps = tuple(
        tally.StepSpec(
            method=step.method,
            trigger=step.trigger,
            numerator=step.threshold_numerator,
            denominator=step.threshold_denominator,
            weight=tally.Fraction(step.expertise_weight),
        )
        for step in sorted(rule.steps.all(), key=lambda step: step.order)
    )
    return tally.RuleSpec(
        steps=steps,
        quorum_percent=rule.quorum_percent,
        quorum_basis=rule.quorum_basis,
        vote_unit=rule.vote_unit,
        count_base=rule.count_base,
        expertise_tie=rule.expertise_tie,
        name=f"{rule.body}: {rule.topic_label}",
    )


def describe(rule: DecisionRule) -> str:
    return tally.describe_rule(rule_spec(rule))


def bodies_with_decisions(user: Any) -> QuerySet[Body]:
    """Bodies whose proposals and decisions the user may see, for the filters."""
    return Body.objects.filter(business_visible_q(user)).order_by("order", "name")


def proposable_bodies(user: Any) -> list[Body]:
    """Active bodies the user may put proposals to."""
    if not MEMBER.allows(user):
        return []
    bodies = Body.objects.filter(is_active=True).order_by("order", "name")
    return [body for body in bodies if can_propose_to(user, body)]


# --- Proposals -----------------------------------------------------------------------------------


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    return Proposal.objects.filter(business_visible_q(user, "body__")).select_related(
        "body", "area", "proposed_by", "meeting"
    )


def get_proposal_for(user: Any, pk: int) -> Proposal:
    return get_object_or_404(proposals_visible_to(user), pk=pk)


def get_proposal_by_reference_for(user: Any, reference: str) -> Proposal:
    return get_object_or_404(proposals_visible_to(user), reference=reference)


def get_amendment_for(user: Any, pk: int) -> Amendment:
    """An amendment, visible exactly where its proposal is; 404 otherwise."""
    amendments = Amendment.objects.filter(business_visible_q(user, "proposal__body__"))
    return get_object_or_404(
        amendments.select_related("proposal__body", "author__organization"), pk=pk
    )


def options_of(proposal: Proposal) -> tuple[tuple[str, str], ...]:
    """(key, label) pairs: the proposal's own options, or yes and no."""
    own = tuple(
        ProposalOption.objects.filter(proposal=proposal)
        .order_by("order")
        .values_list("key", "label")
    )
    return own or tally.YES_NO_OPTIONS


def rule_in_force(proposal: Proposal) -> tally.RuleSpec | None:
    """The rule frozen when positions opened, or the one that would apply now."""
    if proposal.rule_in_force:
        return tally.RuleSpec.from_json(proposal.rule_in_force)
    rule = rule_for(proposal.body, proposal.topic)
    return rule_spec(rule) if rule is not None else None


def eligibility_day(proposal: Proposal) -> datetime.date:
    """Who may take a position is settled on the day positions open."""
    if proposal.opened_at is not None:
        return timezone.localdate(proposal.opened_at)
    return timezone.localdate()


def leading_organization_ids() -> set[int]:
    charter = Charter.objects.first()
    if charter is None:
        return set()
    return set(charter.leading_organizations.values_list("pk", flat=True))


def participants(proposal: Proposal, rule: tally.RuleSpec) -> list[tally.Participant]:
    """Everyone seated on the body on the eligibility day, with the facts the tally needs."""
    by_organization = rule.vote_unit == tally.UNIT_ORGANIZATION
    statuses = voting_status(
        proposal.body, eligibility_day(proposal), by_organization=by_organization
    )
    person_ids = [status.person.pk for status in statuses]
    years = (
        directory_selectors.years_in_area(proposal.area_id, person_ids) if proposal.area_id else {}
    )
    present = present_at(proposal.meeting_id) if proposal.meeting_id else set()
    leading = (
        leading_organization_ids()
        if any(step.method == tally.LEADERSHIP for step in rule.steps)
        else set()
    )
    result = []
    for status in statuses:
        person = status.person
        if by_organization and status.votes_for is not None:
            unit, unit_label = f"organization:{status.votes_for.pk}", status.votes_for.display_name
        else:
            unit, unit_label = f"person:{person.pk}", person.full_name
        result.append(
            tally.Participant(
                person_id=person.pk,
                name=person.full_name,
                unit=unit,
                unit_label=unit_label,
                eligible=status.eligible,
                reason="; ".join(status.reasons),
                present=person.pk in present,
                leading=person.organization_id in leading,
                years=years.get(person.pk, 0),
            )
        )
    return result


def build_ballot(proposal: Proposal, rule: tally.RuleSpec) -> tally.Ballot:
    stances = tuple(
        tally.Stance(person_id=person_id, value=value, recused=recused, sequence=sequence)
        for person_id, value, recused, sequence in ProposalPosition.objects.filter(
            proposal=proposal
        ).values_list("person_id", "value", "recused", "sequence")
    )
    return tally.Ballot(
        participants=tuple(participants(proposal, rule)),
        stances=stances,
        options=options_of(proposal),
        area=proposal.area.name if proposal.area_id and proposal.area else "",
        decider_call=proposal.decider_call,
        withdrawn=proposal.status == ProposalStatus.WITHDRAWN,
    )


def proposal_result(proposal: Proposal) -> tally.Result | None:
    """The frozen result of a closed proposal, or what the count would be if it closed now
    (None when the body has no rule for the topic)."""
    frozen = frozen_count(proposal)
    if frozen is not None:
        return tally.Result.from_json(frozen.result)
    rule = rule_in_force(proposal)
    if rule is None:
        return None
    return tally.tally(rule, build_ballot(proposal, rule))


def recount(proposal: Proposal) -> tally.Result:
    """Count a closed proposal again from its frozen rule and ballot."""
    frozen = frozen_count(proposal)
    if frozen is None or not proposal.rule_in_force:
        raise ValueError(f"{proposal.reference} has no frozen ballot to recount.")
    return tally.tally(
        tally.RuleSpec.from_json(proposal.rule_in_force), tally.Ballot.from_json(frozen.ballot)
    )


def frozen_count(proposal: Proposal) -> FrozenCount | None:
    """The ballot and result frozen when the proposal closed; None while it is not closed."""
    if not proposal.is_closed:
        return None
    try:
        return proposal.frozen
    except FrozenCount.DoesNotExist:
        return None


@dataclass(frozen=True)
class MyStanding:
    """What the viewer may do on an open proposal, and why not when they may not."""

    person: Person | None
    may_take_position: bool
    counts: bool  # False when heard only (leadership rules) or not eligible
    reasons: list[str]
    position: ProposalPosition | None


def my_standing(user: Any, proposal: Proposal) -> MyStanding:
    person = person_of(user)
    if person is None:
        return MyStanding(None, False, False, ["Your account has no directory entry."], None)
    position = ProposalPosition.objects.filter(proposal=proposal, person=person).first()
    rule = rule_in_force(proposal)
    if rule is None:
        return MyStanding(person, False, False, ["No decision rule applies yet."], position)
    mine = next((p for p in participants(proposal, rule) if p.person_id == person.pk), None)
    if mine is None:
        day = eligibility_day(proposal)
        return MyStanding(
            person,
            False,
            False,
            [f"You held no seat on {proposal.body} on {day:%Y-%m-%d}, when positions opened."],
            position,
        )
    if not mine.eligible:
        return MyStanding(person, False, False, mine.reason.split("; "), position)
    first = rule.steps[0].method
    if first == tally.LEADERSHIP and not mine.leading:
        return MyStanding(
            person,
            True,
            False,
            [
                "Under this rule only the leading organizations decide; your position is heard "
                "and reported with the outcome."
            ],
            position,
        )
    return MyStanding(person, True, True, mine.reason.split("; "), position)


@dataclass(frozen=True)
class PositionRow:
    name: str
    organization: str
    label: str
    reason: str
    recused: bool
    updated_at: datetime.datetime


def position_rows(proposal: Proposal) -> list[PositionRow]:
    """Every position, for the body's members to read (consensus is taken in the open)."""
    options = dict(options_of(proposal))
    rows = ProposalPosition.objects.filter(proposal=proposal).select_related(
        "person", "person__organization"
    )
    return sorted(
        (
            PositionRow(
                name=row.person.full_name,
                organization=row.person.organization.display_name
                if row.person.organization
                else "",
                label=position_label(row.value, row.recused, options),
                reason=row.reason,
                recused=row.recused,
                updated_at=row.updated_at,
            )
            for row in rows
        ),
        key=lambda row: row.name,
    )


def comments_of(proposal: Proposal) -> QuerySet[ProposalComment]:
    return proposal.comments.select_related("author", "author__organization")


def value_choices(proposal: Proposal, rule: tally.RuleSpec | None) -> list[tuple[str, str]]:
    """The positions one may take: gradients when the rule starts with consensus, else votes."""
    if rule is not None and rule.steps[0].method == tally.CONSENSUS:
        return list(tally.GRADIENTS.items())
    return [*options_of(proposal), (tally.ABSTAIN, "Abstain")]


# --- The register --------------------------------------------------------------------------------

CLOSED_STATUSES = (ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN)


@dataclass(frozen=True)
class RegisterFilters:
    body: int | None = None
    topic: str = ""
    outcome: str = ""
    method: str = ""
    year: int | None = None
    q: str = ""
    review_due: bool = False

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> RegisterFilters:
        def number(name: str) -> int | None:
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        topic = params.get("topic", "")
        outcome = params.get("outcome", "")
        method = params.get("method", "")
        return cls(
            body=number("body"),
            topic=topic if topic in DecisionTopic.values else "",
            outcome=outcome if outcome in Outcome.values else "",
            method=method if method in tally.METHODS else "",
            year=number("year"),
            q=(params.get("q") or "").strip()[:200],
            review_due=params.get("review_due") in ("1", "on", "true"),
        )

    def to_query(self) -> dict[str, str]:
        values = {
            "body": str(self.body or ""),
            "topic": self.topic,
            "outcome": self.outcome,
            "method": self.method,
            "year": str(self.year or ""),
            "q": self.q,
            "review_due": "1" if self.review_due else "",
        }
        return {name: value for name, value in values.items() if value}


REVIEW_NOTICE_DAYS = 30


def register(user: Any, filters: RegisterFilters | None = None) -> QuerySet[Proposal]:
    """Closed proposals (decided or withdrawn) the user may see, newest first."""
    filters = filters or RegisterFilters()
    # Closed means decided_on is set (a database constraint says so); asking it that way lets the
    # database read the register in date order from its index instead of sorting every row.
    rows = proposals_visible_to(user).filter(decided_on__isnull=False)
    if filters.body:
        rows = rows.filter(body_id=filters.body)
    if filters.topic:
        rows = rows.filter(topic=filters.topic)
    if filters.outcome:
        rows = rows.filter(outcome=filters.outcome)
    if filters.method:
        rows = rows.filter(rule_method=filters.method)
    if filters.year:
        rows = rows.filter(decided_on__year=filters.year)
    if filters.q:
        rows = rows.filter(
            Q(title__icontains=filters.q)
            | Q(reference__iexact=filters.q)
            | Q(text__icontains=filters.q)
        )
    if filters.review_due:
        rows = rows.filter(
            review_on__lte=timezone.localdate() + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
        )
    return rows.order_by("-decided_on", "-pk")


def register_years(user: Any) -> list[int]:
    """The years the register spans, newest first: its two ends, each read from the index."""
    days = register(user).values_list("decided_on", flat=True)
    last = days.first()
    first = days.order_by("decided_on", "pk").first()
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def explanation_lines(proposal: Proposal) -> list[str]:
    return proposal.explanation.splitlines()


def rule_line(proposal: Proposal) -> str:
    """The rule in force, as the frozen explanation states it."""
    lines = explanation_lines(proposal)
    return lines[0].removeprefix("Rule in force: ") if lines else ""


REGISTER_COLUMNS = (
    "Reference",
    "Decided on",
    "Body",
    "Topic",
    "Title",
    "Outcome",
    "Chosen option",
    "Rule in force",
    "Explanation",
    "Rationale",
    "Meeting",
    "Review by",
)


def register_rows(proposals: Iterable[Proposal]) -> Iterable[list[str]]:
    for proposal in proposals:
        steps = explanation_lines(proposal)
        yield [
            proposal.reference,
            f"{proposal.decided_on:%Y-%m-%d}" if proposal.decided_on else "",
            proposal.body.name,
            proposal.get_topic_display(),
            proposal.title,
            proposal.get_outcome_display(),
            proposal.chosen_option,
            rule_line(proposal),
            " | ".join(steps[1:]),
            proposal.rationale,
            str(proposal.meeting) if proposal.meeting_id else "",
            f"{proposal.review_on:%Y-%m-%d}" if proposal.review_on else "",
        ]


def register_csv_lines(proposals: Iterable[Proposal]) -> Iterator[str]:
    """The register as CSV, line by line, so a large export streams instead of filling memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Iterable[str]) -> str:
        # Cells that a spreadsheet would run as a formula are written as text.
        writer.writerow(
            ["'" + cell if cell[:1] in ("=", "+", "-", "@") else cell for cell in cells]
        )
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(REGISTER_COLUMNS)
    rows = proposals.iterator(chunk_size=2000) if isinstance(proposals, QuerySet) else proposals
    for row in register_rows(rows):
        yield line(row)


def register_csv(proposals: Iterable[Proposal]) -> str:
    return "".join(register_csv_lines(proposals))


# --- What needs the viewer's attention -----------------------------------------------------------


def open_proposals_for(user: Any) -> QuerySet[Proposal]:
    """Open proposals on bodies where the user holds a seat, without their position yet."""
    person = person_of(user)
    if person is None:
        return Proposal.objects.none()
    taken = ProposalPosition.objects.filter(person=person).values("proposal_id")
    return (
        Proposal.objects.filter(status=ProposalStatus.OPEN, body_id__in=list(current_seats(user)))
        .exclude(pk__in=taken)
        .select_related("body")
        .order_by("deadline", "pk")
    )


def reviews_due_for(user: Any, on: datetime.date | None = None) -> QuerySet[Proposal]:
    """Decisions due for review within the notice period on bodies the user is an officer of."""
    day = on or timezone.localdate()
    officer_of = [
        body_id
        for body_id, positions in current_seats(user).items()
        if positions & OFFICER_POSITIONS
    ]
    return (
        Proposal.objects.filter(
            status=ProposalStatus.DECIDED,
            body_id__in=officer_of,
            review_on__lte=day + datetime.timedelta(days=REVIEW_NOTICE_DAYS),
        )
        .select_related("body")
        .order_by("review_on")
    )


def body_proposals(user: Any, body: Body) -> QuerySet[Proposal]:
    """A body's proposals in discussion or open, with their position counts."""
    return (
        proposals_visible_to(user)
        .filter(body=body, status__in=[ProposalStatus.DRAFT, ProposalStatus.OPEN])
        .annotate(position_count=Count("positions"))
        .order_by("status", "deadline", "pk")
    )


def officer_ids(body: Body, on: datetime.date | None = None) -> list[int]:
    return list(
        BodyMembership.objects.current(on)
        .filter(body=body, position__in=OFFICER_POSITIONS)
        .values_list("person_id", flat=True)
    )


def member_ids(body: Body, on: datetime.date | None = None) -> list[int]:
    return list(
        BodyMembership.objects.current(on).filter(body=body).values_list("person_id", flat=True)
    )


def proposals_at_meeting(meeting_id: int) -> QuerySet[Proposal]:
    """The proposals a meeting takes up: in discussion or open, or decided at it."""
    return (
        Proposal.objects.filter(meeting_id=meeting_id)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("body", "proposed_by")
        .order_by("reference")
    )
