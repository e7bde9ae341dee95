"""Handing a departing person's work to a successor in one audited step."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.directory.models import Person
from taskforce.governance import handover as registry
from taskforce.governance import services
from taskforce.governance.handover import HandoverItem, handover_providers
from taskforce.governance.models import BodyMembership, Handover, Objective, Position
from tests import bodies
from tests.governance import factories

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def _owned(person: Person) -> dict[str, HandoverItem]:
    return {
        item.key: item for provider in handover_providers() for item in provider.owned_by(person)
    }


@pytest.fixture
def departing(personas) -> dict[str, Any]:
    """The detective chairs the closed committee, with a year left, and owns two objectives."""
    b = bodies.build_bodies(personas)
    chair = BodyMembership.objects.get(body=b.law_enforcement, person=personas.detective.person)
    chair.term_end = today() + 200 * DAY
    chair.save()
    bodies.seat(b.board, personas.detective)  # a plain seat is not handed over
    goal = factories.goal(personas)
    open_objective = factories.objective(personas, goal)
    achieved = factories.objective(personas, goal, status="achieved")
    return {"bodies": b, "chair": chair, "objective": open_objective, "achieved": achieved}


def test_owned_items_are_officer_seats_and_open_objectives(personas, departing) -> None:
    owned = _owned(personas.detective.person)
    assert set(owned) == {
        f"officer_seat:{departing['chair'].pk}",
        f"charter_objective:{departing['objective'].pk}",
    }
    seat_item = owned[f"officer_seat:{departing['chair'].pk}"]
    assert seat_item.label == "Chair of Law Enforcement Committee"
    assert seat_item.url == reverse(
        "bodies:detail", kwargs={"pk": departing["bodies"].law_enforcement.pk}
    )


def test_hand_over_moves_everything_chosen_in_one_step(personas, departing) -> None:
    outgoing, incoming = personas.detective.person, personas.advocate.person
    handover = services.hand_over(
        personas.leader, outgoing, incoming, list(_owned(outgoing)), "Moving to another unit"
    )
    chair = departing["chair"]
    chair.refresh_from_db()
    assert chair.term_end == today() - DAY
    new_chair = BodyMembership.objects.current().get(
        body=departing["bodies"].law_enforcement, position=Position.CHAIR
    )
    assert new_chair.person == incoming
    assert (new_chair.term_start, new_chair.term_end) == (today(), today() + 200 * DAY)
    departing["objective"].refresh_from_db()
    assert departing["objective"].owner == incoming
    departing["achieved"].refresh_from_db()
    assert departing["achieved"].owner == outgoing
    assert _owned(outgoing) == {}
    assert handover.performed_by == personas.leader
    assert {item["kind"] for item in handover.items} == {"Officer seat", "Charter objective"}
    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[-1] == "governance.handover.completed"
    assert {"governance.seat.term_ended", "governance.seat.added"} <= set(actions)
    assert "governance.objective.updated" in actions
    event = AuditEvent.objects.get(action="governance.handover.completed")
    assert event.changes["incoming"]["to"] == "Ana Lopez"
    assert event.changes["note"]["to"] == "Moving to another unit"


def test_an_incoming_member_of_the_body_has_their_seat_replaced(personas, departing) -> None:
    key = f"officer_seat:{departing['chair'].pk}"
    services.hand_over(
        personas.leader, personas.detective.person, personas.prosecutor.person, [key]
    )
    seats = BodyMembership.objects.filter(
        body=departing["bodies"].law_enforcement, person=personas.prosecutor.person
    ).order_by("term_start")
    old, new = list(seats)
    assert old.position == Position.MEMBER and old.term_end == today() - DAY
    assert new.position == Position.CHAIR and new.term_start == today()


def test_only_the_chosen_items_move(personas, departing) -> None:
    key = f"charter_objective:{departing['objective'].pk}"
    services.hand_over(personas.leader, personas.detective.person, personas.advocate.person, [key])
    departing["chair"].refresh_from_db()
    assert departing["chair"].term_end == today() + 200 * DAY


@pytest.mark.parametrize(
    ("change", "field"),
    [("same", "incoming"), ("inactive", "incoming"), ("nothing", "keys"), ("stale", "keys")],
)
def test_handover_validation(personas, departing, change, field) -> None:
    outgoing, incoming = personas.detective.person, personas.advocate.person
    keys = list(_owned(outgoing))
    if change == "same":
        incoming = outgoing
    elif change == "inactive":
        incoming.is_active = False
        incoming.save()
    elif change == "nothing":
        keys = []
    else:
        keys = ["charter_objective:999999"]
    with pytest.raises(ValidationError) as raised:
        services.hand_over(personas.leader, outgoing, incoming, keys)
    assert field in raised.value.message_dict
    assert not Handover.objects.exists()


def test_only_coordinators_hand_over(personas, departing) -> None:
    with pytest.raises(PermissionDenied):
        services.hand_over(
            personas.detective,
            personas.detective.person,
            personas.advocate.person,
            list(_owned(personas.detective.person)),
        )


class RefusingProvider:
    """Owns one thing and refuses to give it away, so the whole handover is abandoned."""

    name = "refusing"

    def owned_by(self, person: Person) -> list[HandoverItem]:
        return [HandoverItem(kind="Test item", key="refusing:1", label="Cannot move")]

    def reassign(
        self,
        actor: Any,
        keys: Collection[str],
        outgoing: Person,
        incoming: Person,
        *,
        request: Any = None,
    ) -> int:
        raise ValidationError("This item cannot move yet.")


@pytest.fixture
def refusing_provider() -> Iterator[None]:
    saved = dict(registry._PROVIDERS)
    registry.register_handover_provider(RefusingProvider())
    yield
    registry._PROVIDERS.clear()
    registry._PROVIDERS.update(saved)


def test_a_provider_that_refuses_undoes_the_whole_handover(
    personas, departing, refusing_provider
) -> None:
    keys = list(_owned(personas.detective.person))
    assert "refusing:1" in keys
    with pytest.raises(ValidationError):
        services.hand_over(
            personas.leader, personas.detective.person, personas.advocate.person, keys
        )
    departing["chair"].refresh_from_db()
    assert departing["chair"].term_end == today() + 200 * DAY
    assert Objective.objects.get(pk=departing["objective"].pk).owner == personas.detective.person
    assert not Handover.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="governance.seat").exists()


# --- The page ------------------------------------------------------------------------------------


def test_handover_page_lists_items_checked_and_hands_them_over(
    personas, client_for, departing
) -> None:
    client = client_for("leader")
    url = reverse("bodies:handover")
    query = {"outgoing": personas.detective.person.pk, "incoming": personas.advocate.person.pk}
    page = client.get(url, query)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Chair of Law Enforcement Committee" in text
    assert text.count('type="checkbox" name="keys"') == 2
    assert text.count("checked") >= 2
    keys = list(_owned(personas.detective.person))
    response = client.post(url, {**query, "keys": keys, "note": "Retiring"})
    assert response.status_code == 302
    handover = Handover.objects.get()
    assert handover.incoming == personas.advocate.person
    history = client.get(url).content.decode()
    assert "Retiring" in history and "Ana Lopez" in history


def test_handover_page_shows_errors_without_losing_the_choice(
    personas, client_for, departing
) -> None:
    client = client_for("leader")
    url = reverse("bodies:handover")
    query = {"outgoing": personas.detective.person.pk, "incoming": personas.advocate.person.pk}
    response = client.post(url, {**query, "note": "x"})
    assert response.status_code == 200
    assert response.context["items_form"].errors["keys"]
    same = client.get(url, {"outgoing": query["outgoing"], "incoming": query["outgoing"]})
    assert same.context["people_form"].errors["incoming"]
    assert not Handover.objects.exists()


@pytest.mark.parametrize("persona", ["detective", "visitor"])
def test_handover_page_is_for_coordinators(personas, client_for, departing, persona) -> None:
    client = client_for(persona)
    query = {"outgoing": personas.detective.person.pk, "incoming": personas.advocate.person.pk}
    assert client.get(reverse("bodies:handover"), query).status_code == 403
    response = client.post(
        reverse("bodies:handover"), {**query, "keys": list(_owned(personas.detective.person))}
    )
    assert response.status_code == 403
    assert not Handover.objects.exists()
