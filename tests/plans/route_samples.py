"""URL arguments for the plans routes with parameters (see tests/security/route_samples.py).

The samples belong to the open Victim Services Committee's plan, so every member and the visitor
(an observer of that committee) may read them; only its chair (the coordinator) and coordinators
may change them.
"""

from __future__ import annotations

from tests.plans import factories
from tests.security.route_samples import RouteSample


def _plan(p):
    return {"pk": factories.plan(p).pk}


def _objective(p):
    return {"pk": factories.objective(factories.plan(p)).pk}


def _task(p):
    return {"pk": factories.task(p).pk}


SAMPLES: dict[str, RouteSample] = {
    "plans:detail": _plan,
    "plans:edit": _plan,
    "plans:status": _plan,
    "plans:objective-add": lambda p: {"plan_pk": factories.plan(p).pk},
    "plans:objective-edit": _objective,
    "plans:objective-remove": _objective,
    "plans:objective-move": _objective,
    "plans:task-add": lambda p: {"objective_pk": factories.objective(factories.plan(p)).pk},
    "plans:task": _task,
    "plans:task-edit": _task,
    "plans:task-status": _task,
    "plans:task-note": _task,
    "plans:task-report-back": _task,
}
NOT_CALLABLE: dict[str, str] = {}
