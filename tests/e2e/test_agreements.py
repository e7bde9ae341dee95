"""An MOU negotiated to signature: the facilitator circulates the draft, the police object to the
consent clause, the facilitator revises it and calls for signatures, the versions are compared,
each required party signs and the agreement takes effect; its PDF downloads."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from taskforce.agreements.models import Agreement, AgreementStatus, Clause
from tests.agreements import factories
from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db(transaction=True)

REVISED = (
    "Victim information is shared only with the victim's written, time-limited consent, "
    "except where the law requires a report."
)


def _signed_in(browser: Any, live_server: Any, personas: Personas, name: str) -> Page:
    """A browser of its own for each person, so each signs in once: a two-factor code is
    accepted only once."""
    page = browser.new_context(base_url=live_server.url).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, getattr(personas, name).username, PASSWORD, personas.totp(name))
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    return page


def _sign(page: Page, agreement: Agreement, name: str, title: str) -> None:
    page.goto(f"/agreements/{agreement.pk}/")
    page.get_by_role("link", name="Sign version 2").click()
    expect(page.get_by_text(REVISED).first).to_be_visible()
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Your title").fill(title)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Sign version 2").click()
    expect(page.locator("main")).to_contain_text(name)


def test_an_objection_is_revised_and_the_signed_agreement_takes_effect(
    page: Page, browser: Any, live_server: Any, personas: Personas
) -> None:
    agreement = factories.agreement(personas)
    page.on("dialog", lambda dialog: dialog.accept())

    # The facilitator circulates the first draft for review.
    sign_in(page, personas.coordinator.username, PASSWORD, personas.totp("coordinator"))
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    page.goto(f"/agreements/{agreement.pk}/")
    page.get_by_role("link", name="Circulate version 1").click()
    page.get_by_label("What changed").fill("First draft for the parties' review")
    page.get_by_role("button", name="Circulate").click()
    expect(page.locator("main")).to_contain_text("Circulated for review")

    # The police representative objects to the consent clause with other wording.
    detective = _signed_in(browser, live_server, personas, "detective")
    detective.goto(f"/agreements/{agreement.pk}/")
    detective.get_by_role("link", name="Review version 1").click()
    consent = Clause.objects.get(version__agreement=agreement, version__number=1, heading="Consent")
    card = detective.locator(f"#clause-{consent.pk}")
    card.get_by_label("Propose other wording").check()
    card.get_by_label("Reason").fill("Mandatory reports cannot wait for consent.")
    card.get_by_label("Wording you propose").fill(REVISED)
    card.get_by_role("button", name="Save the answer").click()
    expect(detective.locator(f"#clause-{consent.pk}")).to_contain_text("Proposes other wording")

    # The facilitator sees the objection, starts version 2, rewrites the clause and calls for
    # signatures.
    page.goto(f"/agreements/{agreement.pk}/")
    page.get_by_role("link", name="1 open objection").click()
    expect(page.locator("main")).to_contain_text("Mandatory reports cannot wait for consent.")
    page.goto(f"/agreements/{agreement.pk}/")
    page.get_by_role("button", name="Start a new version").click()
    revised = Clause.objects.get(version__agreement=agreement, version__number=2, key=consent.key)
    page.goto(f"/agreements/clauses/{revised.pk}/edit/")
    page.get_by_label("Text").fill(REVISED)
    page.get_by_role("button", name="Save the clause").click()
    page.get_by_role("link", name="Circulate version 2").click()
    page.get_by_label("What changed").fill("The consent clause allows mandatory reports.")
    page.get_by_label("Final, for signature").check()
    page.get_by_role("button", name="Circulate").click()
    expect(page.locator("main")).to_contain_text("Final, for signature")

    # Anyone following the negotiation can compare the two versions clause by clause.
    page.goto(f"/agreements/{agreement.pk}/compare/?from=1&to=2")
    expect(page.locator("ins").filter(has_text="time-limited")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Changed")

    # Each required party's signatory signs; the last signature puts the agreement in effect.
    _sign(page, agreement, "Vera Santos", "Executive Director")
    prosecutor = _signed_in(browser, live_server, personas, "prosecutor")
    _sign(prosecutor, agreement, "Priya Nair", "Deputy District Attorney")
    agreement.refresh_from_db()
    assert agreement.status != AgreementStatus.EFFECTIVE
    leader = _signed_in(browser, live_server, personas, "leader")
    _sign(leader, agreement, "Lena Leader", "Chief of Police")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EFFECTIVE

    page.goto(f"/agreements/{agreement.pk}/")
    expect(page.locator("main")).to_contain_text("Effective")
    expect(page.locator("#signatures-heading")).to_contain_text("Signatures on version 2")

    # The signed version downloads as a PDF.
    response = page.request.get(f"/agreements/{agreement.pk}/versions/2/pdf/")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
