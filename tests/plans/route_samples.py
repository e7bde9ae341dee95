"""URL arguments for the plans routes with parameters (see tests/security/route_samples.py)."""

from __future__ import annotations

from tests.security.route_samples import RouteSample

SAMPLES: dict[str, RouteSample] = {}
NOT_CALLABLE: dict[str, str] = {}
