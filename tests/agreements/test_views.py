"""The facilitator's pages for agreements and the agreement page everyone who may read it shares.

Each page is tried by the persona who may use it and by ones who may not: the advocate (New Dawn,
on no agreement) and the administrator (no organization) get 404, the visitor 403. Refused input
answers 400 with the error on the form and changes nothing; circulated text cannot be changed
through any page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from taskforce.agreements import services, text
from taskforce.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    AgreementVersion,
    ClauseResponse,
    Commitment,
    ObjectionState,
    Party,
    PartyStatus,
    Section,
    VersionState,
)
from taskforce.core.models import AuditEvent
from tests.agreements import factories
from tests.agreements.factories import days, person

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _url(name: str, **kwargs) -> str:
    return reverse(f"agreements:{name}", kwargs=kwargs)


def _detail(agreement: Agreement, version: int | None = None) -> str:
    url = _url("detail", pk=agreement.pk)
    return f"{url}?version={version}" if version else url


def _first_clause(version: AgreementVersion):
    return version.clauses.order_by("section__order", "order").first()


def _revised(p, agreement: Agreement, wording: str) -> AgreementVersion:
    """A new working draft whose first clause reads `wording`."""
    draft = services.start_revision(p.coordinator, agreement)
    services.update_clause(p.coordinator, _first_clause(draft), {"text": wording})
    return draft


def _object(p, agreement: Agreement) -> ClauseResponse:
    version = services.latest_frozen(agreement)
    return services.respond(
        p.detective,
        factories.party(agreement, p.police),
        _first_clause(version),
        "propose",
        reason="Our records unit needs a court order before sharing.",
        proposed_text="Agencies share what the law allows and each needs to act.",
    )


def _assert_clean_markup(page: str) -> None:
    assert "style=" not in page
    assert "<script>" not in page


# --- The list ------------------------------------------------------------------------------------


def test_the_list_shows_what_each_member_may_read_with_its_status(personas, client_for):
    factories.agreement(personas)
    factories.effective(
        personas, task_force_wide=True, title="Task force memorandum", expires_on=days(300)
    )
    coordinator_page = _text(client_for("coordinator").get(_url("list")))
    assert "Harbor anti-trafficking memorandum" in coordinator_page
    assert "Task force memorandum" in coordinator_page
    assert ">Draft</span>" in coordinator_page
    assert ">Effective</span>" in coordinator_page
    assert f'href="{_url("create")}"' in coordinator_page
    assert f'href="{_url("templates")}"' in coordinator_page
    _assert_clean_markup(coordinator_page)

    advocate_page = _text(client_for("advocate").get(_url("list")))
    assert "Task force memorandum" in advocate_page  # task-force-wide and in effect
    assert "Harbor anti-trafficking memorandum" not in advocate_page  # not a party
    assert f'href="{_url("create")}"' not in advocate_page

    assert "Harbor anti-trafficking memorandum" in _text(client_for("detective").get(_url("list")))
    assert client_for("visitor").get(_url("list")).status_code == 403


def test_the_list_filters_by_kind_status_words_party_and_due_dates(personas, client_for):
    factories.agreement(personas)
    factories.effective(personas, title="Renewal due memorandum", expires_on=days(30))
    protocol = services.create_agreement(
        personas.coordinator,
        {
            "kind": AgreementKind.PROTOCOL,
            "subject": "referral_pathways",
            "title": "Victim referral protocol",
            "purpose": "How members refer victims.",
            "task_force_wide": False,
            "facilitator": person(personas.coordinator),
            "expires_on": None,
            "review_on": None,
        },
    )
    client = client_for("coordinator")

    def titles(**query) -> set[str]:
        page = _text(client.get(_url("list"), query))
        return {
            title
            for title in (
                "Harbor anti-trafficking memorandum",
                "Renewal due memorandum",
                protocol.title,
            )
            if title in page
        }

    assert titles(kind="protocol") == {protocol.title}
    assert titles(status="effective") == {"Renewal due memorandum"}
    assert titles(q="referral") == {protocol.title}
    assert titles(due="on") == {"Renewal due memorandum"}
    assert titles(organization=personas.police.pk) == {
        "Harbor anti-trafficking memorandum",
        "Renewal due memorandum",
    }
    assert titles(kind="nonsense") == titles()  # a value that does not parse is left out


def test_an_expired_agreement_says_so(personas, client_for):
    agreement, _ = factories.effective(personas, expires_on=days(5))
    Agreement.objects.filter(pk=agreement.pk).update(expires_on=days(-1))
    page = _text(client_for("coordinator").get(_url("list")))
    assert f"Expired on {days(-1):%Y-%m-%d}" in page


def test_the_main_navigation_links_to_agreements_for_members(personas, client_for):
    link = f'href="{_url("list")}"'
    assert link in _text(client_for("advocate").get(reverse("dashboard")))
    assert link not in _text(client_for("visitor").get(reverse("dashboard")))


# --- The agreement page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("detective", 200),
        ("leader", 200),
        ("prosecutor", 200),
        ("advocate", 404),
        ("administrator", 404),
        ("visitor", 403),
    ],
)
def test_an_agreement_is_read_by_its_facilitator_and_parties(personas, client_for, persona, status):
    agreement = factories.circulated(personas)
    assert client_for(persona).get(_detail(agreement)).status_code == status


def test_the_working_draft_is_the_facilitators_alone(personas, client_for):
    agreement = factories.agreement(personas)
    coordinator_page = _text(client_for("coordinator").get(_detail(agreement)))
    assert "Agencies share what each needs to act, no more." in coordinator_page
    assert "This is the working draft" in coordinator_page
    detective_page = _text(client_for("detective").get(_detail(agreement)))
    assert "Agencies share what each needs to act, no more." not in detective_page
    assert "has not circulated a version yet" in detective_page
    assert client_for("detective").get(_detail(agreement, 1)).status_code == 404

    services.circulate(personas.coordinator, agreement.versions.get(), "First draft")
    _revised(personas, agreement, "Agencies share only under a written protocol.")
    assert "Agencies share only under a written protocol." in _text(
        client_for("coordinator").get(_detail(agreement))
    )
    detective = client_for("detective")
    page = _text(detective.get(_detail(agreement)))
    assert "Agencies share what each needs to act, no more." in page  # version 1
    assert "Agencies share only under a written protocol." not in page
    assert "Version 2" not in page
    assert detective.get(_detail(agreement, 2)).status_code == 404
    assert detective.get(_detail(agreement, 1)).status_code == 200


def test_a_task_force_wide_agreement_in_effect_is_read_by_every_member_but_not_its_next_draft(
    personas, client_for
):
    agreement, _ = factories.effective(personas, task_force_wide=True)
    for persona in ("advocate", "administrator"):
        page = _text(client_for(persona).get(_detail(agreement)))
        assert "Agencies share what each needs to act, no more." in page
        assert "Signatures on version 1" in page
    _revised(personas, agreement, "Agencies share through the liaison only.")
    services.circulate(personas.coordinator, services.working_draft(agreement), "Amendment")
    advocate = client_for("advocate")
    page = _text(advocate.get(_detail(agreement)))
    assert "Agencies share through the liaison only." not in page
    assert "Agencies share what each needs to act, no more." in page
    assert advocate.get(_detail(agreement, 2)).status_code == 404
    assert ">Status</th>" not in page  # the negotiation's standing is for the parties
    assert "Agencies share through the liaison only." in _text(
        client_for("detective").get(_detail(agreement, 2))
    )
    assert client_for("visitor").get(_detail(agreement)).status_code == 403


def test_an_agreement_in_effect_that_is_not_task_force_wide_stays_with_its_parties(
    personas, client_for
):
    agreement, _ = factories.effective(personas)
    assert client_for("advocate").get(_detail(agreement)).status_code == 404
    assert client_for("administrator").get(_detail(agreement)).status_code == 404


def test_the_agreement_page_shows_numbered_text_commitments_parties_and_signatures(
    personas, client_for
):
    agreement, version = factories.final(personas)
    factories.sign(personas, version, "leader")
    page = _text(client_for("coordinator").get(_detail(agreement)))
    assert "<strong>1.2</strong> <strong>Consent.</strong>" in page
    assert "<strong>2.1</strong>" in page
    assert "2. Roles" in page
    assert "<h3>Harbor City Police Department (HCPD)</h3>" in page
    assert "Assigns one full-time investigator" in page
    assert "4 beds" in page
    assert "The directory lists no active emergency housing" in page  # Safe Harbor lists none
    assert version.content_hash in page
    assert "The stored text still matches it" in page
    assert "Matches the text" in page
    assert "Lena Leader" in page
    assert ">Signed</span>" in page  # the police's status
    assert ">Invited</span>" in page
    assert "Dan Reyes" in page  # the police's representative
    assert f'href="{reverse("agreements:compare", kwargs={"pk": agreement.pk})}' not in page
    _assert_clean_markup(page)


def test_the_version_list_links_each_version_its_pdf_and_the_changes_since_the_last(
    personas, client_for
):
    agreement = factories.circulated(personas)
    _revised(personas, agreement, "Agencies share under the protocol.")
    page = _text(client_for("coordinator").get(_detail(agreement)))
    assert f'href="{_detail(agreement, 1)}#text"' in page
    assert f'href="{_detail(agreement, 2)}#text"' in page
    compare = reverse("agreements:compare", kwargs={"pk": agreement.pk})
    assert f'href="{compare}?from=1&amp;to=2"' in page
    pdf = reverse("agreements:version-pdf", kwargs={"pk": agreement.pk, "number": 1})
    assert f'href="{pdf}"' in page


def test_the_history_is_shown_to_the_facilitator_only(personas, client_for):
    agreement = factories.circulated(personas)
    page = _text(client_for("coordinator").get(_detail(agreement)))
    assert "Invited a party to an agreement" in page
    assert "Added a clause to a draft" in page
    assert "Circulated a version for review" in page
    assert "Invited a party to an agreement" not in _text(
        client_for("detective").get(_detail(agreement))
    )


def test_a_party_sees_what_it_may_do_for_its_organization(personas, client_for):
    agreement = factories.circulated(personas)
    police = factories.party(agreement, personas.police)
    review = reverse("agreements:party-review", kwargs={"pk": police.pk})
    sign = reverse("agreements:party-sign", kwargs={"pk": police.pk})
    decline = reverse("agreements:party-decline", kwargs={"pk": police.pk})
    detective_page = _text(client_for("detective").get(_detail(agreement)))
    assert f'href="{review}"' in detective_page
    assert f'href="{sign}"' not in detective_page
    assert f'href="{reverse("agreements:edit", kwargs={"pk": agreement.pk})}"' not in (
        detective_page
    )

    final, _ = factories.final(personas, title="Final memorandum")
    police = factories.party(final, personas.police)
    leader_page = _text(client_for("leader").get(_detail(final)))
    assert f'href="{reverse("agreements:party-sign", kwargs={"pk": police.pk})}"' in leader_page
    assert f'href="{reverse("agreements:party-decline", kwargs={"pk": police.pk})}"' in (
        leader_page
    )
    assert f'href="{decline}"' not in leader_page  # the other agreement's party


def test_the_facilitator_sees_the_controls_of_each_stage(personas, client_for):
    agreement = factories.agreement(personas)
    client = client_for("coordinator")
    draft = _text(client.get(_detail(agreement)))
    section = agreement.versions.get().sections.order_by("order").first()
    assert f'href="{_url("circulate", pk=agreement.pk)}"' in draft
    assert f'href="{_url("section-edit", pk=section.pk)}"' in draft
    assert f'href="{_url("commitment-add", pk=agreement.pk)}"' in draft
    assert f'href="{_url("delete", pk=agreement.pk)}"' in draft
    assert f'action="{_url("revise", pk=agreement.pk)}"' not in draft

    services.circulate(personas.coordinator, agreement.versions.get(), "First draft")
    _object(personas, agreement)
    circulated = _text(client.get(_detail(agreement)))
    assert f'href="{_url("section-edit", pk=section.pk)}"' not in circulated
    assert f'href="{_url("circulate", pk=agreement.pk)}"' not in circulated
    assert "1 open objection" in circulated
    assert f'href="{_url("objections", pk=agreement.pk)}"' in circulated
    assert f'action="{_url("finalize", pk=agreement.pk)}"' in circulated
    assert f'action="{_url("revise", pk=agreement.pk)}"' in circulated
    assert f'href="{_url("delete", pk=agreement.pk)}"' not in circulated
    police = factories.party(agreement, personas.police)
    assert f'action="{_url("party-letter", pk=police.pk)}"' in circulated


# --- Starting and changing an agreement ----------------------------------------------------------


def _agreement_form(**overrides) -> dict[str, str]:
    return {
        "kind": "mou",
        "subject": "",
        "title": "Shelter access memorandum",
        "purpose": "Who shelters whom, and when.",
        "expires_on": "",
        "review_on": "",
        **overrides,
    }


def test_a_coordinator_starts_an_agreement(personas, client_for):
    client = client_for("coordinator")
    page = _text(client.get(_url("create")))
    assert 'name="facilitator"' in page
    _assert_clean_markup(page)
    response = client.post(
        _url("create"),
        _agreement_form(facilitator=person(personas.coordinator).pk, task_force_wide="on"),
    )
    agreement = Agreement.objects.get(title="Shelter access memorandum")
    assert response.status_code == 302
    assert response["Location"] == _detail(agreement)
    assert agreement.task_force_wide
    assert agreement.facilitator == person(personas.coordinator)
    assert agreement.versions.get().state == VersionState.DRAFT
    assert AuditEvent.objects.filter(action="agreements.agreement.created").exists()


@pytest.mark.parametrize(("persona", "status"), [("detective", 403), ("visitor", 403)])
def test_only_coordinators_start_agreements(personas, client_for, persona, status):
    client = client_for(persona)
    assert client.get(_url("create")).status_code == status
    data = _agreement_form(facilitator=person(personas.coordinator).pk)
    assert client.post(_url("create"), data).status_code == status
    assert not Agreement.objects.exists()


def test_starting_an_agreement_shows_the_form_and_service_errors(personas, client_for):
    client = client_for("coordinator")
    facilitator = person(personas.coordinator).pk
    response = client.post(_url("create"), _agreement_form(title="", facilitator=facilitator))
    assert response.status_code == 400
    assert "Title: This field is required." in _text(response)
    response = client.post(
        _url("create"), _agreement_form(subject="media_contact", facilitator=facilitator)
    )
    assert response.status_code == 400
    assert "Only operational protocols have a subject" in _text(response)
    response = client.post(
        _url("create"),
        _agreement_form(facilitator=facilitator, expires_on=days(30), review_on=days(60)),
    )
    assert response.status_code == 400
    assert "The review must come on or before the expiry date." in _text(response)
    response = client.post(_url("create"), _agreement_form(facilitator=person(personas.visitor).pk))
    assert response.status_code == 400  # a visitor cannot facilitate
    assert not Agreement.objects.exists()


def test_an_agreement_starts_from_a_template(personas, client_for):
    template = AgreementTemplate.objects.create(
        name="Referral protocol starter",
        kind=AgreementKind.PROTOCOL,
        subject="referral_pathways",
        title="Victim referral protocol",
        purpose="How members refer victims to one another.",
        sections=[
            {"heading": "Referrals", "clauses": [{"heading": "Warm", "text": "Refer warmly."}]}
        ],
    )
    client = client_for("coordinator")
    page = _text(client.get(_url("create"), {"template": template.pk}))
    assert 'value="Victim referral protocol"' in page
    assert f'<option value="{template.pk}" selected>' in page
    response = client.post(
        _url("create"),
        {
            "template": template.pk,
            "kind": "",
            "title": "",
            "purpose": "",
            "facilitator": person(personas.coordinator).pk,
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.title == "Victim referral protocol"
    assert agreement.kind == AgreementKind.PROTOCOL
    assert agreement.subject == "referral_pathways"
    assert agreement.template == template
    assert agreement.versions.get().clauses.get().text == "Refer warmly."


def test_the_facilitator_edits_the_agreement(personas, client_for):
    agreement = factories.agreement(personas)
    client = client_for("coordinator")
    assert client.get(_url("edit", pk=agreement.pk)).status_code == 200
    data = _agreement_form(title="Renamed memorandum", expires_on=days(400))
    assert client.post(_url("edit", pk=agreement.pk), data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Renamed memorandum"
    assert agreement.expires_on == days(400)
    response = client.post(
        _url("edit", pk=agreement.pk), data | {"review_on": days(500).isoformat()}
    )
    assert response.status_code == 400
    assert "The review must come on or before the expiry date." in _text(response)


def test_the_kind_is_fixed_once_circulated(personas, client_for):
    agreement = factories.circulated(personas)
    client = client_for("coordinator")
    assert "disabled" in _text(client.get(_url("edit", pk=agreement.pk)))
    client.post(_url("edit", pk=agreement.pk), _agreement_form(kind="letter"))
    agreement.refresh_from_db()
    assert agreement.kind == AgreementKind.MOU


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 404), ("detective", 404), ("advocate", 404), ("administrator", 404)],
)
def test_only_the_facilitator_manages_the_agreement(personas, client_for, persona, status):
    agreement = factories.agreement(personas)
    client = client_for(persona)
    for name in ("edit", "delete", "facilitator", "party-add", "objections", "review"):
        assert client.get(_url(name, pk=agreement.pk)).status_code == status, name
    assert client.post(_url("edit", pk=agreement.pk), _agreement_form()).status_code == status
    assert client.post(_url("delete", pk=agreement.pk)).status_code == status
    assert Agreement.objects.filter(pk=agreement.pk, title=agreement.title).exists()


def test_a_draft_agreement_is_deleted_and_a_circulated_one_kept(personas, client_for):
    client = client_for("coordinator")
    draft = factories.agreement(personas)
    assert client.get(_url("delete", pk=draft.pk)).status_code == 200
    response = client.post(_url("delete", pk=draft.pk))
    assert response.status_code == 302
    assert not Agreement.objects.filter(pk=draft.pk).exists()

    circulated = factories.circulated(personas)
    page = _text(client.get(_url("delete", pk=circulated.pk)))
    assert "kept for the record" in page
    assert client.post(_url("delete", pk=circulated.pk)).status_code == 400
    assert Agreement.objects.filter(pk=circulated.pk).exists()


def test_the_facilitator_hands_the_agreement_over(personas, client_for):
    agreement = factories.agreement(personas)
    client = client_for("coordinator")
    response = client.post(
        _url("facilitator", pk=agreement.pk), {"successor": person(personas.leader).pk}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.facilitator == person(personas.leader)
    assert client.get(_url("edit", pk=agreement.pk)).status_code == 404
    assert client_for("leader").get(_url("edit", pk=agreement.pk)).status_code == 200


# --- Parties -------------------------------------------------------------------------------------


def test_the_facilitator_invites_a_party(personas, client_for):
    agreement = factories.agreement(personas)
    client = client_for("coordinator")
    assert client.get(_url("party-add", pk=agreement.pk)).status_code == 200
    response = client.post(
        _url("party-add", pk=agreement.pk),
        {
            "organization": personas.new_dawn.pk,
            "required": "on",
            "representative": person(personas.advocate).pk,
            "signatory": person(personas.advocate).pk,
        },
    )
    assert response.status_code == 302
    party = agreement.parties.get(organization=personas.new_dawn)
    assert party.required
    assert party.representative == person(personas.advocate)


def test_inviting_a_party_shows_the_services_objections(personas, client_for):
    agreement = factories.agreement(personas)
    client = client_for("coordinator")
    response = client.post(
        _url("party-add", pk=agreement.pk),
        {"organization": personas.new_dawn.pk, "representative": person(personas.detective).pk},
    )
    assert response.status_code == 400
    assert "is not on the staff of New Dawn Outreach" in _text(response)
    response = client.post(_url("party-add", pk=agreement.pk), {"organization": personas.police.pk})
    assert response.status_code == 400
    assert "already a party to this agreement" in _text(response)
    assert not agreement.parties.filter(organization=personas.new_dawn).exists()


def test_a_partys_people_are_named_by_the_facilitator_or_the_party_itself(personas, client_for):
    agreement = factories.agreement(personas)
    police = factories.party(agreement, personas.police)
    edit = _url("party-edit", pk=police.pk)

    coordinator_page = _text(client_for("coordinator").get(edit))
    assert 'name="required"' in coordinator_page
    client_for("coordinator").post(
        edit, {"representative": person(personas.detective).pk, "signatory": ""}
    )
    police.refresh_from_db()
    assert not police.required
    assert police.signatory is None

    detective = client_for("detective")
    assert 'name="required"' not in _text(detective.get(edit))
    response = detective.post(
        edit,
        {
            "representative": person(personas.detective).pk,
            "signatory": person(personas.leader).pk,
        },
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.signatory == person(personas.leader)
    assert not police.required  # not the party's to decide

    for persona in ("prosecutor", "advocate", "administrator"):
        assert client_for(persona).get(edit).status_code == 404, persona
    assert client_for("visitor").get(edit).status_code == 403


def test_the_facilitator_removes_a_party_invited_by_mistake(personas, client_for):
    agreement = factories.agreement(personas)
    district_attorney = factories.party(agreement, personas.district_attorney)
    remove = _url("party-remove", pk=district_attorney.pk)
    assert client_for("prosecutor").post(remove).status_code == 404
    assert client_for("coordinator").get(remove).status_code == 200
    assert client_for("coordinator").post(remove).status_code == 302
    assert not Party.objects.filter(pk=district_attorney.pk).exists()


def test_a_party_that_answered_is_not_removed(personas, client_for):
    agreement = factories.circulated(personas)
    _object(personas, agreement)
    police = factories.party(agreement, personas.police)
    response = client_for("coordinator").post(_url("party-remove", pk=police.pk))
    assert response.status_code == 400
    assert "record its withdrawal instead" in _text(response)
    assert Party.objects.filter(pk=police.pk).exists()


def test_a_party_records_its_withdrawal(personas, client_for):
    agreement, _ = factories.effective(personas)
    police = factories.party(agreement, personas.police)
    withdraw = _url("party-withdraw", pk=police.pk)
    assert client_for("advocate").get(withdraw).status_code == 404
    assert client_for("prosecutor").get(withdraw).status_code == 404
    detective = client_for("detective")
    response = detective.post(withdraw, {"withdrawn_on": timezone.localdate(), "reason": ""})
    assert response.status_code == 400
    assert "Say why the party withdraws" in _text(response)
    response = detective.post(
        withdraw, {"withdrawn_on": timezone.localdate(), "reason": "The unit was disbanded."}
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.status == PartyStatus.WITHDRAWN
    assert police.withdrawal_reason == "The unit was disbanded."
    page = _text(client_for("coordinator").get(_detail(agreement)))
    assert "The unit was disbanded." in page


def test_the_facilitator_issues_a_letter_to_a_party(personas, client_for):
    agreement = factories.circulated(personas)
    police = factories.party(agreement, personas.police)
    letter = _url("party-letter", pk=police.pk)
    assert client_for("detective").post(letter).status_code == 404
    assert client_for("coordinator").get(letter).status_code == 405
    assert client_for("coordinator").post(letter).status_code == 302
    police.refresh_from_db()
    assert police.status == PartyStatus.LETTER
    assert police.letter_version.number == 1
    assert not police.required


def test_a_letter_needs_a_circulated_version(personas, client_for):
    agreement = factories.agreement(personas)
    police = factories.party(agreement, personas.police)
    client = client_for("coordinator")
    response = client.post(_url("party-letter", pk=police.pk), follow=True)
    assert "Circulate a version before issuing it." in _text(response)
    police.refresh_from_db()
    assert police.status == PartyStatus.INVITED


# --- The working draft ---------------------------------------------------------------------------


def test_the_facilitator_writes_sections_and_clauses(personas, client_for):
    agreement = factories.agreement(personas)
    draft = agreement.versions.get()
    client = client_for("coordinator")
    assert client.post(_url("section-add", pk=agreement.pk), {"heading": "Media"}).status_code == (
        302
    )
    media = Section.objects.get(version=draft, heading="Media")
    assert media.order == 3
    response = client.post(
        _url("clause-add", pk=media.pk),
        {"heading": "One voice", "text": "The lead agency speaks to the press."},
    )
    assert response.status_code == 302
    clause = media.clauses.get()
    client.post(_url("clause-edit", pk=clause.pk), {"heading": "", "text": "Nobody briefs alone."})
    clause.refresh_from_db()
    assert clause.text == "Nobody briefs alone."
    client.post(_url("section-edit", pk=media.pk), {"heading": "Media contact"})
    media.refresh_from_db()
    assert media.heading == "Media contact"
    client.post(_url("section-move", pk=media.pk), {"direction": "up"})
    media.refresh_from_db()
    assert media.order == 2
    assert client.post(_url("section-move", pk=media.pk), {}).status_code == 400
    assert "2. Media contact" in _text(client.get(_detail(agreement)))

    sharing = Section.objects.get(version=draft, heading="Information sharing")
    consent = sharing.clauses.get(heading="Consent")
    client.post(_url("clause-move", pk=consent.pk), {"direction": "up"})
    consent.refresh_from_db()
    assert consent.order == 1
    assert client.post(_url("clause-remove", pk=consent.pk)).status_code == 302
    assert not sharing.clauses.filter(pk=consent.pk).exists()
    assert client.get(_url("section-remove", pk=media.pk)).status_code == 200
    assert client.post(_url("section-remove", pk=media.pk)).status_code == 302
    assert not Section.objects.filter(pk=media.pk).exists()


def test_the_draft_forms_show_their_errors(personas, client_for):
    agreement = factories.agreement(personas)
    draft = agreement.versions.get()
    section = draft.sections.order_by("order").first()
    client = client_for("coordinator")
    response = client.post(_url("section-add", pk=agreement.pk), {"heading": ""})
    assert response.status_code == 400
    assert "Heading: This field is required." in _text(response)
    response = client.post(_url("clause-add", pk=section.pk), {"heading": "Empty", "text": " "})
    assert response.status_code == 400
    response = client.post(
        _url("commitment-add", pk=agreement.pk),
        {"organization": personas.district_attorney.pk, "description": "Files", "quantity": 2},
    )
    assert response.status_code == 400
    assert "Give the unit of the quantity" in _text(response)
    response = client.post(
        _url("commitment-add", pk=agreement.pk),
        {"organization": personas.new_dawn.pk, "description": "Outreach"},
    )
    assert response.status_code == 400  # not a party: not a choice
    assert draft.sections.count() == 2
    assert draft.commitments.count() == 2


def test_the_facilitator_records_commitments(personas, client_for):
    agreement = factories.agreement(personas)
    client = client_for("coordinator")
    response = client.post(
        _url("commitment-add", pk=agreement.pk),
        {
            "organization": personas.district_attorney.pk,
            "description": "Assigns a vertical prosecutor",
            "quantity": 1,
            "unit": "prosecutors",
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(description="Assigns a vertical prosecutor")
    client.post(
        _url("commitment-edit", pk=commitment.pk),
        {
            "organization": personas.district_attorney.pk,
            "description": "Assigns two vertical prosecutors",
            "quantity": 2,
            "unit": "prosecutors",
            "around_the_clock": "on",
        },
    )
    commitment.refresh_from_db()
    assert commitment.quantity == 2
    assert commitment.around_the_clock
    assert client.post(_url("commitment-remove", pk=commitment.pk)).status_code == 302
    assert not Commitment.objects.filter(pk=commitment.pk).exists()


def test_no_one_else_edits_the_draft(personas, client_for):
    agreement = factories.agreement(personas)
    draft = agreement.versions.get()
    section = draft.sections.order_by("order").first()
    clause = _first_clause(draft)
    commitment = draft.commitments.first()
    urls = [
        _url("section-add", pk=agreement.pk),
        _url("section-edit", pk=section.pk),
        _url("section-remove", pk=section.pk),
        _url("clause-add", pk=section.pk),
        _url("clause-edit", pk=clause.pk),
        _url("clause-remove", pk=clause.pk),
        _url("commitment-add", pk=agreement.pk),
        _url("commitment-edit", pk=commitment.pk),
        _url("commitment-remove", pk=commitment.pk),
        _url("circulate", pk=agreement.pk),
    ]
    for persona in ("leader", "detective", "advocate", "administrator"):
        client = client_for(persona)
        for url in urls:
            assert client.get(url).status_code == 404, (persona, url)
        assert client.post(_url("clause-edit", pk=clause.pk), {"text": "Changed"}).status_code == (
            404
        )
        assert client.post(
            _url("clause-move", pk=clause.pk), {"direction": "down"}
        ).status_code == (404)
    assert client_for("visitor").get(urls[0]).status_code == 403
    clause.refresh_from_db()
    assert clause.text == "Agencies share what each needs to act, no more."


def test_a_circulated_version_cannot_be_edited_through_the_pages(personas, client_for):
    agreement = factories.circulated(personas)
    version = agreement.versions.get()
    section = version.sections.order_by("order").first()
    clause = _first_clause(version)
    commitment = version.commitments.first()
    client = client_for("coordinator")
    for url in (
        _url("section-add", pk=agreement.pk),
        _url("section-edit", pk=section.pk),
        _url("section-remove", pk=section.pk),
        _url("clause-add", pk=section.pk),
        _url("clause-edit", pk=clause.pk),
        _url("clause-remove", pk=clause.pk),
        _url("commitment-add", pk=agreement.pk),
        _url("commitment-edit", pk=commitment.pk),
        _url("commitment-remove", pk=commitment.pk),
        _url("circulate", pk=agreement.pk),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"heading": "X", "text": "Changed"}).status_code == 404, url
    assert client.post(_url("section-move", pk=section.pk), {"direction": "down"}).status_code == (
        404
    )
    assert client.post(_url("clause-move", pk=clause.pk), {"direction": "down"}).status_code == 404
    assert client.post(_url("discard-draft", pk=agreement.pk)).status_code == 404
    clause.refresh_from_db()
    version.refresh_from_db()
    assert clause.text == "Agencies share what each needs to act, no more."
    assert Section.objects.filter(pk=section.pk).exists()
    assert text.verify(version).matches


# --- Versions ------------------------------------------------------------------------------------


def test_the_facilitator_circulates_the_draft(personas, client_for):
    agreement = factories.agreement(personas)
    client = client_for("coordinator")
    page = _text(client.get(_url("circulate", pk=agreement.pk)))
    assert "Final, for signature" in page
    response = client.post(_url("circulate", pk=agreement.pk), {"change_note": "First draft"})
    assert response.status_code == 302
    version = agreement.versions.get()
    assert version.state == VersionState.REVIEW
    assert version.change_note == "First draft"
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.NEGOTIATING


def test_circulating_shows_why_it_cannot(personas, client_for):
    empty = services.create_agreement(
        personas.coordinator,
        {
            "kind": AgreementKind.MOU,
            "subject": "",
            "title": "Empty memorandum",
            "purpose": "Nothing yet.",
            "task_force_wide": False,
            "facilitator": person(personas.coordinator),
            "expires_on": None,
            "review_on": None,
        },
    )
    response = client_for("coordinator").post(_url("circulate", pk=empty.pk), {"change_note": ""})
    assert response.status_code == 400
    page = _text(response)
    assert "Write at least one clause before circulating." in page
    assert "Invite the parties before circulating." in page
    assert empty.versions.get().state == VersionState.DRAFT


def test_the_call_for_signatures_waits_for_open_objections(personas, client_for):
    agreement = factories.circulated(personas)
    answer = _object(personas, agreement)
    client = client_for("coordinator")
    assert client_for("detective").post(_url("finalize", pk=agreement.pk)).status_code == 404
    response = client.post(_url("finalize", pk=agreement.pk), follow=True)
    assert "1 objection is still open" in _text(response)
    assert agreement.versions.get().state == VersionState.REVIEW
    services.resolve_objection(personas.coordinator, answer, "Agreed on a call.")
    client.post(_url("finalize", pk=agreement.pk))
    assert agreement.versions.get().state == VersionState.FINAL
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNING


def test_a_new_version_is_started_and_discarded(personas, client_for):
    agreement = factories.circulated(personas)
    client = client_for("coordinator")
    assert client_for("detective").post(_url("revise", pk=agreement.pk)).status_code == 404
    assert client.post(_url("revise", pk=agreement.pk)).status_code == 302
    draft = agreement.versions.get(number=2)
    assert draft.state == VersionState.DRAFT
    assert draft.clauses.count() == 3
    response = client.post(_url("revise", pk=agreement.pk), follow=True)
    assert "There is already a working draft" in _text(response)
    assert client_for("detective").post(_url("discard-draft", pk=agreement.pk)).status_code == 404
    assert client.post(_url("discard-draft", pk=agreement.pk)).status_code == 302
    assert not agreement.versions.filter(number=2).exists()

    first = factories.agreement(personas, title="Another memorandum")
    response = client.post(_url("discard-draft", pk=first.pk), follow=True)
    assert "delete the agreement" in _text(response)
    assert first.versions.exists()


def test_a_letter_of_understanding_is_issued(personas, client_for):
    agreement = factories.circulated(personas, kind=AgreementKind.LETTER)
    client = client_for("coordinator")
    page = _text(client.get(_detail(agreement)))
    assert f'action="{_url("issue", pk=agreement.pk)}"' in page
    assert client_for("detective").post(_url("issue", pk=agreement.pk)).status_code == 404
    assert client.post(_url("issue", pk=agreement.pk)).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EFFECTIVE
    assert set(agreement.parties.values_list("status", flat=True)) == {PartyStatus.LETTER}


# --- Objections ----------------------------------------------------------------------------------


def test_the_facilitator_sees_every_open_objection_by_clause_and_party(personas, client_for):
    agreement = factories.circulated(personas)
    _object(personas, agreement)
    page = _text(client_for("coordinator").get(_url("objections", pk=agreement.pk)))
    assert "1 open objection" in page
    assert "Clause 1.1 Need to know: Harbor City Police Department" in page
    assert "Our records unit needs a court order before sharing." in page
    assert "Agencies share what the law allows and each needs to act." in page
    assert ">Objected</span>" in page
    _assert_clean_markup(page)
    for persona, status in (("detective", 404), ("advocate", 404), ("visitor", 403)):
        assert client_for(persona).get(_url("objections", pk=agreement.pk)).status_code == status


def test_the_facilitator_resolves_an_objection(personas, client_for):
    agreement = factories.circulated(personas)
    answer = _object(personas, agreement)
    resolve = _url("objection-resolve", pk=answer.pk)
    prefix = f"answer-{answer.pk}"
    assert client_for("detective").post(resolve, {f"{prefix}-resolution": "No"}).status_code == 404
    client = client_for("coordinator")
    response = client.post(resolve, {f"{prefix}-resolution": ""})
    assert response.status_code == 400
    assert "Say how the objection was resolved." in _text(response)
    response = client.post(resolve, {f"{prefix}-resolution": "The police agreed on a call."})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.state == ObjectionState.RESOLVED
    assert answer.resolution == "The police agreed on a call."
    assert "No objection is open." in _text(client.get(_url("objections", pk=agreement.pk)))


# --- Review --------------------------------------------------------------------------------------


def test_the_facilitator_records_a_review(personas, client_for):
    agreement, _ = factories.effective(personas, expires_on=days(700))
    review = _url("review", pk=agreement.pk)
    assert client_for("detective").get(review).status_code == 404
    client = client_for("coordinator")
    response = client.post(review, {"next_review_on": days(-1), "note": "Reviewed."})
    assert response.status_code == 400
    assert "The next review must be after today." in _text(response)
    response = client.post(
        review, {"next_review_on": days(365), "note": "All parties kept it as it is."}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.review_on == days(365)


def test_only_an_agreement_in_effect_is_reviewed(personas, client_for):
    agreement = factories.circulated(personas)
    response = client_for("coordinator").post(
        _url("review", pk=agreement.pk), {"next_review_on": days(30), "note": "Early."}
    )
    assert response.status_code == 400
    assert "Only an agreement in effect is reviewed." in _text(response)


# --- Templates -----------------------------------------------------------------------------------


def _template() -> AgreementTemplate:
    return AgreementTemplate.objects.create(
        name="Task force memorandum",
        kind=AgreementKind.MOU,
        title="Anti-trafficking memorandum",
        purpose="How the members work together.",
        sections=[{"heading": "Roles", "clauses": [{"heading": "", "text": "Each acts."}]}],
    )


def test_members_read_the_templates_and_coordinators_keep_them(personas, client_for):
    template = _template()
    delete = _url("template-delete", pk=template.pk)
    advocate_page = _text(client_for("advocate").get(_url("templates")))
    assert "Task force memorandum" in advocate_page
    assert f'href="{delete}"' not in advocate_page
    coordinator_page = _text(client_for("coordinator").get(_url("templates")))
    assert f'href="{delete}"' in coordinator_page
    assert f'href="{_url("create")}?template={template.pk}"' in coordinator_page
    assert client_for("visitor").get(_url("templates")).status_code == 403
    assert client_for("advocate").post(delete).status_code == 403
    assert client_for("coordinator").get(delete).status_code == 200
    assert client_for("coordinator").post(delete).status_code == 302
    assert not AgreementTemplate.objects.exists()


def test_a_coordinator_who_reads_a_circulated_version_keeps_it_as_a_template(personas, client_for):
    agreement = factories.circulated(personas)
    save = _url("save-template", pk=agreement.pk, number=1)
    assert client_for("detective").get(save).status_code == 403
    assert client_for("administrator").get(save).status_code == 404
    leader = client_for("leader")  # a coordinator on the police's staff
    assert leader.get(save).status_code == 200
    response = leader.post(save, {"name": "", "description": ""})
    assert response.status_code == 400
    assert "Name the template." in _text(response)
    response = leader.post(save, {"name": "Harbor memorandum", "description": "For MOUs."})
    assert response.status_code == 302
    template = AgreementTemplate.objects.get()
    assert [section["heading"] for section in template.sections] == [
        "Information sharing",
        "Roles",
    ]

    _revised(personas, agreement, "Changed.")
    assert (
        client_for("coordinator").get(_url("save-template", pk=agreement.pk, number=2)).status_code
        == 404
    )  # a working draft is not kept as a template
