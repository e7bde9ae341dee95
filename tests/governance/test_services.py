from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from taskforce.core import audit
from taskforce.core.models import AuditEvent
from taskforce.directory.models import MembershipStatus
from taskforce.governance import services
from taskforce.governance.models import (
    Charter,
    Goal,
    LeadershipModel,
    LeadershipRoleAssignment,
    Objective,
)
from tests.governance import factories

TODAY = timezone.localdate


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("administrator", True),
        ("leader", True),
        ("coordinator", True),
        ("detective", False),
        ("advocate", False),
        ("visitor", False),
    ],
)
def test_only_coordinators_and_administrators_may_write_the_charter(personas, persona, allowed):
    actor = personas.user(persona)
    if allowed:
        services.save_charter(actor, factories.CHARTER_DATA)
        assert Charter.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.save_charter(actor, factories.CHARTER_DATA)
        assert Charter.objects.count() == 0
        assert not AuditEvent.objects.filter(action__startswith="governance.").exists()


@pytest.mark.parametrize("persona", ["detective", "prosecutor", "visitor"])
def test_members_and_visitors_may_change_nothing_under_the_charter(personas, persona):
    goal = factories.goal(personas)
    objective = factories.objective(personas, goal)
    term = factories.assignment(personas)
    actor = personas.user(persona)
    attempts = [
        lambda: services.create_goal(actor, {"title": "New"}),
        lambda: services.update_goal(actor, goal, {"title": "Changed"}),
        lambda: services.move_goal(actor, goal, "down"),
        lambda: services.delete_goal(actor, goal),
        lambda: services.create_objective(
            actor,
            goal,
            {"description": "x", "measure": "y", "target_date": TODAY(), "status": "on-track"},
        ),
        lambda: services.update_objective(actor, objective, {"status": "achieved"}),
        lambda: services.move_objective(actor, objective, "up"),
        lambda: services.delete_objective(actor, objective),
        lambda: services.assign_leadership_role(
            actor, "group_leader", personas.detective.person, TODAY()
        ),
        lambda: services.end_term(actor, term, TODAY()),
    ]
    before = AuditEvent.objects.count()
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert AuditEvent.objects.count() == before
    goal.refresh_from_db()
    objective.refresh_from_db()
    assert goal.title == "Identify victims"
    assert objective.status == "on-track"


def test_writing_the_charter_records_every_field(personas):
    charter = services.save_charter(personas.leader, factories.CHARTER_DATA)
    (event,) = _events("governance.charter.created")
    assert event.actor == personas.leader
    assert event.target_id == str(charter.pk)
    assert event.changes["name"] == {"from": None, "to": factories.CHARTER_DATA["name"]}
    assert event.changes["formed_on"] == {"from": None, "to": "2020-01-15"}


def test_updating_the_charter_records_only_what_changed(personas):
    factories.charter(personas)
    services.save_charter(personas.coordinator, {"mission": "A new mission."})
    (event,) = _events("governance.charter.updated")
    assert event.actor == personas.coordinator
    assert event.changes == {
        "mission": {"from": factories.CHARTER_DATA["mission"], "to": "A new mission."}
    }
    assert audit.history_for(Charter.objects.get()).count() == 2


def test_saving_an_unchanged_charter_records_nothing(personas):
    factories.charter(personas)
    services.save_charter(personas.leader, {"mission": factories.CHARTER_DATA["mission"]})
    assert not _events("governance.charter.updated")


def test_charter_needs_its_required_fields(personas):
    with pytest.raises(ValidationError) as raised:
        services.save_charter(personas.leader, {**factories.CHARTER_DATA, "mission": ""})
    assert "mission" in raised.value.error_dict
    assert Charter.objects.count() == 0


def test_there_is_only_ever_one_charter(personas):
    factories.charter(personas)
    services.save_charter(personas.leader, {"name": "Renamed"})
    assert Charter.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Charter.objects.create(**factories.CHARTER_DATA)


def test_centralized_model_needs_leading_organizations(personas):
    with pytest.raises(ValidationError) as raised:
        services.save_charter(
            personas.leader,
            {**factories.CHARTER_DATA, "leadership_model": LeadershipModel.CENTRALIZED},
        )
    assert "leading_organizations" in raised.value.error_dict
    charter = services.save_charter(
        personas.leader,
        {
            **factories.CHARTER_DATA,
            "leadership_model": LeadershipModel.CENTRALIZED,
            "leading_organizations": [personas.police, personas.safe_harbor],
        },
    )
    assert set(charter.leading_organizations.all()) == {personas.police, personas.safe_harbor}
    (event,) = _events("governance.charter.created")
    assert event.changes["leading_organizations"]["to"] == [
        "Harbor City Police Department",
        "Safe Harbor Alliance",
    ]


def test_decentralized_model_clears_leading_organizations(personas):
    factories.charter(
        personas,
        leadership_model=LeadershipModel.CENTRALIZED,
        leading_organizations=[personas.police],
    )
    charter = services.save_charter(
        personas.leader, {"leadership_model": LeadershipModel.DECENTRALIZED}
    )
    assert not charter.leading_organizations.exists()
    (event,) = _events("governance.charter.updated")
    assert event.changes["leading_organizations"] == {
        "from": ["Harbor City Police Department"],
        "to": [],
    }


def test_a_new_leading_organization_must_be_an_active_member(personas):
    personas.new_dawn.membership_status = MembershipStatus.INACTIVE
    personas.new_dawn.save()
    with pytest.raises(ValidationError) as raised:
        factories.charter(
            personas,
            leadership_model=LeadershipModel.CENTRALIZED,
            leading_organizations=[personas.police, personas.new_dawn],
        )
    assert "New Dawn Outreach" in str(raised.value)


def test_goals_need_a_charter_first(personas):
    with pytest.raises(ValidationError):
        services.create_goal(personas.leader, {"title": "Too early"})
    assert not Goal.objects.exists()


def test_goal_changes_are_audited_with_diffs(personas):
    goal = factories.goal(personas)
    services.update_goal(personas.leader, goal, {"title": "Identify more victims"})
    (created,) = _events("governance.goal.created")
    (updated,) = _events("governance.goal.updated")
    assert created.changes["title"] == {"from": None, "to": "Identify victims"}
    assert updated.changes == {"title": {"from": "Identify victims", "to": "Identify more victims"}}
    assert updated.target_label == "Goal: Identify more victims"


def test_a_goal_with_objectives_cannot_be_deleted(personas):
    goal = factories.goal(personas)
    factories.objective(personas, goal)
    with pytest.raises(ValidationError, match="still has 1 objective"):
        services.delete_goal(personas.leader, goal)
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert not _events("governance.goal.deleted")


def test_deleting_an_empty_goal_is_audited(personas):
    goal = factories.goal(personas)
    pk = goal.pk
    services.delete_goal(personas.leader, goal)
    assert not Goal.objects.filter(pk=pk).exists()
    (event,) = _events("governance.goal.deleted")
    assert event.target_id == str(pk)
    assert event.changes["title"] == {"from": "Identify victims", "to": None}


def test_goals_move_up_and_down(personas):
    first = factories.goal(personas, "First")
    second = factories.goal(personas, "Second")
    third = factories.goal(personas, "Third")
    services.move_goal(personas.leader, third, "up")
    assert list(Goal.objects.values_list("title", flat=True)) == ["First", "Third", "Second"]
    services.move_goal(personas.leader, first, "up")  # already first: nothing happens
    assert list(Goal.objects.values_list("title", flat=True)) == ["First", "Third", "Second"]
    (event,) = _events("governance.goal.moved")
    assert event.target_id == str(third.pk)
    assert event.changes == {"order": {"from": 3, "to": 2}}
    services.move_goal(personas.leader, second, "up")
    services.move_goal(personas.leader, first, "down")
    assert list(Goal.objects.values_list("title", flat=True)) == ["Second", "First", "Third"]


def test_objective_changes_are_audited_with_diffs(personas):
    objective = factories.objective(personas)
    services.update_objective(
        personas.leader, objective, {"status": "at-risk", "owner": personas.prosecutor.person}
    )
    (created,) = _events("governance.objective.created")
    (updated,) = _events("governance.objective.updated")
    assert created.changes["measure"] == {"from": None, "to": "120 officers trained"}
    assert updated.changes == {
        "owner": {"from": "Dan Reyes", "to": "Priya Nair"},
        "status": {"from": "On track", "to": "At risk"},
    }


def test_an_objective_needs_a_measure_and_target_date(personas):
    goal = factories.goal(personas)
    with pytest.raises(ValidationError) as raised:
        factories.objective(personas, goal, measure="", target_date=None)
    assert {"measure", "target_date"} <= set(raised.value.error_dict)
    assert not Objective.objects.exists()


def test_an_inactive_person_cannot_become_an_owner(personas):
    person = personas.advocate.person
    person.is_active = False
    person.save()
    with pytest.raises(ValidationError) as raised:
        factories.objective(personas, owner=person)
    assert "owner" in raised.value.error_dict


def test_an_objective_moved_to_another_goal_goes_last(personas):
    first = factories.goal(personas, "First")
    second = factories.goal(personas, "Second")
    factories.objective(personas, second, description="Already there")
    moving = factories.objective(personas, first)
    services.update_objective(personas.leader, moving, {"goal": second})
    moving.refresh_from_db()
    assert moving.goal == second
    assert list(second.objectives.values_list("description", flat=True))[-1] == moving.description
    (event,) = _events("governance.objective.updated")
    assert event.changes["goal"] == {"from": "First", "to": "Second"}


def test_deleting_an_objective_is_audited(personas):
    objective = factories.objective(personas)
    pk = objective.pk
    services.delete_objective(personas.coordinator, objective)
    assert not Objective.objects.filter(pk=pk).exists()
    (event,) = _events("governance.objective.deleted")
    assert event.changes["description"]["to"] is None


def test_a_new_holder_ends_the_previous_term_the_day_before(personas):
    start = TODAY() - datetime.timedelta(days=400)
    previous = factories.assignment(personas, person_of="leader", start=start)
    handover = TODAY() - datetime.timedelta(days=5)
    new = services.assign_leadership_role(
        personas.coordinator, "group_leader", personas.detective.person, handover
    )
    previous.refresh_from_db()
    assert previous.term_end == handover - datetime.timedelta(days=1)
    assert new.term_end is None
    # History is kept: both terms remain.
    assert LeadershipRoleAssignment.objects.filter(role="group_leader").count() == 2
    (ended,) = _events("governance.leadership.term_ended")
    assert ended.target_id == str(previous.pk)
    assert ended.changes["term_end"] == {
        "from": None,
        "to": (handover - datetime.timedelta(days=1)).isoformat(),
    }
    assert ended.changes["handed_over_to"] == "Dan Reyes"
    assigned = _events("governance.leadership.assigned")
    assert assigned[-1].changes["person"] == {"from": None, "to": "Dan Reyes"}


def test_other_roles_are_untouched_by_a_handover(personas):
    other = factories.assignment(personas, role="outreach_coordinator", person_of="advocate")
    factories.assignment(personas, role="group_leader", person_of="leader")
    services.assign_leadership_role(
        personas.leader, "group_leader", personas.detective.person, TODAY()
    )
    other.refresh_from_db()
    assert other.term_end is None


def test_a_term_cannot_start_before_the_current_holders_term(personas):
    start = TODAY() - datetime.timedelta(days=10)
    current = factories.assignment(personas, start=start)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.assign_leadership_role(
            personas.leader, "group_leader", personas.detective.person, start
        )
    assert "term_start" in raised.value.error_dict
    current.refresh_from_db()
    assert current.term_end is None
    assert AuditEvent.objects.count() == before


def test_visitors_and_inactive_people_cannot_lead(personas):
    with pytest.raises(ValidationError):
        services.assign_leadership_role(
            personas.leader, "group_leader", personas.visitor.person, TODAY()
        )
    person = personas.advocate.person
    person.is_active = False
    person.save()
    with pytest.raises(ValidationError):
        services.assign_leadership_role(personas.leader, "outreach_coordinator", person, TODAY())
    with pytest.raises(ValidationError):
        services.assign_leadership_role(
            personas.leader, "chief", personas.detective.person, TODAY()
        )
    assert not LeadershipRoleAssignment.objects.exists()


def test_a_term_cannot_end_before_it_starts(personas):
    with pytest.raises(ValidationError):
        services.assign_leadership_role(
            personas.leader,
            "group_leader",
            personas.detective.person,
            TODAY(),
            TODAY() - datetime.timedelta(days=1),
        )
    term = factories.assignment(personas)
    with pytest.raises(ValidationError):
        services.end_term(personas.leader, term, term.term_start - datetime.timedelta(days=1))


def test_ending_a_term_is_audited(personas):
    term = factories.assignment(personas)
    services.end_term(personas.coordinator, term, TODAY())
    term.refresh_from_db()
    assert term.term_end == TODAY()
    (event,) = _events("governance.leadership.term_ended")
    assert event.actor == personas.coordinator
    assert event.changes == {"term_end": {"from": None, "to": TODAY().isoformat()}}


def test_a_term_cannot_be_extended_into_the_next_holders(personas):
    first = factories.assignment(
        personas,
        start=TODAY() - datetime.timedelta(days=100),
        end=TODAY() - datetime.timedelta(days=50),
    )
    factories.assignment(
        personas, person_of="detective", start=TODAY() - datetime.timedelta(days=49)
    )
    with pytest.raises(ValidationError, match="Dan Reyes"):
        services.end_term(personas.leader, first, TODAY())


def test_services_accept_no_request(personas):
    # Scripts such as the demo builder call services without an HTTP request.
    goal = factories.goal(personas)
    event = AuditEvent.objects.filter(action="governance.goal.created").get()
    assert event.ip_address is None
    assert goal.order == 1


def test_a_planned_handover_keeps_the_current_holder_until_then(personas):
    current = factories.assignment(personas)
    starts = TODAY() + datetime.timedelta(days=30)
    services.assign_leadership_role(
        personas.leader, "group_leader", personas.detective.person, starts
    )
    current.refresh_from_db()
    assert current.term_end == starts - datetime.timedelta(days=1)
    assert current.is_current()
    # A further term that would run into the planned one is refused.
    with pytest.raises(ValidationError, match="would overlap"):
        services.assign_leadership_role(
            personas.leader,
            "group_leader",
            personas.prosecutor.person,
            TODAY(),
            TODAY() + datetime.timedelta(days=60),
        )
    assert LeadershipRoleAssignment.objects.filter(role="group_leader").count() == 2
