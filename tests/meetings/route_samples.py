"""URL arguments for the meetings routes with parameters (see tests/security/route_samples.py).

Scheduling and agenda routes are in SCHEDULE_SAMPLES; roll call, minutes, action items and
feedback routes in PROCEEDINGS_SAMPLES.
"""

from __future__ import annotations

from tests.security.route_samples import RouteSample

SCHEDULE_SAMPLES: dict[str, RouteSample] = {}
PROCEEDINGS_SAMPLES: dict[str, RouteSample] = {}

SAMPLES: dict[str, RouteSample] = {**SCHEDULE_SAMPLES, **PROCEEDINGS_SAMPLES}
NOT_CALLABLE: dict[str, str] = {}
