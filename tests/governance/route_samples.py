"""URL arguments for this app's routes with parameters (see tests/security/route_samples.py)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from taskforce.governance import decision_services
from taskforce.governance.decision_models import DecisionRule, Proposal
from taskforce.governance.models import (
    Body,
    BodyMembership,
    CompositionRequirement,
    CompositionSource,
    OrganizationSeat,
    VoteUnit,
)
from tests import bodies, decisions
from tests.governance import factories
from tests.personas import Personas
from tests.security.route_samples import RouteSample


def _body(p: Personas) -> Body:
    """The open committee that seats the visitor as an observer."""
    return bodies.build_bodies(p).victim_services


def _seat(p: Personas) -> BodyMembership:
    body = _body(p)
    seat = BodyMembership.objects.get(body=body, person=p.advocate.person)
    seat.term_end = timezone.localdate() + datetime.timedelta(days=30)
    seat.save()
    return seat


def _planned_seat(p: Personas) -> BodyMembership:
    return bodies.seat(
        _body(p), p.prosecutor, term_start=timezone.localdate() + datetime.timedelta(days=30)
    )


def _organization_seat(p: Personas) -> dict[str, int]:
    body = _body(p)
    body.vote_unit = VoteUnit.ORGANIZATION
    body.save()
    OrganizationSeat.objects.create(body=body, organization=p.new_dawn, delegate=p.advocate.person)
    return {"pk": body.pk, "organization_pk": p.new_dawn.pk}


def _requirement(p: Personas) -> CompositionRequirement:
    return CompositionRequirement.objects.create(
        body=bodies.build_bodies(p).board, source=CompositionSource.COMMITTEE_CHAIRS
    )


def _decision_rule(p: Personas) -> DecisionRule:
    return decisions.rule(_body(p))


def _proposal(p: Personas) -> Proposal:
    """A proposal in discussion on the open committee, put by its chair."""
    body = _body(p)
    decisions.rule(body)
    return decisions.proposal(p.coordinator, body)


def _amendment(p: Personas) -> dict[str, int]:
    amendment = decision_services.propose_amendment(
        p.advocate, _proposal(p), "Admit the clinic for a trial year.", "A trial first"
    )
    return {"pk": amendment.pk}


PROPOSAL_ROUTES = (
    "proposal",
    "proposal-edit",
    "proposal-comment",
    "proposal-amend",
    "proposal-open",
    "proposal-position",
    "proposal-close",
    "proposal-withdraw",
    "proposal-review",
)

SAMPLES: dict[str, RouteSample] = {
    **{f"decisions:{name}": lambda p: {"pk": _proposal(p).pk} for name in PROPOSAL_ROUTES},
    "decisions:amendment-decide": _amendment,
    "decisions:body-rules": lambda p: {"pk": _body(p).pk},
    "decisions:rule-add": lambda p: {"pk": _body(p).pk},
    "decisions:rule-edit": lambda p: {"pk": _decision_rule(p).pk},
    "decisions:rule-delete": lambda p: {"pk": _decision_rule(p).pk},
    "governance:goal-edit": lambda p: {"pk": factories.goal(p).pk},
    "governance:goal-delete": lambda p: {"pk": factories.goal(p).pk},
    "governance:goal-move": lambda p: {"pk": factories.goal(p).pk},
    "governance:objective-add": lambda p: {"goal_pk": factories.goal(p).pk},
    "governance:objective-edit": lambda p: {"pk": factories.objective(p).pk},
    "governance:objective-delete": lambda p: {"pk": factories.objective(p).pk},
    "governance:objective-move": lambda p: {"pk": factories.objective(p).pk},
    "governance:leadership-end-term": lambda p: {"pk": factories.assignment(p).pk},
    "bodies:detail": lambda p: {"pk": _body(p).pk},
    "bodies:edit": lambda p: {"pk": _body(p).pk},
    "bodies:dissolve": lambda p: {"pk": _body(p).pk},
    "bodies:voting": lambda p: {"pk": _body(p).pk},
    "bodies:seat-add": lambda p: {"pk": _body(p).pk},
    "bodies:composition-add": lambda p: {"pk": _body(p).pk},
    "bodies:organization-seat": _organization_seat,
    "bodies:organization-seat-remove": _organization_seat,
    "bodies:seat-end": lambda p: {"pk": _seat(p).pk},
    "bodies:seat-successor": lambda p: {"pk": _seat(p).pk},
    "bodies:seat-cancel": lambda p: {"pk": _planned_seat(p).pk},
    "bodies:composition-remove": lambda p: {"pk": _requirement(p).pk},
}
NOT_CALLABLE: dict[str, str] = {}
