"""The demo's agreements show what the issue promises: a task-force-wide MOU signed by most members
after one agency's objection to the information-sharing clause was answered in a second version,
with one agency issued a letter of understanding; a victim referral protocol in negotiation with
open objections; an MOU due for renewal within sixty days; and the two templates they came from.

The demo is built once for this module (see conftest.py); the tests only read it.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from taskforce.accounts.models import User
from taskforce.agreements import selectors, text
from taskforce.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    AgreementVersion,
    Clause,
    ClauseResponse,
    ObjectionState,
    Party,
    PartyStatus,
    ProtocolSubject,
    ResponseKind,
    Signature,
    VersionState,
)
from taskforce.core.audit import verify_chain
from taskforce.core.models import AuditEvent
from taskforce.demo import agreements_data as spec
from taskforce.demo import data
from taskforce.directory.models import MembershipStatus, Organization

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("built_demo")]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(_user(username))
    return client


def _agreement(agreement_spec: spec.AgreementSpec) -> Agreement:
    return Agreement.objects.get(title=agreement_spec.title)


def _organization(key: str) -> Organization:
    name = next(org.name for org in data.ORGANIZATIONS if org.key == key)
    return Organization.objects.get(name=name)


def _party(agreement: Agreement, key: str) -> Party:
    return agreement.parties.get(organization=_organization(key))


def _version(agreement: Agreement, number: int) -> AgreementVersion:
    return agreement.versions.get(number=number)


# --- Templates -----------------------------------------------------------------------------------


def test_the_two_templates_are_shipped_with_their_full_text() -> None:
    mou = AgreementTemplate.objects.get(name=spec.TASK_FORCE_MOU_TEMPLATE.name)
    assert mou.kind == AgreementKind.MOU
    mou_clauses = sum(len(section["clauses"]) for section in mou.sections)
    assert len(mou.sections) >= 10
    assert 25 <= mou_clauses <= 35
    headings = [section["heading"] for section in mou.sections]
    assert spec.INFORMATION_SHARING in headings
    assert {"Guiding principles", "Conflict resolution", "Signatures"} <= set(headings)

    protocol = AgreementTemplate.objects.get(name=spec.REFERRAL_PROTOCOL_TEMPLATE.name)
    assert protocol.kind == AgreementKind.PROTOCOL
    assert protocol.subject == ProtocolSubject.REFERRAL_PATHWAYS
    assert len(protocol.sections) >= 8
    assert sum(len(section["clauses"]) for section in protocol.sections) >= 20
    for template in (mou, protocol):
        for section in template.sections:
            assert section["clauses"]
            assert all(clause["heading"] and clause["text"] for clause in section["clauses"])


def test_the_mou_and_the_protocol_start_from_the_templates() -> None:
    mou = _agreement(spec.TASK_FORCE_MOU)
    protocol = _agreement(spec.REFERRAL_PROTOCOL)
    assert mou.template is not None and mou.template.name == spec.TASK_FORCE_MOU_TEMPLATE.name
    assert protocol.template is not None
    assert protocol.template.name == spec.REFERRAL_PROTOCOL_TEMPLATE.name
    assert text.document_of(_version(mou, 1)).clause_count() == (
        spec.TASK_FORCE_MOU_TEMPLATE.clause_count()
    )
    assert text.document_of(_version(protocol, 1)).clause_count() == (
        spec.REFERRAL_PROTOCOL_TEMPLATE.clause_count()
    )


# --- The task-force-wide memorandum --------------------------------------------------------------


def test_the_task_force_mou_is_in_effect_and_signed_by_most_members() -> None:
    mou = _agreement(spec.TASK_FORCE_MOU)
    assert mou.kind == AgreementKind.MOU and mou.task_force_wide
    assert mou.status == AgreementStatus.EFFECTIVE
    final = _version(mou, 2)
    assert mou.effective_version == final and final.state == VersionState.FINAL
    assert mou.effective_on == timezone.localdate()
    parties = list(mou.parties.all())
    signed = [party for party in parties if party.status == PartyStatus.SIGNED]
    assert Signature.objects.filter(version=final).count() == len(signed)
    assert len(signed) > len(parties) * 3 // 4
    active_members = Organization.objects.filter(membership_status=MembershipStatus.ACTIVE)
    assert len(signed) > active_members.count() // 2
    # It took effect because every required party signed; the one still to sign is not required.
    assert all(party.status == PartyStatus.SIGNED for party in parties if party.required)
    unsigned = [p for p in parties if p.status not in (PartyStatus.SIGNED, PartyStatus.LETTER)]
    assert [p.organization for p in unsigned] == [_organization("hotel-association")]
    assert mou.expires_on == timezone.localdate() + datetime.timedelta(days=3 * 365)
    assert mou.review_on == timezone.localdate() + datetime.timedelta(days=365)


def test_an_agency_objected_to_the_consent_clause_of_version_1() -> None:
    mou = _agreement(spec.TASK_FORCE_MOU)
    first = _version(mou, 1)
    objections = list(
        ClauseResponse.objects.filter(version=first).exclude(kind=ResponseKind.ACCEPT)
    )
    assert len(objections) == 1
    objection = objections[0]
    assert objection.party.organization == _organization(spec.OBJECTING_AGENCY)
    assert objection.kind == ResponseKind.PROPOSE
    assert objection.reason and "court order" in objection.proposed_text
    assert objection.clause.heading == spec.CONSENT_CLAUSE
    assert objection.clause.section.heading == spec.INFORMATION_SHARING
    assert objection.responded_by == _user("prosecutor")
    # Version 2 answered it.
    assert objection.state == ObjectionState.SUPERSEDED
    # Other parties accepted the first version's clauses.
    accepted = ClauseResponse.objects.filter(version=first, kind=ResponseKind.ACCEPT)
    assert accepted.values("party").distinct().count() >= 10


def test_version_2_changed_only_the_consent_clause() -> None:
    mou = _agreement(spec.TASK_FORCE_MOU)
    first, second = _version(mou, 1), _version(mou, 2)
    assert second.change_note
    comparison = text.compare(text.document_of(first), text.document_of(second))
    changed = [
        clause
        for _heading, clauses in comparison.sections
        for clause in clauses
        if clause.change != "unchanged"
    ]
    assert len(changed) == 1 and changed[0].change == "changed"
    assert comparison.changed_count == 1
    before = Clause.objects.get(version=first, heading=spec.CONSENT_CLAUSE)
    after = Clause.objects.get(version=second, key=before.key)
    assert before.text == spec.CONSENT_TEXT_V1
    assert after.text == spec.MOU_REVISION.text != before.text
    assert changed[0].after_number == "5.2"


def test_the_objecting_agency_signed_version_2() -> None:
    mou = _agreement(spec.TASK_FORCE_MOU)
    party = _party(mou, spec.OBJECTING_AGENCY)
    assert party.status == PartyStatus.SIGNED
    signature = Signature.objects.get(party=party)
    assert signature.version == _version(mou, 2)
    assert signature.signer == _user("prosecutor")
    assert signature.attested_authority


def test_the_agency_that_declined_holds_a_letter_of_understanding() -> None:
    mou = _agreement(spec.TASK_FORCE_MOU)
    party = _party(mou, spec.DECLINING_AGENCY)
    assert party.status == PartyStatus.LETTER
    assert party.declined_reason == spec.MOU_DECLINE_REASON
    assert party.letter_version == _version(mou, 2)
    assert party.letter_issued_on == timezone.localdate()
    assert not party.required
    assert not Signature.objects.filter(party=party).exists()
    # Its commitments stay in the matrix: it takes part, it just does not sign.
    rows = selectors.responsibility_matrix(_user("admin"), organization=party.organization_id)
    assert rows and rows[0].organization == party.organization


def test_the_history_runs_in_order() -> None:
    mou = _agreement(spec.TASK_FORCE_MOU)
    first, second = _version(mou, 1), _version(mou, 2)
    assert first.state == VersionState.REVIEW and first.finalized_at is None
    assert first.circulated_at and second.circulated_at and second.finalized_at
    assert first.circulated_at < second.created_at < second.finalized_at
    responses = ClauseResponse.objects.filter(version=first)
    assert all(first.circulated_at < r.responded_at < second.created_at for r in responses)
    signatures = Signature.objects.filter(version=second)
    assert all(s.signed_at > second.finalized_at for s in signatures)
    assert {s.signed_on for s in signatures} == {timezone.localdate(second.finalized_at)}
    letter_issued = _party(mou, spec.DECLINING_AGENCY).status_changed_at
    assert letter_issued is not None and all(s.signed_at > letter_issued for s in signatures)
    assert mou.effective_on == max(s.signed_on for s in signatures)


# --- The referral protocol in negotiation --------------------------------------------------------


def test_the_referral_protocol_is_in_negotiation_with_open_objections() -> None:
    protocol = _agreement(spec.REFERRAL_PROTOCOL)
    assert protocol.kind == AgreementKind.PROTOCOL
    assert protocol.subject == ProtocolSubject.REFERRAL_PATHWAYS
    assert protocol.status == AgreementStatus.NEGOTIATING
    assert protocol.effective_version is None
    version = _version(protocol, 1)
    assert version.state == VersionState.REVIEW
    assert not protocol.versions.filter(number=2).exists()

    objections = selectors.open_objections(protocol)
    assert {o.party.organization for o in objections} == {
        _organization("police"),
        _organization("faith-shelter"),
    }
    proposal = next(o for o in objections if o.kind == ResponseKind.PROPOSE)
    assert proposal.clause.heading == spec.EMERGENCY_CLAUSE and proposal.proposed_text
    objection = next(o for o in objections if o.kind == ResponseKind.OBJECT)
    assert objection.clause.heading == spec.CAPACITY_CLAUSE and objection.reason
    assert not objection.proposed_text
    assert _party(protocol, "police").status == PartyStatus.OBJECTED
    assert _party(protocol, "faith-shelter").status == PartyStatus.OBJECTED

    # Other parties accepted clauses: some all of them, some a few so far.
    assert _party(protocol, "lantern-house").status == PartyStatus.AGREED
    assert _party(protocol, "tidewell").status == PartyStatus.REVIEWING
    accepted = ClauseResponse.objects.filter(version=version, kind=ResponseKind.ACCEPT)
    assert accepted.exclude(party__organization__in=[o.party.organization for o in objections])
    assert _party(protocol, "district-attorney").status == PartyStatus.INVITED


def test_protocol_parties_see_what_awaits_them() -> None:
    protocol = _agreement(spec.REFERRAL_PROTOCOL)
    assert protocol in [party.agreement for party in selectors.awaiting_me(_user("prosecutor"))]
    assert protocol in [party.agreement for party in selectors.awaiting_me(_user("advocate"))]
    assert protocol not in [party.agreement for party in selectors.awaiting_me(_user("detective"))]


# --- Due for renewal and the letter of understanding ---------------------------------------------


def test_one_mou_expires_within_60_days_with_its_review_date_set() -> None:
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=60)
    expiring = Agreement.objects.filter(
        status=AgreementStatus.EFFECTIVE, expires_on__gte=today, expires_on__lte=horizon
    )
    assert list(expiring) == [_agreement(spec.SHELTER_LEGAL_MOU)]
    mou = expiring[0]
    assert mou.kind == AgreementKind.MOU
    assert mou.expires_on == today + datetime.timedelta(days=spec.RENEWAL_DUE_IN_DAYS)
    assert mou.review_on == today + datetime.timedelta(days=spec.RENEWAL_REVIEW_IN_DAYS)
    assert mou.effective_on == today and mou.effective_version is not None
    assert {p.status for p in mou.parties.all()} == {PartyStatus.SIGNED}
    assert mou.effective_version.signatures.count() == 2


def test_the_renewal_shows_on_the_dashboard_and_was_reminded() -> None:
    mou = _agreement(spec.SHELTER_LEGAL_MOU)
    assert mou in selectors.due_soon_for(_user("vscoord"))
    assert mou not in selectors.due_soon_for(_user("prosecutor"))
    assert mou.expiry_reminded_for == mou.expires_on
    assert mou.review_reminded_for == mou.review_on
    assert AuditEvent.objects.filter(
        action="agreements.agreement.expiring_reminded", target_id=str(mou.pk)
    ).exists()


def test_a_letter_of_understanding_is_in_effect_without_signatures() -> None:
    letter = _agreement(spec.HSI_LETTER)
    assert letter.kind == AgreementKind.LETTER
    assert letter.status == AgreementStatus.EFFECTIVE
    assert letter.effective_on == timezone.localdate()
    assert letter.effective_version is not None
    assert letter.effective_version.state == VersionState.FINAL
    assert {p.status for p in letter.parties.all()} == {PartyStatus.LETTER}
    assert not Signature.objects.filter(party__agreement=letter).exists()


# --- Text, matrix and access ---------------------------------------------------------------------


def test_every_signature_matches_its_versions_text() -> None:
    signatures = list(Signature.objects.select_related("version"))
    assert len(signatures) >= 20
    for signature in signatures:
        assert signature.content_hash == signature.version.content_hash
        assert text.verify(signature.version, signature.content_hash).matches
    for version in AgreementVersion.objects.exclude(state=VersionState.DRAFT):
        assert text.verify(version).matches


def test_the_matrix_flags_the_commitment_beyond_listed_capacity() -> None:
    rows = selectors.responsibility_matrix(_user("admin"))
    warnings = [
        (row.organization, commitment.description, warning)
        for row in rows
        for cell in row.cells
        for commitment, warning in cell.commitments
        if warning
    ]
    assert warnings == [
        (
            _organization("lgbtq-youth"),
            "Overnight emergency shelter for LGBTQ+ youth",
            "Commits 8 beds; the directory lists 6.",
        )
    ]
    in_matrix = {row.organization for row in rows}
    assert _organization("lantern-house") in in_matrix and _organization("police") in in_matrix


def test_who_sees_which_agreement() -> None:
    mou = _agreement(spec.TASK_FORCE_MOU)
    protocol = _agreement(spec.REFERRAL_PROTOCOL)
    letter = _agreement(spec.HSI_LETTER)
    renewal = _agreement(spec.SHELTER_LEGAL_MOU)

    def visible(username: str) -> set[Agreement]:
        return set(selectors.visible_agreements(_user(username)))

    assert visible("vscoord") == {mou, protocol, renewal}
    assert visible("detective") == {mou, protocol, letter}
    # The administrator facilitates the MOU but is party to nothing in negotiation.
    assert visible("admin") == {mou}
    assert visible("visitor") == set()


def test_the_parties_act_through_their_own_people() -> None:
    for agreement_spec in spec.all_agreements():
        agreement = _agreement(agreement_spec)
        for party in agreement.parties.select_related("representative", "signatory"):
            for person in (party.representative, party.signatory):
                if person is None:
                    continue
                assert person.organization_id == party.organization_id
                assert person.user is not None and person.user.is_active
    published = {login.username for _, login in data.logins()}
    for user in User.objects.exclude(username__in=published):
        assert not user.has_usable_password()
        assert user.person.organization is not None


def test_the_agreements_history_is_audited() -> None:
    assert verify_chain() is None
    mou = _agreement(spec.TASK_FORCE_MOU)
    actions = set(
        AuditEvent.objects.filter(
            target_type="agreements.party", target_id__in=[str(p.pk) for p in mou.parties.all()]
        ).values_list("action", flat=True)
    )
    assert {"agreements.party.added", "agreements.party.declined"} <= actions
    assert AuditEvent.objects.filter(action="agreements.signature.signed").count() == (
        Signature.objects.count()
    )
    assert AuditEvent.objects.filter(action="agreements.template.created").count() == 2


def test_the_pages_show_the_demo_agreements() -> None:
    vscoord = _client("vscoord")
    for agreement_spec in (spec.TASK_FORCE_MOU, spec.REFERRAL_PROTOCOL, spec.SHELTER_LEGAL_MOU):
        agreement = _agreement(agreement_spec)
        page = vscoord.get(reverse("agreements:detail", kwargs={"pk": agreement.pk}))
        assert page.status_code == 200
        assert agreement.title in page.content.decode()
    protocol = _agreement(spec.REFERRAL_PROTOCOL)
    objections = vscoord.get(reverse("agreements:objections", kwargs={"pk": protocol.pk}))
    assert objections.status_code == 200
    for key in ("police", "faith-shelter"):
        assert _organization(key).name in objections.content.decode()
    matrix = _client("detective").get(reverse("agreements:matrix"))
    assert matrix.status_code == 200
    assert "Commits 8 beds; the directory lists 6." in matrix.content.decode()
    letter = _agreement(spec.HSI_LETTER)
    assert (
        _client("detective").get(reverse("agreements:detail", kwargs={"pk": letter.pk})).status_code
        == 200
    )
    assert (
        _client("prosecutor")
        .get(reverse("agreements:detail", kwargs={"pk": letter.pk}))
        .status_code
        == 404
    )
