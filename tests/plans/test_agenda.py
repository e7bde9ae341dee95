"""Report-backs on the agendas of the bodies that hear them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from taskforce.meetings.agenda_sources import carried_entries
from taskforce.plans import services
from taskforce.plans.agenda import report_back_entries
from tests.bodies import meeting
from tests.plans import factories
from tests.plans.factories import DAY, today

pytestmark = pytest.mark.django_db


def _titles(at) -> list[str]:
    return [entry.title for entry in carried_entries(at) if entry.kind == "Report-back"]


def test_a_due_report_back_appears_until_it_is_recorded(personas):
    bodies = factories.bodies(personas)
    task = factories.task(personas, report_back_on=today() - DAY)
    before = meeting(bodies.general, days_from_now=-3)
    after = meeting(bodies.general, days_from_now=14)
    assert _titles(before) == []
    (entry,) = [e for e in carried_entries(after) if e.kind == "Report-back"]
    assert entry.title == "Map shelter beds"
    assert entry.owner == personas.advocate.person.full_name
    assert "Victim Services Committee plan" in entry.detail
    assert f"due {task.due_on:%Y-%m-%d}" in entry.detail
    assert entry.url == reverse("plans:task", kwargs={"pk": task.pk})

    services.record_report_back(personas.advocate, task, "Told the general body.")
    assert _titles(after) == []


def test_only_the_bodies_reported_to_see_it(personas):
    bodies = factories.bodies(personas)
    factories.task(personas, report_to=[bodies.board])
    assert _titles(meeting(bodies.general)) == []
    assert _titles(meeting(bodies.board)) == ["Map shelter beds"]


def test_a_later_report_back_date_brings_the_task_back(personas):
    bodies = factories.bodies(personas)
    task = factories.task(personas, report_back_on=today() - 10 * DAY)
    services.record_report_back(personas.advocate, task, "First report.", today() - 9 * DAY)
    at = meeting(bodies.general, days_from_now=14)
    assert _titles(at) == []
    services.update_task(personas.coordinator, task, {"report_back_on": today() + 7 * DAY})
    assert _titles(at) == ["Map shelter beds"]


def test_draft_and_completed_plans_put_nothing_on_agendas(personas):
    bodies = factories.bodies(personas)
    plan = factories.plan(personas)
    factories.task(personas, plan)
    at = meeting(bodies.general)
    assert _titles(at) == ["Map shelter beds"]
    services.complete_plan(personas.coordinator, plan)
    assert _titles(at) == []
    draft = factories.plan(personas, activate=False, period_start=today() - 50 * DAY)
    factories.task(personas, draft, title="Draft task")
    assert _titles(at) == []


def test_a_closed_committees_report_back_stays_on_its_own_agenda(personas):
    bodies = factories.bodies(personas)
    plan = factories.plan(personas, "law_enforcement")
    factories.task(
        personas,
        plan,
        title="Review trafficking investigations",
        report_to=[bodies.general, bodies.law_enforcement],
    )
    assert _titles(meeting(bodies.general)) == []
    assert _titles(meeting(bodies.law_enforcement)) == ["Review trafficking investigations"]


def test_the_meetings_own_day_decides(personas):
    """A meeting at 19:00 in Los Angeles is the next day in UTC: its local day counts."""
    bodies = factories.bodies(personas)
    local_day = today() + 20 * DAY
    starts = datetime.datetime.combine(
        local_day + DAY, datetime.time(3, 0), tzinfo=datetime.UTC
    )  # 19:00 or 20:00 the evening before, in Los Angeles
    at = meeting(bodies.general)
    at.starts_at, at.ends_at = starts, starts + datetime.timedelta(hours=1)
    at.save()
    assert at.local_start.date() == local_day
    task = factories.task(personas, report_back_on=local_day + DAY)
    assert _titles(at) == []
    services.update_task(personas.coordinator, task, {"report_back_on": local_day})
    assert _titles(at) == ["Map shelter beds"]


def test_the_agenda_source_takes_one_query(personas, django_assert_num_queries):
    bodies = factories.bodies(personas)
    plan = factories.plan(personas)
    for index in range(4):
        factories.task(personas, plan, title=f"Task {index}", report_to=[bodies.general])
    at = meeting(bodies.general)
    with django_assert_num_queries(1):
        assert len(report_back_entries(at)) == 4
