"""URL arguments for the agreements routes with parameters (see tests/security/route_samples.py).

Samples belong to the memorandum of `tests.agreements.factories`, facilitated by the coordinator,
with the police, the district attorney and Safe Harbor as parties. The facilitator's pages, the
parties' pages and the documents keep their samples in separate modules."""

from __future__ import annotations

from tests.agreements import document_route_samples, facilitator_route_samples, party_route_samples
from tests.security.route_samples import RouteSample

SAMPLES: dict[str, RouteSample] = {
    **facilitator_route_samples.SAMPLES,
    **party_route_samples.SAMPLES,
    **document_route_samples.SAMPLES,
}
NOT_CALLABLE: dict[str, str] = {
    **facilitator_route_samples.NOT_CALLABLE,
    **party_route_samples.NOT_CALLABLE,
    **document_route_samples.NOT_CALLABLE,
}
