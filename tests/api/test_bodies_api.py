"""What the body operations answer: who sees which body, seats, voting status, writes, errors."""

from __future__ import annotations

import datetime

from taskforce.core.models import AuditEvent
from taskforce.governance.models import Body, BodyMembership

BODIES = "/api/v1/bodies"


def _names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["items"]}


def test_members_see_every_body_and_visitors_only_the_one_that_seats_them(
    directory, session_api
) -> None:
    assert _names(session_api("advocate").get(BODIES)) == {
        "General Body",
        "Executive Board",
        "Law Enforcement Committee",
        "Victim Services Committee",
    }
    assert _names(session_api("visitor").get(BODIES)) == {"Victim Services Committee"}
    hidden = session_api("visitor").get(f"{BODIES}/{directory.bodies.board.pk}")
    assert hidden.status_code == 404


def test_a_body_lists_its_current_seats(directory, personas, session_api) -> None:
    response = session_api("advocate").get(f"{BODIES}/{directory.bodies.law_enforcement.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["is_closed"] is True
    seats = {(seat["person"]["name"], seat["position"]) for seat in body["current_seats"]}
    assert seats == {("Dan Reyes", "chair"), ("Priya Nair", "member")}
    [chair] = [seat for seat in body["current_seats"] if seat["position"] == "chair"]
    assert chair["person"]["organization"] == personas.police.name


def test_voting_status_gives_each_member_a_reason(directory, session_api) -> None:
    url = f"{BODIES}/{directory.bodies.victim_services.pk}/voting"
    response = session_api("visitor").get(url)
    assert response.status_code == 200
    by_name = {row["person"]["name"]: row for row in response.json()}
    assert by_name["Victor Guest"]["eligible"] is False
    assert any("Observer" in reason for reason in by_name["Victor Guest"]["reasons"])
    assert by_name["Vera Santos"]["eligible"] is True


def test_a_coordinator_creates_a_body_and_the_change_is_audited(session_api) -> None:
    response = session_api("leader").post(
        BODIES,
        {"name": "Data and Evaluation", "kind": "ad_hoc_committee", "charge": "Track outcomes."},
    )
    assert response.status_code == 201, response.content
    created = Body.objects.get(name="Data and Evaluation")
    assert response["Location"] == f"{BODIES}/{created.pk}"
    assert AuditEvent.objects.filter(
        action="governance.body.created", target_id=str(created.pk)
    ).exists()


def test_bad_body_input_answers_422_and_writes_nothing(directory, session_api) -> None:
    before = Body.objects.count()
    unknown_kind = session_api("leader").post(BODIES, {"name": "X", "kind": "club"})
    assert unknown_kind.status_code == 422
    too_many_days = session_api("leader").post(
        BODIES,
        {"name": "Y", "kind": "ad_hoc_committee", "agenda_circulation_days": 400},
    )
    assert too_many_days.status_code == 422
    assert "agenda_circulation_days" in too_many_days.json()["errors"]
    duplicate = session_api("leader").post(BODIES, {"name": "General Body", "kind": "general_body"})
    assert duplicate.status_code == 422
    assert Body.objects.count() == before


def test_members_may_not_change_bodies(directory, session_api) -> None:
    url = f"{BODIES}/{directory.bodies.victim_services.pk}"
    response = session_api("advocate").patch(url, {"charge": "Taken over"})
    assert response.status_code == 403
    directory.bodies.victim_services.refresh_from_db()
    assert directory.bodies.victim_services.charge == "Coordinate services for survivors."


def test_seating_someone_twice_in_overlapping_terms_is_refused(
    directory, personas, session_api
) -> None:
    url = f"{BODIES}/{directory.bodies.victim_services.pk}/seats"
    start = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
    response = session_api("leader").post(
        url, {"person": personas.advocate.person.pk, "term_start": start}
    )
    assert response.status_code == 422
    assert BodyMembership.objects.filter(person=personas.advocate.person).count() == 2
