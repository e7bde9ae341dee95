"""Agreements over HTTP: agreements and their parties, the versions of their text (sections,
clauses, commitments), circulation, the parties' answers, signatures and the responsibility matrix.

Thin like the pages: the agreement selectors decide what the caller may read (an agreement, a
version or a piece of text they may not read answers 404) and the agreement services check who may
act, change the data and audit it. The text is changed only in the working draft: a request to
change a circulated or signed version reaches the service, which refuses it with a message saying
so (422), and the rows themselves refuse it too.
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import time.

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal, TypeVar
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, PatchDict, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from taskforce.agreements import selectors, services, text
from taskforce.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    AgreementVersion,
    Clause,
    ClauseResponse,
    Commitment,
    ObjectionState,
    Party,
    PartyStatus,
    ProtocolSubject,
    ResponseKind,
    Section,
    VersionState,
)
from taskforce.agreements.permissions import is_facilitator
from taskforce.core.access import COORDINATOR, MEMBER
from taskforce.core.api_access import api_access, api_user
from taskforce.core.api_helpers import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    responses,
    set_location,
)
from taskforce.directory import selectors as directory_selectors
from taskforce.directory.api import OrganizationRefOut, TermOut
from taskforce.directory.models import Organization, Person
from taskforce.directory.permissions import person_of
from taskforce.governance.api import PersonRefOut

router = Router(tags=["agreements"])

Found = TypeVar("Found")


# --- Output schemas ------------------------------------------------------------------------------


class AgreementOut(Schema):
    id: int
    kind: AgreementKind
    subject: ProtocolSubject | None = Field(description="Operational protocols: what it governs")
    title: str
    status: AgreementStatus
    status_text: str = Field(description="The status in words; says so once past its expiry date")
    task_force_wide: bool
    facilitator: PersonRefOut
    effective_version: int | None = Field(description="Number of the version in effect")
    effective_on: date | None
    expires_on: date | None
    review_on: date | None
    party_count: int
    updated_at: datetime

    @staticmethod
    def resolve_subject(agreement: Agreement) -> str | None:
        return agreement.subject or None

    @staticmethod
    def resolve_status_text(agreement: Agreement) -> str:
        return selectors.display_status(agreement)

    @staticmethod
    def resolve_effective_version(agreement: Agreement) -> int | None:
        version = agreement.effective_version
        return version.number if version is not None else None


class PartyOut(Schema):
    id: int
    organization: OrganizationRefOut
    required: bool = Field(description="The agreement takes effect once every required party signs")
    status: PartyStatus
    status_changed_at: datetime | None
    representative: PersonRefOut | None = Field(description="Answers the clauses for the party")
    signatory: PersonRefOut | None = Field(description="Authorized to sign for the party")
    declined_reason: str
    letter_version: int | None = Field(
        description="Number of the version issued to it as a letter of understanding"
    )
    letter_issued_on: date | None
    withdrawn_on: date | None
    withdrawal_reason: str

    @staticmethod
    def resolve_letter_version(party: Party) -> int | None:
        version = party.letter_version
        return version.number if version is not None else None


class VersionOut(Schema):
    number: int
    state: VersionState
    change_note: str
    content_hash: str | None = Field(
        description="SHA-256 of the text, fixed when circulated; null for the working draft"
    )
    circulated_at: datetime | None
    finalized_at: datetime | None
    in_effect: bool

    @staticmethod
    def resolve_content_hash(version: AgreementVersion) -> str | None:
        return version.content_hash or None

    @staticmethod
    def resolve_in_effect(version: AgreementVersion) -> bool:
        return version.agreement.effective_version_id == version.pk


class AgreementDetailOut(AgreementOut):
    purpose: str
    template: str | None = Field(description="The template it started from")
    parties: list[PartyOut]
    versions: list[VersionOut] = Field(description="The versions the caller may read")

    @staticmethod
    def resolve_template(agreement: Agreement) -> str | None:
        return agreement.template.name if agreement.template is not None else None

    @staticmethod
    def resolve_parties(agreement: Agreement) -> list[Party]:
        return selectors.parties_of(agreement)

    @staticmethod
    def resolve_versions(agreement: Agreement, context: dict[str, Any]) -> list[AgreementVersion]:
        return selectors.versions_for(api_user(context["request"]), agreement)


class ClauseOut(Schema):
    id: int
    key: UUID = Field(description="Follows the clause from version to version")
    number: str = Field(description="e.g. 2.3: section 2, its third clause")
    heading: str
    text: str


class SectionOut(Schema):
    id: int
    key: UUID
    number: str
    heading: str
    clauses: list[ClauseOut]


class CommitmentOut(Schema):
    id: int
    key: UUID
    organization: OrganizationRefOut
    description: str
    service_category: TermOut | None
    quantity: int | None
    unit: str
    around_the_clock: bool
    capacity_warning: str = Field(
        description="Why the commitment exceeds what the directory lists; empty when it does not"
    )


class SignatureOut(Schema):
    id: int
    party_id: int
    organization: str
    typed_name: str
    signer_title: str
    signed_on: date
    signed_at: datetime
    content_hash: str = Field(description="The hash of the text signed")
    matches_text: bool = Field(description="Whether the version's text still hashes to it")


class VersionDetailOut(VersionOut):
    agreement_id: int
    title: str
    purpose: str
    sections: list[SectionOut]
    commitments: list[CommitmentOut]
    signatures: list[SignatureOut]

    # The working draft reads its agreement's title and purpose; circulating fixes them.
    @staticmethod
    def resolve_title(version: AgreementVersion) -> str:
        return version.title if version.is_frozen else version.agreement.title

    @staticmethod
    def resolve_purpose(version: AgreementVersion) -> str:
        return version.purpose if version.is_frozen else version.agreement.purpose

    @staticmethod
    def resolve_sections(version: AgreementVersion) -> list[dict[str, Any]]:
        return _sections(version)

    @staticmethod
    def resolve_commitments(version: AgreementVersion) -> list[dict[str, Any]]:
        return _commitments(selectors.commitments_of(version))

    @staticmethod
    def resolve_signatures(version: AgreementVersion) -> list[dict[str, Any]]:
        return [_signature(check) for check in selectors.signatures_of(version)]


class PieceSegmentOut(Schema):
    op: Literal["same", "insert", "delete"]
    text: str


class PieceChangeOut(Schema):
    change: Literal["added", "removed", "changed", "moved", "unchanged"]
    before_number: str
    after_number: str
    before: str
    after: str
    label: str = Field(description="Commitments: the organization")
    segments: list[PieceSegmentOut] = Field(description="Changed text, word by word")


class SectionChangeOut(Schema):
    heading: PieceChangeOut
    clauses: list[PieceChangeOut]


class ComparisonOut(Schema):
    before: int
    after: int
    changed_count: int
    title: PieceChangeOut
    purpose: PieceChangeOut
    sections: list[SectionChangeOut] = Field(
        description="In the later version's order, then what was removed"
    )
    commitments: list[PieceChangeOut]


class SignatureCheckOut(Schema):
    party_id: int
    organization: str
    content_hash: str
    matches: bool


class VerificationOut(Schema):
    number: int
    stored: str | None = Field(description="The hash fixed when the version was circulated")
    computed: str = Field(description="The hash of the text as it reads now")
    matches: bool
    signatures: list[SignatureCheckOut]


class AnswerOut(Schema):
    id: int
    version: int
    clause_id: int
    clause_number: str
    clause_heading: str
    party_id: int
    organization: str
    kind: ResponseKind
    reason: str
    proposed_text: str
    state: ObjectionState
    resolution: str
    responded_at: datetime
    resolved_at: datetime | None


class AcceptedOut(Schema):
    accepted: int = Field(description="Clauses accepted by this request")
    party: PartyOut


class MatrixCommitmentOut(Schema):
    id: int
    description: str
    service_category: TermOut | None
    quantity: int | None
    unit: str
    around_the_clock: bool
    capacity_warning: str


class MatrixAgreementOut(Schema):
    id: int
    title: str
    kind: AgreementKind


class MatrixCellOut(Schema):
    agreement: MatrixAgreementOut
    version: int
    in_effect: bool = Field(description="false: the latest circulated text, in negotiation")
    commitments: list[MatrixCommitmentOut]


class MatrixRowOut(Schema):
    organization: OrganizationRefOut
    warnings: int
    cells: list[MatrixCellOut]


class TemplateClauseOut(Schema):
    heading: str = ""
    text: str = ""


class TemplateSectionOut(Schema):
    heading: str = ""
    clauses: list[TemplateClauseOut] = Field(default_factory=list)


class TemplateOut(Schema):
    id: int
    name: str
    kind: AgreementKind
    description: str
    title: str
    purpose: str
    sections: list[TemplateSectionOut]


# --- Input schemas -------------------------------------------------------------------------------


class AgreementIn(Schema):
    kind: AgreementKind
    subject: ProtocolSubject | None = Field(None, description="Operational protocols only")
    title: str = Field("", description="Default: the template's")
    purpose: str = Field("", description="Default: the template's")
    task_force_wide: bool = False
    facilitator: int | None = Field(None, description="Person id; default: the caller")
    expires_on: date | None = None
    review_on: date | None = None
    template: int | None = Field(None, description="Template id: the first draft holds its text")


class AgreementChangeIn(Schema):
    kind: AgreementKind
    subject: ProtocolSubject | None = None
    title: str
    purpose: str
    task_force_wide: bool
    expires_on: date | None = None
    review_on: date | None = None


class AgreementQuery(Schema):
    kind: AgreementKind | None = None
    status: AgreementStatus | None = None
    organization: int | None = Field(None, description="Organization id: agreements it is party to")
    q: str = Field("", max_length=200, description="Words in the title or purpose")
    due: bool = Field(False, description="In effect and expiring or due for review within 60 days")


class MatrixQuery(Schema):
    include_negotiating: bool = Field(
        False, description="Also the latest circulated text of agreements still in negotiation"
    )
    organization: int | None = Field(None, description="Only this organization's row")


class CirculateIn(Schema):
    change_note: str = Field("", description="What changed since the last version")
    final: bool = Field(False, description="Circulate for signature rather than for review")


class SectionIn(Schema):
    heading: str


class ClauseIn(Schema):
    heading: str = ""
    text: str


class ClauseChangeIn(Schema):
    heading: str
    text: str


class MoveIn(Schema):
    direction: Literal["up", "down"]


class CommitmentIn(Schema):
    organization: int = Field(description="Organization id of a party")
    description: str
    service_category: str | None = Field(None, description="Directory service category code")
    quantity: int | None = Field(None, ge=1)
    unit: str = Field("", description="e.g. beds, investigators; needed with a quantity")
    around_the_clock: bool = False


class CommitmentChangeIn(Schema):
    organization: int
    description: str
    service_category: str | None = None
    quantity: int | None = Field(None, ge=1)
    unit: str
    around_the_clock: bool


class PartyIn(Schema):
    organization: int = Field(description="Organization id")
    required: bool = True
    representative: int | None = Field(None, description="Person id, on the organization's staff")
    signatory: int | None = Field(None, description="Person id, on the organization's staff")


class PartyChangeIn(Schema):
    required: bool
    representative: int | None = None
    signatory: int | None = None


class WithdrawIn(Schema):
    withdrawn_on: date | None = Field(None, description="Default: today")
    reason: str


class AnswerIn(Schema):
    clause: int = Field(description="Clause id, in the version under review")
    kind: ResponseKind
    reason: str = Field("", description="Required to object or propose")
    proposed_text: str = Field("", description="Required to propose")


class ResolveIn(Schema):
    resolution: str


class SignatureIn(Schema):
    version: int = Field(description="Number of the final version being signed")
    typed_name: str
    signer_title: str
    signed_on: date
    attested: bool = Field(description="The signer attests to being authorized to sign for it")
    content_hash: str = Field(
        description="The content_hash of the version as read: the signature binds to that text"
    )


class DeclineIn(Schema):
    reason: str


# --- Helpers -------------------------------------------------------------------------------------


def _named(lookup: Callable[[], Found], field: str, message: str) -> Found:
    """A record the payload names by id; one the caller may not see reads as one that is
    missing, and either is a mistake in that field."""
    try:
        return lookup()
    except Http404:
        raise ValidationError({field: [message]}) from None


def _person(user: Any, pk: int | None, field: str) -> Person | None:
    if pk is None:
        return None
    return _named(
        lambda: directory_selectors.get_person_for(user, pk), field, f"No person with id {pk}."
    )


def _organization(user: Any, pk: int) -> Organization:
    return _named(
        lambda: directory_selectors.get_organization_for(user, pk),
        "organization",
        f"No organization with id {pk}.",
    )


def _agreement_data(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The payload's ids become the records the services expect; no subject travels as null."""
    if "subject" in data:
        data["subject"] = data["subject"] or ""
    if "facilitator" in data:
        data["facilitator"] = _person(user, data["facilitator"], "facilitator")
    return data


def _party_data(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    for name in ("representative", "signatory"):
        if name in data:
            data[name] = _person(user, data[name], name)
    return data


def _commitment_data(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    if "organization" in data:
        data["organization"] = _organization(user, data["organization"])
    if "service_category" in data:
        code = data["service_category"]
        category = directory_selectors.service_category_by_code(code) if code else None
        if code and category is None:
            raise ValidationError(
                {"service_category": [f"No service category with the code {code}."]}
            )
        data["service_category"] = category
    return data


def _sections(version: AgreementVersion) -> list[dict[str, Any]]:
    """The version's sections with their clauses, numbered as the text is read."""
    return [
        {
            "id": section.pk,
            "key": section.key,
            "number": str(number),
            "heading": section.heading,
            "clauses": [
                {
                    "id": clause.pk,
                    "key": clause.key,
                    "number": f"{number}.{clause_number}",
                    "heading": clause.heading,
                    "text": clause.text,
                }
                for clause_number, clause in enumerate(section.clauses.all(), start=1)
            ],
        }
        for number, section in enumerate(selectors.sections_with_clauses(version), start=1)
    ]


def _section(section: Section) -> dict[str, Any]:
    return next(found for found in _sections(section.version) if found["id"] == section.pk)


def _clause(clause: Clause) -> dict[str, Any]:
    return {
        "id": clause.pk,
        "key": clause.key,
        "number": text.clause_numbers(clause.version)[clause.pk],
        "heading": clause.heading,
        "text": clause.text,
    }


def _commitment(commitment: Commitment, warning: str) -> dict[str, Any]:
    return {
        "id": commitment.pk,
        "key": commitment.key,
        "organization": commitment.organization,
        "description": commitment.description,
        "service_category": commitment.service_category,
        "quantity": commitment.quantity,
        "unit": commitment.unit,
        "around_the_clock": commitment.around_the_clock,
        "capacity_warning": warning,
    }


def _commitments(commitments: list[Commitment]) -> list[dict[str, Any]]:
    warnings = selectors.capacity_warnings(commitments)
    return [_commitment(commitment, warnings[commitment.pk]) for commitment in commitments]


def _signature(check: selectors.SignatureCheck) -> dict[str, Any]:
    signature = check.signature
    return {
        "id": signature.pk,
        "party_id": signature.party_id,
        "organization": signature.party.organization.name,
        "typed_name": signature.typed_name,
        "signer_title": signature.signer_title,
        "signed_on": signature.signed_on,
        "signed_at": signature.signed_at,
        "content_hash": signature.content_hash,
        "matches_text": check.matches,
    }


def _answers(answers: list[ClauseResponse]) -> list[dict[str, Any]]:
    numbers: dict[int, dict[int, str]] = {}
    found = []
    for answer in answers:
        if answer.version_id not in numbers:
            numbers[answer.version_id] = text.clause_numbers(answer.version)
        found.append(
            {
                "id": answer.pk,
                "version": answer.version.number,
                "clause_id": answer.clause_id,
                "clause_number": numbers[answer.version_id].get(answer.clause_id, ""),
                "clause_heading": answer.clause.heading,
                "party_id": answer.party_id,
                "organization": answer.party.organization.name,
                "kind": answer.kind,
                "reason": answer.reason,
                "proposed_text": answer.proposed_text,
                "state": answer.state,
                "resolution": answer.resolution,
                "responded_at": answer.responded_at,
                "resolved_at": answer.resolved_at,
            }
        )
    return found


def _matrix(rows: list[selectors.MatrixRow]) -> list[dict[str, Any]]:
    return [
        {
            "organization": row.organization,
            "warnings": row.warnings,
            "cells": [
                {
                    "agreement": cell.agreement,
                    "version": cell.version.number,
                    "in_effect": cell.in_effect,
                    "commitments": [
                        _commitment(commitment, warning) for commitment, warning in cell.commitments
                    ],
                }
                for cell in row.cells
            ],
        }
        for row in rows
    ]


def _comparison(before: int, after: int, comparison: text.Comparison) -> dict[str, Any]:
    return {
        "before": before,
        "after": after,
        "changed_count": comparison.changed_count,
        "title": comparison.title,
        "purpose": comparison.purpose,
        "sections": [
            {"heading": heading, "clauses": clauses} for heading, clauses in comparison.sections
        ],
        "commitments": comparison.commitments,
    }


def _agreement_for(request: HttpRequest, agreement_id: int) -> Agreement:
    return selectors.get_agreement_for(api_user(request), agreement_id)


def _version_for(request: HttpRequest, agreement_id: int, number: int) -> AgreementVersion:
    return selectors.get_version_for(
        api_user(request), _agreement_for(request, agreement_id), number
    )


def _require_facilitator(user: Any, agreement: Agreement) -> None:
    """For operations on what only the facilitator reads (the working draft, the open
    objections): members who read the agreement learn they may not, rather than "not found"."""
    if not is_facilitator(user, agreement):
        raise PermissionDenied(services.FACILITATOR_ONLY)


def _party_for(request: HttpRequest, party_id: int) -> Party:
    return selectors.get_party_for(api_user(request), party_id)


# --- Agreements ----------------------------------------------------------------------------------


@router.get("/agreements", response=responses({200: list[AgreementOut]}))
@api_access(MEMBER)
@paginate(PageNumberPagination, page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_agreements(request: HttpRequest, filters: Query[AgreementQuery]) -> QuerySet[Agreement]:
    """Agreements the caller may read, by title: those their organization is party to, those
    they facilitate, and task-force-wide ones in effect."""
    chosen = selectors.AgreementFilters(
        kind=filters.kind or "",
        status=filters.status or "",
        organization=filters.organization,
        q=filters.q.strip(),
        due=filters.due,
    )
    found = selectors.search_agreements(api_user(request), chosen)
    return found.select_related("facilitator__organization")


@router.post("/agreements", response=responses({201: AgreementDetailOut}))
@api_access(COORDINATOR)
def create_agreement(request: HttpRequest, payload: AgreementIn, response: HttpResponse) -> Status:
    """Start an agreement with its first working draft, from a template or empty. The caller
    facilitates it unless another member is named."""
    user = api_user(request)
    data = _agreement_data(user, payload.model_dump(exclude={"template"}))
    template = None
    if payload.template is not None:
        pk = payload.template
        template = _named(
            lambda: selectors.get_template(pk), "template", f"No template with id {pk}."
        )
        data["title"] = data["title"] or template.title
        data["purpose"] = data["purpose"] or template.purpose
    if data["facilitator"] is None:
        data["facilitator"] = person_of(user)
    agreement = services.create_agreement(user, data, template=template, request=request)
    set_location(response, "get_agreement", agreement_id=agreement.pk)
    return Status(201, selectors.get_agreement_for(user, agreement.pk))


@router.get("/agreements/{agreement_id}", response=responses({200: AgreementDetailOut}))
@api_access(MEMBER)
def get_agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    """The agreement with its parties and their status, and the versions the caller may read."""
    return _agreement_for(request, agreement_id)


@router.patch("/agreements/{agreement_id}", response=responses({200: AgreementDetailOut}))
@api_access(MEMBER)
def update_agreement(
    request: HttpRequest, agreement_id: int, payload: PatchDict[AgreementChangeIn]
) -> Agreement:
    """Change the title, purpose and dates; for the facilitator. The next circulated version
    carries the title and purpose; the kind is fixed once a version has been circulated."""
    user = api_user(request)
    agreement = _agreement_for(request, agreement_id)
    services.update_agreement(
        user, agreement, _agreement_data(user, dict(payload)), request=request
    )
    return _agreement_for(request, agreement_id)


@router.delete("/agreements/{agreement_id}", response=responses({204: None}))
@api_access(MEMBER)
def delete_agreement(request: HttpRequest, agreement_id: int) -> Status:
    """Delete an agreement never circulated; for the facilitator. The others are kept."""
    services.delete_agreement(
        api_user(request), _agreement_for(request, agreement_id), request=request
    )
    return Status(204, None)


@router.get("/agreement-templates", response=responses({200: list[TemplateOut]}))
@api_access(MEMBER)
def list_agreement_templates(request: HttpRequest) -> QuerySet[AgreementTemplate]:
    """Texts an agreement can start from."""
    return selectors.templates()


# --- Versions ------------------------------------------------------------------------------------


@router.get("/agreements/{agreement_id}/versions", response=responses({200: list[VersionOut]}))
@api_access(MEMBER)
def list_agreement_versions(request: HttpRequest, agreement_id: int) -> list[AgreementVersion]:
    """The versions the caller may read, oldest first: the facilitator's working draft is
    theirs alone; members reading a task-force-wide agreement see the texts that were in effect."""
    return selectors.versions_for(api_user(request), _agreement_for(request, agreement_id))


@router.get(
    "/agreements/{agreement_id}/versions/{number}", response=responses({200: VersionDetailOut})
)
@api_access(MEMBER)
def get_agreement_version(request: HttpRequest, agreement_id: int, number: int) -> AgreementVersion:
    """The numbered text, the commitments with capacity warnings, and the signatures, each
    checked against the text as it reads now."""
    return _version_for(request, agreement_id, number)


@router.post("/agreements/{agreement_id}/circulate", response=responses({200: VersionDetailOut}))
@api_access(MEMBER)
def circulate_agreement_draft(
    request: HttpRequest, agreement_id: int, payload: CirculateIn
) -> AgreementVersion:
    """Freeze the working draft and send it to the parties, for review or (`final`) for
    signature; for the facilitator. Its text can no longer change."""
    user = api_user(request)
    agreement = _agreement_for(request, agreement_id)
    _require_facilitator(user, agreement)
    draft = selectors.current_version_for(user, agreement)
    if draft is None or draft.is_frozen:
        raise ValidationError(services.NO_DRAFT)
    services.circulate(user, draft, payload.change_note, final=payload.final, request=request)
    return selectors.get_version_for(user, agreement, draft.number)


@router.post(
    "/agreements/{agreement_id}/call-for-signatures", response=responses({200: VersionDetailOut})
)
@api_access(MEMBER)
def call_for_signatures(request: HttpRequest, agreement_id: int) -> AgreementVersion:
    """Make the version under review final once no objection to it is open; for the
    facilitator. A letter of understanding, which nobody signs, takes effect at once."""
    user = api_user(request)
    agreement = _agreement_for(request, agreement_id)
    circulated = [
        version for version in selectors.versions_for(user, agreement) if version.is_frozen
    ]
    if not circulated:
        raise ValidationError("No version of this agreement has been circulated yet.")
    version = services.call_for_signatures(user, circulated[-1], request=request)
    return selectors.get_version_for(user, agreement, version.number)


@router.post("/agreements/{agreement_id}/revisions", response=responses({201: VersionDetailOut}))
@api_access(MEMBER)
def start_agreement_revision(
    request: HttpRequest, agreement_id: int, response: HttpResponse
) -> Status:
    """A new working draft holding the latest circulated text, to revise, amend or renew it;
    for the facilitator."""
    agreement = _agreement_for(request, agreement_id)
    draft = services.start_revision(api_user(request), agreement, request=request)
    set_location(response, "get_agreement_version", agreement_id=agreement.pk, number=draft.number)
    return Status(201, _version_for(request, agreement_id, draft.number))


@router.get(
    "/agreements/{agreement_id}/compare/{before}/{after}",
    response=responses({200: ComparisonOut}),
)
@api_access(MEMBER)
def compare_agreement_versions(
    request: HttpRequest, agreement_id: int, before: int, after: int
) -> dict[str, Any]:
    """Two versions clause by clause: each clause, section heading and commitment added,
    removed, changed (word by word), moved or unchanged."""
    older, newer, comparison = selectors.compare_versions(
        api_user(request), _agreement_for(request, agreement_id), before, after
    )
    return _comparison(older.number, newer.number, comparison)


@router.get(
    "/agreements/{agreement_id}/versions/{number}/verification",
    response=responses({200: VerificationOut}),
)
@api_access(MEMBER)
def verify_agreement_version(
    request: HttpRequest, agreement_id: int, number: int
) -> dict[str, Any]:
    """Hash the text as it reads now and compare it with the hash fixed when it was
    circulated, and with each signature's."""
    version = _version_for(request, agreement_id, number)
    verification = text.verify(version)
    return {
        "number": version.number,
        "stored": verification.stored or None,
        "computed": verification.computed,
        "matches": verification.matches,
        "signatures": [
            {
                "party_id": check.signature.party_id,
                "organization": check.signature.party.organization.name,
                "content_hash": check.signature.content_hash,
                "matches": check.matches,
            }
            for check in selectors.signatures_of(version)
        ],
    }


# --- The working draft: sections, clauses, commitments -------------------------------------------


@router.post(
    "/agreements/{agreement_id}/versions/{number}/sections", response=responses({201: SectionOut})
)
@api_access(MEMBER)
def add_agreement_section(
    request: HttpRequest, agreement_id: int, number: int, payload: SectionIn, response: HttpResponse
) -> Status:
    """Add a section at the end of the working draft; for the facilitator."""
    version = _version_for(request, agreement_id, number)
    section = services.add_section(api_user(request), version, payload.heading, request=request)
    set_location(response, "get_agreement_version", agreement_id=agreement_id, number=number)
    return Status(201, _section(section))


@router.patch("/agreement-sections/{section_id}", response=responses({200: SectionOut}))
@api_access(MEMBER)
def update_agreement_section(
    request: HttpRequest, section_id: int, payload: SectionIn
) -> dict[str, Any]:
    user = api_user(request)
    section = selectors.get_section_for(user, section_id)
    return _section(services.update_section(user, section, payload.heading, request=request))


@router.delete("/agreement-sections/{section_id}", response=responses({204: None}))
@api_access(MEMBER)
def delete_agreement_section(request: HttpRequest, section_id: int) -> Status:
    """Remove a section of the working draft with its clauses."""
    user = api_user(request)
    services.remove_section(user, selectors.get_section_for(user, section_id), request=request)
    return Status(204, None)


@router.post("/agreement-sections/{section_id}/move", response=responses({200: SectionOut}))
@api_access(MEMBER)
def move_agreement_section(
    request: HttpRequest, section_id: int, payload: MoveIn
) -> dict[str, Any]:
    """Swap the section with the one above or below it."""
    user = api_user(request)
    section = selectors.get_section_for(user, section_id)
    return _section(services.move_section(user, section, payload.direction, request=request))


@router.post("/agreement-sections/{section_id}/clauses", response=responses({201: ClauseOut}))
@api_access(MEMBER)
def add_agreement_clause(
    request: HttpRequest, section_id: int, payload: ClauseIn, response: HttpResponse
) -> Status:
    """Add a clause at the end of a section of the working draft; for the facilitator."""
    user = api_user(request)
    section = selectors.get_section_for(user, section_id)
    clause = services.add_clause(user, section, payload.model_dump(), request=request)
    set_location(
        response,
        "get_agreement_version",
        agreement_id=section.version.agreement_id,
        number=section.version.number,
    )
    return Status(201, _clause(clause))


@router.patch("/agreement-clauses/{clause_id}", response=responses({200: ClauseOut}))
@api_access(MEMBER)
def update_agreement_clause(
    request: HttpRequest, clause_id: int, payload: PatchDict[ClauseChangeIn]
) -> dict[str, Any]:
    """Change a clause of the working draft. A clause of a circulated or signed version
    cannot change: start a new version."""
    user = api_user(request)
    clause = selectors.get_clause_for(user, clause_id)
    return _clause(services.update_clause(user, clause, dict(payload), request=request))


@router.delete("/agreement-clauses/{clause_id}", response=responses({204: None}))
@api_access(MEMBER)
def delete_agreement_clause(request: HttpRequest, clause_id: int) -> Status:
    user = api_user(request)
    services.remove_clause(user, selectors.get_clause_for(user, clause_id), request=request)
    return Status(204, None)


@router.post("/agreement-clauses/{clause_id}/move", response=responses({200: ClauseOut}))
@api_access(MEMBER)
def move_agreement_clause(request: HttpRequest, clause_id: int, payload: MoveIn) -> dict[str, Any]:
    """Swap the clause with the one above or below it in its section."""
    user = api_user(request)
    clause = selectors.get_clause_for(user, clause_id)
    return _clause(services.move_clause(user, clause, payload.direction, request=request))


@router.post(
    "/agreements/{agreement_id}/versions/{number}/commitments",
    response=responses({201: CommitmentOut}),
)
@api_access(MEMBER)
def add_agreement_commitment(
    request: HttpRequest,
    agreement_id: int,
    number: int,
    payload: CommitmentIn,
    response: HttpResponse,
) -> Status:
    """Record what a party commits to in the working draft; for the facilitator."""
    user = api_user(request)
    version = _version_for(request, agreement_id, number)
    data = _commitment_data(user, payload.model_dump())
    commitment = services.add_commitment(user, version, data, request=request)
    set_location(response, "get_agreement_version", agreement_id=agreement_id, number=number)
    return Status(201, _commitments([commitment])[0])


@router.patch("/agreement-commitments/{commitment_id}", response=responses({200: CommitmentOut}))
@api_access(MEMBER)
def update_agreement_commitment(
    request: HttpRequest, commitment_id: int, payload: PatchDict[CommitmentChangeIn]
) -> dict[str, Any]:
    user = api_user(request)
    commitment = selectors.get_commitment_for(user, commitment_id)
    data = _commitment_data(user, dict(payload))
    return _commitments([services.update_commitment(user, commitment, data, request=request)])[0]


@router.delete("/agreement-commitments/{commitment_id}", response=responses({204: None}))
@api_access(MEMBER)
def delete_agreement_commitment(request: HttpRequest, commitment_id: int) -> Status:
    user = api_user(request)
    commitment = selectors.get_commitment_for(user, commitment_id)
    services.remove_commitment(user, commitment, request=request)
    return Status(204, None)


# --- Parties -------------------------------------------------------------------------------------


@router.post("/agreements/{agreement_id}/parties", response=responses({201: PartyOut}))
@api_access(MEMBER)
def add_agreement_party(
    request: HttpRequest, agreement_id: int, payload: PartyIn, response: HttpResponse
) -> Status:
    """Invite an organization, naming who answers and who signs for it; for the facilitator."""
    user = api_user(request)
    agreement = _agreement_for(request, agreement_id)
    organization = _organization(user, payload.organization)
    data = _party_data(user, payload.model_dump(exclude={"organization"}))
    party = services.add_party(user, agreement, organization, data, request=request)
    set_location(response, "get_agreement", agreement_id=agreement.pk)
    return Status(201, _party_for(request, party.pk))


@router.patch("/agreement-parties/{party_id}", response=responses({200: PartyOut}))
@api_access(MEMBER)
def update_agreement_party(
    request: HttpRequest, party_id: int, payload: PatchDict[PartyChangeIn]
) -> Party:
    """Whether the party must sign (the facilitator), and who answers and signs for it (the
    facilitator or the party's own representative or signatory)."""
    user = api_user(request)
    party = _party_for(request, party_id)
    services.update_party(user, party, _party_data(user, dict(payload)), request=request)
    return _party_for(request, party_id)


@router.post("/agreement-parties/{party_id}/withdraw", response=responses({200: PartyOut}))
@api_access(MEMBER)
def withdraw_agreement_party(request: HttpRequest, party_id: int, payload: WithdrawIn) -> Party:
    """Record that the party leaves the agreement; its commitments leave the matrix. For the
    facilitator, or the party's representative or signatory."""
    withdrawn_on = payload.withdrawn_on or timezone.localdate()
    services.withdraw_party(
        api_user(request),
        _party_for(request, party_id),
        withdrawn_on,
        payload.reason,
        request=request,
    )
    return _party_for(request, party_id)


@router.post("/agreement-parties/{party_id}/letter", response=responses({200: PartyOut}))
@api_access(MEMBER)
def issue_letter_to_party(request: HttpRequest, party_id: int) -> Party:
    """Issue the latest circulated text to a party that will not sign, as a letter of
    understanding; it is then no longer required to sign. For the facilitator."""
    services.issue_letter(api_user(request), _party_for(request, party_id), request=request)
    return _party_for(request, party_id)


# --- The parties' answers ------------------------------------------------------------------------


@router.get("/agreements/{agreement_id}/objections", response=responses({200: list[AnswerOut]}))
@api_access(MEMBER)
def list_open_objections(request: HttpRequest, agreement_id: int) -> list[dict[str, Any]]:
    """Every open objection and proposed wording, by clause then party; for the facilitator."""
    user = api_user(request)
    agreement = _agreement_for(request, agreement_id)
    _require_facilitator(user, agreement)
    return _answers(selectors.open_objections(agreement))


@router.post("/agreement-parties/{party_id}/answers", response=responses({200: AnswerOut}))
@api_access(MEMBER)
def answer_clause(request: HttpRequest, party_id: int, payload: AnswerIn) -> dict[str, Any]:
    """Accept a clause of the version under review, object to it, or propose other wording; for
    the party's representative (or the facilitator on its behalf). A later answer replaces it."""
    user = api_user(request)
    party = _party_for(request, party_id)
    clause = _named(
        lambda: selectors.get_clause_for(user, payload.clause),
        "clause",
        f"No clause with id {payload.clause}.",
    )
    answer = services.respond(
        user,
        party,
        clause,
        payload.kind,
        payload.reason,
        payload.proposed_text,
        request=request,
    )
    return _answers([answer])[0]


@router.post(
    "/agreement-parties/{party_id}/accept-remaining", response=responses({200: AcceptedOut})
)
@api_access(MEMBER)
def accept_remaining_clauses(request: HttpRequest, party_id: int) -> dict[str, Any]:
    """Accept every clause of the version under review the party has not answered yet."""
    accepted = services.accept_remaining(
        api_user(request), _party_for(request, party_id), request=request
    )
    return {"accepted": accepted, "party": _party_for(request, party_id)}


@router.post("/agreement-answers/{answer_id}/resolve", response=responses({200: AnswerOut}))
@api_access(MEMBER)
def resolve_objection(request: HttpRequest, answer_id: int, payload: ResolveIn) -> dict[str, Any]:
    """Close an objection without changing the text, saying how it was resolved; for the
    facilitator."""
    user = api_user(request)
    answer = selectors.get_resolvable_answer_for(user, answer_id)
    resolved = services.resolve_objection(user, answer, payload.resolution, request=request)
    return _answers([resolved])[0]


# --- Signatures ----------------------------------------------------------------------------------


@router.post("/agreement-parties/{party_id}/signature", response=responses({201: SignatureOut}))
@api_access(MEMBER)
def sign_for_party(
    request: HttpRequest, party_id: int, payload: SignatureIn, response: HttpResponse
) -> Status:
    """Sign the final version for the party; for its authorized signatory. The signature binds
    to `content_hash`, which must be the hash of the version's text as read: a different hash is
    refused, and so is a text that no longer hashes to it."""
    user = api_user(request)
    party = _party_for(request, party_id)
    version = selectors.get_version_for(user, party.agreement, payload.version)
    signature = services.sign(
        user,
        party,
        version,
        payload.model_dump(include={"typed_name", "signer_title", "signed_on"}),
        attested=payload.attested,
        content_hash=payload.content_hash,
        request=request,
    )
    set_location(
        response, "get_agreement_version", agreement_id=party.agreement_id, number=version.number
    )
    check = next(
        check for check in selectors.signatures_of(version) if check.signature.pk == signature.pk
    )
    return Status(201, _signature(check))


@router.post("/agreement-parties/{party_id}/decline", response=responses({200: PartyOut}))
@api_access(MEMBER)
def decline_to_sign(request: HttpRequest, party_id: int, payload: DeclineIn) -> Party:
    """The party will not sign, saying why; for its representative or signatory. The
    facilitator may then issue it the text as a letter of understanding."""
    services.decline(
        api_user(request), _party_for(request, party_id), payload.reason, request=request
    )
    return _party_for(request, party_id)


# --- The responsibility matrix -------------------------------------------------------------------


@router.get("/responsibility-matrix", response=responses({200: list[MatrixRowOut]}))
@api_access(MEMBER)
def get_responsibility_matrix(
    request: HttpRequest, filters: Query[MatrixQuery]
) -> list[dict[str, Any]]:
    """Who does what across the agreements the caller may read: a row per organization, a cell
    per agreement with its commitments, each flagged where it exceeds the capacity the directory
    lists. Withdrawn parties and expired agreements are left out."""
    rows = selectors.responsibility_matrix(
        api_user(request),
        include_negotiating=filters.include_negotiating,
        organization=filters.organization,
    )
    return _matrix(rows)
