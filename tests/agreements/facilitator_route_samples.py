"""URL arguments for the agreements facilitator routes with parameters.

Each sample belongs to the memorandum of `tests.agreements.factories`, facilitated by the
coordinator: its working draft for the text, its parties, a circulated version with the police's
objection for the objections, and a memorandum in effect for the review."""

from __future__ import annotations

from typing import Any

from taskforce.agreements import services
from taskforce.agreements.models import AgreementTemplate, AgreementVersion
from tests.agreements import factories
from tests.personas import Personas
from tests.security.route_samples import RouteSample


def _agreement(p: Personas) -> dict[str, Any]:
    return {"pk": factories.agreement(p).pk}


def _draft(p: Personas) -> AgreementVersion:
    return factories.agreement(p).versions.get()


def _section(p: Personas) -> dict[str, Any]:
    return {"pk": _draft(p).sections.order_by("order").first().pk}


def _clause(p: Personas) -> dict[str, Any]:
    return {"pk": _draft(p).clauses.order_by("order").first().pk}


def _commitment(p: Personas) -> dict[str, Any]:
    return {"pk": _draft(p).commitments.order_by("pk").first().pk}


def _party(p: Personas) -> dict[str, Any]:
    return {"pk": factories.party(factories.agreement(p), p.police).pk}


def _circulated(p: Personas) -> dict[str, Any]:
    return {"pk": factories.circulated(p).pk}


def _objection(p: Personas) -> dict[str, Any]:
    agreement = factories.circulated(p)
    version = agreement.versions.get()
    answer = services.respond(
        p.detective,
        factories.party(agreement, p.police),
        version.clauses.order_by("order").first(),
        "object",
        reason="Our records unit needs a court order first.",
    )
    return {"pk": answer.pk}


def _template(p: Personas) -> dict[str, Any]:
    template = AgreementTemplate.objects.create(
        name="Referral protocol starter",
        kind="protocol",
        subject="referral_pathways",
        title="Victim referral protocol",
        purpose="How members refer victims to one another.",
        sections=[{"heading": "Referrals", "clauses": [{"heading": "", "text": "Refer warmly."}]}],
    )
    return {"pk": template.pk}


def _circulated_version(p: Personas) -> dict[str, Any]:
    agreement = factories.circulated(p)
    return {"pk": agreement.pk, "number": 1}


SAMPLES: dict[str, RouteSample] = {
    "agreements:detail": _agreement,
    "agreements:edit": _agreement,
    "agreements:delete": _agreement,
    "agreements:facilitator": _agreement,
    "agreements:party-add": _agreement,
    "agreements:party-edit": _party,
    "agreements:party-remove": _party,
    "agreements:party-withdraw": _party,
    "agreements:party-letter": _party,
    "agreements:section-add": _agreement,
    "agreements:section-edit": _section,
    "agreements:section-remove": _section,
    "agreements:section-move": _section,
    "agreements:clause-add": _section,
    "agreements:clause-edit": _clause,
    "agreements:clause-remove": _clause,
    "agreements:clause-move": _clause,
    "agreements:commitment-add": _agreement,
    "agreements:commitment-edit": _commitment,
    "agreements:commitment-remove": _commitment,
    "agreements:circulate": _agreement,
    "agreements:finalize": _circulated,
    "agreements:issue": _circulated,
    "agreements:revise": _circulated,
    "agreements:discard-draft": _agreement,
    "agreements:objections": _circulated,
    "agreements:objection-resolve": _objection,
    "agreements:review": lambda p: {"pk": factories.effective(p)[0].pk},
    "agreements:template-delete": _template,
    "agreements:save-template": _circulated_version,
}
NOT_CALLABLE: dict[str, str] = {}
