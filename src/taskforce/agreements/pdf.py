"""A version of an agreement, or a letter of understanding, as PDF (core.pdf: nothing is fetched).

The HTML is built apart from the PDF so the words a document holds can be checked without
reading a PDF back. The signature page shows what happened to this exact version only: who signed
it, who was issued it as a letter and who has since withdrawn. A party's standing in the
negotiation of a later version never appears in it, since members who read a task-force-wide
agreement in effect may print it without following that negotiation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from taskforce.agreements import selectors, text
from taskforce.agreements.models import AgreementVersion, Party, PartyStatus
from taskforce.core.pdf import render_pdf


@dataclass(frozen=True)
class PartyCommitments:
    organization: str
    commitments: tuple[text.CommitmentText, ...]


@dataclass(frozen=True)
class SignatureBlock:
    party: Party
    signature: selectors.SignatureCheck | None
    # The version issued to the party as a letter of understanding, when there is one.
    letter_number: int | None
    withdrawn_on: datetime.date | None


def status_line(version: AgreementVersion) -> str:
    """Where the version stands, in words: "Version 2, final, for signature; in effect since …"."""
    agreement = version.agreement
    line = f"Version {version.number}: {version.get_state_display().lower()}"
    effective = agreement.effective_version_id
    if effective == version.pk and agreement.effective_on:
        line += f"; in effect since {agreement.effective_on:%Y-%m-%d}"
    elif (
        agreement.effective_version is not None
        and version.number < agreement.effective_version.number
    ):
        line += f"; superseded by version {agreement.effective_version.number}"
    return line


def commitments_by_party(document: text.Document, parties: list[Party]) -> list[PartyCommitments]:
    """Each party's commitments in the order of the parties, then any of an organization that is
    no longer a party (the text keeps them)."""
    grouped: dict[int, list[text.CommitmentText]] = {}
    names: dict[int, str] = {}
    for commitment in document.commitments:
        grouped.setdefault(commitment.organization_id, []).append(commitment)
        names[commitment.organization_id] = commitment.organization
    ordered = [party.organization_id for party in parties if party.organization_id in grouped]
    ordered += [org_id for org_id in grouped if org_id not in ordered]
    return [PartyCommitments(names[org_id], tuple(grouped[org_id])) for org_id in ordered]


def signature_blocks(version: AgreementVersion, parties: list[Party]) -> list[SignatureBlock]:
    signed = {check.signature.party_id: check for check in selectors.signatures_of(version)}
    return [
        SignatureBlock(
            party=party,
            signature=signed.get(party.pk),
            letter_number=party.letter_version.number if party.letter_version else None,
            withdrawn_on=party.withdrawn_on if party.status == PartyStatus.WITHDRAWN else None,
        )
        for party in parties
    ]


def version_html(version: AgreementVersion) -> str:
    """The version as a printable document with its signature page (the caller checked that the
    viewer may read it)."""
    document = text.document_of(version)
    parties = selectors.parties_of(version.agreement)
    return render_to_string(
        "agreements/pdf_version.html",
        {
            "agreement": version.agreement,
            "version": version,
            "document": document,
            "status_line": status_line(version),
            "is_draft": not version.is_frozen,
            "content_hash": version.content_hash,
            "commitments": commitments_by_party(document, parties),
            "blocks": signature_blocks(version, parties),
            "printed_on": timezone.localdate(),
        },
    )


def letter_html(party: Party, version: AgreementVersion) -> str:
    """The letter of understanding issued to a party: what the agreement expects of it, unsigned."""
    document = text.document_of(version)
    return render_to_string(
        "agreements/pdf_letter.html",
        {
            "agreement": version.agreement,
            "version": version,
            "party": party,
            "document": document,
            "commitments": [
                commitment
                for commitment in document.commitments
                if commitment.organization_id == party.organization_id
            ],
            "content_hash": version.content_hash,
        },
    )


def version_pdf(version: AgreementVersion) -> bytes:
    return render_pdf(version_html(version))


def letter_pdf(party: Party, version: AgreementVersion) -> bytes:
    return render_pdf(letter_html(party, version))


def _slug(value: str, fallback: str) -> str:
    return slugify(value)[:80].strip("-") or fallback


def version_filename(version: AgreementVersion) -> str:
    """e.g. harbor-anti-trafficking-memorandum-v2.pdf; a working draft says so."""
    title = version.title if version.is_frozen else version.agreement.title
    draft = "" if version.is_frozen else "-draft"
    return f"{_slug(title, 'agreement')}-v{version.number}{draft}.pdf"


def letter_filename(party: Party, version: AgreementVersion) -> str:
    """e.g. harbor-anti-trafficking-memorandum-letter-hcpd-v2.pdf"""
    organization = party.organization.acronym or party.organization.name
    return (
        f"{_slug(version.title, 'agreement')}-letter-{_slug(organization, 'party')}"
        f"-v{version.number}.pdf"
    )
