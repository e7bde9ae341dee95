"""The parties' pages: reviewing a version clause by clause, answering, signing, declining, and
comparing two versions.

The police party of the shared memorandum is represented by the detective and signed for by the
group leader; the prosecutor speaks for the district attorney only; the advocate's organization is
on no agreement; the visitor may not use these pages at all.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from taskforce.agreements import services
from taskforce.agreements.models import (
    AgreementStatus,
    AgreementVersion,
    Clause,
    ClauseResponse,
    Party,
    PartyStatus,
    Signature,
    VersionState,
)
from taskforce.core.models import AuditEvent
from tests.agreements import factories
from tests.agreements.party_route_samples import NARROWER_SHARING, revised
from tests.personas import Personas


def _text(response) -> str:
    return response.content.decode()


def _url(name: str, party: Party) -> str:
    return reverse(f"agreements:{name}", kwargs={"pk": party.pk})


def _answer_url(party: Party, clause: Clause) -> str:
    return reverse("agreements:party-answer", kwargs={"pk": party.pk, "clause_pk": clause.pk})


def _clauses(version: AgreementVersion) -> list[Clause]:
    return list(Clause.objects.filter(version=version).order_by("section__order", "order"))


def _answer(clause: Clause, kind: str, reason: str = "", proposed_text: str = "") -> dict:
    prefix = f"clause-{clause.pk}"
    return {
        f"{prefix}-kind": kind,
        f"{prefix}-reason": reason,
        f"{prefix}-proposed_text": proposed_text,
    }


def _under_review(p: Personas) -> tuple[Party, AgreementVersion]:
    made = factories.circulated(p)
    return factories.party(made, p.police), made.versions.get(state=VersionState.REVIEW)


def _signature_post(version: AgreementVersion, **overrides: str) -> dict[str, str]:
    return {
        "typed_name": "Lena Leader",
        "signer_title": "Lieutenant",
        "signed_on": timezone.localdate().isoformat(),
        "attested": "on",
        "content_hash": version.content_hash,
        **overrides,
    }


# --- Who may use the pages -----------------------------------------------------------------------


def test_representative_reviews_the_version_clause_by_clause(personas, client_for):
    police, version = _under_review(personas)
    response = client_for("detective").get(_url("party-review", police))
    page = _text(response)
    assert response.status_code == 200
    assert "1.2 Consent" in page and "2.1" in page
    assert "Victim information is shared only with written consent." in page
    assert "3 of 3" in page  # clauses still to answer
    assert "Accept every remaining clause" in page
    assert "Invited" in page
    assert "Assigns one full-time investigator" in page  # the commitments are part of the text
    for clause in _clauses(version):
        assert _answer_url(police, clause) in page


def test_representative_answers_and_the_status_follows(personas, client_for):
    police, version = _under_review(personas)
    first = _clauses(version)[0]
    client = client_for("detective")
    response = client.post(_answer_url(police, first), _answer(first, "accept"))
    assert response.status_code == 302
    answer = ClauseResponse.objects.get(party=police, clause=first)
    assert answer.kind == "accept" and answer.responded_by == personas.detective
    police.refresh_from_db()
    assert police.status == PartyStatus.REVIEWING
    assert AuditEvent.objects.filter(action="agreements.clause.answered").exists()
    page = _text(client.get(_url("party-review", police)))
    assert "2 of 3" in page and "Accepts" in page


def test_signatory_who_does_not_represent_the_party_signs_but_does_not_answer(personas, client_for):
    police, version = _under_review(personas)
    first = _clauses(version)[0]
    leader = client_for("leader")
    assert leader.get(_url("party-review", police)).status_code == 404
    assert leader.post(_answer_url(police, first), _answer(first, "accept")).status_code == 404
    assert leader.post(_url("party-accept-remaining", police)).status_code == 404
    assert not ClauseResponse.objects.exists()
    made, _ = factories.final(personas, title="Final memorandum")
    final_police = factories.party(made, personas.police)
    assert leader.get(_url("party-sign", final_police)).status_code == 200
    assert client_for("detective").get(_url("party-sign", final_police)).status_code == 404


def test_another_partys_representative_may_not_act_for_the_police(personas, client_for):
    police, version = _under_review(personas)
    first = _clauses(version)[0]
    prosecutor = client_for("prosecutor")
    assert prosecutor.get(_url("party-review", police)).status_code == 404
    assert prosecutor.post(_answer_url(police, first), _answer(first, "accept")).status_code == 404
    assert prosecutor.post(_url("party-accept-remaining", police)).status_code == 404
    assert prosecutor.get(_url("party-sign", police)).status_code == 404
    assert prosecutor.get(_url("party-decline", police)).status_code == 404
    assert prosecutor.post(_url("party-decline", police), {"reason": "No"}).status_code == 404
    # Its own party is open to it.
    own = factories.party(police.agreement, personas.district_attorney)
    assert prosecutor.get(_url("party-review", own)).status_code == 200
    assert not ClauseResponse.objects.exists()
    police.refresh_from_db()
    assert police.status == PartyStatus.INVITED


def test_outsiders_get_404_and_visitors_403(personas, client_for):
    police, version = _under_review(personas)
    first = _clauses(version)[0]
    made, final_version = factories.final(personas, title="Final memorandum")
    final_police = factories.party(made, personas.police)
    compare = reverse("agreements:compare", kwargs={"pk": police.agreement_id})
    gets = [
        _url("party-review", police),
        _url("party-sign", final_police),
        _url("party-decline", police),
        compare,
    ]
    posts = [
        (_answer_url(police, first), _answer(first, "accept")),
        (_url("party-accept-remaining", police), {}),
        (_url("party-sign", final_police), _signature_post(final_version)),
        (_url("party-decline", police), {"reason": "We will not sign."}),
    ]
    for name, expected in (("advocate", 404), ("administrator", 404), ("visitor", 403)):
        client = client_for(name)
        for url in gets:
            assert client.get(url).status_code == expected, (name, url)
        for url, data in posts:
            assert client.post(url, data).status_code == expected, (name, url)
    assert not ClauseResponse.objects.exists() and not Signature.objects.exists()


def test_the_facilitator_records_answers_on_a_partys_behalf(personas, client_for):
    police, version = _under_review(personas)
    first = _clauses(version)[0]
    client = client_for("coordinator")
    page = _text(client.get(_url("party-review", police)))
    assert "given to you on its behalf" in page
    assert client.post(_answer_url(police, first), _answer(first, "accept")).status_code == 302
    assert ClauseResponse.objects.get(party=police).responded_by == personas.coordinator


# --- Answering -----------------------------------------------------------------------------------


def test_an_objection_without_a_reason_is_shown_back_with_what_was_typed(personas, client_for):
    police, version = _under_review(personas)
    consent = _clauses(version)[1]
    response = client_for("detective").post(
        _answer_url(police, consent),
        _answer(consent, "propose", proposed_text="Shared with written or recorded consent."),
    )
    page = _text(response)
    assert response.status_code == 200
    assert "Say what the problem is" in page
    assert "Shared with written or recorded consent." in page  # nothing typed is lost
    assert "Your answer to clause 1.2 was not saved" in page
    assert not ClauseResponse.objects.exists()
    response = client_for("detective").post(
        _answer_url(police, consent), _answer(consent, "object")
    )
    assert response.status_code == 200 and "Say what the problem is" in _text(response)


def test_proposing_other_wording_makes_the_party_objected(personas, client_for):
    police, version = _under_review(personas)
    consent = _clauses(version)[1]
    client = client_for("detective")
    response = client.post(
        _answer_url(police, consent),
        _answer(
            consent,
            "propose",
            reason="Officers sometimes take consent by phone.",
            proposed_text="Shared with written or recorded consent.",
        ),
    )
    assert response.status_code == 302
    answer = ClauseResponse.objects.get(party=police, clause=consent)
    assert answer.kind == "propose" and answer.state == "open"
    assert answer.proposed_text == "Shared with written or recorded consent."
    police.refresh_from_db()
    assert police.status == PartyStatus.OBJECTED
    page = _text(client.get(_url("party-review", police)))
    assert "Objected" in page and "Officers sometimes take consent by phone." in page


def test_a_proposal_needs_its_wording(personas, client_for):
    police, version = _under_review(personas)
    consent = _clauses(version)[1]
    response = client_for("detective").post(
        _answer_url(police, consent), _answer(consent, "propose", reason="Too narrow.")
    )
    assert response.status_code == 200 and "Write the wording you propose." in _text(response)
    assert not ClauseResponse.objects.exists()


def test_accepting_every_remaining_clause(personas, client_for):
    police, version = _under_review(personas)
    first, *_ = _clauses(version)
    client = client_for("detective")
    client.post(_answer_url(police, first), _answer(first, "object", reason="Too vague."))
    response = client.post(_url("party-accept-remaining", police), follow=True)
    assert "Accepted 2 remaining clauses" in _text(response)
    assert ClauseResponse.objects.filter(party=police, kind="accept").count() == 2
    assert ClauseResponse.objects.get(party=police, clause=first).kind == "object"
    police.refresh_from_db()
    assert police.status == PartyStatus.OBJECTED
    client.post(_answer_url(police, first), _answer(first, "accept"))
    police.refresh_from_db()
    assert police.status == PartyStatus.AGREED
    assert "Accept every remaining clause" not in _text(client.get(_url("party-review", police)))


def test_a_clause_of_another_agreement_answers_404(personas, client_for):
    police, _ = _under_review(personas)
    other = factories.circulated(personas, title="Referral protocol")
    foreign = Clause.objects.filter(version__agreement=other).first()
    response = client_for("detective").post(
        _answer_url(police, foreign), _answer(foreign, "accept")
    )
    assert response.status_code == 404


def test_review_page_says_plainly_when_nothing_is_under_review(personas, client_for):
    drafted = factories.agreement(personas, title="Unsent memorandum")
    page = _text(
        client_for("detective").get(_url("party-review", factories.party(drafted, personas.police)))
    )
    assert "No version of this agreement has been circulated yet" in page
    made, _ = factories.final(personas, title="Final memorandum")
    police = factories.party(made, personas.police)
    response = client_for("detective").get(_url("party-review", police))
    page = _text(response)
    assert response.status_code == 200
    assert "Version 1 is final" in page
    assert _url("party-decline", police) in page
    # Answering a final version is refused with the reason, nothing recorded.
    clause = Clause.objects.filter(version__agreement=made).first()
    response = client_for("detective").post(
        _answer_url(police, clause), _answer(clause, "accept"), follow=True
    )
    assert "No version of this agreement is open for review." in _text(response)
    assert not ClauseResponse.objects.exists()


# --- Signing -------------------------------------------------------------------------------------


def test_the_sign_page_shows_the_full_text_commitments_and_hash(personas, client_for):
    made, version = factories.final(personas)
    police = factories.party(made, personas.police)
    page = _text(client_for("leader").get(_url("party-sign", police)))
    assert "Agencies share what each needs to act, no more." in page
    assert "Emergency shelter for adult victims" in page
    assert version.content_hash in page
    assert f'name="content_hash" value="{version.content_hash}"' in page
    assert "authorized to sign this agreement on behalf of Harbor City Police Department" in page
    assert timezone.localdate().isoformat() in page  # the date defaults to today


def test_signing_records_the_signature_bound_to_the_hash(personas, client_for):
    made, version = factories.final(personas)
    police = factories.party(made, personas.police)
    response = client_for("leader").post(
        _url("party-sign", police), _signature_post(version), follow=True
    )
    page = _text(response)
    signature = Signature.objects.get(party=police)
    assert signature.content_hash == version.content_hash
    assert signature.typed_name == "Lena Leader" and signature.signer == personas.leader
    assert "Signed for Harbor City Police Department" in page
    assert "Not yet in effect" in page and "Harbor County District Attorney" in page


def test_signing_with_a_wrong_or_old_hash_is_refused(personas, client_for):
    made = factories.circulated(personas)
    old = made.versions.get()
    draft = services.start_revision(personas.coordinator, made)
    services.update_clause(personas.coordinator, _clauses(draft)[0], {"text": NARROWER_SHARING})
    final = services.circulate(personas.coordinator, draft, "For signature", final=True)
    police = factories.party(made, personas.police)
    client = client_for("leader")
    for wrong in (old.content_hash, "0" * 64, ""):
        response = client.post(
            _url("party-sign", police), _signature_post(final, content_hash=wrong), follow=True
        )
        assert "The text you were shown is not this version&#x27;s text" in _text(response)
    assert not Signature.objects.exists()
    police.refresh_from_db()
    assert police.status == PartyStatus.INVITED


def test_signing_without_the_attestation_is_a_field_error(personas, client_for):
    made, version = factories.final(personas)
    police = factories.party(made, personas.police)
    data = _signature_post(version)
    del data["attested"]
    response = client_for("leader").post(_url("party-sign", police), data)
    page = _text(response)
    assert response.status_code == 200
    assert "Confirm that you are authorized to sign for the organization." in page
    assert 'value="Lena Leader"' in page and 'value="Lieutenant"' in page
    assert not Signature.objects.exists()


def test_the_agreement_takes_effect_when_the_three_signatories_have_signed(personas, client_for):
    made, version = factories.final(personas)
    for who, organization in (
        ("leader", personas.police),
        ("prosecutor", personas.district_attorney),
        ("coordinator", personas.safe_harbor),
    ):
        party = factories.party(made, organization)
        response = client_for(who).post(_url("party-sign", party), _signature_post(version))
        assert response.status_code == 302, who
    made.refresh_from_db()
    assert made.status == AgreementStatus.EFFECTIVE and made.effective_version == version
    page = _text(
        client_for("coordinator").get(
            _url("party-sign", factories.party(made, personas.safe_harbor))
        )
    )
    assert "In effect" in page and "every required party has signed it" in page
    # A second signature for the same party is refused.
    response = client_for("leader").post(
        _url("party-sign", factories.party(made, personas.police)),
        _signature_post(version),
        follow=True,
    )
    assert "has already signed this version" in _text(response)
    assert Signature.objects.count() == 3


def test_the_sign_page_waits_while_the_text_is_under_review(personas, client_for):
    police, _ = _under_review(personas)
    response = client_for("leader").get(_url("party-sign", police))
    assert response.status_code == 200
    assert "No version of this agreement is final for signature yet" in _text(response)
    response = client_for("leader").post(
        _url("party-sign", police), {"attested": "on", "typed_name": "Lena"}, follow=True
    )
    assert "No version of this agreement is final for signature." in _text(response)
    assert not Signature.objects.exists()


# --- Declining -----------------------------------------------------------------------------------


def test_declining_needs_a_reason_and_is_recorded(personas, client_for):
    made, _ = factories.final(personas)
    police = factories.party(made, personas.police)
    client = client_for("leader")
    assert client.get(_url("party-decline", police)).status_code == 200
    response = client.post(_url("party-decline", police), {"reason": ""})
    assert response.status_code == 200 and "Say why" in _text(response)
    police.refresh_from_db()
    assert police.status == PartyStatus.INVITED
    response = client.post(
        _url("party-decline", police), {"reason": "Our counsel has not cleared it."}, follow=True
    )
    police.refresh_from_db()
    assert police.status == PartyStatus.DECLINED
    assert police.declined_reason == "Our counsel has not cleared it."
    assert "Our counsel has not cleared it." in _text(response)
    assert AuditEvent.objects.filter(action="agreements.party.declined").exists()
    # A declined party no longer signs.
    page = _text(client.get(_url("party-sign", police)))
    assert "Sign version 1" not in page


def test_the_representative_may_decline_too(personas, client_for):
    police, _ = _under_review(personas)
    response = client_for("detective").post(
        _url("party-decline", police), {"reason": "Not ours to sign."}
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.status == PartyStatus.DECLINED
    page = _text(client_for("detective").get(_url("party-review", police)))
    assert "no longer answers" in page


# --- Comparing -----------------------------------------------------------------------------------


def test_compare_shows_a_changed_clause_word_by_word_and_a_moved_clause(personas, client_for):
    made = revised(personas)
    url = reverse("agreements:compare", kwargs={"pk": made.pk})
    response = client_for("detective").get(url)  # defaults: version 1 against version 2
    page = _text(response)
    assert response.status_code == 200
    assert "From version 1 to version 2" in page
    assert "<ins>" in page and "<del>" in page
    assert "[inserted: </span>only" in page
    assert "Changed" in page and "Moved" in page
    assert "(was 1.2, now 1.1)" in page  # the consent clause moved up
    assert "(was 1.1, now 1.2)" in page  # the reworded clause moved down
    assert "Narrower sharing; consent first" in page
    explicit = _text(client_for("detective").get(f"{url}?from=1&to=2"))
    assert "From version 1 to version 2" in explicit


def test_compare_refuses_unknown_versions_and_explains_a_single_one(personas, client_for):
    made = revised(personas)
    url = reverse("agreements:compare", kwargs={"pk": made.pk})
    client = client_for("prosecutor")
    assert client.get(f"{url}?from=1&to=9").status_code == 404
    assert client.get(f"{url}?from=abc&to=2").status_code == 404
    assert client.get(f"{url}?from=9&to=9").status_code == 404
    same = client.get(f"{url}?from=2&to=2")
    assert same.status_code == 200 and "choose two different versions" in _text(same)
    single = factories.circulated(personas, title="Single version")
    page = _text(client.get(reverse("agreements:compare", kwargs={"pk": single.pk})))
    assert "There is only version 1 so far" in page


def test_compare_keeps_the_working_draft_to_the_facilitator(personas, client_for):
    made = factories.circulated(personas)
    services.start_revision(personas.coordinator, made)
    url = reverse("agreements:compare", kwargs={"pk": made.pk})
    assert client_for("coordinator").get(f"{url}?from=1&to=2").status_code == 200
    assert client_for("detective").get(f"{url}?from=1&to=2").status_code == 404
    assert client_for("advocate").get(url).status_code == 404


@pytest.mark.parametrize("who", ["leader", "detective"])
def test_party_pages_link_to_each_other(personas, client_for, who):
    made, _ = factories.final(personas)
    police = factories.party(made, personas.police)
    page = _text(client_for(who).get(_url("party-decline", police)))
    assert (_url("party-sign", police) in page) == (who == "leader")
    assert (_url("party-review", police) in page) == (who == "detective")
    assert reverse("agreements:compare", kwargs={"pk": made.pk}) in page
