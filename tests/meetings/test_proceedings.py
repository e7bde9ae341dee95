"""Roll call and introductions, the confidentiality reminder and the training segment."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from taskforce.core.models import AuditEvent
from taskforce.meetings import proceedings_services as services
from taskforce.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from tests.bodies import Bodies, build_bodies, meeting


@pytest.fixture
def bodies(personas) -> Bodies:
    return build_bodies(personas)


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def _roll_post(held: Meeting, statuses: dict[object, str], late: tuple = (), **extra) -> dict:
    data = {f"status_{user.person.pk}": status for user, status in statuses.items()}
    data.update({f"late_{user.person.pk}": "on" for user in late})
    data.update(extra)
    return data


# --- Roll call -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 200), ("coordinator", 200), ("advocate", 404), ("detective", 404)],
)
def test_roll_call_page_is_for_those_who_run_the_meetings(
    personas, bodies, client_for, persona, status
):
    held = meeting(bodies.general, -1)
    response = client_for(persona).get(reverse("meetings:roll-call", kwargs={"pk": held.pk}))
    assert response.status_code == status
    if status == 200:
        assert "Dan Reyes" in response.content.decode()  # a member of the General Body


def test_roll_call_of_a_closed_body_is_hidden_from_coordinators_outside_it(
    personas, bodies, client_for
):
    held = meeting(bodies.law_enforcement, -1)
    url = reverse("meetings:roll-call", kwargs={"pk": held.pk})
    assert client_for("leader").get(url).status_code == 404
    assert client_for("detective").get(url).status_code == 200


def test_saving_the_roll_keeps_introductions_and_is_audited_once_per_save(
    personas, bodies, client_for
):
    held = meeting(bodies.general, -1)
    url = reverse("meetings:roll-call", kwargs={"pk": held.pk})
    client = client_for("leader")
    data = _roll_post(
        held,
        {
            personas.leader: "present",
            personas.detective: "present",
            personas.prosecutor: "excused",
            personas.advocate: "absent",
        },
        late=(personas.detective,),
    )
    response = client.post(url, data)
    assert response.status_code == 302
    lines = {line.person.user.username: line for line in Attendance.objects.filter(meeting=held)}
    assert set(lines) == {"leader", "detective", "prosecutor", "advocate"}
    assert lines["leader"].role == "Chair"
    assert lines["detective"].role == "Member"
    assert lines["detective"].name == "Dan Reyes"
    assert lines["detective"].organization == personas.police
    assert lines["detective"].arrived_late
    assert lines["prosecutor"].status == AttendanceStatus.EXCUSED
    events = _events("meetings.roll_call.recorded")
    assert len(events) == 1
    assert events[0].target_id == str(held.pk)
    assert events[0].changes["present"] == 2
    assert events[0].changes["excused"] == 1
    assert events[0].changes["arrived_late"] == 1
    assert events[0].changes["added"] == 4

    # The same roll again changes nothing and records nothing.
    client.post(url, data)
    assert len(_events("meetings.roll_call.recorded")) == 1

    data[f"status_{personas.advocate.person.pk}"] = "present"
    client.post(url, data)
    events = _events("meetings.roll_call.recorded")
    assert len(events) == 2
    assert events[1].changes["changed"] == 1
    assert Attendance.objects.get(meeting=held, person=personas.advocate.person).status == "present"

    page = client_for("advocate").get(reverse("meetings:detail", kwargs={"pk": held.pk}))
    text = page.content.decode()
    assert "Introductions at" in text
    assert "Harbor City Police Department" in text


def test_the_role_snapshot_stays_when_the_directory_changes(personas, bodies):
    held = meeting(bodies.general, -1)
    detective = personas.detective.person
    services.record_roll_call(personas.leader, held, [services.RollCallLine(detective, "present")])
    detective.organization = personas.district_attorney
    detective.save()
    services.record_roll_call(personas.leader, held, [services.RollCallLine(detective, "absent")])
    line = Attendance.objects.get(meeting=held, person=detective)
    assert line.status == "absent"
    assert line.organization == personas.police


def test_someone_else_present_is_added_with_their_directory_title(personas, bodies, client_for):
    held = meeting(bodies.board, -1)
    prosecutor = personas.prosecutor.person
    prosecutor.title = "Deputy District Attorney"
    prosecutor.save()
    response = client_for("leader").post(
        reverse("meetings:roll-call", kwargs={"pk": held.pk}),
        {"other_person": prosecutor.pk, "other_late": "on"},
    )
    assert response.status_code == 302
    line = Attendance.objects.get(meeting=held, person=prosecutor)
    assert line.status == "present"
    assert line.arrived_late
    assert line.role == "Deputy District Attorney"


def test_guests_are_on_the_roll(personas, bodies, client_for):
    held = meeting(bodies.board, -1)
    held.guests.add(personas.visitor.person)
    response = client_for("leader").get(reverse("meetings:roll-call", kwargs={"pk": held.pk}))
    assert "Victor Guest" in response.content.decode()


def test_late_arrival_needs_presence_and_nothing_is_saved(personas, bodies, client_for):
    held = meeting(bodies.general, -1)
    response = client_for("leader").post(
        reverse("meetings:roll-call", kwargs={"pk": held.pk}),
        _roll_post(held, {personas.detective: "absent"}, late=(personas.detective,)),
    )
    assert response.status_code == 200
    assert "Only someone present can have arrived late." in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_recorded_line_cannot_be_blanked(personas, bodies, client_for):
    held = meeting(bodies.general, -1)
    services.record_roll_call(
        personas.leader, held, [services.RollCallLine(personas.detective.person, "present")]
    )
    response = client_for("leader").post(
        reverse("meetings:roll-call", kwargs={"pk": held.pk}),
        {f"status_{personas.detective.person.pk}": ""},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_the_roll_of_a_future_or_cancelled_meeting_is_refused(personas, bodies):
    line = services.RollCallLine(personas.detective.person, "present")
    with pytest.raises(ValidationError, match="can be recorded from that day on"):
        services.record_roll_call(personas.leader, meeting(bodies.general, 3), [line])
    cancelled = meeting(bodies.general, -1, status=MeetingStatus.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        services.record_roll_call(personas.leader, cancelled, [line])
    assert not Attendance.objects.exists()


def test_only_runners_may_record_the_roll(personas, bodies):
    held = meeting(bodies.general, -1)
    line = services.RollCallLine(personas.advocate.person, "present")
    with pytest.raises(PermissionDenied):
        services.record_roll_call(personas.advocate, held, [line])
    with pytest.raises(PermissionDenied):
        services.record_roll_call(personas.visitor, meeting(bodies.victim_services, -1), [line])


def test_a_person_cannot_be_on_the_roll_twice(personas, bodies):
    held = meeting(bodies.general, -1)
    person = personas.detective.person
    with pytest.raises(ValidationError, match="twice"):
        services.record_roll_call(
            personas.leader,
            held,
            [services.RollCallLine(person, "present"), services.RollCallLine(person, "absent")],
        )


# --- Confidentiality reminder --------------------------------------------------------------------


def test_the_confidentiality_reminder_is_recorded_once(personas, bodies, client_for):
    held = meeting(bodies.general, -1)
    url = reverse("meetings:confidentiality", kwargs={"pk": held.pk})
    client = client_for("leader")
    page = client.get(url)
    assert "stays in this room" in page.content.decode()
    assert client.post(url).status_code == 302
    held.refresh_from_db()
    assert held.confidentiality_reminded_at is not None
    assert held.confidentiality_reminded_by == personas.leader.person
    assert len(_events("meetings.confidentiality.reminded")) == 1

    again = client.post(url)
    assert again.status_code == 200
    assert "already recorded" in again.content.decode()
    assert len(_events("meetings.confidentiality.reminded")) == 1


def test_members_who_do_not_run_the_meeting_cannot_record_the_reminder(
    personas, bodies, client_for
):
    held = meeting(bodies.general, -1)
    url = reverse("meetings:confidentiality", kwargs={"pk": held.pk})
    assert client_for("advocate").post(url).status_code == 404
    assert client_for("visitor").post(url).status_code == 403
    held.refresh_from_db()
    assert held.confidentiality_reminded_at is None


def test_the_meeting_page_shows_the_reminder_text(personas, bodies, client_for):
    held = meeting(bodies.general, -1)
    page = client_for("detective").get(reverse("meetings:detail", kwargs={"pk": held.pk}))
    assert "Do not name victims or survivors" in page.content.decode()


# --- Training ------------------------------------------------------------------------------------


def test_training_is_recorded_with_an_outside_trainer(personas, bodies, client_for):
    held = meeting(bodies.victim_services, -1)
    response = client_for("coordinator").post(
        reverse("meetings:training", kwargs={"pk": held.pk}),
        {
            "training_topic": "Labor trafficking indicators",
            "trainer_name": "J. Smith, State Labor Department",
            "training_minutes": "20",
        },
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.training_topic == "Labor trafficking indicators"
    assert held.training_minutes == 20
    event = _events("meetings.training.recorded")[0]
    assert event.changes["training_topic"]["to"] == "Labor trafficking indicators"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"training_topic": "T-visas", "training_minutes": "15"}, "trainer"),
        (
            {
                "training_topic": "T-visas",
                "trainer": "PERSON",
                "trainer_name": "Someone",
                "training_minutes": "15",
            },
            "trainer_name",
        ),
        ({"training_topic": "T-visas", "trainer_name": "Someone", "training_minutes": "0"}, None),
        ({"trainer_name": "Someone", "training_minutes": "15"}, "training_topic"),
    ],
)
def test_training_needs_topic_one_trainer_and_a_sensible_length(
    personas, bodies, client_for, data, field
):
    held = meeting(bodies.victim_services, -1)
    if data.get("trainer") == "PERSON":
        data = {**data, "trainer": personas.advocate.person.pk}
    response = client_for("coordinator").post(
        reverse("meetings:training", kwargs={"pk": held.pk}), data
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    if field:
        assert field in form.errors
    held.refresh_from_db()
    assert held.training_topic == ""
    assert not _events("meetings.training.recorded")


def test_training_can_be_removed_and_others_cannot_record_it(personas, bodies, client_for):
    held = meeting(bodies.victim_services, -1)
    services.record_training(
        personas.coordinator,
        held,
        {"training_topic": "T-visas", "trainer": personas.advocate.person, "training_minutes": 10},
    )
    services.record_training(personas.coordinator, held, {})
    held.refresh_from_db()
    assert (held.training_topic, held.trainer, held.training_minutes) == ("", None, None)
    url = reverse("meetings:training", kwargs={"pk": held.pk})
    assert client_for("advocate").get(url).status_code == 404
    assert client_for("visitor").get(url).status_code == 403
