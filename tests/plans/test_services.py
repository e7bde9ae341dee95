"""The rules, validation and audit events of the committee plan services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taskforce.core.models import AuditEvent
from taskforce.governance.models import Body, BodyKind
from taskforce.plans import services
from taskforce.plans.models import PlanStatus, PlanTask, TaskProgressNote, TaskStatus
from tests.governance import factories as charter_factories
from tests.plans import factories
from tests.plans.factories import DAY, today

pytestmark = pytest.mark.django_db


def _plan_data(start: datetime.date | None = None, **overrides):
    start = start or today()
    return {
        "title": "Plan",
        "period_start": start,
        "period_end": start + 364 * DAY,
        "summary": "",
        **overrides,
    }


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def _last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("sequence")


# --- Plans ---------------------------------------------------------------------------------------


def test_committee_chair_starts_a_draft_plan_audited(personas):
    bodies = factories.bodies(personas)
    plan = services.create_plan(personas.coordinator, bodies.victim_services, _plan_data())
    assert plan.status == PlanStatus.DRAFT
    event = _last_event("plans.plan.created")
    assert event.target_id == str(plan.pk)
    assert event.actor == personas.coordinator
    assert event.changes["body"] == {"from": None, "to": "Victim Services Committee"}


@pytest.mark.parametrize(
    ("persona", "committee", "allowed"),
    [
        ("coordinator", "victim_services", True),  # its chair
        ("leader", "victim_services", True),  # a coordinator who can see it
        ("detective", "law_enforcement", True),  # its chair
        ("advocate", "victim_services", False),  # a member, not an officer
        ("prosecutor", "law_enforcement", False),  # a member, not an officer
        ("leader", "law_enforcement", False),  # a coordinator, but the committee is closed
        ("visitor", "victim_services", False),  # an observer
    ],
)
def test_who_may_write_a_committee_plan(personas, persona, committee, allowed):
    body = getattr(factories.bodies(personas), committee)
    actor = getattr(personas, persona)
    if allowed:
        services.create_plan(actor, body, _plan_data())
    else:
        with pytest.raises(PermissionDenied):
            services.create_plan(actor, body, _plan_data())
        assert not AuditEvent.objects.filter(action="plans.plan.created").exists()


def test_only_committees_write_plans(personas):
    general = factories.bodies(personas).general  # the leader chairs it
    with pytest.raises(ValidationError) as excinfo:
        services.create_plan(personas.leader, general, _plan_data())
    assert "committee" in _errors(excinfo)["body"][0]


def test_an_ad_hoc_committee_writes_a_plan(personas):
    factories.bodies(personas)
    task_group = Body.objects.create(name="Data Working Group", kind=BodyKind.AD_HOC_COMMITTEE)
    assert services.create_plan(personas.leader, task_group, _plan_data()).pk


@pytest.mark.parametrize(
    ("end_offset", "message"),
    [(0, "end after it starts"), (-5, "end after it starts"), (367, "one year at most")],
)
def test_a_plan_covers_one_year_at_most(personas, end_offset, message):
    body = factories.bodies(personas).victim_services
    start = datetime.date(2027, 1, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.create_plan(
            personas.coordinator,
            body,
            _plan_data(start, period_end=start + end_offset * DAY),
        )
    assert message in _errors(excinfo)["period_end"][0]


def test_a_plan_may_start_on_29_february(personas):
    body = factories.bodies(personas).victim_services
    start = datetime.date(2028, 2, 29)
    plan = services.create_plan(
        personas.coordinator, body, _plan_data(start, period_end=datetime.date(2029, 2, 28))
    )
    assert plan.period_end == datetime.date(2029, 2, 28)


def test_one_plan_per_committee_per_start_date(personas):
    body = factories.bodies(personas).victim_services
    services.create_plan(personas.coordinator, body, _plan_data())
    with pytest.raises(ValidationError) as excinfo:
        services.create_plan(personas.coordinator, body, _plan_data(title="Again"))
    assert "already has a plan" in _errors(excinfo)["period_start"][0]
    # Another committee may start on the same day.
    services.create_plan(
        personas.detective, factories.bodies(personas).law_enforcement, _plan_data()
    )


def test_editing_a_plan_is_audited_with_what_changed(personas):
    plan = factories.plan(personas)
    services.update_plan(personas.coordinator, plan, {"title": "Survivor services 2026"})
    event = _last_event("plans.plan.updated")
    assert event.changes == {
        "title": {"from": "Victim Services Committee plan", "to": "Survivor services 2026"}
    }


def test_a_plan_cannot_start_after_its_tasks_are_due(personas):
    plan = factories.plan(personas)
    factories.task(personas, plan, due_on=plan.period_start + 5 * DAY)
    with pytest.raises(ValidationError) as excinfo:
        services.update_plan(
            personas.coordinator,
            plan,
            {"period_start": plan.period_start + 10 * DAY, "period_end": plan.period_end},
        )
    assert "1 task is due before this date" in _errors(excinfo)["period_start"][0]


def test_plan_editors_only_edit(personas):
    plan = factories.plan(personas)
    with pytest.raises(PermissionDenied):
        services.update_plan(personas.advocate, plan, {"title": "Mine now"})


def test_activating_needs_an_objective_and_completing_needs_an_active_plan(personas):
    body = factories.bodies(personas).victim_services
    plan = services.create_plan(personas.coordinator, body, _plan_data())
    with pytest.raises(ValidationError, match="at least one objective"):
        services.activate_plan(personas.coordinator, plan)
    with pytest.raises(ValidationError, match="cannot be marked completed"):
        services.complete_plan(personas.coordinator, plan)
    services.create_objective(personas.coordinator, plan, {"description": "Beds", "goal": None})
    plan = services.activate_plan(personas.coordinator, plan)
    assert plan.status == PlanStatus.ACTIVE
    assert _last_event("plans.plan.activated").changes == {
        "status": {"from": "draft", "to": "active"}
    }
    plan = services.complete_plan(personas.coordinator, plan)
    assert plan.status == PlanStatus.COMPLETED
    assert _last_event("plans.plan.completed").target_id == str(plan.pk)


def test_a_completed_plan_keeps_its_shape_until_reopened(personas):
    plan = factories.plan(personas)
    task = factories.task(personas, plan)
    services.complete_plan(personas.coordinator, plan)
    with pytest.raises(ValidationError, match="Reopen it"):
        services.update_plan(personas.coordinator, plan, {"title": "Late change"})
    with pytest.raises(ValidationError, match="Reopen it"):
        services.create_objective(personas.coordinator, plan, {"description": "X", "goal": None})
    with pytest.raises(ValidationError, match="Reopen it"):
        services.update_task(personas.coordinator, task, {"title": "Late change"})
    # A final report still comes in after the year closes.
    services.add_progress_note(personas.advocate, task, "All beds mapped.")
    services.activate_plan(personas.coordinator, plan)
    services.update_plan(personas.coordinator, plan, {"title": "Late change"})


# --- Objectives ----------------------------------------------------------------------------------


def test_objectives_serve_charter_goals_and_are_audited(personas):
    goal = charter_factories.goal(personas, "Serve every survivor")
    plan = factories.plan(personas)
    objective = services.create_objective(
        personas.coordinator, plan, {"description": "Open a hotline", "goal": goal}
    )
    assert objective.order == 2
    assert _last_event("plans.objective.created").changes["goal"] == {
        "from": None,
        "to": "Serve every survivor",
    }
    services.update_objective(personas.coordinator, objective, {"goal": None})
    assert _last_event("plans.objective.updated").changes == {
        "goal": {"from": "Serve every survivor", "to": None}
    }


def test_objectives_are_reordered_and_renumbered(personas):
    plan = factories.plan(personas)
    first = factories.objective(plan)
    second = services.create_objective(
        personas.coordinator, plan, {"description": "Second", "goal": None}
    )
    services.move_objective(personas.coordinator, second, "up")
    assert list(plan.objectives.order_by("order").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    assert _last_event("plans.objective.moved").changes == {"order": {"from": 2, "to": 1}}
    # Moving the first one up changes nothing and records nothing.
    count = AuditEvent.objects.count()
    services.move_objective(personas.coordinator, second, "up")
    assert AuditEvent.objects.count() == count


def test_an_objective_with_tasks_is_not_removed(personas):
    plan = factories.plan(personas)
    task = factories.task(personas, plan)
    objective = task.objective
    with pytest.raises(ValidationError, match="still has 1 task"):
        services.remove_objective(personas.coordinator, objective)
    task.delete()
    services.remove_objective(personas.coordinator, objective)
    assert not plan.objectives.exists()
    assert _last_event("plans.objective.removed").changes["description"]["from"] == (
        "Serve survivors"
    )


def test_members_who_are_not_officers_cannot_change_objectives(personas):
    plan = factories.plan(personas)
    with pytest.raises(PermissionDenied):
        services.create_objective(personas.advocate, plan, {"description": "X", "goal": None})
    with pytest.raises(PermissionDenied):
        services.move_objective(personas.advocate, factories.objective(plan), "down")


# --- Tasks ---------------------------------------------------------------------------------------


def test_a_task_is_created_with_its_bodies_and_audited(personas):
    bodies = factories.bodies(personas)
    task = factories.task(personas, report_to=[bodies.general, bodies.board])
    assert set(task.report_to.all()) == {bodies.general, bodies.board}
    changes = _last_event("plans.task.created").changes
    assert changes["report_to"] == {"from": None, "to": ["Executive Board", "General Body"]}
    assert changes["owner"]["to"] == str(personas.advocate.person)


def test_task_dates_are_checked_against_the_plan(personas):
    plan = factories.plan(personas)
    before = plan.period_start - DAY
    with pytest.raises(ValidationError) as excinfo:
        factories.task(personas, plan, due_on=before, report_back_on=before)
    errors = _errors(excinfo)
    assert "cannot be due before" in errors["due_on"][0]
    assert "report-back cannot come before" in errors["report_back_on"][0]
    # After the plan year is fine: some work runs on.
    assert factories.task(personas, plan, due_on=plan.period_end + 30 * DAY).pk


def test_a_report_back_date_needs_bodies_to_hear_it(personas):
    with pytest.raises(ValidationError) as excinfo:
        factories.task(personas, report_to=[])
    assert "Choose the bodies" in _errors(excinfo)["report_to"][0]
    assert factories.task(personas, report_to=[], report_back_on=None).pk


def test_a_dissolved_body_cannot_newly_hear_reports(personas):
    bodies = factories.bodies(personas)
    dissolved = Body.objects.create(
        name="Old Working Group", kind=BodyKind.AD_HOC_COMMITTEE, is_active=False
    )
    with pytest.raises(ValidationError) as excinfo:
        factories.task(personas, report_to=[bodies.general, dissolved])
    assert "Old Working Group" in _errors(excinfo)["report_to"][0]


def test_task_owners_are_active_members(personas):
    with pytest.raises(ValidationError) as excinfo:
        factories.task(personas, owner=personas.visitor)
    assert "not an active member" in _errors(excinfo)["owner"][0]


def test_a_closed_committee_gives_tasks_only_to_its_members(personas):
    plan = factories.plan(personas, "law_enforcement")
    with pytest.raises(ValidationError) as excinfo:
        factories.task(personas, plan, owner=personas.advocate)
    assert "is closed" in _errors(excinfo)["owner"][0]
    assert factories.task(personas, plan, owner=personas.prosecutor).pk


def test_a_task_moves_between_objectives_of_its_own_plan_only(personas):
    plan = factories.plan(personas)
    task = factories.task(personas, plan)
    other = services.create_objective(
        personas.coordinator, plan, {"description": "Other", "goal": None}
    )
    moved = services.update_task(personas.coordinator, task, {"objective": other})
    assert moved.objective == other
    assert _last_event("plans.task.updated").changes["objective"]["to"] == "Other"
    foreign = factories.objective(factories.plan(personas, "law_enforcement"))
    with pytest.raises(ValidationError) as excinfo:
        services.update_task(personas.coordinator, task, {"objective": foreign})
    assert "this plan's objectives" in _errors(excinfo)["objective"][0]


def test_editing_a_task_keeps_its_bodies_unless_given(personas):
    bodies = factories.bodies(personas)
    task = factories.task(personas, report_to=[bodies.general, bodies.board])
    services.update_task(personas.coordinator, task, {"title": "Count shelter beds"})
    assert set(task.report_to.all()) == {bodies.general, bodies.board}
    assert _last_event("plans.task.updated").changes == {
        "title": {"from": "Map shelter beds", "to": "Count shelter beds"}
    }


# --- Reporting on a task -------------------------------------------------------------------------


def test_the_owner_changes_status_and_others_may_not(personas):
    task = factories.task(personas)
    services.change_task_status(personas.advocate, task, TaskStatus.IN_PROGRESS)
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert _last_event("plans.task.status_changed").changes == {
        "status": {"from": "not_started", "to": "in_progress"}
    }
    with pytest.raises(PermissionDenied):
        services.change_task_status(personas.prosecutor, task, TaskStatus.DONE)
    with pytest.raises(ValidationError) as excinfo:
        services.change_task_status(personas.coordinator, task, "finished")
    assert "status" in _errors(excinfo)


def test_progress_notes_by_the_owner_or_an_editor(personas):
    task = factories.task(personas)
    note = services.add_progress_note(personas.advocate, task, "  Called four shelters.  ")
    assert note.text == "Called four shelters."
    assert note.author == personas.advocate
    assert not note.is_report_back
    assert _last_event("plans.task.note_added").changes == {
        "note": {"from": None, "to": "Called four shelters."}
    }
    services.add_progress_note(personas.coordinator, task, "Chair's note.")
    with pytest.raises(PermissionDenied):
        services.add_progress_note(personas.detective, task, "Not my task.")
    with pytest.raises(ValidationError) as excinfo:
        services.add_progress_note(personas.advocate, task, "   ")
    assert "text" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.add_progress_note(personas.advocate, task, "x" * 4001)
    assert "4000" in _errors(excinfo)["text"][0]
    assert TaskProgressNote.objects.filter(task=task).count() == 2


def test_recording_a_report_back(personas):
    task = factories.task(personas)
    assert task.report_back_pending
    note = services.record_report_back(personas.advocate, task, "Reported to the general body.")
    task.refresh_from_db()
    assert note.is_report_back
    assert task.last_reported_on == today()
    assert not task.report_back_pending
    changes = _last_event("plans.task.reported_back").changes
    assert changes["last_reported_on"] == {"from": None, "to": str(today())}
    # An older report recorded later does not move the date back.
    services.record_report_back(personas.advocate, task, "Earlier report.", today() - DAY)
    task.refresh_from_db()
    assert task.last_reported_on == today()
    assert task.notes.filter(is_report_back=True).count() == 2


def test_a_report_back_is_not_recorded_before_its_date(personas):
    task = factories.task(personas, report_back_on=today() + 5 * DAY)
    with pytest.raises(ValidationError) as excinfo:
        services.record_report_back(personas.advocate, task, "Early news.")
    assert "progress note" in _errors(excinfo)["reported_on"][0]
    # Without a report-back date, any past day will do.
    other = factories.task(personas, title="Unscheduled", report_back_on=None, report_to=[])
    services.record_report_back(personas.advocate, other, "Reported anyway.", today() - 9 * DAY)
    other.refresh_from_db()
    assert other.last_reported_on == today() - 9 * DAY


def test_a_report_back_is_not_dated_in_the_future(personas):
    task = factories.task(personas)
    with pytest.raises(ValidationError) as excinfo:
        services.record_report_back(personas.advocate, task, "Soon.", today() + DAY)
    assert "reported_on" in _errors(excinfo)
    assert not TaskProgressNote.objects.exists()


def test_reassigning_open_tasks(personas):
    plan = factories.plan(personas)
    open_task = factories.task(personas, plan)
    done = factories.task(personas, plan, title="Done already")
    services.change_task_status(personas.coordinator, done, TaskStatus.DONE)
    moved = services.reassign_open_tasks(
        personas.leader, [open_task.pk], personas.advocate.person, personas.coordinator.person
    )
    assert moved == 1
    assert PlanTask.objects.get(pk=open_task.pk).owner == personas.coordinator.person
    assert _last_event("plans.task.reassigned").changes == {
        "owner": {"from": str(personas.advocate.person), "to": str(personas.coordinator.person)}
    }
    with pytest.raises(ValidationError, match="no longer open tasks"):
        services.reassign_open_tasks(
            personas.leader, [done.pk], personas.advocate.person, personas.coordinator.person
        )
