"""What the agreements operations answer: agreements, versions and their text, the working draft,
parties, answers and objections, signatures and the responsibility matrix; who may see and do what;
that a circulated or signed version cannot be altered through the API; and that a signature binds
to the hash of the exact text.

The memorandum is the one of tests/agreements/factories.py: facilitated by the coordinator, with
the police (the detective answers, the leader signs), the district attorney's office (the
prosecutor) and Safe Harbor (the coordinator) as parties. The advocate's New Dawn is on none.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taskforce.accounts.models import TokenScope
from taskforce.agreements import services, text
from taskforce.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    AgreementVersion,
    Clause,
    ClauseResponse,
    Commitment,
    Party,
    PartyStatus,
    ResponseKind,
    Section,
    Signature,
    VersionState,
)
from taskforce.core.models import AuditEvent
from tests.agreements import factories
from tests.directory import factories as directory_factories
from tests.personas import Personas

API = "/api/v1"
AGREEMENTS = f"{API}/agreements"
MATRIX = f"{API}/responsibility-matrix"


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json() if response.content else None


def _refused(response: Any, status: int = 403) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert body["detail"]
    return body


def _messages(body: dict[str, Any]) -> str:
    return " ".join(message for messages in body["errors"].values() for message in messages)


def _titles(response: Any) -> set[str]:
    return {item["title"] for item in _ok(response)["items"]}


def _version(made: Agreement, number: int) -> AgreementVersion:
    return AgreementVersion.objects.get(agreement=made, number=number)


def _clauses(version: AgreementVersion) -> list[Clause]:
    return list(Clause.objects.filter(version=version).order_by("section__order", "order"))


def _police(made: Agreement, p: Personas) -> Party:
    return factories.party(made, p.police)


def _signature_body(version: AgreementVersion, **extra: Any) -> dict[str, Any]:
    return {
        "version": version.number,
        "typed_name": "Lena Leader",
        "signer_title": "Lieutenant",
        "signed_on": factories.days(0).isoformat(),
        "attested": True,
        "content_hash": version.content_hash,
        **extra,
    }


# --- Reading agreements --------------------------------------------------------------------------


def test_each_persona_lists_the_agreements_they_may_read(personas, session_api) -> None:
    factories.agreement(personas, title="Referral protocol draft")
    factories.effective(personas, title="Task force MOU", task_force_wide=True)
    everything = {"Referral protocol draft", "Task force MOU"}
    for name in ("coordinator", "detective", "prosecutor", "leader"):
        assert _titles(session_api(name).get(AGREEMENTS)) == everything, name
    # Not on any side of the draft: only the task-force-wide agreement in effect.
    for name in ("advocate", "administrator"):
        assert _titles(session_api(name).get(AGREEMENTS)) == {"Task force MOU"}, name
    _refused(session_api("visitor").get(AGREEMENTS))
    _refused(session_api("visitor").get(MATRIX))


def test_the_list_filters_by_kind_status_and_words(personas, session_api) -> None:
    factories.agreement(personas, title="Referral protocol draft", kind=AgreementKind.PROTOCOL)
    factories.effective(personas, title="Task force MOU")
    api = session_api("detective")
    assert _titles(api.get(AGREEMENTS, {"kind": "protocol"})) == {"Referral protocol draft"}
    assert _titles(api.get(AGREEMENTS, {"status": "effective"})) == {"Task force MOU"}
    assert _titles(api.get(AGREEMENTS, {"q": "referral"})) == {"Referral protocol draft"}
    listed = _ok(api.get(AGREEMENTS, {"status": "effective"}))["items"][0]
    assert listed["effective_version"] == 1
    assert listed["status_text"] == "Effective"
    assert listed["party_count"] == 3
    assert listed["facilitator"]["name"] == "Vera Santos"
    assert "status" in _refused(api.get(AGREEMENTS, {"status": "signed"}), 422)["errors"]


def test_the_detail_shows_parties_their_status_and_the_versions(personas, session_api) -> None:
    made = factories.circulated(personas, expires_on=factories.days(400))
    services.start_revision(personas.coordinator, made)
    police = _police(made, personas)
    services.respond(
        personas.detective, police, _clauses(_version(made, 1))[0], ResponseKind.ACCEPT
    )
    detail = _ok(session_api("detective").get(f"{AGREEMENTS}/{made.pk}"))
    assert detail["status"] == "negotiating"
    assert detail["expires_on"] == factories.days(400).isoformat()
    statuses = {party["organization"]["acronym"]: party["status"] for party in detail["parties"]}
    assert statuses == {"HCPD": "reviewing", "HCDA": "invited", "SHA": "invited"}
    police_out = next(p for p in detail["parties"] if p["organization"]["acronym"] == "HCPD")
    assert police_out["representative"]["id"] == factories.person(personas.detective).pk
    assert police_out["signatory"]["id"] == factories.person(personas.leader).pk
    # The working draft of version 2 is the facilitator's alone.
    assert [version["number"] for version in detail["versions"]] == [1]
    facilitator = _ok(session_api("coordinator").get(f"{AGREEMENTS}/{made.pk}"))
    assert [(v["number"], v["state"]) for v in facilitator["versions"]] == [
        (1, "review"),
        (2, "draft"),
    ]


def test_hidden_agreements_answer_404_for_the_advocate_whatever_the_id(
    personas, session_api
) -> None:
    draft = factories.agreement(personas)
    signed, _ = factories.effective(personas, title="Police and shelter MOU")
    advocate = session_api("advocate")
    detective = session_api("detective")
    first, last = sorted((draft.pk, signed.pk))
    missing = _refused(advocate.get(f"{AGREEMENTS}/{last + 1}"), 404)
    for pk in range(first - 1, last + 3):
        for path in ("", "/versions", "/versions/1", "/versions/1/verification", "/compare/1/1"):
            # A hidden agreement reads exactly like one that does not exist.
            assert _refused(advocate.get(f"{AGREEMENTS}/{pk}{path}"), 404) == missing
        _refused(advocate.patch(f"{AGREEMENTS}/{pk}", {"title": "Mine now"}), 404)
        _refused(advocate.call("DELETE", f"{AGREEMENTS}/{pk}"), 404)
        _refused(advocate.post(f"{AGREEMENTS}/{pk}/parties", {"organization": 1}), 404)
    for made in (draft, signed):
        assert _ok(detective.get(f"{AGREEMENTS}/{made.pk}"))["id"] == made.pk
    police = _police(signed, personas)
    _refused(advocate.post(f"{API}/agreement-parties/{police.pk}/decline", {"reason": "x"}), 404)
    clause = _clauses(_version(signed, 1))[0]
    _refused(advocate.call("PATCH", f"{API}/agreement-clauses/{clause.pk}", {"text": "x"}), 404)
    assert Agreement.objects.get(pk=draft.pk).title == "Harbor anti-trafficking memorandum"
    assert _ok(advocate.get(MATRIX)) == []


# --- Starting, changing and deleting agreements --------------------------------------------------


def test_coordinators_start_agreements_from_a_template(personas, session_api) -> None:
    template = AgreementTemplate.objects.create(
        name="Victim referral protocol",
        kind=AgreementKind.PROTOCOL,
        title="Victim referral protocol",
        purpose="How members refer victims to one another.",
        sections=[
            {
                "heading": "Referrals",
                "clauses": [
                    {"heading": "Consent", "text": "Refer only with the victim's consent."},
                    {"heading": "", "text": "Answer a referral within one working day."},
                ],
            }
        ],
    )
    api = session_api("coordinator")
    listed = _ok(api.get(f"{API}/agreement-templates"))
    assert [found["name"] for found in listed] == ["Victim referral protocol"]
    response = api.post(
        AGREEMENTS,
        {"kind": "protocol", "subject": "referral_pathways", "template": template.pk},
    )
    created = _ok(response, 201)
    assert response["Location"] == f"{AGREEMENTS}/{created['id']}"
    assert created["title"] == "Victim referral protocol"
    assert created["subject"] == "referral_pathways"
    assert created["template"] == "Victim referral protocol"
    assert created["facilitator"]["id"] == factories.person(personas.coordinator).pk
    draft = _ok(api.get(f"{AGREEMENTS}/{created['id']}/versions/1"))
    assert draft["state"] == "draft"
    assert draft["content_hash"] is None
    assert [clause["number"] for clause in draft["sections"][0]["clauses"]] == ["1.1", "1.2"]
    assert AuditEvent.objects.filter(action="agreements.agreement.created").count() == 1

    refused = _refused(session_api("detective").post(AGREEMENTS, {"kind": "mou", "title": "X"}))
    assert refused["detail"].startswith("This operation is for:")
    invalid = _refused(api.post(AGREEMENTS, {"kind": "mou", "subject": "media_contact"}), 422)
    assert {"title", "purpose", "subject"} <= set(invalid["errors"])
    unknown = _refused(api.post(AGREEMENTS, {"kind": "mou", "template": 999_999}), 422)
    assert "template" in unknown["errors"]
    assert Agreement.objects.count() == 1


def test_only_the_facilitator_changes_or_deletes_an_agreement(personas, session_api) -> None:
    made = factories.agreement(personas)
    url = f"{AGREEMENTS}/{made.pk}"
    _refused(session_api("detective").patch(url, {"title": "Renamed by the police"}))
    _refused(session_api("detective").call("DELETE", url))
    changed = _ok(session_api("coordinator").patch(url, {"title": "Harbor MOU", "review_on": None}))
    assert changed["title"] == "Harbor MOU"
    bad = _refused(
        session_api("coordinator").patch(
            url, {"expires_on": "2030-01-01", "review_on": "2031-01-01"}
        ),
        422,
    )
    assert "review_on" in bad["errors"]
    _ok(session_api("coordinator").call("DELETE", url), 204)
    assert not Agreement.objects.filter(pk=made.pk).exists()


def test_an_agreement_once_circulated_is_kept(personas, session_api) -> None:
    made = factories.circulated(personas)
    body = _refused(session_api("coordinator").call("DELETE", f"{AGREEMENTS}/{made.pk}"), 422)
    assert "kept" in _messages(body)
    assert Agreement.objects.filter(pk=made.pk).exists()


# --- The working draft ---------------------------------------------------------------------------


def test_the_facilitator_writes_the_working_draft(personas, session_api) -> None:
    made = factories.agreement(personas)
    api = session_api("coordinator")
    draft_url = f"{AGREEMENTS}/{made.pk}/versions/1"
    section_response = api.post(f"{draft_url}/sections", {"heading": "Media contact"})
    section = _ok(section_response, 201)
    assert section_response["Location"] == draft_url
    assert section["number"] == "3"
    first = _ok(
        api.post(
            f"{API}/agreement-sections/{section['id']}/clauses",
            {"heading": "Spokesperson", "text": "Each agency names one spokesperson."},
        ),
        201,
    )
    second = _ok(
        api.post(
            f"{API}/agreement-sections/{section['id']}/clauses",
            {"text": "No agency names a victim to the press."},
        ),
        201,
    )
    assert (first["number"], second["number"]) == ("3.1", "3.2")
    moved = _ok(api.post(f"{API}/agreement-clauses/{second['id']}/move", {"direction": "up"}))
    assert moved["number"] == "3.1"
    changed = _ok(
        api.patch(f"{API}/agreement-clauses/{first['id']}", {"text": "One spokesperson each."})
    )
    assert changed == {**first, "number": "3.2", "text": "One spokesperson each."}
    empty = _refused(api.patch(f"{API}/agreement-clauses/{first['id']}", {"text": "  "}), 422)
    assert "text" in empty["errors"]
    _ok(api.call("DELETE", f"{API}/agreement-clauses/{first['id']}"), 204)
    renamed = _ok(api.patch(f"{API}/agreement-sections/{section['id']}", {"heading": "Press"}))
    assert [clause["text"] for clause in renamed["clauses"]] == [
        "No agency names a victim to the press."
    ]
    up = _ok(api.post(f"{API}/agreement-sections/{section['id']}/move", {"direction": "up"}))
    assert up["number"] == "2"

    commitment = _ok(
        api.post(
            f"{draft_url}/commitments",
            {
                "organization": personas.district_attorney.pk,
                "description": "Assigns a victim-witness advocate",
                "service_category": "legal-criminal",
                "quantity": 1,
                "unit": "advocates",
            },
        ),
        201,
    )
    assert commitment["organization"]["acronym"] == "HCDA"
    assert commitment["capacity_warning"]
    updated = _ok(
        api.patch(f"{API}/agreement-commitments/{commitment['id']}", {"service_category": None})
    )
    assert updated["service_category"] is None
    assert updated["capacity_warning"] == ""
    outsider = _refused(
        api.post(
            f"{draft_url}/commitments",
            {"organization": personas.new_dawn.pk, "description": "Outreach"},
        ),
        422,
    )
    assert "organization" in outsider["errors"]
    _ok(api.call("DELETE", f"{API}/agreement-commitments/{commitment['id']}"), 204)
    _ok(api.call("DELETE", f"{API}/agreement-sections/{section['id']}"), 204)

    version = _ok(api.get(draft_url))
    assert [s["heading"] for s in version["sections"]] == ["Information sharing", "Roles"]
    assert [c["description"] for c in version["commitments"]] == [
        "Assigns one full-time investigator",
        "Emergency shelter for adult victims",
    ]


def test_parties_do_not_see_or_touch_the_working_draft(personas, session_api) -> None:
    made = factories.agreement(personas)
    draft = _version(made, 1)
    clause = _clauses(draft)[0]
    detective = session_api("detective")
    _refused(detective.get(f"{AGREEMENTS}/{made.pk}/versions/1"), 404)
    _refused(detective.post(f"{AGREEMENTS}/{made.pk}/versions/1/sections", {"heading": "X"}), 404)
    _refused(detective.patch(f"{API}/agreement-clauses/{clause.pk}", {"text": "Ours"}), 404)
    _refused(detective.call("DELETE", f"{API}/agreement-clauses/{clause.pk}"), 404)
    _refused(detective.post(f"{AGREEMENTS}/{made.pk}/circulate", {}))
    clause.refresh_from_db()
    assert clause.text == "Agencies share what each needs to act, no more."
    assert _version(made, 1).state == VersionState.DRAFT


# --- A signed version cannot change --------------------------------------------------------------


def _assert_frozen(body: dict[str, Any]) -> None:
    assert "can no longer change" in _messages(body), body


def test_a_signed_version_cannot_be_altered_through_the_api(personas, session_api) -> None:
    made, version = factories.effective(personas)
    api = session_api("coordinator")
    before = text.document_of(version)
    clause = _clauses(version)[0]
    section = Section.objects.filter(version=version).order_by("order").first()
    commitment = Commitment.objects.filter(version=version).first()
    assert section is not None and commitment is not None
    version_url = f"{AGREEMENTS}/{made.pk}/versions/1"
    events = AuditEvent.objects.count()

    attempts = [
        api.patch(f"{API}/agreement-clauses/{clause.pk}", {"text": "We share everything."}),
        api.call("DELETE", f"{API}/agreement-clauses/{clause.pk}"),
        api.post(f"{API}/agreement-clauses/{clause.pk}/move", {"direction": "down"}),
        api.post(f"{API}/agreement-sections/{section.pk}/clauses", {"text": "One more duty."}),
        api.patch(f"{API}/agreement-sections/{section.pk}", {"heading": "Renamed"}),
        api.call("DELETE", f"{API}/agreement-sections/{section.pk}"),
        api.post(f"{version_url}/sections", {"heading": "An added section"}),
        api.patch(f"{API}/agreement-commitments/{commitment.pk}", {"quantity": 40}),
        api.call("DELETE", f"{API}/agreement-commitments/{commitment.pk}"),
        api.post(
            f"{version_url}/commitments",
            {"organization": personas.police.pk, "description": "Two more investigators"},
        ),
    ]
    for response in attempts:
        _assert_frozen(_refused(response, 422))
    no_draft = _refused(api.post(f"{AGREEMENTS}/{made.pk}/circulate", {"final": True}), 422)
    assert "no working draft" in _messages(no_draft)
    # A party's staff are refused for not being the facilitator, before the text is considered.
    _refused(session_api("detective").patch(f"{API}/agreement-clauses/{clause.pk}", {"text": "x"}))

    after = text.document_of(_version(made, 1))
    assert after == before
    assert after.hash() == version.content_hash
    verification = _ok(api.get(f"{version_url}/verification"))
    assert verification["stored"] == verification["computed"] == version.content_hash
    assert verification["matches"] is True
    assert len(verification["signatures"]) == 3
    assert all(check["matches"] for check in verification["signatures"])
    detail = _ok(session_api("prosecutor").get(version_url))
    assert detail["content_hash"] == version.content_hash
    assert detail["in_effect"] is True
    assert [s["matches_text"] for s in detail["signatures"]] == [True, True, True]
    assert AuditEvent.objects.count() == events


def test_amending_a_signed_agreement_starts_a_new_version(personas, session_api) -> None:
    made, version = factories.effective(personas)
    api = session_api("coordinator")
    response = api.post(f"{AGREEMENTS}/{made.pk}/revisions", None)
    draft = _ok(response, 201)
    assert response["Location"] == f"{AGREEMENTS}/{made.pk}/versions/2"
    assert draft["number"] == 2 and draft["state"] == "draft"
    new_clause = draft["sections"][0]["clauses"][0]
    old_clause = _clauses(version)[0]
    assert new_clause["key"] == str(old_clause.key) and new_clause["id"] != old_clause.pk
    _ok(api.patch(f"{API}/agreement-clauses/{new_clause['id']}", {"text": "Agencies share more."}))
    _refused(api.post(f"{AGREEMENTS}/{made.pk}/revisions", None), 422)
    old_clause.refresh_from_db()
    assert old_clause.text == "Agencies share what each needs to act, no more."
    assert text.verify(version).matches


# --- Negotiation ---------------------------------------------------------------------------------


def test_negotiation_answers_objections_revision_and_comparison(personas, session_api) -> None:
    made = factories.agreement(personas)
    coordinator = session_api("coordinator")
    circulated = _ok(
        coordinator.post(f"{AGREEMENTS}/{made.pk}/circulate", {"change_note": "First draft"})
    )
    assert circulated["state"] == "review"
    assert len(circulated["content_hash"]) == 64
    police = _police(made, personas)
    sharing, consent, _ = _clauses(_version(made, 1))

    detective = session_api("detective")
    answers_url = f"{API}/agreement-parties/{police.pk}/answers"
    objection = _ok(
        detective.post(
            answers_url,
            {
                "clause": sharing.pk,
                "kind": "propose",
                "reason": "Too vague for our records unit.",
                "proposed_text": "Agencies share what each needs to act, in writing.",
            },
        )
    )
    assert (objection["clause_number"], objection["state"]) == ("1.1", "open")
    missing_reason = _refused(
        detective.post(answers_url, {"clause": consent.pk, "kind": "object"}), 422
    )
    assert "reason" in missing_reason["errors"]
    # The leader signs for the police but does not answer for it.
    _refused(session_api("leader").post(answers_url, {"clause": consent.pk, "kind": "accept"}))
    accepted = _ok(detective.post(f"{API}/agreement-parties/{police.pk}/accept-remaining", None))
    assert accepted["accepted"] == 2
    assert accepted["party"]["status"] == "objected"

    objections_url = f"{AGREEMENTS}/{made.pk}/objections"
    _refused(detective.get(objections_url))
    listed = _ok(coordinator.get(objections_url))
    assert [(o["organization"], o["clause_number"], o["kind"]) for o in listed] == [
        ("Harbor City Police Department", "1.1", "propose")
    ]
    # Objections stand in the way of signatures.
    blocked = _refused(coordinator.post(f"{AGREEMENTS}/{made.pk}/call-for-signatures", None), 422)
    assert "still open" in _messages(blocked)

    revision = _ok(coordinator.post(f"{AGREEMENTS}/{made.pk}/revisions", None), 201)
    revised = revision["sections"][0]["clauses"][0]
    _ok(
        coordinator.patch(
            f"{API}/agreement-clauses/{revised['id']}",
            {"text": "Agencies share what each needs to act, in writing."},
        )
    )
    second = _ok(
        coordinator.post(
            f"{AGREEMENTS}/{made.pk}/circulate", {"change_note": "In writing", "final": True}
        )
    )
    assert (second["number"], second["state"]) == (2, "final")
    assert _ok(coordinator.get(objections_url)) == []
    assert ClauseResponse.objects.get(pk=objection["id"]).state == "superseded"

    comparison = _ok(detective.get(f"{AGREEMENTS}/{made.pk}/compare/1/2"))
    assert comparison["changed_count"] == 1
    changed = comparison["sections"][0]["clauses"][0]
    assert changed["change"] == "changed"
    assert (changed["before_number"], changed["after_number"]) == ("1.1", "1.1")
    assert {"op": "delete", "text": "more."} in changed["segments"]
    assert {"op": "insert", "text": "writing."} in changed["segments"]
    assert comparison["sections"][0]["clauses"][1]["change"] == "unchanged"
    _refused(detective.get(f"{AGREEMENTS}/{made.pk}/compare/1/3"), 404)


def test_the_facilitator_resolves_an_objection_and_calls_for_signatures(
    personas, session_api
) -> None:
    made = factories.circulated(personas)
    version = _version(made, 1)
    clause = _clauses(version)[0]
    parties = {party.organization_id: party for party in made.parties.all()}
    answer = services.respond(
        personas.detective, parties[personas.police.pk], clause, ResponseKind.OBJECT, "Too wide."
    )
    for who, organization in (
        ("detective", personas.police),
        ("prosecutor", personas.district_attorney),
        ("coordinator", personas.safe_harbor),
    ):
        services.accept_remaining(getattr(personas, who), parties[organization.pk])
    resolve_url = f"{API}/agreement-answers/{answer.pk}/resolve"
    _refused(session_api("detective").post(resolve_url, {"resolution": "Fine"}), 404)
    coordinator = session_api("coordinator")
    _refused(coordinator.post(resolve_url, {"resolution": " "}), 422)
    resolved = _ok(coordinator.post(resolve_url, {"resolution": "Agreed on a call to keep it."}))
    assert resolved["state"] == "resolved"
    _refused(session_api("leader").post(f"{AGREEMENTS}/{made.pk}/call-for-signatures", None))
    final = _ok(coordinator.post(f"{AGREEMENTS}/{made.pk}/call-for-signatures", None))
    assert (final["number"], final["state"]) == (1, "final")
    made.refresh_from_db()
    assert made.status == AgreementStatus.SIGNING


# --- Parties -------------------------------------------------------------------------------------


def test_parties_are_invited_named_and_withdrawn(personas, session_api) -> None:
    made, _ = factories.effective(personas)
    coordinator = session_api("coordinator")
    advocate_person = factories.person(personas.advocate)
    response = coordinator.post(
        f"{AGREEMENTS}/{made.pk}/parties",
        {
            "organization": personas.new_dawn.pk,
            "required": False,
            "representative": advocate_person.pk,
        },
    )
    added = _ok(response, 201)
    assert response["Location"] == f"{AGREEMENTS}/{made.pk}"
    assert (added["status"], added["representative"]["id"]) == ("invited", advocate_person.pk)
    twice = _refused(
        coordinator.post(f"{AGREEMENTS}/{made.pk}/parties", {"organization": personas.new_dawn.pk}),
        422,
    )
    assert "organization" in twice["errors"]
    wrong_staff = _refused(
        coordinator.patch(
            f"{API}/agreement-parties/{added['id']}",
            {"signatory": factories.person(personas.detective).pk},
        ),
        422,
    )
    assert "signatory" in wrong_staff["errors"]
    # Now a party, the advocate reads the agreement.
    assert _ok(session_api("advocate").get(f"{AGREEMENTS}/{made.pk}"))["id"] == made.pk
    _refused(
        session_api("advocate").post(
            f"{AGREEMENTS}/{made.pk}/parties", {"organization": personas.police.pk}
        )
    )

    police = _police(made, personas)
    withdraw_url = f"{API}/agreement-parties/{police.pk}/withdraw"
    _refused(session_api("prosecutor").post(withdraw_url, {"reason": "Not ours to say"}))
    _refused(session_api("detective").post(withdraw_url, {"reason": ""}), 422)
    withdrawn = _ok(
        session_api("detective").post(withdraw_url, {"reason": "The unit was disbanded."})
    )
    assert withdrawn["status"] == "withdrawn"
    assert withdrawn["withdrawn_on"] == factories.days(0).isoformat()
    rows = _ok(coordinator.get(MATRIX))
    assert "HCPD" not in {row["organization"]["acronym"] for row in rows}


def test_a_party_that_declines_can_be_issued_a_letter(personas, session_api) -> None:
    made, _ = factories.final(personas)
    prosecution = factories.party(made, personas.district_attorney)
    decline_url = f"{API}/agreement-parties/{prosecution.pk}/decline"
    _refused(session_api("detective").post(decline_url, {"reason": "Not ours"}))
    declined = _ok(
        session_api("prosecutor").post(decline_url, {"reason": "Our board must approve it."})
    )
    assert (declined["status"], declined["declined_reason"]) == (
        "declined",
        "Our board must approve it.",
    )
    letter_url = f"{API}/agreement-parties/{prosecution.pk}/letter"
    _refused(session_api("prosecutor").post(letter_url, None))
    issued = _ok(session_api("coordinator").post(letter_url, None))
    assert (issued["status"], issued["letter_version"], issued["required"]) == ("letter", 1, False)


# --- Signatures ----------------------------------------------------------------------------------


def test_a_signature_is_bound_to_the_hash_of_the_text(personas, session_api) -> None:
    made, version = factories.final(personas)
    police = _police(made, personas)
    sign_url = f"{API}/agreement-parties/{police.pk}/signature"
    leader = session_api("leader")

    wrong = _refused(leader.post(sign_url, _signature_body(version, content_hash="0" * 64)), 422)
    assert "not this version's text" in _messages(wrong)
    unattested = _refused(leader.post(sign_url, _signature_body(version, attested=False)), 422)
    assert "attested" in unattested["errors"]
    # The detective answers for the police; only its signatory signs.
    _refused(session_api("detective").post(sign_url, _signature_body(version)))
    _refused(session_api("coordinator").post(sign_url, _signature_body(version)))
    assert not Signature.objects.exists()

    response = leader.post(sign_url, _signature_body(version))
    signed = _ok(response, 201)
    assert response["Location"] == f"{AGREEMENTS}/{made.pk}/versions/1"
    assert signed["content_hash"] == version.content_hash
    assert signed["matches_text"] is True
    assert signed["organization"] == "Harbor City Police Department"
    assert _police(made, personas).status == PartyStatus.SIGNED
    again = _refused(leader.post(sign_url, _signature_body(version)), 422)
    assert "already signed" in _messages(again)
    event = AuditEvent.objects.get(action="agreements.signature.signed")
    assert event.actor_id == personas.leader.pk


def test_a_hash_of_another_version_does_not_sign_this_one(personas, session_api) -> None:
    made = factories.circulated(personas)
    first = _version(made, 1)
    draft = services.start_revision(personas.coordinator, made)
    services.update_clause(personas.coordinator, _clauses(draft)[0], {"text": "Share it all."})
    second = services.circulate(personas.coordinator, draft, "Wider sharing", final=True)
    police = _police(made, personas)
    stale = _signature_body(second, content_hash=first.content_hash)
    leader = session_api("leader")
    _refused(leader.post(f"{API}/agreement-parties/{police.pk}/signature", stale), 422)
    earlier = _signature_body(first)
    refused = _refused(leader.post(f"{API}/agreement-parties/{police.pk}/signature", earlier), 422)
    assert "final version" in _messages(refused)
    assert not Signature.objects.exists()


def test_signing_by_every_required_party_puts_the_agreement_in_effect(
    personas, session_api
) -> None:
    made, version = factories.final(personas)
    for who, organization in (
        ("leader", personas.police),
        ("prosecutor", personas.district_attorney),
        ("coordinator", personas.safe_harbor),
    ):
        party = factories.party(made, organization)
        url = f"{API}/agreement-parties/{party.pk}/signature"
        _ok(session_api(who).post(url, _signature_body(version, typed_name=who)), 201)
    detail = _ok(session_api("detective").get(f"{AGREEMENTS}/{made.pk}"))
    assert (detail["status"], detail["effective_version"]) == ("effective", 1)
    assert detail["effective_on"] == factories.days(0).isoformat()


# --- The responsibility matrix -------------------------------------------------------------------


def test_the_matrix_shows_commitments_with_capacity_warnings(personas, session_api) -> None:
    directory_factories.shelter(
        personas.safe_harbor,
        personas.county,
        "Safe Harbor house",
        capacity_available=1,
        capacity_maximum=2,
    )
    in_effect, _ = factories.effective(personas, title="Harbor MOU", task_force_wide=True)
    factories.circulated(personas, title="Referral protocol")
    rows = _ok(session_api("detective").get(MATRIX))
    by_org = {row["organization"]["acronym"]: row for row in rows}
    assert set(by_org) == {"HCPD", "SHA"}
    shelter_cell = by_org["SHA"]["cells"][0]
    assert shelter_cell["agreement"] == {"id": in_effect.pk, "title": "Harbor MOU", "kind": "mou"}
    assert (shelter_cell["version"], shelter_cell["in_effect"]) == (1, True)
    commitment = shelter_cell["commitments"][0]
    assert commitment["description"] == "Emergency shelter for adult victims"
    assert commitment["capacity_warning"] == "Commits 4 beds; the directory lists 2."
    assert by_org["SHA"]["warnings"] == 1
    assert by_org["HCPD"]["warnings"] == 0

    negotiating = _ok(session_api("detective").get(MATRIX, {"include_negotiating": "true"}))
    titles = {cell["agreement"]["title"] for row in negotiating for cell in row["cells"]}
    assert titles == {"Harbor MOU", "Referral protocol"}
    police_only = _ok(session_api("detective").get(MATRIX, {"organization": personas.police.pk}))
    assert [row["organization"]["acronym"] for row in police_only] == ["HCPD"]
    # The advocate reads the task-force-wide MOU in effect, not the protocol in negotiation.
    advocate = _ok(session_api("advocate").get(MATRIX, {"include_negotiating": "true"}))
    titles = {cell["agreement"]["title"] for row in advocate for cell in row["cells"]}
    assert titles == {"Harbor MOU"}


# --- Tokens and queries --------------------------------------------------------------------------


def test_a_read_only_token_reads_but_cannot_write(personas, token_api) -> None:
    made, version = factories.final(personas)
    police = _police(made, personas)
    leader = token_api("leader", TokenScope.READ)
    assert _ok(leader.get(f"{AGREEMENTS}/{made.pk}/versions/1"))["state"] == "final"
    signing = leader.post(
        f"{API}/agreement-parties/{police.pk}/signature", _signature_body(version)
    )
    assert "read-only" in _refused(signing)["detail"]
    assert not Signature.objects.exists()
    coordinator = token_api("coordinator", TokenScope.READ)
    for response in (
        coordinator.patch(f"{AGREEMENTS}/{made.pk}", {"title": "Renamed"}),
        coordinator.post(f"{AGREEMENTS}/{made.pk}/revisions", None),
        coordinator.post(AGREEMENTS, {"kind": "mou", "title": "T", "purpose": "P"}),
    ):
        assert "read-only" in _refused(response)["detail"]
    assert Agreement.objects.get().title == "Harbor anti-trafficking memorandum"
    assert AgreementVersion.objects.count() == 1
    writer = token_api("leader")
    _ok(
        writer.post(f"{API}/agreement-parties/{police.pk}/signature", _signature_body(version)), 201
    )


@pytest.mark.parametrize("url", [AGREEMENTS, MATRIX], ids=["agreements", "matrix"])
def test_reads_do_not_grow_with_the_agreements(personas, session_api, url: str) -> None:
    api = session_api("detective")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _ok(api.get(url, {"page_size": 100}))
        return len(captured)

    factories.effective(personas, title="Agreement 0")
    queries()
    few = queries()
    for number in range(1, 4):
        factories.effective(personas, title=f"Agreement {number}")
    assert queries() == few
