"""A General Body meeting from a member's agenda proposal to minutes adopted at the next meeting."""

from __future__ import annotations

import datetime
import time
import zoneinfo
from urllib.parse import urlparse

import pyotp
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from taskforce.core.models import AuditEvent
from taskforce.meetings.models import (
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    AttendanceStatus,
    Meeting,
    MinutesStatus,
)
from tests.bodies import build_bodies
from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db(transaction=True)

ITEM = "Shelter bed shortage"
MINUTES_TEXT = "Safe Harbor reported four beds short; the county will fund two more by March."
# Zones tried in turn for a meeting that must still fall on today's date where it is held.
ZONES = ("America/Los_Angeles", "Europe/London", "Asia/Tokyo")


def _zone_where_still_today(start: datetime.datetime) -> str:
    """Roll call and minutes open on the meeting's own day; pick a zone where `start` is today."""
    now = timezone.now()
    for name in ZONES:
        zone = zoneinfo.ZoneInfo(name)
        if timezone.localtime(start, zone).date() == timezone.localtime(now, zone).date():
            return name
    raise AssertionError("No zone keeps the meeting on today's date.")


def _later_code(personas: Personas, name: str) -> str:
    """The next time step's code: a code is accepted once, and a second sign-in may come within
    the same 30 seconds as the first."""
    return pyotp.TOTP(personas.totp_secrets[name]).at(time.time() + 30)


def _sign_in(page: Page, username: str, code: str) -> None:
    sign_in(page, username, PASSWORD, code)
    page.wait_for_url(lambda url: urlparse(url).path == "/")


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def _calendar_parts(message: mail.EmailMessage) -> list[str]:
    return [
        part.get_content_type()
        for part in message.message().walk()
        if part.get_content_type() == "text/calendar"
    ]


def test_from_agenda_to_adopted_minutes(page: Page, personas: Personas) -> None:
    bodies = build_bodies(personas)
    now = timezone.now().replace(second=0, microsecond=0)
    starts_at = now + datetime.timedelta(hours=2)
    meeting = Meeting.objects.create(
        body=bodies.general,
        title="General Body monthly meeting",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=90),
        time_zone=_zone_where_still_today(starts_at),
        location="County Hall, Room 2",
        agenda_deadline=now + datetime.timedelta(hours=1),
    )

    # A member proposes an item before the deadline.
    _sign_in(page, "advocate", personas.totp("advocate"))
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Propose an item").click()
    page.get_by_label("Title").fill(ITEM)
    page.get_by_label("Kind").select_option(label="Discussion")
    page.get_by_label("Description").fill("Beds for adult survivors run out every weekend.")
    page.get_by_label("Time requested (minutes)").fill("15")
    page.get_by_role("button", name="Propose the item").click()
    expect(page.get_by_text(f"Proposed “{ITEM}”.")).to_be_visible()
    proposal = AgendaItem.objects.get(meeting=meeting)
    assert proposal.status == AgendaItemStatus.PROPOSED
    assert proposal.proposed_by == personas.advocate.person
    _sign_out(page)

    # The chair accepts it with a time-box and circulates the agenda.
    _sign_in(page, "leader", personas.totp("leader"))
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_label(f"Minutes for “{ITEM}”").fill("20")
    page.get_by_role("button", name=f"Accept “{ITEM}”").click()
    expect(page.get_by_text(f"“{ITEM}” is on the agenda.")).to_be_visible()
    agenda = page.get_by_role("table", name=f"Agenda of {meeting.title}, in order")
    expect(agenda.locator("strong", has_text=ITEM)).to_be_visible()
    expect(agenda).to_contain_text("20")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.minutes_allotted) == (AgendaItemStatus.ACCEPTED, 20)

    mail.outbox.clear()
    page.get_by_role("button", name="Circulate the agenda").click()
    expect(page.get_by_text("The agenda was e-mailed to 6 people.")).to_be_visible()
    members = {
        user.email
        for user in (
            personas.leader,
            personas.coordinator,
            personas.detective,
            personas.prosecutor,
            personas.advocate,
            personas.administrator,
        )
    }
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(members)
    assert all(_calendar_parts(message) == ["text/calendar"] for message in mail.outbox)
    meeting.refresh_from_db()
    assert meeting.agenda_circulated_at is not None

    # The roll: introductions with present, excused and a late arrival.
    page.get_by_role("link", name="Take the roll").click()
    for name, status in (
        ("Lena Leader", "Present"),
        ("Ana Lopez", "Present"),
        ("Dan Reyes", "Present"),
        ("Priya Nair", "Excused"),
        ("Vera Santos", "Absent"),
    ):
        page.get_by_role("group", name=f"Status of {name}").get_by_label(status).check()
    page.get_by_label("Ana Lopez arrived late").check()
    page.get_by_role("button", name="Save the roll").click()
    expect(page.get_by_text("Roll saved: 5 added, 0 changed.")).to_be_visible()
    expect(page.get_by_text("3 present (1 late), 1 excused, 1 absent.")).to_be_visible()
    late = Attendance.objects.get(meeting=meeting, person=personas.advocate.person)
    assert (late.status, late.arrived_late) == (AttendanceStatus.PRESENT, True)
    excused = Attendance.objects.get(meeting=meeting, person=personas.prosecutor.person)
    assert excused.status == AttendanceStatus.EXCUSED

    # Minutes: an entry per agenda item, written, then circulated.
    page.locator("#minutes").get_by_role("link", name="Start the minutes").click()
    page.get_by_role("button", name="Start the minutes").click()
    page.get_by_label(ITEM).fill(MINUTES_TEXT)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The draft minutes are saved.")).to_be_visible()
    page.get_by_role("link", name="Circulate").click()
    page.get_by_role("button", name="Circulate the minutes").click()
    expect(page.get_by_text("Version 1 is circulated")).to_be_visible()
    expect(page.get_by_text("They can be adopted once a later meeting")).to_be_visible()
    assert meeting.minutes.status == MinutesStatus.CIRCULATED

    # A month later the body meets again and adopts them.
    month = datetime.timedelta(days=30)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - month, ends_at=meeting.ends_at - month
    )
    next_start = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    next_meeting = Meeting.objects.create(
        body=bodies.general,
        title="General Body, the following month",
        starts_at=next_start,
        ends_at=next_start + datetime.timedelta(minutes=90),
        time_zone=meeting.time_zone,
        location="County Hall, Room 2",
    )
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    page.get_by_role("link", name="Record the adoption").click()
    page.get_by_label(next_meeting.title, exact=False).check()
    page.get_by_role("button", name="Record the adoption").click()
    expect(page.get_by_text("The minutes are adopted; they are now read-only.")).to_be_visible()
    expect(page.get_by_text("Adopted minutes are read-only.")).to_be_visible()
    expect(page.get_by_role("link", name=next_meeting.title)).to_be_visible()
    expect(page.get_by_role("link", name="Edit the draft")).to_have_count(0)
    expect(page.get_by_role("link", name="Correct")).to_have_count(0)
    minutes = Meeting.objects.get(pk=meeting.pk).minutes
    assert minutes.status == MinutesStatus.ADOPTED
    assert minutes.adopted_at_meeting == next_meeting
    assert AuditEvent.objects.filter(action="meetings.minutes.adopted").exists()
    # The edit page refuses adopted minutes and sends the chair back to them.
    page.goto(f"/meetings/{meeting.pk}/minutes/edit/")
    assert urlparse(page.url).path == f"/meetings/{meeting.pk}/minutes/"
    expect(page.get_by_role("textbox")).to_have_count(0)
    _sign_out(page)

    # Any member of the body reads the adopted minutes and downloads them as PDF.
    _sign_in(page, "advocate", _later_code(personas, "advocate"))
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    expect(page.get_by_text(MINUTES_TEXT)).to_be_visible()
    expect(page.get_by_role("link", name="Record the adoption")).to_have_count(0)
    pdf_link = page.get_by_role("link", name="Download as PDF")
    response = page.request.get(pdf_link.get_attribute("href") or "")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
