"""A coordinator writes the charter, sets a goal with an objective, and hands a role over."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from taskforce.governance.models import Charter, LeadershipRoleAssignment, Objective
from tests.e2e.conftest import sign_in
from tests.governance import factories
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_writes_the_charter_and_hands_over_a_role(page, personas) -> None:
    previous = factories.assignment(personas, start=timezone.localdate() - datetime.timedelta(400))
    sign_in(page, "vscoord", PASSWORD, personas.totp("coordinator"))

    page.goto("/charter/")
    page.get_by_role("link", name="Write the charter").click()
    page.get_by_label("Task force name").fill("Harbor County Anti-Trafficking Task Force")
    page.get_by_label("Jurisdiction").fill("Harbor County, California")
    page.get_by_role("button", name="Save the charter").click()
    # Mission and purpose are required: the summary lists them and nothing is saved.
    expect(page.locator(".error-summary")).to_contain_text("Mission: This field is required.")
    assert not Charter.objects.exists()

    page.get_by_label("Mission").fill("Identify and serve every victim of trafficking.")
    page.get_by_label("Purpose").fill("Coordinate investigations, prosecutions and services.")
    page.get_by_role("radio", name=re.compile(r"^Centralized")).check()
    page.get_by_label("Harbor City Police Department (HCPD)").check()
    page.get_by_label("Safe Harbor Alliance (SHA)").check()
    page.get_by_role("button", name="Save the charter").click()
    heading = page.get_by_role("heading", name="Harbor County Anti-Trafficking Task Force")
    expect(heading).to_be_visible()
    expect(page.get_by_text("Decisions come only from the leading organizations")).to_be_visible()

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Title").fill("Serve every victim")
    page.get_by_role("button", name="Add the goal").click()
    page.get_by_role("link", name="Add an objective to “Serve every victim”").click()
    page.get_by_label("Description").fill("Open a 24/7 hotline staffed in English and Spanish")
    page.get_by_label("Measure or indicator").fill("Hotline answers 95% of calls")
    page.get_by_label("Target date").fill("2030-06-30")
    page.get_by_label("Owner").select_option(label="Vera Santos — Safe Harbor Alliance (SHA)")
    page.get_by_role("button", name="Add the objective").click()
    expect(page.get_by_role("cell", name="Hotline answers 95% of calls")).to_be_visible()
    assert Objective.objects.get().owner == personas.coordinator.person

    page.get_by_role("link", name="Leadership roles and past holders").click()
    page.get_by_role("link", name="Assign the Group Leader").click()
    page.get_by_label("Person").select_option(label="Vera Santos — Safe Harbor Alliance (SHA)")
    page.get_by_role("button", name="Assign the role").click()
    expect(page.get_by_text("Vera Santos is now Group Leader.")).to_be_visible()
    previous.refresh_from_db()
    assert previous.term_end == timezone.localdate() - datetime.timedelta(days=1)
    assert LeadershipRoleAssignment.objects.filter(role="group_leader").count() == 2

    page.goto("/charter/history/")
    expect(page.get_by_role("cell", name="Ended a leadership term")).to_be_visible()
    expect(page.get_by_role("cell", name="Wrote the charter")).to_be_visible()
