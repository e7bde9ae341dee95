"""Who sees which plan, progress at a glance, and the dashboard counts."""

from __future__ import annotations

import pytest
from django.http import Http404

from taskforce.plans import selectors, services
from taskforce.plans.models import TaskStatus
from tests.plans import factories
from tests.plans.factories import DAY, today

pytestmark = pytest.mark.django_db


def _titles(user) -> set[str]:
    return {plan.body.name for plan in selectors.plans_visible_to(user)}


def test_closed_committees_plans_are_seen_only_by_their_members(personas):
    factories.plan(personas)
    factories.plan(personas, "law_enforcement")
    both = {"Victim Services Committee", "Law Enforcement Committee"}
    assert _titles(personas.detective) == both
    assert _titles(personas.prosecutor) == both
    assert _titles(personas.advocate) == {"Victim Services Committee"}
    assert _titles(personas.coordinator) == {"Victim Services Committee"}
    assert _titles(personas.administrator) == {"Victim Services Committee"}


def test_visitors_see_only_plans_of_bodies_that_seat_them(personas, django_user_model):
    factories.plan(personas)
    factories.plan(personas, "law_enforcement")
    assert _titles(personas.visitor) == {"Victim Services Committee"}
    unseated = django_user_model.objects.create_user(
        username="guest2", password="x" * 20, role="visitor"
    )
    assert _titles(unseated) == set()


def test_hidden_plans_and_their_tasks_answer_404(personas):
    plan = factories.plan(personas, "law_enforcement")
    task = factories.task(personas, plan)
    assert selectors.get_plan_for(personas.prosecutor, plan.pk) == plan
    with pytest.raises(Http404):
        selectors.get_plan_for(personas.advocate, plan.pk)
    with pytest.raises(Http404):
        selectors.get_task_for(personas.coordinator, task.pk)


def test_editing_lookups_answer_404_to_readers_who_may_not_edit(personas):
    plan = factories.plan(personas)
    task = factories.task(personas, plan)
    assert selectors.get_editable_plan_for(personas.coordinator, plan.pk) == plan
    with pytest.raises(Http404):
        selectors.get_editable_plan_for(personas.advocate, plan.pk)
    with pytest.raises(Http404):
        selectors.get_editable_task_for(personas.advocate, task.pk)
    # The owner may report on the task; another member may not.
    assert selectors.get_reportable_task_for(personas.advocate, task.pk) == task
    with pytest.raises(Http404):
        selectors.get_reportable_task_for(personas.prosecutor, task.pk)


def test_plan_summaries_show_progress_at_a_glance(personas, django_assert_num_queries):
    plan = factories.plan(personas)
    statuses = [TaskStatus.DONE, TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.DROPPED]
    for index, status in enumerate(statuses):
        task = factories.task(
            personas, plan, title=f"Task {index}", report_back_on=today() + (index + 2) * DAY
        )
        services.change_task_status(personas.coordinator, task, status)
    late = factories.task(personas, plan, title="Late", due_on=today() - DAY)
    services.record_report_back(personas.coordinator, late, "Reported.")
    factories.plan(personas, "law_enforcement")
    with django_assert_num_queries(2):  # the user's seats, then the plans with their counts
        summaries = selectors.plan_summaries(personas.advocate)
    (summary,) = summaries
    progress = summary.progress
    assert progress.total == 5
    assert progress.done == 2
    assert progress.planned == 4  # the dropped task does not count against the plan
    assert progress.percent_done == 50
    assert progress.overdue == 1
    # The late task reported already; the next pending one is the first task's.
    assert progress.next_report_back == today() + 2 * DAY
    assert {row.status: row.count for row in progress.by_status}[TaskStatus.NOT_STARTED] == 1
    # The same figures from loaded tasks (the plan page).
    tasks = [t for o in selectors.objectives_with_tasks(plan) for t in o.tasks.all()]
    assert selectors.progress_of(tasks) == progress


def test_the_plan_page_loads_in_a_fixed_number_of_queries(personas, django_assert_num_queries):
    plan = factories.plan(personas)
    for index in range(5):
        task = factories.task(personas, plan, title=f"Task {index}")
        services.add_progress_note(personas.advocate, task, f"Note {index}")
    with django_assert_num_queries(3):
        objectives = selectors.objectives_with_tasks(plan)
        tasks = [task for objective in objectives for task in objective.tasks.all()]
        assert [task.latest_note_text for task in tasks] == [f"Note {i}" for i in range(5)]
        assert all(task.report_to.all() for task in tasks)


def test_plan_overview_counts_across_visible_active_plans(personas):
    bodies = factories.bodies(personas)
    victim = factories.plan(personas)
    factories.task(personas, victim, title="Overdue", due_on=today() - DAY)
    factories.task(personas, victim, title="Reports in a week", report_back_on=today() + 7 * DAY)
    factories.task(personas, victim, title="Reports later", report_back_on=today() + 40 * DAY)
    factories.task(personas, victim, title="Reported late", report_back_on=today() - 5 * DAY)
    law = factories.plan(personas, "law_enforcement")
    factories.task(personas, law, due_on=today() - DAY, report_to=[bodies.law_enforcement])
    draft = factories.plan(
        personas, "victim_services", activate=False, period_start=today() - 50 * DAY
    )
    factories.task(personas, draft, due_on=today() - DAY)

    advocate = selectors.plan_overview(personas.advocate)
    assert advocate.active_plans == 1
    assert advocate.overdue_tasks == 1
    assert advocate.report_backs_due == 1
    # "Overdue" reports back yesterday (the factory's default), "Reported late" five days ago.
    assert advocate.report_backs_late == 2

    detective = selectors.plan_overview(personas.detective)
    assert detective.active_plans == 2
    assert detective.overdue_tasks == 2
    assert detective.report_backs_late == 3


def test_a_closed_committees_tasks_report_to_the_committee_by_default(personas):
    """Only the closed committee's own agenda may show its tasks, so that is where they report."""
    built = factories.bodies(personas)
    assert selectors.default_report_to(built.law_enforcement) == [built.law_enforcement]
    assert set(selectors.default_report_to(built.victim_services)) == {built.general, built.board}
