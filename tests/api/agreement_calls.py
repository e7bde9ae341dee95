"""How the persona matrix of test_access.py calls each agreements operation.

Each entry holds the keyword arguments of test_access's `Call`. The agreement is the memorandum of
tests/agreements/factories.py: facilitated by the coordinator, with the police (represented by the
detective, signed for by the leader), the district attorney's office (the prosecutor) and Safe
Harbor (the coordinator) as parties. The administrator (no organization) and the advocate (New
Dawn) are on no side of it, so it is hidden from them. The working draft is the facilitator's
alone: the parties' staff do not find it or its pieces either.

Circulating and signing cannot be undone, so the operations that do them are given a fresh working
draft, version under review or final version before each persona's call, through the services.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from taskforce.agreements import services
from taskforce.agreements.models import (
    Agreement,
    AgreementKind,
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
from tests.agreements import factories
from tests.api.support import Directory
from tests.personas import Personas

NOT_PARTIES = frozenset({"administrator", "advocate"})
# Only the facilitator reads the working draft; everyone else is told it is not there.
ALL_BUT_FACILITATOR = frozenset({"administrator", "leader", "detective", "prosecutor", "advocate"})
PARTY_STAFF = frozenset({"leader", "detective", "prosecutor"})
# The police party: the detective answers for it, the leader signs for it.
NOT_POLICE_REPRESENTATIVE = frozenset({"leader", "prosecutor"})
NOT_POLICE_SIGNATORY = frozenset({"coordinator", "detective", "prosecutor"})
NOT_SPEAKING_FOR_POLICE = frozenset({"coordinator", "prosecutor"})

# Ids the URLs and bodies need; the records are made per test, when the URL is built.
_MADE: dict[str, Any] = {}


def _first_pk(rows: Any) -> int:
    row = rows.first()
    assert row is not None
    return int(row.pk)


def _remember(made: Agreement) -> dict[str, Any]:
    """The agreement's first version (the working draft, or version 1 once circulated)."""
    first = made.versions.get(number=1)
    _MADE.update(
        agreement=made.pk,
        section=_first_pk(Section.objects.filter(version=first).order_by("order")),
        clause=_first_pk(Clause.objects.filter(version=first).order_by("section__order", "order")),
        commitment=_first_pk(Commitment.objects.filter(version=first)),
        police_party=made.parties.get(organization__acronym="HCPD").pk,
    )
    return {"agreement_id": made.pk}


def _draft(p: Personas, d: Directory) -> dict[str, Any]:
    return _remember(factories.agreement(p))


def _circulated(p: Personas, d: Directory) -> dict[str, Any]:
    return _remember(factories.circulated(p))


def _draft_version(p: Personas, d: Directory) -> dict[str, Any]:
    _MADE["police"] = p.police.pk
    return {**_draft(p, d), "number": 1}


def _circulated_version(p: Personas, d: Directory) -> dict[str, Any]:
    return {**_circulated(p, d), "number": 1}


def _draft_section(p: Personas, d: Directory) -> dict[str, Any]:
    _draft(p, d)
    return {"section_id": _MADE["section"]}


def _draft_clause(p: Personas, d: Directory) -> dict[str, Any]:
    _draft(p, d)
    return {"clause_id": _MADE["clause"]}


def _draft_commitment(p: Personas, d: Directory) -> dict[str, Any]:
    _draft(p, d)
    _MADE["police"] = p.police.pk
    return {"commitment_id": _MADE["commitment"]}


def _two_versions(p: Personas, d: Directory) -> dict[str, Any]:
    made = factories.circulated(p)
    draft = services.start_revision(p.coordinator, made)
    clause = Clause.objects.filter(version=draft).order_by("section__order", "order").first()
    assert clause is not None
    services.update_clause(p.coordinator, clause, {"text": "Agencies share what is needed."})
    services.circulate(p.coordinator, draft, "Narrower sharing")
    return {"agreement_id": made.pk, "before": 1, "after": 2}


def _police_in_review(p: Personas, d: Directory) -> dict[str, Any]:
    _circulated(p, d)
    return {"party_id": _MADE["police_party"]}


def _police_at_signing(p: Personas, d: Directory) -> dict[str, Any]:
    made, version = factories.final(p)
    _remember(made)
    _MADE.update(version=version.number, content_hash=version.content_hash)
    return {"party_id": _MADE["police_party"]}


def _police_objection(p: Personas, d: Directory) -> dict[str, Any]:
    _circulated(p, d)
    party = Party.objects.get(pk=_MADE["police_party"])
    clause = Clause.objects.get(pk=_MADE["clause"])
    answer = services.respond(
        p.detective, party, clause, ResponseKind.OBJECT, "We cannot share case files."
    )
    return {"answer_id": answer.pk}


def _latest_circulated(agreement_id: int) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.filter(agreement_id=agreement_id)
        .exclude(state=VersionState.DRAFT)
        .order_by("-number")
        .first()
    )


def _next_version(p: Personas, *, final: bool) -> AgreementVersion:
    """Circulate the next version of the agreement, for review or for signature."""
    agreement = Agreement.objects.get(pk=_MADE["agreement"])
    draft = services.working_draft(agreement) or services.start_revision(p.coordinator, agreement)
    return services.circulate(p.coordinator, draft, "The next round", final=final)


# --- Putting records back before each persona's call --------------------------------------------


def _agreement_back(p: Personas, d: Directory) -> None:
    """The draft agreement, again under its id, after the facilitator deleted it."""
    if Agreement.objects.filter(pk=_MADE["agreement"]).exists():
        return
    made = Agreement.objects.create(
        pk=_MADE["agreement"],
        kind=AgreementKind.MOU,
        title="Harbor anti-trafficking memorandum",
        purpose="How the member agencies respond to trafficking together.",
        facilitator=factories.person(p.coordinator),
    )
    AgreementVersion.objects.create(agreement=made, number=1)
    factories.parties(p, made)


def _draft_of(p: Personas) -> AgreementVersion:
    return AgreementVersion.objects.get(agreement_id=_MADE["agreement"], state=VersionState.DRAFT)


def _section_back(p: Personas, d: Directory) -> None:
    if not Section.objects.filter(pk=_MADE["section"]).exists():
        Section.objects.create(pk=_MADE["section"], version=_draft_of(p), heading="Restored")


def _clause_back(p: Personas, d: Directory) -> None:
    if not Clause.objects.filter(pk=_MADE["clause"]).exists():
        draft = _draft_of(p)
        Clause.objects.create(
            pk=_MADE["clause"],
            version=draft,
            section_id=_first_pk(Section.objects.filter(version=draft)),
            text="Restored clause.",
        )


def _commitment_back(p: Personas, d: Directory) -> None:
    if not Commitment.objects.filter(pk=_MADE["commitment"]).exists():
        Commitment.objects.create(
            pk=_MADE["commitment"],
            version=_draft_of(p),
            organization=p.police,
            description="Restored commitment",
        )


def _with_draft(p: Personas, d: Directory) -> None:
    agreement = Agreement.objects.get(pk=_MADE["agreement"])
    if services.working_draft(agreement) is None:
        services.start_revision(p.coordinator, agreement)


def _without_revision(p: Personas, d: Directory) -> None:
    draft = services.working_draft(Agreement.objects.get(pk=_MADE["agreement"]))
    if draft is not None:
        services.discard_draft(p.coordinator, draft)


def _under_review(p: Personas, d: Directory) -> None:
    latest = _latest_circulated(_MADE["agreement"])
    if latest is None or latest.state != VersionState.REVIEW:
        _next_version(p, final=False)


def _police_unsigned(p: Personas, d: Directory) -> None:
    latest = _latest_circulated(_MADE["agreement"])
    signed = Signature.objects.filter(version=latest, party_id=_MADE["police_party"]).exists()
    if latest is None or signed:
        latest = _next_version(p, final=True)
    _MADE.update(version=latest.number, content_hash=latest.content_hash)


def _police_invited(p: Personas, d: Directory) -> None:
    Party.objects.filter(pk=_MADE["police_party"]).update(
        status=PartyStatus.INVITED,
        required=True,
        declined_reason="",
        letter_version=None,
        letter_issued_on=None,
        withdrawn_on=None,
        withdrawal_reason="",
    )


def _objection_open(p: Personas, d: Directory) -> None:
    ClauseResponse.objects.filter(party_id=_MADE["police_party"]).update(
        state=ObjectionState.OPEN, resolution="", resolved_by=None, resolved_at=None
    )


def _new_dawn_not_invited(p: Personas, d: Directory) -> None:
    _MADE["new_dawn"] = p.new_dawn.pk
    Party.objects.filter(agreement_id=_MADE["agreement"], organization=p.new_dawn).delete()


def _today() -> str:
    return timezone.localdate().isoformat()


AGREEMENT_CALLS: dict[str, dict[str, Any]] = {
    "list_agreements": {},
    "create_agreement": {
        "body": lambda who: {
            "kind": "mou",
            "title": f"Agreement started by {who}",
            "purpose": "Who answers the hotline at night.",
        },
        "success": 201,
    },
    "get_agreement": {"kwargs": _draft, "hidden": NOT_PARTIES},
    "update_agreement": {
        "kwargs": _draft,
        "body": lambda who: {"purpose": f"Reworded by {who}"},
        "hidden": NOT_PARTIES,
        "refused": PARTY_STAFF,
    },
    "delete_agreement": {
        "kwargs": _draft,
        "success": 204,
        "hidden": NOT_PARTIES,
        "refused": PARTY_STAFF,
        "prepare": _agreement_back,
    },
    "list_agreement_templates": {},
    "get_responsibility_matrix": {},
    "list_agreement_versions": {"kwargs": _circulated, "hidden": NOT_PARTIES},
    "get_agreement_version": {"kwargs": _circulated_version, "hidden": NOT_PARTIES},
    "circulate_agreement_draft": {
        "kwargs": _draft,
        "body": lambda who: {"change_note": f"Circulated by {who}"},
        "hidden": NOT_PARTIES,
        "refused": PARTY_STAFF,
        "prepare": _with_draft,
    },
    "call_for_signatures": {
        "kwargs": _circulated,
        "hidden": NOT_PARTIES,
        "refused": PARTY_STAFF,
        "prepare": _under_review,
    },
    "start_agreement_revision": {
        "kwargs": _circulated,
        "success": 201,
        "hidden": NOT_PARTIES,
        "refused": PARTY_STAFF,
        "prepare": _without_revision,
    },
    "compare_agreement_versions": {"kwargs": _two_versions, "hidden": NOT_PARTIES},
    "verify_agreement_version": {"kwargs": _circulated_version, "hidden": NOT_PARTIES},
    "add_agreement_section": {
        "kwargs": _draft_version,
        "body": lambda who: {"heading": f"Added by {who}"},
        "success": 201,
        "hidden": ALL_BUT_FACILITATOR,
    },
    "update_agreement_section": {
        "kwargs": _draft_section,
        "body": lambda who: {"heading": f"Renamed by {who}"},
        "hidden": ALL_BUT_FACILITATOR,
    },
    "delete_agreement_section": {
        "kwargs": _draft_section,
        "success": 204,
        "hidden": ALL_BUT_FACILITATOR,
        "prepare": _section_back,
    },
    "move_agreement_section": {
        "kwargs": _draft_section,
        "body": lambda who: {"direction": "down"},
        "hidden": ALL_BUT_FACILITATOR,
    },
    "add_agreement_clause": {
        "kwargs": _draft_section,
        "body": lambda who: {"text": f"A clause written by {who}."},
        "success": 201,
        "hidden": ALL_BUT_FACILITATOR,
    },
    "update_agreement_clause": {
        "kwargs": _draft_clause,
        "body": lambda who: {"text": f"Reworded by {who}."},
        "hidden": ALL_BUT_FACILITATOR,
    },
    "delete_agreement_clause": {
        "kwargs": _draft_clause,
        "success": 204,
        "hidden": ALL_BUT_FACILITATOR,
        "prepare": _clause_back,
    },
    "move_agreement_clause": {
        "kwargs": _draft_clause,
        "body": lambda who: {"direction": "down"},
        "hidden": ALL_BUT_FACILITATOR,
    },
    "add_agreement_commitment": {
        "kwargs": _draft_version,
        "body": lambda who: {
            "organization": _MADE["police"],
            "description": f"Promised by {who}",
        },
        "success": 201,
        "hidden": ALL_BUT_FACILITATOR,
    },
    "update_agreement_commitment": {
        "kwargs": _draft_commitment,
        "body": lambda who: {"description": f"Changed by {who}"},
        "hidden": ALL_BUT_FACILITATOR,
    },
    "delete_agreement_commitment": {
        "kwargs": _draft_commitment,
        "success": 204,
        "hidden": ALL_BUT_FACILITATOR,
        "prepare": _commitment_back,
    },
    "add_agreement_party": {
        "kwargs": _draft,
        "body": lambda who: {"organization": _MADE["new_dawn"], "required": False},
        "success": 201,
        "hidden": NOT_PARTIES,
        "refused": PARTY_STAFF,
        "prepare": _new_dawn_not_invited,
    },
    "update_agreement_party": {
        "kwargs": _police_in_review,
        "body": lambda who: {"required": True},
        "hidden": NOT_PARTIES,
        "refused": PARTY_STAFF,
    },
    "withdraw_agreement_party": {
        "kwargs": _police_in_review,
        "body": lambda who: {"withdrawn_on": _today(), "reason": f"Recorded by {who}"},
        "hidden": NOT_PARTIES,
        "refused": frozenset({"prosecutor"}),
        "prepare": _police_invited,
    },
    "issue_letter_to_party": {
        "kwargs": _police_in_review,
        "hidden": NOT_PARTIES,
        "refused": PARTY_STAFF,
        "prepare": _police_invited,
    },
    "list_open_objections": {"kwargs": _circulated, "hidden": NOT_PARTIES, "refused": PARTY_STAFF},
    "answer_clause": {
        "kwargs": _police_in_review,
        "body": lambda who: {"clause": _MADE["clause"], "kind": "accept"},
        "hidden": NOT_PARTIES,
        "refused": NOT_POLICE_REPRESENTATIVE,
    },
    "accept_remaining_clauses": {
        "kwargs": _police_in_review,
        "hidden": NOT_PARTIES,
        "refused": NOT_POLICE_REPRESENTATIVE,
    },
    "resolve_objection": {
        "kwargs": _police_objection,
        "body": lambda who: {"resolution": f"Settled on a call with {who}"},
        "hidden": ALL_BUT_FACILITATOR,
        "prepare": _objection_open,
    },
    "sign_for_party": {
        "kwargs": _police_at_signing,
        "body": lambda who: {
            "version": _MADE["version"],
            "typed_name": f"Signed by {who}",
            "signer_title": "Lieutenant",
            "signed_on": _today(),
            "attested": True,
            "content_hash": _MADE["content_hash"],
        },
        "success": 201,
        "hidden": NOT_PARTIES,
        "refused": NOT_POLICE_SIGNATORY,
        "prepare": _police_unsigned,
    },
    "decline_to_sign": {
        "kwargs": _police_at_signing,
        "body": lambda who: {"reason": f"Declined by {who}"},
        "hidden": NOT_PARTIES,
        "refused": NOT_SPEAKING_FOR_POLICE,
        "prepare": _police_invited,
    },
}
