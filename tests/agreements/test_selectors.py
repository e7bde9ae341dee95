"""Reads about agreements that depend on the viewer: the version a page opens on, the objections
by clause and party, what awaits a member, agreements due soon, the responsibility matrix and its
CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.http import Http404

from taskforce.agreements import selectors, services
from taskforce.agreements.models import (
    AgreementKind,
    AgreementStatus,
    Clause,
    Commitment,
    ResponseKind,
)
from tests.agreements import factories
from tests.agreements.factories import days

pytestmark = pytest.mark.django_db


def _clause(agreement: Any, heading: str, number: int = 1) -> Clause:
    return Clause.objects.get(version__agreement=agreement, version__number=number, heading=heading)


# --- Versions ------------------------------------------------------------------------------------


def test_page_opens_on_the_draft_for_the_facilitator_and_the_latest_circulated_for_parties(
    personas,
):
    made = factories.circulated(personas)
    services.start_revision(personas.coordinator, made)
    assert selectors.current_version_for(personas.coordinator, made).number == 2
    assert selectors.current_version_for(personas.detective, made).number == 1
    never_circulated = factories.agreement(personas, title="Idea")
    assert selectors.current_version_for(personas.detective, never_circulated) is None
    assert selectors.current_version_for(personas.coordinator, never_circulated).number == 1


def test_compare_versions_only_what_one_may_read(personas):
    made = factories.circulated(personas)
    draft = services.start_revision(personas.coordinator, made)
    services.update_clause(
        personas.coordinator, _clause(made, "Consent", 2), {"text": "Only with consent."}
    )
    older, newer, comparison = selectors.compare_versions(personas.coordinator, made, 1, 2)
    assert (older.number, newer.number, comparison.changed_count) == (1, 2, 1)
    assert newer == draft
    with pytest.raises(Http404):
        selectors.compare_versions(personas.detective, made, 1, 2)
    with pytest.raises(Http404):
        selectors.compare_versions(personas.coordinator, made, 1, 9)


# --- Objections and answers ----------------------------------------------------------------------


def test_open_objections_by_clause_then_party(personas):
    made = factories.circulated(personas)
    police = factories.party(made, personas.police)
    district_attorney = factories.party(made, personas.district_attorney)
    roles = Clause.objects.get(version__agreement=made, heading="")
    services.respond(personas.prosecutor, district_attorney, roles, ResponseKind.OBJECT, reason="A")
    services.respond(personas.detective, police, roles, ResponseKind.OBJECT, reason="B")
    services.respond(
        personas.detective, police, _clause(made, "Consent"), ResponseKind.OBJECT, reason="C"
    )
    services.respond(
        personas.prosecutor, district_attorney, _clause(made, "Need to know"), ResponseKind.ACCEPT
    )
    found = [
        (answer.clause.heading, answer.party.organization.acronym, answer.reason)
        for answer in selectors.open_objections(made)
    ]
    # Clause 1.2 before clause 2.1; on one clause, by party name (Harbor City before County).
    assert found == [("Consent", "HCPD", "C"), ("", "HCPD", "B"), ("", "HCDA", "A")]
    by_clause = selectors.answers_by_clause(made.versions.get())
    assert [answer.reason for answer in by_clause[roles.pk]] == ["B", "A"]
    assert set(selectors.answers_of(police, made.versions.get())) == {
        roles.pk,
        _clause(made, "Consent").pk,
    }


def test_resolvable_answer_only_for_the_facilitator(personas):
    made = factories.circulated(personas)
    police = factories.party(made, personas.police)
    answer = services.respond(
        personas.detective, police, _clause(made, "Consent"), ResponseKind.OBJECT, reason="C"
    )
    assert selectors.get_resolvable_answer_for(personas.coordinator, answer.pk) == answer
    for other in (personas.detective, personas.leader, personas.advocate):
        with pytest.raises(Http404):
            selectors.get_resolvable_answer_for(other, answer.pk)


# --- What awaits a member ------------------------------------------------------------------------


def test_awaiting_me_follows_the_negotiation(personas):
    made = factories.circulated(personas)
    police = factories.party(made, personas.police)

    def awaiting(user: Any) -> list[str]:
        return [party.organization.acronym for party in selectors.awaiting_me(user)]

    assert awaiting(personas.detective) == ["HCPD"]  # the representative answers
    assert awaiting(personas.leader) == []  # the signatory waits for the final text
    assert awaiting(personas.advocate) == []
    services.accept_remaining(personas.detective, police)
    assert awaiting(personas.detective) == []
    services.call_for_signatures(personas.coordinator, made.versions.get())
    assert awaiting(personas.leader) == ["HCPD"]
    assert awaiting(personas.detective) == []
    factories.sign(personas, made.versions.get(), "leader")
    assert awaiting(personas.leader) == []


# --- Status, due dates and search ----------------------------------------------------------------


def test_due_soon_lists_agreements_in_effect_expiring_or_due_for_review(personas):
    expiring, _ = factories.effective(personas, title="Expiring", expires_on=days(30))
    review, _ = factories.effective(personas, title="Review due", review_on=days(60))
    factories.effective(personas, title="Far off", expires_on=days(200), review_on=days(90))
    factories.agreement(personas, title="Draft", expires_on=days(10))
    assert [a.title for a in selectors.due_soon_for(personas.detective)] == [
        "Expiring",
        "Review due",
    ]
    assert selectors.due_soon_for(personas.advocate) == []
    found = selectors.search_agreements(personas.detective, selectors.AgreementFilters(due=True))
    assert {a.pk for a in found} == {expiring.pk, review.pk}


def test_expired_agreement_says_so(personas):
    made, _ = factories.effective(personas, expires_on=days(10))
    assert selectors.display_status(made) == "Effective"
    assert not selectors.is_expired(made)
    assert selectors.display_status(made, today=days(11)) == f"Expired on {days(10):%Y-%m-%d}"
    assert selectors.is_expired(made, today=days(11))


def test_search_filters(personas):
    memorandum, _ = factories.effective(personas)
    protocol = factories.agreement(
        personas, kind=AgreementKind.PROTOCOL, subject="referral_pathways", title="Referrals"
    )
    services.remove_party(personas.coordinator, factories.party(protocol, personas.police))
    services.circulate(personas.coordinator, protocol.versions.get())
    factories.agreement(personas, title="Shelter letter", kind=AgreementKind.LETTER)

    def titles(**filters: Any) -> list[str]:
        found = selectors.search_agreements(
            personas.coordinator, selectors.AgreementFilters(**filters)
        )
        return [agreement.title for agreement in found]

    assert titles(kind=AgreementKind.PROTOCOL) == ["Referrals"]
    assert titles(status=AgreementStatus.EFFECTIVE) == [memorandum.title]
    assert titles(organization=personas.police.pk) == [memorandum.title, "Shelter letter"]
    assert titles(q="respond to trafficking") == sorted(
        [memorandum.title, "Referrals", "Shelter letter"]
    )
    assert titles(q="referr") == ["Referrals"]
    # The same search finds nothing the viewer may not read.
    assert (
        list(
            selectors.search_agreements(
                personas.advocate, selectors.AgreementFilters(q="memorandum")
            )
        )
        == []
    )


def test_organization_profile_lists_its_agreements_with_status(personas):
    made, _ = factories.effective(personas)
    factories.circulated(personas, title="Under negotiation")
    parties = selectors.agreements_of_organization(personas.detective, personas.district_attorney)
    assert [(p.agreement.title, p.agreement.status, p.status) for p in parties] == [
        (made.title, AgreementStatus.EFFECTIVE, "signed"),
        ("Under negotiation", AgreementStatus.NEGOTIATING, "invited"),
    ]
    assert selectors.agreements_of_organization(personas.advocate, personas.district_attorney) == []


# --- The responsibility matrix -------------------------------------------------------------------


def _matrix(user: Any, **options: Any) -> dict[str, list[tuple[str, str, bool]]]:
    return {
        row.organization.acronym: [
            (cell.agreement.title, commitment.description, cell.in_effect)
            for cell in row.cells
            for commitment, _ in cell.commitments
        ]
        for row in selectors.responsibility_matrix(user, **options)
    }


def test_matrix_shows_agreements_in_effect_and_for_parties_the_negotiation(personas):
    factories.effective(personas, task_force_wide=True, title="Wide")
    factories.circulated(personas, title="Negotiating")
    in_effect = {
        "HCPD": [("Wide", "Assigns one full-time investigator", True)],
        "SHA": [("Wide", "Emergency shelter for adult victims", True)],
    }
    assert _matrix(personas.advocate) == in_effect
    assert _matrix(personas.advocate, include_negotiating=True) == in_effect
    assert _matrix(personas.detective) == in_effect
    assert _matrix(personas.detective, include_negotiating=True) == {
        "HCPD": [
            ("Negotiating", "Assigns one full-time investigator", False),
            ("Wide", "Assigns one full-time investigator", True),
        ],
        "SHA": [
            ("Negotiating", "Emergency shelter for adult victims", False),
            ("Wide", "Emergency shelter for adult victims", True),
        ],
    }
    assert _matrix(personas.visitor) == {}
    assert _matrix(personas.detective, organization=personas.police.pk) == {
        "HCPD": [("Wide", "Assigns one full-time investigator", True)]
    }


def test_matrix_follows_an_amendment_only_for_those_in_the_negotiation(personas):
    made, _ = factories.effective(personas, task_force_wide=True)
    draft = services.start_revision(personas.coordinator, made)
    shelter = Commitment.objects.get(version=draft, organization=personas.safe_harbor)
    services.update_commitment(personas.coordinator, shelter, {"description": "Six beds"})
    services.circulate(personas.coordinator, draft, "More beds")
    assert _matrix(personas.advocate, include_negotiating=True)["SHA"] == [
        (made.title, "Emergency shelter for adult victims", True)
    ]
    assert _matrix(personas.prosecutor, include_negotiating=True)["SHA"] == [
        (made.title, "Six beds", False)
    ]


def test_matrix_leaves_out_declined_parties_but_keeps_letters_and_expired_agreements_out(
    personas,
):
    made, version = factories.final(personas, task_force_wide=True)
    police = factories.party(made, personas.police)
    services.decline(personas.leader, police, "Cannot sign")
    factories.sign(personas, version, "prosecutor")
    factories.sign(personas, version, "coordinator")
    assert "HCPD" not in _matrix(personas.coordinator)  # declined, not yet in effect
    services.issue_letter(personas.coordinator, police)
    assert "HCPD" in _matrix(personas.coordinator)  # a letter states what is expected of it
    services.update_agreement(personas.coordinator, made, {"expires_on": days(-1)})
    assert _matrix(personas.coordinator) == {}


def test_matrix_csv(personas):
    made, _ = factories.effective(personas)
    lines = list(selectors.matrix_csv_lines(selectors.responsibility_matrix(personas.coordinator)))
    rows = list(csv.reader(io.StringIO("".join(lines))))
    assert rows[0] == list(selectors.MATRIX_CSV_HEADER)
    assert rows[1][:6] == [
        "Harbor City Police Department",
        made.title,
        "Memorandum of understanding",
        "1",
        "yes",
        "Assigns one full-time investigator",
    ]
    assert rows[2][7:10] == ["4", "beds", "yes"]
    assert len(rows) == 3


def test_matrix_csv_neutralizes_formulas(personas):
    made = factories.agreement(personas, title='=HYPERLINK("http://example.com")')
    services.add_commitment(
        personas.coordinator,
        made.versions.get(),
        {"organization": personas.district_attorney, "description": "@SUM(A1:A9)"},
    )
    services.circulate(personas.coordinator, made.versions.get(), final=True)
    for who in factories.SIGNERS:
        factories.sign(personas, made.versions.get(), who)
    lines = list(selectors.matrix_csv_lines(selectors.responsibility_matrix(personas.prosecutor)))
    rows = list(csv.reader(io.StringIO("".join(lines))))
    district_attorney = next(row for row in rows if row[0] == "Harbor County District Attorney")
    assert district_attorney[1].startswith("'=")
    assert district_attorney[5] == "'@SUM(A1:A9)"
