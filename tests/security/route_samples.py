"""Sample URL arguments for routes with parameters, so the matrix can call every route.

Each app keeps its own in tests/<app>/route_samples.py; the matrix test fails for a route with
parameters that none of them covers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.personas import Personas

RouteSample = Callable[[Personas], dict[str, Any]]


def _collect() -> tuple[dict[str, RouteSample], dict[str, str]]:
    from tests.accounts import route_samples as accounts
    from tests.agreements import route_samples as agreements
    from tests.api import route_samples as api
    from tests.demo import route_samples as demo
    from tests.directory import route_samples as directory
    from tests.governance import route_samples as governance
    from tests.meetings import route_samples as meetings
    from tests.plans import route_samples as plans

    samples: dict[str, RouteSample] = {}
    not_callable: dict[str, str] = {}
    for module in (accounts, agreements, api, demo, directory, governance, meetings, plans):
        samples.update(module.SAMPLES)
        not_callable.update(module.NOT_CALLABLE)
    return samples, not_callable


ROUTE_SAMPLES, NOT_CALLABLE = _collect()
