"""Decisions over HTTP: proposals, their discussion and amendments, positions, the tally, the
decision register and the bodies' decision rules.

Thin like the pages: the decision selectors decide what the caller may see (a proposal of a body
whose business they may not see answers 404) and the decision services check who may act, change
the data and audit it. The tally comes from `decision_selectors.proposal_result`, as on the
proposal's page: the frozen result of a closed proposal, the provisional count of an open one.
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import time.

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, PatchDict, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from pydantic import BeforeValidator

from taskforce.core.access import COORDINATOR, MEMBER, SIGNED_IN
from taskforce.core.api_access import api_access, api_user
from taskforce.core.api_helpers import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, responses, set_location
from taskforce.directory.models import ExpertiseArea
from taskforce.governance import decision_selectors as selectors
from taskforce.governance import decision_services as services
from taskforce.governance import tally
from taskforce.governance.api import BodyRefOut, PersonRefOut
from taskforce.governance.decision_models import (
    Amendment,
    AmendmentStatus,
    ChoiceKind,
    CountBase,
    DecisionMethod,
    DecisionRule,
    DecisionTopic,
    ExpertiseTie,
    Outcome,
    Proposal,
    ProposalComment,
    ProposalPosition,
    ProposalStatus,
    QuorumBasis,
    RuleVoteUnit,
    position_label,
)
from taskforce.governance.meeting_source import visible_meeting
from taskforce.governance.models import Body
from taskforce.governance.selectors import get_body_business_for

router = Router(tags=["decisions"])

METHOD_CODES = ", ".join(DecisionMethod.values)
TRIGGER_CODES = ", ".join(tally.TRIGGER_CONDITIONS)


# --- Output schemas ------------------------------------------------------------------------------


def _blank_to_none(value: Any) -> Any:
    """Choices the tables keep as "" ("none yet", "every topic") travel as null."""
    return value or None


OutcomeOrNone = Annotated[Outcome | None, BeforeValidator(_blank_to_none)]
MethodOrNone = Annotated[DecisionMethod | None, BeforeValidator(_blank_to_none)]
TopicOrNone = Annotated[DecisionTopic | None, BeforeValidator(_blank_to_none)]


class AreaOut(Schema):
    code: str
    name: str


class OptionOut(Schema):
    key: str
    label: str


class ProposalOut(Schema):
    id: int
    reference: str
    body: BodyRefOut
    topic: DecisionTopic
    area: AreaOut | None
    title: str
    choice_kind: ChoiceKind
    status: ProposalStatus
    meeting_id: int | None
    deadline: datetime | None
    proposed_by: PersonRefOut
    outcome: OutcomeOrNone = Field(description="null until the proposal closes")
    decided_on: date | None
    created_at: datetime


class ProposalDetailOut(ProposalOut):
    text: str
    options: list[OptionOut] = Field(description="What members choose between")
    rule_in_force: str | None = Field(
        description="The rule frozen when positions opened, or the one that would apply now"
    )
    chosen_option: str
    rationale: str
    review_on: date | None
    withdrawn_reason: str
    opened_at: datetime | None
    closed_at: datetime | None
    explanation: list[str] = Field(
        description="The count step by step: frozen once closed, provisional while open, "
        "empty in discussion"
    )
    amendments_count: int
    comments_count: int
    positions_count: int


class CommentOut(Schema):
    id: int
    author: PersonRefOut
    text: str
    created_at: datetime


class AmendmentOut(Schema):
    id: int
    proposal_id: int
    author: PersonRefOut
    text: str
    reason: str
    status: AmendmentStatus
    decided_at: datetime | None
    created_at: datetime


class ProposalPositionOut(Schema):
    person: PersonRefOut
    value: str = Field(description="A gradient, a vote or an option key; empty when recused")
    label: str
    reason: str
    recused: bool
    updated_at: datetime


class ValueChoiceOut(Schema):
    value: str
    label: str


class StandingOut(Schema):
    may_take_position: bool
    counts: bool = Field(description="false when only heard (leadership rules) or not eligible")
    reasons: list[str] = Field(description="Why not, or in whose name the position counts")
    position: ProposalPositionOut | None
    choices: list[ValueChoiceOut] = Field(description="The positions one may take")


class TallyStepOut(Schema):
    number: int
    method: DecisionMethod
    condition: str = Field(description="decided, blocked, no_consensus, tie or awaiting")
    text: str
    totals: dict[str, str] = Field(description="Option key or gradient → weight")
    weighted: list[int] = Field(description="Person ids weighted for their expertise")


class TallyOut(Schema):
    outcome: Outcome | None = Field(description="null while an advice decision awaits the call")
    outcome_label: str
    chosen_option: str | None
    explanation: list[str]
    quorum_met: bool
    quorum_text: str
    counted_units: int
    eligible_units: int
    recused: list[str]
    steps: list[TallyStepOut]
    provisional: bool = Field(description="true until the proposal closes and the count freezes")
    recount_matches: bool | None = Field(
        description="Closed proposals: whether counting the frozen ballot again gives the same "
        "result; null otherwise"
    )


class RegisterEntryOut(Schema):
    id: int
    reference: str
    body: BodyRefOut
    topic: DecisionTopic
    title: str
    status: ProposalStatus
    outcome: Outcome
    chosen_option: str
    decided_on: date | None
    rule_method: MethodOrNone
    rule_in_force: str
    explanation: list[str]
    rationale: str
    withdrawn_reason: str
    meeting_id: int | None
    review_on: date | None

    @staticmethod
    def resolve_explanation(proposal: Proposal) -> list[str]:
        return selectors.explanation_lines(proposal)

    @staticmethod
    def resolve_rule_in_force(proposal: Proposal) -> str:
        return selectors.rule_line(proposal)


class RuleStepOut(Schema):
    order: int
    method: DecisionMethod
    trigger: str
    threshold_numerator: int
    threshold_denominator: int
    expertise_weight: Decimal


class DecisionRuleOut(Schema):
    id: int
    body_id: int
    topic: TopicOrNone = Field(description="null: every topic without its own rule")
    quorum_percent: int | None
    quorum_basis: QuorumBasis
    vote_unit: RuleVoteUnit
    count_base: CountBase
    expertise_tie: ExpertiseTie
    notes: str
    description: str
    steps: list[RuleStepOut]

    @staticmethod
    def resolve_description(rule: DecisionRule) -> str:
        return selectors.describe(rule)

    @staticmethod
    def resolve_steps(rule: DecisionRule) -> list[Any]:
        return sorted(rule.steps.all(), key=lambda step: step.order)


# --- Input schemas -------------------------------------------------------------------------------


class ProposalIn(Schema):
    body: int = Field(description="Body id")
    topic: DecisionTopic
    area: str | None = Field(None, description="Expertise area code, e.g. victim-services")
    title: str
    text: str
    choice_kind: ChoiceKind = ChoiceKind.YES_NO
    options: list[str] = Field(
        default_factory=list, description="Labels, when members choose between several options"
    )
    meeting: int | None = Field(None, description="Id of the meeting that decides, if any")
    deadline: datetime | None = Field(
        None, description="When positions close, with a UTC offset; needed without a meeting"
    )


class ProposalChangeIn(Schema):
    topic: DecisionTopic
    area: str | None = None
    title: str
    text: str
    choice_kind: ChoiceKind
    options: list[str]
    deadline: datetime | None = None


class CloseIn(Schema):
    rationale: str = ""
    review_on: date | None = None
    decider_call: str = Field("", description="Advice rules only: passed or failed")


class WithdrawIn(Schema):
    reason: str


class CommentIn(Schema):
    text: str


class AmendmentIn(Schema):
    text: str = Field(description="The whole proposal as it would read")
    reason: str


class AmendmentDecisionIn(Schema):
    accept: bool


class ProposalPositionIn(Schema):
    value: str = Field("", description="One of the choices the standing operation lists")
    reason: str = Field("", description="Required for a block and for a recusal")
    recuse: bool = Field(False, description="Recuse for a conflict of interest")


class RuleStepIn(Schema):
    method: str = Field(description=f"One of: {METHOD_CODES}")
    trigger: str = Field("", description=f"Later steps: {TRIGGER_CODES}")
    threshold_numerator: int = 2
    threshold_denominator: int = 3
    expertise_weight: Decimal = Field(Decimal(1), description="1 (none) to 10")


class DecisionRuleIn(Schema):
    topic: DecisionTopic | None = Field(None, description="null: every topic without its own rule")
    quorum_percent: int | None = Field(None, description="null: no quorum")
    quorum_basis: QuorumBasis = QuorumBasis.PARTICIPATING
    vote_unit: RuleVoteUnit = RuleVoteUnit.PERSON
    count_base: CountBase = CountBase.CAST
    expertise_tie: ExpertiseTie = ExpertiseTie.SHARE
    notes: str = ""
    steps: list[RuleStepIn] = Field(description="In order; the first takes no trigger")


class ProposalQuery(Schema):
    body: int | None = None
    status: ProposalStatus | None = None


class RegisterQuery(Schema):
    body: int | None = None
    topic: DecisionTopic | None = None
    outcome: Outcome | None = None
    method: DecisionMethod | None = None
    year: int | None = None
    q: str = Field("", max_length=200, description="Words in the title or text, or a reference")
    review_due: bool = Field(False, description="Only decisions due for review within 30 days")


# --- Helpers -------------------------------------------------------------------------------------


def _proposal_for(request: HttpRequest, proposal_id: int) -> Proposal:
    return selectors.get_proposal_for(api_user(request), proposal_id)


def _proposal_data(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The payload's codes and ids become the records the services expect."""
    if "area" in data:
        code = data["area"]
        area = ExpertiseArea.objects.filter(code=code).first() if code else None
        if code and area is None:
            raise ValidationError({"area": f"No area of expertise with the code {code}."})
        data["area"] = area
    pk = data.get("meeting")
    if pk is not None and visible_meeting(user, pk) is None:
        # A meeting the caller may not see reads like one that does not exist.
        raise ValidationError({"meeting": f"No meeting with id {pk}."})
    return data


COMPUTED_DETAIL_FIELDS = frozenset(
    {
        "options",
        "rule_in_force",
        "explanation",
        "amendments_count",
        "comments_count",
        "positions_count",
    }
)


def _detail(user: Any, proposal_id: int) -> dict[str, Any]:
    proposal = get_object_or_404(
        selectors.proposals_visible_to(user).select_related("proposed_by__organization"),
        pk=proposal_id,
    )
    rule = selectors.rule_in_force(proposal)
    result = None if proposal.is_draft else selectors.proposal_result(proposal)
    stored = ProposalDetailOut.model_fields.keys() - COMPUTED_DETAIL_FIELDS
    return {
        **{name: getattr(proposal, name) for name in stored},
        "options": [{"key": key, "label": label} for key, label in selectors.options_of(proposal)],
        "rule_in_force": tally.describe_rule(rule) if rule is not None else None,
        "explanation": result.explanation if result is not None else [],
        # Counted one by one: joining all three would multiply their rows.
        "amendments_count": proposal.amendments.count(),
        "comments_count": proposal.comments.count(),
        "positions_count": proposal.positions.count(),
    }


def _position_out(position: ProposalPosition, options: dict[str, str]) -> dict[str, Any]:
    return {
        "person": position.person,
        "value": position.value,
        "label": position_label(position.value, position.recused, options),
        "reason": position.reason,
        "recused": position.recused,
        "updated_at": position.updated_at,
    }


def _rules(body: Body) -> QuerySet[DecisionRule]:
    # Each rule's description names its body.
    return selectors.rules_of(body).select_related("body")


def _rule_data(payload: DecisionRuleIn) -> tuple[dict[str, Any], list[services.StepData]]:
    data = payload.model_dump(exclude={"steps"})
    data["topic"] = data["topic"] or ""
    steps = [services.StepData(**step.model_dump()) for step in payload.steps]
    return data, steps


# --- Proposals -----------------------------------------------------------------------------------


@router.get("/decisions/proposals", response=responses({200: list[ProposalOut]}))
@api_access(SIGNED_IN)
@paginate(PageNumberPagination, page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_proposals(request: HttpRequest, filters: Query[ProposalQuery]) -> QuerySet[Proposal]:
    """Proposals of the bodies whose business the caller may see, newest first."""
    found = selectors.proposals_visible_to(api_user(request)).select_related(
        "proposed_by__organization"
    )
    if filters.body is not None:
        found = found.filter(body_id=filters.body)
    if filters.status is not None:
        found = found.filter(status=filters.status)
    return found.order_by("-created_at", "-pk")


@router.post("/decisions/proposals", response=responses({201: ProposalDetailOut}))
@api_access(MEMBER)
def create_proposal(request: HttpRequest, payload: ProposalIn, response: HttpResponse) -> Status:
    """Put a proposal to a body, in discussion; for its members and those who run it."""
    user = api_user(request)
    body = get_body_business_for(user, payload.body)
    data = _proposal_data(user, payload.model_dump(exclude={"body", "options"}))
    proposal = services.create_proposal(user, body, data, options=payload.options, request=request)
    set_location(response, "get_proposal", proposal_id=proposal.pk)
    return Status(201, _detail(user, proposal.pk))


@router.get("/decisions/proposals/{proposal_id}", response=responses({200: ProposalDetailOut}))
@api_access(SIGNED_IN)
def get_proposal(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    return _detail(api_user(request), proposal_id)


@router.patch("/decisions/proposals/{proposal_id}", response=responses({200: ProposalDetailOut}))
@api_access(MEMBER)
def update_proposal(
    request: HttpRequest, proposal_id: int, payload: PatchDict[ProposalChangeIn]
) -> dict[str, Any]:
    """Change a proposal still in discussion; for its proposer and those who run the body.
    Sending `options` replaces them all."""
    user = api_user(request)
    proposal = _proposal_for(request, proposal_id)
    data = _proposal_data(user, dict(payload))
    options = data.pop("options", None)
    services.update_proposal(user, proposal, data, options=options, request=request)
    return _detail(user, proposal_id)


@router.post(
    "/decisions/proposals/{proposal_id}/open", response=responses({200: ProposalDetailOut})
)
@api_access(MEMBER)
def open_proposal(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    """Start taking positions: the rule in force is frozen and the eligible are told."""
    user = api_user(request)
    services.open_positions(user, _proposal_for(request, proposal_id), request=request)
    return _detail(user, proposal_id)


@router.post(
    "/decisions/proposals/{proposal_id}/close", response=responses({200: ProposalDetailOut})
)
@api_access(MEMBER)
def close_proposal(request: HttpRequest, proposal_id: int, payload: CloseIn) -> dict[str, Any]:
    """Close positions and decide: the ballot, the result and its explanation are frozen."""
    user = api_user(request)
    services.close_proposal(
        user,
        _proposal_for(request, proposal_id),
        rationale=payload.rationale,
        review_on=payload.review_on,
        decider_call=payload.decider_call,
        request=request,
    )
    return _detail(user, proposal_id)


@router.post(
    "/decisions/proposals/{proposal_id}/withdraw", response=responses({200: ProposalDetailOut})
)
@api_access(MEMBER)
def withdraw_proposal(
    request: HttpRequest, proposal_id: int, payload: WithdrawIn
) -> dict[str, Any]:
    user = api_user(request)
    services.withdraw_proposal(
        user, _proposal_for(request, proposal_id), payload.reason, request=request
    )
    return _detail(user, proposal_id)


# --- Discussion and amendments -------------------------------------------------------------------


@router.get(
    "/decisions/proposals/{proposal_id}/comments", response=responses({200: list[CommentOut]})
)
@api_access(SIGNED_IN)
def list_proposal_comments(request: HttpRequest, proposal_id: int) -> QuerySet[ProposalComment]:
    """The discussion, oldest first."""
    return selectors.comments_of(_proposal_for(request, proposal_id))


@router.post("/decisions/proposals/{proposal_id}/comments", response=responses({201: CommentOut}))
@api_access(SIGNED_IN)
def add_proposal_comment(
    request: HttpRequest, proposal_id: int, payload: CommentIn, response: HttpResponse
) -> Status:
    """For those seated on the body (observers included) and those who run it."""
    proposal = _proposal_for(request, proposal_id)
    comment = services.add_comment(api_user(request), proposal, payload.text, request=request)
    set_location(response, "list_proposal_comments", proposal_id=proposal.pk)
    return Status(201, selectors.comments_of(proposal).get(pk=comment.pk))


@router.get(
    "/decisions/proposals/{proposal_id}/amendments",
    response=responses({200: list[AmendmentOut]}),
)
@api_access(SIGNED_IN)
def list_amendments(request: HttpRequest, proposal_id: int) -> QuerySet[Amendment]:
    proposal = _proposal_for(request, proposal_id)
    return proposal.amendments.select_related("author__organization")


@router.post(
    "/decisions/proposals/{proposal_id}/amendments", response=responses({201: AmendmentOut})
)
@api_access(SIGNED_IN)
def propose_amendment(
    request: HttpRequest, proposal_id: int, payload: AmendmentIn, response: HttpResponse
) -> Status:
    """Offer a new text before positions open; for those seated on the body and who run it."""
    user = api_user(request)
    proposal = _proposal_for(request, proposal_id)
    amendment = services.propose_amendment(
        user, proposal, payload.text, payload.reason, request=request
    )
    set_location(response, "list_amendments", proposal_id=proposal.pk)
    return Status(201, selectors.get_amendment_for(user, amendment.pk))


@router.post("/decisions/amendments/{amendment_id}/decide", response=responses({200: AmendmentOut}))
@api_access(MEMBER)
def decide_amendment(
    request: HttpRequest, amendment_id: int, payload: AmendmentDecisionIn
) -> Amendment:
    """Accept an amendment (its text becomes the proposal's) or decline it; for the proposer
    and those who run the body."""
    user = api_user(request)
    services.decide_amendment(
        user, selectors.get_amendment_for(user, amendment_id), payload.accept, request=request
    )
    return selectors.get_amendment_for(user, amendment_id)


# --- Positions and the count ---------------------------------------------------------------------


@router.get(
    "/decisions/proposals/{proposal_id}/positions",
    response=responses({200: list[ProposalPositionOut]}),
)
@api_access(SIGNED_IN)
def list_positions(request: HttpRequest, proposal_id: int) -> list[dict[str, Any]]:
    """Everyone's position, by name: positions are taken in the open."""
    proposal = _proposal_for(request, proposal_id)
    options = dict(selectors.options_of(proposal))
    rows = ProposalPosition.objects.filter(proposal=proposal).select_related("person__organization")
    ordered = sorted(rows, key=lambda row: (row.person.full_name, row.person_id))
    return [_position_out(row, options) for row in ordered]


@router.put(
    "/decisions/proposals/{proposal_id}/position",
    response=responses({200: ProposalPositionOut}),
)
@api_access(SIGNED_IN)
def take_position(
    request: HttpRequest, proposal_id: int, payload: ProposalPositionIn
) -> dict[str, Any]:
    """Take, change or recuse from one's own position while positions are open. Sending the same
    position again leaves it as it is, recorded anew: the position recorded last is the one
    that counts."""
    proposal = _proposal_for(request, proposal_id)
    position = services.record_position(
        api_user(request),
        proposal,
        payload.value,
        payload.reason,
        recuse=payload.recuse,
        request=request,
    )
    options = dict(selectors.options_of(proposal))
    saved = ProposalPosition.objects.select_related("person__organization").get(pk=position.pk)
    return _position_out(saved, options)


@router.get("/decisions/proposals/{proposal_id}/standing", response=responses({200: StandingOut}))
@api_access(SIGNED_IN)
def get_standing(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    """Whether the caller may take a position, whether it counts, and why not when not."""
    user = api_user(request)
    proposal = _proposal_for(request, proposal_id)
    standing = selectors.my_standing(user, proposal)
    reasons = [reason for reason in standing.reasons if reason]
    may_take = standing.may_take_position
    if not proposal.is_open:
        may_take = False
        status = proposal.get_status_display().lower()
        reasons.insert(0, f"Positions are not being taken: this proposal is {status}.")
    elif proposal.deadline is not None and timezone.now() >= proposal.deadline:
        may_take = False
        reasons.insert(0, "The deadline for positions has passed.")
    options = dict(selectors.options_of(proposal))
    mine = None
    if standing.position is not None:
        position = ProposalPosition.objects.select_related("person__organization").get(
            pk=standing.position.pk
        )
        mine = _position_out(position, options)
    choices = selectors.value_choices(proposal, selectors.rule_in_force(proposal))
    return {
        "may_take_position": may_take,
        "counts": standing.counts and may_take,
        "reasons": reasons,
        "position": mine,
        "choices": [{"value": value, "label": label} for value, label in choices],
    }


@router.get("/decisions/proposals/{proposal_id}/tally", response=responses({200: TallyOut}))
@api_access(SIGNED_IN)
def get_tally(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    """The count step by step, as the proposal's page shows it: frozen once the proposal
    closes (with a check that recounting the frozen ballot agrees), provisional until then."""
    proposal = _proposal_for(request, proposal_id)
    result = selectors.proposal_result(proposal)
    if result is None:
        raise HttpError(
            404, f"{proposal.body} has no decision rule for this topic, so there is no count yet."
        )
    frozen = selectors.frozen_count(proposal) is not None
    recount_matches = selectors.recount(proposal) == result if frozen else None
    return {
        **result.to_json(),
        "outcome_label": result.outcome_label,
        "provisional": not frozen,
        "recount_matches": recount_matches,
    }


# --- The register --------------------------------------------------------------------------------


@router.get("/decisions/register", response=responses({200: list[RegisterEntryOut]}))
@api_access(SIGNED_IN)
@paginate(PageNumberPagination, page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def get_decision_register(
    request: HttpRequest, filters: Query[RegisterQuery]
) -> QuerySet[Proposal]:
    """Decided and withdrawn proposals the caller may see, latest first, with their frozen
    explanation."""
    chosen = selectors.RegisterFilters(
        body=filters.body,
        topic=filters.topic or "",
        outcome=filters.outcome or "",
        method=filters.method or "",
        year=filters.year,
        q=filters.q.strip(),
        review_due=filters.review_due,
    )
    return selectors.register(api_user(request), chosen)


# --- Decision rules ------------------------------------------------------------------------------


@router.get("/bodies/{body_id}/decision-rules", response=responses({200: list[DecisionRuleOut]}))
@api_access(SIGNED_IN)
def list_decision_rules(request: HttpRequest, body_id: int) -> QuerySet[DecisionRule]:
    """How the body decides, topic by topic; where its business is visible."""
    return _rules(get_body_business_for(api_user(request), body_id))


@router.post("/bodies/{body_id}/decision-rules", response=responses({201: DecisionRuleOut}))
@api_access(COORDINATOR)
def create_decision_rule(
    request: HttpRequest, body_id: int, payload: DecisionRuleIn, response: HttpResponse
) -> Status:
    """Set the body's rule for a topic; what is wrong with the steps comes back under
    `steps`."""
    user = api_user(request)
    body = get_body_business_for(user, body_id)
    data, steps = _rule_data(payload)
    rule = services.save_rule(user, body, data, steps, request=request)
    set_location(response, "list_decision_rules", body_id=body.pk)
    return Status(201, _rules(body).get(pk=rule.pk))


@router.put("/decision-rules/{rule_id}", response=responses({200: DecisionRuleOut}))
@api_access(COORDINATOR)
def update_decision_rule(
    request: HttpRequest, rule_id: int, payload: DecisionRuleIn
) -> DecisionRule:
    """Replace the rule's settings and steps. Proposals already taking positions keep the rule
    frozen when they opened."""
    user = api_user(request)
    rule = selectors.get_rule_for(user, rule_id)
    data, steps = _rule_data(payload)
    services.save_rule(user, rule.body, data, steps, rule=rule, request=request)
    return _rules(rule.body).get(pk=rule.pk)


@router.delete("/decision-rules/{rule_id}", response=responses({204: None}))
@api_access(COORDINATOR)
def delete_decision_rule(request: HttpRequest, rule_id: int) -> Status:
    user = api_user(request)
    services.delete_rule(user, selectors.get_rule_for(user, rule_id), request=request)
    return Status(204, None)
