"""The start page shows each person their next meetings and their open action items."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from taskforce.meetings.models import ActionItem
from tests.bodies import build_bodies, meeting


def test_a_member_sees_their_next_meetings_and_their_overdue_action_item(personas, client_for):
    bodies = build_bodies(personas)
    meeting(bodies.general, 3, title="December General Body")
    meeting(bodies.law_enforcement, 5, title="Closed LE briefing")
    meeting(bodies.board, 4, title="Board retreat")  # open, but the advocate has no seat on it
    ActionItem.objects.create(
        body=bodies.general,
        description="Send the outreach calendar",
        owner_person=personas.advocate.person,
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    page = client_for("advocate").get(reverse("dashboard")).content.decode()
    assert "Your next meetings" in page
    assert "December General Body" in page
    assert "Closed LE briefing" not in page  # a closed committee the advocate does not sit on
    assert "Board retreat" not in page  # only meetings the advocate is expected at
    assert "Send the outreach calendar" in page
    assert "Overdue" in page


def test_the_detective_sees_the_closed_committee_meeting(personas, client_for):
    bodies = build_bodies(personas)
    meeting(bodies.law_enforcement, 5, title="Closed LE briefing")
    page = client_for("detective").get(reverse("dashboard")).content.decode()
    assert "Closed LE briefing" in page


def test_a_visitor_sees_the_meeting_they_are_invited_to(personas, client_for):
    bodies = build_bodies(personas)
    invited = meeting(bodies.general, 6, title="Open house")
    invited.guests.add(personas.visitor.person)
    meeting(bodies.general, 7, title="Regular General Body")
    page = client_for("visitor").get(reverse("dashboard")).content.decode()
    assert "Open house" in page
    assert "Regular General Body" not in page


def test_someone_with_nothing_scheduled_gets_no_meetings_panel(personas, client_for):
    page = client_for("visitor").get(reverse("dashboard")).content.decode()
    assert "Your next meetings" not in page
    assert "Committee plans" not in page
