"""The parties' pages: parse, call an agreements service or selector, render.

A party's representative (or the facilitator, recording an answer given on the party's behalf)
reviews the version under review clause by clause; its authorized signatory signs the final
version; either of them may decline; whoever follows the negotiation compares two versions.
Every page is for members; the selectors answer 404 for a party one does not act for and for an
agreement or version one may not read. A refused answer or signature comes back on its form
(status 200) with what was typed; a refusal that concerns no field is a message on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.agreements import selectors, services, text
from taskforce.agreements.models import (
    Agreement,
    AgreementVersion,
    Clause,
    ClauseResponse,
    Commitment,
    Party,
    PartyStatus,
    ResponseKind,
    Section,
    VersionState,
)
from taskforce.agreements.party_forms import AnswerForm, DeclineForm, SignatureForm
from taskforce.agreements.permissions import (
    can_respond_for,
    can_sign_for,
    is_facilitator,
    speaks_for,
)
from taskforce.core.access import MEMBER, access
from taskforce.core.forms import submit
from taskforce.core.http import posted, report_refusal

ANSWER_DONE = {
    ResponseKind.ACCEPT: "accepts",
    ResponseKind.OBJECT: "objects to",
    ResponseKind.PROPOSE: "proposes other wording for",
}


def _party_url(name: str, party: Party, anchor: str = "") -> str:
    url = reverse(f"agreements:{name}", kwargs={"pk": party.pk})
    return f"{url}#{anchor}" if anchor else url


def _compare_url(agreement: Agreement, before: int, after: int) -> str:
    url = reverse("agreements:compare", kwargs={"pk": agreement.pk})
    return f"{url}?{urlencode({'from': before, 'to': after})}"


def _refused_outright(request: HttpRequest, form: forms.BaseForm) -> bool:
    """Whether the service refused for a reason that concerns no field (the version moved on,
    say); the reason is then told as a message on the page the person is sent back to."""
    if set(form.errors) != {NON_FIELD_ERRORS}:
        return False
    messages.error(request, " ".join(str(error) for error in form.non_field_errors()))
    return True


def _circulated(user: Any, agreement: Agreement) -> list[AgreementVersion]:
    """The versions the user may read that have left the facilitator's working draft."""
    return [version for version in selectors.versions_for(user, agreement) if version.is_frozen]


def _previous(versions: list[AgreementVersion], version: AgreementVersion) -> int | None:
    earlier = [other.number for other in versions if other.number < version.number]
    return earlier[-1] if earlier else None


def _acting_links(user: Any, party: Party) -> dict[str, bool]:
    """Which of the party's pages the user may open, for the links between them."""
    return {
        "may_answer": can_respond_for(user, party),
        "may_sign": can_sign_for(user, party),
        "may_decline": speaks_for(user, party),
    }


# --- Reviewing the version under review ----------------------------------------------------------


@dataclass(frozen=True)
class ClauseRow:
    clause: Clause
    number: str
    answer: ClauseResponse | None
    form: AnswerForm


@dataclass(frozen=True)
class SectionRows:
    number: int
    section: Section
    clauses: list[ClauseRow]


def _clause_rows(
    party: Party, version: AgreementVersion, bound: AnswerForm | None, failed: int | None
) -> list[SectionRows]:
    answers = selectors.answers_of(party, version)
    sections = []
    for section_number, section in enumerate(selectors.sections_with_clauses(version), start=1):
        rows = []
        for clause_number, clause in enumerate(section.clauses.all(), start=1):
            answer = answers.get(clause.pk)
            form = (
                bound
                if bound is not None and clause.pk == failed
                else AnswerForm(
                    prefix=AnswerForm.prefix_for(clause.pk),
                    initial=AnswerForm.initial_for(answer),
                )
            )
            rows.append(ClauseRow(clause, f"{section_number}.{clause_number}", answer, form))
        sections.append(SectionRows(section_number, section, rows))
    return sections


def _review_page(
    request: HttpRequest,
    party: Party,
    *,
    bound: AnswerForm | None = None,
    failed: Clause | None = None,
) -> HttpResponse:
    """The review page; `bound` is the answer to `failed` sent back with its errors."""
    user = request.user
    agreement = party.agreement
    versions = _circulated(user, agreement)
    version = versions[-1] if versions else None
    under_review = version is not None and version.state == VersionState.REVIEW
    sections: list[SectionRows] = []
    commitments: list[Commitment] = []
    if version is not None and under_review and party.is_active:
        sections = _clause_rows(party, version, bound, failed.pk if failed else None)
        commitments = selectors.commitments_of(version)
    rows = [row for section in sections for row in section.clauses]
    previous = _previous(versions, version) if version is not None else None
    return render(
        request,
        "agreements/party_review.html",
        {
            "party": party,
            "agreement": agreement,
            "version": version,
            "under_review": under_review,
            "sections": sections,
            "clause_count": len(rows),
            "remaining": sum(1 for row in rows if row.answer is None),
            "commitments": commitments,
            "on_behalf": is_facilitator(user, agreement) and not speaks_for(user, party),
            "failed_row": next(
                (row for row in rows if failed and row.clause.pk == failed.pk), None
            ),
            "compare_url": (
                _compare_url(agreement, previous, version.number)
                if version is not None and previous is not None
                else ""
            ),
            **_acting_links(user, party),
        },
    )


@access(MEMBER)
@require_GET
def party_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, selectors.get_answerable_party_for(request.user, pk))


@access(MEMBER)
@require_POST
def party_answer(request: HttpRequest, pk: int, clause_pk: int) -> HttpResponse:
    user = request.user
    party = selectors.get_answerable_party_for(user, pk)
    clause = selectors.get_clause_for(user, clause_pk)
    if clause.version.agreement_id != party.agreement_id:
        raise Http404("This agreement has no clause with this number.")
    form = AnswerForm(request.POST, prefix=AnswerForm.prefix_for(clause.pk))
    answer = submit(
        form,
        lambda data: services.respond(
            user,
            party,
            clause,
            data["kind"],
            data["reason"],
            data["proposed_text"],
            request=request,
        ),
    )
    if answer is not None:
        number = text.clause_numbers(clause.version).get(clause.pk, "")
        messages.success(
            request,
            f"Recorded: {party.organization} {ANSWER_DONE[ResponseKind(answer.kind)]} "
            f"clause {number}.",
        )
        return redirect(_party_url("party-review", party, f"clause-{clause.pk}"))
    if _refused_outright(request, form):
        return redirect(_party_url("party-review", party))
    return _review_page(request, party, bound=form, failed=clause)


@access(MEMBER)
@require_POST
def party_accept_remaining(request: HttpRequest, pk: int) -> HttpResponse:
    party = selectors.get_answerable_party_for(request.user, pk)
    try:
        accepted = services.accept_remaining(request.user, party, request=request)
    except ValidationError as error:
        report_refusal(request, error)
    else:
        messages.success(
            request,
            f"Accepted {accepted} remaining clause{'s' if accepted != 1 else ''} for "
            f"{party.organization}."
            if accepted
            else f"Every clause already had an answer from {party.organization}.",
        )
    return redirect(_party_url("party-review", party))


# --- Signing the final version -------------------------------------------------------------------


def _still_to_sign(agreement: Agreement, signed_party_ids: set[int]) -> list[Party]:
    """The required parties whose signature the agreement still waits for (the rule the services
    apply before an agreement takes effect)."""
    return [
        party
        for party in selectors.parties_of(agreement)
        if party.required
        and party.status != PartyStatus.WITHDRAWN
        and party.pk not in signed_party_ids
    ]


def _sign_page(
    request: HttpRequest, party: Party, form: SignatureForm, latest: AgreementVersion | None
) -> HttpResponse:
    """The signing page; `latest` is the latest circulated version, which is signed when final."""
    user = request.user
    agreement = party.agreement
    final = latest if latest is not None and latest.state == VersionState.FINAL else None
    context: dict[str, Any] = {
        "party": party,
        "agreement": agreement,
        "latest": latest,
        "version": final,
        "form": form,
        **_acting_links(user, party),
    }
    if final is not None:
        document = text.document_of(final)
        checks = selectors.signatures_of(final)
        signed = {check.signature.party_id for check in checks}
        context |= {
            "document": document,
            "text_matches": document.hash() == final.content_hash,
            "signatures": checks,
            "mine": next((c for c in checks if c.signature.party_id == party.pk), None),
            "in_effect": agreement.effective_version_id == final.pk,
            "still_to_sign": _still_to_sign(agreement, signed),
        }
    return render(request, "agreements/party_sign.html", context)


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def party_sign(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    party = selectors.get_signing_party_for(user, pk)
    versions = _circulated(user, party.agreement)
    latest = versions[-1] if versions else None
    final = latest if latest is not None and latest.state == VersionState.FINAL else None
    form = SignatureForm(
        posted(request),
        organization=str(party.organization),
        initial={
            "signed_on": timezone.localdate(),
            "content_hash": final.content_hash if final else "",
        },
    )
    if request.method == "POST":
        if final is None:
            messages.error(request, "No version of this agreement is final for signature.")
            return redirect(_party_url("party-sign", party))
        signature = submit(
            form,
            lambda data: services.sign(
                user,
                party,
                final,
                form.signature_data(),
                attested=bool(data["attested"]),
                content_hash=data["content_hash"],
                request=request,
            ),
        )
        if signature is not None:
            messages.success(
                request, f"You signed version {final.number} for {party.organization}."
            )
            return redirect(_party_url("party-sign", party))
        # A text that changed since it was shown, for one: the page is then read again from the
        # start, with the text and its hash as they are now.
        if _refused_outright(request, form):
            return redirect(_party_url("party-sign", party))
    return _sign_page(request, party, form, latest)


# --- Declining -----------------------------------------------------------------------------------


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def party_decline(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    party = selectors.get_party_for(user, pk)
    if not speaks_for(user, party):
        raise Http404("You do not speak for this party.")
    form = DeclineForm(posted(request))
    if request.method == "POST":
        declined = submit(
            form, lambda data: services.decline(user, party, data["reason"], request=request)
        )
        if declined is not None:
            messages.success(
                request,
                f"Recorded: {party.organization} declines to sign. The facilitator is told and "
                "may offer the text as a letter of understanding.",
            )
            return redirect(_party_url("party-decline", party))
        if _refused_outright(request, form):
            return redirect(_party_url("party-decline", party))
    return render(
        request,
        "agreements/party_decline.html",
        {
            "party": party,
            "agreement": party.agreement,
            "form": form,
            "may_still_decline": party.is_active and party.status != PartyStatus.SIGNED,
            **_acting_links(user, party),
        },
    )


# --- Comparing two versions ----------------------------------------------------------------------


def _number(value: str | None) -> int | None:
    """A version number from the query; anything else there is a page that does not exist."""
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise Http404("No version with this number.")
    return int(value)


@access(MEMBER)
@require_GET
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agreement = selectors.get_agreement_for(user, pk)
    versions = selectors.versions_for(user, agreement)
    numbers = [version.number for version in versions]
    after = _number(request.GET.get("to"))
    if after is None and numbers:
        after = numbers[-1]
    before = _number(request.GET.get("from"))
    if before is None and after is not None:
        earlier = [number for number in numbers if number < after]
        before = earlier[-1] if earlier else None
    context: dict[str, Any] = {
        "agreement": agreement,
        "versions": versions,
        "before": before,
        "after": after,
        "comparison": None,
    }
    if before is not None and after is not None:
        if before == after:
            selectors.get_version_for(user, agreement, before)
        else:
            older, newer, comparison = selectors.compare_versions(user, agreement, before, after)
            context |= {"older": older, "newer": newer, "comparison": comparison}
    elif after is not None:
        selectors.get_version_for(user, agreement, after)
    return render(request, "agreements/compare.html", context)
