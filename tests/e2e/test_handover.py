"""A departing committee chair's seat, action items and plan tasks go to a successor in one
handover."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from taskforce.core.models import AuditEvent
from taskforce.governance.models import BodyMembership, Handover, Position
from taskforce.meetings import proceedings_services
from taskforce.meetings.models import ActionItem
from taskforce.plans.models import PlanTask
from tests.bodies import build_bodies, meeting
from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD, Personas
from tests.plans import factories as plan_factories

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.timedelta(days=1)
ACTION = "Update the list of shelters taking minors"
TASK = "Map shelter beds"


def test_a_departing_chairs_work_changes_hands_in_one_handover(
    page: Page, personas: Personas
) -> None:
    bodies = build_bodies(personas)
    coordinator, advocate = personas.coordinator.person, personas.advocate.person
    chair_seat = BodyMembership.objects.get(
        body=bodies.victim_services, person=coordinator, position=Position.CHAIR
    )
    held = meeting(bodies.victim_services, -7)
    action = proceedings_services.create_action_item(
        personas.coordinator,
        held,
        {
            "description": ACTION,
            "owner_person": coordinator,
            "due_on": timezone.localdate() + 14 * DAY,
        },
    )
    task = plan_factories.task(personas, owner=personas.coordinator, title=TASK)

    sign_in(page, "leader", PASSWORD, personas.totp("leader"))
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    page.goto("/bodies/handover/")
    page.get_by_label("Outgoing person").select_option(
        label="Vera Santos — Safe Harbor Alliance (SHA)"
    )
    page.get_by_label("Incoming person").select_option(label="Ana Lopez — New Dawn Outreach (NDO)")
    page.get_by_role("button", name="Show what they hold").click()

    expect(page.get_by_role("heading", name="What Vera Santos holds")).to_be_visible()
    chosen = page.get_by_role("group", name="What to hand over")
    checkboxes = chosen.get_by_role("checkbox")
    expect(checkboxes).to_have_count(3)
    for label in (
        "Officer seat: Chair of Victim Services Committee",
        f"Action item: {ACTION}",
        f"Plan task: {TASK}",
    ):
        expect(chosen.get_by_label(label, exact=False)).to_be_checked()
    page.get_by_label("Note").fill("Vera leaves Safe Harbor at the end of the month.")
    page.get_by_role("button", name="Hand the chosen items to Ana Lopez").click()

    expect(page.get_by_text("Handed 3 items over from Vera Santos to Ana Lopez.")).to_be_visible()
    history = page.get_by_role("table", name="Handovers, newest first, with what changed hands")
    expect(history).to_contain_text("Chair of Victim Services Committee")
    expect(history).to_contain_text(ACTION)
    expect(history).to_contain_text(TASK)

    today = timezone.localdate()
    chair_seat.refresh_from_db()
    assert chair_seat.term_end == today - DAY
    current_chairs = BodyMembership.objects.current().filter(
        body=bodies.victim_services, position=Position.CHAIR
    )
    assert [seat.person for seat in current_chairs] == [advocate]
    action.refresh_from_db()
    assert action.owner_person == advocate
    assert PlanTask.objects.get(pk=task.pk).owner == advocate
    assert not ActionItem.objects.filter(owner_person=coordinator).exists()
    handover = Handover.objects.get()
    assert (handover.outgoing, handover.incoming) == (coordinator, advocate)
    assert handover.performed_by == personas.leader
    event = AuditEvent.objects.get(action="governance.handover.completed")
    assert event.actor == personas.leader
    assert event.target_id == str(handover.pk)
