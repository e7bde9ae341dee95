"""URL arguments for the agreements document routes with parameters.

The version is the memorandum's first, final for signature; the letter is the one issued to the
police department, which cannot sign it. Neither is task-force-wide, so the advocate and the
administrator (on no party) get 404 and the visitor 403."""

from __future__ import annotations

from typing import Any

from taskforce.agreements import services
from tests.agreements import factories
from tests.personas import Personas
from tests.security.route_samples import RouteSample


def _version(p: Personas) -> dict[str, Any]:
    made, version = factories.final(p)
    return {"pk": made.pk, "number": version.number}


def _letter(p: Personas) -> dict[str, Any]:
    made, _ = factories.final(p)
    party = services.issue_letter(p.coordinator, factories.party(made, p.police))
    return {"pk": party.pk}


SAMPLES: dict[str, RouteSample] = {
    "agreements:version-pdf": _version,
    "agreements:letter-pdf": _letter,
}
NOT_CALLABLE: dict[str, str] = {}
