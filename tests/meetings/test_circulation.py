"""Circulating the agenda by e-mail with an iCalendar invitation, and cancelling after it."""

from __future__ import annotations

import datetime
import smtplib
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from taskforce.core.models import AuditEvent
from taskforce.directory.models import Person
from taskforce.meetings import services
from taskforce.meetings.models import ActionItem, AgendaItem, AgendaItemStatus, MeetingStatus
from tests.bodies import TIME_ZONE, build_bodies, meeting


@pytest.fixture
def bodies(personas):
    return build_bodies(personas)


@pytest.fixture
def board_meeting(personas, bodies):
    board = meeting(
        bodies.board,
        10,
        title="Board meeting",
        location="City Hall, room 2",
        video_link="https://video.example.org/board",
        facilitator=personas.leader.person,
    )
    board.guests.add(personas.visitor.person)
    AgendaItem.objects.create(
        meeting=board,
        title="Budget",
        status=AgendaItemStatus.ACCEPTED,
        minutes_allotted=20,
        order=1,
        presenter=personas.coordinator.person,
    )
    AgendaItem.objects.create(
        meeting=board,
        title="Case review",
        kind="case_review",
        case_references="HT-7Q4K2M",
        status=AgendaItemStatus.ACCEPTED,
        minutes_allotted=10,
        order=2,
    )
    AgendaItem.objects.create(meeting=board, title="Still only proposed")
    ActionItem.objects.create(
        body=bodies.board,
        description="Renew the MOU with the shelter",
        owner_person=personas.coordinator.person,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    return board


def _calendar(message) -> Calendar:
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    calendar = Calendar.from_ical(parts[0].get_payload(decode=True))
    # The MIME part repeats the calendar's METHOD, as RFC 6047 asks.
    assert parts[0].get_param("method") == calendar["method"]
    assert parts[0].get_filename() == "invite.ics"
    return calendar


def test_the_agenda_goes_to_every_member_and_guest_with_an_invitation(
    personas, board_meeting, mailoutbox
):
    sent = services.circulate_agenda(personas.leader, board_meeting)
    # The board seats the leader and the coordinator; the visitor is a guest.
    assert sent == 3
    assert sorted(m.to[0] for m in mailoutbox) == [
        "leader@example.org",
        "visitor@example.org",
        "vscoord@example.org",
    ]
    message = mailoutbox[0]
    assert message.subject.startswith("Agenda: Board meeting")
    body = message.body
    start = board_meeting.local_start
    assert f"{start:%H:%M}–{start + datetime.timedelta(minutes=20):%H:%M}  Budget" in body
    assert "2. " in body and "Cases: HT-7Q4K2M" in body
    assert body.index("Budget") < body.index("Case review")
    assert "Still only proposed" not in body
    assert "Renew the MOU with the shelter" in body and "overdue" in body
    assert "City Hall, room 2" in body and "https://video.example.org/board" in body
    assert f"{settings.SITE_URL}/meetings/{board_meeting.pk}/" in body
    calendar = _calendar(message)
    assert calendar["method"] == "REQUEST"
    event = calendar.events[0]
    assert str(event["uid"]).startswith(str(board_meeting.uid))
    assert event["sequence"] == 0
    assert event.decoded("dtstart") == board_meeting.local_start
    assert event["dtstart"].params["TZID"] == TIME_ZONE
    assert event.decoded("dtend") == board_meeting.local_end
    assert str(event["location"]) == "City Hall, room 2"
    assert str(event["url"]).endswith(f"/meetings/{board_meeting.pk}/")
    board_meeting.refresh_from_db()
    assert board_meeting.agenda_circulated_at is not None
    assert board_meeting.agenda_circulated_by == personas.leader
    event = AuditEvent.objects.get(action="meetings.agenda.circulated")
    assert event.changes["recipients"] == 3


def test_circulating_again_raises_the_sequence(personas, board_meeting, mailoutbox):
    services.circulate_agenda(personas.leader, board_meeting)
    services.circulate_agenda(personas.leader, board_meeting)
    board_meeting.refresh_from_db()
    assert board_meeting.calendar_sequence == 1
    assert mailoutbox[-1].subject.startswith("Updated agenda")
    assert _calendar(mailoutbox[-1]).events[0]["sequence"] == 1


def test_an_address_shared_by_two_people_gets_one_message(
    personas, bodies, board_meeting, mailoutbox
):
    Person.objects.filter(pk=personas.visitor.person.pk).update(email="LEADER@example.org")
    assert services.circulate_agenda(personas.leader, board_meeting) == 2


def test_a_mail_server_failure_marks_nothing_circulated(personas, board_meeting, mailoutbox):
    refused = smtplib.SMTPResponseException(421, b"Service not available")
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=refused
        ),
        pytest.raises(services.MeetingMailError) as caught,
    ):
        services.circulate_agenda(personas.leader, board_meeting)
    assert "421 Service not available" in caught.value.reason
    board_meeting.refresh_from_db()
    assert board_meeting.agenda_circulated_at is None
    assert not AuditEvent.objects.filter(action="meetings.agenda.circulated").exists()
    failure = AuditEvent.objects.get(action="meetings.meeting.email_failed")
    assert failure.changes["purpose"] == "agenda"


def test_only_runners_circulate_and_not_for_a_cancelled_meeting(personas, board_meeting):
    with pytest.raises(PermissionDenied):
        services.circulate_agenda(personas.advocate, board_meeting)
    board_meeting.status = MeetingStatus.CANCELLED
    board_meeting.save()
    with pytest.raises(ValidationError):
        services.circulate_agenda(personas.leader, board_meeting)


def test_cancelling_a_circulated_meeting_sends_a_cancel_invitation(
    personas, board_meeting, mailoutbox
):
    services.circulate_agenda(personas.leader, board_meeting)
    mailoutbox.clear()
    sent = services.cancel_meeting(personas.leader, board_meeting, "Room flooded")
    assert sent == 3 and len(mailoutbox) == 3
    assert mailoutbox[0].subject.startswith("Cancelled: Board meeting")
    assert "Room flooded" in mailoutbox[0].body
    calendar = _calendar(mailoutbox[0])
    assert calendar["method"] == "CANCEL"
    event = calendar.events[0]
    assert event["status"] == "CANCELLED"
    assert event["sequence"] == 1
    board_meeting.refresh_from_db()
    assert board_meeting.status == MeetingStatus.CANCELLED
    assert board_meeting.calendar_sequence == 1


def test_a_cancellation_that_cannot_be_sent_leaves_the_meeting_scheduled(
    personas, board_meeting, mailoutbox
):
    services.circulate_agenda(personas.leader, board_meeting)
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=OSError("Connection refused"),
        ),
        pytest.raises(services.MeetingMailError),
    ):
        services.cancel_meeting(personas.leader, board_meeting, "Room flooded")
    board_meeting.refresh_from_db()
    assert board_meeting.status == MeetingStatus.SCHEDULED
    assert board_meeting.calendar_sequence == 0


# --- Pages ---------------------------------------------------------------------------------------


def test_circulate_from_the_page(personas, board_meeting, client_for, mailoutbox):
    assert (
        client_for("advocate")
        .post(reverse("meetings:circulate", args=[board_meeting.pk]))
        .status_code
        == 404
    )
    assert not mailoutbox
    response = client_for("leader").post(
        reverse("meetings:circulate", args=[board_meeting.pk]), follow=True
    )
    assert "The agenda was e-mailed to 3 people." in response.content.decode()
    assert len(mailoutbox) == 3


def test_the_page_reports_a_mail_failure(personas, board_meeting, client_for, mailoutbox):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=OSError("Connection refused"),
    ):
        response = client_for("leader").post(
            reverse("meetings:circulate", args=[board_meeting.pk]), follow=True
        )
    text = response.content.decode()
    assert "The agenda was not sent: Connection refused" in text
    board_meeting.refresh_from_db()
    assert board_meeting.agenda_circulated_at is None


def _run_circulate_agendas() -> tuple[int, str, str]:
    from io import StringIO

    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    try:
        call_command("circulate_agendas", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_daily_run_circulates_agendas_whose_day_has_come(personas, mailoutbox):
    built = build_bodies(personas)  # bodies circulate 7 days ahead by default
    due = meeting(built.general, 5, title="Due General Body")
    later = meeting(built.general, 20, title="Later General Body")
    code, out, _ = _run_circulate_agendas()
    assert code == 0
    assert "Circulated to 6: Due General Body" in out
    assert {message.to[0] for message in mailoutbox} >= {personas.advocate.email}
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.agenda_circulated_at is not None and due.agenda_circulated_by is None
    assert later.agenda_circulated_at is None
    event = AuditEvent.objects.get(action="meetings.agenda.circulated")
    assert event.actor is None  # the system, on the body's schedule
    assert _run_circulate_agendas()[1].startswith("No agenda is due")


def test_the_daily_run_reports_an_agenda_it_could_not_send(personas, mailoutbox):
    built = build_bodies(personas)
    due = meeting(built.general, 5, title="Due General Body")
    refused = smtplib.SMTPResponseException(421, b"Service not available")
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=refused
    ):
        code, _, err = _run_circulate_agendas()
    assert code == 1
    assert "Not circulated: Due General Body" in err
    due.refresh_from_db()
    assert due.agenda_circulated_at is None
