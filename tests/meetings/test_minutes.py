"""Minutes from draft to adoption: versions, who reads them, PDF."""

from __future__ import annotations

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from taskforce.core.models import AuditEvent
from taskforce.core.pdf import refusing_fetcher_class
from taskforce.governance.models import Body
from taskforce.meetings import pdf
from taskforce.meetings import proceedings_services as services
from taskforce.meetings.models import (
    AgendaItem,
    AgendaItemStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from tests.bodies import Bodies, build_bodies, meeting


@pytest.fixture
def bodies(personas) -> Bodies:
    return build_bodies(personas)


def _chair(personas, body: Body):
    return {
        "General Body": personas.leader,
        "Executive Board": personas.leader,
        "Law Enforcement Committee": personas.detective,
        "Victim Services Committee": personas.coordinator,
    }[body.name]


def _drafted(personas, body: Body, days: int = -14) -> Meeting:
    held = meeting(body, days)
    AgendaItem.objects.create(
        meeting=held, title="Shelter capacity", status=AgendaItemStatus.ACCEPTED, order=1
    )
    AgendaItem.objects.create(meeting=held, title="Not taken", status=AgendaItemStatus.DECLINED)
    minutes = services.start_minutes(_chair(personas, body), held)
    texts = {entry.pk: f"Notes on {entry.heading}." for entry in minutes.entries.all()}
    services.save_minutes_draft(_chair(personas, body), held, texts)
    return held


def _circulated(personas, body: Body, days: int = -14) -> Meeting:
    held = _drafted(personas, body, days)
    services.circulate_minutes(_chair(personas, body), held)
    return held


def _adopted(personas, body: Body) -> Meeting:
    held = _circulated(personas, body, -14)
    later = meeting(body, -1, title="Next meeting")
    services.adopt_minutes(_chair(personas, body), held, later)
    return held


def _minutes_url(name: str, held: Meeting, **extra) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": held.pk, **extra})


# --- The workflow --------------------------------------------------------------------------------


def test_starting_minutes_makes_an_entry_per_accepted_item_and_a_general_one(
    personas, bodies, client_for
):
    held = meeting(bodies.general, -1)
    AgendaItem.objects.create(
        meeting=held, title="Case review", status=AgendaItemStatus.ACCEPTED, order=2
    )
    AgendaItem.objects.create(
        meeting=held, title="Welcome", status=AgendaItemStatus.ACCEPTED, order=1
    )
    AgendaItem.objects.create(meeting=held, title="Proposed only")
    response = client_for("leader").post(_minutes_url("minutes-start", held))
    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=held)
    assert [e.heading for e in minutes.entries.all()] == ["Welcome", "Case review", "General"]
    assert AuditEvent.objects.filter(action="meetings.minutes.started").count() == 1

    # An item accepted later is added before the general entry.
    AgendaItem.objects.create(
        meeting=held, title="Late addition", status=AgendaItemStatus.ACCEPTED, order=3
    )
    client_for("leader").post(_minutes_url("minutes-start", held))
    assert [e.heading for e in minutes.entries.all()] == [
        "Welcome",
        "Case review",
        "Late addition",
        "General",
    ]


def test_drafting_circulating_correcting_and_adopting(
    personas, bodies, client_for, django_capture_on_commit_callbacks
):
    held = meeting(bodies.general, -14)
    client = client_for("leader")
    client.post(_minutes_url("minutes-start", held))
    entry = Minutes.objects.get(meeting=held).entries.get()
    response = client.post(
        _minutes_url("minutes-edit", held), {f"entry_{entry.pk}": "Quorum reached."}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Quorum reached."

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_minutes_url("minutes-circulate", held), {"note": ""})
    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=held)
    assert minutes.status == MinutesStatus.CIRCULATED
    first = minutes.versions.get()
    assert (first.number, first.status) == (1, MinutesStatus.CIRCULATED)
    assert first.content == [{"heading": "General", "text": "Quorum reached."}]
    recipients = {message.to[0] for message in mail.outbox}
    assert "detective@example.org" in recipients
    assert "visitor@example.org" not in recipients  # not on the General Body
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert _minutes_url("minutes", held) in mail.outbox[0].body

    # Circulated text is frozen until returned to draft.
    frozen = client.post(_minutes_url("minutes-edit", held), {f"entry_{entry.pk}": "Changed"})
    assert frozen.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Quorum reached."

    no_note = client.post(_minutes_url("minutes-correct", held), {"note": ""})
    assert no_note.status_code == 200
    assert "note" in no_note.context["form"].errors
    client.post(_minutes_url("minutes-correct", held), {"note": "Quorum count was wrong"})
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT
    page = client.get(_minutes_url("minutes", held)).content.decode()
    assert "Being corrected: Quorum count was wrong" in page
    client.post(_minutes_url("minutes-edit", held), {f"entry_{entry.pk}": "Quorum: 14 of 20."})

    needs_note = client.post(_minutes_url("minutes-circulate", held), {"note": ""})
    assert needs_note.status_code == 200
    assert "note" in needs_note.context["form"].errors
    client.post(_minutes_url("minutes-circulate", held), {"note": "Quorum corrected"})
    second = minutes.versions.order_by("-number").first()
    assert (second.number, second.note) == (2, "Quorum corrected")

    later = meeting(bodies.general, -1, title="March meeting")
    response = client.post(_minutes_url("minutes-adopt", held), {"at_meeting": later.pk})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.ADOPTED
    assert minutes.adopted_at_meeting == later
    assert minutes.adopted_on == later.local_start.date()
    adopted = minutes.versions.order_by("-number").first()
    assert (adopted.number, adopted.status) == (3, MinutesStatus.ADOPTED)
    assert adopted.content == [{"heading": "General", "text": "Quorum: 14 of 20."}]
    actions = list(
        AuditEvent.objects.filter(action__startswith="meetings.minutes.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "meetings.minutes.started",
        "meetings.minutes.drafted",
        "meetings.minutes.circulated",
        "meetings.minutes.returned_to_draft",
        "meetings.minutes.drafted",
        "meetings.minutes.circulated",
        "meetings.minutes.adopted",
    ]


def test_adopted_minutes_refuse_every_change(personas, bodies, client_for):
    held = _adopted(personas, bodies.general)
    entry = Minutes.objects.get(meeting=held).entries.get(heading="General")
    leader = personas.leader
    later = meeting(bodies.general, -2)
    for change in (
        lambda: services.save_minutes_draft(leader, held, {entry.pk: "Rewritten"}),
        lambda: services.circulate_minutes(leader, held, "again"),
        lambda: services.return_minutes_to_draft(leader, held, "a fix"),
        lambda: services.adopt_minutes(leader, held, later),
    ):
        with pytest.raises(ValidationError, match="adopted and are read-only"):
            change()
    response = client_for("leader").post(
        _minutes_url("minutes-edit", held), {f"entry_{entry.pk}": "Rewritten"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Notes on General."
    correct = client_for("leader").post(_minutes_url("minutes-correct", held), {"note": "x"})
    assert "adopted and are read-only" in correct.content.decode()


def test_adoption_needs_a_later_started_meeting_of_the_same_body(personas, bodies):
    held = _circulated(personas, bodies.general, -14)
    leader = personas.leader
    earlier = meeting(bodies.general, -30)
    future = meeting(bodies.general, 5)
    cancelled = meeting(bodies.general, -2, status=MeetingStatus.CANCELLED)
    other_body = meeting(bodies.board, -1)
    for at, message in (
        (earlier, "later meeting"),
        (held, "later meeting"),
        (future, "has not begun"),
        (cancelled, "cancelled"),
        (other_body, "meeting of General Body"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.adopt_minutes(leader, held, at)
    assert Minutes.objects.get(meeting=held).status == MinutesStatus.CIRCULATED


def test_draft_minutes_cannot_be_adopted_or_circulated_empty(personas, bodies):
    held = meeting(bodies.general, -14)
    services.start_minutes(personas.leader, held)
    with pytest.raises(ValidationError, match="Write the minutes"):
        services.circulate_minutes(personas.leader, held)
    with pytest.raises(ValidationError, match="Circulate the minutes"):
        services.adopt_minutes(personas.leader, held, meeting(bodies.general, -1))


def test_the_adoption_page_offers_only_eligible_meetings(personas, bodies, client_for):
    held = _circulated(personas, bodies.general, -14)
    eligible = meeting(bodies.general, -1, title="Eligible meeting")
    meeting(bodies.general, 5, title="Future meeting")
    meeting(bodies.general, -30, title="Earlier meeting")
    page = client_for("leader").get(_minutes_url("minutes-adopt", held)).content.decode()
    assert "Eligible meeting" in page
    assert "Future meeting" not in page
    assert "Earlier meeting" not in page
    earlier = Meeting.objects.get(title="Earlier meeting")
    response = client_for("leader").post(
        _minutes_url("minutes-adopt", held), {"at_meeting": earlier.pk}
    )
    assert response.status_code == 200
    assert "at_meeting" in response.context["form"].errors
    assert eligible.minutes_adopted.count() == 0


def test_only_runners_change_minutes(personas, bodies, client_for):
    held = _drafted(personas, bodies.general)
    with pytest.raises(PermissionDenied):
        services.circulate_minutes(personas.detective, held)
    for name in ("minutes-edit", "minutes-circulate", "minutes-correct", "minutes-adopt"):
        assert client_for("detective").get(_minutes_url(name, held)).status_code == 404
    assert client_for("detective").post(_minutes_url("minutes-start", held)).status_code == 404


# --- Who reads minutes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "draft", "adopted"),
    [
        ("leader", 200, 200),  # chair of the board
        ("coordinator", 200, 200),  # member of the board
        ("advocate", 404, 200),  # a member of the task force, not of the board
        ("detective", 404, 200),
        ("visitor", 404, 404),  # not seated on the board
    ],
)
def test_board_minutes_draft_for_its_members_adopted_for_all_members(
    personas, bodies, client_for, persona, draft, adopted
):
    drafted = _drafted(personas, bodies.board)
    done = _adopted(personas, bodies.board)
    client = client_for(persona)
    assert client.get(_minutes_url("minutes", drafted)).status_code == draft
    assert client.get(_minutes_url("minutes", done)).status_code == adopted
    assert client.get(_minutes_url("minutes-pdf", done)).status_code == adopted


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("detective", 200),
        ("prosecutor", 200),
        ("leader", 404),
        ("coordinator", 404),
        ("advocate", 404),
        ("administrator", 404),
        ("visitor", 404),
    ],
)
def test_closed_committee_minutes_are_only_for_its_members(
    personas, bodies, client_for, persona, status
):
    done = _adopted(personas, bodies.law_enforcement)
    client = client_for(persona)
    for name in ("minutes", "minutes-versions", "minutes-pdf"):
        assert client.get(_minutes_url(name, done)).status_code == status, name
    version_url = _minutes_url("minutes-version", done, number=2)
    assert client.get(version_url).status_code == status


def test_the_observer_visitor_reads_committee_minutes_but_not_the_boards(
    personas, bodies, client_for
):
    victim = _adopted(personas, bodies.victim_services)
    board = _adopted(personas, bodies.board)
    client = client_for("visitor")
    response = client.get(_minutes_url("minutes", victim))
    assert response.status_code == 200
    assert "Notes on Shelter capacity." in response.content.decode()
    assert client.get(_minutes_url("minutes", board)).status_code == 404


def test_non_members_see_only_the_adopted_version(personas, bodies, client_for):
    done = _adopted(personas, bodies.board)
    advocate = client_for("advocate")
    versions = advocate.get(_minutes_url("minutes-versions", done))
    assert [v.number for v in versions.context["versions"]] == [2]
    assert advocate.get(_minutes_url("minutes-version", done, number=1)).status_code == 404
    assert advocate.get(_minutes_url("minutes-version", done, number=2)).status_code == 200
    leader_versions = client_for("leader").get(_minutes_url("minutes-versions", done))
    assert [v.number for v in leader_versions.context["versions"]] == [1, 2]
    assert (
        client_for("leader").get(_minutes_url("minutes-version", done, number=1)).status_code == 200
    )


# --- PDF -----------------------------------------------------------------------------------------


def test_pdf_of_adopted_minutes(personas, bodies, client_for):
    done = _adopted(personas, bodies.general)
    response = client_for("advocate").get(_minutes_url("minutes-pdf", done))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"minutes-general-body-{done.local_start:%Y-%m-%d}-v2.pdf" in disposition


def test_pdf_of_circulated_minutes_only_for_members_and_never_of_a_draft(
    personas, bodies, client_for
):
    circulated = _circulated(personas, bodies.board)
    assert (
        client_for("coordinator")
        .get(_minutes_url("minutes-pdf", circulated))
        .content.startswith(b"%PDF")
    )
    assert client_for("advocate").get(_minutes_url("minutes-pdf", circulated)).status_code == 404
    drafted = _drafted(personas, bodies.board)
    assert client_for("leader").get(_minutes_url("minutes-pdf", drafted)).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://example.org/style.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_the_pdf_fetcher_refuses_every_url(url):
    with pytest.raises(ValueError, match="refused"):
        refusing_fetcher_class()().fetch(url)


def test_rendering_never_fetches_what_the_text_links_to(personas, bodies, monkeypatch):
    done = _circulated(personas, bodies.general)
    minutes = Minutes.objects.get(meeting=done)
    version = minutes.versions.get()
    version.content = [{"heading": "Links", "text": '<img src="http://example.org/x.png">'}]
    asked: list[str] = []
    original = refusing_fetcher_class().fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(refusing_fetcher_class(), "fetch", spy)
    document = pdf.minutes_pdf(done, minutes, version)
    assert document.startswith(b"%PDF")
    assert asked == []  # the text is escaped, so there is no image to fetch


def test_minutes_that_cannot_be_e_mailed_stay_circulated_and_the_failure_is_audited(
    personas, bodies, django_capture_on_commit_callbacks
):
    held = _drafted(personas, bodies.general)
    refused = smtplib.SMTPResponseException(421, b"Service not available")
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=refused
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.circulate_minutes(personas.leader, held)
    assert Minutes.objects.get(meeting=held).status == MinutesStatus.CIRCULATED
    failure = AuditEvent.objects.get(action="meetings.meeting.email_failed")
    assert failure.changes["purpose"] == "minutes"
    assert "421" in failure.changes["reason"]
