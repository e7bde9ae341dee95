"""Every change to decision rules, proposals, positions and the decision register.

Each function takes the acting user first (None for the system, as the daily command acts),
checks who may act (`governance.decision_permissions`), validates, changes the data and records
the audit event in one transaction. Invalid input raises `ValidationError` with field errors.

A proposal's life: in discussion (comments, amendments, edits by the proposer) → taking positions
(the rule in force is frozen; positions change until the close) → decided (the ballot, the result
and its explanation are frozen; it enters the register) or withdrawn at any point before.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from taskforce.core import audit
from taskforce.core.services_support import assign_fields, created_changes, snapshot
from taskforce.directory.permissions import person_of
from taskforce.governance import decision_mail, tally
from taskforce.governance import decision_selectors as selectors
from taskforce.governance.decision_models import (
    Amendment,
    AmendmentStatus,
    ChoiceKind,
    CountBase,
    DecisionRule,
    DecisionStep,
    FrozenCount,
    Outcome,
    Proposal,
    ProposalComment,
    ProposalOption,
    ProposalPosition,
    ProposalStatus,
    QuorumBasis,
)
from taskforce.governance.decision_permissions import (
    can_discuss,
    can_edit_proposal,
    can_manage_rules,
    can_propose_to,
    can_steer,
)
from taskforce.governance.models import Body

RULE_FIELDS = (
    "topic",
    "quorum_percent",
    "quorum_basis",
    "vote_unit",
    "count_base",
    "expertise_tie",
    "notes",
)
PROPOSAL_FIELDS = ("topic", "area", "title", "text", "choice_kind", "meeting", "deadline")
PROPOSAL_AUDIT_FIELDS = ("body", *PROPOSAL_FIELDS)
MAX_OPTIONS = 12
REMINDER_HOURS = 48

RULE_KEEPERS_ONLY = "Only coordinators keep the bodies' decision rules."
STEERS_ONLY = "Only those who run this body's meetings may do this."
EDITORS_ONLY = "Only the proposer and those who run this body's meetings may do this."


# --- Decision rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepData:
    method: str
    trigger: str = ""
    threshold_numerator: int = 2
    threshold_denominator: int = 3
    expertise_weight: Decimal = Decimal(1)


def _step_errors(steps: Sequence[StepData]) -> list[str]:
    """What is wrong with a chain of steps, in words a coordinator can act on."""
    if not steps:
        return ["A rule needs at least one step."]
    errors = []
    if steps[0].trigger:
        errors.append("The first step runs on every proposal; it takes no trigger.")
    for number, step in enumerate(steps, start=1):
        if step.method not in tally.METHODS:
            errors.append(f"Step {number}: choose a method.")
            continue
        if number > 1:
            if not step.trigger:
                errors.append(f"Step {number}: say what sends the count on to it.")
            if step.method in (tally.CONSENSUS, tally.LEADERSHIP, tally.ADVICE):
                errors.append(
                    f"Step {number}: {tally.METHOD_NAMES[step.method]} can only be the first step."
                )
            earlier = {s.method for s in steps[: number - 1]}
            if (
                step.trigger in (tally.BLOCKED, tally.NO_CONSENSUS)
                and tally.CONSENSUS not in earlier
            ):
                errors.append(
                    f"Step {number}: only a consensus step can be blocked or end without consensus."
                )
            if step.trigger == tally.TIE and not earlier & (
                tally.VOTE_METHODS | {tally.LEADERSHIP}
            ):
                errors.append(f"Step {number}: only a vote can end in a tie.")
        if step.method == tally.ADVICE and len(steps) > 1:
            errors.append("Advice ends with the decider's call; it takes no further steps.")
        if step.threshold_numerator >= step.threshold_denominator:
            errors.append(f"Step {number}: the fraction must be less than 1 (e.g. 2/3).")
        elif step.method == tally.SUPERMAJORITY and (
            tally.Fraction(step.threshold_numerator, step.threshold_denominator)
            <= tally.Fraction(1, 2)
        ):
            errors.append(f"Step {number}: a supermajority is more than half (e.g. 2/3).")
        if not Decimal(1) <= step.expertise_weight <= Decimal(10):
            errors.append(f"Step {number}: the weight is between 1 (none) and 10.")
        if step.expertise_weight > 1 and step.method not in tally.VOTE_METHODS | {tally.LEADERSHIP}:
            errors.append(f"Step {number}: only votes can weight the most experienced.")
    return errors


def _rule_snapshot(rule: DecisionRule) -> dict[str, Any]:
    values = snapshot(rule, RULE_FIELDS, choice_labels=True)
    values["steps"] = selectors.describe(rule) if rule.pk else ""
    return values


def save_rule(
    actor: Any,
    body: Body,
    data: Mapping[str, Any],
    steps: Sequence[StepData],
    *,
    rule: DecisionRule | None = None,
    request: HttpRequest | None = None,
) -> DecisionRule:
    """Create a body's rule for a topic (`rule` None) or replace an existing rule's settings and
    steps. Proposals already taking positions keep the rule frozen when they opened."""
    if not can_manage_rules(actor):
        raise PermissionDenied(RULE_KEEPERS_ONLY)
    errors: dict[str, list[str]] = {}
    step_errors = _step_errors(steps)
    if step_errors:
        errors["steps"] = step_errors
    with transaction.atomic():
        if rule is not None:
            rule = DecisionRule.objects.select_for_update().get(pk=rule.pk, body=body)
            before = _rule_snapshot(rule)
        else:
            rule, before = DecisionRule(body=body), {}
        assign_fields(rule, data, RULE_FIELDS, strip=True)
        clash = DecisionRule.objects.filter(body=body, topic=rule.topic).exclude(pk=rule.pk)
        if clash.exists():
            errors.setdefault("topic", []).append(
                f"{body} already has a rule for {rule.topic_label.lower()}; change that one."
            )
        if rule.quorum_percent is None and rule.quorum_basis == QuorumBasis.PRESENT:
            rule.quorum_basis = QuorumBasis.PARTICIPATING
        try:
            rule.full_clean(validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        rule.save()
        rule.steps.all().delete()
        DecisionStep.objects.bulk_create(
            DecisionStep(
                rule=rule,
                order=number,
                method=step.method,
                trigger=step.trigger if number > 1 else "",
                threshold_numerator=step.threshold_numerator,
                threshold_denominator=step.threshold_denominator,
                expertise_weight=step.expertise_weight,
            )
            for number, step in enumerate(steps, start=1)
        )
        after = _rule_snapshot(rule)
        changes = audit.diff(before, after)
        if changes:
            audit.record(
                actor,
                "governance.decision_rule.created"
                if not before
                else "governance.decision_rule.updated",
                rule,
                changes=changes,
                request=request,
                target_label=str(rule),
            )
    return rule


def delete_rule(actor: Any, rule: DecisionRule, *, request: HttpRequest | None = None) -> None:
    if not can_manage_rules(actor):
        raise PermissionDenied(RULE_KEEPERS_ONLY)
    with transaction.atomic():
        rule = DecisionRule.objects.select_for_update().select_related("body").get(pk=rule.pk)
        audit.record(
            actor,
            "governance.decision_rule.deleted",
            rule,
            changes=audit.diff(_rule_snapshot(rule), {}),
            request=request,
            target_label=str(rule),
        )
        rule.delete()


# --- Proposals -----------------------------------------------------------------------------------


def _next_reference(year: int) -> str:
    prefix = f"D-{year}-"
    last = (
        Proposal.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:03d}"


def _clean_options(choice_kind: str, options: Sequence[str]) -> list[str]:
    labels = [label.strip() for label in options if label and label.strip()]
    if choice_kind != ChoiceKind.OPTIONS:
        return []
    if len(labels) < 2:
        raise ValidationError({"options": "Give at least two options to choose from."})
    if len(labels) > MAX_OPTIONS:
        raise ValidationError({"options": f"Give at most {MAX_OPTIONS} options."})
    if len({label.casefold() for label in labels}) != len(labels):
        raise ValidationError({"options": "Each option must be different."})
    if any(len(label) > 200 for label in labels):
        raise ValidationError({"options": "Keep each option under 200 characters."})
    return labels


def _with_meeting(data: Mapping[str, Any], body: Body) -> Mapping[str, Any]:
    """The data with its meeting as a row, when it was given by id (forms and the API choose
    among the meetings the meetings app offers; governance reads the row through the relation)."""
    value = data.get("meeting")
    if value is None or not isinstance(value, int):
        return data
    meeting_model = cast(type[models.Model], Proposal._meta.get_field("meeting").related_model)
    meeting = meeting_model._default_manager.filter(pk=value, body=body).first()
    if meeting is None:
        raise ValidationError({"meeting": f"Choose a meeting of {body}."})
    return {**data, "meeting": meeting}


def _proposal_errors(proposal: Proposal) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    meeting = proposal.meeting
    now = timezone.now()
    if meeting is not None:
        if meeting.body_id != proposal.body_id:
            errors["meeting"] = [f"Choose a meeting of {proposal.body}."]
        elif meeting.is_cancelled:
            errors["meeting"] = ["That meeting was cancelled."]
        elif meeting.ends_at <= now and proposal.is_draft:
            errors["meeting"] = ["That meeting is over; choose a later one."]
    elif proposal.deadline is None:
        errors["deadline"] = ["Give a deadline for positions, or choose the meeting that decides."]
    if proposal.deadline is not None and proposal.deadline <= now and proposal.is_draft:
        errors.setdefault("deadline", []).append("The deadline must be in the future.")
    rule = selectors.rule_for(proposal.body, proposal.topic) if proposal.topic else None
    if proposal.topic and rule is None:
        errors["topic"] = [
            f"{proposal.body} has no decision rule for {proposal.get_topic_display().lower()}. "
            "A coordinator sets one on the body's decision rules page."
        ]
    elif rule is not None:
        spec = selectors.rule_spec(rule)
        if proposal.choice_kind == ChoiceKind.OPTIONS and spec.steps[0].method == tally.CONSENSUS:
            errors["choice_kind"] = [
                "Consensus decides one proposal at a time; several options need a rule that "
                "starts with a vote."
            ]
        if any(step.method == tally.LEADERSHIP for step in spec.steps) and not (
            selectors.leading_organization_ids()
        ):
            errors.setdefault("topic", []).append(
                f"{proposal.body}'s rule for this topic lets only the leading organizations "
                "decide, and the charter names none. A coordinator names them on the charter "
                "(centralized leadership), or changes the rule."
            )
        needs_meeting = (
            spec.quorum_percent and spec.quorum_basis == QuorumBasis.PRESENT
        ) or spec.count_base == CountBase.PRESENT
        if needs_meeting and meeting is None:
            errors.setdefault("meeting", []).append(
                "This body's rule counts those present at the meeting: choose the meeting that "
                "decides."
            )
    return errors


def _validate_proposal(proposal: Proposal, errors: dict[str, list[str]] | None = None) -> None:
    errors = dict(errors or {})
    try:
        proposal.full_clean(exclude=["reference", "proposed_by"], validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    for field, messages in _proposal_errors(proposal).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _replace_options(proposal: Proposal, labels: Sequence[str]) -> None:
    ProposalOption.objects.filter(proposal=proposal).delete()
    ProposalOption.objects.bulk_create(
        ProposalOption(proposal=proposal, key=f"o{number}", label=label, order=number)
        for number, label in enumerate(labels, start=1)
    )


def create_proposal(
    actor: Any,
    body: Body,
    data: Mapping[str, Any],
    *,
    options: Sequence[str] = (),
    request: HttpRequest | None = None,
) -> Proposal:
    """Put a proposal to a body, in discussion. `data` holds PROPOSAL_FIELDS; `options` the
    labels when members choose between several options."""
    if not can_propose_to(actor, body):
        raise PermissionDenied(f"Only members of {body} and those who run it propose to it.")
    person = person_of(actor)
    if person is None:
        raise PermissionDenied("Your account has no directory entry to propose as.")
    proposal = Proposal(body=body, proposed_by=person)
    assign_fields(proposal, _with_meeting(data, body), PROPOSAL_FIELDS, strip=True)
    errors: dict[str, list[str]] = {}
    try:
        labels = _clean_options(proposal.choice_kind, options)
    except ValidationError as error:
        errors.update(error.message_dict)
        labels = []
    _validate_proposal(proposal, errors)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                proposal.reference = _next_reference(timezone.localdate().year)
                proposal.save()
                _replace_options(proposal, labels)
                _record(
                    actor,
                    "governance.proposal.created",
                    proposal,
                    {
                        **created_changes(proposal, PROPOSAL_AUDIT_FIELDS, choice_labels=True),
                        **({"options": {"from": None, "to": labels}} if labels else {}),
                    },
                    request=request,
                )
            return proposal
        except IntegrityError:
            # Two proposals took the same reference at once; the next attempt takes the next.
            proposal.pk = None
            continue
    raise ValidationError("The proposal could not be numbered; please try again.")


def _record(
    actor: Any,
    action: str,
    proposal: Proposal,
    changes: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> None:
    """The audit event of a change to a proposal, its amendments or its positions."""
    audit.record(
        actor, action, proposal, changes=changes, request=request, target_label=str(proposal)
    )


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("body", "meeting", "area")
        .get(pk=proposal.pk)
    )


def _require_status(proposal: Proposal, *statuses: str, doing: str) -> None:
    if proposal.status not in statuses:
        raise ValidationError(
            f"This proposal is {proposal.get_status_display().lower()}; it can no longer {doing}."
        )


def update_proposal(
    actor: Any,
    proposal: Proposal,
    data: Mapping[str, Any],
    *,
    options: Sequence[str] | None = None,
    request: HttpRequest | None = None,
) -> Proposal:
    """Change a proposal still in discussion (its proposer, or those who run the body)."""
    if not can_edit_proposal(actor, proposal):
        raise PermissionDenied(EDITORS_ONLY)
    allowed = tuple(name for name in PROPOSAL_FIELDS if name != "meeting")
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_status(proposal, ProposalStatus.DRAFT, doing="be edited")
        before = snapshot(proposal, PROPOSAL_AUDIT_FIELDS, choice_labels=True)
        before_options = [label for _, label in selectors.options_of(proposal)]
        assign_fields(
            proposal, {k: v for k, v in data.items() if k in allowed}, allowed, strip=True
        )
        errors: dict[str, list[str]] = {}
        labels = before_options if options is None else []
        if options is not None:
            try:
                labels = _clean_options(proposal.choice_kind, options)
            except ValidationError as error:
                errors.update(error.message_dict)
        _validate_proposal(proposal, errors)
        proposal.save()
        if options is not None or proposal.choice_kind != ChoiceKind.OPTIONS:
            _replace_options(proposal, labels)
        changes = audit.diff(before, snapshot(proposal, PROPOSAL_AUDIT_FIELDS, choice_labels=True))
        after_options = [label for _, label in selectors.options_of(proposal)]
        if after_options != before_options:
            changes["options"] = {"from": before_options, "to": after_options}
        if changes:
            _record(actor, "governance.proposal.updated", proposal, changes, request=request)
    return proposal


def add_comment(
    actor: Any, proposal: Proposal, text: str, *, request: HttpRequest | None = None
) -> ProposalComment:
    if not can_discuss(actor, proposal):
        raise PermissionDenied(f"Only those seated on {proposal.body} discuss its proposals.")
    person = person_of(actor)
    if person is None:
        raise PermissionDenied("Your account has no directory entry to write as.")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write something to add to the discussion."})
    if len(text) > 4000:
        raise ValidationError({"text": "Keep a comment under 4,000 characters."})
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_status(proposal, ProposalStatus.DRAFT, ProposalStatus.OPEN, doing="take comments")
        comment = ProposalComment.objects.create(proposal=proposal, author=person, text=text)
        _record(
            actor,
            "governance.proposal.commented",
            proposal,
            {"comment": {"from": None, "to": text}},
            request=request,
        )
    return comment


def propose_amendment(
    actor: Any,
    proposal: Proposal,
    text: str,
    reason: str,
    *,
    request: HttpRequest | None = None,
) -> Amendment:
    """Offer a new text for the proposal; only before positions open."""
    if not can_discuss(actor, proposal):
        raise PermissionDenied(f"Only those seated on {proposal.body} amend its proposals.")
    person = person_of(actor)
    if person is None:
        raise PermissionDenied("Your account has no directory entry to write as.")
    text, reason = (text or "").strip(), (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = ["Write the proposal as it would read with your amendment."]
    elif text == proposal.text.strip():
        errors["text"] = ["This is the proposal's current text; change what you would amend."]
    if not reason:
        errors["reason"] = ["Say why, so the proposer and the body can weigh it."]
    elif len(reason) > 500:
        errors["reason"] = ["Keep the reason under 500 characters."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_status(proposal, ProposalStatus.DRAFT, doing="be amended")
        amendment = Amendment.objects.create(
            proposal=proposal, author=person, text=text, reason=reason
        )
        _record(
            actor,
            "governance.amendment.proposed",
            proposal,
            {
                "amendment": {"from": None, "to": text},
                "reason": {"from": None, "to": reason},
            },
            request=request,
        )
    return amendment


def decide_amendment(
    actor: Any, amendment: Amendment, accept: bool, *, request: HttpRequest | None = None
) -> Amendment:
    """Accept an amendment (its text becomes the proposal's) or decline it."""
    proposal = amendment.proposal
    if not can_edit_proposal(actor, proposal):
        raise PermissionDenied(EDITORS_ONLY)
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_status(proposal, ProposalStatus.DRAFT, doing="be amended")
        amendment = Amendment.objects.select_for_update().get(pk=amendment.pk, proposal=proposal)
        if amendment.status != AmendmentStatus.PROPOSED:
            raise ValidationError(
                f"This amendment was already {amendment.get_status_display().lower()}."
            )
        amendment.status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.REJECTED
        amendment.decided_by = actor
        amendment.decided_at = timezone.now()
        changes: dict[str, Any] = {
            "amendment": {"from": "Proposed", "to": amendment.get_status_display()}
        }
        if accept:
            amendment.replaced_text = proposal.text
            changes["text"] = {"from": proposal.text, "to": amendment.text}
            proposal.text = amendment.text
            proposal.save(update_fields=["text", "updated_at"])
        amendment.save()
        _record(
            actor,
            "governance.amendment.accepted" if accept else "governance.amendment.rejected",
            proposal,
            changes,
            request=request,
        )
    return amendment


def open_positions(
    actor: Any, proposal: Proposal, *, request: HttpRequest | None = None
) -> Proposal:
    """Start taking positions: the rule in force is frozen and the eligible are told."""
    if not can_steer(actor, proposal):
        raise PermissionDenied(STEERS_ONLY)
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_status(proposal, ProposalStatus.DRAFT, doing="be opened")
        pending = proposal.amendments.filter(status=AmendmentStatus.PROPOSED).count()
        if pending:
            raise ValidationError(
                f"Decide the {tally.plural(pending, 'open amendment')} first: positions are "
                "taken on the final text."
            )
        _validate_proposal(proposal)
        rule = selectors.rule_for(proposal.body, proposal.topic)
        if rule is None:  # _validate_proposal has refused this already; kept for type narrowing
            raise ValidationError({"topic": "No decision rule applies."})
        spec = selectors.rule_spec(rule)
        proposal.rule_in_force = spec.to_json()
        proposal.rule_method = spec.steps[0].method
        proposal.status = ProposalStatus.OPEN
        proposal.opened_at = timezone.now()
        proposal.opened_by = actor
        proposal.save()
        _record(
            actor,
            "governance.proposal.opened",
            proposal,
            {
                "status": {"from": "In discussion", "to": "Taking positions"},
                "rule": {"from": None, "to": tally.describe_rule(spec)},
            },
            request=request,
        )
        eligible = [p.person_id for p in selectors.participants(proposal, spec) if p.eligible]
        decision_mail.send_on_commit(actor, proposal, "opened", eligible, request=request)
    return proposal


def _check_value(proposal: Proposal, spec: tally.RuleSpec, value: str, reason: str) -> None:
    allowed = dict(selectors.value_choices(proposal, spec))
    if value not in allowed:
        raise ValidationError({"value": "Choose one of the positions offered."})
    if value == tally.BLOCK and not reason:
        raise ValidationError(
            {"reason": "A block stops the proposal: say why, so the body can answer it."}
        )


def record_position(
    actor: Any,
    proposal: Proposal,
    value: str = "",
    reason: str = "",
    *,
    recuse: bool = False,
    request: HttpRequest | None = None,
) -> ProposalPosition:
    """Take or change one's position, or recuse (with the conflict of interest as the reason).

    One row per person: the proposal's row lock orders concurrent submissions, and the position's
    sequence number says which came last."""
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ValidationError({"reason": "Keep the reason under 2,000 characters."})
    if recuse and not reason:
        raise ValidationError({"reason": "Say what the conflict of interest is."})
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_status(proposal, ProposalStatus.OPEN, doing="take positions")
        if proposal.deadline is not None and timezone.now() >= proposal.deadline:
            raise ValidationError("The deadline for positions has passed.")
        standing = selectors.my_standing(actor, proposal)
        if not standing.may_take_position or standing.person is None:
            raise PermissionDenied("You may not take a position: " + "; ".join(standing.reasons))
        spec = tally.RuleSpec.from_json(proposal.rule_in_force or {})
        value = "" if recuse else (value or "").strip()
        if not recuse:
            _check_value(proposal, spec, value, reason)
        proposal.positions_recorded += 1
        proposal.save(update_fields=["positions_recorded"])
        position, created = ProposalPosition.objects.get_or_create(
            proposal=proposal, person=standing.person, defaults={"sequence": 0}
        )
        before = {} if created else _position_snapshot(position)
        position.value = value
        position.reason = reason
        position.recused = recuse
        position.sequence = proposal.positions_recorded
        position.save()
        _record(
            actor,
            "governance.position.recused" if recuse else "governance.position.recorded",
            proposal,
            audit.diff(before, _position_snapshot(position)),
            request=request,
        )
    return position


def _position_snapshot(position: ProposalPosition) -> dict[str, Any]:
    return {"position": position.value_label, "reason": position.reason}


def _freeze(proposal: Proposal, spec: tally.RuleSpec) -> tally.Result:
    ballot = selectors.build_ballot(proposal, spec)
    result = tally.tally(spec, ballot)
    FrozenCount.objects.create(proposal=proposal, ballot=ballot.to_json(), result=result.to_json())
    proposal.explanation = "\n".join(result.explanation)
    proposal.outcome = result.outcome or ""
    proposal.chosen_option = (
        dict(ballot.options).get(result.chosen_option, "")
        if result.chosen_option and proposal.choice_kind == ChoiceKind.OPTIONS
        else ""
    )
    return result


def close_proposal(
    actor: Any,
    proposal: Proposal,
    *,
    rationale: str = "",
    review_on: datetime.date | None = None,
    decider_call: str = "",
    request: HttpRequest | None = None,
) -> Proposal:
    """Close positions and decide: the ballot, result and explanation are frozen for good.

    `actor` None is the system closing a proposal whose deadline has passed."""
    if actor is not None and not can_steer(actor, proposal):
        raise PermissionDenied(STEERS_ONLY)
    rationale = (rationale or "").strip()
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_status(proposal, ProposalStatus.OPEN, doing="be closed")
        spec = tally.RuleSpec.from_json(proposal.rule_in_force or {})
        is_advice = spec.steps[0].method == tally.ADVICE
        if is_advice and decider_call not in (tally.PASSED, tally.FAILED):
            if actor is None:
                return proposal  # the decider's call cannot come from the system
            raise ValidationError(
                {
                    "decider_call": "Under the advice rule the decider records the call: "
                    "passed or failed."
                }
            )
        if not is_advice and decider_call:
            raise ValidationError({"decider_call": "Only the advice rule takes a decider's call."})
        if review_on is not None and review_on <= timezone.localdate():
            raise ValidationError({"review_on": "A review date is in the future."})
        proposal.decider_call = decider_call
        result = _freeze(proposal, spec)
        proposal.status = ProposalStatus.DECIDED
        proposal.closed_at = timezone.now()
        proposal.closed_by = actor
        proposal.decided_on = timezone.localdate()
        proposal.rationale = rationale
        proposal.review_on = review_on
        proposal.save()
        _record(
            actor,
            "governance.proposal.decided",
            proposal,
            {
                "status": {"from": "Taking positions", "to": "Decided"},
                "outcome": {"from": None, "to": result.outcome_label},
                "explanation": {"from": None, "to": proposal.explanation},
                **({"rationale": {"from": None, "to": rationale}} if rationale else {}),
            },
            request=request,
        )
        decision_mail.send_on_commit(
            actor,
            proposal,
            "outcome",
            selectors.member_ids(proposal.body),
            request=request,
            context={"result": result},
        )
    return proposal


def withdraw_proposal(
    actor: Any, proposal: Proposal, reason: str, *, request: HttpRequest | None = None
) -> Proposal:
    if not can_edit_proposal(actor, proposal):
        raise PermissionDenied(EDITORS_ONLY)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the proposal is withdrawn; the register keeps it."}
        )
    if len(reason) > 500:
        raise ValidationError({"reason": "Keep the reason under 500 characters."})
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_status(proposal, ProposalStatus.DRAFT, ProposalStatus.OPEN, doing="be withdrawn")
        before = proposal.get_status_display()
        proposal.status = ProposalStatus.WITHDRAWN
        spec = selectors.rule_in_force(proposal)
        if spec is not None:
            proposal.rule_in_force = proposal.rule_in_force or spec.to_json()
            proposal.rule_method = proposal.rule_method or spec.steps[0].method
            _freeze(proposal, spec)
        proposal.outcome = Outcome.WITHDRAWN
        proposal.withdrawn_reason = reason
        proposal.closed_at = timezone.now()
        proposal.closed_by = actor
        proposal.decided_on = timezone.localdate()
        proposal.save()
        _record(
            actor,
            "governance.proposal.withdrawn",
            proposal,
            {
                "status": {"from": before, "to": "Withdrawn"},
                "reason": {"from": None, "to": reason},
            },
            request=request,
        )
    return proposal


def set_review_date(
    actor: Any,
    proposal: Proposal,
    review_on: datetime.date | None,
    *,
    request: HttpRequest | None = None,
) -> Proposal:
    """When the body should look at a decision again (None: no review planned)."""
    if not can_steer(actor, proposal):
        raise PermissionDenied(STEERS_ONLY)
    if review_on is not None and review_on <= timezone.localdate():
        raise ValidationError({"review_on": "A review date is in the future."})
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_status(proposal, ProposalStatus.DECIDED, doing="take a review date")
        if proposal.review_on == review_on:
            return proposal
        before = proposal.review_on
        proposal.review_on = review_on
        proposal.review_reminded_on = None
        proposal.save(update_fields=["review_on", "review_reminded_on", "updated_at"])
        _record(
            actor,
            "governance.proposal.review_set",
            proposal,
            audit.diff({"review_on": before}, {"review_on": review_on}),
            request=request,
        )
    return proposal


# --- The daily duties ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyReport:
    closed: list[Proposal]
    awaiting_call: list[Proposal]
    reminded: list[Proposal]
    reviews: list[Proposal]


def run_daily_duties(now: datetime.datetime | None = None) -> DailyReport:
    """Close proposals whose deadline has passed, remind those who have not taken a position
    when a deadline is within two days, and remind officers of decisions due for review.
    `taskforce decision-duties` runs this daily; more often is harmless, as each reminder goes
    once."""
    moment = now or timezone.now()
    closed: list[Proposal] = []
    awaiting: list[Proposal] = []
    for proposal in Proposal.objects.filter(status=ProposalStatus.OPEN, deadline__lte=moment):
        decided = close_proposal(None, proposal)
        (closed if decided.status == ProposalStatus.DECIDED else awaiting).append(decided)
    reminded = []
    due_soon = Proposal.objects.filter(
        status=ProposalStatus.OPEN,
        deadline__gt=moment,
        deadline__lte=moment + datetime.timedelta(hours=REMINDER_HOURS),
        deadline_reminded_at__isnull=True,
    ).select_related("body")
    for proposal in due_soon:
        with transaction.atomic():
            proposal = _locked(proposal)
            if proposal.deadline_reminded_at is not None:
                continue
            spec = tally.RuleSpec.from_json(proposal.rule_in_force or {})
            taken = set(proposal.positions.values_list("person_id", flat=True))
            waiting = [
                p.person_id
                for p in selectors.participants(proposal, spec)
                if p.eligible and p.person_id not in taken
            ]
            proposal.deadline_reminded_at = moment
            proposal.save(update_fields=["deadline_reminded_at"])
            _record(
                None,
                "governance.proposal.deadline_reminded",
                proposal,
                {"reminded": {"from": None, "to": len(waiting)}},
            )
            decision_mail.send_on_commit(None, proposal, "reminder", waiting)
        reminded.append(proposal)
    reviews = []
    today = timezone.localdate(moment)
    for proposal in Proposal.objects.filter(
        status=ProposalStatus.DECIDED,
        review_on__lte=today + datetime.timedelta(days=selectors.REVIEW_NOTICE_DAYS),
        review_reminded_on__isnull=True,
    ).select_related("body"):
        with transaction.atomic():
            proposal = _locked(proposal)
            if proposal.review_reminded_on is not None:
                continue
            proposal.review_reminded_on = today
            proposal.save(update_fields=["review_reminded_on"])
            _record(
                None,
                "governance.proposal.review_reminded",
                proposal,
                {"review_on": {"from": None, "to": proposal.review_on}},
            )
            decision_mail.send_on_commit(
                None, proposal, "review", selectors.officer_ids(proposal.body, today)
            )
        reviews.append(proposal)
    return DailyReport(closed, awaiting, reminded, reviews)
