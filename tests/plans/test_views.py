"""The plan pages for the personas who may and may not use them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from taskforce.core.models import AuditEvent
from taskforce.plans.models import CommitteePlan, PlanObjective, PlanStatus, PlanTask, TaskStatus
from tests.plans import factories
from tests.plans.factories import DAY, today

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _url(name: str, **kwargs) -> str:
    return reverse(f"plans:{name}", kwargs=kwargs)


# --- Reading -------------------------------------------------------------------------------------


def test_the_list_groups_visible_plans_by_year_with_progress(personas, client_for):
    plan = factories.plan(personas)
    done = factories.task(personas, plan, title="Done task")
    done.status = TaskStatus.DONE
    done.save()
    factories.task(personas, plan, title="Late task", due_on=today() - DAY)
    factories.plan(personas, "law_enforcement", title="Investigations plan")
    page = _text(client_for("advocate").get(_url("list")))
    assert f"Plans starting in {plan.period_start.year}" in page
    assert "Victim Services Committee plan" in page
    assert '<progress max="100" value="50"' in page
    assert "1 overdue" in page
    assert ">Late</span>" in page  # the late task's report-back, due yesterday, is not given
    assert "Investigations plan" not in page  # closed, and the advocate is not a member
    assert "style=" not in page
    assert "Investigations plan" in _text(client_for("prosecutor").get(_url("list")))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("detective", 200),
        ("prosecutor", 200),
        ("advocate", 404),
        ("coordinator", 404),
        ("leader", 404),
        ("visitor", 404),
    ],
)
def test_a_closed_committees_plan_is_for_its_members(personas, client_for, persona, status):
    plan = factories.plan(personas, "law_enforcement")
    task = factories.task(personas, plan)
    client = client_for(persona)
    assert client.get(_url("detail", pk=plan.pk)).status_code == status
    assert client.get(_url("task", pk=task.pk)).status_code == status


def test_the_plan_page_shows_objectives_goals_tasks_and_notes(personas, client_for):
    from tests.governance import factories as charter_factories

    goal = charter_factories.goal(personas, "Serve every survivor")
    plan = factories.plan(personas)
    objective = factories.objective(plan)
    objective.goal = goal
    objective.save()
    task = factories.task(personas, plan, due_on=today() - DAY)
    client = client_for("visitor")  # an observer of the committee
    from taskforce.plans import services

    services.add_progress_note(personas.advocate, task, "Called four shelters.")
    page = _text(client.get(_url("detail", pk=plan.pk)))
    assert "Serve every survivor" in page
    assert "Map shelter beds" in page
    assert personas.advocate.person.full_name in page
    assert "Overdue" in page
    assert "Pending" in page and "General Body" in page
    assert "Called four shelters." in page
    assert "<progress" in page
    assert "Edit the plan" not in page
    assert "style=" not in page


def test_editors_see_the_editing_actions(personas, client_for):
    plan = factories.plan(personas)
    page = _text(client_for("coordinator").get(_url("detail", pk=plan.pk)))
    assert "Edit the plan" in page
    assert "Complete the plan" in page
    assert _url("objective-add", plan_pk=plan.pk) in page


# --- Writing the plan ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("leader", 200),
        ("advocate", 404),
        ("detective", 404),
        ("visitor", 403),
    ],
)
def test_plan_editing_pages(personas, client_for, persona, status):
    plan = factories.plan(personas)
    task = factories.task(personas, plan)
    objective = task.objective
    client = client_for(persona)
    for url in [
        _url("edit", pk=plan.pk),
        _url("objective-add", plan_pk=plan.pk),
        _url("objective-edit", pk=objective.pk),
        _url("objective-remove", pk=objective.pk),
        _url("task-add", objective_pk=objective.pk),
        _url("task-edit", pk=task.pk),
    ]:
        assert client.get(url).status_code == status, url


def test_starting_a_plan(personas, client_for):
    bodies = factories.bodies(personas)
    client = client_for("coordinator")
    page = client.get(_url("create"))
    assert page.status_code == 200
    assert "Victim Services Committee" in _text(page)
    assert "Law Enforcement Committee" not in _text(page)  # closed; the coordinator is no member
    response = client.post(
        _url("create"),
        {
            "body": bodies.victim_services.pk,
            "title": "Survivor services 2026",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "summary": "Beds, hotline, training.",
        },
    )
    plan = CommitteePlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("detail", pk=plan.pk)
    assert plan.status == PlanStatus.DRAFT
    assert AuditEvent.objects.filter(action="plans.plan.created", target_id=str(plan.pk)).exists()


def test_bad_plan_input_shows_field_errors_and_keeps_the_input(personas, client_for):
    bodies = factories.bodies(personas)
    response = client_for("coordinator").post(
        _url("create"),
        {
            "body": bodies.victim_services.pk,
            "title": "Two years",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
        },
    )
    page = _text(response)
    assert response.status_code == 200
    assert "A committee plan covers one year at most." in page
    assert 'value="Two years"' in page
    assert not CommitteePlan.objects.exists()


def test_service_objections_appear_on_their_field(personas, client_for):
    plan = factories.plan(personas)
    response = client_for("coordinator").post(
        _url("create"),
        {
            "body": plan.body.pk,
            "title": "Again",
            "period_start": f"{plan.period_start:%Y-%m-%d}",
            "period_end": f"{plan.period_end:%Y-%m-%d}",
        },
    )
    assert response.status_code == 200
    assert "already has a plan starting on" in _text(response)
    assert 'href="#field-period_start"' in _text(response)


def test_a_member_without_an_officer_seat_is_told_who_writes_plans(personas, client_for):
    factories.bodies(personas)
    response = client_for("advocate").get(_url("create"), follow=True)
    assert "You hold no officer seat" in _text(response)
    assert response.redirect_chain[-1][0] == _url("list")
    response = client_for("advocate").post(_url("create"), {"title": "Mine"})
    assert response.status_code == 302
    assert not CommitteePlan.objects.exists()


def test_the_advocate_cannot_edit_the_plan(personas, client_for):
    plan = factories.plan(personas)
    client = client_for("advocate")
    response = client.post(_url("edit", pk=plan.pk), {"title": "Mine now"})
    assert response.status_code == 404
    response = client.post(
        _url("task-add", objective_pk=factories.objective(plan).pk),
        {"title": "Sneaky", "due_on": f"{today():%Y-%m-%d}"},
    )
    assert response.status_code == 404
    assert client.post(_url("status", pk=plan.pk), {"status": "completed"}).status_code == 404
    plan.refresh_from_db()
    assert plan.title == "Victim Services Committee plan"
    assert plan.status == PlanStatus.ACTIVE
    assert not PlanTask.objects.exists()


def test_activating_and_completing_from_the_page(personas, client_for):
    plan = factories.plan(personas, activate=False)
    client = client_for("coordinator")
    assert client.post(_url("status", pk=plan.pk), {"status": "active"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    client.post(_url("status", pk=plan.pk), {"status": "completed"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED
    assert client.post(_url("status", pk=plan.pk), {"status": "gone"}).status_code == 400


def test_a_plan_without_objectives_is_not_activated(personas, client_for):
    bodies = factories.bodies(personas)
    from taskforce.plans import services

    plan = services.create_plan(
        personas.coordinator,
        bodies.victim_services,
        {
            "title": "Empty",
            "period_start": today(),
            "period_end": today() + 300 * DAY,
            "summary": "",
        },
    )
    response = client_for("coordinator").post(
        _url("status", pk=plan.pk), {"status": "active"}, follow=True
    )
    assert "Add at least one objective" in _text(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_objectives_added_moved_and_removed(personas, client_for):
    plan = factories.plan(personas)
    client = client_for("coordinator")
    response = client.post(
        _url("objective-add", plan_pk=plan.pk), {"description": "Open a hotline", "goal": ""}
    )
    second = PlanObjective.objects.get(description="Open a hotline")
    assert response["Location"] == _url("detail", pk=plan.pk) + f"#objective-{second.pk}"
    client.post(_url("objective-move", pk=second.pk), {"direction": "up"})
    assert plan.objectives.order_by("order").first() == second
    assert client.post(_url("objective-move", pk=second.pk), {}).status_code == 400
    assert client.post(_url("objective-remove", pk=second.pk)).status_code == 302
    assert not PlanObjective.objects.filter(pk=second.pk).exists()


def test_an_objective_with_tasks_shows_why_it_stays(personas, client_for):
    task = factories.task(personas)
    response = client_for("coordinator").post(_url("objective-remove", pk=task.objective_id))
    assert response.status_code == 200
    assert "still has 1 task" in _text(response)
    assert PlanObjective.objects.filter(pk=task.objective_id).exists()


def test_adding_a_task_defaults_to_the_general_body_and_the_board(personas, client_for):
    bodies = factories.bodies(personas)
    plan = factories.plan(personas)
    objective = factories.objective(plan)
    client = client_for("coordinator")
    page = _text(client.get(_url("task-add", objective_pk=objective.pk)))
    for body in (bodies.general, bodies.board):
        assert f'value="{body.pk}" id="id_report_to_' in page
    checked = page.count("checked")
    assert checked == 2
    response = client.post(
        _url("task-add", objective_pk=objective.pk),
        {
            "title": "Train hotline volunteers",
            "owner": personas.advocate.person.pk,
            "due_on": f"{today() + 30 * DAY:%Y-%m-%d}",
            "report_back_on": f"{today() + 40 * DAY:%Y-%m-%d}",
            "report_to": [bodies.general.pk, bodies.board.pk],
        },
    )
    task = PlanTask.objects.get(title="Train hotline volunteers")
    assert response.status_code == 302
    assert set(task.report_to.all()) == {bodies.general, bodies.board}


def test_bad_task_input_is_explained(personas, client_for):
    plan = factories.plan(personas)
    response = client_for("coordinator").post(
        _url("task-add", objective_pk=factories.objective(plan).pk),
        {
            "title": "Too early",
            "owner": personas.visitor.person.pk,
            "due_on": f"{plan.period_start - DAY:%Y-%m-%d}",
            "report_back_on": f"{today():%Y-%m-%d}",
        },
    )
    page = _text(response)
    assert response.status_code == 200
    assert "Select a valid choice" in page  # visitors are not offered as owners
    assert not PlanTask.objects.exists()
    response = client_for("coordinator").post(
        _url("task-add", objective_pk=factories.objective(plan).pk),
        {
            "title": "Too early",
            "due_on": f"{plan.period_start - DAY:%Y-%m-%d}",
            "report_back_on": f"{today():%Y-%m-%d}",
        },
    )
    page = _text(response)
    assert "a task cannot be due before that" in page
    assert "Choose the bodies that hear the report-back" in page
    assert not PlanTask.objects.exists()


def test_editing_a_task(personas, client_for):
    bodies = factories.bodies(personas)
    task = factories.task(personas)
    response = client_for("coordinator").post(
        _url("task-edit", pk=task.pk),
        {
            "objective": task.objective_id,
            "title": "Map every shelter bed",
            "owner": personas.coordinator.person.pk,
            "due_on": f"{task.due_on:%Y-%m-%d}",
            "report_back_on": "",
            "report_to": [bodies.board.pk],
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Map every shelter bed"
    assert task.owner == personas.coordinator.person
    assert list(task.report_to.all()) == [bodies.board]


# --- Reporting on a task -------------------------------------------------------------------------


def test_the_owner_reports_on_their_own_task(personas, client_for):
    task = factories.task(personas)
    client = client_for("advocate")
    page = _text(client.get(_url("task", pk=task.pk)))
    assert "Add a progress note" in page
    assert "Edit the task" not in page
    response = client.post(_url("task-note", pk=task.pk), {"note-text": "Called four shelters."})
    assert response.status_code == 302
    assert task.notes.get().text == "Called four shelters."
    client.post(_url("task-status", pk=task.pk), {"status-status": "in_progress"})
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    client.post(
        _url("task-report-back", pk=task.pk),
        {"report-text": "Told the general body.", "report-reported_on": f"{today():%Y-%m-%d}"},
    )
    task.refresh_from_db()
    assert task.last_reported_on == today()
    assert task.notes.filter(is_report_back=True).count() == 1
    assert AuditEvent.objects.filter(action="plans.task.reported_back").exists()


def test_a_refused_note_is_shown_with_its_error(personas, client_for):
    task = factories.task(personas)
    response = client_for("advocate").post(_url("task-note", pk=task.pk), {"note-text": "  "})
    assert response.status_code == 200
    assert "This field is required." in _text(response)
    response = client_for("advocate").post(
        _url("task-report-back", pk=task.pk),
        {"report-text": "Next week", "report-reported_on": f"{today() + DAY:%Y-%m-%d}"},
    )
    assert response.status_code == 200
    assert "recorded once it has been given" in _text(response)
    assert 'value="' in _text(response) and "Next week" in _text(response)
    assert not task.notes.exists()


def test_other_members_read_the_task_but_do_not_report_on_it(personas, client_for):
    task = factories.task(personas)
    client = client_for("prosecutor")
    page = client.get(_url("task", pk=task.pk))
    assert page.status_code == 200
    assert "Add a progress note" not in _text(page)
    assert client.post(_url("task-note", pk=task.pk), {"note-text": "Hi"}).status_code == 404
    assert (
        client.post(_url("task-status", pk=task.pk), {"status-status": "done"}).status_code == 404
    )
    assert not task.notes.exists()
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED
