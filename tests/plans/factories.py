"""Committee plans for tests, written through the services as a committee chair would."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from taskforce.governance.models import Body
from taskforce.plans import services
from taskforce.plans.models import CommitteePlan, PlanObjective, PlanTask
from tests.bodies import Bodies, build_bodies
from tests.personas import Personas

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def bodies(p: Personas) -> Bodies:
    """The standard bodies (tests/bodies.py), built once per test."""
    existing = {body.name: body for body in Body.objects.all()}
    if "General Body" in existing:
        return Bodies(
            existing["General Body"],
            existing["Executive Board"],
            existing["Law Enforcement Committee"],
            existing["Victim Services Committee"],
        )
    return build_bodies(p)


def plan(
    p: Personas,
    committee: str = "victim_services",
    *,
    activate: bool = True,
    **overrides: Any,
) -> CommitteePlan:
    """A plan with one objective, started `period_start` (default: 100 days ago)."""
    body: Body = getattr(bodies(p), committee)
    chair = p.coordinator if committee == "victim_services" else p.detective
    start = overrides.pop("period_start", today() - 100 * DAY)
    data = {
        "title": f"{body.name} plan",
        "period_start": start,
        "period_end": start + 364 * DAY,
        "summary": "",
        **overrides,
    }
    created = services.create_plan(chair, body, data)
    services.create_objective(chair, created, {"description": "Serve survivors", "goal": None})
    if activate:
        created = services.activate_plan(chair, created)
    return created


def objective(committee_plan: CommitteePlan) -> PlanObjective:
    return committee_plan.objectives.order_by("order").first()  # type: ignore[return-value]


def editor_of(p: Personas, committee_plan: CommitteePlan) -> Any:
    return p.coordinator if committee_plan.body.name == "Victim Services Committee" else p.detective


def task(
    p: Personas,
    committee_plan: CommitteePlan | None = None,
    *,
    owner: Any = None,
    report_to: list[Body] | None = None,
    **overrides: Any,
) -> PlanTask:
    """A task owned by the advocate (Victim Services) or the prosecutor (Law Enforcement),
    due in ten days, reporting back to the general body yesterday."""
    if committee_plan is None:
        committee_plan = CommitteePlan.objects.filter(
            body=bodies(p).victim_services
        ).first() or plan(p)
    standard = bodies(p)
    if owner is None:
        owner = p.advocate if committee_plan.body == standard.victim_services else p.prosecutor
    data = {
        "title": "Map shelter beds",
        "owner": owner.person,
        "due_on": today() + 10 * DAY,
        "report_back_on": today() - DAY,
        "report_to": [standard.general] if report_to is None else report_to,
        **overrides,
    }
    return services.create_task(editor_of(p, committee_plan), objective(committee_plan), data)
