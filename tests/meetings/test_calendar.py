"""Each person's secret calendar feed, and the single-meeting .ics download."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from taskforce.accounts.services import deactivate_user, reactivate_user
from taskforce.core.models import AuditEvent
from taskforce.meetings import services
from taskforce.meetings.models import CalendarFeed, MeetingStatus
from tests.bodies import build_bodies, meeting


@pytest.fixture
def bodies(personas):
    return build_bodies(personas)


def _feed_url(token: str) -> str:
    return reverse("meetings:feed", kwargs={"token": token})


def _summaries(response) -> dict[str, str]:
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): str(e["status"]) for e in calendar.events}


def test_creating_a_feed_stores_only_a_hash_and_shows_the_address_once(
    personas, bodies, client_for
):
    client = client_for("advocate")
    response = client.post(reverse("meetings:calendar-feed"), {"action": "create"})
    feed_url = response.context["feed_url"]
    token = feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=personas.advocate)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in feed.token_hash
    assert feed_url in response.content.decode()
    again = client.get(reverse("meetings:calendar-feed"))
    assert token not in again.content.decode()
    assert AuditEvent.objects.filter(action="meetings.calendar_feed.created").count() == 1


def test_the_feed_lists_the_meetings_a_person_should_attend(personas, bodies, client):
    meeting(bodies.general, 5, title="General meeting", location="Hall")
    meeting(bodies.victim_services, 6, title="Services meeting", location="Office")
    meeting(bodies.board, 7, title="Board meeting", location="Hall")  # open, but no seat
    meeting(bodies.law_enforcement, 8, title="LE meeting", location="HQ")
    meeting(bodies.general, -90, title="Long ago", location="Hall")
    meeting(
        bodies.general,
        9,
        title="Called off",
        location="Hall",
        status=MeetingStatus.CANCELLED,
        cancellation_reason="Holiday",
    )
    token = services.create_calendar_feed(personas.advocate)
    response = client.get(_feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert _summaries(response) == {
        "General meeting": "CONFIRMED",
        "Services meeting": "CONFIRMED",
        "Called off": "CANCELLED",
    }


def test_a_visitor_feed_has_their_seats_and_invitations_only(personas, bodies, client):
    meeting(bodies.victim_services, 6, title="Services meeting", location="Office")
    invited = meeting(bodies.board, 7, title="Board retreat", location="Lodge")
    invited.guests.add(personas.visitor.person)
    meeting(bodies.general, 5, title="General meeting", location="Hall")
    token = services.create_calendar_feed(personas.visitor)
    assert set(_summaries(client.get(_feed_url(token)))) == {"Services meeting", "Board retreat"}


def test_a_closed_body_never_leaks_into_a_guests_feed_it_cannot_see(personas, bodies, client):
    # A seat that ended: the body is closed, so the former member no longer sees it.
    closed = meeting(bodies.law_enforcement, 6, title="LE meeting", location="HQ")
    seat = bodies.law_enforcement.memberships.get(person=personas.prosecutor.person)
    seat.term_end = timezone.localdate() - datetime.timedelta(days=1)
    seat.save()
    token = services.create_calendar_feed(personas.prosecutor)
    assert "LE meeting" not in _summaries(client.get(_feed_url(token)))
    closed.guests.add(personas.prosecutor.person)
    assert "LE meeting" in _summaries(client.get(_feed_url(token)))


def test_revoking_or_replacing_a_feed_stops_the_old_address_at_once(personas, bodies, client_for):
    client = client_for("advocate")
    old = services.create_calendar_feed(personas.advocate)
    new = services.create_calendar_feed(personas.advocate)
    anonymous = client_for("anonymous")
    assert anonymous.get(_feed_url(old)).status_code == 404
    assert anonymous.get(_feed_url(new)).status_code == 200
    client.post(reverse("meetings:calendar-feed"), {"action": "revoke"})
    assert anonymous.get(_feed_url(new)).status_code == 404
    assert CalendarFeed.objects.filter(user=personas.advocate, revoked_at=None).count() == 0
    assert AuditEvent.objects.filter(action="meetings.calendar_feed.revoked").count() == 2


def test_unknown_tokens_and_deactivated_accounts_answer_404(personas, bodies, client):
    assert client.get(_feed_url("not-a-real-token")).status_code == 404
    token = services.create_calendar_feed(personas.detective)
    personas.detective.is_active = False
    personas.detective.save()
    assert client.get(_feed_url(token)).status_code == 404


def test_deactivating_an_account_ends_its_feed_for_good(personas, bodies, client):
    token = services.create_calendar_feed(personas.detective)
    deactivate_user(personas.administrator, personas.detective)
    reactivate_user(personas.administrator, personas.detective)
    assert client.get(_feed_url(token)).status_code == 404
    revoked = AuditEvent.objects.get(action="meetings.calendar_feed.revoked")
    assert revoked.actor_id == personas.administrator.pk


def test_use_is_noted_at_most_once_an_hour(personas, bodies, client):
    token = services.create_calendar_feed(personas.detective)
    client.get(_feed_url(token))
    feed = CalendarFeed.objects.get(user=personas.detective)
    first = feed.last_used_at
    assert first is not None
    client.get(_feed_url(token))
    feed.refresh_from_db()
    assert feed.last_used_at == first
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=first - datetime.timedelta(hours=2))
    client.get(_feed_url(token))
    feed.refresh_from_db()
    assert feed.last_used_at > first - datetime.timedelta(hours=2)


def test_the_feed_page_needs_a_sign_in_and_a_valid_action(personas, client_for):
    response = client_for("anonymous").get(reverse("meetings:calendar-feed"))
    assert response.status_code == 302
    visitor = client_for("visitor")
    assert visitor.get(reverse("meetings:calendar-feed")).status_code == 200
    assert visitor.post(reverse("meetings:calendar-feed"), {"action": "x"}).status_code == 400
    assert not CalendarFeed.objects.exists()


def test_downloading_one_meeting(personas, bodies, client_for):
    board = meeting(bodies.board, 4, title="Board meeting", location="Hall")
    response = client_for("advocate").get(reverse("meetings:ics", args=[board.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    event = Calendar.from_ical(response.content).events[0]
    assert str(event["summary"]) == "Board meeting"
    assert event.decoded("dtstart") == board.local_start
    closed = meeting(bodies.law_enforcement, 4, location="HQ")
    assert client_for("advocate").get(reverse("meetings:ics", args=[closed.pk])).status_code == 404
