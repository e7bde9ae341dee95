"""What the decision operations answer: proposals, discussion, positions, the tally, the register
and decision rules; who may see and do what; and that the count is the same wherever it is read.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.directory.models import Expertise, Person
from taskforce.governance import decision_selectors as selectors
from taskforce.governance import decision_services as services
from taskforce.governance import tally
from taskforce.governance.decision_models import (
    AmendmentStatus,
    DecisionRule,
    FrozenCount,
    Proposal,
    ProposalComment,
    ProposalPosition,
    ProposalStatus,
)
from tests.api.support import ApiClient
from tests.bodies import Bodies, build_bodies, meeting
from tests.decisions import area, opened, proposal, rule, step
from tests.personas import Personas

API = "/api/v1"
PROPOSALS = f"{API}/decisions/proposals"
REGISTER = f"{API}/decisions/register"


@pytest.fixture
def bodies(personas: Personas) -> Bodies:
    """The standard bodies, each deciding every topic by a plain majority of votes cast."""
    built = build_bodies(personas)
    for body in (built.general, built.board, built.law_enforcement, built.victim_services):
        rule(body)
    return built


def _in(days: int) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).isoformat()


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json()


def _refused(response: Any, status: int = 403) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert body["detail"]
    return body


def _references(response: Any) -> set[str]:
    return {item["reference"] for item in _ok(response)["items"]}


def _put(api: ApiClient, made: Proposal, value: str, **extra: Any) -> Any:
    return api.put(f"{PROPOSALS}/{made.pk}/position", {"value": value, **extra})


# --- Seeing proposals ----------------------------------------------------------------------------


def test_the_closed_committees_proposals_are_hidden_from_everyone_else(
    personas, bodies, session_api
) -> None:
    closed = opened(personas.detective, bodies.law_enforcement, title="Share the case log")
    general = proposal(personas.leader, bodies.general)
    advocate = session_api("advocate")
    assert _references(advocate.get(PROPOSALS)) == {general.reference}
    for path in ("", "/tally", "/positions", "/standing", "/comments", "/amendments"):
        _refused(advocate.get(f"{PROPOSALS}/{closed.pk}{path}"), 404)
    _refused(_put(advocate, closed, "yes"), 404)
    _refused(advocate.post(f"{PROPOSALS}/{closed.pk}/comments", {"text": "Hello"}), 404)
    assert not ProposalComment.objects.exists()

    prosecutor = session_api("prosecutor")
    assert _references(prosecutor.get(PROPOSALS)) == {general.reference, closed.reference}
    detail = _ok(prosecutor.get(f"{PROPOSALS}/{closed.pk}"))
    assert detail["title"] == "Share the case log"
    assert detail["status"] == "open"


def test_the_list_filters_by_body_and_status(personas, bodies, session_api) -> None:
    draft = proposal(personas.leader, bodies.general)
    taking = opened(personas.leader, bodies.general, title="Adopt the referral protocol")
    board = proposal(personas.leader, bodies.board, title="Fund the interpreter line")
    api = session_api("coordinator")
    assert _references(api.get(PROPOSALS, {"status": "open"})) == {taking.reference}
    general = _references(api.get(PROPOSALS, {"body": bodies.general.pk}))
    assert general == {draft.reference, taking.reference}
    assert _references(api.get(PROPOSALS, {"body": bodies.board.pk})) == {board.reference}
    bad = _refused(api.get(PROPOSALS, {"status": "pending"}), 422)
    assert "status" in bad["errors"]


def test_the_detail_shows_options_the_rule_and_counts(personas, bodies, session_api) -> None:
    made = proposal(
        personas.leader,
        bodies.general,
        title="Choose the training day",
        options=("Tuesday", "Thursday"),
        topic="other",
        area=area("victim-services"),
    )
    services.propose_amendment(personas.advocate, made, "Choose the day.", "Shorter")
    services.add_comment(personas.detective, made, "Thursday suits the night shift.")
    detail = _ok(session_api("advocate").get(f"{PROPOSALS}/{made.pk}"))
    assert detail["options"] == [
        {"key": "o1", "label": "Tuesday"},
        {"key": "o2", "label": "Thursday"},
    ]
    assert detail["choice_kind"] == "options"
    assert detail["area"] == {"code": "victim-services", "name": "Victim services"}
    assert detail["rule_in_force"].startswith("Majority vote. No quorum")
    assert detail["status"] == "draft"
    assert detail["outcome"] is None
    assert detail["explanation"] == []
    assert (detail["amendments_count"], detail["comments_count"]) == (1, 1)
    assert detail["proposed_by"]["name"] == "Lena Leader"
    assert detail["body"] == {"id": bodies.general.pk, "name": "General Body"}


# --- Proposing and editing -----------------------------------------------------------------------


def test_a_member_proposes_and_the_change_is_audited(personas, bodies, session_api) -> None:
    decides = meeting(bodies.general, 10)
    response = session_api("advocate").post(
        PROPOSALS,
        {
            "body": bodies.general.pk,
            "topic": "policy",
            "area": "outreach",
            "title": "Which outreach flyer",
            "text": "Print one of the two drafts.",
            "choice_kind": "options",
            "options": ["Draft A", "Draft B"],
            "meeting": decides.pk,
        },
    )
    created = _ok(response, 201)
    made = Proposal.objects.get(pk=created["id"])
    assert response["Location"] == f"{PROPOSALS}/{made.pk}"
    assert made.proposed_by == personas.advocate.person
    assert made.meeting == decides
    assert made.area is not None and made.area.code == "outreach"
    assert [option["label"] for option in created["options"]] == ["Draft A", "Draft B"]
    assert created["reference"] == made.reference
    event = AuditEvent.objects.get(action="governance.proposal.created")
    assert event.actor == personas.advocate


def test_a_visitor_may_not_propose(personas, bodies, session_api) -> None:
    response = session_api("visitor").post(
        PROPOSALS,
        {
            "body": bodies.victim_services.pk,
            "topic": "membership",
            "title": "Let observers vote",
            "text": "Observers vote.",
            "deadline": _in(7),
        },
    )
    assert _refused(response)["detail"].startswith("This operation is for:")
    assert not Proposal.objects.exists()


def test_a_member_may_not_propose_to_a_body_that_does_not_seat_them(
    personas, bodies, session_api
) -> None:
    response = session_api("advocate").post(
        PROPOSALS,
        {
            "body": bodies.board.pk,
            "topic": "funding",
            "title": "Fund us",
            "text": "Fund New Dawn.",
            "deadline": _in(7),
        },
    )
    assert "Executive Board" in _refused(response)["detail"]
    hidden = session_api("advocate").post(
        PROPOSALS,
        {
            "body": bodies.law_enforcement.pk,
            "topic": "policy",
            "title": "Tell us",
            "text": "Share everything.",
            "deadline": _in(7),
        },
    )
    _refused(hidden, 404)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"deadline": None}, "deadline"),
        ({"deadline": "2020-01-01T10:00:00+00:00"}, "deadline"),
        ({"area": "astrology"}, "area"),
        ({"meeting": 999999}, "meeting"),
        ({"topic": "lottery"}, "topic"),
        ({"choice_kind": "options", "options": ["Only one"]}, "options"),
        ({"title": ""}, "title"),
    ],
    ids=["no-deadline", "past", "area", "meeting", "topic", "one-option", "title"],
)
def test_bad_proposals_answer_field_errors(
    personas, bodies, session_api, change: dict[str, Any], field: str
) -> None:
    payload = {
        "body": bodies.general.pk,
        "topic": "membership",
        "title": "Admit the health department",
        "text": "Admit them.",
        "deadline": _in(7),
        **change,
    }
    errors = _refused(session_api("leader").post(PROPOSALS, payload), 422)["errors"]
    assert errors[field], errors
    assert not Proposal.objects.exists()


def test_a_topic_without_a_rule_is_refused_with_the_reason(personas, bodies, session_api) -> None:
    DecisionRule.objects.filter(body=bodies.board).delete()
    response = session_api("leader").post(
        PROPOSALS,
        {
            "body": bodies.board.pk,
            "topic": "funding",
            "title": "Fund the interpreter line",
            "text": "Fund it.",
            "deadline": _in(7),
        },
    )
    [message] = _refused(response, 422)["errors"]["topic"]
    assert "no decision rule for funding" in message


def test_the_proposer_edits_a_draft_and_others_may_not(personas, bodies, session_api) -> None:
    made = proposal(personas.advocate, bodies.general)
    url = f"{PROPOSALS}/{made.pk}"
    edited = _ok(session_api("advocate").patch(url, {"title": "Admit the health clinic"}))
    assert edited["title"] == "Admit the health clinic"
    assert AuditEvent.objects.filter(action="governance.proposal.updated").count() == 1
    refused = _refused(session_api("detective").patch(url, {"title": "Mine now"}))
    assert "proposer" in refused["detail"]
    made.refresh_from_db()
    assert made.title == "Admit the health clinic"
    services.open_positions(personas.leader, made)
    late = _refused(session_api("advocate").patch(url, {"title": "Too late"}), 422)
    assert "can no longer be edited" in late["errors"]["__all__"][0]


def test_opening_freezes_the_rule_and_only_those_who_run_the_body_may(
    personas, bodies, session_api
) -> None:
    made = proposal(personas.advocate, bodies.general)
    url = f"{PROPOSALS}/{made.pk}/open"
    _refused(session_api("advocate").post(url, {}))
    detail = _ok(session_api("leader").post(url, {}))
    assert detail["status"] == "open"
    made.refresh_from_db()
    assert made.rule_in_force is not None
    assert AuditEvent.objects.filter(action="governance.proposal.opened").count() == 1
    again = _refused(session_api("leader").post(url, {}), 422)
    assert "can no longer be opened" in again["errors"]["__all__"][0]


def test_pending_amendments_keep_a_proposal_from_opening(personas, bodies, session_api) -> None:
    made = proposal(personas.advocate, bodies.general)
    services.propose_amendment(personas.detective, made, "Admit the clinic.", "Narrower")
    response = session_api("leader").post(f"{PROPOSALS}/{made.pk}/open", {})
    assert "open amendment" in _refused(response, 422)["errors"]["__all__"][0]


def test_withdrawing_needs_a_reason_and_the_register_keeps_it(
    personas, bodies, session_api
) -> None:
    made = proposal(personas.advocate, bodies.general)
    url = f"{PROPOSALS}/{made.pk}/withdraw"
    assert _refused(session_api("advocate").post(url, {"reason": " "}), 422)["errors"]["reason"]
    _refused(session_api("detective").post(url, {"reason": "Not mine to withdraw"}))
    detail = _ok(session_api("advocate").post(url, {"reason": "The clinic closed."}))
    assert (detail["status"], detail["outcome"]) == ("withdrawn", "withdrawn")
    [entry] = _ok(session_api("detective").get(REGISTER))["items"]
    assert entry["withdrawn_reason"] == "The clinic closed."
    assert entry["outcome"] == "withdrawn"


# --- Discussion and amendments -------------------------------------------------------------------


def test_observers_discuss_and_members_of_other_bodies_may_not(
    personas, bodies, session_api
) -> None:
    made = proposal(personas.coordinator, bodies.victim_services, topic="funding")
    url = f"{PROPOSALS}/{made.pk}/comments"
    response = session_api("visitor").post(url, {"text": "Who will staff it?"})
    created = _ok(response, 201)
    assert response["Location"] == url
    assert created["author"]["name"] == "Victor Guest"
    refused = _refused(session_api("detective").post(url, {"text": "And us?"}))
    assert "Victim Services Committee" in refused["detail"]
    assert _refused(session_api("advocate").post(url, {"text": "  "}), 422)["errors"]["text"]
    listed = _ok(session_api("detective").get(url))
    assert [comment["text"] for comment in listed] == ["Who will staff it?"]


def test_amendments_are_offered_and_the_proposer_accepts_one(personas, bodies, session_api) -> None:
    made = proposal(personas.coordinator, bodies.victim_services, topic="funding")
    url = f"{PROPOSALS}/{made.pk}/amendments"
    offered = _ok(
        session_api("visitor").post(url, {"text": "Fund two interpreters.", "reason": "Demand"}),
        201,
    )
    assert offered["status"] == "proposed"
    _refused(session_api("detective").post(url, {"text": "Fund none.", "reason": "Budget"}))
    same = session_api("advocate").post(url, {"text": made.text, "reason": "No change"})
    assert _refused(same, 422)["errors"]["text"]

    decide = f"{API}/decisions/amendments/{offered['id']}/decide"
    _refused(session_api("advocate").post(decide, {"accept": True}))
    _refused(session_api("detective").post(decide, {"accept": True}))
    accepted = _ok(session_api("coordinator").post(decide, {"accept": True}))
    assert accepted["status"] == AmendmentStatus.ACCEPTED
    made.refresh_from_db()
    assert made.text == "Fund two interpreters."
    assert AuditEvent.objects.filter(action="governance.amendment.accepted").count() == 1
    twice = _refused(session_api("coordinator").post(decide, {"accept": False}), 422)
    assert "already accepted" in twice["errors"]["__all__"][0]
    [listed] = _ok(session_api("visitor").get(url))
    assert listed["status"] == "accepted"


def test_amendments_to_the_closed_committees_proposals_are_hidden(
    personas, bodies, session_api
) -> None:
    made = proposal(personas.detective, bodies.law_enforcement)
    amendment = services.propose_amendment(personas.prosecutor, made, "Admit nobody.", "Closed")
    decide = f"{API}/decisions/amendments/{amendment.pk}/decide"
    _refused(session_api("coordinator").post(decide, {"accept": True}), 404)
    _ok(session_api("detective").post(decide, {"accept": False}))


# --- Positions -----------------------------------------------------------------------------------


def test_a_member_takes_and_changes_a_position_and_it_stays_one(
    personas, bodies, session_api
) -> None:
    made = opened(personas.coordinator, bodies.victim_services, topic="funding")
    advocate = session_api("advocate")
    first = _ok(_put(advocate, made, "yes"))
    assert (first["value"], first["label"], first["recused"]) == ("yes", "Yes", False)
    assert first["person"]["name"] == "Ana Lopez"
    _ok(_put(advocate, made, "yes"))
    changed = _ok(_put(advocate, made, "no", reason="Not this year"))
    assert (changed["value"], changed["reason"]) == ("no", "Not this year")
    assert ProposalPosition.objects.filter(proposal=made).count() == 1
    recorded = AuditEvent.objects.filter(action="governance.position.recorded").count()
    assert recorded == 3
    [row] = _ok(session_api("detective").get(f"{PROPOSALS}/{made.pk}/positions"))
    assert (row["person"]["name"], row["label"], row["reason"]) == (
        "Ana Lopez",
        "No",
        "Not this year",
    )
    bad = _refused(_put(advocate, made, "maybe"), 422)
    assert bad["errors"]["value"]


def test_an_ineligible_person_is_told_why_and_their_position_is_refused(
    personas, bodies, session_api
) -> None:
    made = opened(personas.coordinator, bodies.victim_services, topic="funding")
    visitor = session_api("visitor")
    standing = _ok(visitor.get(f"{PROPOSALS}/{made.pk}/standing"))
    assert standing["may_take_position"] is False
    assert any("Observer" in reason for reason in standing["reasons"])
    refused = _refused(_put(visitor, made, "yes"))
    assert refused["detail"].startswith("You may not take a position:")
    assert "Observer" in refused["detail"]
    outsider = _refused(_put(session_api("leader"), made, "yes"))
    assert "held no seat on Victim Services Committee" in outsider["detail"]
    assert not ProposalPosition.objects.exists()


def test_the_standing_lists_the_choices_and_ones_own_position(
    personas, bodies, session_api
) -> None:
    made = opened(personas.coordinator, bodies.victim_services, topic="funding")
    advocate = session_api("advocate")
    before = _ok(advocate.get(f"{PROPOSALS}/{made.pk}/standing"))
    assert (before["may_take_position"], before["counts"], before["position"]) == (
        True,
        True,
        None,
    )
    assert [choice["value"] for choice in before["choices"]] == ["yes", "no", "abstain"]
    _ok(_put(advocate, made, "abstain"))
    after = _ok(advocate.get(f"{PROPOSALS}/{made.pk}/standing"))
    assert after["position"]["label"] == "Abstain"
    services.close_proposal(personas.coordinator, made)
    closed = _ok(advocate.get(f"{PROPOSALS}/{made.pk}/standing"))
    assert closed["may_take_position"] is False
    assert closed["reasons"][0] == "Positions are not being taken: this proposal is decided."
    assert _refused(_put(advocate, made, "yes"), 422)["errors"]["__all__"]


def test_a_block_needs_a_reason_and_a_recusal_names_the_conflict(
    personas, bodies, session_api
) -> None:
    rule(bodies.general, step(tally.CONSENSUS), topic="policy")
    made = opened(personas.leader, bodies.general, topic="policy")
    detective = session_api("detective")
    assert _refused(_put(detective, made, "block"), 422)["errors"]["reason"]
    recusal = {"recuse": True, "reason": ""}
    assert _refused(_put(detective, made, "", **recusal), 422)["errors"]["reason"]
    recused = _ok(_put(detective, made, "", recuse=True, reason="My unit is the subject"))
    assert (recused["recused"], recused["label"]) == (True, "Recused")
    assert AuditEvent.objects.filter(action="governance.position.recused").count() == 1


# --- The count -----------------------------------------------------------------------------------


def test_the_tally_is_the_same_from_the_page_the_api_and_a_recount(
    personas, bodies, session_api
) -> None:
    rule(
        bodies.general,
        step(tally.CONSENSUS),
        step(tally.MAJORITY, tally.BLOCKED, weight="2"),
        topic="funding",
        quorum_percent=50,
    )
    Expertise.objects.create(
        person=personas.coordinator.person, area=area("victim-services"), years=12
    )
    made = opened(
        personas.leader,
        bodies.general,
        topic="funding",
        title="Fund the survivor housing pilot",
        area=area("victim-services"),
    )
    for name, value, reason in (
        ("leader", "endorse", ""),
        ("coordinator", "reservations", ""),
        ("detective", "block", "It takes money from investigations."),
        ("prosecutor", "serious_disagreement", ""),
        ("advocate", "endorse", ""),
    ):
        _ok(_put(session_api(name), made, value, reason=reason))
    url = f"{PROPOSALS}/{made.pk}/tally"
    provisional = _ok(session_api("advocate").get(url))
    on_the_page = selectors.proposal_result(made)
    assert on_the_page is not None
    assert provisional["provisional"] is True
    assert provisional["recount_matches"] is None
    assert provisional["explanation"] == on_the_page.explanation
    assert provisional["outcome"] == on_the_page.outcome == "passed"
    assert any("blocked by 1 of 5 (Dan Reyes)" in line for line in provisional["explanation"])
    assert any("Vera Santos has the most experience" in line for line in provisional["explanation"])

    closing = {"rationale": "Housing is the gap survivors name first.", "review_on": None}
    closed = _ok(session_api("leader").post(f"{PROPOSALS}/{made.pk}/close", closing))
    assert closed["status"] == "decided"
    assert closed["outcome"] == "passed"

    frozen = _ok(session_api("detective").get(url))
    made.refresh_from_db()
    page = selectors.proposal_result(made)
    recount = selectors.recount(made)
    assert page is not None
    assert frozen["provisional"] is False
    assert frozen["recount_matches"] is True
    assert frozen["explanation"] == page.explanation == recount.explanation
    assert frozen["explanation"] == provisional["explanation"]
    assert frozen["outcome"] == page.outcome == recount.outcome == "passed"
    assert frozen["outcome_label"] == "Passed"
    assert closed["explanation"] == frozen["explanation"]
    assert [s["method"] for s in frozen["steps"]] == ["consensus", "majority"]
    assert frozen["steps"][0]["condition"] == "blocked"
    assert frozen["steps"][1]["weighted"] == [personas.coordinator.person.pk]
    assert frozen["quorum_met"] is True
    assert (frozen["counted_units"], frozen["eligible_units"]) == (5, 6)
    assert AuditEvent.objects.filter(action="governance.proposal.decided").count() == 1


def test_a_tampered_frozen_result_does_not_match_its_recount(personas, bodies, session_api) -> None:
    made = opened(personas.leader, bodies.general)
    _ok(_put(session_api("advocate"), made, "yes"))
    services.close_proposal(personas.leader, made)
    frozen = FrozenCount.objects.get(proposal=made)
    frozen.result = {**frozen.result, "outcome": "failed"}
    frozen.save(update_fields=["result"])
    answer = _ok(session_api("advocate").get(f"{PROPOSALS}/{made.pk}/tally"))
    assert answer["outcome"] == "failed"
    assert answer["recount_matches"] is False


def test_closing_is_for_those_who_run_the_body_and_checks_its_input(
    personas, bodies, session_api
) -> None:
    rule(bodies.board, step(tally.ADVICE), topic="visitors")
    made = opened(personas.leader, bodies.board, topic="visitors")
    url = f"{PROPOSALS}/{made.pk}/close"
    _refused(session_api("detective").post(url, {}))
    assert _refused(session_api("leader").post(url, {}), 422)["errors"]["decider_call"]
    past = {"decider_call": "passed", "review_on": "2020-01-01"}
    assert _refused(session_api("leader").post(url, past), 422)["errors"]["review_on"]
    made.refresh_from_db()
    assert made.status == ProposalStatus.OPEN
    decided = _ok(session_api("leader").post(url, {"decider_call": "passed"}))
    assert decided["outcome"] == "passed"
    assert decided["explanation"][-1] == "Outcome: passed"


# --- The register --------------------------------------------------------------------------------


def _decide(actor: Any, body: Any, title: str, value: str, voters: list[Any], **kwargs: Any) -> Any:
    made = opened(actor, body, title=title, **kwargs)
    for voter in voters:
        services.record_position(voter, made, value)
    return services.close_proposal(actor, made)


def test_the_register_filters_like_the_page(personas, bodies, session_api) -> None:
    rule(bodies.general, step(tally.CONSENSUS), topic="policy")
    voters = [personas.leader, personas.detective, personas.advocate]
    passed = _decide(personas.leader, bodies.general, "Adopt the referral protocol", "yes", voters)
    failed = _decide(personas.leader, bodies.general, "Buy a van", "no", voters, topic="funding")
    agreed = _decide(
        personas.leader,
        bodies.general,
        "Adopt the shared calendar",
        "endorse",
        voters,
        topic="policy",
    )
    closed = _decide(
        personas.detective,
        bodies.law_enforcement,
        "Share the deconfliction log",
        "yes",
        [personas.detective],
    )
    Proposal.objects.filter(pk=failed.pk).update(
        review_on=timezone.localdate() + datetime.timedelta(days=10)
    )
    Proposal.objects.filter(pk=agreed.pk).update(decided_on=datetime.date(2024, 5, 1))
    opened(personas.leader, bodies.general, title="Still open")
    advocate = session_api("advocate")

    everything = _ok(advocate.get(REGISTER))["items"]
    assert {item["reference"] for item in everything} == {
        passed.reference,
        failed.reference,
        agreed.reference,
    }
    entry = next(item for item in everything if item["reference"] == agreed.reference)
    assert entry["outcome"] == "consensus_reached"
    assert entry["rule_method"] == "consensus"
    assert entry["rule_in_force"].startswith("Consensus.")
    assert entry["explanation"] == FrozenCount.objects.get(proposal=agreed).result["explanation"]

    def only(**params: Any) -> set[str]:
        return _references(advocate.get(REGISTER, params))

    assert only(outcome="failed") == {failed.reference}
    assert only(topic="policy") == {agreed.reference}
    assert only(method="majority") == {passed.reference, failed.reference}
    assert only(year=2024) == {agreed.reference}
    assert only(q="referral") == {passed.reference}
    assert only(q=failed.reference) == {failed.reference}
    assert only(review_due="true") == {failed.reference}
    assert only(body=bodies.law_enforcement.pk) == set()
    assert _references(
        session_api("prosecutor").get(REGISTER, {"body": bodies.law_enforcement.pk})
    ) == {closed.reference}
    assert _refused(advocate.get(REGISTER, {"outcome": "won"}), 422)["errors"]["outcome"]


# --- Decision rules ------------------------------------------------------------------------------


def test_rules_are_shown_where_the_bodys_business_is(personas, bodies, session_api) -> None:
    url = f"{API}/bodies/{bodies.law_enforcement.pk}/decision-rules"
    _refused(session_api("advocate").get(url), 404)
    _refused(session_api("leader").get(url), 404)
    [shown] = _ok(session_api("prosecutor").get(url))
    assert shown["topic"] is None
    assert shown["description"].startswith("Majority vote. No quorum")
    assert shown["steps"][0]["method"] == "majority"
    observed = _ok(
        session_api("visitor").get(f"{API}/bodies/{bodies.victim_services.pk}/decision-rules")
    )
    assert len(observed) == 1


def test_a_coordinator_sets_a_rule_and_step_errors_come_back_under_steps(
    personas, bodies, session_api
) -> None:
    url = f"{API}/bodies/{bodies.board.pk}/decision-rules"
    wrong = {
        "topic": "funding",
        "steps": [
            {"method": "majority", "trigger": "blocked"},
            {"method": "vibes"},
        ],
    }
    errors = _refused(session_api("coordinator").post(url, wrong), 422)["errors"]
    assert "The first step runs on every proposal; it takes no trigger." in errors["steps"]
    assert "Step 2: choose a method." in errors["steps"]
    assert _refused(session_api("coordinator").post(url, {"topic": "funding", "steps": []}), 422)[
        "errors"
    ]["steps"] == ["A rule needs at least one step."]

    chain = {
        "topic": "funding",
        "quorum_percent": 60,
        "count_base": "eligible",
        "steps": [
            {"method": "consensus"},
            {"method": "majority", "trigger": "blocked", "expertise_weight": 2},
        ],
    }
    response = session_api("coordinator").post(url, chain)
    created = _ok(response, 201)
    assert response["Location"] == url
    assert created["topic"] == "funding"
    assert created["description"].startswith(
        "Consensus; on a block, expertise-weighted majority vote (×2). Quorum: 60%"
    )
    assert [(s["order"], s["method"], s["trigger"]) for s in created["steps"]] == [
        (1, "consensus", ""),
        (2, "majority", "blocked"),
    ]
    assert AuditEvent.objects.filter(action="governance.decision_rule.created").count() == 1
    clash = _refused(session_api("leader").post(url, chain), 422)
    assert "already has a rule" in clash["errors"]["topic"][0]
    member = _refused(session_api("detective").post(url, chain))
    assert member["detail"].startswith("This operation is for:")


def test_a_coordinator_replaces_and_deletes_a_rule(personas, bodies, session_api) -> None:
    funding = rule(bodies.board, topic="funding")
    url = f"{API}/decision-rules/{funding.pk}"
    replaced = _ok(
        session_api("leader").put(
            url,
            {"topic": "funding", "vote_unit": "organization", "steps": [{"method": "leadership"}]},
        )
    )
    assert replaced["vote_unit"] == "organization"
    assert replaced["description"].startswith("Leadership decides")
    assert AuditEvent.objects.filter(action="governance.decision_rule.updated").count() == 1
    _refused(session_api("detective").put(url, {"steps": [{"method": "majority"}]}))
    hidden = rule(bodies.law_enforcement, topic="policy")
    _refused(session_api("leader").call("DELETE", f"{API}/decision-rules/{hidden.pk}"), 404)
    deleted = session_api("leader").call("DELETE", url)
    assert deleted.status_code == 204
    assert not DecisionRule.objects.filter(pk=funding.pk).exists()
    assert AuditEvent.objects.filter(action="governance.decision_rule.deleted").count() == 1


# --- Queries -------------------------------------------------------------------------------------


def _queries(client: ApiClient, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100})
    answer = _ok(response)
    return len(captured), len(answer["items"] if isinstance(answer, dict) else answer)


def _grow(personas: Personas, bodies: Bodies, start: int, count: int) -> Proposal:
    """More proposals, closed ones, comments, amendments, positions and rules."""
    target = Proposal.objects.filter(title="Watched").first() or proposal(
        personas.leader, bodies.general, title="Watched"
    )
    topics = ["membership", "visitors", "funding", "policy", "protocols", "other"]
    for number in range(start, start + count):
        made = opened(personas.leader, bodies.general, title=f"Proposal {number}")
        services.record_position(personas.advocate, made, "yes")
        services.close_proposal(personas.leader, made)
        services.add_comment(personas.detective, target, f"Comment {number}")
        services.propose_amendment(personas.advocate, target, f"Text {number}", "Better")
        person = Person.objects.create(
            first_name="Voter", last_name=f"{number:03}", organization=personas.new_dawn
        )
        ProposalPosition.objects.create(
            proposal=target, person=person, value="yes", sequence=number + 1
        )
        rule(bodies.board, topic=topics[number])
    return target


@pytest.mark.parametrize(
    "url",
    [
        lambda target, bodies: PROPOSALS,
        lambda target, bodies: REGISTER,
        lambda target, bodies: f"{PROPOSALS}/{target.pk}/positions",
        lambda target, bodies: f"{PROPOSALS}/{target.pk}/comments",
        lambda target, bodies: f"{PROPOSALS}/{target.pk}/amendments",
        lambda target, bodies: f"{API}/bodies/{bodies.board.pk}/decision-rules",
    ],
    ids=["proposals", "register", "positions", "comments", "amendments", "rules"],
)
def test_list_queries_do_not_grow_with_the_rows(
    personas, bodies, session_api, url: Callable[[Proposal, Bodies], str]
) -> None:
    DecisionRule.objects.filter(body=bodies.board).delete()
    client = session_api("coordinator")
    target = _grow(personas, bodies, 0, 2)
    _queries(client, url(target, bodies))
    few, few_rows = _queries(client, url(target, bodies))
    _grow(personas, bodies, 2, 4)
    many, many_rows = _queries(client, url(target, bodies))
    assert many_rows > few_rows
    assert many == few, f"{few} queries for {few_rows} rows, {many} for {many_rows}"
