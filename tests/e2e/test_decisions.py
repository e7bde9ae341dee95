"""A proposal decided at a meeting: one member blocks consensus, the expertise-weighted fallback
decides, and the register shows the outcome with the explanation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from taskforce.directory.models import Expertise
from taskforce.governance import tally
from taskforce.governance.decision_models import Proposal
from tests import decisions
from tests.bodies import build_bodies, meeting
from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Adopt the trauma-informed interview protocol"


def _as(page: Page, personas: Personas, name: str) -> None:
    page.context.clear_cookies()
    sign_in(page, getattr(personas, name).username, PASSWORD, personas.totp(name))
    page.wait_for_url(lambda url: urlparse(url).path == "/")


def _take_position(page: Page, proposal: Proposal, position: str, reason: str = "") -> None:
    page.goto(f"/decisions/{proposal.pk}/")
    page.get_by_role("radio", name=position, exact=True).check()
    if reason:
        page.get_by_label("Reason").fill(reason)
    page.get_by_role("button", name="Record my position").click()
    expect(page.locator("#positions")).to_contain_text(f"took the position {position}")


def test_a_block_falls_back_to_the_expertise_weighted_vote(
    page: Page, browser: Any, live_server: Any, personas: Personas
) -> None:
    standard = build_bodies(personas)
    decisions.rule(
        standard.general,
        decisions.step(tally.CONSENSUS),
        decisions.step(tally.MAJORITY, tally.BLOCKED, weight="2"),
        quorum_percent=50,
    )
    Expertise.objects.create(person=personas.coordinator.person, area=decisions.area(), years=12)
    monthly = meeting(standard.general, 3, title="Monthly general meeting")
    page.on("dialog", lambda dialog: dialog.accept())

    # The chair puts the proposal to the next general meeting and opens it for positions.
    _as(page, personas, "leader")
    page.goto(f"/decisions/propose/?body={standard.general.pk}")
    page.get_by_label("Topic").select_option(label="Protocols")
    page.get_by_label("Area of expertise").select_option(label="Victim services")
    page.get_by_label("Title").fill(TITLE)
    page.locator("#id_text").fill(
        "Every partner interviews survivors under the attached trauma-informed protocol."
    )
    page.get_by_label("Meeting").select_option(value=str(monthly.pk))
    page.get_by_role("button", name="Put the proposal forward").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    proposal = Proposal.objects.get(title=TITLE)
    expect(
        page.get_by_text("Consensus; on a block, expertise-weighted majority vote")
    ).to_be_visible()
    page.get_by_role("button", name="Open for positions").click()
    expect(page.locator(".lede")).to_contain_text("Taking positions")
    _take_position(page, proposal, "Endorse")

    # The meeting's agenda lists it.
    page.goto(f"/meetings/{monthly.pk}/")
    expect(page.get_by_role("link", name=f"{proposal.reference} {TITLE}")).to_be_visible()

    # The members sign in one after another in a second browser, so nobody signs in twice: a
    # two-factor code is accepted once.
    members = browser.new_context(base_url=live_server.url).new_page()
    _as(members, personas, "coordinator")
    _take_position(members, proposal, "Agree with reservations")
    _as(members, personas, "prosecutor")
    _take_position(members, proposal, "Endorse")
    _as(members, personas, "advocate")
    _take_position(members, proposal, "Serious disagreement")
    _as(members, personas, "detective")
    members.goto(f"/decisions/{proposal.pk}/")
    members.get_by_role("radio", name="Block", exact=True).check()
    members.get_by_role("button", name="Record my position").click()
    # A block without a reason is refused on the form, and nothing is recorded.
    expect(
        members.get_by_text(
            "A block stops the proposal: say why, so the body can answer it.", exact=True
        )
    ).to_be_visible()
    _take_position(members, proposal, "Block", "Detectives have not been trained on it yet")
    expect(members.locator("#positions")).to_contain_text("Outcome: passed")
    members.context.close()

    # The chair closes it; the fallback carried it.
    page.goto(f"/decisions/{proposal.pk}/")
    page.get_by_label("Rationale").fill("Training for detectives is scheduled before it applies.")
    page.get_by_role("button", name="Close and record the decision").click()
    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("Passed")
    expect(outcome).to_contain_text("Step 1, consensus: blocked by 1 of 5 (Dan Reyes)")
    expect(outcome).to_contain_text(
        "has the most experience in Victim services (12 years), weighted ×2"
    )
    expect(outcome).to_contain_text("4.0 yes vs 2.0 no")

    page.goto("/decisions/register/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Passed")
    expect(row).to_contain_text("Protocols")
    row.locator("summary").click()
    expect(row).to_contain_text("on a block the count falls back to step 2")
    expect(row.get_by_role("link", name="Monthly general meeting")).to_be_visible()
