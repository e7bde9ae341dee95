"""The decisions pages: proposals, positions, the register and its exports, and decision rules.

Each page and action is tried by a persona who may and one who may not; a refused input answers
400 with the field's error and writes nothing; every change leaves its audit event.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.governance import decision_services, tally
from taskforce.governance.decision_models import (
    Amendment,
    DecisionRule,
    Proposal,
    ProposalComment,
    ProposalPosition,
    ProposalStatus,
)
from taskforce.meetings import proceedings_services
from taskforce.meetings.models import Meeting
from tests import bodies as standard_bodies
from tests import decisions
from tests.personas import Personas

DAY = datetime.timedelta(days=1)


@dataclass
class World:
    bodies: standard_bodies.Bodies
    general_rule: DecisionRule


@pytest.fixture
def world(personas: Personas) -> World:
    """The standard bodies, each with a plain majority rule for every topic; the General Body
    decides policy by consensus."""
    built = standard_bodies.build_bodies(personas)
    general_rule = decisions.rule(built.general)
    decisions.rule(built.general, decisions.step(tally.CONSENSUS), topic="policy")
    for body in (built.board, built.law_enforcement, built.victim_services):
        decisions.rule(body)
    return World(built, general_rule)


def _text(response) -> str:
    return response.content.decode()


def _url(name: str, pk: int) -> str:
    return reverse(f"decisions:{name}", kwargs={"pk": pk})


def _audited(action: str, target: object) -> bool:
    return AuditEvent.objects.filter(action=action, target_id=str(target.pk)).exists()


def _deadline(days: int = 7) -> str:
    return (timezone.localtime() + days * DAY).strftime("%Y-%m-%dT%H:%M")


def _proposal_post(body_pk: int, **overrides: str) -> dict[str, str]:
    return {
        "body": str(body_pk),
        "topic": "membership",
        "title": "Admit the county health department",
        "text": "Admit the county health department as a member.",
        "choice_kind": "yes_no",
        "options": "",
        "deadline": _deadline(),
        **overrides,
    }


# --- Seeing proposals ----------------------------------------------------------------------------


def test_closed_committee_proposals_answer_404_to_those_outside_it(personas, world, client_for):
    proposal = decisions.proposal(personas.detective, world.bodies.law_enforcement)
    assert client_for("detective").get(_url("proposal", proposal.pk)).status_code == 200
    assert client_for("prosecutor").get(_url("proposal", proposal.pk)).status_code == 200
    assert client_for("advocate").get(_url("proposal", proposal.pk)).status_code == 404
    listing = _text(client_for("advocate").get(reverse("decisions:proposals")))
    assert proposal.title not in listing


def test_visitors_see_only_proposals_of_bodies_that_seat_them(personas, world, client_for):
    general = decisions.proposal(personas.leader, world.bodies.general, title="General matter")
    victim = decisions.proposal(
        personas.coordinator, world.bodies.victim_services, title="Shelter matter"
    )
    client = client_for("visitor")
    listing = _text(client.get(reverse("decisions:proposals")))
    assert "Shelter matter" in listing and "General matter" not in listing
    assert client.get(_url("proposal", victim.pk)).status_code == 200
    assert client.get(_url("proposal", general.pk)).status_code == 404


def test_proposal_list_filters_by_body_and_offers_to_propose(personas, world, client_for):
    decisions.proposal(personas.leader, world.bodies.general, title="General matter")
    decisions.proposal(personas.coordinator, world.bodies.victim_services, title="Shelter matter")
    url = f"{reverse('decisions:proposals')}?body={world.bodies.victim_services.pk}"
    page = _text(client_for("advocate").get(url))
    assert "Shelter matter" in page and "General matter" not in page
    assert "Propose to Victim Services Committee" in page
    assert "Propose to" not in _text(client_for("visitor").get(url))


def test_navigation_and_body_page_link_to_decisions(personas, world, client_for):
    page = _text(
        client_for("advocate").get(reverse("bodies:detail", args=[world.bodies.general.pk]))
    )
    assert f"{reverse('decisions:proposals')}?body={world.bodies.general.pk}" in page
    assert _url("body-rules", world.bodies.general.pk) in page
    assert f'href="{reverse("decisions:proposals")}"' in page  # the main navigation
    closed = _text(
        client_for("advocate").get(reverse("bodies:detail", args=[world.bodies.law_enforcement.pk]))
    )
    assert _url("body-rules", world.bodies.law_enforcement.pk) not in closed


def test_the_start_page_lists_proposals_awaiting_my_position(personas, world, client_for):
    proposal = decisions.opened(personas.leader, world.bodies.general, title="Fund the hotline")
    page = _text(client_for("detective").get(reverse("dashboard")))
    assert "Awaiting your position" in page and "Fund the hotline" in page
    assert _url("proposal", proposal.pk) in page
    decision_services.record_position(personas.detective, proposal, "yes")
    assert "Fund the hotline" not in _text(client_for("detective").get(reverse("dashboard")))


# --- Proposing -----------------------------------------------------------------------------------


def test_proposing_is_for_members_of_the_body(personas, world, client_for):
    assert client_for("visitor").get(reverse("decisions:proposal-add")).status_code == 403
    page = client_for("advocate").get(reverse("decisions:proposal-add"))
    assert page.status_code == 200
    choices = page.context["form"].fields["body"].queryset
    assert set(choices) == {world.bodies.general, world.bodies.victim_services}


def test_a_proposal_is_made_in_discussion_with_its_audit_event(personas, world, client_for):
    response = client_for("advocate").post(
        reverse("decisions:proposal-add"), _proposal_post(world.bodies.general.pk)
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("proposal", proposal.pk)
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.proposed_by == personas.advocate.person
    assert _audited("governance.proposal.created", proposal)


def test_proposal_form_shows_the_rules_of_the_chosen_body(personas, world, client_for):
    url = f"{reverse('decisions:proposal-add')}?body={world.bodies.general.pk}"
    page = _text(client_for("advocate").get(url))
    assert "Propose to General Body" in page
    assert "Majority vote. No quorum" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"deadline": ""}, "deadline", "Give a deadline for positions"),
        ({"deadline": "2001-01-01T10:00"}, "deadline", "The deadline must be in the future."),
        ({"choice_kind": "options", "options": "Only one"}, "options", "at least two options"),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_refused_proposals_come_back_with_field_errors(
    personas, world, client_for, overrides, field, message
):
    response = client_for("advocate").post(
        reverse("decisions:proposal-add"), _proposal_post(world.bodies.general.pk, **overrides)
    )
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Proposal.objects.exists()


def test_a_topic_without_a_rule_is_refused_on_the_topic(personas, world, client_for):
    world.general_rule.delete()
    response = client_for("advocate").post(
        reverse("decisions:proposal-add"), _proposal_post(world.bodies.general.pk)
    )
    assert response.status_code == 400
    assert "has no decision rule" in response.context["form"].errors["topic"][0]
    assert not Proposal.objects.exists()


def test_nobody_proposes_to_a_body_they_do_not_sit_on(personas, world, client_for):
    response = client_for("advocate").post(
        reverse("decisions:proposal-add"), _proposal_post(world.bodies.law_enforcement.pk)
    )
    assert response.status_code == 400
    assert "body" in response.context["form"].errors
    assert not Proposal.objects.exists()


# --- Discussion and amendments -------------------------------------------------------------------


def test_a_seated_observer_may_comment(personas, world, client_for):
    proposal = decisions.proposal(personas.coordinator, world.bodies.victim_services)
    response = client_for("visitor").post(
        _url("proposal-comment", proposal.pk), {"comment-text": "Could we add a clinic?"}
    )
    assert response.status_code == 302
    assert ProposalComment.objects.get().author == personas.visitor.person
    assert _audited("governance.proposal.commented", proposal)
    assert "Could we add a clinic?" in _text(
        client_for("advocate").get(_url("proposal", pk=proposal.pk))
    )


def test_comments_on_hidden_proposals_answer_404_and_empty_ones_400(personas, world, client_for):
    closed = decisions.proposal(personas.detective, world.bodies.law_enforcement)
    hidden = client_for("advocate").post(
        _url("proposal-comment", closed.pk), {"comment-text": "Hi"}
    )
    assert hidden.status_code == 404
    open_one = decisions.proposal(personas.leader, world.bodies.general)
    empty = client_for("advocate").post(_url("proposal-comment", open_one.pk), {"comment-text": ""})
    assert empty.status_code == 400
    assert "Write something" in _text(empty)
    assert not ProposalComment.objects.exists()


def test_amendments_are_offered_then_decided_by_the_proposer_or_officers(
    personas, world, client_for
):
    proposal = decisions.proposal(personas.leader, world.bodies.general)
    response = client_for("advocate").post(
        _url("proposal-amend", proposal.pk),
        {
            "amend-text": "Admit the county health department for a trial year.",
            "amend-reason": "Try",
        },
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert _audited("governance.amendment.proposed", proposal)
    decide = reverse("decisions:amendment-decide", kwargs={"pk": amendment.pk})
    assert client_for("detective").post(decide, {"accept": "1"}).status_code == 403
    assert client_for("leader").post(decide, {"accept": "yes"}).status_code == 400
    assert client_for("leader").post(decide, {"accept": "1"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.text == "Admit the county health department for a trial year."
    assert _audited("governance.amendment.accepted", proposal)


def test_an_amendment_without_a_reason_is_refused(personas, world, client_for):
    proposal = decisions.proposal(personas.leader, world.bodies.general)
    response = client_for("advocate").post(
        _url("proposal-amend", proposal.pk), {"amend-text": "Something else.", "amend-reason": ""}
    )
    assert response.status_code == 400
    assert "Say why" in _text(response)
    assert not Amendment.objects.exists()


def test_amendments_of_hidden_proposals_answer_404(personas, world, client_for):
    proposal = decisions.proposal(personas.detective, world.bodies.law_enforcement)
    amendment = decision_services.propose_amendment(
        personas.prosecutor, proposal, "A better text.", "Clearer"
    )
    decide = reverse("decisions:amendment-decide", kwargs={"pk": amendment.pk})
    assert client_for("advocate").post(decide, {"accept": "1"}).status_code == 404


# --- Editing, opening, withdrawing ---------------------------------------------------------------


def test_the_proposer_edits_a_proposal_in_discussion(personas, world, client_for):
    proposal = decisions.proposal(personas.advocate, world.bodies.general)
    client = client_for("advocate")
    assert client.get(_url("proposal-edit", proposal.pk)).status_code == 200
    data = _proposal_post(world.bodies.general.pk, title="Admit the health department")
    data.pop("body")
    assert client.post(_url("proposal-edit", proposal.pk), data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Admit the health department"
    assert _audited("governance.proposal.updated", proposal)


def test_others_may_not_edit_a_proposal(personas, world, client_for):
    proposal = decisions.proposal(personas.advocate, world.bodies.general)
    client = client_for("detective")
    response = client.get(_url("proposal-edit", proposal.pk))
    assert response.status_code == 302 and response["Location"] == _url("proposal", proposal.pk)
    data = _proposal_post(world.bodies.general.pk, title="Hijacked")
    assert client.post(_url("proposal-edit", proposal.pk), data).status_code == 403
    proposal.refresh_from_db()
    assert proposal.title != "Hijacked"


def test_those_who_run_the_body_open_positions(personas, world, client_for):
    proposal = decisions.proposal(personas.advocate, world.bodies.general)
    assert client_for("detective").post(_url("proposal-open", proposal.pk)).status_code == 403
    assert client_for("leader").post(_url("proposal-open", proposal.pk)).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.rule_in_force is not None
    assert _audited("governance.proposal.opened", proposal)


def test_opening_with_an_open_amendment_is_refused_with_the_reason(personas, world, client_for):
    proposal = decisions.proposal(personas.advocate, world.bodies.general)
    decision_services.propose_amendment(personas.detective, proposal, "Another text.", "Better")
    response = client_for("leader").post(_url("proposal-open", proposal.pk), follow=True)
    assert "Decide the 1 open amendment first" in _text(response)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_the_proposer_withdraws_with_a_reason(personas, world, client_for):
    proposal = decisions.proposal(personas.advocate, world.bodies.general)
    url = _url("proposal-withdraw", proposal.pk)
    assert client_for("detective").post(url, {"withdraw-reason": "No"}).status_code == 403
    empty = client_for("advocate").post(url, {"withdraw-reason": ""})
    assert empty.status_code == 400
    assert "Say why the proposal is withdrawn" in _text(empty)
    assert client_for("advocate").post(url, {"withdraw-reason": "Superseded"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert proposal.withdrawn_reason == "Superseded"
    assert _audited("governance.proposal.withdrawn", proposal)


# --- Positions -----------------------------------------------------------------------------------


def test_a_member_takes_a_position_and_sees_the_provisional_count(personas, world, client_for):
    proposal = decisions.opened(personas.leader, world.bodies.general)
    client = client_for("detective")
    page = _text(client.get(_url("proposal", proposal.pk)))
    assert "Record my position" in page
    response = client.post(
        _url("proposal-position", proposal.pk), {"position-value": "yes", "position-reason": ""}
    )
    assert response.status_code == 302
    position = ProposalPosition.objects.get()
    assert (position.person, position.value) == (personas.detective.person, "yes")
    assert _audited("governance.position.recorded", proposal)
    page = _text(client.get(_url("proposal", proposal.pk)))
    assert "If it closed now" in page
    assert "Step 1, majority vote: 1.0 yes vs 0.0 no" in page


def test_a_block_without_a_reason_is_refused_and_nothing_is_written(personas, world, client_for):
    proposal = decisions.opened(personas.leader, world.bodies.general, topic="policy")
    url = _url("proposal-position", proposal.pk)
    response = client_for("detective").post(url, {"position-value": "block"})
    assert response.status_code == 400
    assert "A block stops the proposal" in _text(response)
    assert not ProposalPosition.objects.exists()
    with_reason = {"position-value": "block", "position-reason": "It breaks our protocol."}
    assert client_for("detective").post(url, with_reason).status_code == 302
    assert ProposalPosition.objects.get().value == "block"


def test_a_position_the_rule_does_not_offer_is_refused(personas, world, client_for):
    proposal = decisions.opened(personas.leader, world.bodies.general, topic="policy")
    response = client_for("detective").post(
        _url("proposal-position", proposal.pk), {"position-value": "yes"}
    )
    assert response.status_code == 400
    assert "value" in response.context["position_form"].errors
    assert not ProposalPosition.objects.exists()


def test_someone_without_a_seat_is_told_why_and_refused(personas, world, client_for):
    proposal = decisions.opened(personas.coordinator, world.bodies.victim_services)
    client = client_for("prosecutor")
    page = _text(client.get(_url("proposal", proposal.pk)))
    assert "You may not take a position" in page
    assert "You held no seat on Victim Services Committee" in page
    response = client.post(_url("proposal-position", proposal.pk), {"position-value": "yes"})
    assert response.status_code == 403
    assert "You held no seat on Victim Services Committee" in _text(response)
    assert not ProposalPosition.objects.exists()


def test_visitors_never_take_positions(personas, world, client_for):
    proposal = decisions.opened(personas.coordinator, world.bodies.victim_services)
    response = client_for("visitor").post(
        _url("proposal-position", proposal.pk), {"position-value": "yes"}
    )
    assert response.status_code == 403
    assert not ProposalPosition.objects.exists()


def test_recusal_needs_the_conflict_and_is_recorded(personas, world, client_for):
    proposal = decisions.opened(personas.leader, world.bodies.general, topic="funding")
    url = _url("proposal-position", proposal.pk)
    client = client_for("advocate")
    empty = client.post(url, {"recuse": "1", "recusal-reason": ""})
    assert empty.status_code == 400
    assert "Say what the conflict of interest is." in _text(empty)
    assert not ProposalPosition.objects.exists()
    done = client.post(url, {"recuse": "1", "recusal-reason": "The grant goes to New Dawn."})
    assert done.status_code == 302
    assert ProposalPosition.objects.get().recused
    assert _audited("governance.position.recused", proposal)
    assert "Recused" in _text(client.get(_url("proposal", proposal.pk)))


# --- Closing -------------------------------------------------------------------------------------


def test_those_who_run_the_body_close_and_the_decision_is_frozen(personas, world, client_for):
    proposal = decisions.opened(personas.leader, world.bodies.general)
    for user in (personas.leader, personas.detective, personas.advocate):
        decision_services.record_position(user, proposal, "yes")
    url = _url("proposal-close", proposal.pk)
    assert client_for("detective").post(url, {"close-rationale": "x"}).status_code == 403
    response = client_for("leader").post(url, {"close-rationale": "Clear support."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
    assert proposal.outcome == tally.PASSED
    assert _audited("governance.proposal.decided", proposal)
    page = _text(client_for("advocate").get(_url("proposal", proposal.pk)))
    assert "How it was counted" in page and "Outcome: passed" in page
    assert "Clear support." in page


def test_a_past_review_date_is_refused_on_its_field(personas, world, client_for):
    proposal = decisions.opened(personas.leader, world.bodies.general)
    response = client_for("leader").post(
        _url("proposal-close", proposal.pk),
        {"close-rationale": "", "close-review_on": (timezone.localdate() - DAY).isoformat()},
    )
    assert response.status_code == 400
    assert "review_on" in response.context["close_form"].errors
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_an_advice_decision_needs_the_deciders_call(personas, world, client_for):
    decisions.rule(world.bodies.general, decisions.step(tally.ADVICE), topic="protocols")
    proposal = decisions.opened(personas.leader, world.bodies.general, topic="protocols")
    url = _url("proposal-close", proposal.pk)
    assert "The decider" in _text(client_for("leader").get(_url("proposal", proposal.pk)))
    refused = client_for("leader").post(url, {"close-decider_call": ""})
    assert refused.status_code == 400
    assert "decider_call" in refused.context["close_form"].errors
    assert client_for("leader").post(url, {"close-decider_call": "passed"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.outcome == tally.PASSED


def test_a_review_date_is_set_on_a_decided_proposal(personas, world, client_for):
    proposal = decisions.opened(personas.leader, world.bodies.general)
    decision_services.close_proposal(personas.leader, proposal)
    url = _url("proposal-review", proposal.pk)
    review_on = timezone.localdate() + 90 * DAY
    assert (
        client_for("advocate").post(url, {"review-review_on": review_on.isoformat()}).status_code
        == 403
    )
    assert (
        client_for("leader").post(url, {"review-review_on": review_on.isoformat()}).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.review_on == review_on
    assert _audited("governance.proposal.review_set", proposal)


def test_a_comment_on_a_closed_proposal_is_refused_with_a_message(personas, world, client_for):
    proposal = decisions.opened(personas.leader, world.bodies.general)
    decision_services.close_proposal(personas.leader, proposal)
    response = client_for("advocate").post(
        _url("proposal-comment", proposal.pk), {"comment-text": "Late thought"}, follow=True
    )
    assert "it can no longer take comments" in _text(response)
    assert not ProposalComment.objects.exists()


# --- The register --------------------------------------------------------------------------------


def _decided(actor, body, **kwargs) -> Proposal:
    proposal = decisions.opened(actor, body, **kwargs)
    return decision_services.close_proposal(actor, proposal)


def test_the_register_lists_visible_decisions_with_filters(personas, world, client_for):
    membership = _decided(personas.leader, world.bodies.general, title="Admit the clinic")
    funding = _decided(
        personas.leader, world.bodies.general, title="Fund the hotline", topic="funding"
    )
    closed = _decided(personas.detective, world.bodies.law_enforcement, title="Share the leads")
    client = client_for("advocate")
    page = _text(client.get(reverse("decisions:register")))
    assert membership.reference in page and funding.reference in page
    assert closed.reference not in page
    filtered = _text(client.get(reverse("decisions:register") + "?topic=funding"))
    assert funding.reference in filtered and membership.reference not in filtered
    searched = _text(client.get(reverse("decisions:register") + "?q=clinic"))
    assert membership.reference in searched and funding.reference not in searched
    assert "register.csv?topic=funding" in filtered


def test_the_register_links_the_meeting_and_its_minutes(personas, world, client_for):
    meeting = standard_bodies.meeting(world.bodies.general, 3)
    proposal = decisions.opened(
        personas.leader, world.bodies.general, meeting=meeting, deadline=None
    )
    decision_services.close_proposal(personas.leader, proposal)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at - 5 * DAY, ends_at=meeting.ends_at - 5 * DAY
    )
    meeting.refresh_from_db()
    proceedings_services.start_minutes(personas.leader, meeting)
    page = _text(client_for("leader").get(reverse("decisions:register")))
    assert reverse("meetings:detail", kwargs={"pk": meeting.pk}) in page
    assert reverse("meetings:minutes", kwargs={"pk": meeting.pk}) in page


def _streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_register_exports_csv_with_the_filters(personas, world, client_for):
    membership = _decided(personas.leader, world.bodies.general)
    funding = _decided(personas.leader, world.bodies.general, topic="funding")
    response = client_for("advocate").get(reverse("decisions:register-csv") + "?topic=funding")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = _streamed(response)
    assert content.startswith("Reference,Decided on,Body")
    assert funding.reference in content and membership.reference not in content


def test_the_register_exports_pdf(personas, world, client_for):
    _decided(personas.leader, world.bodies.general)
    response = client_for("advocate").get(reverse("decisions:register-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_register_csv_leaves_out_hidden_decisions(personas, world, client_for):
    closed = _decided(personas.detective, world.bodies.law_enforcement)
    assert closed.reference in _streamed(
        client_for("detective").get(reverse("decisions:register-csv"))
    )
    assert closed.reference not in _streamed(
        client_for("advocate").get(reverse("decisions:register-csv"))
    )


# --- Decision rules ------------------------------------------------------------------------------


def test_body_rules_are_read_by_those_who_see_the_body_and_kept_by_coordinators(
    personas, world, client_for
):
    url = _url("body-rules", world.bodies.general.pk)
    page = _text(client_for("advocate").get(url))
    assert "Majority vote. No quorum" in page
    assert reverse("decisions:rule-edit", kwargs={"pk": world.general_rule.pk}) not in page
    coordinator_page = _text(client_for("coordinator").get(url))
    assert reverse("decisions:rule-edit", kwargs={"pk": world.general_rule.pk}) in coordinator_page
    closed = _url("body-rules", world.bodies.law_enforcement.pk)
    assert client_for("advocate").get(closed).status_code == 404
    assert client_for("detective").get(closed).status_code == 200


def test_rule_pages_are_for_coordinators(personas, world, client_for):
    add = _url("rule-add", world.bodies.general.pk)
    edit = _url("rule-edit", world.general_rule.pk)
    delete = _url("rule-delete", world.general_rule.pk)
    for url in (add, edit, delete):
        assert client_for("detective").get(url).status_code == 403
        assert client_for("leader").get(url).status_code == 200
    law_rule = DecisionRule.objects.get(body=world.bodies.law_enforcement)
    assert client_for("coordinator").get(_url("rule-edit", law_rule.pk)).status_code == 404


def _rule_post(**overrides: str) -> dict[str, str]:
    return {
        "topic": "funding",
        "quorum_percent": "50",
        "quorum_basis": "participating",
        "vote_unit": "person",
        "count_base": "cast",
        "expertise_tie": "share",
        "notes": "",
        "step_1_method": "consensus",
        "step_1_numerator": "2",
        "step_1_denominator": "3",
        "step_1_weight": "1",
        "step_2_method": "majority",
        "step_2_trigger": "blocked",
        "step_2_numerator": "2",
        "step_2_denominator": "3",
        "step_2_weight": "2",
        "step_3_method": "majority",
        "step_3_trigger": "tie",
        "step_3_numerator": "2",
        "step_3_denominator": "3",
        "step_3_weight": "1",
        **overrides,
    }


def test_a_preset_fills_the_rule_form(personas, world, client_for):
    url = _url("rule-add", world.bodies.general.pk) + "?preset=consensus-expertise"
    form = client_for("leader").get(url).context["form"]
    assert form.initial["step_1_method"] == tally.CONSENSUS
    assert form.initial["step_2_trigger"] == tally.BLOCKED
    assert form.initial["step_2_weight"] == 2
    assert form.initial["quorum_percent"] == 50
    board = client_for("leader").get(
        _url("rule-add", world.bodies.board.pk) + "?preset=executive-board"
    )
    assert board.context["form"].initial["count_base"] == "eligible"
    assert "Executive board vote (South Bay)" in _text(board)


def test_a_rule_is_saved_with_its_steps_and_audited(personas, world, client_for):
    response = client_for("leader").post(_url("rule-add", world.bodies.general.pk), _rule_post())
    assert response.status_code == 302
    rule = DecisionRule.objects.get(body=world.bodies.general, topic="funding")
    assert [step.method for step in rule.steps.order_by("order")] == [
        "consensus",
        "majority",
        "majority",
    ]
    assert _audited("governance.decision_rule.created", rule)
    page = _text(client_for("advocate").get(_url("body-rules", world.bodies.general.pk)))
    assert "on a block, expertise-weighted majority vote (×2)" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"step_2_method": "consensus"}, "Step 2: consensus can only be the first step."),
        ({"step_2_trigger": ""}, "Step 2: say what sends the count on to it."),
        ({"step_2_method": "", "step_2_trigger": ""}, "Step 2 is empty"),
        ({"step_1_weight": "3"}, "Step 1: only votes can weight the most experienced."),
    ],
)
def test_step_errors_are_shown_with_the_steps(personas, world, client_for, overrides, message):
    response = client_for("leader").post(
        _url("rule-add", world.bodies.general.pk), _rule_post(**overrides)
    )
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].non_field_errors())
    assert not DecisionRule.objects.filter(topic="funding").exists()


def test_a_second_rule_for_a_topic_is_refused_on_the_topic(personas, world, client_for):
    response = client_for("leader").post(
        _url("rule-add", world.bodies.general.pk), _rule_post(topic="policy")
    )
    assert response.status_code == 400
    assert "already has a rule" in response.context["form"].errors["topic"][0]


def test_a_rule_is_edited_and_removed(personas, world, client_for):
    client = client_for("leader")
    edit = _url("rule-edit", world.general_rule.pk)
    form = client.get(edit).context["form"]
    assert form.initial["step_1_method"] == tally.MAJORITY
    data = _rule_post(
        topic="", step_1_method="majority", step_2_method="", step_2_trigger="", step_3_method=""
    )
    data["step_3_trigger"] = ""
    assert client.post(edit, data).status_code == 302
    world.general_rule.refresh_from_db()
    assert world.general_rule.quorum_percent == 50
    assert _audited("governance.decision_rule.updated", world.general_rule)
    delete = _url("rule-delete", world.general_rule.pk)
    assert client_for("detective").post(delete).status_code == 403
    assert client.post(delete).status_code == 302
    assert not DecisionRule.objects.filter(pk=world.general_rule.pk).exists()
    assert AuditEvent.objects.filter(action="governance.decision_rule.deleted").exists()
