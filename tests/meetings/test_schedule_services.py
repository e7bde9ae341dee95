"""Scheduling meetings and series: who may, what is checked, what is recorded."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.meetings import services
from taskforce.meetings.models import Frequency, Meeting, MeetingSeries, MeetingStatus
from tests.bodies import TIME_ZONE, build_bodies, meeting

LA = zoneinfo.ZoneInfo(TIME_ZONE)


@pytest.fixture
def bodies(personas):
    return build_bodies(personas)


def _data(body, **overrides):
    start = timezone.now().astimezone(LA).replace(
        hour=18, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=20)
    data = {
        "body": body,
        "title": "Monthly meeting",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(minutes=90),
        "time_zone": TIME_ZONE,
        "location": "County building, room 4",
        "video_link": "",
        "facilitator": None,
        "guests": [],
        "agenda_deadline": None,
    }
    data.update(overrides)
    return data


def test_an_officer_schedules_a_meeting_with_the_default_deadline(personas, bodies):
    data = _data(bodies.law_enforcement, guests=[personas.visitor.person])
    meeting = services.schedule_meeting(personas.detective, data)
    assert meeting.status == MeetingStatus.SCHEDULED
    assert meeting.agenda_deadline == data["starts_at"] - datetime.timedelta(days=10)
    assert list(meeting.guests.all()) == [personas.visitor.person]
    event = AuditEvent.objects.get(action="meetings.meeting.scheduled")
    assert event.target_id == str(meeting.pk)
    assert event.changes["guests"]["to"] == ["Victor Guest"]


def test_a_coordinator_schedules_for_an_open_body_but_not_a_closed_one(personas, bodies):
    services.schedule_meeting(personas.coordinator, _data(bodies.general))
    with pytest.raises(PermissionDenied):
        services.schedule_meeting(personas.coordinator, _data(bodies.law_enforcement))


def test_a_plain_member_may_not_schedule(personas, bodies):
    with pytest.raises(PermissionDenied):
        services.schedule_meeting(personas.advocate, _data(bodies.victim_services))
    assert not Meeting.objects.exists()


def test_a_meeting_needs_a_place_or_a_video_link(personas, bodies):
    with pytest.raises(ValidationError) as caught:
        services.schedule_meeting(personas.leader, _data(bodies.general, location=""))
    assert "location" in caught.value.error_dict
    meeting = services.schedule_meeting(
        personas.leader,
        _data(bodies.general, location="", video_link="https://video.example.org/tf"),
    )
    assert meeting.video_link


def test_a_meeting_must_end_after_it_starts_and_close_proposals_before(personas, bodies):
    data = _data(bodies.general)
    with pytest.raises(ValidationError) as caught:
        services.schedule_meeting(personas.leader, {**data, "ends_at": data["starts_at"]})
    assert "ends_at" in caught.value.error_dict
    late = data["starts_at"] + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as caught:
        services.schedule_meeting(personas.leader, {**data, "agenda_deadline": late})
    assert "agenda_deadline" in caught.value.error_dict


def test_an_unknown_time_zone_is_refused(personas, bodies):
    with pytest.raises(ValidationError) as caught:
        services.schedule_meeting(personas.leader, _data(bodies.general, time_zone="Mars/Olympus"))
    assert "time_zone" in caught.value.error_dict


def test_moving_a_meeting_raises_the_calendar_sequence_but_a_new_facilitator_does_not(
    personas, bodies
):
    meeting = services.schedule_meeting(personas.leader, _data(bodies.general))
    services.update_meeting(personas.leader, meeting, {"facilitator": personas.leader.person})
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 0
    later = meeting.starts_at + datetime.timedelta(hours=1)
    services.update_meeting(
        personas.leader,
        meeting,
        {"starts_at": later, "ends_at": later + datetime.timedelta(hours=1)},
    )
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 1
    events = AuditEvent.objects.filter(action="meetings.meeting.updated").order_by("sequence")
    assert [sorted(e.changes) for e in events] == [
        ["facilitator"],
        ["calendar_sequence", "ends_at", "starts_at"],
    ]


def test_only_runners_edit_and_a_cancelled_meeting_stays_cancelled(personas, bodies):
    meeting_ = meeting(bodies.general, location="Hall")
    with pytest.raises(PermissionDenied):
        services.update_meeting(personas.advocate, meeting_, {"title": "Mine"})
    services.cancel_meeting(personas.leader, meeting_, "Storm warning")
    with pytest.raises(ValidationError):
        services.update_meeting(personas.leader, meeting_, {"title": "Back on"})


def test_cancelling_needs_a_reason_and_is_audited(personas, bodies, mailoutbox):
    meeting_ = meeting(bodies.general, location="Hall")
    with pytest.raises(ValidationError) as caught:
        services.cancel_meeting(personas.leader, meeting_, "  ")
    assert "reason" in caught.value.error_dict
    sent = services.cancel_meeting(personas.leader, meeting_, "Storm warning")
    meeting_.refresh_from_db()
    assert sent == 0 and not mailoutbox  # the agenda never went out, so nobody is told
    assert meeting_.status == MeetingStatus.CANCELLED
    assert meeting_.cancellation_reason == "Storm warning"
    assert meeting_.calendar_sequence == 1
    event = AuditEvent.objects.get(action="meetings.meeting.cancelled")
    assert event.changes["notices_sent"] == 0


def test_marking_held_needs_the_meeting_to_have_started(personas, bodies):
    upcoming = meeting(bodies.general, 3, location="Hall")
    with pytest.raises(ValidationError):
        services.mark_meeting_held(personas.leader, upcoming)
    past = meeting(bodies.general, -1, location="Hall")
    with pytest.raises(PermissionDenied):
        services.mark_meeting_held(personas.prosecutor, past)
    services.mark_meeting_held(personas.leader, past)
    past.refresh_from_db()
    assert past.status == MeetingStatus.HELD
    assert AuditEvent.objects.filter(action="meetings.meeting.held").count() == 1


# --- Series --------------------------------------------------------------------------------------


def _series(body, frequency, first, occurrences, **overrides):
    data = {
        "body": body,
        "title": "General body",
        "frequency": frequency,
        "first_starts_at": first,
        "duration_minutes": 90,
        "time_zone": TIME_ZONE,
        "occurrences": occurrences,
        "location": "Library",
        "video_link": "",
    }
    data.update(overrides)
    return data


def test_a_weekly_series_keeps_six_pm_local_across_the_change_to_summer_time(personas, bodies):
    # The United States moved clocks forward on 8 March 2026.
    first = datetime.datetime(2026, 2, 24, 18, 0, tzinfo=LA)
    series = services.create_series(
        personas.leader, _series(bodies.general, Frequency.WEEKLY, first, 4)
    )
    meetings = list(series.meetings.order_by("starts_at"))
    assert [m.local_start.date() for m in meetings] == [
        datetime.date(2026, 2, 24),
        datetime.date(2026, 3, 3),
        datetime.date(2026, 3, 10),
        datetime.date(2026, 3, 17),
    ]
    assert {m.local_start.time() for m in meetings} == {datetime.time(18, 0)}
    # The same wall-clock time is a different instant once summer time starts.
    assert meetings[1].starts_at.astimezone(datetime.UTC).hour == 2
    assert meetings[2].starts_at.astimezone(datetime.UTC).hour == 1
    assert all(m.ends_at - m.starts_at == datetime.timedelta(minutes=90) for m in meetings)
    # Proposals close ten days before, at 18:00 too.
    assert all(m.agenda_deadline == m.local_start - datetime.timedelta(days=10) for m in meetings)
    assert timezone.localtime(meetings[2].agenda_deadline, LA).time() == datetime.time(18, 0)
    events = AuditEvent.objects.filter(action="meetings.series.created")
    assert events.count() == 1
    assert events.get().changes["meetings_created"] == 4


@pytest.mark.parametrize(
    ("frequency", "first", "expected"),
    [
        (
            Frequency.BIWEEKLY,
            datetime.date(2026, 1, 6),
            [datetime.date(2026, 1, 6), datetime.date(2026, 1, 20), datetime.date(2026, 2, 3)],
        ),
        (  # the second Tuesday of each month
            Frequency.MONTHLY_BY_WEEKDAY,
            datetime.date(2026, 1, 13),
            [datetime.date(2026, 1, 13), datetime.date(2026, 2, 10), datetime.date(2026, 3, 10)],
        ),
        (  # the 31st becomes the last day of shorter months
            Frequency.MONTHLY_BY_DATE,
            datetime.date(2026, 1, 31),
            [datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 31)],
        ),
        (
            Frequency.MONTHLY_BY_DATE,
            datetime.date(2026, 1, 15),
            [datetime.date(2026, 1, 15), datetime.date(2026, 2, 15), datetime.date(2026, 3, 15)],
        ),
        (  # the first Thursday of every third month
            Frequency.QUARTERLY,
            datetime.date(2026, 1, 1),
            [datetime.date(2026, 1, 1), datetime.date(2026, 4, 2), datetime.date(2026, 7, 2)],
        ),
    ],
)
def test_series_frequencies(frequency, first, expected):
    start = datetime.datetime.combine(first, datetime.time(18, 0), tzinfo=LA)
    starts = services.series_start_times(frequency, start, 3, TIME_ZONE)
    assert [s.date() for s in starts] == expected
    assert {s.time() for s in starts} == {datetime.time(18, 0)}


def test_a_series_is_all_or_nothing_and_for_runners_only(personas, bodies):
    first = datetime.datetime(2026, 2, 24, 18, 0, tzinfo=LA)
    with pytest.raises(PermissionDenied):
        services.create_series(
            personas.advocate, _series(bodies.victim_services, Frequency.WEEKLY, first, 4)
        )
    with pytest.raises(ValidationError) as caught:
        services.create_series(
            personas.leader, _series(bodies.general, Frequency.WEEKLY, first, 61)
        )
    assert "occurrences" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        services.create_series(
            personas.leader, _series(bodies.general, Frequency.WEEKLY, first, 3, location="")
        )
    assert "location" in caught.value.error_dict
    assert not MeetingSeries.objects.exists()
    assert not Meeting.objects.exists()
