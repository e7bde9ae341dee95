"""Agendas: proposals until the deadline, case reviews by reference only, and the facilitator's
accept, decline, reorder and time-box."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.meetings import selectors, services
from taskforce.meetings.models import AgendaItem, AgendaItemKind, AgendaItemStatus, MeetingStatus
from tests.bodies import build_bodies, meeting


@pytest.fixture
def bodies(personas):
    return build_bodies(personas)


@pytest.fixture
def open_meeting(bodies):
    return meeting(
        bodies.general,
        14,
        location="Hall",
        agenda_deadline=timezone.now() + datetime.timedelta(days=4),
    )


def _item(**overrides):
    data = {
        "title": "Shelter capacity",
        "description": "Winter beds",
        "kind": AgendaItemKind.DISCUSSION,
        "case_references": "",
        "presenter": None,
        "minutes_allotted": 15,
    }
    data.update(overrides)
    return data


def _text(response) -> str:
    return response.content.decode()


# --- Proposals -----------------------------------------------------------------------------------


def test_a_member_proposes_before_the_deadline(personas, open_meeting):
    item = services.propose_agenda_item(personas.advocate, open_meeting, _item())
    assert item.status == AgendaItemStatus.PROPOSED
    assert item.proposed_by == personas.advocate.person
    assert AuditEvent.objects.get(action="meetings.agenda_item.proposed").target_id == str(item.pk)


def test_proposals_close_at_the_deadline_but_runners_still_add(personas, bodies):
    closed = meeting(
        bodies.general,
        5,
        location="Hall",
        agenda_deadline=timezone.now() - datetime.timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as caught:
        services.propose_agenda_item(personas.advocate, closed, _item())
    assert "Proposals closed on" in caught.value.messages[0]
    item = services.add_agenda_item(personas.leader, closed, _item())
    assert item.status == AgendaItemStatus.ACCEPTED
    assert item.order == 1


def test_who_may_propose(personas, bodies, open_meeting):
    # A member who is not on the body, and a visitor observing a committee, may not.
    with pytest.raises(PermissionDenied):
        services.propose_agenda_item(
            personas.advocate, meeting(bodies.board, location="x"), _item()
        )
    services_meeting = meeting(bodies.victim_services, location="Office")
    with pytest.raises(PermissionDenied):
        services.propose_agenda_item(personas.visitor, services_meeting, _item())
    # A coordinator who can see the body proposes (and runs) without a seat.
    assert selectors.can_propose_items(personas.coordinator, meeting(bodies.board, location="x"))


def test_a_case_review_takes_reference_codes_only(personas, open_meeting):
    review = _item(kind=AgendaItemKind.CASE_REVIEW, description="", title="Case review")
    with pytest.raises(ValidationError) as caught:
        services.propose_agenda_item(
            personas.advocate, open_meeting, {**review, "case_references": "Maria Lopez, 14"}
        )
    assert "case_references" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        services.propose_agenda_item(
            personas.advocate,
            open_meeting,
            {**review, "case_references": "HT-7Q4K2M", "description": "Girl, 14, from the bus"},
        )
    assert "description" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        services.propose_agenda_item(personas.advocate, open_meeting, review)
    assert "case_references" in caught.value.error_dict
    item = services.propose_agenda_item(
        personas.advocate, open_meeting, {**review, "case_references": "ht-7q4k2m ,LT-99AB12"}
    )
    assert item.case_references == "HT-7Q4K2M, LT-99AB12"


def test_only_a_case_review_names_cases(personas, open_meeting):
    with pytest.raises(ValidationError) as caught:
        services.propose_agenda_item(
            personas.advocate, open_meeting, _item(case_references="HT-7Q4K2M")
        )
    assert "case_references" in caught.value.error_dict


def test_nothing_is_proposed_for_a_cancelled_or_held_meeting(personas, open_meeting):
    open_meeting.status = MeetingStatus.CANCELLED
    open_meeting.save()
    with pytest.raises(ValidationError):
        services.propose_agenda_item(personas.advocate, open_meeting, _item())


# --- Deciding ------------------------------------------------------------------------------------


def test_the_facilitator_accepts_declines_and_reorders(personas, open_meeting):
    first = services.propose_agenda_item(personas.advocate, open_meeting, _item(title="First"))
    second = services.propose_agenda_item(personas.prosecutor, open_meeting, _item(title="Second"))
    third = services.propose_agenda_item(personas.detective, open_meeting, _item(title="Third"))
    with pytest.raises(PermissionDenied):
        services.accept_agenda_item(personas.advocate, first, 10)
    services.accept_agenda_item(personas.leader, first, 10)
    services.accept_agenda_item(personas.leader, second, 20)
    with pytest.raises(ValidationError) as caught:
        services.decline_agenda_item(personas.leader, third, "")
    assert "reason" in caught.value.error_dict
    services.decline_agenda_item(personas.leader, third, "Belongs to the committee")
    services.move_agenda_item(personas.leader, second, "up")
    agenda = selectors.agenda_of(open_meeting)
    assert [line.item.title for line in agenda.lines] == ["Second", "First"]
    assert [line.running_minutes for line in agenda.lines] == [20, 30]
    assert agenda.lines[1].starts_at == open_meeting.local_start + datetime.timedelta(minutes=20)
    assert [item.title for item in agenda.declined] == ["Third"]
    assert agenda.declined[0].decline_reason == "Belongs to the committee"
    actions = list(
        AuditEvent.objects.filter(action__startswith="meetings.agenda_item.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == [
        "meetings.agenda_item.accepted",
        "meetings.agenda_item.accepted",
        "meetings.agenda_item.declined",
        "meetings.agenda_item.moved",
    ]


def test_accepting_needs_a_time_box_within_limits(personas, open_meeting):
    item = services.propose_agenda_item(personas.advocate, open_meeting, _item())
    with pytest.raises(ValidationError):
        services.accept_agenda_item(personas.leader, item, 500)
    item.refresh_from_db()
    assert item.status == AgendaItemStatus.PROPOSED


def test_the_agenda_warns_when_it_runs_over(personas, open_meeting):
    services.add_agenda_item(personas.leader, open_meeting, _item(minutes_allotted=60))
    services.add_agenda_item(personas.leader, open_meeting, _item(minutes_allotted=45))
    agenda = selectors.agenda_of(open_meeting)
    assert agenda.meeting_minutes == 90
    assert agenda.over_by == 15


def test_only_the_proposer_withdraws_an_undecided_item(personas, open_meeting):
    item = services.propose_agenda_item(personas.advocate, open_meeting, _item())
    with pytest.raises(PermissionDenied):
        services.withdraw_agenda_item(personas.prosecutor, item)
    services.withdraw_agenda_item(personas.advocate, item)
    item.refresh_from_db()
    assert item.status == AgendaItemStatus.WITHDRAWN
    accepted = services.propose_agenda_item(personas.advocate, open_meeting, _item())
    services.accept_agenda_item(personas.leader, accepted, 5)
    with pytest.raises(ValidationError):
        services.withdraw_agenda_item(personas.advocate, accepted)


def test_editing_an_item_changes_its_time_box(personas, open_meeting):
    item = services.add_agenda_item(personas.leader, open_meeting, _item())
    services.update_agenda_item(personas.leader, item, {"minutes_allotted": 25})
    item.refresh_from_db()
    assert item.minutes_allotted == 25
    event = AuditEvent.objects.get(action="meetings.agenda_item.updated")
    assert event.changes == {"minutes_allotted": {"from": 15, "to": 25}}


# --- Pages ---------------------------------------------------------------------------------------

PROPOSAL_POST = {
    "title": "Outreach at the bus station",
    "kind": "discussion",
    "case_references": "",
    "description": "Flyers in four languages",
    "minutes_allotted": "10",
}


def test_propose_accept_and_move_through_the_pages(personas, open_meeting, client_for):
    advocate = client_for("advocate")
    response = advocate.post(
        reverse("meetings:agenda-propose", args=[open_meeting.pk]), PROPOSAL_POST
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert item.status == AgendaItemStatus.PROPOSED
    page = _text(advocate.get(reverse("meetings:detail", args=[open_meeting.pk])))
    assert "Outreach at the bus station" in page and "Withdraw" in page
    # A member cannot accept; the facilitator can.
    denied = advocate.post(
        reverse("meetings:agenda-item-accept", args=[item.pk]), {"minutes_allotted": "10"}
    )
    assert denied.status_code == 404
    leader = client_for("leader")
    bad = leader.post(
        reverse("meetings:agenda-item-accept", args=[item.pk]), {"minutes_allotted": "0"}
    )
    assert "minutes_allotted" in bad.context["form"].errors
    leader.post(reverse("meetings:agenda-item-accept", args=[item.pk]), {"minutes_allotted": "12"})
    item.refresh_from_db()
    assert (item.status, item.minutes_allotted) == (AgendaItemStatus.ACCEPTED, 12)
    added = leader.post(
        reverse("meetings:agenda-propose", args=[open_meeting.pk]),
        {**PROPOSAL_POST, "title": "Training: indicators"},
    )
    assert added.status_code == 302
    newer = AgendaItem.objects.get(title="Training: indicators")
    assert newer.status == AgendaItemStatus.ACCEPTED
    leader.post(reverse("meetings:agenda-item-move", args=[newer.pk]), {"direction": "up"})
    titles = [line.item.title for line in selectors.agenda_of(open_meeting).lines]
    assert titles == ["Training: indicators", "Outreach at the bus station"]
    assert (
        leader.post(
            reverse("meetings:agenda-item-move", args=[newer.pk]), {"direction": "sideways"}
        ).status_code
        == 400
    )


def test_the_case_review_field_explains_itself_and_rejects_names(
    personas, open_meeting, client_for
):
    client = client_for("detective")
    form_page = _text(client.get(reverse("meetings:agenda-propose", args=[open_meeting.pk])))
    assert "reference codes, never names or details" in form_page
    response = client.post(
        reverse("meetings:agenda-propose", args=[open_meeting.pk]),
        {
            **PROPOSAL_POST,
            "kind": "case_review",
            "description": "",
            "case_references": "Jane Doe",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["case_references"]
    assert "List case reference codes only" in errors[0]
    assert not AgendaItem.objects.exists()


def test_a_closed_deadline_is_shown_on_the_page(personas, bodies, client_for):
    closed = meeting(
        bodies.general, 5, location="Hall", agenda_deadline=timezone.now() - datetime.timedelta(1)
    )
    client = client_for("advocate")
    page = _text(client.get(reverse("meetings:detail", args=[closed.pk])))
    assert "Proposals closed on" in page and "Propose an item" not in page
    response = client.post(reverse("meetings:agenda-propose", args=[closed.pk]), PROPOSAL_POST)
    assert "Proposals closed on" in _text(response)
    assert not AgendaItem.objects.exists()


def test_proposing_is_for_the_bodys_members(personas, bodies, client_for):
    board = meeting(bodies.board, location="Hall")
    assert (
        client_for("advocate").get(reverse("meetings:agenda-propose", args=[board.pk])).status_code
        == 404
    )
    closed = meeting(bodies.law_enforcement, location="HQ")
    assert (
        client_for("leader").get(reverse("meetings:agenda-propose", args=[closed.pk])).status_code
        == 404
    )


def test_withdraw_and_decline_pages(personas, open_meeting, client_for):
    item = services.propose_agenda_item(personas.advocate, open_meeting, _item())
    other = services.propose_agenda_item(personas.prosecutor, open_meeting, _item(title="Other"))
    assert (
        client_for("prosecutor")
        .post(reverse("meetings:agenda-item-withdraw", args=[item.pk]))
        .status_code
        == 404
    )
    client_for("advocate").post(reverse("meetings:agenda-item-withdraw", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == AgendaItemStatus.WITHDRAWN
    leader = client_for("leader")
    empty = leader.post(reverse("meetings:agenda-item-decline", args=[other.pk]), {"reason": ""})
    assert "reason" in empty.context["form"].errors
    leader.post(reverse("meetings:agenda-item-decline", args=[other.pk]), {"reason": "Next time"})
    other.refresh_from_db()
    assert other.status == AgendaItemStatus.DECLINED
    # The reason is shown to the proposer, not to everyone.
    assert "Next time" in _text(
        client_for("prosecutor").get(reverse("meetings:detail", args=[open_meeting.pk]))
    )
    assert "Next time" not in _text(
        client_for("advocate").get(reverse("meetings:detail", args=[open_meeting.pk]))
    )


def test_the_page_warns_when_the_agenda_runs_over(personas, open_meeting, client_for):
    services.add_agenda_item(personas.leader, open_meeting, _item(minutes_allotted=100))
    text = _text(client_for("advocate").get(reverse("meetings:detail", args=[open_meeting.pk])))
    assert "The agenda takes 100 minutes of the meeting's 90." in text
    assert "runs 10 minutes over" in text
