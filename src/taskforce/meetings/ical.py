"""iCalendar (RFC 5545) for meetings: e-mailed invitations and cancellations, and calendar feeds.

Every meeting keeps one UID for life; a change sends the same UID with a higher SEQUENCE, so a
calendar updates the entry it already has instead of adding a second one. Times are written in
the meeting's own time zone (with its VTIMEZONE), so "18:00 in Los Angeles" stays 18:00 there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from email.mime.text import MIMEText

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from taskforce.meetings.models import Meeting

PRODUCT_ID = "-//Taskforce//Meetings//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def _calendar(method: str | None = None, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _description(meeting: Meeting, url: str) -> str:
    lines = [f"{meeting.body.name}."]
    if meeting.video_link:
        lines.append(f"Video: {meeting.video_link}")
    if meeting.is_cancelled and meeting.cancellation_reason:
        lines.append(f"Cancelled: {meeting.cancellation_reason}")
    lines.append(f"Agenda and details: {url}")
    return "\n".join(lines)


def meeting_event(
    meeting: Meeting, url: str, *, cancelled: bool = False, attendees: Iterable[str] = ()
) -> Event:
    """One VEVENT for a meeting. `url` is the absolute address of the meeting's page."""
    event = Event()
    event.add("uid", f"{meeting.uid}@taskforce")
    event.add("sequence", meeting.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    event.add("summary", meeting.title)
    event.add("description", _description(meeting, url))
    location = meeting.location or meeting.video_link
    if location:
        event.add("location", location)
    event.add("url", url)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = meeting.body.name
    event.add("organizer", organizer)
    for email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["role"] = "REQ-PARTICIPANT"
        attendee.params["rsvp"] = "FALSE"
        event.add("attendee", attendee)
    cancelled = cancelled or meeting.is_cancelled
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _finish(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def invitation(meeting: Meeting, url: str, attendees: Iterable[str] = ()) -> bytes:
    """A METHOD:REQUEST calendar that adds or updates the meeting in the recipient's calendar."""
    calendar = _calendar(REQUEST)
    calendar.add_component(meeting_event(meeting, url, attendees=attendees))
    return _finish(calendar)


def cancellation(meeting: Meeting, url: str, attendees: Iterable[str] = ()) -> bytes:
    """A METHOD:CANCEL calendar that removes the meeting from the recipient's calendar."""
    calendar = _calendar(CANCEL)
    calendar.add_component(meeting_event(meeting, url, cancelled=True, attendees=attendees))
    return _finish(calendar)


def single(meeting: Meeting, url: str) -> bytes:
    """The meeting alone, for a "Download .ics" link."""
    calendar = _calendar(PUBLISH)
    calendar.add_component(meeting_event(meeting, url))
    return _finish(calendar)


def feed(meetings: Iterable[Meeting], url_for: Callable[[Meeting], str], name: str) -> bytes:
    """A subscribable calendar of several meetings; cancelled ones stay, marked CANCELLED."""
    calendar = _calendar(PUBLISH, name=name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url_for(meeting)))
    return _finish(calendar)


def mime_part(content: bytes, method: str, filename: str = "invite.ics") -> MIMEText:
    """The e-mail attachment: text/calendar with the METHOD repeated as a parameter (RFC 6047)."""
    part = MIMEText(content.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part
