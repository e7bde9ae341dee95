"""Bodies, seats, rotation, organization seats and composition rules: pages and services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.directory.models import Person
from taskforce.governance import selectors, services
from taskforce.governance.models import (
    Body,
    BodyKind,
    BodyMembership,
    CompositionRequirement,
    CompositionSource,
    LeadershipRole,
    OrganizationSeat,
    Position,
    VoteUnit,
)
from tests import bodies
from tests.governance import factories

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def _text(response) -> str:
    return response.content.decode()


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))


BODY_POST = {
    "name": "Legal Services Committee",
    "kind": BodyKind.STANDING_COMMITTEE,
    "charge": "Coordinate legal help for survivors; reports to the general body.",
    "vote_unit": VoteUnit.PERSON,
    "agenda_solicitation_days": "10",
    "agenda_circulation_days": "7",
    "new_member_meetings_required": "3",
    "new_member_window_months": "9",
    "minimum_attendance_percent": "50",
    "attendance_window_months": "12",
    "order": "5",
}


# --- List and detail -----------------------------------------------------------------------------


def test_members_see_every_body_grouped_by_kind_with_chairs(personas, client_for) -> None:
    bodies.build_bodies(personas)
    response = client_for("advocate").get(reverse("bodies:list"))
    assert response.status_code == 200
    text = _text(response)
    for name in ("General Body", "Executive Board", "Law Enforcement Committee"):
        assert name in text
    assert "Standing committee" in text
    assert "Closed" in text
    assert "Dan Reyes" in text  # chairs the law-enforcement committee


def test_visitors_see_only_the_bodies_that_seat_them(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    client = client_for("visitor")
    text = _text(client.get(reverse("bodies:list")))
    assert "Victim Services Committee" in text
    assert "General Body" not in text
    assert client.get(reverse("bodies:detail", kwargs={"pk": b.general.pk})).status_code == 404
    assert (
        client.get(reverse("bodies:detail", kwargs={"pk": b.victim_services.pk})).status_code == 200
    )


def test_anonymous_visitors_are_sent_to_sign_in(personas, client_for) -> None:
    response = client_for("anonymous").get(reverse("bodies:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_body_groups_count_current_members_only(personas) -> None:
    b = bodies.build_bodies(personas)
    bodies.seat(b.board, personas.detective, term_end=today() - DAY)
    groups = {group.kind: group for group in selectors.body_groups_visible_to(personas.leader)}
    board = groups[BodyKind.EXECUTIVE_BOARD].bodies[0]
    assert board.member_count == 2
    assert [seat.person.full_name for seat in board.chairs] == ["Lena Leader"]


def test_detail_shows_members_planned_and_past_seats(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    bodies.seat(b.law_enforcement, personas.leader, term_end=today() - DAY)
    bodies.seat(b.law_enforcement, personas.advocate, term_start=today() + 10 * DAY)
    seat = BodyMembership.objects.get(body=b.law_enforcement, person=personas.detective.person)
    seat.term_end = today() + 20 * DAY
    seat.save()
    text = _text(
        client_for("prosecutor").get(reverse("bodies:detail", kwargs={"pk": b.law_enforcement.pk}))
    )
    assert "Term ends in 20 days" in text
    roster = selectors.body_roster(b.law_enforcement)
    assert [s.person.full_name for s in roster.current] == ["Dan Reyes", "Priya Nair"]
    assert [s.person.full_name for s in roster.planned] == ["Ana Lopez"]
    assert [s.person.full_name for s in roster.past] == ["Lena Leader"]


def test_terms_ending_within_sixty_days_are_flagged_on_the_list(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    seat = BodyMembership.objects.get(body=b.law_enforcement, person=personas.detective.person)
    seat.term_end = today() + 30 * DAY
    seat.save()
    later = BodyMembership.objects.get(body=b.general, person=personas.advocate.person)
    later.term_end = today() + 90 * DAY
    later.save()
    ending = list(selectors.seats_ending_soon())
    assert ending == [seat]
    assert not ending[0].successor_planned
    text = _text(client_for("leader").get(reverse("bodies:list")))
    assert "Term ends in 30 days" in text
    assert reverse("bodies:seat-successor", kwargs={"pk": seat.pk}) in text
    # A visitor does not learn about seats on bodies they may not see.
    assert list(selectors.seats_ending_soon(user=personas.visitor)) == []


# --- Creating, editing and dissolving bodies -----------------------------------------------------


def test_coordinator_creates_a_body_with_its_eligibility_settings(personas, client_for) -> None:
    response = client_for("coordinator").post(reverse("bodies:add"), BODY_POST)
    body = Body.objects.get(name="Legal Services Committee")
    assert response.status_code == 302
    assert response["Location"] == reverse("bodies:detail", kwargs={"pk": body.pk})
    assert body.new_member_meetings_required == 3
    assert body.minimum_attendance_percent == 50
    event = AuditEvent.objects.get(action="governance.body.created")
    assert event.target_id == str(body.pk)
    assert event.changes["name"]["to"] == "Legal Services Committee"


def test_bad_body_input_shows_field_errors_and_keeps_what_was_typed(personas, client_for) -> None:
    response = client_for("coordinator").post(
        reverse("bodies:add"), {**BODY_POST, "minimum_attendance_percent": "150"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["minimum_attendance_percent"]
    assert "Legal Services Committee" in _text(response)
    assert not Body.objects.exists()


@pytest.mark.parametrize("persona", ["detective", "visitor"])
def test_only_coordinators_create_bodies(personas, client_for, persona) -> None:
    response = client_for(persona).post(reverse("bodies:add"), BODY_POST)
    assert response.status_code == 403
    assert not Body.objects.exists()
    with pytest.raises(PermissionDenied):
        services.create_body(getattr(personas, persona), {"name": "X", "kind": "general_body"})


def test_editing_a_body_is_audited(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    data = {**BODY_POST, "name": "Law Enforcement Committee", "vote_unit": VoteUnit.ORGANIZATION}
    response = client_for("leader").post(
        reverse("bodies:edit", kwargs={"pk": b.law_enforcement.pk}), data
    )
    assert response.status_code == 302
    b.law_enforcement.refresh_from_db()
    assert b.law_enforcement.votes_by_organization
    event = AuditEvent.objects.get(action="governance.body.updated")
    assert "vote_unit" in event.changes


def test_dissolving_ends_current_seats_and_cancels_planned_ones(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    planned = bodies.seat(b.law_enforcement, personas.advocate, term_start=today() + 5 * DAY)
    response = client_for("leader").post(
        reverse("bodies:dissolve", kwargs={"pk": b.law_enforcement.pk}),
        {"dissolved_on": today().isoformat()},
    )
    assert response.status_code == 302
    b.law_enforcement.refresh_from_db()
    assert not b.law_enforcement.is_active
    assert b.law_enforcement.dissolved_on == today()
    assert set(
        BodyMembership.objects.filter(body=b.law_enforcement).values_list("term_end", flat=True)
    ) == {today()}
    assert not BodyMembership.objects.filter(pk=planned.pk).exists()
    assert _actions().count("governance.seat.term_ended") == 2
    assert "governance.seat.cancelled" in _actions()
    assert _actions()[-1] == "governance.body.dissolved"
    with pytest.raises(ValidationError):
        services.add_seat(
            personas.leader, b.law_enforcement, personas.leader.person, "member", today()
        )


def test_a_body_cannot_be_dissolved_in_the_future(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    response = client_for("leader").post(
        reverse("bodies:dissolve", kwargs={"pk": b.board.pk}),
        {"dissolved_on": (today() + DAY).isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["dissolved_on"]
    b.board.refresh_from_db()
    assert b.board.is_active


# --- Seats ---------------------------------------------------------------------------------------


def _seat_post(person: Person, position: str = Position.MEMBER, **dates: datetime.date | None):
    start = dates.get("term_start", today())
    end = dates.get("term_end")
    return {
        "person": person.pk,
        "position": position,
        "term_start": start.isoformat() if start else "",
        "term_end": end.isoformat() if end else "",
        "notes": "",
    }


def test_coordinator_adds_a_seat(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    url = reverse("bodies:seat-add", kwargs={"pk": b.board.pk})
    response = client_for("coordinator").post(url, _seat_post(personas.detective.person))
    assert response.status_code == 302
    seat = BodyMembership.objects.get(body=b.board, person=personas.detective.person)
    assert seat.position == Position.MEMBER
    event = AuditEvent.objects.get(action="governance.seat.added")
    assert event.target_id == str(seat.pk)


def test_detective_cannot_add_a_seat(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    url = reverse("bodies:seat-add", kwargs={"pk": b.board.pk})
    assert (
        client_for("detective").post(url, _seat_post(personas.detective.person)).status_code == 403
    )
    assert not BodyMembership.objects.filter(body=b.board, person=personas.detective.person)


def test_a_term_cannot_end_before_it_starts(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    url = reverse("bodies:seat-add", kwargs={"pk": b.board.pk})
    response = client_for("leader").post(
        url, _seat_post(personas.detective.person, term_end=today() - DAY)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["term_end"]


def test_a_person_cannot_hold_two_overlapping_seats_on_a_body(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    url = reverse("bodies:seat-add", kwargs={"pk": b.board.pk})
    response = client_for("leader").post(
        url, _seat_post(personas.coordinator.person, Position.SECRETARY)
    )
    assert response.status_code == 200
    assert "already has a seat on Executive Board" in str(response.context["form"].errors)
    # A seat after the current one ends is fine.
    current = BodyMembership.objects.get(body=b.board, person=personas.coordinator.person)
    current.term_end = today() + 5 * DAY
    current.save()
    later = services.add_seat(
        personas.leader, b.board, personas.coordinator.person, Position.SECRETARY, today() + 6 * DAY
    )
    assert later.pk


def test_one_chair_at_a_time_but_co_chairs_are_allowed(personas) -> None:
    b = bodies.build_bodies(personas)
    with pytest.raises(ValidationError) as raised:
        services.add_seat(
            personas.leader, b.board, personas.detective.person, Position.CHAIR, today()
        )
    assert "one chair at a time" in str(raised.value.message_dict["position"])
    co_chair = services.add_seat(
        personas.leader, b.board, personas.detective.person, Position.CO_CHAIR, today()
    )
    assert co_chair.position == Position.CO_CHAIR


def test_visitors_may_only_observe(personas) -> None:
    b = bodies.build_bodies(personas)
    with pytest.raises(ValidationError) as raised:
        services.add_seat(
            personas.leader, b.general, personas.visitor.person, Position.MEMBER, today()
        )
    assert "position" in raised.value.message_dict
    observer = services.add_seat(
        personas.leader, b.general, personas.visitor.person, Position.OBSERVER, today()
    )
    assert observer.pk


def test_ending_a_term_sets_its_end_and_keeps_it(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    seat = BodyMembership.objects.get(body=b.law_enforcement, person=personas.prosecutor.person)
    response = client_for("leader").post(
        reverse("bodies:seat-end", kwargs={"pk": seat.pk}), {"term_end": today().isoformat()}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.term_end == today()
    event = AuditEvent.objects.get(action="governance.seat.term_ended")
    assert event.changes["term_end"] == {"from": None, "to": today().isoformat()}


def test_a_term_cannot_end_before_its_start(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    seat = BodyMembership.objects.get(body=b.law_enforcement, person=personas.prosecutor.person)
    response = client_for("leader").post(
        reverse("bodies:seat-end", kwargs={"pk": seat.pk}),
        {"term_end": (seat.term_start - DAY).isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["term_end"]
    seat.refresh_from_db()
    assert seat.term_end is None


def test_members_cannot_end_terms(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    seat = BodyMembership.objects.get(body=b.law_enforcement, person=personas.prosecutor.person)
    response = client_for("detective").post(
        reverse("bodies:seat-end", kwargs={"pk": seat.pk}), {"term_end": today().isoformat()}
    )
    assert response.status_code == 403
    seat.refresh_from_db()
    assert seat.term_end is None


def test_planning_a_successor_creates_a_seat_from_the_day_after(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    seat = BodyMembership.objects.get(body=b.law_enforcement, person=personas.detective.person)
    seat.term_end = today() + 30 * DAY
    seat.save()
    response = client_for("leader").post(
        reverse("bodies:seat-successor", kwargs={"pk": seat.pk}),
        {"person": personas.prosecutor.person.pk, "term_end": "", "notes": "Annual rotation"},
    )
    # The prosecutor already sits on the committee with an open term: the seats would overlap.
    assert response.status_code == 200
    assert "already has a seat" in str(response.context["form"].errors)
    response = client_for("leader").post(
        reverse("bodies:seat-successor", kwargs={"pk": seat.pk}),
        {"person": personas.leader.person.pk, "term_end": "", "notes": "Annual rotation"},
    )
    assert response.status_code == 302
    successor = BodyMembership.objects.get(body=b.law_enforcement, person=personas.leader.person)
    assert successor.term_start == today() + 31 * DAY
    assert successor.position == Position.CHAIR
    assert selectors.body_roster(b.law_enforcement).planned == [successor]
    assert seat.pk in selectors.body_roster(b.law_enforcement).successor_planned
    assert [s.successor_planned for s in selectors.seats_ending_soon()] == [True]
    event = AuditEvent.objects.get(action="governance.seat.successor_planned")
    assert event.changes["succeeds"]["to"] == "Dan Reyes"


def test_a_successor_needs_a_term_that_ends(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    seat = BodyMembership.objects.get(body=b.law_enforcement, person=personas.detective.person)
    response = client_for("leader").get(reverse("bodies:seat-successor", kwargs={"pk": seat.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("bodies:seat-end", kwargs={"pk": seat.pk})
    with pytest.raises(ValidationError):
        services.plan_successor(personas.leader, seat, personas.leader.person)


def test_cancelling_a_planned_seat_removes_it_but_a_started_one_stays(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    planned = bodies.seat(b.board, personas.detective, term_start=today() + 3 * DAY)
    started = BodyMembership.objects.get(body=b.board, person=personas.coordinator.person)
    client = client_for("leader")
    client.post(reverse("bodies:seat-cancel", kwargs={"pk": planned.pk}))
    assert not BodyMembership.objects.filter(pk=planned.pk).exists()
    assert "governance.seat.cancelled" in _actions()
    response = client.post(reverse("bodies:seat-cancel", kwargs={"pk": started.pk}), follow=True)
    assert "End its term instead" in _text(response)
    assert BodyMembership.objects.filter(pk=started.pk).exists()


def test_seats_on_a_hidden_body_answer_404(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    seat = BodyMembership.objects.get(body=b.general, person=personas.advocate.person)
    assert selectors.get_seat_for(personas.leader, seat.pk) == seat
    with pytest.raises(Http404):
        selectors.get_seat_for(personas.visitor, seat.pk)
    response = client_for("visitor").get(reverse("bodies:seat-end", kwargs={"pk": seat.pk}))
    assert response.status_code == 403  # a coordinator page: the rule answers first


# --- Organization seats --------------------------------------------------------------------------


def _by_organization(b: bodies.Bodies) -> Body:
    b.general.vote_unit = VoteUnit.ORGANIZATION
    b.general.save()
    return b.general


def test_coordinator_names_an_organizations_delegate_and_alternate(personas, client_for) -> None:
    body = _by_organization(bodies.build_bodies(personas))
    url = reverse(
        "bodies:organization-seat", kwargs={"pk": body.pk, "organization_pk": personas.police.pk}
    )
    response = client_for("coordinator").post(
        url, {"delegate": personas.detective.person.pk, "alternate": personas.leader.person.pk}
    )
    assert response.status_code == 302
    seat = OrganizationSeat.objects.get(body=body, organization=personas.police)
    assert (seat.delegate, seat.alternate) == (personas.detective.person, personas.leader.person)
    assert AuditEvent.objects.get(action="governance.organization_seat.set").target_id == str(
        seat.pk
    )
    text = _text(client_for("advocate").get(reverse("bodies:detail", kwargs={"pk": body.pk})))
    assert "Organizations and their delegates" in text
    assert "No delegate named" in text  # the district attorney's office has none yet


def test_delegates_must_work_for_the_organization_and_differ(personas, client_for) -> None:
    body = _by_organization(bodies.build_bodies(personas))
    url = reverse(
        "bodies:organization-seat", kwargs={"pk": body.pk, "organization_pk": personas.police.pk}
    )
    client = client_for("coordinator")
    # The form offers only the organization's own people.
    response = client.post(url, {"delegate": personas.prosecutor.person.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["delegate"]
    response = client.post(
        url, {"delegate": personas.detective.person.pk, "alternate": personas.detective.person.pk}
    )
    assert response.context["form"].errors["alternate"]
    with pytest.raises(ValidationError) as raised:
        services.set_organization_seat(
            personas.leader, body, personas.police, personas.prosecutor.person
        )
    assert "delegate" in raised.value.message_dict
    assert not OrganizationSeat.objects.exists()


def test_bodies_voting_by_person_have_no_delegates(personas) -> None:
    b = bodies.build_bodies(personas)
    with pytest.raises(ValidationError):
        services.set_organization_seat(
            personas.leader, b.general, personas.police, personas.detective.person
        )


def test_organization_seat_pages_are_for_coordinators(personas, client_for) -> None:
    body = _by_organization(bodies.build_bodies(personas))
    kwargs = {"pk": body.pk, "organization_pk": personas.police.pk}
    response = client_for("detective").post(
        reverse("bodies:organization-seat", kwargs=kwargs),
        {"delegate": personas.detective.person.pk},
    )
    assert response.status_code == 403
    assert not OrganizationSeat.objects.exists()


def test_removing_an_organization_seat(personas, client_for) -> None:
    body = _by_organization(bodies.build_bodies(personas))
    services.set_organization_seat(
        personas.leader, body, personas.police, personas.detective.person
    )
    kwargs = {"pk": body.pk, "organization_pk": personas.police.pk}
    response = client_for("leader").post(reverse("bodies:organization-seat-remove", kwargs=kwargs))
    assert response.status_code == 302
    assert not OrganizationSeat.objects.exists()
    assert "governance.organization_seat.removed" in _actions()


# --- Composition ---------------------------------------------------------------------------------


def _board_rules(p, b: bodies.Bodies) -> None:
    services.add_composition_requirement(p.leader, b.board, CompositionSource.COMMITTEE_CHAIRS)
    services.add_composition_requirement(
        p.leader,
        b.board,
        CompositionSource.LEADERSHIP_ROLE,
        leadership_role=LeadershipRole.VICTIM_SERVICES_COORDINATOR,
    )
    services.add_composition_requirement(
        p.leader,
        b.board,
        CompositionSource.BODY_POSITION,
        other_body=b.general,
        position=Position.CHAIR,
    )


def test_composition_check_names_who_is_missing_and_who_is_unnamed(personas) -> None:
    b = bodies.build_bodies(personas)
    _board_rules(personas, b)
    factories.assignment(personas, role="victim_services_coordinator", person_of="advocate")
    check = selectors.composition_check(b.board)
    chairs, coordinator, general_chair = check.clauses
    assert {m.person.full_name for m in chairs.expected} == {"Dan Reyes", "Vera Santos"}
    assert [m.person.full_name for m in chairs.missing] == ["Dan Reyes"]
    assert [m.person.full_name for m in coordinator.missing] == ["Ana Lopez"]
    assert general_chair.missing == []
    assert {m.person.full_name for m in check.missing} == {"Dan Reyes", "Ana Lopez"}
    assert not check.is_complete
    assert check.unnamed == []
    bodies.seat(b.board, personas.prosecutor)
    assert [s.person.full_name for s in selectors.composition_check(b.board).unnamed] == [
        "Priya Nair"
    ]


def test_composition_check_reports_vacancies(personas) -> None:
    b = bodies.build_bodies(personas)
    _board_rules(personas, b)
    BodyMembership.objects.filter(body=b.victim_services, position=Position.CHAIR).update(
        term_end=today() - DAY
    )
    check = selectors.composition_check(b.board)
    assert check.clauses[0].vacancies == ["Victim Services Committee has no chair"]
    assert check.clauses[1].vacancies == ["No one holds the role of Victim Services Coordinator"]


def test_composition_check_does_a_fixed_number_of_queries(personas) -> None:
    b = bodies.build_bodies(personas)
    _board_rules(personas, b)
    with CaptureQueriesContext(connection) as few:
        selectors.composition_check(b.board)
    for n in range(5):
        committee = Body.objects.create(name=f"Committee {n}", kind=BodyKind.STANDING_COMMITTEE)
        bodies.seat(committee, personas.advocate, Position.CHAIR)
        services.add_composition_requirement(
            personas.leader,
            b.board,
            CompositionSource.BODY_POSITION,
            other_body=committee,
            position=Position.CHAIR,
        )
    with CaptureQueriesContext(connection) as many:
        check = selectors.composition_check(b.board)
    assert len(many.captured_queries) == len(few.captured_queries) <= 6
    assert len(check.clauses) == 8


def test_composition_rules_are_added_and_removed_by_coordinators(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    url = reverse("bodies:composition-add", kwargs={"pk": b.board.pk})
    assert client_for("detective").post(url, {"source": "committee_chairs"}).status_code == 403
    client = client_for("leader")
    response = client.post(url, {"source": "leadership_role", "leadership_role": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["leadership_role"]
    response = client.post(url, {"source": "body_position", "other_body": b.board.pk})
    assert response.status_code == 200
    # The body itself is not offered, and a position is required.
    assert response.context["form"].errors["other_body"]
    response = client.post(url, {"source": "body_position", "other_body": b.general.pk})
    assert response.context["form"].errors["position"]
    response = client.post(url, {"source": "committee_chairs"})
    assert response.status_code == 302
    requirement = CompositionRequirement.objects.get()
    duplicate = client.post(url, {"source": "committee_chairs"})
    assert "already has the clause" in _text(duplicate)
    page = _text(client.get(reverse("bodies:detail", kwargs={"pk": b.board.pk})))
    assert "The chair of every standing committee" in page
    assert "Dan Reyes" in page and "Not seated" in page
    client.post(reverse("bodies:composition-remove", kwargs={"pk": requirement.pk}))
    assert not CompositionRequirement.objects.exists()
    assert _actions()[-2:] == ["governance.composition.added", "governance.composition.removed"]


def test_a_closed_bodys_voting_status_is_for_its_members(personas, client_for) -> None:
    """The reasons count the body's meetings, which outsiders may not learn."""
    built = bodies.build_bodies(personas)
    url = reverse("bodies:voting", kwargs={"pk": built.law_enforcement.pk})
    assert client_for("detective").get(url).status_code == 200
    assert client_for("advocate").get(url).status_code == 404
    assert client_for("leader").get(url).status_code == 404
    open_url = reverse("bodies:voting", kwargs={"pk": built.victim_services.pk})
    assert client_for("advocate").get(open_url).status_code == 200
