"""Every API operation declares who may call it, and answers every persona as its rule says."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from ninja import NinjaAPI, Router

from taskforce.api import api as root_api
from taskforce.core.access import PUBLIC, SIGNED_IN, declared_rule
from taskforce.core.api_access import api_access, declared_api_rule
from taskforce.governance.decision_models import (
    Amendment,
    AmendmentStatus,
    DecisionRule,
    FrozenCount,
    Proposal,
    ProposalStatus,
)
from taskforce.meetings.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AgendaItemStatus,
    Minutes,
    MinutesStatus,
)
from tests.api.agreement_calls import AGREEMENT_CALLS
from tests.api.support import (
    OPERATIONS,
    ApiClient,
    ApiOperation,
    Directory,
    api_operations,
    api_url_patterns,
)
from tests.decisions import opened, proposal, rule
from tests.personas import PERSONA_NAMES, Personas

Kwargs = Callable[[Personas, Directory], dict[str, Any]]


def undeclared(api: NinjaAPI, prefix: str) -> list[str]:
    return [
        f"{op.method} {op.path}"
        for op in api_operations(api, prefix)
        if declared_api_rule(op.view_func) is None
    ]


def test_every_operation_declares_an_access_rule() -> None:
    assert len(OPERATIONS) >= 15
    assert not undeclared(root_api, "/api/v1"), "API operations without @api_access"


def test_the_check_finds_an_operation_without_a_rule() -> None:
    router = Router()

    @router.get("/bare")
    def bare(request: Any) -> dict[str, str]:
        return {}

    @router.get("/declared")
    @api_access(SIGNED_IN)
    def declared(request: Any) -> dict[str, str]:
        return {}

    probe = NinjaAPI(urls_namespace="api-probe")
    probe.add_router("/things", router)
    assert undeclared(probe, "/probe") == ["GET /probe/things/bare"]


def test_operation_ids_are_unique() -> None:
    names = [op.name for op in OPERATIONS]
    pairs = {(op.name, op.method, op.path) for op in OPERATIONS}
    assert len(set(names)) == len(pairs) == len(names)


def test_the_only_api_urls_are_operations_and_the_openapi_document() -> None:
    patterns = dict(api_url_patterns())
    assert declared_rule(patterns["api/v1/openapi.json"]) is PUBLIC
    # The interactive docs load their scripts from a CDN: they are switched off.
    assert "api/v1/docs" not in patterns
    assert {path.rstrip("/") for path in patterns} >= {"api/v1/organizations", "api/v1/services"}


# --- The persona matrix --------------------------------------------------------------------------

ORGANIZATION_OUTSIDERS = frozenset({"prosecutor", "advocate"})


@dataclass(frozen=True)
class Call:
    """How to call one operation, and what success looks like."""

    kwargs: Kwargs = field(default=lambda p, d: {})
    body: Callable[[str], dict[str, Any]] | None = None
    success: int = 200
    # Personas the rule admits but the record's own rules refuse (403): members changing
    # another organization's records or another person's entry.
    refused: frozenset[str] = frozenset()
    # Personas the rule admits who may not see the record at all (404).
    hidden: frozenset[str] = frozenset()
    # Puts the record back as the operation expects it before each persona's call (for
    # operations that change state once, such as accepting a proposal).
    prepare: Callable[[Personas, Directory], None] = field(default=lambda p, d: None)


def _police(p: Personas, d: Directory) -> dict[str, Any]:
    return {"organization_id": p.police.pk}


def _police_service(p: Personas, d: Directory) -> dict[str, Any]:
    return {"service_id": d.police_service.pk}


def _detective(p: Personas, d: Directory) -> dict[str, Any]:
    return {"person_id": p.detective.person.pk}


def _victim_services(p: Personas, d: Directory) -> dict[str, Any]:
    return {"body_id": d.bodies.victim_services.pk}


# Each persona seats a different person, so repeated calls do not collide with earlier seats. Ids
# resolve at call time because people are created per test.
class _SeatPeople(dict[str, Any]):
    def __missing__(self, who: str) -> int:
        from taskforce.directory.models import Person

        return Person.objects.create(first_name="Seated", last_name=who.capitalize()).pk


_ADDED_SEATS = _SeatPeople()


VISITOR = frozenset({"visitor"})
NOT_RUNNERS = frozenset({"detective", "prosecutor", "advocate"})
# Ids the request bodies need, filled in by `prepare` (bodies are built per test).
_GENERAL_BODY: list[int] = [0]
_LEADER: list[int] = [0]
_LATER: list[int] = [0]


def _upcoming(p: Personas, d: Directory) -> dict[str, Any]:
    return {"meeting_id": d.meeting.pk}


def _held(p: Personas, d: Directory) -> dict[str, Any]:
    _LATER[0] = d.later_meeting.pk
    _LEADER[0] = p.leader.person.pk
    return {"meeting_id": d.held_meeting.pk}


def _proposal(p: Personas, d: Directory) -> dict[str, Any]:
    return {"item_id": d.proposal.pk}


def _action_item(p: Personas, d: Directory) -> dict[str, Any]:
    return {"item_id": d.action_item.pk}


def _remember_general_body(p: Personas, d: Directory) -> None:
    _GENERAL_BODY[0] = d.bodies.general.pk


def _remember_leader(p: Personas, d: Directory) -> None:
    _LEADER[0] = p.leader.person.pk


def _reopen_proposal(p: Personas, d: Directory) -> None:
    AgendaItem.objects.filter(pk=d.proposal.pk).update(status=AgendaItemStatus.PROPOSED)


def _reopen_minutes(p: Personas, d: Directory) -> None:
    Minutes.objects.filter(meeting=d.held_meeting).update(status=MinutesStatus.DRAFT)


def _recirculate_minutes(p: Personas, d: Directory) -> None:
    _LATER[0] = d.later_meeting.pk
    Minutes.objects.filter(meeting=d.held_meeting).update(
        status=MinutesStatus.CIRCULATED, adopted_at_meeting=None, adopted_on=None
    )


def _reopen_action_item(p: Personas, d: Directory) -> None:
    ActionItem.objects.filter(pk=d.action_item.pk).update(
        status=ActionItemStatus.OPEN, completed_on=None, closing_note=""
    )


# --- Decisions ---------------------------------------------------------------------------------
# Every body has a majority rule. Proposals are made through the services, once per test: a draft
# the advocate put to the General Body (its meetings are run by the leader and the coordinators;
# the advocate, as proposer, may edit, withdraw and decide amendments), proposals of the Victim
# Services Committee (the visitor observes it: may discuss, may not take a position; the detective
# and the prosecutor sit elsewhere) and an open proposal of the closed Law Enforcement Committee,
# which only the detective and the prosecutor may see.
CLOSED_COMMITTEE_OUTSIDERS = frozenset(
    {"administrator", "leader", "coordinator", "advocate", "visitor"}
)
NOT_ON_VICTIM_SERVICES = frozenset({"detective", "prosecutor"})
EDITORS_REFUSED = frozenset({"detective", "prosecutor"})
_DECISION: dict[str, int] = {}


def _with_rules(d: Directory) -> None:
    bodies = d.bodies
    for body in (bodies.general, bodies.victim_services, bodies.law_enforcement):
        if not DecisionRule.objects.filter(body=body, topic="").exists():
            rule(body)


def _remember(name: str, pk: int, key: str) -> dict[str, Any]:
    _DECISION[name] = pk
    return {key: pk}


def _advocates_draft(p: Personas, d: Directory) -> dict[str, Any]:
    _with_rules(d)
    made = proposal(p.advocate, d.bodies.general, title="Adopt the outreach plan")
    return _remember("proposal", made.pk, "proposal_id")


def _general_open(p: Personas, d: Directory) -> dict[str, Any]:
    _with_rules(d)
    return _remember("proposal", opened(p.leader, d.bodies.general).pk, "proposal_id")


def _victim_services_draft(p: Personas, d: Directory) -> dict[str, Any]:
    _with_rules(d)
    made = proposal(p.coordinator, d.bodies.victim_services, topic="funding")
    return _remember("proposal", made.pk, "proposal_id")


def _victim_services_open(p: Personas, d: Directory) -> dict[str, Any]:
    _with_rules(d)
    made = opened(p.coordinator, d.bodies.victim_services, topic="funding")
    return _remember("proposal", made.pk, "proposal_id")


def _closed_committee_open(p: Personas, d: Directory) -> dict[str, Any]:
    _with_rules(d)
    made = opened(p.detective, d.bodies.law_enforcement, title="Share the deconfliction log")
    return _remember("proposal", made.pk, "proposal_id")


def _closed_committee(p: Personas, d: Directory) -> dict[str, Any]:
    _with_rules(d)
    return {"body_id": d.bodies.law_enforcement.pk}


def _amendment_to_advocates_draft(p: Personas, d: Directory) -> dict[str, Any]:
    _advocates_draft(p, d)
    amendment = Amendment.objects.create(
        proposal_id=_DECISION["proposal"],
        author=p.detective.person,
        text="Adopt the outreach plan, with a Spanish edition.",
        reason="Half the farmworkers read Spanish first.",
    )
    return _remember("amendment", amendment.pk, "amendment_id")


def _victim_services_rule(p: Personas, d: Directory) -> dict[str, Any]:
    _with_rules(d)
    default = DecisionRule.objects.get(body=d.bodies.victim_services, topic="")
    return _remember("rule", default.pk, "rule_id")


def _victim_services_funding_rule(p: Personas, d: Directory) -> dict[str, Any]:
    return _remember("rule", rule(d.bodies.victim_services, topic="funding").pk, "rule_id")


def _ready_to_propose(p: Personas, d: Directory) -> None:
    _with_rules(d)
    _GENERAL_BODY[0] = d.bodies.general.pk


def _back_in_discussion(p: Personas, d: Directory) -> None:
    FrozenCount.objects.filter(proposal_id=_DECISION["proposal"]).delete()
    Proposal.objects.filter(pk=_DECISION["proposal"]).update(
        status=ProposalStatus.DRAFT,
        rule_in_force=None,
        rule_method="",
        opened_at=None,
        opened_by=None,
        outcome="",
        explanation="",
        withdrawn_reason="",
        closed_at=None,
        closed_by=None,
        decided_on=None,
    )


def _back_to_taking_positions(p: Personas, d: Directory) -> None:
    FrozenCount.objects.filter(proposal_id=_DECISION["proposal"]).delete()
    Proposal.objects.filter(pk=_DECISION["proposal"]).update(
        status=ProposalStatus.OPEN,
        outcome="",
        explanation="",
        rationale="",
        closed_at=None,
        closed_by=None,
        decided_on=None,
    )


def _amendment_undecided(p: Personas, d: Directory) -> None:
    Amendment.objects.filter(pk=_DECISION["amendment"]).update(
        status=AmendmentStatus.PROPOSED, decided_by=None, decided_at=None
    )


def _no_funding_rule(p: Personas, d: Directory) -> None:
    DecisionRule.objects.filter(body=d.bodies.victim_services, topic="funding").delete()


def _funding_rule_back(p: Personas, d: Directory) -> None:
    if not DecisionRule.objects.filter(pk=_DECISION["rule"]).exists():
        rule(d.bodies.victim_services, topic="funding", pk=_DECISION["rule"])


def _in_a_week() -> str:
    return (timezone.now() + datetime.timedelta(days=7)).isoformat()


CALLS: dict[str, Call] = {
    "get_vocabularies": Call(),
    "list_organizations": Call(),
    "get_organization": Call(_police),
    "create_organization": Call(
        body=lambda who: {"name": f"Organization added by {who}", "jurisdiction_level": "local"},
        success=201,
    ),
    "update_organization": Call(
        _police,
        body=lambda who: {"description": f"Checked by {who}"},
        refused=ORGANIZATION_OUTSIDERS,
    ),
    "list_organization_services": Call(lambda p, d: {"organization_id": p.safe_harbor.pk}),
    "create_service": Call(
        _police,
        body=lambda who: {"name": f"Service added by {who}", "category": "case-management"},
        success=201,
        refused=ORGANIZATION_OUTSIDERS,
    ),
    "list_services": Call(),
    "get_service": Call(lambda p, d: {"service_id": d.shelter.pk}),
    "update_service": Call(
        _police_service,
        body=lambda who: {"hours": f"Mon–Fri, confirmed by {who}"},
        refused=ORGANIZATION_OUTSIDERS,
    ),
    "update_capacity": Call(
        _police_service,
        body=lambda who: {"available": 1, "maximum": 4},
        refused=ORGANIZATION_OUTSIDERS,
    ),
    "list_people": Call(),
    "get_person": Call(_detective),
    "create_person": Call(
        body=lambda who: {
            "first_name": "Added",
            "last_name": who.capitalize(),
            "email": f"added.{who}@example.org",
        },
        success=201,
    ),
    "update_person": Call(
        _detective,
        body=lambda who: {"title": f"Detective, checked by {who}"},
        refused=ORGANIZATION_OUTSIDERS,
    ),
    # Bodies: the visitor observes the Victim Services Committee and sees no other body.
    "list_bodies": Call(),
    "get_body": Call(_victim_services),
    "get_body_voting_status": Call(_victim_services),
    "create_body": Call(
        body=lambda who: {"name": f"Body added by {who}", "kind": "ad_hoc_committee"},
        success=201,
    ),
    "update_body": Call(_victim_services, body=lambda who: {"charge": f"Charged by {who}"}),
    "add_body_seat": Call(
        _victim_services,
        body=lambda who: {"person": _ADDED_SEATS[who], "term_start": "2026-01-01"},
        success=201,
    ),
    # Meetings of the General Body: the visitor does not sit on it and sees none of them. Its
    # meetings are run by the leader (chair) and the coordinators; other members are refused.
    "list_meetings": Call(),
    "get_meeting": Call(_upcoming, hidden=VISITOR),
    "schedule_meeting": Call(
        body=lambda who: {
            "body": _GENERAL_BODY[0],
            "title": f"Meeting scheduled by {who}",
            "starts_at": "2027-03-09T18:00:00-08:00",
            "ends_at": "2027-03-09T19:30:00-08:00",
            "time_zone": "America/Los_Angeles",
            "location": "County Hall",
        },
        success=201,
        refused=NOT_RUNNERS,
        prepare=_remember_general_body,
    ),
    "update_meeting": Call(
        _upcoming, body=lambda who: {"location": f"Room chosen by {who}"}, refused=NOT_RUNNERS
    ),
    "list_agenda_items": Call(_upcoming, hidden=VISITOR),
    "propose_agenda_item": Call(
        _upcoming, body=lambda who: {"title": f"Proposed by {who}"}, success=201
    ),
    "accept_agenda_item": Call(
        _proposal,
        body=lambda who: {"minutes_allotted": 10},
        refused=NOT_RUNNERS,
        prepare=_reopen_proposal,
    ),
    "decline_agenda_item": Call(
        _proposal,
        body=lambda who: {"reason": f"Declined by {who}"},
        refused=NOT_RUNNERS,
        prepare=_reopen_proposal,
    ),
    "list_attendance": Call(_held, hidden=VISITOR),
    "record_attendance": Call(
        _held,
        body=lambda who: [{"person": _LEADER[0], "status": "present"}],
        refused=NOT_RUNNERS,
        prepare=_remember_leader,
    ),
    "get_minutes": Call(_held, hidden=VISITOR),
    "circulate_minutes": Call(
        _held,
        body=lambda who: {"note": f"Corrected by {who}"},
        refused=NOT_RUNNERS,
        prepare=_reopen_minutes,
    ),
    "adopt_minutes": Call(
        _held,
        body=lambda who: {"at_meeting": _LATER[0]},
        refused=NOT_RUNNERS,
        prepare=_recirculate_minutes,
    ),
    "list_action_items": Call(),
    "create_action_item": Call(
        _held,
        body=lambda who: {
            "description": f"Task from {who}",
            "owner_person": _LEADER[0],
            "due_on": "2027-01-15",
        },
        success=201,
        refused=NOT_RUNNERS,
        prepare=_remember_leader,
    ),
    # The advocate owns the item, so may close it as well as those who run the body.
    "close_action_item": Call(
        _action_item,
        body=lambda who: {"status": "done", "note": f"Done, says {who}"},
        refused=frozenset({"detective", "prosecutor"}),
        prepare=_reopen_action_item,
    ),
    # Decisions.
    "list_proposals": Call(),
    "create_proposal": Call(
        body=lambda who: {
            "body": _GENERAL_BODY[0],
            "topic": "membership",
            "title": f"Proposed by {who}",
            "text": "Admit the county health department as a member.",
            "deadline": _in_a_week(),
        },
        success=201,
        prepare=_ready_to_propose,
    ),
    "get_proposal": Call(_closed_committee_open, hidden=CLOSED_COMMITTEE_OUTSIDERS),
    "update_proposal": Call(
        _advocates_draft, body=lambda who: {"title": f"Edited by {who}"}, refused=EDITORS_REFUSED
    ),
    "open_proposal": Call(_advocates_draft, refused=NOT_RUNNERS, prepare=_back_in_discussion),
    "close_proposal": Call(
        _general_open,
        body=lambda who: {"rationale": f"Closed by {who}"},
        refused=NOT_RUNNERS,
        prepare=_back_to_taking_positions,
    ),
    "withdraw_proposal": Call(
        _advocates_draft,
        body=lambda who: {"reason": f"Withdrawn by {who}"},
        refused=EDITORS_REFUSED,
        prepare=_back_in_discussion,
    ),
    "list_proposal_comments": Call(_advocates_draft, hidden=VISITOR),
    "add_proposal_comment": Call(
        _victim_services_draft,
        body=lambda who: {"text": f"A question from {who}"},
        success=201,
        refused=NOT_ON_VICTIM_SERVICES,
    ),
    "list_amendments": Call(_victim_services_draft),
    "propose_amendment": Call(
        _victim_services_draft,
        body=lambda who: {"text": f"Amended by {who}", "reason": "Clearer"},
        success=201,
        refused=NOT_ON_VICTIM_SERVICES,
    ),
    "decide_amendment": Call(
        _amendment_to_advocates_draft,
        body=lambda who: {"accept": True},
        refused=EDITORS_REFUSED,
        prepare=_amendment_undecided,
    ),
    "list_positions": Call(_closed_committee_open, hidden=CLOSED_COMMITTEE_OUTSIDERS),
    # The chair (the coordinator) and the advocate vote; the visitor observes, and the others
    # hold no seat on the committee: each is told why not.
    "take_position": Call(
        _victim_services_open,
        body=lambda who: {"value": "yes"},
        refused=frozenset({"administrator", "leader", "detective", "prosecutor", "visitor"}),
    ),
    "get_standing": Call(_victim_services_open),
    "get_tally": Call(_closed_committee_open, hidden=CLOSED_COMMITTEE_OUTSIDERS),
    "get_decision_register": Call(),
    "list_decision_rules": Call(_closed_committee, hidden=CLOSED_COMMITTEE_OUTSIDERS),
    "create_decision_rule": Call(
        _victim_services,
        body=lambda who: {"topic": "funding", "steps": [{"method": "majority"}]},
        success=201,
        prepare=_no_funding_rule,
    ),
    "update_decision_rule": Call(
        _victim_services_rule,
        body=lambda who: {
            "quorum_percent": 50,
            "notes": f"Checked by {who}",
            "steps": [{"method": "consensus"}, {"method": "majority", "trigger": "blocked"}],
        },
    ),
    "delete_decision_rule": Call(
        _victim_services_funding_rule, success=204, prepare=_funding_rule_back
    ),
    # Agreements: see tests/api/agreement_calls.py.
    **{name: Call(**spec) for name, spec in AGREEMENT_CALLS.items()},
}


def test_the_matrix_covers_every_operation() -> None:
    assert {op.name for op in OPERATIONS} == set(CALLS)


def _client(name: str, mode: str, client_for: Any, token_for: Any) -> ApiClient:
    if name == "anonymous":
        return ApiClient(Client())
    if mode == "session":
        return ApiClient(client_for(name))
    return ApiClient(Client(), token_for(name))


@pytest.mark.parametrize("mode", ["session", "token"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_operation_answers_each_persona_as_its_rule_says(
    operation: ApiOperation, mode: str, personas, directory, client_for, token_for
) -> None:
    rule = declared_api_rule(operation.view_func)
    assert rule is not None
    call = CALLS[operation.name]
    url = operation.path.format(**call.kwargs(personas, directory))
    for name in PERSONA_NAMES:
        call.prepare(personas, directory)
        client = _client(name, mode, client_for, token_for)
        body = call.body(name) if call.body else None
        response = client.call(operation.method, url, body)
        where = f"{operation.method} {url} as {name} ({mode}): {response.content[:300]!r}"
        user = personas.user(name)
        assert response["Content-Type"].startswith("application/json"), where
        if user is None:
            assert response.status_code == 401, where
        elif not rule.allows(user):
            assert response.status_code == 403, where
            assert response.json()["detail"].startswith("This operation is for:"), where
        elif name in call.hidden:
            assert response.status_code == 404, where
        elif name in call.refused:
            assert response.status_code == 403, where
            assert not response.json()["detail"].startswith("This operation is for:"), where
        else:
            assert response.status_code == call.success, where
