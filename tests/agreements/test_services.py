"""The rules, validation and audit events of the agreement services: editing the working draft,
circulating, the parties' answers, signatures and taking effect, letters of understanding,
withdrawal, amendments, reviews, reminders and templates."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail as outbox
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from taskforce.agreements import selectors, services
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
from taskforce.core.models import AuditEvent
from tests.agreements import factories
from tests.agreements.factories import days, person

pytestmark = pytest.mark.django_db


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def _status(agreement: Agreement, organization: Any) -> str:
    return Party.objects.get(agreement=agreement, organization=organization).status


def _version(agreement: Agreement, number: int) -> AgreementVersion:
    return AgreementVersion.objects.get(agreement=agreement, number=number)


def _clause(version: AgreementVersion, heading: str) -> Clause:
    return Clause.objects.get(version=version, heading=heading)


def _roles_clause(version: AgreementVersion) -> Clause:
    return Clause.objects.get(version=version, heading="")


def _signing_data(signed_on: datetime.date | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "typed_name": "Priya Nair",
        "signer_title": "Deputy District Attorney",
        "signed_on": signed_on or timezone.localdate(),
        **extra,
    }


def _sign_as_prosecutor(
    personas: Any, version: AgreementVersion, *, attested: bool = True, **data: Any
) -> Signature:
    party = factories.party(version.agreement, personas.district_attorney)
    return services.sign(
        personas.prosecutor,
        party,
        version,
        _signing_data(**data),
        attested=attested,
        content_hash=version.content_hash,
    )


def _agreement_data(personas: Any, **extra: Any) -> dict[str, Any]:
    return {
        "kind": AgreementKind.MOU,
        "subject": "",
        "title": "Shelter referrals",
        "purpose": "How referrals to shelter work.",
        "task_force_wide": False,
        "facilitator": person(personas.coordinator),
        "expires_on": None,
        "review_on": None,
        **extra,
    }


# --- Starting and editing ------------------------------------------------------------------------


def test_coordinator_starts_an_agreement_with_a_working_draft(personas):
    made = services.create_agreement(personas.leader, _agreement_data(personas))
    assert made.status == AgreementStatus.DRAFT
    assert made.versions.get().state == VersionState.DRAFT
    event = AuditEvent.objects.get(action="agreements.agreement.created")
    assert event.actor == personas.leader
    assert event.changes["title"] == {"from": None, "to": "Shelter referrals"}


@pytest.mark.parametrize("persona", ["detective", "advocate", "visitor"])
def test_members_who_are_not_coordinators_cannot_start_agreements(personas, persona):
    with pytest.raises(PermissionDenied):
        services.create_agreement(getattr(personas, persona), _agreement_data(personas))
    assert not Agreement.objects.exists()
    assert _events("agreements.agreement.created") == 0


def test_agreement_validation_leaves_no_event(personas):
    with pytest.raises(ValidationError) as excinfo:
        services.create_agreement(
            personas.coordinator,
            _agreement_data(
                personas, subject="referral_pathways", review_on=days(90), expires_on=days(30)
            ),
        )
    assert set(excinfo.value.message_dict) == {"subject", "review_on"}
    assert not Agreement.objects.exists()
    assert _events("agreements.agreement.created") == 0


def test_visitor_cannot_be_named_facilitator(personas):
    with pytest.raises(ValidationError) as excinfo:
        services.create_agreement(
            personas.coordinator, _agreement_data(personas, facilitator=person(personas.visitor))
        )
    assert "facilitator" in excinfo.value.message_dict


def test_coordinator_who_is_not_the_facilitator_cannot_edit(personas):
    made = factories.agreement(personas)
    draft = made.versions.get()
    section = Section.objects.filter(version=draft).first()
    clause = Clause.objects.filter(version=draft).first()
    edits: list[Callable[[Any], Any]] = [
        lambda user: services.update_agreement(user, made, {"title": "Taken over"}),
        lambda user: services.add_section(user, draft, "Another"),
        lambda user: services.update_section(user, section, "Renamed"),
        lambda user: services.add_clause(user, section, {"heading": "", "text": "More."}),
        lambda user: services.update_clause(user, clause, {"text": "Changed."}),
        lambda user: services.remove_clause(user, clause),
        lambda user: services.circulate(user, draft),
        lambda user: services.add_party(user, made, personas.new_dawn, {}),
        lambda user: services.delete_agreement(user, made),
    ]
    events = AuditEvent.objects.count()
    for edit in edits:
        with pytest.raises(PermissionDenied):
            edit(personas.leader)  # a coordinator, and the police's signatory
        with pytest.raises(PermissionDenied):
            edit(personas.administrator)
    assert AuditEvent.objects.count() == events
    services.update_agreement(personas.coordinator, made, {"title": "Renamed by its facilitator"})
    assert Agreement.objects.get(pk=made.pk).title == "Renamed by its facilitator"


def test_kind_is_fixed_once_circulated(personas):
    made = factories.circulated(personas)
    with pytest.raises(ValidationError) as excinfo:
        services.update_agreement(personas.coordinator, made, {"kind": AgreementKind.PROTOCOL})
    assert "kind" in excinfo.value.message_dict
    services.update_agreement(personas.coordinator, made, {"title": "Still editable"})


def _edits_of(p: Any, version: AgreementVersion) -> list[Callable[[], Any]]:
    section = Section.objects.filter(version=version).first()
    clause = Clause.objects.filter(version=version).first()
    commitment = Commitment.objects.filter(version=version).first()
    coordinator = p.coordinator
    return [
        lambda: services.add_section(coordinator, version, "Another"),
        lambda: services.update_section(coordinator, section, "Renamed"),
        lambda: services.remove_section(coordinator, section),
        lambda: services.move_section(coordinator, section, "down"),
        lambda: services.add_clause(coordinator, section, {"heading": "", "text": "More."}),
        lambda: services.update_clause(coordinator, clause, {"text": "Changed."}),
        lambda: services.remove_clause(coordinator, clause),
        lambda: services.move_clause(coordinator, clause, "down"),
        lambda: services.add_commitment(
            coordinator,
            version,
            {"organization": p.police, "description": "Patrols", "quantity": None, "unit": ""},
        ),
        lambda: services.update_commitment(coordinator, commitment, {"description": "Less"}),
        lambda: services.remove_commitment(coordinator, commitment),
        lambda: services.circulate(coordinator, version),
    ]


def test_services_refuse_to_edit_a_circulated_version(personas):
    made = factories.circulated(personas)
    version = made.versions.get()
    stored_hash = version.content_hash
    events = AuditEvent.objects.count()
    for edit in _edits_of(personas, version):
        with pytest.raises(ValidationError, match="Version 1 has been circulated"):
            edit()
    assert AuditEvent.objects.count() == events
    assert AgreementVersion.objects.get(pk=version.pk).content_hash == stored_hash


def test_discarding_a_circulated_version_is_refused(personas):
    made = factories.circulated(personas)
    with pytest.raises(ValidationError, match="circulated"):
        services.discard_draft(personas.coordinator, made.versions.get())


@pytest.mark.parametrize(
    ("edit", "action"),
    [
        (
            lambda p, v, s, c, m: services.add_section(p.coordinator, v, "Another"),
            "agreements.section.added",
        ),
        (
            lambda p, v, s, c, m: services.update_section(p.coordinator, s, "Renamed"),
            "agreements.section.updated",
        ),
        (
            lambda p, v, s, c, m: services.remove_section(p.coordinator, s),
            "agreements.section.removed",
        ),
        (
            lambda p, v, s, c, m: services.move_section(p.coordinator, s, "down"),
            "agreements.section.moved",
        ),
        (
            lambda p, v, s, c, m: services.add_clause(p.coordinator, s, {"text": "More."}),
            "agreements.clause.added",
        ),
        (
            lambda p, v, s, c, m: services.update_clause(p.coordinator, c, {"text": "New."}),
            "agreements.clause.updated",
        ),
        (
            lambda p, v, s, c, m: services.remove_clause(p.coordinator, c),
            "agreements.clause.removed",
        ),
        (
            lambda p, v, s, c, m: services.move_clause(p.coordinator, c, "down"),
            "agreements.clause.moved",
        ),
        (
            lambda p, v, s, c, m: services.add_commitment(
                p.coordinator, v, {"organization": p.police, "description": "Patrols"}
            ),
            "agreements.commitment.added",
        ),
        (
            lambda p, v, s, c, m: services.update_commitment(p.coordinator, m, {"quantity": 9}),
            "agreements.commitment.updated",
        ),
        (
            lambda p, v, s, c, m: services.remove_commitment(p.coordinator, m),
            "agreements.commitment.removed",
        ),
        (
            lambda p, v, s, c, m: services.circulate(p.coordinator, v),
            "agreements.version.circulated",
        ),
        (
            lambda p, v, s, c, m: services.circulate(p.coordinator, v, final=True),
            "agreements.version.finalized",
        ),
    ],
)
def test_each_draft_edit_records_its_event(personas, edit, action):
    draft = factories.agreement(personas).versions.get()
    section = Section.objects.filter(version=draft).order_by("order").first()
    clause = Clause.objects.filter(section=section).order_by("order").first()
    commitment = Commitment.objects.filter(version=draft, organization=personas.safe_harbor).get()
    before = _events(action)
    edit(personas, draft, section, clause, commitment)
    assert _events(action) == before + 1
    assert AuditEvent.objects.filter(action=action).latest("sequence").actor == personas.coordinator


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda p, v, s: services.add_section(p.coordinator, v, "  "), "heading"),
        (
            lambda p, v, s: services.add_clause(p.coordinator, s, {"heading": "x", "text": " "}),
            "text",
        ),
        (
            lambda p, v, s: services.add_commitment(
                p.coordinator, v, {"organization": p.new_dawn, "description": "Outreach"}
            ),
            "organization",
        ),
        (
            lambda p, v, s: services.add_commitment(
                p.coordinator, v, {"organization": p.police, "description": "Cars", "quantity": 2}
            ),
            "unit",
        ),
    ],
)
def test_failing_validation_leaves_no_event(personas, edit, field):
    draft = factories.agreement(personas).versions.get()
    section = Section.objects.filter(version=draft).first()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        edit(personas, draft, section)
    assert field in excinfo.value.message_dict
    assert AuditEvent.objects.count() == events


def test_a_failure_after_the_event_undoes_both(personas, monkeypatch):
    """The event and the change are one transaction: when a later step fails, neither stays."""
    made, version = factories.final(personas)
    for who in ("leader", "prosecutor"):
        factories.sign(personas, version, who)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("mail queue down")

    monkeypatch.setattr(services.mail, "send_on_commit", broken)
    with pytest.raises(RuntimeError):
        factories.sign(personas, version, "coordinator")  # the last signature: takes effect
    assert Signature.objects.filter(version=version).count() == 2
    assert _events("agreements.signature.signed") == 2
    assert _events("agreements.agreement.took_effect") == 0
    assert Agreement.objects.get(pk=made.pk).status == AgreementStatus.SIGNING


def test_moving_sections_and_clauses_renumbers(personas):
    draft = factories.agreement(personas).versions.get()
    roles = Section.objects.get(version=draft, heading="Roles")
    services.move_section(personas.coordinator, roles, "up")
    assert list(
        Section.objects.filter(version=draft).order_by("order").values_list("heading", flat=True)
    ) == ["Roles", "Information sharing"]
    assert services.move_section(personas.coordinator, roles, "up").order == 1  # already first
    consent = _clause(draft, "Consent")
    services.move_clause(personas.coordinator, consent, "up")
    sharing = Section.objects.get(version=draft, heading="Information sharing")
    assert list(sharing.clauses.order_by("order").values_list("heading", "order")) == [
        ("Consent", 1),
        ("Need to know", 2),
    ]
    services.remove_clause(personas.coordinator, _clause(draft, "Consent"))
    assert list(sharing.clauses.values_list("order", flat=True)) == [1]


# --- Parties -------------------------------------------------------------------------------------


def test_party_people_must_be_its_staff_with_member_accounts(personas):
    made = factories.agreement(personas)
    with pytest.raises(ValidationError) as excinfo:
        services.add_party(
            personas.coordinator,
            made,
            personas.new_dawn,
            {"representative": person(personas.detective), "signatory": person(personas.visitor)},
        )
    assert set(excinfo.value.message_dict) == {"representative", "signatory"}
    with pytest.raises(ValidationError) as excinfo:
        services.add_party(personas.coordinator, made, personas.police, {})
    assert "already a party" in excinfo.value.message_dict["organization"][0]
    added = services.add_party(
        personas.coordinator, made, personas.new_dawn, {"representative": person(personas.advocate)}
    )
    assert added.status == PartyStatus.INVITED


def test_only_the_facilitator_decides_who_is_required(personas):
    made = factories.agreement(personas)
    police = factories.party(made, personas.police)
    with pytest.raises(PermissionDenied):
        services.update_party(personas.detective, police, {"required": False})
    with pytest.raises(PermissionDenied):
        services.update_party(
            personas.prosecutor, police, {"signatory": person(personas.detective)}
        )
    # The party itself names its people.
    services.update_party(personas.detective, police, {"signatory": person(personas.detective)})
    services.update_party(personas.coordinator, police, {"required": False})
    police.refresh_from_db()
    assert (police.signatory_id, police.required) == (person(personas.detective).pk, False)


def test_party_that_answered_is_withdrawn_not_removed(personas):
    made = factories.circulated(personas)
    police = factories.party(made, personas.police)
    services.respond(
        personas.detective, police, _roles_clause(made.versions.get()), ResponseKind.ACCEPT
    )
    with pytest.raises(ValidationError, match="withdrawal"):
        services.remove_party(personas.coordinator, police)


def test_party_invited_by_mistake_is_removed_with_its_draft_commitments(personas):
    made = factories.agreement(personas)
    services.remove_party(personas.coordinator, factories.party(made, personas.police))
    assert not Party.objects.filter(agreement=made, organization=personas.police).exists()
    assert not Commitment.objects.filter(organization=personas.police).exists()
    assert _events("agreements.party.removed") == 1


# --- Circulation ---------------------------------------------------------------------------------


def test_circulating_needs_clauses(personas):
    made = services.create_agreement(personas.coordinator, _agreement_data(personas))
    factories.parties(personas, made)
    with pytest.raises(ValidationError, match="at least one clause"):
        services.circulate(personas.coordinator, made.versions.get())
    assert _events("agreements.version.circulated") == 0


def test_circulating_needs_parties(personas):
    made = services.create_agreement(personas.coordinator, _agreement_data(personas))
    section = services.add_section(personas.coordinator, made.versions.get(), "Scope")
    services.add_clause(personas.coordinator, section, {"text": "The scope."})
    with pytest.raises(ValidationError, match="Invite the parties"):
        services.circulate(personas.coordinator, made.versions.get())


def test_circulating_freezes_and_hashes_the_draft(personas):
    made = factories.agreement(personas)
    version = services.circulate(personas.coordinator, made.versions.get(), "  For review  ")
    version.refresh_from_db()
    made.refresh_from_db()
    assert version.state == VersionState.REVIEW
    assert version.change_note == "For review"
    assert version.title == made.title
    assert version.circulated_by == personas.coordinator
    assert made.status == AgreementStatus.NEGOTIATING
    assert not AgreementVersion.objects.filter(agreement=made, state=VersionState.DRAFT).exists()


def test_final_needs_a_required_party(personas):
    made = factories.agreement(personas)
    for party in made.parties.all():
        services.update_party(personas.coordinator, party, {"required": False})
    with pytest.raises(ValidationError, match="at least one party as required"):
        services.circulate(personas.coordinator, made.versions.get(), final=True)
    assert made.versions.get().state == VersionState.DRAFT


def test_final_needs_the_required_parties_signatories(personas):
    made = factories.agreement(personas)
    services.update_party(
        personas.coordinator, factories.party(made, personas.police), {"signatory": None}
    )
    with pytest.raises(ValidationError, match="Harbor City Police Department"):
        services.circulate(personas.coordinator, made.versions.get(), final=True)
    # An optional party needs no signatory named.
    services.update_party(
        personas.coordinator, factories.party(made, personas.police), {"required": False}
    )
    version = services.circulate(personas.coordinator, made.versions.get(), final=True)
    assert version.state == VersionState.FINAL


# --- Answers and objections ----------------------------------------------------------------------


def test_party_status_follows_its_answers(personas):
    made = factories.circulated(personas)
    version = made.versions.get()
    police = factories.party(made, personas.police)
    assert police.status == PartyStatus.INVITED
    services.respond(personas.detective, police, _roles_clause(version), ResponseKind.ACCEPT)
    assert _status(made, personas.police) == PartyStatus.REVIEWING
    objection = services.respond(
        personas.detective,
        police,
        _clause(version, "Need to know"),
        ResponseKind.OBJECT,
        reason="Investigations need more than that.",
    )
    assert objection.state == ObjectionState.OPEN
    assert _status(made, personas.police) == PartyStatus.OBJECTED
    services.resolve_objection(personas.coordinator, objection, "Agreed on a call to keep it.")
    assert _status(made, personas.police) == PartyStatus.REVIEWING
    assert services.accept_remaining(personas.detective, police) == 1
    assert _status(made, personas.police) == PartyStatus.AGREED
    statuses = [
        event.changes["status"]["to"]
        for event in AuditEvent.objects.filter(action="agreements.party.status_changed").order_by(
            "sequence"
        )
    ]
    assert statuses == ["Reviewing", "Objected", "Reviewing", "Agreed"]


def test_answers_need_reasons_and_proposed_text(personas):
    made = factories.circulated(personas)
    version = made.versions.get()
    police = factories.party(made, personas.police)
    clause = _clause(version, "Consent")
    with pytest.raises(ValidationError) as excinfo:
        services.respond(personas.detective, police, clause, ResponseKind.OBJECT)
    assert "reason" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.respond(personas.detective, police, clause, ResponseKind.PROPOSE, reason="Vague")
    assert "proposed_text" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.respond(personas.detective, police, clause, "shrug")
    assert "kind" in excinfo.value.message_dict
    assert not ClauseResponse.objects.exists()
    assert _events("agreements.clause.answered") == 0
    proposal = services.respond(
        personas.detective,
        police,
        clause,
        ResponseKind.PROPOSE,
        reason="Vague",
        proposed_text="Shared only with informed written consent.",
    )
    assert proposal.is_objection
    # A later answer replaces the earlier one.
    services.respond(personas.detective, police, clause, ResponseKind.ACCEPT)
    assert ClauseResponse.objects.get().kind == ResponseKind.ACCEPT
    assert _events("agreements.clause.answered") == 2


def test_only_the_representative_or_the_facilitator_answers(personas):
    made = factories.circulated(personas)
    clause = _roles_clause(made.versions.get())
    police = factories.party(made, personas.police)
    for outsider in ("leader", "prosecutor", "advocate", "administrator", "visitor"):
        with pytest.raises(PermissionDenied):
            services.respond(getattr(personas, outsider), police, clause, ResponseKind.ACCEPT)
    services.respond(personas.detective, police, clause, ResponseKind.ACCEPT)
    services.respond(
        personas.coordinator, police, clause, ResponseKind.OBJECT, reason="Said on the phone"
    )
    answer = ClauseResponse.objects.get()
    assert answer.responded_by == personas.coordinator


def test_answers_only_to_the_version_under_review(personas):
    made = factories.agreement(personas)
    police = factories.party(made, personas.police)
    with pytest.raises(ValidationError, match="open for review"):
        services.respond(
            personas.detective, police, _roles_clause(made.versions.get()), ResponseKind.ACCEPT
        )
    made, version = factories.final(personas, title="Signed text")
    police = factories.party(made, personas.police)
    with pytest.raises(ValidationError, match="open for review"):
        services.respond(personas.detective, police, _roles_clause(version), ResponseKind.ACCEPT)


def test_objections_are_answered_by_the_next_version(personas):
    made = factories.circulated(personas)
    first = made.versions.get()
    police = factories.party(made, personas.police)
    objection = services.respond(
        personas.detective,
        police,
        _clause(first, "Need to know"),
        ResponseKind.OBJECT,
        reason="Too narrow",
    )
    draft = services.start_revision(personas.coordinator, made)
    services.update_clause(
        personas.coordinator,
        _clause(draft, "Need to know"),
        {"text": "Agencies share what each needs to act, including to investigate."},
    )
    services.circulate(personas.coordinator, draft, "Widened the need to know")
    objection.refresh_from_db()
    assert objection.state == ObjectionState.SUPERSEDED
    assert objection.resolution == "Answered by version 2."
    assert _status(made, personas.police) == PartyStatus.INVITED
    event = AuditEvent.objects.filter(action="agreements.version.circulated").latest("sequence")
    assert event.changes["objections_answered"] == {"from": None, "to": 1}
    assert selectors.open_objections(made) == []


def test_call_for_signatures_waits_for_open_objections(personas):
    made = factories.circulated(personas)
    version = made.versions.get()
    police = factories.party(made, personas.police)
    objection = services.respond(
        personas.detective, police, _clause(version, "Consent"), ResponseKind.OBJECT, reason="Why?"
    )
    with pytest.raises(ValidationError, match="1 objection is still open"):
        services.call_for_signatures(personas.coordinator, version)
    with pytest.raises(PermissionDenied):
        services.call_for_signatures(personas.leader, version)
    assert _events("agreements.version.finalized") == 0
    services.resolve_objection(personas.coordinator, objection, "Explained the consent rule.")
    services.call_for_signatures(personas.coordinator, version)
    version.refresh_from_db()
    made.refresh_from_db()
    assert version.state == VersionState.FINAL
    assert version.finalized_at is not None
    assert made.status == AgreementStatus.SIGNING
    assert _events("agreements.version.finalized") == 1


def test_only_the_facilitator_resolves_objections(personas):
    made = factories.circulated(personas)
    police = factories.party(made, personas.police)
    objection = services.respond(
        personas.detective,
        police,
        _clause(made.versions.get(), "Consent"),
        ResponseKind.OBJECT,
        reason="Why?",
    )
    with pytest.raises(PermissionDenied):
        services.resolve_objection(personas.detective, objection, "I changed my mind")
    with pytest.raises(ValidationError):
        services.resolve_objection(personas.coordinator, objection, " ")
    services.resolve_objection(personas.coordinator, objection, "Settled")
    with pytest.raises(ValidationError, match="not open"):
        services.resolve_objection(personas.coordinator, objection, "Again")


def test_resolving_the_objection_of_a_party_that_declined_keeps_it_declined(personas):
    made = factories.circulated(personas)
    police = factories.party(made, personas.police)
    objection = services.respond(
        personas.detective,
        police,
        _clause(made.versions.get(), "Consent"),
        ResponseKind.OBJECT,
        reason="No.",
    )
    services.decline(personas.leader, police, "We cannot share victim information.")
    services.resolve_objection(personas.coordinator, objection, "Noted; the clause stands.")
    assert _status(made, personas.police) == PartyStatus.DECLINED


def test_call_for_signatures_only_on_the_latest_version_under_review(personas):
    made, version = factories.final(personas)
    with pytest.raises(ValidationError, match="circulated for review"):
        services.call_for_signatures(personas.coordinator, version)
    made = factories.circulated(personas, title="Another memorandum")
    first = made.versions.get()
    services.start_revision(personas.coordinator, made)
    with pytest.raises(ValidationError, match="later version"):
        services.call_for_signatures(personas.coordinator, first)


# --- Signing and taking effect -------------------------------------------------------------------


def test_agreement_takes_effect_when_the_last_required_party_signs(personas):
    made, version = factories.final(personas)
    assert made.status == AgreementStatus.SIGNING
    AgreementVersion.objects.filter(pk=version.pk).update(
        finalized_at=timezone.now() - datetime.timedelta(days=10)
    )
    signed_on = {"leader": days(-8), "prosecutor": days(-3), "coordinator": days(-5)}
    for index, who in enumerate(("leader", "prosecutor", "coordinator"), start=1):
        user = getattr(personas, who)
        party = made.parties.get(signatory__user=user)
        services.sign(
            user,
            party,
            version,
            {
                "typed_name": user.get_full_name(),
                "signer_title": "Chief",
                "signed_on": signed_on[who],
            },
            attested=True,
            content_hash=version.content_hash,
        )
        made.refresh_from_db()
        assert _status(made, party.organization) == PartyStatus.SIGNED
        if index < 3:
            assert made.status == AgreementStatus.SIGNING
            assert made.effective_version is None
            assert _events("agreements.agreement.took_effect") == 0
    assert made.status == AgreementStatus.EFFECTIVE
    assert made.effective_version == version
    assert made.effective_on == days(-3)  # the latest signature, not the last one written
    event = AuditEvent.objects.get(action="agreements.agreement.took_effect")
    assert event.changes["effective_on"] == {"from": None, "to": days(-3).isoformat()}
    assert _events("agreements.signature.signed") == 3


def test_optional_party_does_not_hold_up_the_agreement(personas):
    made = factories.agreement(personas)
    services.update_party(
        personas.coordinator, factories.party(made, personas.safe_harbor), {"required": False}
    )
    version = services.circulate(personas.coordinator, made.versions.get(), final=True)
    factories.sign(personas, version, "leader")
    factories.sign(personas, version, "prosecutor")
    made.refresh_from_db()
    assert made.status == AgreementStatus.EFFECTIVE
    factories.sign(personas, version, "coordinator")  # may still sign
    assert Signature.objects.filter(version=version).count() == 3


def test_only_the_signatory_signs(personas):
    made, version = factories.final(personas)
    police = factories.party(made, personas.police)
    for who in ("detective", "coordinator", "prosecutor", "administrator", "visitor"):
        with pytest.raises(PermissionDenied):
            services.sign(
                getattr(personas, who),
                police,
                version,
                _signing_data(),
                attested=True,
                content_hash=version.content_hash,
            )
    assert not Signature.objects.exists()
    assert factories.sign(personas, version, "leader").signer == personas.leader


@pytest.mark.parametrize(
    ("data", "attested", "field"),
    [
        ({"signed_on": days(1)}, True, "signed_on"),
        ({"signed_on": days(-1)}, True, "signed_on"),  # before the version was final
        ({}, False, "attested"),
        ({"typed_name": " "}, True, "typed_name"),
        ({"signer_title": ""}, True, "signer_title"),
    ],
)
def test_signature_validation(personas, data, attested, field):
    _, version = factories.final(personas)
    with pytest.raises(ValidationError) as excinfo:
        _sign_as_prosecutor(personas, version, attested=attested, **data)
    assert field in excinfo.value.message_dict
    assert not Signature.objects.exists()
    assert _events("agreements.signature.signed") == 0


def test_a_party_signs_once(personas):
    _, version = factories.final(personas)
    _sign_as_prosecutor(personas, version)
    with pytest.raises(ValidationError, match="already signed"):
        _sign_as_prosecutor(personas, version)


def test_only_the_latest_final_version_is_signed(personas):
    made = factories.circulated(personas)
    review = made.versions.get()
    with pytest.raises(ValidationError, match="Only the final version"):
        _sign_as_prosecutor(personas, review)
    services.call_for_signatures(personas.coordinator, review)
    draft = services.start_revision(personas.coordinator, made)
    services.circulate(personas.coordinator, draft, "Corrected", final=True)
    with pytest.raises(ValidationError, match="Only the final version"):
        _sign_as_prosecutor(personas, _version(made, 1))
    _sign_as_prosecutor(personas, _version(made, 2))


def test_declined_required_party_issued_a_letter_lets_the_agreement_take_effect(personas):
    made, version = factories.final(personas)
    district_attorney = factories.party(made, personas.district_attorney)
    with pytest.raises(PermissionDenied):
        services.decline(personas.detective, district_attorney, "Not ours to say")
    with pytest.raises(ValidationError):
        services.decline(personas.prosecutor, district_attorney, " ")
    services.decline(personas.prosecutor, district_attorney, "Our office signs no MOUs this year.")
    factories.sign(personas, version, "leader")
    factories.sign(personas, version, "coordinator")
    made.refresh_from_db()
    assert made.status == AgreementStatus.SIGNING  # the declined party is still required
    with pytest.raises(PermissionDenied):
        services.issue_letter(personas.leader, district_attorney)
    services.issue_letter(personas.coordinator, district_attorney)
    made.refresh_from_db()
    district_attorney.refresh_from_db()
    assert made.status == AgreementStatus.EFFECTIVE
    assert made.effective_on == timezone.localdate()
    assert district_attorney.status == PartyStatus.LETTER
    assert district_attorney.letter_version == version
    assert not district_attorney.required
    assert _events("agreements.party.letter_issued") == 1
    with pytest.raises(ValidationError):
        _sign_as_prosecutor(personas, version)


def test_a_party_that_declined_is_invited_to_the_next_version(personas):
    made, _version_one = factories.final(personas)
    district_attorney = factories.party(made, personas.district_attorney)
    services.decline(personas.prosecutor, district_attorney, "Clause 1.2 goes too far.")
    draft = services.start_revision(personas.coordinator, made)
    services.circulate(personas.coordinator, draft, "Clause 1.2 narrowed", final=True)
    district_attorney.refresh_from_db()
    assert district_attorney.status == PartyStatus.INVITED
    assert district_attorney.declined_reason == ""
    _sign_as_prosecutor(personas, _version(made, 2))
    district_attorney.refresh_from_db()
    assert district_attorney.status == PartyStatus.SIGNED


def test_circulating_final_without_clauses_or_signatories_names_every_problem(personas):
    made = services.create_agreement(
        personas.coordinator,
        {
            "kind": "mou",
            "subject": "",
            "title": "Empty",
            "purpose": "Nothing yet.",
            "task_force_wide": False,
            "facilitator": person(personas.coordinator),
            "expires_on": None,
            "review_on": None,
        },
    )
    with pytest.raises(ValidationError) as refused:
        services.circulate(personas.coordinator, made.versions.get(), final=True)
    messages = refused.value.message_dict["__all__"]
    assert "Write at least one clause before circulating." in messages
    assert "Invite the parties before circulating." in messages
    assert "Mark at least one party as required to sign." in messages


def test_signed_party_cannot_decline(personas):
    made, version = factories.final(personas)
    _sign_as_prosecutor(personas, version)
    with pytest.raises(ValidationError, match="has signed"):
        services.decline(
            personas.prosecutor,
            factories.party(made, personas.district_attorney),
            "Second thoughts",
        )


# --- Withdrawal ----------------------------------------------------------------------------------


def test_withdrawn_party_leaves_the_matrix_and_the_next_version(personas):
    made, _ = factories.effective(personas)
    police = factories.party(made, personas.police)

    def police_in_matrix() -> bool:
        rows = selectors.responsibility_matrix(personas.coordinator)
        return any(row.organization == personas.police for row in rows)

    assert police_in_matrix()
    with pytest.raises(PermissionDenied):
        services.withdraw_party(personas.prosecutor, police, days(0), "Not theirs")
    with pytest.raises(ValidationError) as excinfo:
        services.withdraw_party(personas.detective, police, days(1), "")
    assert set(excinfo.value.message_dict) == {"withdrawn_on", "reason"}
    services.withdraw_party(personas.detective, police, days(0), "The unit was disbanded.")
    police.refresh_from_db()
    assert police.status == PartyStatus.WITHDRAWN
    assert police.withdrawn_on == days(0)
    assert not police.required
    assert not police_in_matrix()
    # What it signed stays on record.
    assert Signature.objects.filter(party=police).exists()
    draft = services.start_revision(personas.coordinator, made)
    assert not Commitment.objects.filter(version=draft, organization=personas.police).exists()
    assert Commitment.objects.filter(version=draft, organization=personas.safe_harbor).exists()
    with pytest.raises(ValidationError) as excinfo:
        services.add_commitment(
            personas.coordinator, draft, {"organization": personas.police, "description": "Patrols"}
        )
    assert "organization" in excinfo.value.message_dict
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.withdraw_party(personas.coordinator, police, days(0), "Again")


def test_withdrawal_clears_the_working_draft_and_open_objections(personas):
    made = factories.circulated(personas)
    police = factories.party(made, personas.police)
    services.respond(
        personas.detective,
        police,
        _clause(made.versions.get(), "Consent"),
        ResponseKind.OBJECT,
        reason="No.",
    )
    draft = services.start_revision(personas.coordinator, made)
    services.withdraw_party(personas.leader, police, days(0), "Leaving the task force.")
    assert not Commitment.objects.filter(version=draft, organization=personas.police).exists()
    assert selectors.open_objections(made) == []
    event = AuditEvent.objects.get(action="agreements.party.withdrawn")
    assert event.changes["draft_commitments_removed"] == {"to": 1}
    assert event.changes["objections_closed"] == {"to": 1}


def test_withdrawal_of_the_last_unsigned_required_party_puts_it_in_effect(personas):
    made, version = factories.final(personas)
    factories.sign(personas, version, "prosecutor")
    factories.sign(personas, version, "coordinator")
    services.withdraw_party(
        personas.coordinator, factories.party(made, personas.police), days(0), "Merged away."
    )
    made.refresh_from_db()
    assert made.status == AgreementStatus.EFFECTIVE


# --- Amendments ----------------------------------------------------------------------------------


def test_amendment_keeps_the_old_version_in_effect_until_the_new_one_is_signed(personas):
    made, first = factories.effective(personas)
    effective_on = made.effective_on
    draft = services.start_revision(personas.coordinator, made)
    assert draft.number == 2
    services.update_clause(
        personas.coordinator, _roles_clause(draft), {"text": "Each agency names two contacts."}
    )
    with pytest.raises(ValidationError, match="already a working draft"):
        services.start_revision(personas.coordinator, made)
    second = services.circulate(personas.coordinator, draft, "Two contacts", final=True)
    made.refresh_from_db()
    assert (made.status, made.effective_version, made.effective_on) == (
        AgreementStatus.EFFECTIVE,
        first,
        effective_on,
    )
    assert _status(made, personas.police) == PartyStatus.INVITED
    factories.sign(personas, second, "leader")
    factories.sign(personas, second, "prosecutor")
    made.refresh_from_db()
    assert made.effective_version == first
    factories.sign(personas, second, "coordinator")
    made.refresh_from_db()
    assert made.effective_version == second
    assert made.status == AgreementStatus.EFFECTIVE
    assert _events("agreements.agreement.took_effect") == 2


def test_discarding_a_revision(personas):
    made = factories.circulated(personas)
    with pytest.raises(ValidationError, match="first draft"):
        services.discard_draft(
            personas.coordinator,
            factories.agreement(personas, title="Other").versions.get(),
        )
    draft = services.start_revision(personas.coordinator, made)
    with pytest.raises(PermissionDenied):
        services.discard_draft(personas.leader, draft)
    services.discard_draft(personas.coordinator, draft)
    assert list(made.versions.values_list("number", flat=True)) == [1]
    assert _events("agreements.version.discarded") == 1


def test_revision_follows_a_circulated_version(personas):
    made = factories.agreement(personas)
    with pytest.raises(ValidationError, match="already a working draft"):
        services.start_revision(personas.coordinator, made)


def test_circulated_agreement_cannot_be_deleted(personas):
    made = factories.circulated(personas)
    with pytest.raises(ValidationError, match="kept"):
        services.delete_agreement(personas.coordinator, made)
    draft = factories.agreement(personas, title="Never circulated")
    services.delete_agreement(personas.coordinator, draft)
    assert not Agreement.objects.filter(pk=draft.pk).exists()
    assert _events("agreements.agreement.deleted") == 1


# --- Letters of understanding --------------------------------------------------------------------


def test_letter_of_understanding_takes_effect_when_issued_without_signatures(personas):
    made = factories.circulated(personas, kind=AgreementKind.LETTER)
    version = made.versions.get()
    with pytest.raises(PermissionDenied):
        services.issue_letter_of_understanding(personas.leader, made)
    services.issue_letter_of_understanding(personas.coordinator, made)
    made.refresh_from_db()
    version.refresh_from_db()
    assert made.status == AgreementStatus.EFFECTIVE
    assert made.effective_version == version
    assert version.state == VersionState.FINAL
    assert set(made.parties.values_list("status", flat=True)) == {PartyStatus.LETTER}
    assert not Signature.objects.exists()
    with pytest.raises(ValidationError, match="issued, not signed"):
        _sign_as_prosecutor(personas, version)
    with pytest.raises(ValidationError, match="already in effect"):
        services.issue_letter_of_understanding(personas.coordinator, made)
    assert _events("agreements.agreement.took_effect") == 1


def test_letter_of_understanding_is_not_issued_over_open_objections(personas):
    made = factories.circulated(personas, kind=AgreementKind.LETTER)
    services.respond(
        personas.detective,
        factories.party(made, personas.police),
        _clause(made.versions.get(), "Consent"),
        ResponseKind.OBJECT,
        reason="Unclear",
    )
    with pytest.raises(ValidationError, match="still open"):
        services.issue_letter_of_understanding(personas.coordinator, made)
    assert Agreement.objects.get(pk=made.pk).status == AgreementStatus.NEGOTIATING


def test_final_letter_of_understanding_is_issued_at_once(personas):
    """Nobody signs a letter: making its text final issues it, by either route."""
    made = factories.circulated(personas, kind=AgreementKind.LETTER)
    services.call_for_signatures(personas.coordinator, made.versions.get())
    made.refresh_from_db()
    assert made.status == AgreementStatus.EFFECTIVE
    other, version = factories.final(personas, kind=AgreementKind.LETTER, title="Interpreters")
    assert other.status == AgreementStatus.EFFECTIVE
    assert other.effective_version == version


def test_only_letters_are_issued_without_signatures(personas):
    made = factories.circulated(personas)
    with pytest.raises(ValidationError, match="Only a letter"):
        services.issue_letter_of_understanding(personas.coordinator, made)


# --- Reviews, reminders, templates ---------------------------------------------------------------


def test_facilitator_records_a_review_of_an_agreement_in_effect(personas):
    made, _ = factories.effective(personas, expires_on=days(400))
    with pytest.raises(PermissionDenied):
        services.record_review(personas.leader, made, days(200), "Reviewed")
    with pytest.raises(ValidationError) as excinfo:
        services.record_review(personas.coordinator, made, days(0), " ")
    assert set(excinfo.value.message_dict) == {"next_review_on", "note"}
    with pytest.raises(ValidationError, match="expiry"):
        services.record_review(personas.coordinator, made, days(500), "Reviewed")
    services.record_review(personas.coordinator, made, days(200), "Reviewed at the March meeting")
    assert Agreement.objects.get(pk=made.pk).review_on == days(200)
    event = AuditEvent.objects.get(action="agreements.agreement.reviewed")
    assert event.changes["note"] == {"to": "Reviewed at the March meeting"}
    draft = factories.agreement(personas, title="Not yet in effect")
    with pytest.raises(ValidationError, match="in effect"):
        services.record_review(personas.coordinator, draft, days(200), "Too early")


def test_daily_duties_remind_once_per_date(personas, django_capture_on_commit_callbacks):
    made, _ = factories.effective(personas, expires_on=days(30))
    factories.agreement(personas, title="A draft expiring too", expires_on=days(30))
    outbox.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.run_daily_duties()
    assert [agreement.pk for agreement in report.expiring] == [made.pk]
    assert report.reviews == []
    recipients = sorted(message.to[0] for message in outbox.outbox)
    assert recipients == ["detective@example.org", "prosecutor@example.org", "vscoord@example.org"]
    assert all("Expires soon" in message.subject for message in outbox.outbox)
    assert _events("agreements.agreement.expiring_reminded") == 1

    with django_capture_on_commit_callbacks(execute=True):
        report = services.run_daily_duties()
    assert report.expiring == []
    assert len(outbox.outbox) == 3

    services.update_agreement(personas.coordinator, made, {"expires_on": days(45)})
    with django_capture_on_commit_callbacks(execute=True):
        report = services.run_daily_duties()
    assert [agreement.pk for agreement in report.expiring] == [made.pk]
    assert len(outbox.outbox) == 6


def test_daily_duties_remind_of_reviews_within_sixty_days(
    personas, django_capture_on_commit_callbacks
):
    made, _ = factories.effective(personas, review_on=days(60))
    factories.effective(personas, title="Reviewed later", review_on=days(61))
    outbox.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.run_daily_duties()
    assert [agreement.pk for agreement in report.reviews] == [made.pk]
    assert {message.subject for message in outbox.outbox} == {
        "Due for review: Harbor anti-trafficking memorandum"
    }
    assert Agreement.objects.get(pk=made.pk).review_reminded_for == days(60)


def test_template_from_a_circulated_version_starts_a_new_agreement(personas):
    made = factories.circulated(personas)
    version = made.versions.get()
    with pytest.raises(ValidationError, match="working draft"):
        services.save_as_template(
            personas.coordinator, factories.agreement(personas, title="Draft").versions.get(), "X"
        )
    with pytest.raises(PermissionDenied):
        services.save_as_template(personas.detective, version, "Police copy")
    template = services.save_as_template(personas.coordinator, version, "Harbor MOU", "Our model")
    with pytest.raises(ValidationError) as excinfo:
        services.save_as_template(personas.coordinator, version, "harbor mou")
    assert "name" in excinfo.value.message_dict
    assert template.sections == [
        {
            "heading": "Information sharing",
            "clauses": [
                {
                    "heading": "Need to know",
                    "text": "Agencies share what each needs to act, no more.",
                },
                {
                    "heading": "Consent",
                    "text": "Victim information is shared only with written consent.",
                },
            ],
        },
        {
            "heading": "Roles",
            "clauses": [{"heading": "", "text": "Each agency names a point of contact."}],
        },
    ]
    started = services.create_agreement(
        personas.leader,
        _agreement_data(personas, facilitator=person(personas.leader)),
        template=template,
    )
    draft = started.versions.get()
    assert started.template == template
    assert list(
        Section.objects.filter(version=draft).order_by("order").values_list("heading", flat=True)
    ) == ["Information sharing", "Roles"]
    assert [
        clause.text
        for clause in Clause.objects.filter(version=draft).order_by("section__order", "order")
    ] == [
        "Agencies share what each needs to act, no more.",
        "Victim information is shared only with written consent.",
        "Each agency names a point of contact.",
    ]
    # New pieces: the copies do not share keys with the original text.
    assert not Clause.objects.filter(
        version=draft, key__in=Clause.objects.filter(version=version).values("key")
    ).exists()
    assert not Commitment.objects.filter(version=draft).exists()
    assert not started.parties.exists()
    event = AuditEvent.objects.filter(action="agreements.agreement.created").latest("sequence")
    assert event.changes["template"] == {"from": None, "to": "Harbor MOU"}


def test_template_only_from_a_text_the_coordinator_may_read(personas):
    made = factories.circulated(personas)
    new_dawn_lead = personas.advocate
    new_dawn_lead.role = "coordinator"
    new_dawn_lead.save()
    with pytest.raises(PermissionDenied):
        services.save_as_template(new_dawn_lead, made.versions.get(), "Borrowed")
    with pytest.raises(PermissionDenied):
        services.save_as_template(personas.administrator, made.versions.get(), "Borrowed")
    assert not AgreementTemplate.objects.exists()
    # The police are a party and the leader a coordinator.
    services.save_as_template(personas.leader, made.versions.get(), "Police copy")


def test_delete_template(personas):
    made = factories.circulated(personas)
    template = services.save_as_template(personas.coordinator, made.versions.get(), "Harbor MOU")
    with pytest.raises(PermissionDenied):
        services.delete_template(personas.detective, template)
    services.delete_template(personas.coordinator, template)
    assert not AgreementTemplate.objects.exists()
    assert _events("agreements.template.deleted") == 1


def test_handing_over_facilitation(personas):
    made = factories.agreement(personas)
    with pytest.raises(PermissionDenied):
        services.hand_over_facilitation(personas.leader, made, person(personas.leader))
    with pytest.raises(ValidationError):
        services.hand_over_facilitation(personas.coordinator, made, person(personas.visitor))
    services.hand_over_facilitation(personas.coordinator, made, person(personas.leader))
    made.refresh_from_db()
    services.update_agreement(personas.leader, made, {"title": "Now the leader's"})
    with pytest.raises(PermissionDenied):
        services.update_agreement(personas.coordinator, made, {"title": "Not any more"})


def test_a_negotiation_leaves_its_trail(personas):
    made = factories.agreement(personas)
    version = made.versions.get()
    police = factories.party(made, personas.police)
    start = AuditEvent.objects.latest("sequence").sequence
    version = services.circulate(personas.coordinator, version, "For review")
    objection = services.respond(
        personas.detective, police, _clause(version, "Consent"), ResponseKind.OBJECT, reason="Why?"
    )
    services.accept_remaining(personas.detective, police)
    services.resolve_objection(personas.coordinator, objection, "Explained on a call.")
    services.call_for_signatures(personas.coordinator, version)
    factories.sign(personas, version, "leader")
    trail = list(
        AuditEvent.objects.filter(sequence__gt=start)
        .order_by("sequence")
        .values_list("action", "actor__username")
    )
    assert trail == [
        ("agreements.version.circulated", "vscoord"),
        ("agreements.clause.answered", "detective"),
        ("agreements.party.status_changed", "detective"),  # objected
        ("agreements.party.accepted_remaining", "detective"),
        ("agreements.objection.resolved", "vscoord"),
        ("agreements.party.status_changed", "vscoord"),  # agreed
        ("agreements.version.finalized", "vscoord"),
        ("agreements.signature.signed", "leader"),
        ("agreements.party.status_changed", "leader"),  # signed
    ]


def test_letter_of_understanding_is_amended_and_issued_again(personas):
    made, first = factories.final(personas, kind=AgreementKind.LETTER)
    draft = services.start_revision(personas.coordinator, made)
    services.update_clause(personas.coordinator, _roles_clause(draft), {"text": "Two contacts."})
    second = services.circulate(personas.coordinator, draft, "Two contacts")
    made.refresh_from_db()
    assert made.effective_version == first  # the letter in effect stays so meanwhile
    assert set(made.parties.values_list("status", flat=True)) == {PartyStatus.INVITED}
    services.respond(
        personas.detective,
        factories.party(made, personas.police),
        _roles_clause(second),
        ResponseKind.ACCEPT,
    )
    services.issue_letter_of_understanding(personas.coordinator, made)
    made.refresh_from_db()
    assert made.effective_version == second
    assert set(made.parties.values_list("letter_version", flat=True)) == {second.pk}
