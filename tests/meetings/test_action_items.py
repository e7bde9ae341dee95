"""Action items: owners, due dates, report-back meetings, closing, lists and handovers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.governance import services as governance_services
from taskforce.governance.handover import handover_providers
from taskforce.meetings import proceedings_services as services
from taskforce.meetings.models import ActionItem, ActionItemStatus, AgendaItem, AgendaItemStatus
from tests.bodies import Bodies, build_bodies, meeting

DAY = datetime.timedelta(days=1)


@pytest.fixture
def bodies(personas) -> Bodies:
    return build_bodies(personas)


def _item(personas, held, owner=None, due_in: int = 7, **extra) -> ActionItem:
    chair = personas.detective if held.body.is_closed else personas.leader
    return services.create_action_item(
        chair,
        held,
        {
            "description": extra.pop("description", "Update the shelter list"),
            "owner_person": owner if owner is not None else personas.detective.person,
            "due_on": timezone.localdate() + datetime.timedelta(days=due_in),
            **extra,
        },
    )


def test_a_runner_adds_an_item_with_a_report_back_meeting(personas, bodies, client_for):
    held = meeting(bodies.general, -1)
    report_back = meeting(bodies.general, 30, title="Next general meeting")
    agenda_item = AgendaItem.objects.create(
        meeting=held, title="Shelters", status=AgendaItemStatus.ACCEPTED
    )
    response = client_for("leader").post(
        reverse("meetings:action-item-add", kwargs={"pk": held.pk}),
        {
            "description": "Map shelter beds in the county",
            "owner_body": bodies.victim_services.pk,
            "due_on": (timezone.localdate() + 20 * DAY).isoformat(),
            "report_back_meeting": report_back.pk,
            "agenda_item": agenda_item.pk,
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.body, item.meeting, item.owner_body) == (
        bodies.general,
        held,
        bodies.victim_services,
    )
    assert item.report_back_meeting == report_back
    assert item.agenda_item == agenda_item
    event = AuditEvent.objects.get(action="meetings.action_item.created")
    assert event.changes["owner_body"]["to"] == "Victim Services Committee"


@pytest.mark.parametrize("owners", ["none", "both"])
def test_an_item_has_exactly_one_owner(personas, bodies, client_for, owners):
    held = meeting(bodies.general, -1)
    data = {"description": "Something", "due_on": timezone.localdate().isoformat()}
    if owners == "both":
        data.update(owner_person=personas.detective.person.pk, owner_body=bodies.board.pk)
    response = client_for("leader").post(
        reverse("meetings:action-item-add", kwargs={"pk": held.pk}), data
    )
    assert response.status_code == 200
    assert "owner_person" in response.context["form"].errors
    assert not ActionItem.objects.exists()
    with pytest.raises(ValidationError) as caught:
        services.create_action_item(
            personas.leader,
            held,
            {
                "description": "x",
                "owner_person": personas.detective.person if owners == "both" else None,
                "owner_body": bodies.board if owners == "both" else None,
                "due_on": timezone.localdate(),
            },
        )
    assert "owner_person" in caught.value.error_dict


def test_the_report_back_meeting_must_be_a_later_one_of_the_same_body(personas, bodies):
    held = meeting(bodies.general, -1)
    for report_back, message in (
        (meeting(bodies.general, -10), "after the one"),
        (meeting(bodies.board, 10), "meeting of General Body"),
    ):
        with pytest.raises(ValidationError, match=message):
            _item(personas, held, report_back_meeting=report_back)
    other = AgendaItem.objects.create(meeting=meeting(bodies.general, -3), title="Elsewhere")
    with pytest.raises(ValidationError, match="this meeting's agenda"):
        _item(personas, held, agenda_item=other)


def test_members_who_do_not_run_the_body_cannot_add_or_edit(personas, bodies, client_for):
    held = meeting(bodies.general, -1)
    item = _item(personas, held)
    client = client_for("advocate")
    assert (
        client.get(reverse("meetings:action-item-add", kwargs={"pk": held.pk})).status_code == 404
    )
    assert (
        client.get(reverse("meetings:action-item-edit", kwargs={"pk": item.pk})).status_code == 404
    )
    with pytest.raises(PermissionDenied):
        services.update_action_item(personas.advocate, item, {"description": "Mine now"})


def test_a_runner_edits_an_open_item_and_the_change_is_audited(personas, bodies, client_for):
    held = meeting(bodies.general, -1)
    item = _item(personas, held)
    response = client_for("leader").post(
        reverse("meetings:action-item-edit", kwargs={"pk": item.pk}),
        {
            "description": "Update the shelter list by county",
            "owner_person": personas.prosecutor.person.pk,
            "due_on": item.due_on.isoformat(),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.owner_person == personas.prosecutor.person
    event = AuditEvent.objects.get(action="meetings.action_item.updated")
    assert event.changes["owner_person"] == {"from": "Dan Reyes", "to": "Priya Nair"}


def test_the_owner_marks_an_item_done_and_others_may_not(personas, bodies, client_for):
    held = meeting(bodies.general, -1)
    item = _item(personas, held)
    url = reverse("meetings:action-item-close", kwargs={"pk": item.pk})
    assert client_for("prosecutor").get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.close_action_item(personas.prosecutor, item, ActionItemStatus.DONE)
    response = client_for("detective").post(url, {"status": "done", "note": "Sent to all"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE
    assert item.closing_note == "Sent to all"
    assert item.completed_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="meetings.action_item.done").count() == 1
    with pytest.raises(ValidationError, match="already done"):
        services.close_action_item(personas.leader, item, ActionItemStatus.DROPPED, "late")
    with pytest.raises(ValidationError, match="closed"):
        services.update_action_item(personas.leader, item, {"description": "Again"})


def test_dropping_needs_a_reason(personas, bodies, client_for):
    held = meeting(bodies.general, -1)
    item = _item(personas, held)
    url = reverse("meetings:action-item-close", kwargs={"pk": item.pk})
    response = client_for("leader").post(url, {"status": "dropped", "note": ""})
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    client_for("leader").post(url, {"status": "dropped", "note": "Superseded by the plan"})
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DROPPED
    assert AuditEvent.objects.filter(action="meetings.action_item.dropped").count() == 1


def test_officers_of_an_owning_committee_may_close_its_items(personas, bodies):
    held = meeting(bodies.general, -1)
    item = services.create_action_item(
        personas.leader,
        held,
        {
            "description": "Survey of services",
            "owner_body": bodies.victim_services,
            "due_on": timezone.localdate(),
        },
    )
    with pytest.raises(PermissionDenied):
        services.close_action_item(personas.advocate, item, ActionItemStatus.DONE)
    services.close_action_item(personas.coordinator, item, ActionItemStatus.DONE)
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE


def test_the_list_flags_overdue_items_and_filters(personas, bodies, client_for):
    general = meeting(bodies.general, -10)
    overdue = _item(personas, general, due_in=-3, description="Overdue thing")
    _item(personas, general, owner=personas.prosecutor.person, description="Prosecutor thing")
    closed = _item(personas, general, description="Closed thing")
    services.close_action_item(personas.leader, closed, ActionItemStatus.DONE)
    secret = _item(personas, meeting(bodies.law_enforcement, -10), description="Closed body thing")
    assert overdue.is_overdue()

    client = client_for("advocate")
    page = client.get(reverse("meetings:action-items"))
    text = page.content.decode()
    assert "Overdue thing" in text and "Prosecutor thing" in text
    assert "Closed thing" not in text
    assert "Closed body thing" not in text
    assert text.count("badge-danger") == 1

    only_overdue = client.get(reverse("meetings:action-items"), {"overdue": "on"})
    assert [row[0] for row in only_overdue.context["rows"]] == [overdue]
    by_owner = client.get(
        reverse("meetings:action-items"), {"owner": personas.prosecutor.person.pk}
    )
    assert [row[0].description for row in by_owner.context["rows"]] == ["Prosecutor thing"]
    by_body = client_for("detective").get(
        reverse("meetings:action-items"), {"body": bodies.law_enforcement.pk}
    )
    assert [row[0] for row in by_body.context["rows"]] == [secret]


def test_my_action_items_lists_what_the_person_owns(personas, bodies, client_for):
    held = meeting(bodies.general, -1)
    _item(personas, held, description="Detective's job")
    _item(personas, held, owner=personas.prosecutor.person, description="Prosecutor's job")
    rows = client_for("detective").get(reverse("meetings:my-action-items")).context["rows"]
    assert [row[0].description for row in rows] == ["Detective's job"]
    assert client_for("visitor").get(reverse("meetings:my-action-items")).context["rows"] == []


# --- Handover ------------------------------------------------------------------------------------


def _provider():
    return next(p for p in handover_providers() if p.name == "action-item")


def test_handover_lists_and_reassigns_open_items(personas, bodies):
    general = meeting(bodies.general, -1)
    first = _item(personas, general, description="First")
    second = _item(personas, meeting(bodies.law_enforcement, -1), description="Second")
    done = _item(personas, general, description="Done already")
    services.close_action_item(personas.leader, done, ActionItemStatus.DONE)
    outgoing = personas.detective.person
    incoming = personas.prosecutor.person

    provider = _provider()
    listed = provider.owned_by(outgoing)
    assert [entry.label for entry in listed] == [
        "First",
        "An action item of the closed Law Enforcement Committee",
    ]
    assert listed[0].key == f"action-item:{first.pk}"

    with transaction.atomic():
        moved = provider.reassign(
            personas.administrator, [entry.key for entry in listed], outgoing, incoming
        )
    assert moved == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.owner_person == incoming and second.owner_person == incoming
    events = AuditEvent.objects.filter(action="meetings.action_item.reassigned")
    assert {e.target_id for e in events} == {str(first.pk), str(second.pk)}
    assert events.first().changes["owner_person"] == {"from": "Dan Reyes", "to": "Priya Nair"}
    assert provider.owned_by(outgoing) == []


def test_handover_refuses_items_no_longer_owned_and_visitors_as_successors(personas, bodies):
    item = _item(personas, meeting(bodies.general, -1))
    provider = _provider()
    with pytest.raises(ValidationError, match="no longer open"), transaction.atomic():
        provider.reassign(
            personas.administrator,
            [f"action-item:{item.pk}"],
            personas.prosecutor.person,
            personas.advocate.person,
        )
    with pytest.raises(ValidationError, match="cannot take over"), transaction.atomic():
        provider.reassign(
            personas.administrator,
            [f"action-item:{item.pk}"],
            personas.detective.person,
            personas.visitor.person,
        )
    item.refresh_from_db()
    assert item.owner_person == personas.detective.person
    assert (
        provider.reassign(
            personas.administrator, ["plan-task:1"], item.owner_person, item.owner_person
        )
        == 0
    )


def test_a_closed_bodys_action_item_is_handed_over_only_to_its_members(personas):
    """Whoever performs the handover sees the closed body's name, not the item's text, and the
    item cannot go to someone who could not see it."""
    built = build_bodies(personas)
    held = meeting(built.law_enforcement, -3)
    item = ActionItem.objects.create(
        body=built.law_enforcement,
        meeting=held,
        description="Serve the warrant on the Elm Street address",
        owner_person=personas.detective.person,
        due_on=held.starts_at.date(),
    )
    provider = services.ActionItemHandover()
    [listed] = provider.owned_by(personas.detective.person)
    assert "Elm Street" not in listed.label
    assert "closed Law Enforcement Committee" in listed.label
    with pytest.raises(ValidationError, match="closed"):
        governance_services.hand_over(
            personas.leader,
            personas.detective.person,
            personas.advocate.person,
            [listed.key],
        )
    item.refresh_from_db()
    assert item.owner_person == personas.detective.person
    governance_services.hand_over(
        personas.leader, personas.detective.person, personas.prosecutor.person, [listed.key]
    )
    item.refresh_from_db()
    assert item.owner_person == personas.prosecutor.person
