"""The meetings list, a meeting's page, and the scheduling pages, for who may and who may not."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.governance.models import Charter
from taskforce.meetings import selectors
from taskforce.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaItemStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
)
from tests.bodies import TIME_ZONE, build_bodies, meeting


@pytest.fixture
def bodies(personas):
    return build_bodies(personas)


def _text(response) -> str:
    return response.content.decode()


# --- Visibility ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees_closed"),
    [("detective", True), ("prosecutor", True), ("leader", False), ("advocate", False)],
)
def test_a_closed_bodys_meetings_are_for_its_members(
    personas, bodies, client_for, persona, sees_closed
):
    closed = meeting(bodies.law_enforcement, title="Deconfliction review", location="HQ")
    meeting(bodies.general, title="General meeting", location="Hall")
    client = client_for(persona)
    listing = _text(client.get(reverse("meetings:list")))
    assert "General meeting" in listing
    assert ("Deconfliction review" in listing) is sees_closed
    response = client.get(reverse("meetings:detail", args=[closed.pk]))
    assert response.status_code == (200 if sees_closed else 404)


def test_a_visitor_sees_the_bodies_seating_them_and_meetings_they_are_invited_to(
    personas, bodies, client_for
):
    observed = meeting(bodies.victim_services, title="Services meeting", location="Room 1")
    general = meeting(bodies.general, title="General meeting", location="Hall")
    invited = meeting(bodies.board, title="Board retreat", location="Lodge")
    invited.guests.add(personas.visitor.person)
    client = client_for("visitor")
    listing = _text(client.get(reverse("meetings:list")))
    assert "Services meeting" in listing and "Board retreat" in listing
    assert "General meeting" not in listing
    assert client.get(reverse("meetings:detail", args=[observed.pk])).status_code == 200
    assert client.get(reverse("meetings:detail", args=[invited.pk])).status_code == 200
    assert client.get(reverse("meetings:detail", args=[general.pk])).status_code == 404
    assert client.get(reverse("meetings:ics", args=[general.pk])).status_code == 404


def test_a_guest_appears_once_even_with_several_guests(personas, bodies):
    invited = meeting(bodies.board, location="Lodge")
    invited.guests.add(personas.visitor.person, personas.advocate.person)
    assert list(selectors.meetings_visible_to(personas.leader)) == [invited]
    assert list(selectors.meetings_visible_to(personas.visitor)) == [invited]


def test_the_list_filters_by_body_and_period(personas, bodies, client_for):
    meeting(bodies.general, 5, title="Upcoming general", location="Hall")
    meeting(bodies.general, -5, title="Last general", location="Hall")
    meeting(bodies.board, 5, title="Upcoming board", location="Hall")
    client = client_for("leader")

    def titles(**query) -> set[str]:
        response = client.get(reverse("meetings:list"), query)
        return {row.title for row, _ in response.context["rows"]}

    assert titles() == {"Upcoming general", "Upcoming board"}
    assert titles(period="past") == {"Last general"}
    assert titles(period="all") == {"Upcoming general", "Upcoming board", "Last general"}
    assert titles(body=bodies.board.pk) == {"Upcoming board"}


def test_the_list_shows_local_time_place_status_and_agenda_state(personas, bodies, client_for):
    start = datetime.datetime(2031, 3, 11, 18, 30, tzinfo=datetime.UTC)
    Meeting.objects.create(
        body=bodies.general,
        title="Evening meeting",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        time_zone="Europe/Berlin",
        location="Rathaus",
        agenda_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    item_meeting = Meeting.objects.get()
    AgendaItem.objects.create(meeting=item_meeting, title="A", status=AgendaItemStatus.ACCEPTED)
    AgendaItem.objects.create(meeting=item_meeting, title="B")
    text = _text(client_for("advocate").get(reverse("meetings:list")))
    assert "19:30–20:30 CET" in text  # Berlin time, not the server's
    assert "Rathaus" in text
    assert "Open for proposals · 1 item, 1 proposed" in text
    assert "Scheduled" in text


def test_the_list_reads_the_same_number_of_queries_for_5_or_30_meetings(
    personas, bodies, client_for
):
    client = client_for("detective")
    url = reverse("meetings:list")

    def add(count: int) -> None:
        for day in range(count):
            m = meeting(
                bodies.general, day + 1, location="Hall", facilitator=personas.leader.person
            )
            AgendaItem.objects.create(meeting=m, title="Item", status=AgendaItemStatus.ACCEPTED)

    add(5)
    client.get(url)  # warm caches (site settings, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    Meeting.objects.all().delete()
    add(30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 25
    assert len(many) == len(few)


# --- First six months ----------------------------------------------------------------------------


def _charter(formed_on: datetime.date) -> Charter:
    return Charter.objects.create(
        name="Harbor County Task Force",
        jurisdiction="Harbor County",
        mission="m",
        purpose="p",
        formed_on=formed_on,
    )


def _general_on(bodies, day: datetime.date, **fields) -> Meeting:
    start = datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=datetime.UTC)
    return Meeting.objects.create(
        body=bodies.general,
        title="General",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        time_zone="UTC",
        location="Hall",
        **fields,
    )


def test_monthly_meetings_in_the_first_six_months_raise_no_warning(bodies):
    _charter(datetime.date(2030, 1, 1))
    for month in range(1, 7):
        _general_on(bodies, datetime.date(2030, month, 10))
    assert selectors.monthly_cadence_gaps(on=datetime.date(2030, 2, 1)) is None


def test_a_missing_month_is_named_and_cancelled_meetings_do_not_count(bodies):
    _charter(datetime.date(2030, 1, 1))
    for month in (1, 2, 4, 5, 6):
        _general_on(bodies, datetime.date(2030, month, 10))
    _general_on(bodies, datetime.date(2030, 3, 10), status=MeetingStatus.CANCELLED)
    # A committee's meeting is not a general body meeting.
    Meeting.objects.create(
        body=bodies.board,
        title="Board",
        starts_at=datetime.datetime(2030, 3, 12, 18, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 3, 12, 19, tzinfo=datetime.UTC),
        time_zone="UTC",
        location="Hall",
    )
    gaps = selectors.monthly_cadence_gaps(on=datetime.date(2030, 2, 1))
    assert gaps is not None
    assert gaps.missing_months == [datetime.date(2030, 3, 1)]
    assert [(g.start, g.end) for g in gaps.gaps] == [
        (datetime.date(2030, 2, 10), datetime.date(2030, 4, 10))
    ]


def test_a_late_first_meeting_and_nothing_after_are_gaps(bodies):
    _charter(datetime.date(2030, 1, 1))
    _general_on(bodies, datetime.date(2030, 2, 20))
    gaps = selectors.monthly_cadence_gaps(on=datetime.date(2030, 1, 5))
    assert gaps is not None
    assert gaps.missing_months == [datetime.date(2030, m, 1) for m in (1, 3, 4, 5, 6)]


def test_no_warning_after_six_months_or_without_a_formation_date(bodies):
    _charter(datetime.date(2030, 1, 1))
    assert selectors.monthly_cadence_gaps(on=datetime.date(2030, 7, 1)) is None
    assert selectors.monthly_cadence_gaps(on=datetime.date(2030, 6, 30)) is not None
    Charter.objects.update(formed_on=None)
    assert selectors.monthly_cadence_gaps(on=datetime.date(2030, 1, 2)) is None


def test_the_list_shows_the_cadence_warning_to_members(personas, bodies, client_for):
    _charter(timezone.localdate() - datetime.timedelta(days=10))
    text = _text(client_for("advocate").get(reverse("meetings:list")))
    assert "New task forces should meet at least monthly for their first six months" in text
    assert "meet at least monthly" not in _text(client_for("visitor").get(reverse("meetings:list")))


# --- Agendas due ---------------------------------------------------------------------------------


def test_agendas_due_for_circulation(personas, bodies):
    bodies.general.agenda_circulation_days = 7
    bodies.general.save()
    due = meeting(bodies.general, 5, title="Due", location="Hall")
    meeting(bodies.general, 12, title="Not yet", location="Hall")
    circulated = meeting(bodies.general, 3, title="Sent", location="Hall")
    Meeting.objects.filter(pk=circulated.pk).update(agenda_circulated_at=timezone.now())
    meeting(bodies.general, 2, title="Off", location="Hall", status=MeetingStatus.CANCELLED)
    meeting(bodies.general, -2, title="Over", location="Hall")
    assert selectors.agendas_due_for_circulation() == [due]
    assert selectors.agendas_due_for(personas.leader) == [due]
    assert selectors.agendas_due_for(personas.advocate) == []


def test_the_list_shows_due_agendas_to_those_who_circulate_them(personas, bodies, client_for):
    meeting(bodies.general, 2, title="Soon", location="Hall")
    leader = _text(client_for("leader").get(reverse("meetings:list")))
    advocate = _text(client_for("advocate").get(reverse("meetings:list")))
    assert "Agendas due to be circulated" in leader
    assert "Agendas due to be circulated" not in advocate


# --- Detail --------------------------------------------------------------------------------------


def test_the_meeting_page_shows_carried_forward_action_items(personas, bodies, client_for):
    earlier = meeting(bodies.general, -30, title="Last month", location="Hall")
    current = meeting(bodies.general, 3, title="This month", location="Hall")
    ActionItem.objects.create(
        body=bodies.general,
        meeting=earlier,
        description="Draft the shelter MOU",
        owner_person=personas.advocate.person,
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    ActionItem.objects.create(
        body=bodies.general,
        meeting=earlier,
        description="Closed already",
        owner_person=personas.advocate.person,
        due_on=timezone.localdate(),
        status="done",
    )
    ActionItem.objects.create(
        body=bodies.board,
        description="Another body's task",
        owner_body=bodies.board,
        due_on=timezone.localdate(),
    )
    response = client_for("advocate").get(reverse("meetings:detail", args=[current.pk]))
    text = _text(response)
    assert "Draft the shelter MOU" in text and "Overdue" in text
    assert "Closed already" not in text and "Another body" not in text
    assert response.context["can_run"] is False
    assert "Edit the meeting" not in text
    leader = client_for("leader").get(reverse("meetings:detail", args=[current.pk]))
    assert leader.context["can_run"] is True
    assert "Edit the meeting" in _text(leader)


# --- Scheduling pages ----------------------------------------------------------------------------

SCHEDULE_POST = {
    "title": "Quarterly review",
    "date": "2031-05-06",
    "start_time": "18:00",
    "end_time": "",
    "duration_minutes": "120",
    "time_zone": TIME_ZONE,
    "location": "",
    "video_link": "https://video.example.org/tf",
    "agenda_deadline": "",
}


def test_an_officer_schedules_from_the_page(personas, bodies, client_for):
    client = client_for("detective")
    page = client.get(reverse("meetings:schedule"), {"body": bodies.law_enforcement.pk})
    assert page.status_code == 200
    response = client.post(
        reverse("meetings:schedule"),
        {
            **SCHEDULE_POST,
            "body": bodies.law_enforcement.pk,
            "guests": [personas.visitor.person.pk],
        },
    )
    created = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[created.pk])
    assert created.local_start.isoformat() == "2031-05-06T18:00:00-07:00"
    assert created.ends_at - created.starts_at == datetime.timedelta(hours=2)
    assert list(created.guests.all()) == [personas.visitor.person]


def test_the_schedule_form_keeps_input_and_names_the_problem(personas, bodies, client_for):
    client = client_for("leader")
    response = client.post(
        reverse("meetings:schedule"),
        {**SCHEDULE_POST, "body": bodies.general.pk, "video_link": "", "duration_minutes": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "location" in form.errors and "end_time" in form.errors
    assert form["title"].value() == "Quarterly review"
    bad_zone = client.post(
        reverse("meetings:schedule"),
        {**SCHEDULE_POST, "body": bodies.general.pk, "time_zone": "Atlantis/Capital"},
    )
    assert "time_zone" in bad_zone.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_member_without_an_office_is_told_who_schedules(personas, bodies, client_for):
    client = client_for("advocate")
    response = client.get(reverse("meetings:schedule"))
    assert response.status_code == 200
    assert "You do not run any body's meetings" in _text(response)
    client.post(reverse("meetings:schedule"), {**SCHEDULE_POST, "body": bodies.general.pk})
    assert not Meeting.objects.exists()
    assert client_for("visitor").get(reverse("meetings:schedule")).status_code == 403


def test_a_coordinator_cannot_schedule_for_a_closed_body_from_the_page(
    personas, bodies, client_for
):
    response = client_for("coordinator").post(
        reverse("meetings:schedule"), {**SCHEDULE_POST, "body": bodies.law_enforcement.pk}
    )
    assert "body" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_editing_and_cancelling_are_for_runners(personas, bodies, client_for):
    meeting_ = meeting(bodies.general, location="Hall")
    for persona in ("advocate", "detective"):
        client = client_for(persona)
        assert client.get(reverse("meetings:edit", args=[meeting_.pk])).status_code == 404
        assert (
            client.post(
                reverse("meetings:cancel", args=[meeting_.pk]), {"reason": "No"}
            ).status_code
            == 404
        )
    client = client_for("leader")
    edit = client.get(reverse("meetings:edit", args=[meeting_.pk]))
    assert edit.status_code == 200
    response = client.post(reverse("meetings:cancel", args=[meeting_.pk]), {"reason": ""})
    assert "reason" in response.context["form"].errors
    client.post(reverse("meetings:cancel", args=[meeting_.pk]), {"reason": "Holiday"})
    meeting_.refresh_from_db()
    assert meeting_.status == MeetingStatus.CANCELLED
    assert AuditEvent.objects.filter(action="meetings.meeting.cancelled").count() == 1


def test_editing_from_the_page_keeps_the_time_in_the_meetings_zone(personas, bodies, client_for):
    meeting_ = meeting(bodies.general, 20, location="Hall")
    client = client_for("leader")
    initial = client.get(reverse("meetings:edit", args=[meeting_.pk])).context["form"].initial
    post = {
        "title": "Moved meeting",
        "date": initial["date"].isoformat(),
        "start_time": "09:15",
        "end_time": "10:45",
        "duration_minutes": "",
        "time_zone": TIME_ZONE,
        "location": "Hall",
        "video_link": "",
        "agenda_deadline": "",
    }
    response = client.post(reverse("meetings:edit", args=[meeting_.pk]), post)
    assert response.status_code == 302
    meeting_.refresh_from_db()
    assert meeting_.title == "Moved meeting"
    assert meeting_.local_start.time() == datetime.time(9, 15)
    assert meeting_.calendar_sequence == 1


def test_mark_held_from_the_page(personas, bodies, client_for):
    past = meeting(bodies.general, -1, location="Hall")
    assert (
        client_for("advocate").post(reverse("meetings:mark-held", args=[past.pk])).status_code
        == 404
    )
    client_for("leader").post(reverse("meetings:mark-held", args=[past.pk]))
    past.refresh_from_db()
    assert past.status == MeetingStatus.HELD


def test_a_series_from_the_page(personas, bodies, client_for):
    client = client_for("coordinator")
    response = client.post(
        reverse("meetings:series-add"),
        {
            "title": "Victim services",
            "body": bodies.victim_services.pk,
            "frequency": "monthly_weekday",
            "date": "2031-01-14",
            "start_time": "10:00",
            "duration_minutes": "60",
            "time_zone": TIME_ZONE,
            "occurrences": "6",
            "location": "Safe Harbor office",
            "video_link": "",
        },
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.meetings.count() == 6
    # The second Tuesday of each month.
    assert {m.local_start.weekday() for m in series.meetings.all()} == {1}
    bad = client.post(reverse("meetings:series-add"), {"title": "X", "occurrences": "0"})
    assert "occurrences" in bad.context["form"].errors
    assert MeetingSeries.objects.count() == 1
    assert client_for("advocate").get(reverse("meetings:series-add")).status_code == 200
    assert client_for("visitor").get(reverse("meetings:series-add")).status_code == 403
