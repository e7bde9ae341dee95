"""URL arguments for this app's routes with parameters (see tests/security/route_samples.py)."""

from __future__ import annotations

from tests.governance import factories
from tests.security.route_samples import RouteSample

SAMPLES: dict[str, RouteSample] = {
    "governance:goal-edit": lambda p: {"pk": factories.goal(p).pk},
    "governance:goal-delete": lambda p: {"pk": factories.goal(p).pk},
    "governance:goal-move": lambda p: {"pk": factories.goal(p).pk},
    "governance:objective-add": lambda p: {"goal_pk": factories.goal(p).pk},
    "governance:objective-edit": lambda p: {"pk": factories.objective(p).pk},
    "governance:objective-delete": lambda p: {"pk": factories.objective(p).pk},
    "governance:objective-move": lambda p: {"pk": factories.objective(p).pk},
    "governance:leadership-end-term": lambda p: {"pk": factories.assignment(p).pk},
}
NOT_CALLABLE: dict[str, str] = {}
