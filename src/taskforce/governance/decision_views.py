"""Proposals, positions, the decision register and the bodies' decision rules: parse, call a
decision service or selector, render.

Everyone signed in reaches the reading pages; the selectors narrow what each person sees (a
proposal or rule of a closed body, or of a body a visitor does not sit on, answers 404). The
services decide who may act: a refusal of a visible proposal is the 403 page with the reason, and
a change the service will not make comes back on the form (status 400) or, for a one-button
action, as a message on the proposal's page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    ValidationError,
)
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.core.access import COORDINATOR, MEMBER, SIGNED_IN, access
from taskforce.core.forms import form_page, submit
from taskforce.core.http import posted, report_refusal
from taskforce.core.pdf import render_pdf
from taskforce.governance import decision_selectors as selectors
from taskforce.governance import decision_services as services
from taskforce.governance import selectors as body_selectors
from taskforce.governance import tally
from taskforce.governance.decision_forms import (
    PRESETS,
    AmendmentForm,
    CloseForm,
    CommentForm,
    PositionForm,
    ProposalForm,
    RecusalForm,
    ReviewForm,
    RuleForm,
    WithdrawForm,
)
from taskforce.governance.decision_models import (
    Amendment,
    AmendmentStatus,
    ChoiceKind,
    DecisionMethod,
    DecisionTopic,
    Outcome,
    Proposal,
    ProposalStatus,
    position_label,
)
from taskforce.governance.decision_permissions import (
    can_discuss,
    can_edit_proposal,
    can_manage_rules,
    can_steer,
)
from taskforce.governance.meeting_source import upcoming_meetings, visible_meeting, visible_meetings
from taskforce.governance.models import Body

REGISTER_PAGE_SIZE = 25
# A printed register longer than this is unreadable; the page asks for narrower filters.
PDF_ROW_LIMIT = 500


def _proposal_url(proposal: Proposal | int, anchor: str = "") -> str:
    pk = proposal if isinstance(proposal, int) else proposal.pk
    url = reverse("decisions:proposal", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _rules_url(body: Body | int) -> str:
    return reverse(
        "decisions:body-rules", kwargs={"pk": body if isinstance(body, int) else body.pk}
    )


def _with_status(response: HttpResponse, form: forms.BaseForm) -> HttpResponse:
    """Input sent back with errors answers 400, so clients and tests can tell it was refused."""
    if form.is_bound and form.errors:
        response.status_code = 400
    return response


# --- Proposals -----------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    chosen = request.GET.get("body", "")
    body_options = list(selectors.bodies_with_decisions(user))
    selected = next((body for body in body_options if str(body.pk) == chosen), None)
    rows = (
        selectors.proposals_visible_to(user)
        .filter(status__in=[ProposalStatus.OPEN, ProposalStatus.DRAFT])
        .annotate(position_count=Count("positions"))
        .order_by("deadline", "pk")
    )
    if selected is not None:
        rows = rows.filter(body=selected)
    proposals = list(rows)
    proposable = selectors.proposable_bodies(user)
    return render(
        request,
        "governance/decisions/proposal_list.html",
        {
            "open_proposals": [p for p in proposals if p.status == ProposalStatus.OPEN],
            "draft_proposals": [p for p in proposals if p.status == ProposalStatus.DRAFT],
            "body_options": body_options,
            "selected": selected,
            "can_propose_to_selected": selected is not None and selected in proposable,
            "can_propose": bool(proposable),
        },
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def proposal_add(request: HttpRequest) -> HttpResponse:
    user = request.user
    bodies = selectors.proposable_bodies(user)
    if not bodies:
        messages.info(
            request,
            "Proposals are made by a body's members and by those who run its meetings. You hold "
            "no seat on an active body that you could propose to.",
        )
        return redirect("decisions:proposals")
    source = request.POST if request.method == "POST" else request.GET
    body = next((b for b in bodies if str(b.pk) == source.get("body", "")), None)
    form = ProposalForm(
        posted(request),
        bodies=bodies,
        meetings=upcoming_meetings(user, [body.pk for body in bodies]),
        initial={"body": body.pk} if body is not None else {},
    )
    if request.method == "POST":
        proposal = submit(
            form,
            lambda data: services.create_proposal(
                user,
                data["body"],
                form.proposal_data(),
                options=form.option_labels(),
                request=request,
            ),
        )
        if proposal is not None:
            messages.success(
                request,
                f"Proposal {proposal.reference} is in discussion. Positions open when those who "
                f"run {proposal.body} open them.",
            )
            return redirect(_proposal_url(proposal))
    definitions: list[tuple[str, str]] = []
    intro = (
        "The proposal starts in discussion: members comment and offer amendments, then those "
        "who run the body open it for positions. Choose a meeting, or give a deadline. "
        "Each body's decision rules are listed on its page."
    )
    if body is not None:
        rules = list(selectors.rules_of(body))
        definitions = [
            (f"Rule for {rule.topic_label.lower()}", selectors.describe(rule)) for rule in rules
        ]
        if not rules:
            intro += f" {body} has no decision rules yet; a coordinator sets them first."
    return _with_status(
        form_page(
            request,
            form,
            f"Propose to {body}" if body is not None else "Make a proposal",
            reverse("decisions:proposals"),
            submit_label="Put the proposal forward",
            intro=intro,
            definitions=definitions,
        ),
        form,
    )


def _position_form(proposal: Proposal, data: Any = None, initial: Any = None) -> PositionForm:
    choices = selectors.value_choices(proposal, selectors.rule_in_force(proposal))
    return PositionForm(data, prefix="position", choices=choices, initial=initial)


def _close_form(proposal: Proposal, data: Any = None) -> CloseForm:
    rule = selectors.rule_in_force(proposal)
    advice = rule is not None and rule.steps[0].method == tally.ADVICE
    return CloseForm(data, prefix="close", advice=advice)


def _proposal_page(
    request: HttpRequest, proposal: Proposal, *, status: int = 200, **bound: forms.BaseForm
) -> HttpResponse:
    """The proposal's page; `bound` replaces the empty forms with those sent back with errors."""
    user = request.user
    rule = selectors.rule_in_force(proposal)
    options = selectors.options_of(proposal)
    standing = selectors.my_standing(user, proposal) if proposal.is_open else None
    mine = standing.position if standing is not None else None
    result = selectors.proposal_result(proposal) if not proposal.is_draft else None
    meeting = visible_meeting(user, proposal.meeting_id)
    page_forms: dict[str, forms.BaseForm] = {
        "comment_form": CommentForm(prefix="comment"),
        "amend_form": AmendmentForm(prefix="amend", initial={"text": proposal.text}),
        "position_form": _position_form(
            proposal,
            initial={"value": mine.value, "reason": mine.reason}
            if mine is not None and not mine.recused
            else None,
        ),
        "recusal_form": RecusalForm(prefix="recusal"),
        "close_form": _close_form(proposal),
        "review_form": ReviewForm(prefix="review", initial={"review_on": proposal.review_on}),
        "withdraw_form": WithdrawForm(prefix="withdraw"),
        **bound,
    }
    amendments = (
        proposal.amendments.select_related("author", "author__organization")
        if not proposal.is_open
        else Amendment.objects.none()
    )
    return render(
        request,
        "governance/decisions/proposal_detail.html",
        {
            "proposal": proposal,
            "rule_text": tally.describe_rule(rule) if rule is not None else "",
            "options": options if proposal.choice_kind == ChoiceKind.OPTIONS else (),
            "standing": standing,
            "my_position_label": (
                position_label(mine.value, mine.recused, dict(options)) if mine is not None else ""
            ),
            "result": result,
            "explanation": result.explanation if result is not None else [],
            "positions": selectors.position_rows(proposal) if not proposal.is_draft else [],
            "comments": selectors.comments_of(proposal),
            "amendments": amendments,
            "pending_amendments": sum(
                1 for amendment in amendments if amendment.status == AmendmentStatus.PROPOSED
            ),
            "meeting_url": meeting.url if meeting else "",
            "minutes_url": meeting.minutes_url if meeting else "",
            "can_edit": can_edit_proposal(user, proposal),
            "can_steer": can_steer(user, proposal),
            "can_discuss": can_discuss(user, proposal),
            "rules_url": _rules_url(proposal.body_id),
            **page_forms,
        },
        status=status,
    )


@access(SIGNED_IN)
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _proposal_page(request, selectors.get_proposal_for(request.user, pk))


def _form_action(
    request: HttpRequest,
    proposal: Proposal,
    key: str,
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], object],
    done: str,
    anchor: str,
) -> HttpResponse:
    """Run a form's action: back to the proposal with `done`, or the page again with the errors
    (400). A refusal that concerns no field (the proposal moved on, say) is reported as a message
    on the page, where the form may no longer be shown."""
    if submit(form, action) is not None:
        messages.success(request, done)
        return redirect(_proposal_url(proposal, anchor))
    if set(form.errors) == {NON_FIELD_ERRORS}:
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()))
        return redirect(_proposal_url(proposal, anchor))
    return _proposal_page(request, proposal, status=400, **{key: form})


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = selectors.get_proposal_for(user, pk)
    if not can_edit_proposal(user, proposal):
        if request.method == "POST":
            raise PermissionDenied(services.EDITORS_ONLY)
        messages.error(request, services.EDITORS_ONLY)
        return redirect(_proposal_url(proposal))
    if not proposal.is_draft:
        messages.error(request, "Only a proposal in discussion can be edited.")
        return redirect(_proposal_url(proposal))
    labels = [label for _, label in selectors.options_of(proposal)]
    form = ProposalForm(posted(request), initial=ProposalForm.initial_for(proposal, labels))
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.update_proposal(
                user, proposal, form.proposal_data(), options=form.option_labels(), request=request
            ),
        )
        if saved is not None:
            messages.success(request, f"Saved proposal {saved.reference}.")
            return redirect(_proposal_url(saved))
    return _with_status(
        form_page(
            request,
            form,
            f"Edit {proposal.reference}: {proposal.title}",
            _proposal_url(proposal),
            submit_label="Save the proposal",
            intro=f"To {proposal.body}. The body and the meeting stay as they are; withdraw the "
            "proposal and make a new one to change them.",
        ),
        form,
    )


@access(SIGNED_IN)
@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for(request.user, pk)
    form = CommentForm(request.POST, prefix="comment")
    return _form_action(
        request,
        proposal,
        "comment_form",
        form,
        lambda data: services.add_comment(request.user, proposal, data["text"], request=request),
        "Your comment is added to the discussion.",
        "discussion",
    )


@access(SIGNED_IN)
@require_POST
def proposal_amend(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for(request.user, pk)
    form = AmendmentForm(request.POST, prefix="amend")
    return _form_action(
        request,
        proposal,
        "amend_form",
        form,
        lambda data: services.propose_amendment(
            request.user, proposal, data["text"], data["reason"], request=request
        ),
        "Your amendment is offered; the proposer or those who run the body decide on it.",
        "amendments",
    )


@access(MEMBER)
@require_POST
def amendment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = selectors.get_amendment_for(request.user, pk)
    proposal = amendment.proposal
    accept = request.POST.get("accept")
    if accept not in ("0", "1"):
        return HttpResponse("Choose accept=1 or accept=0.", status=400, content_type="text/plain")
    try:
        services.decide_amendment(request.user, amendment, accept == "1", request=request)
    except ValidationError as error:
        report_refusal(request, error)
    else:
        messages.success(
            request,
            "The amendment is accepted: the proposal now reads as amended."
            if accept == "1"
            else "The amendment is not accepted; the text stays as it was.",
        )
    return redirect(_proposal_url(proposal, "amendments"))


@access(MEMBER)
@require_POST
def proposal_open(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for(request.user, pk)
    try:
        services.open_positions(request.user, proposal, request=request)
    except ValidationError as error:
        report_refusal(request, error)
    else:
        messages.success(
            request, "Positions are open; the rule in force is fixed and the eligible are told."
        )
    return redirect(_proposal_url(proposal))


@access(MEMBER)
@require_POST
def proposal_position(request: HttpRequest, pk: int) -> HttpResponse:
    """Take or change one's position, or (with `recuse`) recuse for a conflict of interest."""
    user = request.user
    proposal = selectors.get_proposal_for(user, pk)
    if request.POST.get("recuse"):
        recusal = RecusalForm(request.POST, prefix="recusal")
        return _form_action(
            request,
            proposal,
            "recusal_form",
            recusal,
            lambda data: services.record_position(
                user, proposal, reason=data["reason"], recuse=True, request=request
            ),
            "Your recusal is recorded; you are left out of the count and the quorum.",
            "positions",
        )
    form = _position_form(proposal, request.POST)
    return _form_action(
        request,
        proposal,
        "position_form",
        form,
        lambda data: services.record_position(
            user, proposal, data["value"], data["reason"], request=request
        ),
        "Your position is recorded. You may change it until the proposal closes.",
        "positions",
    )


@access(MEMBER)
@require_POST
def proposal_close(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for(request.user, pk)
    form = _close_form(proposal, request.POST)
    return _form_action(
        request,
        proposal,
        "close_form",
        form,
        lambda data: services.close_proposal(
            request.user,
            proposal,
            rationale=data["rationale"],
            review_on=data["review_on"],
            decider_call=form.call(),
            request=request,
        ),
        "The proposal is closed and the decision is in the register.",
        "outcome",
    )


@access(MEMBER)
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for(request.user, pk)
    form = WithdrawForm(request.POST, prefix="withdraw")
    return _form_action(
        request,
        proposal,
        "withdraw_form",
        form,
        lambda data: services.withdraw_proposal(
            request.user, proposal, data["reason"], request=request
        ),
        "The proposal is withdrawn; the register keeps it with your reason.",
        "outcome",
    )


@access(MEMBER)
@require_POST
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for(request.user, pk)
    form = ReviewForm(request.POST, prefix="review")
    return _form_action(
        request,
        proposal,
        "review_form",
        form,
        lambda data: services.set_review_date(
            request.user, proposal, data["review_on"], request=request
        ),
        "The review date is saved.",
        "outcome",
    )


# --- The register --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterEntry:
    proposal: Proposal
    explanation: list[str]
    meeting_url: str
    minutes_url: str


def _register_rows(request: HttpRequest) -> tuple[selectors.RegisterFilters, QuerySet[Proposal]]:
    filters = selectors.RegisterFilters.from_query(request.GET)
    rows = selectors.register(request.user, filters)
    return filters, rows


def _entries(user: Any, proposals: Sequence[Proposal]) -> list[RegisterEntry]:
    meetings = visible_meetings(user, [proposal.meeting_id for proposal in proposals])
    entries = []
    for proposal in proposals:
        meeting = meetings.get(proposal.meeting_id) if proposal.meeting_id else None
        entries.append(
            RegisterEntry(
                proposal=proposal,
                explanation=proposal.explanation.splitlines(),
                meeting_url=meeting.url if meeting else "",
                minutes_url=meeting.minutes_url if meeting else "",
            )
        )
    return entries


def _filter_summary(filters: selectors.RegisterFilters, bodies: QuerySet[Body]) -> list[str]:
    """The filters in words, for the printed register."""
    parts = []
    if filters.body:
        body = bodies.filter(pk=filters.body).first()
        parts.append(f"Body: {body.name if body else 'none'}")
    if filters.topic:
        parts.append(f"Topic: {DecisionTopic(filters.topic).label}")
    if filters.outcome:
        parts.append(f"Outcome: {Outcome(filters.outcome).label}")
    if filters.method:
        parts.append(f"Decided by: {DecisionMethod(filters.method).label}")
    if filters.year:
        parts.append(f"Year: {filters.year}")
    if filters.q:
        parts.append(f"Text: “{filters.q}”")
    if filters.review_due:
        parts.append("Due for review")
    return parts


@access(SIGNED_IN)
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    filters, rows = _register_rows(request)
    page = Paginator(rows, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/decisions/register.html",
        {
            "filters": filters,
            "page": page,
            "entries": _entries(request.user, list(page)),
            "body_options": selectors.bodies_with_decisions(request.user),
            "topics": DecisionTopic.choices,
            "outcomes": Outcome.choices,
            "methods": DecisionMethod.choices,
            "years": selectors.register_years(request.user),
            "query": urlencode(filters.to_query()),
            "review_days": selectors.REVIEW_NOTICE_DAYS,
        },
    )


def _export_name(extension: str) -> str:
    return f"decision-register-{timezone.localdate():%Y-%m-%d}.{extension}"


@access(SIGNED_IN)
@require_GET
def register_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, rows = _register_rows(request)
    response = StreamingHttpResponse(
        selectors.register_csv_lines(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


@access(SIGNED_IN)
@require_GET
def register_pdf(request: HttpRequest) -> HttpResponse:
    filters, rows = _register_rows(request)
    total = rows.count()
    html = render_to_string(
        "governance/decisions/register_pdf.html",
        {
            "entries": _entries(request.user, list(rows[:PDF_ROW_LIMIT])),
            "total": total,
            "limit": PDF_ROW_LIMIT,
            "filters": _filter_summary(filters, selectors.bodies_with_decisions(request.user)),
            "printed_on": timezone.localdate(),
        },
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_export_name("pdf")}"'
    return response


# --- Decision rules ------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_GET
def body_rules(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_selectors.get_body_business_for(request.user, pk)
    rules = list(selectors.rules_of(body))
    covered = {rule.topic for rule in rules}
    return render(
        request,
        "governance/decisions/body_rules.html",
        {
            "body": body,
            "rules": [(rule, selectors.describe(rule)) for rule in rules],
            "has_default": "" in covered,
            "uncovered": [label for value, label in DecisionTopic.choices if value not in covered],
            "can_manage": can_manage_rules(request.user),
            "presets": PRESETS,
        },
    )


def _rule_page(
    request: HttpRequest, form: RuleForm, body: Body, title: str, *, presets: bool
) -> HttpResponse:
    return _with_status(
        render(
            request,
            "governance/decisions/rule_form.html",
            {
                "form": form,
                "body": body,
                "title": title,
                "presets": PRESETS if presets else {},
                "cancel_url": _rules_url(body),
            },
        ),
        form,
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def rule_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_selectors.get_body_business_for(request.user, pk)
    form = RuleForm(
        posted(request), initial=RuleForm.initial_for_preset(request.GET.get("preset", ""))
    )
    if request.method == "POST":
        rule = submit(
            form,
            lambda data: services.save_rule(
                request.user, body, form.rule_data(), form.steps, request=request
            ),
        )
        if rule is not None:
            messages.success(request, f"{body} now decides {rule.topic_label.lower()} by its rule.")
            return redirect(_rules_url(body))
    return _rule_page(request, form, body, f"Add a decision rule to {body}", presets=True)


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = selectors.get_rule_for(request.user, pk)
    form = RuleForm(posted(request), initial=RuleForm.initial_for(rule))
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.save_rule(
                request.user, rule.body, form.rule_data(), form.steps, rule=rule, request=request
            ),
        )
        if saved is not None:
            messages.success(
                request,
                f"Saved the rule. Proposals already taking positions keep the rule they opened "
                f"under; {saved.topic_label.lower()} is decided by the new rule from now on.",
            )
            return redirect(_rules_url(rule.body))
    return _rule_page(
        request, form, rule.body, f"Edit {rule.body}'s rule: {rule.topic_label}", presets=False
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = selectors.get_rule_for(request.user, pk)
    if request.method == "POST":
        services.delete_rule(request.user, rule, request=request)
        messages.success(request, f"Removed the rule for {rule.topic_label.lower()}.")
        return redirect(_rules_url(rule.body))
    return render(
        request,
        "governance/decisions/rule_delete.html",
        {
            "rule": rule,
            "description": selectors.describe(rule),
            "cancel_url": _rules_url(rule.body),
        },
    )
