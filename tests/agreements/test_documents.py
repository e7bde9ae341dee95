"""Documents: a version as PDF with its signature page, a letter of understanding, and the
responsibility matrix as a page and as CSV."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from taskforce.agreements import pdf, services
from taskforce.agreements.document_views import MatrixFilters
from taskforce.agreements.models import Agreement, AgreementVersion
from taskforce.core.pdf import refusing_fetcher_class
from tests.agreements import factories
from tests.directory import factories as directory_factories

CLAUSES = (
    "Agencies share what each needs to act, no more.",
    "Victim information is shared only with written consent.",
    "Each agency names a point of contact.",
)


def version_url(agreement: Agreement, number: int = 1) -> str:
    return reverse("agreements:version-pdf", kwargs={"pk": agreement.pk, "number": number})


def printed(version: AgreementVersion) -> str:
    """The HTML the PDF is rendered from, read as the view reads it."""
    version = AgreementVersion.objects.select_related("agreement__effective_version").get(
        pk=version.pk
    )
    return pdf.version_html(version)


# --- A version as PDF ----------------------------------------------------------------------------


def test_a_signed_version_prints_its_clauses_commitments_hash_and_signatures(
    personas, client_for
) -> None:
    made, version = factories.effective(personas)
    response = client_for("detective").get(version_url(made))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="harbor-anti-trafficking-memorandum-v1.pdf"' in response["Content-Disposition"]

    html = printed(version)
    for clause in CLAUSES:
        assert clause in html
    assert "1.1" in html and "2.1" in html
    assert "Emergency shelter for adult victims" in html
    assert "4 beds" in html
    assert "Assigns one full-time investigator" in html
    assert version.content_hash in html
    for signer in ("Lena Leader", "Vera Santos", personas.prosecutor.get_full_name()):
        assert signer in html
    assert f"bound to text hash {version.content_hash}" in html
    assert "in effect since" in html
    assert "DRAFT" not in html


def test_parties_that_have_not_signed_get_blank_lines_and_a_letter_is_marked(personas) -> None:
    made, version = factories.final(personas)
    factories.sign(personas, version, "prosecutor")
    services.issue_letter(personas.coordinator, factories.party(made, personas.police))
    html = printed(version)
    assert personas.prosecutor.get_full_name() in html
    assert "Issued this version as a letter of understanding" in html
    # Safe Harbor has not signed: its block is the blank signature, name and date lines.
    assert html.count('<div class="line"></div>') == 3
    assert "Vera Santos" not in html


def test_the_working_draft_prints_marked_draft_for_its_facilitator_only(
    personas, client_for
) -> None:
    made = factories.agreement(personas)
    response = client_for("coordinator").get(version_url(made))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "harbor-anti-trafficking-memorandum-v1-draft.pdf" in response["Content-Disposition"]
    html = printed(made.versions.get())
    assert "DRAFT" in html
    assert "has no fixed hash" in html
    # The parties read circulated versions only.
    assert client_for("detective").get(version_url(made)).status_code == 404


def test_a_version_that_does_not_exist_answers_404(personas, client_for) -> None:
    made, _ = factories.final(personas)
    assert client_for("coordinator").get(version_url(made, 7)).status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("prosecutor", 200),
        ("leader", 200),
        ("advocate", 404),
        ("administrator", 404),
        ("visitor", 403),
    ],
)
def test_only_the_parties_and_the_facilitator_print_an_agreement_that_is_not_task_force_wide(
    personas, client_for, name, status
) -> None:
    made, _ = factories.effective(personas)
    assert client_for(name).get(version_url(made)).status_code == status


def test_the_anonymous_client_is_sent_to_sign_in(personas, client_for) -> None:
    made, _ = factories.effective(personas)
    response = client_for("anonymous").get(version_url(made))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_every_member_prints_a_task_force_wide_agreement_in_effect(personas, client_for) -> None:
    made, _ = factories.effective(personas, task_force_wide=True)
    response = client_for("advocate").get(version_url(made))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert client_for("visitor").get(version_url(made)).status_code == 403


def test_printing_fetches_nothing_a_clause_links_to(personas, monkeypatch) -> None:
    made = factories.agreement(personas)
    draft = made.versions.get()
    section = draft.sections.first()
    services.add_clause(
        personas.coordinator,
        section,
        {"heading": "Logo", "text": '<img src="http://example.org/x.png"> see file:///etc/passwd'},
    )
    asked: list[str] = []
    original = refusing_fetcher_class().fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(refusing_fetcher_class(), "fetch", spy)
    draft = AgreementVersion.objects.select_related("agreement").get(pk=draft.pk)
    assert pdf.version_pdf(draft).startswith(b"%PDF")
    assert asked == []
    assert "&lt;img" in pdf.version_html(draft)


# --- Letters of understanding --------------------------------------------------------------------


def letter_url(party) -> str:
    return reverse("agreements:letter-pdf", kwargs={"pk": party.pk})


def test_a_letter_states_what_is_expected_of_that_party_unsigned(personas, client_for) -> None:
    made, version = factories.final(personas)
    party = services.issue_letter(personas.coordinator, factories.party(made, personas.police))
    response = client_for("detective").get(letter_url(party))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "letter-hcpd-v1.pdf" in response["Content-Disposition"]

    party.refresh_from_db()
    html = pdf.letter_html(party, AgreementVersion.objects.get(pk=version.pk))
    assert "Harbor City Police Department" in html
    assert "Assigns one full-time investigator" in html
    assert "Emergency shelter for adult victims" not in html  # Safe Harbor's, not the police's
    for clause in CLAUSES:
        assert clause in html
    assert "issued without signatures" in html
    assert version.content_hash in html


@pytest.mark.parametrize(
    ("name", "status"),
    [("coordinator", 200), ("prosecutor", 200), ("advocate", 404), ("visitor", 403)],
)
def test_a_letter_is_read_by_whoever_may_read_its_version(
    personas, client_for, name, status
) -> None:
    made, _ = factories.final(personas)
    party = services.issue_letter(personas.coordinator, factories.party(made, personas.police))
    assert client_for(name).get(letter_url(party)).status_code == status


def test_a_party_without_a_letter_has_none_to_print(personas, client_for) -> None:
    made, _ = factories.final(personas)
    party = factories.party(made, personas.district_attorney)
    assert client_for("prosecutor").get(letter_url(party)).status_code == 404


# --- The responsibility matrix -------------------------------------------------------------------


def matrix(client, **query: str) -> str:
    response = client.get(reverse("agreements:matrix"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_matrix_shows_commitments_and_says_which_exceed_the_listed_capacity(
    personas, client_for
) -> None:
    directory_factories.service(
        personas.safe_harbor,
        "Harbor House",
        is_24_7=True,
        capacity_maximum=2,
        capacity_unit="beds",
    )
    factories.effective(personas)
    page = matrix(client_for("prosecutor"))
    assert "Harbor anti-trafficking memorandum" in page
    assert "Emergency shelter for adult victims" in page
    assert "4 beds" in page and "24/7" in page
    assert "Over capacity:" in page
    assert "Commits 4 beds; the directory lists 2." in page
    assert "Assigns one full-time investigator" in page
    assert "1 commitment exceeds the capacity listed in the directory" in page


def test_a_withdrawn_party_s_commitments_leave_the_matrix(personas, client_for) -> None:
    made, _ = factories.effective(personas)
    services.withdraw_party(
        personas.coordinator,
        factories.party(made, personas.police),
        timezone.localdate(),
        "The department reorganized its vice unit.",
    )
    page = matrix(client_for("coordinator"))
    assert "Emergency shelter for adult victims" in page
    assert "Assigns one full-time investigator" not in page


def test_agreements_in_negotiation_show_only_when_asked_and_only_to_their_parties(
    personas, client_for
) -> None:
    factories.circulated(personas)
    assert "Emergency shelter for adult victims" not in matrix(client_for("detective"))
    assert "Emergency shelter for adult victims" in matrix(client_for("detective"), negotiating="1")
    assert "in negotiation" in matrix(client_for("detective"), negotiating="1")
    assert "Emergency shelter for adult victims" not in matrix(
        client_for("advocate"), negotiating="1"
    )


def test_the_matrix_filters_by_organization(personas, client_for) -> None:
    factories.effective(personas)
    page = matrix(client_for("coordinator"), organization=str(personas.police.pk))
    assert "Assigns one full-time investigator" in page
    assert "Emergency shelter for adult victims" not in page


def test_the_matrix_is_for_members(personas, client_for) -> None:
    assert client_for("visitor").get(reverse("agreements:matrix")).status_code == 403
    assert client_for("visitor").get(reverse("agreements:matrix-csv")).status_code == 403


def test_malformed_filters_are_dropped() -> None:
    assert MatrixFilters.from_query({"organization": "x1", "negotiating": "maybe"}) == (
        MatrixFilters()
    )
    assert MatrixFilters.from_query({"organization": "12", "negotiating": "1"}).to_query() == {
        "organization": "12",
        "negotiating": "1",
    }


def csv_text(client, **query: str) -> str:
    response = client.get(reverse("agreements:matrix-csv"), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "responsibility-matrix-" in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode()


def test_the_csv_holds_the_same_rows_and_neutralizes_formulas(personas, client_for) -> None:
    made = factories.agreement(personas)
    services.add_commitment(
        personas.coordinator,
        made.versions.get(),
        {
            "organization": personas.district_attorney,
            "description": '=HYPERLINK("http://example.org","click")',
            "service_category": None,
            "quantity": None,
            "unit": "",
            "around_the_clock": False,
        },
    )
    version = services.circulate(
        personas.coordinator, made.versions.get(), "For signature", final=True
    )
    for who in factories.SIGNERS:
        factories.sign(personas, version, who)
    text = csv_text(client_for("prosecutor"))
    lines = text.splitlines()
    assert lines[0].startswith("Organization,Agreement,Kind,Version,In effect,Commitment")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
    assert "Emergency shelter for adult victims" in text
    only_police = csv_text(client_for("prosecutor"), organization=str(personas.police.pk))
    assert "Emergency shelter for adult victims" not in only_police
    assert "Assigns one full-time investigator" in only_police
    # Nobody outside the parties reads this agreement's commitments.
    assert len(csv_text(client_for("advocate")).splitlines()) == 1
