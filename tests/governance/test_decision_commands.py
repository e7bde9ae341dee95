"""`taskforce decision-duties` and `taskforce recount-decisions`."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from taskforce.cli import ALIASES
from taskforce.governance import decision_services as services
from taskforce.governance.decision_models import FrozenCount, Proposal
from tests import bodies, decisions

HOUR = datetime.timedelta(hours=1)


def run(name: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(name, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_commands_have_hyphenated_names() -> None:
    assert ALIASES["decision-duties"] == "decision_duties"
    assert ALIASES["recount-decisions"] == "recount_decisions"


def test_recount_agrees_and_then_finds_a_tampered_result(personas) -> None:
    standard = bodies.build_bodies(personas)
    decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general)
    services.record_position(personas.advocate, proposal, "yes")
    services.close_proposal(personas.leader, proposal)
    out, _ = run("recount_decisions")
    assert out.strip() == "Recounted 1 decision; 0 differ."

    frozen = FrozenCount.objects.get(proposal=proposal)
    FrozenCount.objects.filter(pk=frozen.pk).update(result={**frozen.result, "outcome": "failed"})
    with pytest.raises(SystemExit) as exit_:
        run("recount_decisions")
    assert exit_.value.code == 1


def test_recount_names_the_decision_that_differs(personas, capsys) -> None:
    standard = bodies.build_bodies(personas)
    decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general)
    services.close_proposal(personas.leader, proposal)
    frozen = FrozenCount.objects.get(proposal=proposal)
    FrozenCount.objects.filter(pk=frozen.pk).update(
        result={**frozen.result, "explanation": ["edited"]}
    )
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("recount_decisions", stdout=io.StringIO(), stderr=err)
    assert f"Recount differs from the recorded result: {proposal.reference}" in err.getvalue()


def test_decision_duties_close_past_deadlines_and_say_so(personas) -> None:
    standard = bodies.build_bodies(personas)
    decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general)
    services.record_position(personas.advocate, proposal, "yes")
    Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.now() - HOUR)
    out, _ = run("decision_duties")
    assert f"Closed {proposal.reference} (General Body): Passed" in out
    out, _ = run("decision_duties")
    assert out.strip() == "Nothing to close or remind today."


def test_an_advice_decision_past_its_deadline_waits_for_the_call(personas) -> None:
    standard = bodies.build_bodies(personas)
    decisions.rule(standard.general, decisions.step("advice"))
    proposal = decisions.opened(personas.leader, standard.general)
    Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.now() - HOUR)
    out, _ = run("decision_duties")
    assert f"awaiting the decider's call: {proposal.reference}" in out
    proposal.refresh_from_db()
    assert proposal.is_open
