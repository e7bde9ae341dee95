"""URL arguments for the agreements party routes with parameters.

The parties are the police department's in the memorandum of `tests.agreements.factories`: under
review for the review and answer pages, final for the signing page. Comparing uses a memorandum
revised once (see `revised`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from taskforce.agreements import services
from taskforce.agreements.models import Agreement, Clause, VersionState
from tests.agreements import factories
from tests.personas import Personas

if TYPE_CHECKING:
    # Imported for the annotation only: tests.security.route_samples imports this module.
    from tests.security.route_samples import RouteSample

NARROWER_SHARING = "Agencies share only what each needs to act on a case."


def revised(p: Personas, *, final: bool = False) -> Agreement:
    """The memorandum circulated once, then again as version 2: clause 1.1 reworded (and now
    1.2), the consent clause moved up from 1.2 to 1.1. Version 2 is under review, or final."""
    made = factories.circulated(p)
    draft = services.start_revision(p.coordinator, made)
    need_to_know, consent = Clause.objects.filter(version=draft, section__order=1).order_by(
        "order"
    )[:2]
    services.update_clause(p.coordinator, need_to_know, {"text": NARROWER_SHARING})
    services.move_clause(p.coordinator, consent, "up")
    services.circulate(p.coordinator, draft, "Narrower sharing; consent first", final=final)
    made.refresh_from_db()
    return made


def _police_under_review(p: Personas) -> dict[str, int]:
    return {"pk": factories.party(factories.circulated(p), p.police).pk}


def _police_clause(p: Personas) -> dict[str, int]:
    made = factories.circulated(p)
    clause = Clause.objects.filter(version__agreement=made, version__state=VersionState.REVIEW)
    return {"pk": factories.party(made, p.police).pk, "clause_pk": clause.first().pk}


def _police_final(p: Personas) -> dict[str, int]:
    made, _ = factories.final(p)
    return {"pk": factories.party(made, p.police).pk}


SAMPLES: dict[str, RouteSample] = {
    "agreements:party-review": _police_under_review,
    "agreements:party-answer": _police_clause,
    "agreements:party-accept-remaining": _police_under_review,
    "agreements:party-sign": _police_final,
    "agreements:party-decline": _police_under_review,
    "agreements:compare": lambda p: {"pk": revised(p).pk},
}
NOT_CALLABLE: dict[str, str] = {}
