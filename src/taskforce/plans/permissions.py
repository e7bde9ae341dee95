"""Who may read and write a committee's plan.

A plan is part of its committee's business: whoever may see that business (governance's body
rules: members see open committees, closed committees show theirs only to their own members,
visitors only the bodies that seat them) may read the plan. The people who run the committee's
meetings keep its plan: its officers, and coordinators who can see its business. A task's owner
may report on their own task (progress notes, status, the report-back) without editing the plan.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from taskforce.directory.permissions import person_of
from taskforce.governance.models import Body
from taskforce.governance.permissions import business_visible_q, can_run_body_meetings
from taskforce.plans.models import PlanTask


def plans_visible_q(user: Any) -> Q:
    """A filter on committee plans for those the user may read."""
    return business_visible_q(user, "body__")


def can_edit_plans_of(user: Any, body: Body) -> bool:
    return can_run_body_meetings(user, body)


def owns_task(user: Any, task: PlanTask) -> bool:
    person = person_of(user)
    return person is not None and task.owner_id == person.pk


def can_report_on_task(user: Any, task: PlanTask) -> bool:
    """Status, progress notes and report-backs: the task's owner or the plan's editors."""
    return owns_task(user, task) or can_edit_plans_of(user, task.objective.plan.body)
