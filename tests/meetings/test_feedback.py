"""Meeting feedback: who answers, once; anonymity; results and trend."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from taskforce.core.models import AuditEvent
from taskforce.meetings import proceedings_selectors as selectors
from taskforce.meetings import proceedings_services as services
from taskforce.meetings.models import (
    FeedbackReceipt,
    FeedbackResponse,
    MeetingStatus,
)
from tests.bodies import Bodies, build_bodies, meeting


@pytest.fixture
def bodies(personas) -> Bodies:
    return build_bodies(personas)


def _url(name: str, pk: int) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": pk})


def test_a_member_answers_once_with_their_name(personas, bodies, client_for):
    held = meeting(bodies.board, -1)
    client = client_for("coordinator")
    response = client.post(_url("feedback", held.pk), {"rating": "4", "comment": "Good pace"})
    assert response.status_code == 302
    answer = FeedbackResponse.objects.get()
    assert (answer.rating, answer.comment, answer.respondent) == (
        4,
        "Good pace",
        personas.coordinator.person,
    )
    assert FeedbackReceipt.objects.filter(meeting=held, person=personas.coordinator.person).exists()
    event = AuditEvent.objects.get(action="meetings.feedback.submitted")
    assert event.changes == {"anonymous": False, "rating": 4, "response": str(answer.pk)}

    again = client.post(_url("feedback", held.pk), {"rating": "1"})
    assert again.status_code == 200
    assert "already answered" in again.content.decode()
    assert FeedbackResponse.objects.count() == 1


def test_an_anonymous_answer_cannot_be_traced_to_the_person(personas, bodies, client_for):
    held = meeting(bodies.board, -1)
    client_for("coordinator").post(
        _url("feedback", held.pk), {"rating": "2", "comment": "Too long", "anonymous": "on"}
    )
    answer = FeedbackResponse.objects.get()
    assert answer.respondent is None
    assert answer.submitted_on is None  # a date could be matched against the audit log
    receipt = FeedbackReceipt.objects.get()
    assert receipt.person == personas.coordinator.person
    event = AuditEvent.objects.get(action="meetings.feedback.submitted")
    assert event.target_type == "meetings.meeting"
    assert event.target_id == str(held.pk)
    assert event.changes == {"anonymous": True}
    assert "rating" not in event.changes and "response" not in event.changes

    results = client_for("leader").get(_url("feedback-results", held.pk)).content.decode()
    assert "Too long" in results
    assert "Anonymous" in results
    assert "Vera Santos" not in results


def test_the_receipt_race_is_a_clear_error(personas, bodies, monkeypatch):
    held = meeting(bodies.board, -1)
    FeedbackReceipt.objects.create(meeting=held, person=personas.coordinator.person)
    # The check saw no answer, but one got in before the insert.
    monkeypatch.setattr(services.selectors, "has_answered", lambda person, meeting: False)
    with pytest.raises(ValidationError, match="already answered"):
        services.submit_feedback(personas.coordinator, held, 5)
    assert not FeedbackResponse.objects.exists()


def test_the_survey_opens_when_the_meeting_begins_and_not_for_cancelled_ones(personas, bodies):
    future = meeting(bodies.board, 2)
    assert selectors.feedback_state(personas.coordinator, future) == "not_started"
    with pytest.raises(ValidationError, match="opens when the meeting begins"):
        services.submit_feedback(personas.coordinator, future, 5)
    cancelled = meeting(bodies.board, -2, status=MeetingStatus.CANCELLED)
    assert selectors.feedback_state(personas.coordinator, cancelled) == "cancelled"
    with pytest.raises(ValidationError, match="cancelled"):
        services.submit_feedback(personas.coordinator, cancelled, 5)
    assert not FeedbackResponse.objects.exists()


def test_people_on_the_roll_may_answer_others_may_not(personas, bodies, client_for):
    held = meeting(bodies.board, -1)
    assert selectors.feedback_state(personas.advocate, held) == "not_eligible"
    response = client_for("advocate").post(_url("feedback", held.pk), {"rating": "5"})
    assert response.status_code == 200
    assert not FeedbackResponse.objects.exists()
    with pytest.raises(PermissionDenied):
        services.submit_feedback(personas.advocate, held, 5)
    services.record_roll_call(
        personas.leader, held, [services.RollCallLine(personas.advocate.person, "present")]
    )
    assert selectors.feedback_state(personas.advocate, held) == "open"
    services.submit_feedback(personas.advocate, held, 5)
    assert FeedbackResponse.objects.count() == 1


def test_rating_must_be_between_one_and_five(personas, bodies, client_for):
    held = meeting(bodies.board, -1)
    response = client_for("coordinator").post(_url("feedback", held.pk), {"rating": "9"})
    assert "rating" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.submit_feedback(personas.coordinator, held, 0)
    assert not FeedbackResponse.objects.exists()


def test_results_for_members_of_the_body(personas, bodies, client_for):
    held = meeting(bodies.board, -1)
    services.submit_feedback(personas.coordinator, held, 4, "Useful", anonymous=False)
    services.submit_feedback(personas.leader, held, 2, "", anonymous=True)
    results = selectors.feedback_results(held)
    assert results.count == 2
    assert results.average == 3
    assert dict(results.distribution) == {5: 0, 4: 1, 3: 0, 2: 1, 1: 0}
    assert [(c.text, c.respondent) for c in results.comments] == [("Useful", "Vera Santos")]
    assert client_for("coordinator").get(_url("feedback-results", held.pk)).status_code == 200
    assert client_for("advocate").get(_url("feedback-results", held.pk)).status_code == 404
    closed = meeting(bodies.law_enforcement, -1)
    assert client_for("leader").get(_url("feedback-results", closed.pk)).status_code == 404


def test_trend_per_body(personas, bodies, client_for):
    first = meeting(bodies.board, -60, title="January")
    second = meeting(bodies.board, -30, title="February")
    meeting(bodies.board, -10, title="No answers")
    services.submit_feedback(personas.coordinator, first, 2)
    services.submit_feedback(personas.leader, first, 4)
    services.submit_feedback(personas.coordinator, second, 5)
    points = selectors.feedback_trend(bodies.board)
    assert [(p.meeting.title, p.count, p.average) for p in points] == [
        ("January", 2, 3.0),
        ("February", 1, 5.0),
    ]
    page = client_for("leader").get(_url("feedback-trend", bodies.board.pk))
    assert page.status_code == 200
    assert "January" in page.content.decode()
    assert client_for("advocate").get(_url("feedback-trend", bodies.board.pk)).status_code == 404
    visitor = client_for("visitor")
    assert visitor.get(_url("feedback-trend", bodies.board.pk)).status_code == 404
    assert visitor.get(_url("feedback-trend", bodies.victim_services.pk)).status_code == 200
