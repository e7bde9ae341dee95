"""Attendance reports and the attendance source voting eligibility reads."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from taskforce.directory.models import MembershipStatus, Organization
from taskforce.governance.attendance import body_attendance
from taskforce.meetings import proceedings_selectors as selectors
from taskforce.meetings.models import Attendance, AttendanceStatus, MeetingStatus
from tests.bodies import Bodies, build_bodies, meeting

TODAY = timezone.localdate


@pytest.fixture
def bodies(personas) -> Bodies:
    return build_bodies(personas)


def _roll(held, person, status: str, late: bool = False) -> Attendance:
    return Attendance.objects.create(
        meeting=held,
        person=person,
        status=status,
        arrived_late=late,
        name=person.full_name,
        organization=person.organization,
    )


def _period() -> tuple[datetime.date, datetime.date]:
    return TODAY() - datetime.timedelta(days=364), TODAY()


def test_rates_per_person_and_organization(personas, bodies):
    detective, prosecutor = personas.detective.person, personas.prosecutor.person
    first = meeting(bodies.law_enforcement, -40)
    second = meeting(bodies.law_enforcement, -20)
    third = meeting(bodies.law_enforcement, -5)
    cancelled = meeting(bodies.law_enforcement, -10, status=MeetingStatus.CANCELLED)
    future = meeting(bodies.law_enforcement, 5)
    old = meeting(bodies.law_enforcement, -400)
    for held in (first, second, third):
        _roll(held, detective, AttendanceStatus.PRESENT, late=held == third)
    _roll(first, prosecutor, AttendanceStatus.PRESENT)
    _roll(second, prosecutor, AttendanceStatus.EXCUSED)
    _roll(third, prosecutor, AttendanceStatus.ABSENT)
    for ignored in (cancelled, future, old):
        _roll(ignored, prosecutor, AttendanceStatus.PRESENT)

    report = selectors.attendance_report(personas.detective, bodies.law_enforcement, *_period())
    assert report.meetings_held == 3
    people = {rate.label: rate for rate in report.people}
    assert (people["Dan Reyes"].present, people["Dan Reyes"].expected) == (3, 3)
    assert people["Dan Reyes"].late == 1
    assert people["Dan Reyes"].rate == 100
    assert people["Dan Reyes"].detail == "Harbor City Police Department"
    nair = people["Priya Nair"]
    assert (nair.present, nair.excused, nair.absent, nair.expected, nair.rate) == (1, 1, 1, 3, 33)
    orgs = {rate.label: rate for rate in report.organizations}
    assert orgs["Harbor County District Attorney"].present == 1
    assert orgs["Harbor City Police Department"].rate == 100


def test_member_organizations_not_seen_recently(personas, bodies):
    recent = meeting(bodies.general, -10)
    older = meeting(bodies.general, -120)
    _roll(recent, personas.detective.person, AttendanceStatus.PRESENT)
    _roll(recent, personas.prosecutor.person, AttendanceStatus.ABSENT)
    _roll(older, personas.prosecutor.person, AttendanceStatus.PRESENT)
    Organization.objects.create(
        name="Former Partner",
        jurisdiction_level="local",
        membership_status=MembershipStatus.WITHDRAWN,
    )
    report = selectors.attendance_report(personas.leader, bodies.general, *_period())
    quiet = {q.organization.name: q.last_present for q in report.quiet_organizations}
    assert "Harbor City Police Department" not in quiet
    assert quiet["Harbor County District Attorney"] == older.starts_at
    assert quiet["Safe Harbor Alliance"] is None
    assert "Former Partner" not in quiet  # not an active member
    longer = selectors.attendance_report(
        personas.leader, bodies.general, *_period(), quiet_days=180
    )
    assert "Harbor County District Attorney" not in {
        q.organization.name for q in longer.quiet_organizations
    }


def test_the_report_page(personas, bodies, client_for):
    held = meeting(bodies.general, -3)
    _roll(held, personas.advocate.person, AttendanceStatus.PRESENT)
    url = reverse("meetings:attendance-report")
    response = client_for("advocate").get(url, {"body": bodies.general.pk, "days": "30"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ana Lopez" in text and "100%" in text
    assert "Safe Harbor Alliance" in text  # not present in the last 30 days
    # Without a body the first visible one is shown.
    assert client_for("advocate").get(url).context["report"].body == bodies.general
    assert client_for("visitor").get(url).status_code == 403


def test_a_closed_body_is_not_reported_to_outsiders(personas, bodies, client_for):
    url = reverse("meetings:attendance-report")
    response = client_for("advocate").get(url, {"body": bodies.law_enforcement.pk})
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "body" in response.context["form"].errors
    with pytest.raises(Http404):
        selectors.attendance_report(personas.advocate, bodies.law_enforcement, *_period())
    detective = client_for("detective").get(url, {"body": bodies.law_enforcement.pk})
    assert detective.context["report"].body == bodies.law_enforcement


def test_a_reversed_period_is_a_field_error(personas, bodies, client_for):
    response = client_for("leader").get(
        reverse("meetings:attendance-report"),
        {"body": bodies.general.pk, "since": "2026-05-01", "until": "2026-01-01"},
    )
    assert "until" in response.context["form"].errors


def test_the_report_reads_the_same_number_of_queries_whatever_the_data(
    personas, bodies, client_for
):
    client = client_for("leader")
    url = reverse("meetings:attendance-report")
    client.get(url)  # the session's first request does its own bookkeeping
    people = [p.person for p in (personas.detective, personas.prosecutor, personas.advocate)]
    counts = []
    made = 0
    for total in (3, 30):
        while made < total:
            made += 1
            held = meeting(bodies.general, -made)
            for index, person in enumerate(people):
                _roll(held, person, AttendanceStatus.PRESENT if index % 2 else "absent")
        Organization.objects.create(
            name=f"Member {total}",
            jurisdiction_level="local",
            membership_status=MembershipStatus.ACTIVE,
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"body": bodies.general.pk})
        assert response.status_code == 200
        assert response.context["report"].meetings_held == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- The attendance source -----------------------------------------------------------------------


def test_the_attendance_source_gives_held_meeting_days_and_who_came(personas, bodies):
    detective, prosecutor = personas.detective.person, personas.prosecutor.person
    first = meeting(bodies.law_enforcement, -30)
    second = meeting(bodies.law_enforcement, -10)
    meeting(bodies.law_enforcement, -20, status=MeetingStatus.CANCELLED)
    meeting(bodies.law_enforcement, 3)
    _roll(first, detective, AttendanceStatus.PRESENT)
    _roll(second, detective, AttendanceStatus.EXCUSED)
    _roll(first, prosecutor, AttendanceStatus.ABSENT)
    _roll(second, personas.advocate.person, AttendanceStatus.PRESENT)  # not asked about

    since, until = TODAY() - datetime.timedelta(days=60), TODAY()
    with CaptureQueriesContext(connection) as queries:
        facts = body_attendance(bodies.law_enforcement, [detective.pk, prosecutor.pk], since, until)
    assert len(queries) == 2
    days = [first.local_start.date(), second.local_start.date()]
    assert facts.meetings_held == days
    assert facts.present == {detective.pk: [days[0]]}
    assert facts.excused == {detective.pk: [days[1]]}

    narrower = body_attendance(bodies.law_enforcement, [detective.pk], days[1], until)
    assert narrower.meetings_held == [days[1]]
    assert narrower.present == {}
