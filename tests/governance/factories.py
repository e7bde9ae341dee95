"""Charter data for tests, written through the services as a coordinator would."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from taskforce.governance import services
from taskforce.governance.models import (
    Charter,
    Goal,
    LeadershipModel,
    LeadershipRoleAssignment,
    Objective,
)
from tests.personas import Personas

CHARTER_DATA: dict[str, Any] = {
    "name": "Harbor County Anti-Trafficking Task Force",
    "jurisdiction": "Harbor County, California",
    "mission": "Identify and serve every victim of trafficking in Harbor County.",
    "purpose": "Coordinate investigations, prosecutions and victim services.",
    "vision": "A county where no one is bought or sold.",
    "leadership_model": LeadershipModel.DECENTRALIZED,
    "formed_on": datetime.date(2020, 1, 15),
}


def charter(p: Personas, **overrides: Any) -> Charter:
    existing = Charter.objects.first()
    if existing is not None and not overrides:
        return existing
    return services.save_charter(p.leader, {**CHARTER_DATA, **overrides})


def goal(p: Personas, title: str = "Identify victims") -> Goal:
    charter(p)
    return services.create_goal(p.leader, {"title": title, "description": "Find them sooner."})


def objective(p: Personas, parent: Goal | None = None, **overrides: Any) -> Objective:
    data: dict[str, Any] = {
        "description": "Train patrol officers on trafficking indicators",
        "measure": "120 officers trained",
        "target_date": timezone.localdate() + datetime.timedelta(days=90),
        "owner": p.detective.person,
        "status": "on-track",
        **overrides,
    }
    return services.create_objective(p.leader, parent or goal(p), data)


def assignment(
    p: Personas,
    role: str = "group_leader",
    person_of: str = "leader",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> LeadershipRoleAssignment:
    user = getattr(p, person_of)
    return services.assign_leadership_role(
        p.leader,
        role,
        user.person,
        start or timezone.localdate() - datetime.timedelta(days=100),
        end,
    )
