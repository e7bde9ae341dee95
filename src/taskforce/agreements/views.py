"""The facilitator's pages for agreements, and the agreement page everyone who may read it shares:
parse, call a service or selector, render.

Pages are for members; the selectors answer 404 for an agreement, version, party or piece of text
the user may not read or act on (see `agreements.permissions`). A change the service will not make
comes back on the form (status 400) or, for a one-button action, as a message on the agreement's
page. The parties' own pages (review, sign, decline, compare) and the documents live beside these
in the same namespace.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.agreements import selectors, services, text
from taskforce.agreements.forms import (
    AgreementFilterForm,
    AgreementForm,
    CirculateForm,
    ClauseForm,
    CommitmentForm,
    HandOverForm,
    PartyForm,
    ResolutionForm,
    ReviewForm,
    SaveTemplateForm,
    SectionForm,
    StartAgreementForm,
    WithdrawalForm,
)
from taskforce.agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    ClauseResponse,
    Commitment,
    Party,
    PartyStatus,
    VersionState,
)
from taskforce.agreements.permissions import (
    can_name_party_people,
    can_read_negotiation,
    can_respond_for,
    can_sign_for,
    can_start_agreements,
    is_facilitator,
    speaks_for,
)
from taskforce.core import audit
from taskforce.core.access import COORDINATOR, MEMBER, access
from taskforce.core.forms import form_page, submit
from taskforce.core.http import posted, posted_direction, report_refusal
from taskforce.core.services_support import Direction
from taskforce.directory.models import Organization
from taskforce.directory.permissions import person_of
from taskforce.directory.selectors import member_organizations

Result = TypeVar("Result")

# A party in one of these states may still be issued the text as a letter of understanding.
LETTER_ELIGIBLE = (
    PartyStatus.INVITED,
    PartyStatus.REVIEWING,
    PartyStatus.OBJECTED,
    PartyStatus.AGREED,
    PartyStatus.DECLINED,
)


def _detail_url(agreement: Agreement | int, anchor: str = "") -> str:
    pk = agreement if isinstance(agreement, int) else agreement.pk
    url = reverse("agreements:detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _objections_url(agreement: Agreement | int) -> str:
    pk = agreement if isinstance(agreement, int) else agreement.pk
    return reverse("agreements:objections", kwargs={"pk": pk})


def _with_status(response: HttpResponse, form: forms.BaseForm) -> HttpResponse:
    """Input sent back with errors answers 400, so clients and tests can tell it was refused."""
    if form.is_bound and form.errors:
        response.status_code = 400
    return response


def _form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Result],
    *,
    saved: Callable[[Result], tuple[str, str]],
    title: str,
    cancel_url: str,
    submit_label: str,
    intro: str = "",
) -> HttpResponse:
    """One form: on a valid POST run `save`, then flash and redirect as `saved` says (message,
    address); otherwise show the form with the errors of the form or the service."""
    if request.method == "POST":
        result = submit(form, save)
        if result is not None:
            message, address = saved(result)
            messages.success(request, message)
            return redirect(address)
    return _with_status(
        form_page(request, form, title, cancel_url, submit_label=submit_label, intro=intro), form
    )


def _button(request: HttpRequest, action: Callable[[], Any], done: str, then: str) -> HttpResponse:
    """A one-button action: run it, say how it went on the page it returns to."""
    try:
        action()
    except ValidationError as error:
        report_refusal(request, error)
    else:
        messages.success(request, done)
    return redirect(then)


def _confirm_page(
    request: HttpRequest,
    *,
    title: str,
    explanation: str,
    button: str,
    cancel_url: str,
    perform: Callable[[], Any],
    done: str,
    then: str,
    blocked: str = "",
) -> HttpResponse:
    """Ask before removing something; POST removes it unless the service refuses, whose reason
    is then shown instead of the button."""
    if request.method == "POST" and not blocked:
        try:
            perform()
        except ValidationError as error:
            blocked = " ".join(error.messages)
        else:
            messages.success(request, done)
            return redirect(then)
    return render(
        request,
        "agreements/confirm.html",
        {
            "title": title,
            "explanation": explanation,
            "button": button,
            "cancel_url": cancel_url,
            "blocked": blocked,
        },
        status=400 if blocked and request.method == "POST" else 200,
    )


def _move(request: HttpRequest, move: Callable[[Direction], Any], then: str) -> HttpResponse:
    direction = posted_direction(request)
    if direction is None:
        return HttpResponse("Choose up or down.", status=400, content_type="text/plain")
    try:
        move(direction)
    except ValidationError as error:
        report_refusal(request, error)
    return redirect(then)


# --- Agreements ----------------------------------------------------------------------------------


def status_badge(agreement: Agreement, today: datetime.date | None = None) -> str:
    """The CSS classes of the agreement's status badge."""
    if selectors.is_expired(agreement, today):
        return "badge badge-danger"
    if agreement.status == AgreementStatus.EFFECTIVE:
        return "badge badge-ok"
    return "badge badge-warn" if agreement.status != AgreementStatus.DRAFT else "badge"


@access(MEMBER)
@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AgreementFilterForm(request.GET, organizations=member_organizations())
    filters = form.filters()
    today = timezone.localdate()
    rows = [
        (agreement, selectors.display_status(agreement, today), status_badge(agreement, today))
        for agreement in selectors.search_agreements(user, filters)
    ]
    return render(
        request,
        "agreements/list.html",
        {
            "form": form,
            "rows": rows,
            "filtered": filters != selectors.AgreementFilters(),
            "can_start": can_start_agreements(user),
            "due_days": selectors.DUE_WITHIN_DAYS,
        },
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    templates = selectors.templates()
    people = selectors.people_who_may_act()
    initial: dict[str, Any] = {}
    me = person_of(user)
    if me is not None and people.filter(pk=me.pk).exists():
        initial["facilitator"] = me.pk
    chosen = request.GET.get("template", "")
    template = templates.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if template is not None:
        initial |= StartAgreementForm.initial_from(template)
    form = StartAgreementForm(posted(request), initial=initial, templates=templates, people=people)
    return _form_page(
        request,
        form,
        lambda data: services.create_agreement(
            user, form.agreement_data(), template=data["template"], request=request
        ),
        saved=lambda agreement: (
            f"Started “{agreement.title}”. Invite the parties and write the first draft.",
            _detail_url(agreement),
        ),
        title=f"Start an agreement from “{template.name}”" if template else "Start an agreement",
        cancel_url=reverse("agreements:list"),
        submit_label="Start the agreement",
        intro="The agreement starts as a working draft that only its facilitator sees. The "
        "facilitator invites the parties, writes the sections, clauses and what each party "
        "commits to, then circulates the draft for the parties to review.",
    )


@dataclass(frozen=True)
class PartyRow:
    """A party on the agreement page, with what the viewer may do about it."""

    party: Party
    can_edit: bool = False
    can_withdraw: bool = False
    can_remove: bool = False
    can_issue_letter: bool = False
    can_answer: bool = False


@dataclass(frozen=True)
class CommitmentGroup:
    organization: Organization
    commitments: list[tuple[Commitment, str]]


def _commitment_groups(commitments: list[Commitment]) -> list[CommitmentGroup]:
    """One group per organization (the commitments come ordered by organization), each with
    its capacity warnings."""
    warnings = selectors.capacity_warnings(commitments)
    groups: list[CommitmentGroup] = []
    for commitment in commitments:
        if not groups or groups[-1].organization.pk != commitment.organization_id:
            groups.append(CommitmentGroup(commitment.organization, []))
        groups[-1].commitments.append((commitment, warnings.get(commitment.pk, "")))
    return groups


def _party_rows(user: Any, agreement: Agreement, latest: AgreementVersion | None) -> list[PartyRow]:
    facilitating = is_facilitator(user, agreement)
    under_review = latest is not None and latest.state == VersionState.REVIEW
    rows = []
    for party in selectors.parties_of(agreement):
        party.agreement = agreement
        staying = party.status != PartyStatus.WITHDRAWN
        rows.append(
            PartyRow(
                party,
                can_edit=staying and can_name_party_people(user, party),
                can_withdraw=staying and (facilitating or speaks_for(user, party)),
                can_remove=facilitating and party.status == PartyStatus.INVITED,
                can_issue_letter=facilitating
                and latest is not None
                and not agreement.is_letter
                and party.status in LETTER_ELIGIBLE,
                can_answer=facilitating and under_review and party.is_active,
            )
        )
    return rows


def _own_party_actions(
    user: Any, agreement: Agreement, latest: AgreementVersion | None
) -> dict[str, Any]:
    """What the viewer may do for their own organization's party."""
    party = selectors.own_party(user, agreement)
    if party is None or latest is None or not party.is_active:
        return {"own_party": party}
    unsigned = party.status != PartyStatus.SIGNED
    return {
        "own_party": party,
        "may_answer": latest.state == VersionState.REVIEW and can_respond_for(user, party),
        "may_sign": latest.state == VersionState.FINAL
        and not agreement.is_letter
        and unsigned
        and can_sign_for(user, party),
        "may_decline": unsigned and not agreement.is_letter and speaks_for(user, party),
    }


def _text_of(version: AgreementVersion) -> dict[str, Any]:
    """The version's numbered text and commitments; for a circulated one, its signatures, each
    checked against the text, and whether the text still matches its hash."""
    shown: dict[str, Any] = {
        "sections": selectors.sections_with_clauses(version),
        "commitment_groups": _commitment_groups(selectors.commitments_of(version)),
    }
    if version.is_frozen:
        shown["signatures"] = selectors.signatures_of(version)
        shown["text_matches"] = text.verify(version).matches
    return shown


@access(MEMBER)
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agreement = selectors.get_agreement_for(user, pk)
    versions = selectors.versions_for(user, agreement)
    chosen = request.GET.get("version", "")
    if chosen.isdigit():
        version: AgreementVersion | None = selectors.get_version_for(user, agreement, int(chosen))
    else:
        version = versions[-1] if versions else None
    facilitating = is_facilitator(user, agreement)
    following = can_read_negotiation(user, agreement)
    circulated = [candidate for candidate in versions if candidate.is_frozen]
    latest = circulated[-1] if circulated else None
    draft = versions[-1] if versions and not versions[-1].is_frozen else None
    today = timezone.localdate()
    context: dict[str, Any] = {
        "agreement": agreement,
        "status_text": selectors.display_status(agreement, today),
        "status_badge": status_badge(agreement, today),
        "versions": versions,
        "version_rows": [
            (each, versions[position - 1].number if position else None)
            for position, each in enumerate(versions)
        ],
        "version": version,
        "latest": latest,
        **(_text_of(version) if version is not None else {}),
        "following": following,
        "facilitating": facilitating,
        "parties": _party_rows(user, agreement, latest if following else None),
        "editing": facilitating and version is not None and version == draft,
        "can_discard": draft is not None and draft.number > 1,
        "can_delete": facilitating and latest is None,
        "can_finalize": facilitating
        and latest is not None
        and latest.state == VersionState.REVIEW
        and draft is None,
        "can_revise": facilitating and latest is not None and draft is None,
        "can_issue": facilitating
        and agreement.is_letter
        and latest is not None
        and draft is None
        and agreement.effective_version_id != latest.pk,
        "can_review": facilitating and agreement.status == AgreementStatus.EFFECTIVE,
        "can_save_template": version is not None
        and version.is_frozen
        and can_start_agreements(user),
        "open_objections": len(selectors.open_objections(agreement))
        if facilitating and latest is not None and latest.state == VersionState.REVIEW
        else 0,
        "history": [
            (event, audit.action_label(event.action))
            for event in selectors.agreement_history(user, agreement)
        ],
    }
    if following:
        context |= _own_party_actions(user, agreement, latest)
    return render(request, "agreements/detail.html", context)


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_managed_agreement_for(request.user, pk)
    form = AgreementForm(
        posted(request),
        initial=AgreementForm.initial_for(agreement),
        kind_fixed=services.latest_frozen(agreement) is not None,
    )
    return _form_page(
        request,
        form,
        lambda data: services.update_agreement(request.user, agreement, data, request=request),
        saved=lambda saved: ("Saved the agreement.", _detail_url(saved)),
        title=f"Edit “{agreement.title}”",
        cancel_url=_detail_url(agreement),
        submit_label="Save the agreement",
        intro="A new title or purpose reaches the parties with the next version you circulate; "
        "the versions already circulated keep theirs.",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def agreement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_managed_agreement_for(request.user, pk)
    blocked = (
        "An agreement that has been circulated is kept for the record. Start a new version to "
        "change it, or record the parties' withdrawal."
        if services.latest_frozen(agreement) is not None
        else ""
    )
    return _confirm_page(
        request,
        title=f"Delete the agreement “{agreement.title}”?",
        explanation="The working draft was never circulated, so no party has seen it. The audit "
        "history keeps a record of the agreement and who deleted it.",
        button="Delete the agreement",
        cancel_url=_detail_url(agreement),
        perform=lambda: services.delete_agreement(request.user, agreement, request=request),
        done=f"Deleted the agreement “{agreement.title}”.",
        then=reverse("agreements:list"),
        blocked=blocked,
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def agreement_facilitator(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agreement = selectors.get_managed_agreement_for(user, pk)
    form = HandOverForm(
        posted(request),
        people=selectors.people_who_may_act().exclude(pk=agreement.facilitator_id),
    )

    def handed_over(saved: Agreement) -> tuple[str, str]:
        still_visible = selectors.visible_agreements(user).filter(pk=saved.pk).exists()
        return (
            f"{saved.facilitator} now facilitates “{saved.title}”.",
            _detail_url(saved) if still_visible else reverse("agreements:list"),
        )

    return _form_page(
        request,
        form,
        lambda data: services.hand_over_facilitation(
            user, agreement, data["successor"], request=request
        ),
        saved=handed_over,
        title=f"Hand over “{agreement.title}”",
        cancel_url=_detail_url(agreement),
        submit_label="Hand over the facilitation",
        intro="The new facilitator edits the working draft, circulates versions and resolves "
        "objections from now on. You can no longer do so.",
    )


# --- Parties -------------------------------------------------------------------------------------


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def party_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agreement = selectors.get_managed_agreement_for(user, pk)
    form = PartyForm(
        posted(request),
        people=selectors.people_who_may_act(),
        organizations=member_organizations(),
    )
    return _form_page(
        request,
        form,
        lambda data: services.add_party(
            user, agreement, data["organization"], form.party_data(), request=request
        ),
        saved=lambda party: (f"Invited {party.organization}.", _detail_url(agreement, "parties")),
        title=f"Invite a party to “{agreement.title}”",
        cancel_url=_detail_url(agreement, "parties"),
        submit_label="Invite the party",
        intro="The representative and the signatory must be on the organization's staff, with a "
        "member account. They can be named later, by you or by the party itself.",
    )


def _party(user: Any, pk: int, may: Callable[[Any, Party], bool]) -> Party:
    """A party of an agreement the user follows, when `may` lets them act on it; else 404."""
    party = selectors.get_party_for(user, pk)
    if not may(user, party):
        raise Http404("Nothing you may change has this number.")
    return party


def _facilitates(user: Any, party: Party) -> bool:
    return is_facilitator(user, party.agreement)


def _speaks_or_facilitates(user: Any, party: Party) -> bool:
    return is_facilitator(user, party.agreement) or speaks_for(user, party)


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    party = _party(user, pk, can_name_party_people)
    decides_required = is_facilitator(user, party.agreement)
    form = PartyForm(
        posted(request),
        initial=PartyForm.initial_for(party),
        people=selectors.people_who_may_act(party.organization_id),
        decides_required=decides_required,
    )
    return _form_page(
        request,
        form,
        lambda data: services.update_party(user, party, data, request=request),
        saved=lambda saved: (
            f"Saved {party.organization}'s party.",
            _detail_url(party.agreement_id, "parties"),
        ),
        title=f"{party.organization} in “{party.agreement.title}”",
        cancel_url=_detail_url(party.agreement_id, "parties"),
        submit_label="Save",
        intro="Who reviews the text for the organization, and who is authorized to sign for it."
        + ("" if decides_required else " Whether it must sign is the facilitator's to decide."),
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def party_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    party = _party(user, pk, _facilitates)
    return _confirm_page(
        request,
        title=f"Remove {party.organization} from “{party.agreement.title}”?",
        explanation="For a party invited by mistake. Its commitments leave the working draft. A "
        "party that has answered or signed stays on the record: record its withdrawal instead.",
        button="Remove the party",
        cancel_url=_detail_url(party.agreement_id, "parties"),
        perform=lambda: services.remove_party(user, party, request=request),
        done=f"Removed {party.organization}.",
        then=_detail_url(party.agreement_id, "parties"),
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def party_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    party = _party(user, pk, _speaks_or_facilitates)
    form = WithdrawalForm(posted(request))
    return _form_page(
        request,
        form,
        lambda data: services.withdraw_party(
            user, party, data["withdrawn_on"], data["reason"], request=request
        ),
        saved=lambda saved: (
            f"Recorded the withdrawal of {party.organization}.",
            _detail_url(party.agreement_id, "parties"),
        ),
        title=f"Record the withdrawal of {party.organization}",
        cancel_url=_detail_url(party.agreement_id, "parties"),
        submit_label="Record the withdrawal",
        intro=f"{party.organization} leaves “{party.agreement.title}”. Its commitments leave the "
        "responsibility matrix; what it signed stays on record.",
    )


@access(MEMBER)
@require_POST
def party_letter(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    party = _party(user, pk, _facilitates)
    return _button(
        request,
        lambda: services.issue_letter(user, party, request=request),
        f"Issued the latest version to {party.organization} as a letter of understanding.",
        _detail_url(party.agreement_id, "parties"),
    )


# --- The working draft ---------------------------------------------------------------------------


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.get_draft_for(request.user, pk)
    form = SectionForm(posted(request))
    return _form_page(
        request,
        form,
        lambda data: services.add_section(request.user, draft, data["heading"], request=request),
        saved=lambda section: (
            "Added the section. Add its clauses.",
            _detail_url(draft.agreement_id, f"section-{section.pk}"),
        ),
        title=f"Add a section to version {draft.number}",
        cancel_url=_detail_url(draft.agreement_id, "text"),
        submit_label="Add the section",
        intro=f"At the end of the working draft of “{draft.agreement.title}”.",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.get_editable_section_for(request.user, pk)
    form = SectionForm(posted(request), initial={"heading": section.heading})
    return _form_page(
        request,
        form,
        lambda data: services.update_section(
            request.user, section, data["heading"], request=request
        ),
        saved=lambda saved: (
            "Saved the section.",
            _detail_url(section.version.agreement_id, f"section-{saved.pk}"),
        ),
        title="Edit a section heading",
        cancel_url=_detail_url(section.version.agreement_id, f"section-{section.pk}"),
        submit_label="Save the section",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def section_remove(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.get_editable_section_for(request.user, pk)
    agreement_pk = section.version.agreement_id
    return _confirm_page(
        request,
        title=f"Remove the section “{section.heading}”?",
        explanation="The section and every clause in it leave the working draft; the sections "
        "after it are renumbered. The audit history keeps what they said.",
        button="Remove the section",
        cancel_url=_detail_url(agreement_pk, f"section-{section.pk}"),
        perform=lambda: services.remove_section(request.user, section, request=request),
        done=f"Removed the section “{section.heading}”.",
        then=_detail_url(agreement_pk, "text"),
    )


@access(MEMBER)
@require_POST
def section_move(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.get_editable_section_for(request.user, pk)
    return _move(
        request,
        lambda direction: services.move_section(request.user, section, direction, request=request),
        _detail_url(section.version.agreement_id, f"section-{section.pk}"),
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def clause_add(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.get_editable_section_for(request.user, pk)
    form = ClauseForm(posted(request))
    return _form_page(
        request,
        form,
        lambda data: services.add_clause(request.user, section, data, request=request),
        saved=lambda clause: (
            "Added the clause.",
            _detail_url(section.version.agreement_id, f"clause-{clause.pk}"),
        ),
        title=f"Add a clause to “{section.heading}”",
        cancel_url=_detail_url(section.version.agreement_id, f"section-{section.pk}"),
        submit_label="Add the clause",
        intro="At the end of the section.",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def clause_edit(request: HttpRequest, pk: int) -> HttpResponse:
    clause = selectors.get_editable_clause_for(request.user, pk)
    form = ClauseForm(posted(request), initial={"heading": clause.heading, "text": clause.text})
    return _form_page(
        request,
        form,
        lambda data: services.update_clause(request.user, clause, data, request=request),
        saved=lambda saved: (
            "Saved the clause.",
            _detail_url(clause.version.agreement_id, f"clause-{saved.pk}"),
        ),
        title="Edit a clause",
        cancel_url=_detail_url(clause.version.agreement_id, f"clause-{clause.pk}"),
        submit_label="Save the clause",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def clause_remove(request: HttpRequest, pk: int) -> HttpResponse:
    clause = selectors.get_editable_clause_for(request.user, pk)
    agreement_pk = clause.version.agreement_id
    return _confirm_page(
        request,
        title=f"Remove the clause “{clause}”?",
        explanation="The clause leaves the working draft and the clauses after it are "
        "renumbered. The audit history keeps what it said.",
        button="Remove the clause",
        cancel_url=_detail_url(agreement_pk, f"clause-{clause.pk}"),
        perform=lambda: services.remove_clause(request.user, clause, request=request),
        done="Removed the clause.",
        then=_detail_url(agreement_pk, f"section-{clause.section_id}"),
    )


@access(MEMBER)
@require_POST
def clause_move(request: HttpRequest, pk: int) -> HttpResponse:
    clause = selectors.get_editable_clause_for(request.user, pk)
    return _move(
        request,
        lambda direction: services.move_clause(request.user, clause, direction, request=request),
        _detail_url(clause.version.agreement_id, f"clause-{clause.pk}"),
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.get_draft_for(request.user, pk)
    form = CommitmentForm(
        posted(request), organizations=selectors.party_organizations(draft.agreement_id)
    )
    return _form_page(
        request,
        form,
        lambda data: services.add_commitment(request.user, draft, data, request=request),
        saved=lambda commitment: (
            f"Added the commitment of {commitment.organization}.",
            _detail_url(draft.agreement_id, "commitments"),
        ),
        title=f"Add a commitment to version {draft.number}",
        cancel_url=_detail_url(draft.agreement_id, "commitments"),
        submit_label="Add the commitment",
        intro="What one party commits to, as a row the responsibility matrix shows. Name a "
        "directory category and a quantity to have it compared with the capacity the party lists.",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.get_editable_commitment_for(request.user, pk)
    agreement_pk = commitment.version.agreement_id
    form = CommitmentForm(
        posted(request),
        initial=CommitmentForm.initial_for(commitment),
        organizations=selectors.party_organizations(agreement_pk),
    )
    return _form_page(
        request,
        form,
        lambda data: services.update_commitment(request.user, commitment, data, request=request),
        saved=lambda saved: ("Saved the commitment.", _detail_url(agreement_pk, "commitments")),
        title="Edit a commitment",
        cancel_url=_detail_url(agreement_pk, "commitments"),
        submit_label="Save the commitment",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def commitment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.get_editable_commitment_for(request.user, pk)
    agreement_pk = commitment.version.agreement_id
    return _confirm_page(
        request,
        title=f"Remove the commitment “{commitment.description}”?",
        explanation="It leaves the working draft. The audit history keeps what it said.",
        button="Remove the commitment",
        cancel_url=_detail_url(agreement_pk, "commitments"),
        perform=lambda: services.remove_commitment(request.user, commitment, request=request),
        done="Removed the commitment.",
        then=_detail_url(agreement_pk, "commitments"),
    )


# --- Versions ------------------------------------------------------------------------------------


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def circulate(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.get_draft_for(request.user, pk)
    agreement = draft.agreement
    form = CirculateForm(posted(request), letter=agreement.is_letter)
    return _form_page(
        request,
        form,
        lambda data: services.circulate(
            request.user, draft, data["change_note"], final=data["final"], request=request
        ),
        saved=lambda version: (
            f"Circulated version {version.number}"
            + (" for signature." if version.state == VersionState.FINAL else " for review."),
            _detail_url(agreement),
        ),
        title=f"Circulate version {draft.number} of “{agreement.title}”",
        cancel_url=_detail_url(agreement),
        submit_label="Circulate",
        intro="Circulating freezes the text: it can no longer change, and any later change is a "
        "new version. The parties' representatives and signatories are told by e-mail.",
    )


@access(MEMBER)
@require_POST
def finalize(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_managed_agreement_for(request.user, pk)
    version = services.latest_frozen(agreement)

    def call() -> Any:
        if version is None:
            raise ValidationError("Circulate a version first.")
        return services.call_for_signatures(request.user, version, request=request)

    done = (
        "The version is final; the letter of understanding is ready to issue."
        if agreement.is_letter
        else "The version is final: the signatories are asked to sign."
    )
    return _button(request, call, done, _detail_url(agreement))


@access(MEMBER)
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_managed_agreement_for(request.user, pk)
    return _button(
        request,
        lambda: services.issue_letter_of_understanding(request.user, agreement, request=request),
        "Issued the letter of understanding: it is in effect.",
        _detail_url(agreement),
    )


@access(MEMBER)
@require_POST
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_managed_agreement_for(request.user, pk)
    return _button(
        request,
        lambda: services.start_revision(request.user, agreement, request=request),
        "Started a new working draft from the latest version.",
        _detail_url(agreement, "text"),
    )


@access(MEMBER)
@require_POST
def discard_draft(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.get_draft_for(request.user, pk)
    return _button(
        request,
        lambda: services.discard_draft(request.user, draft, request=request),
        f"Discarded the working draft of version {draft.number}.",
        _detail_url(draft.agreement_id),
    )


# --- Objections ----------------------------------------------------------------------------------


def _objections_page(
    request: HttpRequest,
    agreement: Agreement,
    bound: tuple[int, ResolutionForm] | None = None,
) -> HttpResponse:
    """Every open objection with its clause and party, and every party's answers to each clause
    of the version under review; `bound` is a resolve form sent back with errors."""
    open_ones = selectors.open_objections(agreement)
    latest = services.latest_frozen(agreement)
    reviewed = latest if latest is not None and latest.state == VersionState.REVIEW else None
    numbers: dict[int, dict[int, str]] = {}
    for objection in open_ones:
        if objection.version_id not in numbers:
            numbers[objection.version_id] = text.clause_numbers(objection.version)
    rows = []
    for objection in open_ones:
        form = ResolutionForm(prefix=ResolutionForm.prefix_for(objection.pk))
        if bound is not None and bound[0] == objection.pk:
            form = bound[1]
        rows.append((objection, numbers[objection.version_id].get(objection.clause_id, ""), form))
    answers = selectors.answers_by_clause(reviewed) if reviewed else {}
    clauses = [
        (section_number, section, clause_number, clause, answers.get(clause.pk, []))
        for section_number, section in enumerate(
            selectors.sections_with_clauses(reviewed) if reviewed else [], start=1
        )
        for clause_number, clause in enumerate(section.clauses.all(), start=1)
    ]
    return render(
        request,
        "agreements/objections.html",
        {
            "agreement": agreement,
            "version": reviewed,
            "objections": rows,
            "clauses": clauses,
            "parties": selectors.parties_of(agreement),
        },
        status=400 if bound is not None else 200,
    )


@access(MEMBER)
@require_GET
def objections(request: HttpRequest, pk: int) -> HttpResponse:
    return _objections_page(request, selectors.get_managed_agreement_for(request.user, pk))


@access(MEMBER)
@require_POST
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    answer: ClauseResponse = selectors.get_resolvable_answer_for(request.user, pk)
    agreement = answer.party.agreement
    form = ResolutionForm(request.POST, prefix=ResolutionForm.prefix_for(answer.pk))
    resolved = submit(
        form,
        lambda data: services.resolve_objection(
            request.user, answer, data["resolution"], request=request
        ),
    )
    if resolved is None:
        return _objections_page(request, agreement, (answer.pk, form))
    messages.success(request, f"Resolved the objection of {answer.party.organization}.")
    return redirect(_objections_url(agreement))


# --- Review and templates ------------------------------------------------------------------------


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_managed_agreement_for(request.user, pk)
    form = ReviewForm(posted(request))
    return _form_page(
        request,
        form,
        lambda data: services.record_review(
            request.user, agreement, data["next_review_on"], data["note"], request=request
        ),
        saved=lambda saved: (
            f"Recorded the review. The next is due on {saved.review_on:%Y-%m-%d}.",
            _detail_url(saved),
        ),
        title=f"Record the review of “{agreement.title}”",
        cancel_url=_detail_url(agreement),
        submit_label="Record the review",
        intro="The parties reviewed the agreement in effect and keep it as it is until the next "
        "review. To change it, start a new version instead.",
    )


@access(MEMBER)
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agreements/templates.html",
        {
            "templates": selectors.templates(),
            "can_manage": can_start_agreements(request.user),
        },
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.get_template(pk)
    return _confirm_page(
        request,
        title=f"Delete the template “{template.name}”?",
        explanation="Agreements started from it keep their text. The audit history keeps a "
        "record of the template and who deleted it.",
        button="Delete the template",
        cancel_url=reverse("agreements:templates"),
        perform=lambda: services.delete_template(request.user, template, request=request),
        done=f"Deleted the template “{template.name}”.",
        then=reverse("agreements:templates"),
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def save_template(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, pk)
    version = selectors.get_version_for(request.user, agreement, number)
    if not version.is_frozen:
        raise Http404("Only a circulated version is kept as a template.")
    form = SaveTemplateForm(posted(request), initial={"name": version.title})
    version_url = f"{_detail_url(agreement)}?version={version.number}"
    return _form_page(
        request,
        form,
        lambda data: services.save_as_template(
            request.user, version, data["name"], data["description"], request=request
        ),
        saved=lambda template: (
            f"Saved the template “{template.name}”.",
            reverse("agreements:templates"),
        ),
        title=f"Keep version {version.number} of “{agreement.title}” as a template",
        cancel_url=version_url,
        submit_label="Save the template",
        intro="The template keeps the sections and clauses, to start future agreements from. The "
        "commitments stay behind: they belong to this agreement's parties.",
    )
