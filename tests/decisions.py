"""Decision rules and proposals around the standard bodies (tests/bodies.py), for every test.

- `rule(body, *steps, **settings)` writes a rule straight to the tables.
- `proposal(actor, body, ...)` makes one through the services, in discussion; `opened(...)` also
  opens it for positions.

The General Body has the leader (chair), the coordinator, the detective, the prosecutor, the
advocate and the administrator: six voting members.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from taskforce.directory.models import ExpertiseArea
from taskforce.governance import decision_services, tally
from taskforce.governance.decision_models import DecisionRule, DecisionStep, Proposal
from taskforce.governance.models import Body


def step(
    method: str,
    trigger: str = "",
    *,
    weight: str = "1",
    numerator: int = 2,
    denominator: int = 3,
) -> decision_services.StepData:
    return decision_services.StepData(
        method=method,
        trigger=trigger,
        threshold_numerator=numerator,
        threshold_denominator=denominator,
        expertise_weight=Decimal(weight),
    )


def rule(
    body: Body, *steps: decision_services.StepData, topic: str = "", **settings: Any
) -> DecisionRule:
    """A rule written straight to the tables (a plain majority of votes cast by default)."""
    saved = DecisionRule.objects.create(body=body, topic=topic, **settings)
    for number, data in enumerate(steps or (step(tally.MAJORITY),), start=1):
        DecisionStep.objects.create(
            rule=saved,
            order=number,
            method=data.method,
            trigger=data.trigger,
            threshold_numerator=data.threshold_numerator,
            threshold_denominator=data.threshold_denominator,
            expertise_weight=data.expertise_weight,
        )
    return saved


def area(code: str = "victim-services") -> ExpertiseArea:
    return ExpertiseArea.objects.get(code=code)


def proposal(
    actor: Any,
    body: Body,
    *,
    title: str = "Admit the county health department",
    topic: str = "membership",
    deadline: datetime.datetime | None = None,
    options: tuple[str, ...] = (),
    **data: Any,
) -> Proposal:
    values = {
        "topic": topic,
        "title": title,
        "text": f"{title}, as the membership committee recommends.",
        "deadline": deadline or timezone.now() + datetime.timedelta(days=7),
        **data,
    }
    if options:
        values.setdefault("choice_kind", "options")
    return decision_services.create_proposal(actor, body, values, options=options)


def opened(actor: Any, body: Body, **kwargs: Any) -> Proposal:
    made = proposal(actor, body, **kwargs)
    return decision_services.open_positions(actor, made)
