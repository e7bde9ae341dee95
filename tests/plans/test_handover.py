"""Plan tasks change hands with the rest of a departing person's work."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from taskforce.core.models import AuditEvent
from taskforce.governance import services as governance_services
from taskforce.governance.handover import handover_providers
from taskforce.plans.models import PlanTask, TaskStatus
from tests.plans import factories

pytestmark = pytest.mark.django_db


def _provider():
    (provider,) = [p for p in handover_providers() if p.name == "plans"]
    return provider


def test_the_provider_lists_open_tasks_only(personas):
    plan = factories.plan(personas)
    open_task = factories.task(personas, plan)
    done = factories.task(personas, plan, title="Finished")
    done.status = TaskStatus.DONE
    done.save()
    factories.task(personas, plan, title="Someone else's", owner=personas.coordinator)
    (item,) = _provider().owned_by(personas.advocate.person)
    assert item.kind == "Plan task"
    assert item.key == f"plans:{open_task.pk}"
    assert item.label == "Map shelter beds"
    assert "Victim Services Committee plan" in item.detail
    assert item.url == f"/plans/tasks/{open_task.pk}/"


def test_a_closed_committees_task_is_listed_without_its_title(personas):
    plan = factories.plan(personas, "law_enforcement")
    task = factories.task(personas, plan, title="Surveil the motel on 5th Street")
    (item,) = _provider().owned_by(personas.prosecutor.person)
    assert item.key == f"plans:{task.pk}"
    assert "Surveil" not in item.label + item.detail
    assert item.label == "A task of the closed Law Enforcement Committee"


def test_the_provider_reassigns_its_own_items_and_audits_each(personas):
    plan = factories.plan(personas)
    first = factories.task(personas, plan)
    second = factories.task(personas, plan, title="Second")
    with pytest.raises(ValidationError), transaction.atomic():
        _provider().reassign(
            personas.leader,
            ["plans:not-a-number"],
            personas.advocate.person,
            personas.coordinator.person,
        )
    moved = _provider().reassign(
        personas.leader,
        [f"plans:{first.pk}", f"plans:{second.pk}", "charter_objective:1"],
        personas.advocate.person,
        personas.coordinator.person,
    )
    assert moved == 2
    assert set(PlanTask.objects.values_list("owner", flat=True)) == {personas.coordinator.person.pk}
    assert AuditEvent.objects.filter(action="plans.task.reassigned").count() == 2


def test_a_handover_moves_plan_tasks_in_one_step(personas):
    task = factories.task(personas)
    governance_services.hand_over(
        personas.leader,
        personas.advocate.person,
        personas.prosecutor.person,
        [f"plans:{task.pk}"],
        "Ana moves to another county.",
    )
    task.refresh_from_db()
    assert task.owner == personas.prosecutor.person
    event = AuditEvent.objects.get(action="plans.task.reassigned")
    assert event.target_id == str(task.pk)
    assert AuditEvent.objects.filter(action="governance.handover.completed").exists()
