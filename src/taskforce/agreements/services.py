"""Every change to agreements: their text, parties and commitments, circulation, the parties'
answers, signatures, letters of understanding, withdrawal, review and the daily reminders.

Each function takes the acting user first, checks who may act (`agreements.permissions`), validates,
changes the data and records the audit event in one transaction; invalid input raises
`ValidationError` with field errors that the pages and the API show. The text is edited only in the
working draft; circulating freezes it (the rows refuse later changes themselves, see
`agreements.models`). Signing checks the text against its hash before the signature is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from taskforce.agreements import mail, text
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
    ResponseKind,
    Section,
    Signature,
    VersionState,
)
from taskforce.agreements.permissions import (
    agreements_visible_q,
    can_name_party_people,
    can_read_version,
    can_respond_for,
    can_sign_for,
    can_start_agreements,
    is_facilitator,
    speaks_for,
)
from taskforce.core import audit
from taskforce.core.access import MEMBER
from taskforce.core.services_support import (
    Direction,
    assign_fields,
    created_changes,
    delete_recorded,
    next_order,
    snapshot,
    swap_with_neighbour,
    update_recorded,
)
from taskforce.directory.models import Organization, Person
from taskforce.governance.handover import reassign_owned

AGREEMENT_FIELDS = (
    "kind",
    "subject",
    "title",
    "purpose",
    "task_force_wide",
    "facilitator",
    "expires_on",
    "review_on",
)
AGREEMENT_EDIT_FIELDS = tuple(name for name in AGREEMENT_FIELDS if name != "facilitator")
PARTY_FIELDS = ("required", "representative", "signatory")
SECTION_FIELDS = ("heading",)
CLAUSE_FIELDS = ("heading", "text")
COMMITMENT_FIELDS = (
    "organization",
    "description",
    "service_category",
    "quantity",
    "unit",
    "around_the_clock",
)
SIGNATURE_FIELDS = ("typed_name", "signer_title", "signed_on")

FACILITATOR_ONLY = "Only the agreement's facilitator may do this."
NO_DRAFT = "There is no working draft: start a new version to change the text."
# How long before an expiry or a review date the facilitator and the parties are reminded.
REMINDER_DAYS = 60


# --- Shared checks and helpers -------------------------------------------------------------------


def _require_facilitator(actor: Any, agreement: Agreement) -> None:
    if not is_facilitator(actor, agreement):
        raise PermissionDenied(FACILITATOR_ONLY)


def _validate(instance: models.Model, errors: dict[str, list[str]] | None = None) -> None:
    errors = dict(errors or {})
    try:
        instance.full_clean(validate_constraints=False, validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _locked_agreement(agreement: Agreement | int) -> Agreement:
    pk = agreement if isinstance(agreement, int) else agreement.pk
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("facilitator", "effective_version")
        .get(pk=pk)
    )


def _record(
    actor: Any,
    action: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
    *,
    request: HttpRequest | None = None,
    label: str | None = None,
) -> None:
    audit.record(actor, action, target, changes=changes, request=request, target_label=label)


def latest_frozen(agreement: Agreement) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.filter(agreement=agreement)
        .exclude(state=VersionState.DRAFT)
        .order_by("-number")
        .first()
    )


def working_draft(agreement: Agreement) -> AgreementVersion | None:
    return AgreementVersion.objects.filter(agreement=agreement, state=VersionState.DRAFT).first()


def _require_draft(version: AgreementVersion) -> None:
    if version.is_frozen:
        raise ValidationError(
            f"Version {version.number} has been circulated and can no longer change. "
            "Start a new version to revise the text."
        )


def _version_label(version: AgreementVersion) -> str:
    return f"{version.agreement.title}, version {version.number}"


def _party_label(party: Party) -> str:
    return f"{party.organization} in {party.agreement.title}"


# --- Agreements ----------------------------------------------------------------------------------


def _agreement_errors(agreement: Agreement) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if agreement.kind != AgreementKind.PROTOCOL and agreement.subject:
        errors["subject"] = ["Only operational protocols have a subject; leave it empty."]
    if agreement.expires_on and agreement.review_on and agreement.review_on > agreement.expires_on:
        errors["review_on"] = ["The review must come on or before the expiry date."]
    facilitator = agreement.facilitator if agreement.facilitator_id else None
    if facilitator is not None and not _can_facilitate(facilitator):
        errors["facilitator"] = [FACILITATOR_NEEDS_ACCOUNT]
    return errors


FACILITATOR_NEEDS_ACCOUNT = (
    "The facilitator must be an active member with an account, to circulate drafts."
)


def _can_facilitate(person: Person) -> bool:
    return bool(person.is_active and person.user_id and MEMBER.allows(person.user))


def create_agreement(
    actor: Any,
    data: Mapping[str, Any],
    *,
    template: AgreementTemplate | None = None,
    request: HttpRequest | None = None,
) -> Agreement:
    """Start an agreement with its first working draft; from a template, the draft holds the
    template's sections and clauses. `data` holds AGREEMENT_FIELDS."""
    if not can_start_agreements(actor):
        raise PermissionDenied("Coordinators start agreements and name their facilitator.")
    agreement = Agreement(template=template)
    assign_fields(agreement, data, AGREEMENT_FIELDS, strip=True)
    _validate(agreement, _agreement_errors(agreement))
    with transaction.atomic():
        agreement.save()
        version = AgreementVersion.objects.create(agreement=agreement, number=1)
        if template is not None:
            _copy_template(template, version)
        _record(
            actor,
            "agreements.agreement.created",
            agreement,
            created_changes(agreement, AGREEMENT_FIELDS, choice_labels=True)
            | ({"template": {"from": None, "to": template.name}} if template else {}),
            request=request,
        )
    return agreement


def _copy_template(template: AgreementTemplate, version: AgreementVersion) -> None:
    for section_order, section_data in enumerate(template.sections, start=1):
        section = Section.objects.create(
            version=version, order=section_order, heading=str(section_data.get("heading", ""))
        )
        Clause.objects.bulk_create(
            Clause(
                version=version,
                section=section,
                order=clause_order,
                heading=str(clause.get("heading", "")),
                text=str(clause.get("text", "")),
            )
            for clause_order, clause in enumerate(section_data.get("clauses", []), start=1)
        )


def update_agreement(
    actor: Any,
    agreement: Agreement,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Agreement:
    """Title, purpose and the rest: the next circulated version carries the title and purpose;
    the kind is fixed once a version has been circulated."""
    _require_facilitator(actor, agreement)
    with transaction.atomic():
        agreement = _locked_agreement(agreement)
        circulated = latest_frozen(agreement) is not None

        def validate() -> None:
            errors = _agreement_errors(agreement)
            if circulated and "kind" in data and data["kind"] != stored_kind:
                errors["kind"] = ["The kind of agreement is fixed once a version is circulated."]
            _validate(agreement, errors)

        stored_kind = agreement.kind
        update_recorded(
            actor,
            agreement,
            data,
            fields=AGREEMENT_EDIT_FIELDS,
            audit_fields=AGREEMENT_EDIT_FIELDS,
            action="agreements.agreement.updated",
            validate=validate,
            request=request,
            choice_labels=True,
        )
    return agreement


def hand_over_facilitation(
    actor: Any, agreement: Agreement, successor: Person, *, request: HttpRequest | None = None
) -> Agreement:
    """The facilitator hands the agreement to another member."""
    _require_facilitator(actor, agreement)
    with transaction.atomic():
        agreement = _locked_agreement(agreement)
        update_recorded(
            actor,
            agreement,
            {"facilitator": successor},
            fields=("facilitator",),
            audit_fields=("facilitator",),
            action="agreements.agreement.facilitator_changed",
            validate=lambda: _validate(agreement, _agreement_errors(agreement)),
            request=request,
        )
    return agreement


def reassign_facilitation(
    actor: Any,
    agreement_ids: Iterable[int],
    outgoing: Person,
    incoming: Person,
    *,
    request: HttpRequest | None = None,
) -> int:
    """Give the agreements among `agreement_ids` that `outgoing` facilitates to `incoming`;
    return how many moved.

    Part of a handover: the governance handover decides who may hand over and runs this inside
    its own transaction, so the outgoing facilitator (who may have left) need not act. Every
    chosen agreement must still be facilitated by the outgoing person, or the whole handover is
    abandoned so its record stays true."""
    if not _can_facilitate(incoming):
        raise ValidationError({"incoming": [FACILITATOR_NEEDS_ACCOUNT]})
    return reassign_owned(
        actor,
        Agreement.objects.all(),
        list(agreement_ids),
        "facilitator",
        outgoing,
        incoming,
        action="agreements.agreement.facilitator_changed",
        label=str,
        no_longer_held=(
            f"Some of the chosen agreements are no longer facilitated by {outgoing}. "
            "Reload the handover and choose again."
        ),
        request=request,
    )


def delete_agreement(
    actor: Any, agreement: Agreement, *, request: HttpRequest | None = None
) -> None:
    """Only an agreement that was never circulated can be deleted; the others are kept."""
    _require_facilitator(actor, agreement)
    with transaction.atomic():
        agreement = _locked_agreement(agreement)
        if latest_frozen(agreement) is not None:
            raise ValidationError("An agreement that has been circulated is kept for the record.")
        AgreementVersion.objects.filter(agreement=agreement).delete()
        delete_recorded(
            actor,
            agreement,
            "agreements.agreement.deleted",
            AGREEMENT_FIELDS,
            label=str(agreement),
            request=request,
            choice_labels=True,
        )


# --- Parties -------------------------------------------------------------------------------------


def _party_errors(party: Party) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("representative", "signatory"):
        person: Person | None = getattr(party, name)
        if person is None:
            continue
        if person.organization_id != party.organization_id:
            errors.setdefault(name, []).append(
                f"{person} is not on the staff of {party.organization}."
            )
        elif not (person.is_active and person.user_id and MEMBER.allows(person.user)):
            errors.setdefault(name, []).append(
                f"{person} needs an active member account to act for the party."
            )
    return errors


def add_party(
    actor: Any,
    agreement: Agreement,
    organization: Organization,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Party:
    """Invite an organization; `data` holds PARTY_FIELDS. An organization may join an agreement
    in effect by signing the version in effect."""
    _require_facilitator(actor, agreement)
    with transaction.atomic():
        agreement = _locked_agreement(agreement)
        party = Party(agreement=agreement, organization=organization)
        assign_fields(party, data, PARTY_FIELDS)
        errors = _party_errors(party)
        if Party.objects.filter(agreement=agreement, organization=organization).exists():
            errors.setdefault("organization", []).append(
                f"{organization} is already a party to this agreement."
            )
        _validate(party, errors)
        party.status_changed_at = timezone.now()
        party.save()
        _record(
            actor,
            "agreements.party.added",
            party,
            created_changes(party, ("organization", *PARTY_FIELDS)),
            request=request,
            label=_party_label(party),
        )
    return party


def update_party(
    actor: Any, party: Party, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Party:
    """Whether the party is required (the facilitator), and who represents and signs for it (the
    facilitator, or the party's own representative or signatory)."""
    if "required" in data and not is_facilitator(actor, party.agreement):
        raise PermissionDenied("Only the facilitator decides which parties must sign.")
    if not can_name_party_people(actor, party):
        raise PermissionDenied("Only the facilitator or the party itself may change this.")
    with transaction.atomic():
        agreement = _locked_agreement(party.agreement_id)
        party = Party.objects.select_for_update(of=("self",)).get(pk=party.pk)
        update_recorded(
            actor,
            party,
            data,
            fields=PARTY_FIELDS,
            audit_fields=PARTY_FIELDS,
            action="agreements.party.updated",
            validate=lambda: _validate(party, _party_errors(party)),
            label=lambda: _party_label(party),
            request=request,
        )
        _settle(actor, agreement, request=request)
    return party


def remove_party(actor: Any, party: Party, *, request: HttpRequest | None = None) -> None:
    """A party invited by mistake; once it has answered or signed, record a withdrawal instead."""
    _require_facilitator(actor, party.agreement)
    with transaction.atomic():
        agreement = _locked_agreement(party.agreement_id)
        if party.responses.exists() or party.signatures.exists():
            raise ValidationError(
                f"{party.organization} has answered or signed: record its withdrawal instead."
            )
        if (
            Commitment.objects.filter(
                version__agreement=agreement, organization_id=party.organization_id
            )
            .exclude(version__state=VersionState.DRAFT)
            .exists()
        ):
            raise ValidationError(
                f"Circulated versions hold commitments of {party.organization}: record its "
                "withdrawal instead."
            )
        draft = working_draft(agreement)
        if draft is not None:
            Commitment.objects.filter(version=draft, organization_id=party.organization_id).delete()
        delete_recorded(
            actor,
            party,
            "agreements.party.removed",
            ("organization", *PARTY_FIELDS),
            label=_party_label(party),
            request=request,
        )
        _settle(actor, agreement, request=request)


def withdraw_party(
    actor: Any,
    party: Party,
    withdrawn_on: datetime.date,
    reason: str,
    *,
    request: HttpRequest | None = None,
) -> Party:
    """Record that a party leaves the agreement. Its commitments leave the responsibility matrix
    and the working draft, and its open objections close (they no longer hold up the call for
    signatures); what it signed stays on record."""
    if not (is_facilitator(actor, party.agreement) or speaks_for(actor, party)):
        raise PermissionDenied("The facilitator or the party itself records a withdrawal.")
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Say why the party withdraws; it stays on the record."]
    if withdrawn_on > timezone.localdate():
        errors["withdrawn_on"] = ["Record a withdrawal on or after the day it happens."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement = _locked_agreement(party.agreement_id)
        party = Party.objects.select_for_update(of=("self",)).get(pk=party.pk)
        if party.status == PartyStatus.WITHDRAWN:
            raise ValidationError(f"{party.organization} has already withdrawn.")
        before = snapshot(party, ("status",), choice_labels=True)
        party.status = PartyStatus.WITHDRAWN
        party.withdrawn_on = withdrawn_on
        party.withdrawal_reason = reason.strip()
        party.required = False
        party.status_changed_at = timezone.now()
        party.save()
        draft = working_draft(agreement)
        dropped = (
            Commitment.objects.filter(
                version=draft, organization_id=party.organization_id
            ).delete()[0]
            if draft is not None
            else 0
        )
        closed = (
            ClauseResponse.objects.filter(party=party, state=ObjectionState.OPEN)
            .exclude(kind=ResponseKind.ACCEPT)
            .update(
                state=ObjectionState.RESOLVED,
                resolution="The party withdrew from the agreement.",
                resolved_by=actor,
                resolved_at=party.status_changed_at,
            )
        )
        _record(
            actor,
            "agreements.party.withdrawn",
            party,
            audit.diff(before, snapshot(party, ("status",), choice_labels=True))
            | {
                "withdrawn_on": {"from": None, "to": withdrawn_on.isoformat()},
                "reason": {"from": None, "to": party.withdrawal_reason},
            }
            | ({"draft_commitments_removed": {"to": dropped}} if dropped else {})
            | ({"objections_closed": {"to": closed}} if closed else {}),
            request=request,
            label=_party_label(party),
        )
        _settle(actor, agreement, request=request)
    return party


# --- The working draft: sections, clauses, commitments -------------------------------------------


def _draft_for_edit(actor: Any, version: AgreementVersion) -> AgreementVersion:
    """Lock the agreement and return the version, refusing anyone but the facilitator and any
    version already circulated. Call inside a transaction."""
    _require_facilitator(actor, version.agreement)
    _locked_agreement(version.agreement_id)
    version = AgreementVersion.objects.select_related("agreement").get(pk=version.pk)
    _require_draft(version)
    return version


def _text_errors(value: str, name: str, what: str) -> dict[str, list[str]]:
    return {name: [f"Write the {what}."]} if not value.strip() else {}


def _add_to_draft(
    actor: Any,
    piece: Section | Clause | Commitment,
    fields: tuple[str, ...],
    errors: Callable[[], dict[str, list[str]]],
    action: str,
    label: Callable[[], str],
    request: HttpRequest | None,
) -> None:
    """Validate and save a new piece of the working draft and record it. Call inside the
    transaction that locked the draft (`_draft_for_edit`)."""
    _validate(piece, errors())
    piece.save()
    _record(actor, action, piece, created_changes(piece, fields), request=request, label=label())


def add_section(
    actor: Any, version: AgreementVersion, heading: str, *, request: HttpRequest | None = None
) -> Section:
    with transaction.atomic():
        version = _draft_for_edit(actor, version)
        section = Section(
            version=version,
            heading=heading.strip(),
            order=next_order(Section.objects.filter(version=version)),
        )
        _add_to_draft(
            actor,
            section,
            SECTION_FIELDS,
            lambda: _text_errors(heading, "heading", "section's heading"),
            "agreements.section.added",
            lambda: f"{_version_label(version)}: {section.heading}",
            request,
        )
    return section


def update_section(
    actor: Any, section: Section, heading: str, *, request: HttpRequest | None = None
) -> Section:
    with transaction.atomic():
        version = _draft_for_edit(actor, section.version)
        section = Section.objects.select_for_update(of=("self",)).get(pk=section.pk)
        update_recorded(
            actor,
            section,
            {"heading": heading.strip()},
            fields=SECTION_FIELDS,
            audit_fields=SECTION_FIELDS,
            action="agreements.section.updated",
            validate=lambda: _validate(
                section, _text_errors(heading, "heading", "section's heading")
            ),
            label=f"{_version_label(version)}: {heading.strip()}",
            request=request,
        )
    return section


def remove_section(actor: Any, section: Section, *, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        version = _draft_for_edit(actor, section.version)
        label = f"{_version_label(version)}: {section.heading}"
        removed = list(Clause.objects.filter(section=section).values_list("text", flat=True))
        _record(
            actor,
            "agreements.section.removed",
            section,
            {"heading": {"from": section.heading, "to": None}, "clauses": {"from": removed}},
            request=request,
            label=label,
        )
        section.delete()
        _renumber(Section.objects.filter(version=version))


def move_section(
    actor: Any, section: Section, direction: Direction, *, request: HttpRequest | None = None
) -> Section:
    with transaction.atomic():
        version = _draft_for_edit(actor, section.version)
        return _move(
            actor,
            list(Section.objects.filter(version=version).order_by("order", "pk")),
            section,
            direction,
            "agreements.section.moved",
            f"{_version_label(version)}: {section.heading}",
            request,
        )


def _move(
    actor: Any,
    rows: list[Any],
    row: Any,
    direction: Direction,
    action: str,
    label: str,
    request: HttpRequest | None,
) -> Any:
    index = next(i for i, candidate in enumerate(rows) if candidate.pk == row.pk)
    before = rows[index].order
    moved = swap_with_neighbour(rows, index, direction)
    if moved is not None:
        _record(
            actor,
            action,
            moved,
            {"order": {"from": before, "to": moved.order}},
            request=request,
            label=label,
        )
        return moved
    # Nothing moved: the row as stored, not the caller's copy.
    return rows[index]


def _renumber(rows: models.QuerySet[Any]) -> None:
    for position, row in enumerate(rows.order_by("order", "pk"), start=1):
        if row.order != position:
            row.order = position
            row.save(update_fields=["order"])


def _clause_label(version: AgreementVersion, clause: Clause) -> str:
    return f"{_version_label(version)}: {clause.heading or clause.text[:60]}"


def add_clause(
    actor: Any,
    section: Section,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Clause:
    """`data` holds CLAUSE_FIELDS."""
    with transaction.atomic():
        version = _draft_for_edit(actor, section.version)
        clause = Clause(
            version=version,
            section=section,
            order=next_order(Clause.objects.filter(section=section)),
        )
        assign_fields(clause, data, CLAUSE_FIELDS, strip=True)
        _add_to_draft(
            actor,
            clause,
            CLAUSE_FIELDS,
            lambda: _text_errors(clause.text, "text", "clause's text"),
            "agreements.clause.added",
            lambda: _clause_label(version, clause),
            request,
        )
    return clause


def update_clause(
    actor: Any, clause: Clause, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Clause:
    with transaction.atomic():
        version = _draft_for_edit(actor, clause.version)
        clause = Clause.objects.select_for_update(of=("self",)).get(pk=clause.pk)
        update_recorded(
            actor,
            clause,
            {name: data[name] for name in CLAUSE_FIELDS if name in data},
            fields=CLAUSE_FIELDS,
            audit_fields=CLAUSE_FIELDS,
            action="agreements.clause.updated",
            validate=lambda: _validate(clause, _text_errors(clause.text, "text", "clause's text")),
            label=lambda: _clause_label(version, clause),
            request=request,
        )
    return clause


def remove_clause(actor: Any, clause: Clause, *, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        version = _draft_for_edit(actor, clause.version)
        section_id = clause.section_id
        delete_recorded(
            actor,
            clause,
            "agreements.clause.removed",
            CLAUSE_FIELDS,
            label=_clause_label(version, clause),
            request=request,
        )
        _renumber(Clause.objects.filter(section_id=section_id))


def move_clause(
    actor: Any, clause: Clause, direction: Direction, *, request: HttpRequest | None = None
) -> Clause:
    """Up or down within its section."""
    with transaction.atomic():
        version = _draft_for_edit(actor, clause.version)
        return _move(
            actor,
            list(Clause.objects.filter(section_id=clause.section_id).order_by("order", "pk")),
            clause,
            direction,
            "agreements.clause.moved",
            _clause_label(version, clause),
            request,
        )


def _commitment_errors(commitment: Commitment, agreement: Agreement) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if commitment.organization_id:
        party = Party.objects.filter(
            agreement=agreement, organization_id=commitment.organization_id
        ).first()
        if party is None:
            errors["organization"] = ["Commitments belong to parties: add the organization first."]
        elif party.status == PartyStatus.WITHDRAWN:
            errors["organization"] = ["This organization has withdrawn from the agreement."]
    if not commitment.description.strip():
        errors["description"] = ["Say what the party commits to."]
    if commitment.quantity is not None and not commitment.unit.strip():
        errors["unit"] = ["Give the unit of the quantity, e.g. beds or investigators."]
    return errors


def add_commitment(
    actor: Any,
    version: AgreementVersion,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Commitment:
    """`data` holds COMMITMENT_FIELDS."""
    with transaction.atomic():
        version = _draft_for_edit(actor, version)
        commitment = Commitment(version=version)
        assign_fields(commitment, data, COMMITMENT_FIELDS, strip=True)
        commitment.order = next_order(
            Commitment.objects.filter(version=version, organization_id=commitment.organization_id)
        )
        _add_to_draft(
            actor,
            commitment,
            COMMITMENT_FIELDS,
            lambda: _commitment_errors(commitment, version.agreement),
            "agreements.commitment.added",
            lambda: f"{_version_label(version)}: {commitment.description}",
            request,
        )
    return commitment


def update_commitment(
    actor: Any,
    commitment: Commitment,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Commitment:
    with transaction.atomic():
        version = _draft_for_edit(actor, commitment.version)
        commitment = Commitment.objects.select_for_update(of=("self",)).get(pk=commitment.pk)
        update_recorded(
            actor,
            commitment,
            data,
            fields=COMMITMENT_FIELDS,
            audit_fields=COMMITMENT_FIELDS,
            action="agreements.commitment.updated",
            validate=lambda: _validate(
                commitment, _commitment_errors(commitment, version.agreement)
            ),
            label=lambda: f"{_version_label(version)}: {commitment.description}",
            request=request,
        )
    return commitment


def remove_commitment(
    actor: Any, commitment: Commitment, *, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        version = _draft_for_edit(actor, commitment.version)
        delete_recorded(
            actor,
            commitment,
            "agreements.commitment.removed",
            COMMITMENT_FIELDS,
            label=f"{_version_label(version)}: {commitment.description}",
            request=request,
        )


# --- Versions: circulation, revision, the call for signatures -----------------------------------


def circulate(
    actor: Any,
    version: AgreementVersion,
    change_note: str = "",
    *,
    final: bool = False,
    request: HttpRequest | None = None,
) -> AgreementVersion:
    """Freeze the working draft and send it to the parties: for their review, or (`final`) for
    signature; a final letter of understanding, which nobody signs, is issued at once. Open
    objections to earlier versions are answered by this one."""
    with transaction.atomic():
        version = _draft_for_edit(actor, version)
        agreement = _locked_agreement(version.agreement_id)
        document = text.document_of(version)
        errors: dict[str, list[str]] = {}
        if document.clause_count() == 0:
            errors.setdefault("__all__", []).append("Write at least one clause before circulating.")
        # A new text is put to every party still in the agreement: those that declined an
        # earlier one may accept this one, and those a letter of understanding was issued to
        # review its amendments too.
        active = [
            party
            for party in agreement.parties.all()
            if party.is_active
            or party.status == PartyStatus.DECLINED
            or (agreement.is_letter and party.status == PartyStatus.LETTER)
        ]
        if not active:
            errors.setdefault("__all__", []).append("Invite the parties before circulating.")
        if final:
            for name, messages in _signing_errors(agreement, active).items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        version.title = agreement.title
        version.purpose = agreement.purpose
        version.change_note = change_note.strip()
        version.content_hash = document.hash()
        version.circulated_at = now
        version.circulated_by = actor
        version.state = VersionState.FINAL if final else VersionState.REVIEW
        if final:
            version.finalized_at = now
        version.save()
        superseded = ClauseResponse.objects.filter(
            version__agreement=agreement, state=ObjectionState.OPEN
        ).exclude(kind=ResponseKind.ACCEPT)
        answered = superseded.update(
            state=ObjectionState.SUPERSEDED,
            resolution=f"Answered by version {version.number}.",
            resolved_at=now,
        )
        Party.objects.filter(pk__in=[party.pk for party in active]).update(
            status=PartyStatus.INVITED, status_changed_at=now, declined_reason=""
        )
        if agreement.effective_version_id is None:
            agreement.status = AgreementStatus.SIGNING if final else AgreementStatus.NEGOTIATING
            agreement.save(update_fields=["status", "updated_at"])
        _record(
            actor,
            "agreements.version.finalized" if final else "agreements.version.circulated",
            version,
            {
                "state": {"from": "Working draft", "to": version.get_state_display()},
                "content_hash": {"from": None, "to": version.content_hash},
                "objections_answered": {"from": None, "to": answered},
            },
            request=request,
            label=_version_label(version),
        )
        if final and agreement.is_letter:
            # Nobody signs a letter of understanding: its final text is issued at once.
            _issue_letter_text(actor, agreement, version, request=request)
            return version
        recipients = [
            person_id
            for party in active
            for person_id in (party.representative_id, party.signatory_id)
            if person_id
        ]
        mail.send_on_commit(
            actor,
            version,
            "final" if final else "circulated",
            recipients,
            request=request,
        )
    return version


def _signing_errors(agreement: Agreement, active: list[Party]) -> dict[str, list[str]]:
    if agreement.is_letter:
        return {}
    required = [party for party in active if party.required]
    if not required:
        return {"__all__": ["Mark at least one party as required to sign."]}
    unnamed = [str(party.organization) for party in required if party.signatory_id is None]
    if unnamed:
        return {"__all__": [f"Name the authorized signatory of: {', '.join(unnamed)}."]}
    return {}


def call_for_signatures(
    actor: Any, version: AgreementVersion, *, request: HttpRequest | None = None
) -> AgreementVersion:
    """Make the version under review final, once no objection to it is open. For a letter of
    understanding, which nobody signs, this issues it: it takes effect at once."""
    _require_facilitator(actor, version.agreement)
    with transaction.atomic():
        agreement = _locked_agreement(version.agreement_id)
        version = AgreementVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
        if version.state != VersionState.REVIEW:
            raise ValidationError("Only a version circulated for review can be made final.")
        if version != latest_frozen(agreement) or working_draft(agreement) is not None:
            raise ValidationError(
                "A later version is being prepared; finish or circulate that one instead."
            )
        _refuse_open_objections(version)
        active = [party for party in agreement.parties.all() if party.is_active]
        errors = _signing_errors(agreement, active)
        if errors:
            raise ValidationError(errors)
        version.state = VersionState.FINAL
        version.finalized_at = timezone.now()
        version.save(update_fields=["state", "finalized_at"])
        if agreement.effective_version_id is None:
            agreement.status = AgreementStatus.SIGNING
            agreement.save(update_fields=["status", "updated_at"])
        _record(
            actor,
            "agreements.version.finalized",
            version,
            {"state": {"from": "Circulated for review", "to": version.get_state_display()}},
            request=request,
            label=_version_label(version),
        )
        if agreement.is_letter:
            _issue_letter_text(actor, agreement, version, request=request)
        else:
            mail.send_on_commit(
                actor,
                version,
                "final",
                [party.signatory_id for party in active if party.signatory_id],
                request=request,
            )
            _settle(actor, agreement, request=request)
    return version


def _refuse_open_objections(version: AgreementVersion) -> None:
    open_count = (
        version.responses.filter(state=ObjectionState.OPEN)
        .exclude(kind=ResponseKind.ACCEPT)
        .count()
    )
    if open_count:
        raise ValidationError(
            f"{open_count} objection{'s are' if open_count != 1 else ' is'} still open: "
            "resolve them, or revise the text and circulate a new version."
        )


def start_revision(
    actor: Any, agreement: Agreement, *, request: HttpRequest | None = None
) -> AgreementVersion:
    """A new working draft holding the latest circulated text: to answer objections, to amend an
    agreement in effect, or to renew it."""
    _require_facilitator(actor, agreement)
    with transaction.atomic():
        agreement = _locked_agreement(agreement)
        if working_draft(agreement) is not None:
            raise ValidationError("There is already a working draft: edit that one.")
        source = latest_frozen(agreement)
        if source is None:
            raise ValidationError("The first version has not been circulated yet.")
        draft = AgreementVersion.objects.create(agreement=agreement, number=source.number + 1)
        _copy_text(source, draft)
        _record(
            actor,
            "agreements.version.started",
            draft,
            {"number": {"from": None, "to": draft.number}, "based_on": {"to": source.number}},
            request=request,
            label=_version_label(draft),
        )
    return draft


def _copy_text(source: AgreementVersion, draft: AgreementVersion) -> None:
    """The source's sections, clauses and commitments, keeping each piece's key. Commitments of
    parties that have withdrawn are left behind."""
    new_sections = {}
    for section in Section.objects.filter(version=source).order_by("order", "pk"):
        new_sections[section.pk] = Section.objects.create(
            version=draft, key=section.key, order=section.order, heading=section.heading
        )
    Clause.objects.bulk_create(
        Clause(
            version=draft,
            section=new_sections[clause.section_id],
            key=clause.key,
            order=clause.order,
            heading=clause.heading,
            text=clause.text,
        )
        for clause in Clause.objects.filter(version=source).order_by("order", "pk")
    )
    withdrawn = Party.objects.filter(
        agreement_id=source.agreement_id, status=PartyStatus.WITHDRAWN
    ).values("organization_id")
    Commitment.objects.bulk_create(
        Commitment(
            version=draft,
            key=commitment.key,
            order=commitment.order,
            **{name: getattr(commitment, name) for name in COMMITMENT_FIELDS},
        )
        for commitment in Commitment.objects.filter(version=source).exclude(
            organization_id__in=withdrawn
        )
    )


def discard_draft(
    actor: Any, version: AgreementVersion, *, request: HttpRequest | None = None
) -> None:
    """Throw away a working draft that follows a circulated version (the first draft is the
    agreement itself: delete the agreement instead)."""
    with transaction.atomic():
        version = _draft_for_edit(actor, version)
        if version.number == 1:
            raise ValidationError("This is the agreement's first draft: delete the agreement.")
        _record(
            actor,
            "agreements.version.discarded",
            version,
            {"number": {"from": version.number, "to": None}},
            request=request,
            label=_version_label(version),
        )
        version.delete()


# --- The parties' answers ------------------------------------------------------------------------


def _party_for_answer(actor: Any, party: Party) -> tuple[Party, AgreementVersion]:
    """Lock the party; return it with the version under review. Call inside a transaction."""
    if not can_respond_for(actor, party):
        raise PermissionDenied(
            "Only the party's representative, or the facilitator on its behalf, may answer."
        )
    agreement = _locked_agreement(party.agreement_id)
    party = (
        Party.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=party.pk)
    )
    if not party.is_active:
        raise ValidationError(
            f"{party.organization} is {party.get_status_display().lower()} and no longer answers."
        )
    version = latest_frozen(agreement)
    if version is None or version.state != VersionState.REVIEW:
        raise ValidationError("No version of this agreement is open for review.")
    return party, version


def respond(
    actor: Any,
    party: Party,
    clause: Clause,
    kind: str,
    reason: str = "",
    proposed_text: str = "",
    *,
    request: HttpRequest | None = None,
) -> ClauseResponse:
    """A party accepts a clause, objects to it (with a reason) or proposes other wording (with
    the reason and the text). A later answer replaces the earlier one while the version is under
    review."""
    with transaction.atomic():
        party, version = _party_for_answer(actor, party)
        if clause.version_id != version.pk:
            raise ValidationError(
                f"That clause is not in version {version.number}, the one under review."
            )
        errors: dict[str, list[str]] = {}
        if kind not in ResponseKind.values:
            errors["kind"] = ["Accept, object, or propose other wording."]
        if kind != ResponseKind.ACCEPT and not reason.strip():
            errors["reason"] = ["Say what the problem is, so the facilitator can revise it."]
        if kind == ResponseKind.PROPOSE and not proposed_text.strip():
            errors["proposed_text"] = ["Write the wording you propose."]
        if errors:
            raise ValidationError(errors)
        existing = ClauseResponse.objects.filter(clause=clause, party=party).first()
        before = (
            snapshot(existing, ("kind", "reason", "proposed_text", "state"), choice_labels=True)
            if existing
            else {}
        )
        answer = existing or ClauseResponse(version=version, clause=clause, party=party)
        answer.kind = kind
        answer.reason = reason.strip()
        answer.proposed_text = proposed_text.strip() if kind == ResponseKind.PROPOSE else ""
        answer.state = (
            ObjectionState.OPEN if kind != ResponseKind.ACCEPT else ObjectionState.RESOLVED
        )
        answer.resolution = ""
        answer.resolved_by = None
        answer.resolved_at = None
        answer.responded_by = actor
        answer.responded_at = timezone.now()
        answer.save()
        numbers = text.clause_numbers(version)
        _record(
            actor,
            "agreements.clause.answered",
            answer,
            audit.diff(
                before,
                snapshot(answer, ("kind", "reason", "proposed_text", "state"), choice_labels=True),
            ),
            request=request,
            label=f"{_party_label(party)}, clause {numbers.get(clause.pk, '?')}",
        )
        _update_party_status(actor, party, version, request=request)
    return answer


def accept_remaining(actor: Any, party: Party, *, request: HttpRequest | None = None) -> int:
    """Accept every clause of the version under review the party has not answered yet."""
    with transaction.atomic():
        party, version = _party_for_answer(actor, party)
        answered = ClauseResponse.objects.filter(party=party, version=version).values("clause_id")
        now = timezone.now()
        created = ClauseResponse.objects.bulk_create(
            ClauseResponse(
                version=version,
                clause=clause,
                party=party,
                kind=ResponseKind.ACCEPT,
                state=ObjectionState.RESOLVED,
                responded_by=actor,
                responded_at=now,
            )
            for clause in Clause.objects.filter(version=version).exclude(pk__in=answered)
        )
        if created:
            _record(
                actor,
                "agreements.party.accepted_remaining",
                party,
                {"clauses_accepted": {"from": None, "to": len(created)}},
                request=request,
                label=f"{_party_label(party)}, version {version.number}",
            )
        _update_party_status(actor, party, version, request=request)
    return len(created)


def resolve_objection(
    actor: Any, answer: ClauseResponse, resolution: str, *, request: HttpRequest | None = None
) -> ClauseResponse:
    """The facilitator closes an objection without changing the text, saying why (for instance,
    the party agreed on a call that the clause may stand)."""
    _require_facilitator(actor, answer.party.agreement)
    if not resolution.strip():
        raise ValidationError({"resolution": ["Say how the objection was resolved."]})
    with transaction.atomic():
        _locked_agreement(answer.party.agreement_id)
        answer = (
            ClauseResponse.objects.select_for_update(of=("self",))
            .select_related("party__organization", "version")
            .get(pk=answer.pk)
        )
        if answer.state != ObjectionState.OPEN or not answer.is_objection:
            raise ValidationError("This objection is not open.")
        answer.state = ObjectionState.RESOLVED
        answer.resolution = resolution.strip()
        answer.resolved_by = actor
        answer.resolved_at = timezone.now()
        answer.save()
        _record(
            actor,
            "agreements.objection.resolved",
            answer,
            {"state": {"from": "Open", "to": "Resolved"}, "resolution": {"to": answer.resolution}},
            request=request,
            label=_party_label(answer.party),
        )
        if answer.party.is_active:
            _update_party_status(actor, answer.party, answer.version, request=request)
    return answer


def _update_party_status(
    actor: Any,
    party: Party,
    version: AgreementVersion,
    *,
    request: HttpRequest | None = None,
) -> None:
    """Reviewing, objected or agreed, from the party's answers to the version under review. An
    objection the facilitator resolved counts as agreement to the clause as it stands."""
    answers = ClauseResponse.objects.filter(party=party, version=version)
    if answers.filter(state=ObjectionState.OPEN).exclude(kind=ResponseKind.ACCEPT).exists():
        status = PartyStatus.OBJECTED
    elif answers.count() >= Clause.objects.filter(version=version).count():
        status = PartyStatus.AGREED
    else:
        status = PartyStatus.REVIEWING
    _set_party_status(actor, party, status, request=request)


def _set_party_status(
    actor: Any, party: Party, status: str, *, request: HttpRequest | None = None
) -> None:
    if party.status == status:
        return
    before = party.get_status_display()
    party.status = status
    party.status_changed_at = timezone.now()
    party.save(update_fields=["status", "status_changed_at"])
    _record(
        actor,
        "agreements.party.status_changed",
        party,
        {"status": {"from": before, "to": party.get_status_display()}},
        request=request,
        label=_party_label(party),
    )


# --- Signatures, letters of understanding, taking effect -----------------------------------------


def sign(
    actor: Any,
    party: Party,
    version: AgreementVersion,
    data: Mapping[str, Any],
    *,
    attested: bool,
    content_hash: str,
    request: HttpRequest | None = None,
) -> Signature:
    """The party's authorized signatory signs the final version: typed name, title and date, with
    an attestation of their authority. `content_hash` is the hash of the text the signer was shown;
    the signature is refused unless it is the version's hash and the text still hashes to it."""
    if not can_sign_for(actor, party):
        raise PermissionDenied("Only the party's authorized signatory may sign for it.")
    with transaction.atomic():
        agreement = _locked_agreement(party.agreement_id)
        party = (
            Party.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=party.pk)
        )
        version = AgreementVersion.objects.select_related("agreement").get(pk=version.pk)
        if version.agreement_id != agreement.pk:
            raise ValidationError("That version belongs to another agreement.")
        if agreement.is_letter:
            raise ValidationError("A letter of understanding is issued, not signed.")
        if version.state != VersionState.FINAL or version != latest_frozen(agreement):
            raise ValidationError("Only the final version, the latest circulated, can be signed.")
        if not party.is_active:
            raise ValidationError(
                f"{party.organization} is {party.get_status_display().lower()} and cannot sign."
            )
        if Signature.objects.filter(version=version, party=party).exists():
            raise ValidationError(f"{party.organization} has already signed this version.")
        errors: dict[str, list[str]] = {}
        typed_name = str(data.get("typed_name", "")).strip()
        signer_title = str(data.get("signer_title", "")).strip()
        signed_on = data.get("signed_on")
        if not typed_name:
            errors["typed_name"] = ["Type your full name as your signature."]
        if not signer_title:
            errors["signer_title"] = ["Give your title."]
        if not isinstance(signed_on, datetime.date):
            errors["signed_on"] = ["Give the date of signing."]
        elif signed_on > timezone.localdate():
            errors["signed_on"] = ["A signature cannot be dated in the future."]
        elif version.finalized_at and signed_on < timezone.localdate(version.finalized_at):
            errors["signed_on"] = ["A signature cannot be dated before the version was final."]
        if not attested:
            errors["attested"] = ["Confirm that you are authorized to sign for the organization."]
        if errors or not isinstance(signed_on, datetime.date):
            raise ValidationError(errors)
        if content_hash != version.content_hash:
            raise ValidationError(
                "The text you were shown is not this version's text. Reload the version and read "
                "it again before signing."
            )
        if not text.verify(version).matches:
            raise ValidationError(
                "This version's text no longer matches what was circulated; it cannot be signed. "
                "Tell the facilitator."
            )
        signature = Signature(
            version=version,
            party=party,
            signer=actor,
            typed_name=typed_name,
            signer_title=signer_title,
            signed_on=signed_on,
            attested_authority=True,
            content_hash=version.content_hash,
            signed_at=timezone.now(),
        )
        signature.save()
        _record(
            actor,
            "agreements.signature.signed",
            signature,
            {
                "typed_name": {"to": typed_name},
                "signer_title": {"to": signer_title},
                "signed_on": {"to": signed_on.isoformat()},
                "content_hash": {"to": signature.content_hash},
            },
            request=request,
            label=f"{_party_label(party)}, version {version.number}",
        )
        _set_party_status(actor, party, PartyStatus.SIGNED, request=request)
        _settle(actor, agreement, request=request)
    return signature


def decline(actor: Any, party: Party, reason: str, *, request: HttpRequest | None = None) -> Party:
    """The party will not sign. The facilitator may then issue the text to it as a letter of
    understanding."""
    if not speaks_for(actor, party):
        raise PermissionDenied("Only the party's representative or signatory may decline for it.")
    if not reason.strip():
        raise ValidationError({"reason": ["Say why, so the facilitator can respond."]})
    with transaction.atomic():
        agreement = _locked_agreement(party.agreement_id)
        party = (
            Party.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=party.pk)
        )
        if not party.is_active:
            raise ValidationError(f"{party.organization} is {party.get_status_display().lower()}.")
        if party.status == PartyStatus.SIGNED:
            raise ValidationError(
                f"{party.organization} has signed this version; record a withdrawal instead."
            )
        party.declined_reason = reason.strip()
        party.save(update_fields=["declined_reason"])
        _set_party_status(actor, party, PartyStatus.DECLINED, request=request)
        _record(
            actor,
            "agreements.party.declined",
            party,
            {"reason": {"to": party.declined_reason}},
            request=request,
            label=_party_label(party),
        )
        _settle(actor, agreement, request=request)
    return party


def issue_letter(actor: Any, party: Party, *, request: HttpRequest | None = None) -> Party:
    """Issue the latest circulated text to a party that cannot sign, as a letter of understanding
    stating the involvement expected of it. It is no longer required to sign."""
    _require_facilitator(actor, party.agreement)
    with transaction.atomic():
        agreement = _locked_agreement(party.agreement_id)
        party = (
            Party.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=party.pk)
        )
        version = latest_frozen(agreement)
        if version is None:
            raise ValidationError("Circulate a version before issuing it.")
        if party.status in (PartyStatus.SIGNED, PartyStatus.WITHDRAWN, PartyStatus.LETTER):
            raise ValidationError(f"{party.organization} is {party.get_status_display().lower()}.")
        party.letter_version = version
        party.letter_issued_on = timezone.localdate()
        party.required = False
        party.save(update_fields=["letter_version", "letter_issued_on", "required"])
        _set_party_status(actor, party, PartyStatus.LETTER, request=request)
        _record(
            actor,
            "agreements.party.letter_issued",
            party,
            {"letter_version": {"to": version.number}},
            request=request,
            label=_party_label(party),
        )
        _settle(actor, agreement, request=request)
    return party


def issue_letter_of_understanding(
    actor: Any, agreement: Agreement, *, request: HttpRequest | None = None
) -> Agreement:
    """A letter of understanding is not signed: issuing its latest circulated version puts it in
    effect and tells every party what is expected of it."""
    _require_facilitator(actor, agreement)
    with transaction.atomic():
        agreement = _locked_agreement(agreement)
        if not agreement.is_letter:
            raise ValidationError("Only a letter of understanding is issued without signatures.")
        version = latest_frozen(agreement)
        if version is None or working_draft(agreement) is not None:
            raise ValidationError("Circulate the text you mean to issue first.")
        if agreement.effective_version_id == version.pk:
            raise ValidationError(f"Version {version.number} is already in effect.")
        _refuse_open_objections(version)
        if version.state != VersionState.FINAL:
            version.state = VersionState.FINAL
            version.finalized_at = timezone.now()
            version.save(update_fields=["state", "finalized_at"])
        _issue_letter_text(actor, agreement, version, request=request)
    return agreement


def _issue_letter_text(
    actor: Any,
    agreement: Agreement,
    version: AgreementVersion,
    *,
    request: HttpRequest | None = None,
) -> None:
    """Put a letter of understanding's final version in effect today, issued to every party still
    answering. Call inside the transaction that locked the agreement."""
    today = timezone.localdate()
    for party in agreement.parties.filter(status__in=_ANSWERING):
        party.letter_version = version
        party.letter_issued_on = today
        party.save(update_fields=["letter_version", "letter_issued_on"])
        _set_party_status(actor, party, PartyStatus.LETTER, request=request)
    _take_effect(actor, agreement, version, today, request=request)


_ANSWERING = (
    PartyStatus.INVITED,
    PartyStatus.REVIEWING,
    PartyStatus.OBJECTED,
    PartyStatus.AGREED,
)


def _settle(actor: Any, agreement: Agreement, *, request: HttpRequest | None = None) -> None:
    """Put the final version in effect once every required party still in the agreement has
    signed it. Call inside the transaction that locked the agreement."""
    version = latest_frozen(agreement)
    if (
        agreement.is_letter
        or version is None
        or version.state != VersionState.FINAL
        or agreement.effective_version_id == version.pk
    ):
        return
    required = list(
        agreement.parties.filter(required=True).exclude(status__in=(PartyStatus.WITHDRAWN,))
    )
    if not required:
        return
    signed = dict(Signature.objects.filter(version=version).values_list("party_id", "signed_on"))
    if any(party.pk not in signed for party in required):
        return
    effective_on = max(signed[party.pk] for party in required)
    _take_effect(actor, agreement, version, effective_on, request=request)


def _take_effect(
    actor: Any,
    agreement: Agreement,
    version: AgreementVersion,
    effective_on: datetime.date,
    *,
    request: HttpRequest | None = None,
) -> None:
    before = {
        "status": agreement.get_status_display(),
        "effective_version": agreement.effective_version.number
        if agreement.effective_version
        else None,
    }
    agreement.status = AgreementStatus.EFFECTIVE
    agreement.effective_version = version
    agreement.effective_on = effective_on
    agreement.save(update_fields=["status", "effective_version", "effective_on", "updated_at"])
    _record(
        actor,
        "agreements.agreement.took_effect",
        agreement,
        audit.diff(
            before, {"status": agreement.get_status_display(), "effective_version": version.number}
        )
        | {"effective_on": {"from": None, "to": effective_on.isoformat()}},
        request=request,
    )
    mail.send_on_commit(
        actor,
        version,
        "effective",
        [
            agreement.facilitator_id,
            *[
                person_id
                for party in agreement.parties.all()
                for person_id in (party.representative_id, party.signatory_id)
                if person_id
            ],
        ],
        request=request,
    )


# --- After signing: reviews, reminders, templates ------------------------------------------------


def record_review(
    actor: Any,
    agreement: Agreement,
    next_review_on: datetime.date,
    note: str,
    *,
    request: HttpRequest | None = None,
) -> Agreement:
    """The parties reviewed the agreement in effect and kept it as it is, until the next review.
    (To change it, start a new version.)"""
    _require_facilitator(actor, agreement)
    errors: dict[str, list[str]] = {}
    if next_review_on <= timezone.localdate():
        errors["next_review_on"] = ["The next review must be after today."]
    if not note.strip():
        errors["note"] = ["Say who reviewed it and what was concluded."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement = _locked_agreement(agreement)
        if agreement.status != AgreementStatus.EFFECTIVE:
            raise ValidationError("Only an agreement in effect is reviewed.")
        if agreement.expires_on and next_review_on > agreement.expires_on:
            raise ValidationError(
                {"next_review_on": ["The next review must come on or before the expiry date."]}
            )
        before = agreement.review_on
        agreement.review_on = next_review_on
        agreement.save(update_fields=["review_on", "updated_at"])
        _record(
            actor,
            "agreements.agreement.reviewed",
            agreement,
            {
                "review_on": {
                    "from": before.isoformat() if before else None,
                    "to": next_review_on.isoformat(),
                },
                "note": {"to": note.strip()},
            },
            request=request,
        )
    return agreement


@dataclass
class DailyReport:
    expiring: list[Agreement] = field(default_factory=list)
    reviews: list[Agreement] = field(default_factory=list)


def run_daily_duties(today: datetime.date | None = None) -> DailyReport:
    """Remind the facilitator and the parties of an agreement in effect that expires or is due
    for review within REMINDER_DAYS. `taskforce agreement-duties` runs this daily; each reminder
    goes once per date."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMINDER_DAYS)
    report = DailyReport()
    reminders = (
        ("expires_on", "expiry_reminded_for", "expiring", report.expiring),
        ("review_on", "review_reminded_for", "review", report.reviews),
    )
    for date_field, reminded_field, purpose, found in reminders:
        due = Agreement.objects.filter(
            status=AgreementStatus.EFFECTIVE,
            **{f"{date_field}__gte": today, f"{date_field}__lte": horizon},
        )
        for agreement in due:
            if getattr(agreement, reminded_field) == getattr(agreement, date_field):
                continue
            with transaction.atomic():
                agreement = _locked_agreement(agreement)
                date = getattr(agreement, date_field)
                if date is None or getattr(agreement, reminded_field) == date:
                    continue
                setattr(agreement, reminded_field, date)
                agreement.save(update_fields=[reminded_field])
                _record(
                    None,
                    f"agreements.agreement.{purpose}_reminded",
                    agreement,
                    {date_field: {"from": None, "to": date.isoformat()}},
                )
                version = agreement.effective_version
                assert version is not None  # an agreement in effect has its version
                mail.send_on_commit(
                    None,
                    version,
                    purpose,
                    [
                        agreement.facilitator_id,
                        *agreement.parties.exclude(status=PartyStatus.WITHDRAWN)
                        .exclude(representative__isnull=True)
                        .values_list("representative_id", flat=True),
                    ],
                    context={"date": date},
                )
            found.append(agreement)
    return report


def save_as_template(
    actor: Any,
    version: AgreementVersion,
    name: str,
    description: str = "",
    *,
    request: HttpRequest | None = None,
) -> AgreementTemplate:
    """Keep a circulated text as a template for future agreements (its commitments stay behind:
    they belong to the parties of this one)."""
    if not can_start_agreements(actor):
        raise PermissionDenied("Coordinators keep the templates.")
    readable = Agreement.objects.filter(agreements_visible_q(actor), pk=version.agreement_id)
    if not (readable.exists() and can_read_version(actor, version)):
        raise PermissionDenied("Only a text you may read can become a template.")
    if not version.is_frozen:
        raise ValidationError("Save a circulated version as a template, not a working draft.")
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Name the template."]
    elif AgreementTemplate.objects.filter(name__iexact=name.strip()).exists():
        errors["name"] = ["A template with this name exists."]
    if errors:
        raise ValidationError(errors)
    document = text.document_of(version)
    with transaction.atomic():
        template = AgreementTemplate.objects.create(
            name=name.strip(),
            kind=version.agreement.kind,
            subject=version.agreement.subject,
            description=description.strip(),
            title=document.title,
            purpose=document.purpose,
            sections=[
                {
                    "heading": section.heading,
                    "clauses": [
                        {"heading": clause.heading, "text": clause.text}
                        for clause in section.clauses
                    ],
                }
                for section in document.sections
            ],
        )
        _record(
            actor,
            "agreements.template.created",
            template,
            {"name": {"to": template.name}, "from_version": {"to": _version_label(version)}},
            request=request,
        )
    return template


def delete_template(
    actor: Any, template: AgreementTemplate, *, request: HttpRequest | None = None
) -> None:
    if not can_start_agreements(actor):
        raise PermissionDenied("Coordinators keep the templates.")
    with transaction.atomic():
        delete_recorded(
            actor,
            template,
            "agreements.template.deleted",
            ("name", "kind", "title"),
            label=template.name,
            request=request,
            choice_labels=True,
        )
