"""Reads about agreements that depend on who is asking.

An agreement the user may not read answers 404, and so does a page for acting on it that the user
may not use (see `agreements.permissions` for who reads and acts). The responsibility matrix reads
the commitments of each agreement's governing text: the version in effect, or, for members who
follow the negotiation, the latest circulated one.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Cast, Coalesce, Least
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from taskforce.accounts.models import Role
from taskforce.agreements import text
from taskforce.agreements.capacity import Promise, capacity_warning
from taskforce.agreements.models import (
    INACTIVE_PARTY_STATUSES,
    Agreement,
    AgreementStatus,
    AgreementTemplate,
    AgreementVersion,
    Clause,
    ClauseResponse,
    Commitment,
    ObjectionState,
    Party,
    PartyStatus,
    ResponseKind,
    Section,
    Signature,
    VersionState,
)
from taskforce.agreements.permissions import (
    agreements_visible_q,
    can_read_negotiation,
    can_read_version,
    can_respond_for,
    can_sign_for,
    is_facilitator,
)
from taskforce.core.models import AuditEvent
from taskforce.directory.models import Organization, Person
from taskforce.directory.permissions import person_of
from taskforce.directory.selectors import listed_capacity

DUE_WITHIN_DAYS = 60

# --- Agreements ----------------------------------------------------------------------------------


def visible_agreements(user: Any) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(agreements_visible_q(user))
        .select_related("facilitator", "effective_version")
        .annotate(party_count=Count("parties", distinct=True))
    )


def get_agreement_for(user: Any, pk: int) -> Agreement:
    return get_object_or_404(visible_agreements(user), pk=pk)


def get_managed_agreement_for(user: Any, pk: int) -> Agreement:
    """An agreement the user facilitates; 404 for the others."""
    agreement = get_agreement_for(user, pk)
    if not is_facilitator(user, agreement):
        raise Http404("No agreement facilitated by you has this number.")
    return agreement


@dataclass(frozen=True)
class AgreementFilters:
    kind: str = ""
    status: str = ""
    organization: int | None = None
    q: str = ""
    due: bool = False


def search_agreements(user: Any, filters: AgreementFilters) -> QuerySet[Agreement]:
    agreements = visible_agreements(user)
    if filters.kind:
        agreements = agreements.filter(kind=filters.kind)
    if filters.status:
        agreements = agreements.filter(status=filters.status)
    if filters.organization:
        agreements = agreements.filter(parties__organization_id=filters.organization).distinct()
    if filters.q:
        agreements = agreements.filter(
            Q(title__icontains=filters.q) | Q(purpose__icontains=filters.q)
        )
    if filters.due:
        agreements = agreements.filter(due_soon_q())
    return agreements.order_by("title", "pk")


def due_soon_q(today: datetime.date | None = None) -> Q:
    """In effect and expiring or due for review within DUE_WITHIN_DAYS (or already past)."""
    horizon = (today or timezone.localdate()) + datetime.timedelta(days=DUE_WITHIN_DAYS)
    return Q(status=AgreementStatus.EFFECTIVE) & (
        Q(expires_on__lte=horizon) | Q(review_on__lte=horizon)
    )


def display_status(agreement: Agreement, today: datetime.date | None = None) -> str:
    """The status in words; an agreement past its expiry date says so without any job running."""
    today = today or timezone.localdate()
    if is_expired(agreement, today):
        return f"Expired on {agreement.expires_on:%Y-%m-%d}"
    return agreement.get_status_display()


def is_expired(agreement: Agreement, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        agreement.status == AgreementStatus.EFFECTIVE
        and agreement.expires_on
        and agreement.expires_on < today
    )


# --- Versions and their text ---------------------------------------------------------------------


def versions_for(user: Any, agreement: Agreement) -> list[AgreementVersion]:
    versions = AgreementVersion.objects.filter(agreement=agreement).select_related(
        "circulated_by", "agreement__effective_version"
    )
    return [version for version in versions.order_by("number") if can_read_version(user, version)]


def get_version_for(user: Any, agreement: Agreement, number: int) -> AgreementVersion:
    version = get_object_or_404(
        AgreementVersion.objects.select_related("agreement__effective_version", "circulated_by"),
        agreement=agreement,
        number=number,
    )
    if not can_read_version(user, version):
        raise Http404("No version with this number.")
    return version


def current_version_for(user: Any, agreement: Agreement) -> AgreementVersion | None:
    """The version the agreement page opens on: the working draft for its facilitator, else the
    latest the user may read."""
    versions = versions_for(user, agreement)
    return versions[-1] if versions else None


def get_draft_for(user: Any, agreement_pk: int) -> AgreementVersion:
    """The working draft of an agreement the user facilitates; 404 otherwise."""
    agreement = get_managed_agreement_for(user, agreement_pk)
    draft = AgreementVersion.objects.filter(agreement=agreement, state=VersionState.DRAFT).first()
    if draft is None:
        raise Http404("This agreement has no working draft.")
    draft.agreement = agreement
    return draft


def _editable(user: Any, model: Any, pk: int) -> Any:
    """A section, clause or commitment of a working draft the user facilitates; 404 otherwise."""
    row = get_object_or_404(
        model.objects.select_related("version__agreement"),
        pk=pk,
        version__state=VersionState.DRAFT,
    )
    if not is_facilitator(user, row.version.agreement):
        raise Http404("Nothing of yours to edit has this number.")
    return row


def get_editable_section_for(user: Any, pk: int) -> Section:
    section: Section = _editable(user, Section, pk)
    return section


def get_editable_clause_for(user: Any, pk: int) -> Clause:
    clause: Clause = _editable(user, Clause, pk)
    return clause


def get_editable_commitment_for(user: Any, pk: int) -> Commitment:
    commitment: Commitment = _editable(user, Commitment, pk)
    return commitment


def _readable(user: Any, model: Any, pk: int) -> Any:
    """A section, clause or commitment of a version the user may read, circulated or not (so
    that a change to a circulated one is refused by the services with a reason); 404 otherwise."""
    row = get_object_or_404(
        model.objects.select_related("version__agreement__effective_version"), pk=pk
    )
    agreement = row.version.agreement
    if not visible_agreements(user).filter(pk=agreement.pk).exists() or not can_read_version(
        user, row.version
    ):
        raise Http404("Nothing you may read has this number.")
    return row


def get_clause_for(user: Any, pk: int) -> Clause:
    """A clause of a version the user may read."""
    clause: Clause = _readable(user, Clause, pk)
    return clause


def get_section_for(user: Any, pk: int) -> Section:
    """A section of a version the user may read."""
    section: Section = _readable(user, Section, pk)
    return section


def get_commitment_for(user: Any, pk: int) -> Commitment:
    """A commitment of a version the user may read."""
    commitment: Commitment = _readable(user, Commitment, pk)
    return commitment


def sections_with_clauses(version: AgreementVersion) -> list[Section]:
    return list(
        Section.objects.filter(version=version)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("clauses", queryset=Clause.objects.order_by("order", "pk")))
    )


def commitments_of(version: AgreementVersion) -> list[Commitment]:
    return list(
        Commitment.objects.filter(version=version)
        .select_related("organization", "service_category")
        .order_by("organization__name", "order", "pk")
    )


def compare_versions(
    user: Any, agreement: Agreement, before: int, after: int
) -> tuple[AgreementVersion, AgreementVersion, text.Comparison]:
    older = get_version_for(user, agreement, before)
    newer = get_version_for(user, agreement, after)
    return older, newer, text.compare(text.document_of(older), text.document_of(newer))


# --- Parties, answers and signatures -------------------------------------------------------------


def parties_of(agreement: Agreement) -> list[Party]:
    return list(
        Party.objects.filter(agreement=agreement)
        .select_related("organization", "representative", "signatory", "letter_version")
        .order_by("organization__name")
    )


def own_party(user: Any, agreement: Agreement) -> Party | None:
    person = person_of(user)
    if person is None or person.organization_id is None:
        return None
    return (
        Party.objects.filter(agreement=agreement, organization_id=person.organization_id)
        .select_related("organization", "representative", "signatory", "agreement")
        .first()
    )


def get_party_for(user: Any, pk: int) -> Party:
    """A party of an agreement whose negotiation the user follows."""
    party = get_object_or_404(
        Party.objects.select_related(
            "agreement__facilitator", "agreement__effective_version", "organization"
        ),
        pk=pk,
    )
    if not can_read_negotiation(user, party.agreement):
        raise Http404("No party with this number.")
    return party


def get_answerable_party_for(user: Any, pk: int) -> Party:
    party = get_party_for(user, pk)
    if not can_respond_for(user, party):
        raise Http404("You do not answer for this party.")
    return party


def get_signing_party_for(user: Any, pk: int) -> Party:
    party = get_party_for(user, pk)
    if not can_sign_for(user, party):
        raise Http404("You do not sign for this party.")
    return party


def get_resolvable_answer_for(user: Any, pk: int) -> ClauseResponse:
    """A party's answer to a clause of an agreement the user facilitates; 404 for the others."""
    answer = get_object_or_404(
        ClauseResponse.objects.select_related(
            "party__agreement", "party__organization", "clause", "version"
        ),
        pk=pk,
    )
    if not is_facilitator(user, answer.party.agreement):
        raise Http404("No answer to an agreement you facilitate has this number.")
    return answer


def answers_of(party: Party, version: AgreementVersion) -> dict[int, ClauseResponse]:
    """Clause id -> the party's answer to it in this version."""
    return {
        answer.clause_id: answer
        for answer in ClauseResponse.objects.filter(party=party, version=version).select_related(
            "responded_by"
        )
    }


def answers_by_clause(version: AgreementVersion) -> dict[int, list[ClauseResponse]]:
    """Every party's answers, by clause: what the facilitator works from."""
    found: dict[int, list[ClauseResponse]] = {}
    answers = (
        ClauseResponse.objects.filter(version=version)
        .select_related("party__organization", "responded_by", "resolved_by")
        .order_by("party__organization__name")
    )
    for answer in answers:
        found.setdefault(answer.clause_id, []).append(answer)
    return found


def open_objections(agreement: Agreement) -> list[ClauseResponse]:
    """Open objections to any version, by clause then party."""
    return list(
        ClauseResponse.objects.filter(version__agreement=agreement, state=ObjectionState.OPEN)
        .exclude(kind=ResponseKind.ACCEPT)
        .select_related("party__organization", "clause__section", "version", "responded_by")
        .order_by(
            "version__number",
            "clause__section__order",
            "clause__order",
            "party__organization__name",
        )
    )


@dataclass(frozen=True)
class SignatureCheck:
    signature: Signature
    matches: bool


def signatures_of(version: AgreementVersion) -> list[SignatureCheck]:
    """The version's signatures, each checked against the text as it is now."""
    signatures = list(
        Signature.objects.filter(version=version)
        .select_related("party__organization", "signer")
        .order_by("signed_at")
    )
    if not signatures:
        return []
    computed = text.document_of(version).hash()
    return [
        SignatureCheck(signature, signature.content_hash == computed) for signature in signatures
    ]


# --- The responsibility matrix -------------------------------------------------------------------


@dataclass
class MatrixCell:
    agreement: Agreement
    version: AgreementVersion
    commitments: list[tuple[Commitment, str]] = field(default_factory=list)

    @property
    def in_effect(self) -> bool:
        return self.agreement.effective_version_id == self.version.pk


@dataclass
class MatrixRow:
    organization: Organization
    cells: list[MatrixCell] = field(default_factory=list)

    @property
    def warnings(self) -> int:
        return sum(1 for cell in self.cells for _, warning in cell.commitments if warning)


def _governing_versions(user: Any, include_negotiating: bool) -> dict[int, AgreementVersion]:
    """Agreement id -> the version whose commitments the matrix shows."""
    agreements = visible_agreements(user)
    governing: dict[int, AgreementVersion] = {}
    for agreement in agreements.filter(effective_version__isnull=False):
        assert agreement.effective_version is not None
        agreement.effective_version.agreement = agreement
        governing[agreement.pk] = agreement.effective_version
    if include_negotiating:
        following = [agreement for agreement in agreements if can_read_negotiation(user, agreement)]
        latest = (
            AgreementVersion.objects.filter(agreement__in=following)
            .exclude(state=VersionState.DRAFT)
            .order_by("agreement_id", "number")
        )
        by_pk = {agreement.pk: agreement for agreement in following}
        for version in latest:
            version.agreement = by_pk[version.agreement_id]
            governing[version.agreement_id] = version
    return governing


def responsibility_matrix(
    user: Any, *, include_negotiating: bool = False, organization: int | None = None
) -> list[MatrixRow]:
    """Who does what across the agreements the user may read: one row per organization, one cell
    per agreement holding its commitments, each with a capacity warning or "". Withdrawn parties'
    commitments are left out; expired agreements too."""
    today = timezone.localdate()
    governing = {
        pk: version
        for pk, version in _governing_versions(user, include_negotiating).items()
        if not is_expired(version.agreement, today)
        or version.agreement.effective_version_id != version.pk
    }
    withdrawn = set(
        Party.objects.filter(agreement_id__in=list(governing), status__in=INACTIVE_PARTY_STATUSES)
        .exclude(status=PartyStatus.LETTER)
        .values_list("agreement_id", "organization_id")
    )
    agreement_of_version = {version.pk: pk for pk, version in governing.items()}
    commitments = Commitment.objects.filter(version__in=list(governing.values())).select_related(
        "organization", "service_category"
    )
    if organization:
        commitments = commitments.filter(organization_id=organization)
    kept = [
        commitment
        for commitment in commitments.order_by("organization__name", "order", "pk")
        if (agreement_of_version[commitment.version_id], commitment.organization_id)
        not in withdrawn
    ]
    listed = listed_capacity({commitment.organization_id for commitment in kept})
    rows: dict[int, MatrixRow] = {}
    for commitment in kept:
        row = rows.setdefault(commitment.organization_id, MatrixRow(commitment.organization))
        version = governing[agreement_of_version[commitment.version_id]]
        cell = next((c for c in row.cells if c.version.pk == version.pk), None)
        if cell is None:
            cell = MatrixCell(version.agreement, version)
            row.cells.append(cell)
        cell.commitments.append((commitment, capacity_warning(promise_of(commitment), listed)))
    for row in rows.values():
        row.cells.sort(key=lambda cell: cell.agreement.title)
    return sorted(rows.values(), key=lambda row: row.organization.name)


def promise_of(commitment: Commitment) -> Promise:
    category = commitment.service_category
    return Promise(
        organization_id=commitment.organization_id,
        category_id=commitment.service_category_id,
        category=category.name if category else "",
        quantity=commitment.quantity,
        unit=commitment.unit,
        around_the_clock=commitment.around_the_clock,
    )


def capacity_warnings(commitments: list[Commitment]) -> dict[int, str]:
    """Commitment id -> its capacity warning, for one version's commitments."""
    listed = listed_capacity({commitment.organization_id for commitment in commitments})
    return {
        commitment.pk: capacity_warning(promise_of(commitment), listed)
        for commitment in commitments
    }


MATRIX_CSV_HEADER = (
    "Organization",
    "Agreement",
    "Kind",
    "Version",
    "In effect",
    "Commitment",
    "Service category",
    "Quantity",
    "Unit",
    "24/7",
    "Capacity warning",
)


def _cell_text(value: Any) -> str:
    """Spreadsheets run cells that start like a formula; such text gets a leading apostrophe."""
    text_value = "" if value is None else str(value)
    return f"'{text_value}" if text_value[:1] in ("=", "+", "-", "@", "\t", "\r") else text_value


def matrix_csv_lines(rows: list[MatrixRow]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: tuple[Any, ...]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell_text(value) for value in values])
        return buffer.getvalue()

    yield line(MATRIX_CSV_HEADER)
    for row in rows:
        for cell in row.cells:
            for commitment, warning in cell.commitments:
                yield line(
                    (
                        row.organization.name,
                        cell.agreement.title,
                        cell.agreement.get_kind_display(),
                        cell.version.number,
                        "yes" if cell.in_effect else "no",
                        commitment.description,
                        commitment.service_category.name if commitment.service_category else "",
                        commitment.quantity,
                        commitment.unit,
                        "yes" if commitment.around_the_clock else "no",
                        warning,
                    )
                )


# --- Elsewhere: an organization's profile, the dashboard -----------------------------------------


def get_letter_for(user: Any, party_pk: int) -> tuple[Party, AgreementVersion]:
    """A party issued a letter of understanding, with the version it was issued, for whoever may
    read that version; 404 when no letter was issued or the version is not theirs to read."""
    party = get_object_or_404(
        Party.objects.select_related("organization", "letter_version"), pk=party_pk
    )
    agreement = get_agreement_for(user, party.agreement_id)
    if party.letter_version is None:
        raise Http404("No letter of understanding was issued to this party.")
    party.agreement = agreement
    return party, get_version_for(user, agreement, party.letter_version.number)


def agreements_of_organization(user: Any, organization: Organization) -> list[Party]:
    """The organization's parties to agreements the user may read, with each agreement."""
    visible = visible_agreements(user).values("pk")
    return list(
        Party.objects.filter(organization=organization, agreement__in=visible)
        .select_related("agreement__effective_version", "letter_version")
        .order_by("agreement__title")
    )


@dataclass(frozen=True)
class Awaiting:
    """A party the user must act for, and the version they must act on."""

    party: Party
    version: AgreementVersion

    @property
    def action(self) -> str:
        verb = "Sign" if self.version.state == VersionState.FINAL else "Answer"
        return f"{verb} version {self.version.number}"


def awaiting(user: Any) -> list[Awaiting]:
    """What the user must do for a party: answer a version under review (its representative), or
    sign a final one (its signatory). Two queries."""
    person = person_of(user)
    if person is None:
        return []
    parties = list(
        Party.objects.filter(Q(representative=person) | Q(signatory=person))
        .exclude(status__in=(*INACTIVE_PARTY_STATUSES, PartyStatus.SIGNED))
        .select_related("agreement", "organization")
        .order_by("agreement__title", "pk")
    )
    latest: dict[int, AgreementVersion] = {}
    versions = (
        AgreementVersion.objects.filter(agreement_id__in={party.agreement_id for party in parties})
        .exclude(state=VersionState.DRAFT)
        .order_by("agreement_id", "number")
    )
    for circulated in versions:
        latest[circulated.agreement_id] = circulated
    found = []
    for party in parties:
        version = latest.get(party.agreement_id)
        if version is None:
            continue
        answering = (
            version.state == VersionState.REVIEW
            and party.representative_id == person.pk
            and party.status in (PartyStatus.INVITED, PartyStatus.REVIEWING)
        )
        signing = version.state == VersionState.FINAL and party.signatory_id == person.pk
        if answering or signing:
            found.append(Awaiting(party, version))
    return found


def awaiting_me(user: Any) -> list[Party]:
    """The parties the user must act for (see `awaiting`)."""
    return [item.party for item in awaiting(user)]


def signed_version_in_effect(parties: list[Party]) -> set[int]:
    """The parties among these that signed the version in effect of their agreement."""
    return set(
        Signature.objects.filter(
            party__in=parties, version_id=F("party__agreement__effective_version_id")
        ).values_list("party_id", flat=True)
    )


def party_organizations(agreement: Agreement | int) -> QuerySet[Organization]:
    return Organization.objects.filter(agreement_parties__agreement=agreement).order_by("name")


def due_soon_for(user: Any) -> list[Agreement]:
    """Soonest first, by whichever of the expiry and the review comes first (databases disagree
    on where an empty date sorts, so neither is sorted on directly)."""
    first_due = Least(Coalesce("expires_on", "review_on"), Coalesce("review_on", "expires_on"))
    return list(
        visible_agreements(user)
        .filter(due_soon_q())
        .annotate(first_due=first_due)
        .order_by("first_due", "title", "pk")
    )


def templates() -> QuerySet[AgreementTemplate]:
    return AgreementTemplate.objects.order_by("name")


def get_template(pk: int) -> AgreementTemplate:
    return get_object_or_404(AgreementTemplate, pk=pk)


# --- For the facilitator's pages -----------------------------------------------------------------

HISTORY_LIMIT = 200


def people_who_may_act(organization_id: int | None = None) -> QuerySet[Person]:
    """Active people with an active member account (not visitors): those who may facilitate,
    represent or sign. Optionally only the staff of one organization."""
    people = (
        Person.objects.filter(is_active=True, user__is_active=True)
        .exclude(user__role=Role.VISITOR)
        .select_related("organization")
    )
    if organization_id is not None:
        people = people.filter(organization_id=organization_id)
    return people.order_by("last_name", "first_name", "pk")


def agreement_history(user: Any, agreement: Agreement) -> list[AuditEvent]:
    """The latest audit events about the agreement, its versions, parties, text, answers and
    signatures, for its facilitator (others get none). Events are found through the rows that
    still exist: a removed clause or a discarded draft shows in the full audit log only."""
    if not is_facilitator(user, agreement):
        return []

    def ids(rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.annotate(text_pk=Cast("pk", CharField())).values("text_pk")

    related = {
        "agreements.agreement": ids(Agreement.objects.filter(pk=agreement.pk)),
        "agreements.agreementversion": ids(AgreementVersion.objects.filter(agreement=agreement)),
        "agreements.party": ids(Party.objects.filter(agreement=agreement)),
        "agreements.section": ids(Section.objects.filter(version__agreement=agreement)),
        "agreements.clause": ids(Clause.objects.filter(version__agreement=agreement)),
        "agreements.commitment": ids(Commitment.objects.filter(version__agreement=agreement)),
        "agreements.clauseresponse": ids(
            ClauseResponse.objects.filter(version__agreement=agreement)
        ),
        "agreements.signature": ids(Signature.objects.filter(version__agreement=agreement)),
    }
    condition = Q(pk__in=[])
    for target_type, target_ids in related.items():
        condition |= Q(target_type=target_type, target_id__in=target_ids)
    return list(
        AuditEvent.objects.filter(condition)
        .select_related("actor")
        .order_by("-sequence")[:HISTORY_LIMIT]
    )
