"""Sample URL arguments for routes with parameters, so the matrix can call every route.

Add an entry when you add a route with parameters; the matrix test fails for a route it cannot
build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.personas import Personas

RouteSample = Callable[[Personas], dict[str, Any]]

ROUTE_SAMPLES: dict[str, RouteSample] = {}

# Routes the matrix does not call with GET, with the reason.
NOT_CALLABLE: dict[str, str] = {}
