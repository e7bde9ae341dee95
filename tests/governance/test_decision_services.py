"""Decision rules, proposals, amendments, positions and closing: the services and selectors.

The counting itself is tested in test_tally.py; here the rules around it: who may do what, what
is frozen when, eligibility, recusal, one position per person, and the daily duties.
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.directory.models import Expertise, MembershipType
from taskforce.governance import decision_selectors as selectors
from taskforce.governance import decision_services as services
from taskforce.governance import tally
from taskforce.governance.decision_models import (
    Amendment,
    AmendmentStatus,
    DecisionRule,
    ProposalPosition,
    ProposalStatus,
)
from taskforce.governance.models import Body, BodyKind, Charter, OrganizationSeat
from taskforce.meetings.agenda_sources import carried_entries
from taskforce.meetings.models import Attendance, AttendanceStatus
from tests import bodies, decisions
from tests.directory.factories import ensure_vocabularies
from tests.personas import Personas

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
GENERAL_BODY_VOTERS = ("leader", "coordinator", "detective", "prosecutor", "advocate")


@pytest.fixture
def seeded(transactional_db: None) -> None:
    """The seeded vocabularies, which an earlier test's flush of the database may have removed."""
    ensure_vocabularies()


@pytest.fixture
def standard(personas: Personas) -> bodies.Bodies:
    return bodies.build_bodies(personas)


def actions(*codes: str) -> int:
    return AuditEvent.objects.filter(action__in=codes).count()


# --- Rules ---------------------------------------------------------------------------------------


def test_a_coordinator_sets_a_rule_with_a_fallback_chain(personas, standard):
    rule = services.save_rule(
        personas.coordinator,
        standard.board,
        {"topic": "funding", "quorum_percent": 50, "count_base": "eligible"},
        [
            decisions.step(tally.CONSENSUS),
            decisions.step(tally.MAJORITY, tally.BLOCKED, weight="2"),
            decisions.step(tally.MAJORITY, tally.TIE),
        ],
    )
    assert [step.method for step in rule.steps.order_by("order")] == [
        "consensus",
        "majority",
        "majority",
    ]
    assert selectors.describe(rule).startswith(
        "Consensus; on a block, expertise-weighted majority vote (×2); on a tie, majority vote."
    )
    event = AuditEvent.objects.get(action="governance.decision_rule.created")
    assert "Consensus" in str(event.changes["steps"]["to"])


def test_a_member_may_not_set_rules(personas, standard):
    with pytest.raises(PermissionDenied):
        services.save_rule(personas.detective, standard.board, {}, [decisions.step("majority")])
    assert not DecisionRule.objects.exists()


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([], "A rule needs at least one step."),
        (
            [decisions.step("majority"), decisions.step("consensus", "tie")],
            "Step 2: consensus can only be the first step.",
        ),
        (
            [decisions.step("majority"), decisions.step("majority", "blocked")],
            "Step 2: only a consensus step can be blocked or end without consensus.",
        ),
        (
            [decisions.step("consensus"), decisions.step("majority", "tie")],
            "Step 2: only a vote can end in a tie.",
        ),
        (
            [decisions.step("consensus"), decisions.step("majority")],
            "Step 2: say what sends the count on to it.",
        ),
        (
            [decisions.step("supermajority", numerator=1, denominator=2)],
            "Step 1: a supermajority is more than half (e.g. 2/3).",
        ),
        (
            [decisions.step("consensus", weight="2")],
            "Step 1: only votes can weight the most experienced.",
        ),
        (
            [decisions.step("advice"), decisions.step("majority", "tie")],
            "Advice ends with the decider's call; it takes no further steps.",
        ),
    ],
)
def test_rules_that_cannot_work_are_refused_in_words(personas, standard, steps, message):
    with pytest.raises(ValidationError) as refusal:
        services.save_rule(personas.coordinator, standard.board, {"topic": ""}, steps)
    assert message in refusal.value.message_dict["steps"]
    assert not DecisionRule.objects.exists()


def test_one_rule_per_body_and_topic(personas, standard):
    decisions.rule(standard.board, topic="policy")
    with pytest.raises(ValidationError) as refusal:
        services.save_rule(
            personas.coordinator, standard.board, {"topic": "policy"}, [decisions.step("majority")]
        )
    assert "already has a rule for policy" in refusal.value.message_dict["topic"][0]


def test_the_topic_rule_wins_over_the_rule_for_every_other_topic(standard):
    every = decisions.rule(standard.board)
    funding = decisions.rule(standard.board, decisions.step("consensus"), topic="funding")
    assert selectors.rule_for(standard.board, "funding") == funding
    assert selectors.rule_for(standard.board, "policy") == every
    assert selectors.rule_for(standard.general, "policy") is None


# --- Proposals -----------------------------------------------------------------------------------


def test_a_member_proposes_and_the_proposal_is_numbered(personas, standard):
    decisions.rule(standard.general)
    first = decisions.proposal(personas.advocate, standard.general)
    second = decisions.proposal(personas.detective, standard.general, title="Second")
    year = timezone.localdate().year
    assert (first.reference, second.reference) == (f"D-{year}-001", f"D-{year}-002")
    assert first.status == ProposalStatus.DRAFT
    assert first.proposed_by == personas.advocate.person
    assert actions("governance.proposal.created") == 2


def test_without_a_rule_for_the_topic_the_proposal_is_refused(personas, standard):
    with pytest.raises(ValidationError) as refusal:
        decisions.proposal(personas.leader, standard.general, topic="funding")
    assert "has no decision rule for funding" in refusal.value.message_dict["topic"][0]


@pytest.mark.parametrize("name", ["visitor", "anonymous"])
def test_visitors_and_strangers_may_not_propose(personas, standard, name):
    decisions.rule(standard.victim_services)
    user = personas.user(name)
    with pytest.raises(PermissionDenied):
        decisions.proposal(user, standard.victim_services)


def test_a_member_may_not_propose_to_a_body_that_does_not_seat_them(personas, standard):
    decisions.rule(standard.law_enforcement)
    with pytest.raises(PermissionDenied):
        decisions.proposal(personas.advocate, standard.law_enforcement)


def test_consensus_decides_one_proposal_not_a_choice_of_options(personas, standard):
    decisions.rule(standard.general, decisions.step("consensus"))
    with pytest.raises(ValidationError) as refusal:
        decisions.proposal(personas.leader, standard.general, options=("Plan A", "Plan B"))
    assert (
        "Consensus decides one proposal at a time" in refusal.value.message_dict["choice_kind"][0]
    )


def test_several_options_need_two_distinct_labels(personas, standard):
    decisions.rule(standard.general)
    with pytest.raises(ValidationError) as refusal:
        decisions.proposal(personas.leader, standard.general, options=("Plan A", "plan a"))
    assert refusal.value.message_dict["options"] == ["Each option must be different."]


def test_a_rule_counting_those_present_needs_a_meeting(personas, standard):
    decisions.rule(standard.board, quorum_percent=50, quorum_basis="present")
    with pytest.raises(ValidationError) as refusal:
        decisions.proposal(personas.leader, standard.board)
    assert "counts those present at the meeting" in refusal.value.message_dict["meeting"][0]


def test_a_past_deadline_and_another_bodys_meeting_are_refused(personas, standard):
    decisions.rule(standard.general)
    other = bodies.meeting(standard.board, 5)
    with pytest.raises(ValidationError) as refusal:
        decisions.proposal(
            personas.leader,
            standard.general,
            deadline=timezone.now() - HOUR,
            meeting=other,
        )
    errors = refusal.value.message_dict
    assert errors["deadline"] == ["The deadline must be in the future."]
    assert errors["meeting"] == ["Choose a meeting of General Body."]


def test_a_proposal_at_a_meeting_is_listed_on_its_agenda(personas, standard):
    decisions.rule(standard.general)
    meeting = bodies.meeting(standard.general, 20)
    proposal = decisions.proposal(personas.advocate, standard.general, meeting=meeting)
    entries = [entry for entry in carried_entries(meeting) if entry.kind == "Decision"]
    assert [(entry.title, entry.detail) for entry in entries] == [
        (f"{proposal.reference} {proposal.title}", "Membership, in discussion")
    ]
    services.withdraw_proposal(personas.advocate, proposal, "Not needed")
    assert not [entry for entry in carried_entries(meeting) if entry.kind == "Decision"]


# --- Amendments and opening ----------------------------------------------------------------------


def test_amendments_before_positions_open(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.proposal(personas.leader, standard.general)
    amendment = services.propose_amendment(
        personas.advocate, proposal, "Admit the county health department for one year.", "Trial"
    )
    with pytest.raises(ValidationError, match="Decide the 1 open amendment first"):
        services.open_positions(personas.leader, proposal)
    with pytest.raises(PermissionDenied):
        services.decide_amendment(personas.detective, amendment, True)
    services.decide_amendment(personas.leader, amendment, True)
    proposal.refresh_from_db()
    amendment.refresh_from_db()
    assert proposal.text == "Admit the county health department for one year."
    assert amendment.status == AmendmentStatus.ACCEPTED
    assert amendment.replaced_text.startswith("Admit the county health department, as")
    opened = services.open_positions(personas.leader, proposal)
    with pytest.raises(ValidationError, match="can no longer be amended"):
        services.propose_amendment(personas.advocate, opened, "Other text", "Late")
    assert Amendment.objects.count() == 1


def test_an_amendment_needs_new_text_and_a_reason(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.proposal(personas.leader, standard.general)
    with pytest.raises(ValidationError) as refusal:
        services.propose_amendment(personas.advocate, proposal, proposal.text, "")
    assert set(refusal.value.message_dict) == {"text", "reason"}


def test_opening_freezes_the_rule_in_force(personas, standard):
    rule = decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general)
    services.save_rule(
        personas.coordinator,
        standard.general,
        {"topic": ""},
        [decisions.step("consensus")],
        rule=rule,
    )
    proposal.refresh_from_db()
    assert rule.pk == DecisionRule.objects.get().pk
    assert selectors.rule_in_force(proposal).steps[0].method == tally.MAJORITY
    assert proposal.rule_method == tally.MAJORITY


def test_only_those_who_run_the_body_open_positions(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.proposal(personas.advocate, standard.general)
    with pytest.raises(PermissionDenied):
        services.open_positions(personas.advocate, proposal)
    services.open_positions(personas.leader, proposal)


# --- Positions -----------------------------------------------------------------------------------


def test_one_row_per_person_and_the_last_change_counts(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general)
    services.record_position(personas.advocate, proposal, "no")
    services.record_position(personas.advocate, proposal, "yes")
    row = ProposalPosition.objects.get(proposal=proposal)
    assert (row.value, row.sequence) == ("yes", 2)
    result = selectors.proposal_result(proposal)
    assert result.steps[0].totals == {"yes": "1.0", "no": "0.0"}
    assert actions("governance.position.recorded") == 2


def test_the_database_holds_one_position_per_person(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general)
    ProposalPosition.objects.create(proposal=proposal, person=personas.advocate.person, value="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalPosition.objects.create(
            proposal=proposal, person=personas.advocate.person, value="no"
        )


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database shares one cache between threads, whose table locks "
    "fail at once instead of waiting; the PostgreSQL run covers this",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_leave_one_position(seeded, personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def submit(value: str) -> None:
        try:
            start.wait()
            services.record_position(personas.advocate, proposal, value)
        except BaseException as error:  # reported below, so the test shows what went wrong
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(value,)) for value in ("yes", "no")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = list(ProposalPosition.objects.filter(proposal=proposal))
    assert len(rows) == 1 and rows[0].sequence == 2
    assert selectors.proposal_result(proposal).counted_units == 1


def test_a_block_needs_a_reason_and_the_choices_follow_the_rule(personas, standard):
    decisions.rule(standard.general, decisions.step("consensus"))
    proposal = decisions.opened(personas.leader, standard.general)
    with pytest.raises(ValidationError) as refusal:
        services.record_position(personas.advocate, proposal, "block")
    assert "say why" in refusal.value.message_dict["reason"][0]
    with pytest.raises(ValidationError) as refusal:
        services.record_position(personas.advocate, proposal, "yes")
    assert refusal.value.message_dict["value"] == ["Choose one of the positions offered."]
    assert not ProposalPosition.objects.exists()
    services.record_position(personas.advocate, proposal, "block", "Survivors were not consulted")
    assert selectors.proposal_result(proposal).outcome == tally.BLOCKED


def test_a_non_voting_member_is_told_why_they_may_not_take_a_position(personas, standard):
    decisions.rule(standard.general)
    detective = personas.detective.person
    detective.membership_type = MembershipType.NON_VOTING
    detective.save()
    proposal = decisions.opened(personas.leader, standard.general)
    standing = selectors.my_standing(personas.detective, proposal)
    assert not standing.may_take_position
    assert "Non-voting member of the task force" in standing.reasons
    with pytest.raises(PermissionDenied, match="Non-voting member of the task force"):
        services.record_position(personas.detective, proposal, "yes")
    assert not ProposalPosition.objects.exists()


def test_attendance_rules_decide_who_may_take_a_position(personas, standard):
    body = standard.general
    body.new_member_meetings_required = 2
    body.save()
    held = bodies.meeting(body, -10)
    Attendance.objects.create(
        meeting=held, person=personas.advocate.person, status=AttendanceStatus.PRESENT, name="x"
    )
    decisions.rule(body)
    proposal = decisions.opened(personas.leader, body)
    standing = selectors.my_standing(personas.advocate, proposal)
    assert not standing.may_take_position
    assert standing.reasons == ["Attended 1 of the 2 meetings a new member needs within 9 months"]


def test_someone_seated_after_positions_opened_does_not_take_one(personas, standard):
    decisions.rule(standard.board)
    proposal = decisions.opened(personas.leader, standard.board)
    bodies.seat(standard.board, personas.detective, term_start=timezone.localdate() + DAY)
    standing = selectors.my_standing(personas.detective, proposal)
    assert not standing.may_take_position
    assert standing.reasons[0].startswith("You held no seat on Executive Board on ")


def test_a_recusal_is_recorded_and_leaves_the_base(personas, standard):
    decisions.rule(standard.general, quorum_percent=100)
    proposal = decisions.opened(personas.leader, standard.general, topic="funding")
    with pytest.raises(ValidationError) as refusal:
        services.record_position(personas.coordinator, proposal, recuse=True)
    assert refusal.value.message_dict["reason"] == ["Say what the conflict of interest is."]
    services.record_position(
        personas.coordinator, proposal, reason="The grant goes to Safe Harbor", recuse=True
    )
    for name in ("leader", "detective", "prosecutor", "advocate", "administrator"):
        services.record_position(getattr(personas, name), proposal, "yes")
    result = selectors.proposal_result(proposal)
    assert result.recused == ["Maria Santos"] or result.recused == [
        personas.coordinator.person.full_name
    ]
    assert result.quorum_met and result.eligible_units == 5
    assert result.outcome == tally.PASSED
    assert actions("governance.position.recused") == 1


def test_positions_close_at_the_deadline(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general)
    type(proposal).objects.filter(pk=proposal.pk).update(deadline=timezone.now() - HOUR)
    with pytest.raises(ValidationError, match="The deadline for positions has passed"):
        services.record_position(personas.advocate, proposal, "yes")


def test_a_draft_takes_no_positions(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.proposal(personas.leader, standard.general)
    with pytest.raises(ValidationError, match="can no longer take positions"):
        services.record_position(personas.advocate, proposal, "yes")


# --- Vote units and leadership -------------------------------------------------------------------


def test_one_agency_one_vote_through_its_delegate(personas, standard):
    body = standard.general
    decisions.rule(body, vote_unit="organization")
    OrganizationSeat.objects.create(
        body=body, organization=personas.police, delegate=personas.detective.person
    )
    OrganizationSeat.objects.create(
        body=body, organization=personas.new_dawn, delegate=personas.advocate.person
    )
    proposal = decisions.opened(personas.leader, body)
    services.record_position(personas.detective, proposal, "no")
    services.record_position(personas.advocate, proposal, "yes")
    with pytest.raises(PermissionDenied, match="Votes through"):
        services.record_position(personas.leader, proposal, "yes")
    result = selectors.proposal_result(proposal)
    assert result.steps[0].totals == {"yes": "1.0", "no": "1.0"}
    assert "one vote per organization" in result.explanation[0]


def test_under_leadership_rules_the_others_are_heard(personas, standard):
    body = standard.general
    charter = Charter.objects.create(
        name="Harbor County Task Force", jurisdiction="Harbor County", mission="m", purpose="p"
    )
    charter.leading_organizations.add(personas.police)
    decisions.rule(body, decisions.step("leadership", numerator=1, denominator=2))
    proposal = decisions.opened(personas.leader, body, topic="policy")
    standing = selectors.my_standing(personas.advocate, proposal)
    assert standing.may_take_position and not standing.counts
    services.record_position(personas.advocate, proposal, "no")
    services.record_position(personas.leader, proposal, "yes")
    result = selectors.proposal_result(proposal)
    assert result.outcome == tally.PASSED
    assert "the other members were heard (1 position: 1 no)" in result.steps[0].text


# --- Closing, the register and recounts ----------------------------------------------------------


def test_closing_freezes_the_result_and_a_recount_agrees(
    personas, standard, django_capture_on_commit_callbacks, mailoutbox
):
    body = standard.general
    decisions.rule(
        body,
        decisions.step("consensus"),
        decisions.step("majority", "blocked", weight="2"),
        quorum_percent=50,
    )
    Expertise.objects.create(person=personas.coordinator.person, area=decisions.area(), years=12)
    proposal = decisions.opened(personas.leader, body, area=decisions.area())
    services.record_position(personas.coordinator, proposal, "endorse")
    services.record_position(personas.detective, proposal, "block", "Not before training")
    services.record_position(personas.advocate, proposal, "serious_disagreement")
    with django_capture_on_commit_callbacks(execute=True):
        closed = services.close_proposal(
            personas.leader,
            proposal,
            rationale="Training first was heard; the body goes ahead.",
            review_on=timezone.localdate() + 180 * DAY,
        )
    assert closed.status == ProposalStatus.DECIDED and closed.outcome == tally.FAILED
    frozen = tally.Result.from_json(closed.frozen.result)
    assert selectors.recount(closed) == frozen
    assert selectors.proposal_result(closed) == frozen
    assert "blocked by 1 of 3 (Dan Reyes); on a block the count falls back to step 2" in (
        closed.explanation
    )
    assert "has the most experience in Victim services (12 years), weighted ×2" in (
        closed.explanation
    )
    assert "2.0 yes vs 2.0 no" in closed.explanation
    # Everyone seated on the body hears the outcome.
    assert {message.subject for message in mailoutbox} == {
        f"Decided: {closed.reference} {closed.title}"
    }
    with pytest.raises(ValidationError, match="can no longer take positions"):
        services.record_position(personas.prosecutor, closed, "yes")
    assert list(selectors.register(personas.advocate)) == [closed]


def test_advice_needs_the_deciders_call(personas, standard):
    decisions.rule(standard.general, decisions.step("advice"))
    proposal = decisions.opened(personas.leader, standard.general)
    services.record_position(personas.advocate, proposal, "no")
    with pytest.raises(ValidationError) as refusal:
        services.close_proposal(personas.leader, proposal)
    assert "decider records the call" in refusal.value.message_dict["decider_call"][0]
    closed = services.close_proposal(personas.leader, proposal, decider_call=tally.PASSED)
    assert closed.outcome == tally.PASSED
    assert "the decider's call: passed" in closed.explanation


def test_withdrawing_enters_the_register_with_the_reason(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.proposal(personas.advocate, standard.general)
    services.open_positions(personas.leader, proposal)
    with pytest.raises(PermissionDenied):
        services.withdraw_proposal(personas.detective, proposal, "Not mine")
    withdrawn = services.withdraw_proposal(personas.advocate, proposal, "Superseded by D-2")
    assert (withdrawn.status, withdrawn.outcome) == (ProposalStatus.WITHDRAWN, tally.WITHDRAWN)
    assert withdrawn.explanation.endswith("Outcome: withdrawn")
    assert list(selectors.register(personas.leader, selectors.RegisterFilters(outcome="withdrawn")))


def test_a_closed_bodys_decisions_stay_with_its_members(personas, standard):
    decisions.rule(standard.law_enforcement)
    proposal = decisions.opened(personas.detective, standard.law_enforcement, topic="policy")
    services.close_proposal(personas.detective, proposal)
    assert selectors.get_proposal_for(personas.prosecutor, proposal.pk) == proposal
    for name in ("advocate", "coordinator", "administrator", "visitor"):
        with pytest.raises(Http404):
            selectors.get_proposal_for(getattr(personas, name), proposal.pk)
        assert not selectors.register(getattr(personas, name)).exists()


def test_register_filters(personas, standard):
    decisions.rule(standard.general)
    decisions.rule(standard.board, decisions.step("consensus"))
    passed = decisions.opened(personas.leader, standard.general, topic="funding", title="Grant")
    services.record_position(personas.advocate, passed, "yes")
    services.close_proposal(personas.leader, passed)
    blocked = decisions.opened(personas.leader, standard.board, topic="policy", title="Media")
    services.record_position(personas.coordinator, blocked, "block", "Press plan first")
    services.close_proposal(personas.leader, blocked)

    def find(**filters):
        return list(selectors.register(personas.leader, selectors.RegisterFilters(**filters)))

    assert find(topic="funding") == [passed]
    assert find(outcome="blocked") == [blocked]
    assert find(method="consensus") == [blocked]
    assert find(body=standard.general.pk) == [passed]
    assert find(q="media") == [blocked]
    assert find(year=timezone.localdate().year - 1) == []
    filters = selectors.RegisterFilters.from_query({"topic": "nonsense", "year": "x", "q": " a "})
    assert (filters.topic, filters.year, filters.q) == ("", None, "a")


def test_the_register_csv_neutralises_formulas(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general, title="=HYPERLINK(1)")
    services.close_proposal(personas.leader, proposal)
    text = selectors.register_csv(selectors.register(personas.leader))
    assert "'=HYPERLINK(1)" in text
    assert text.splitlines()[0].startswith("Reference,Decided on,Body,Topic,Title,Outcome")


# --- The daily duties ----------------------------------------------------------------------------


def test_daily_duties_close_remind_once_and_flag_reviews(
    personas, standard, django_capture_on_commit_callbacks, mailoutbox
):
    decisions.rule(standard.general)
    due = decisions.opened(personas.leader, standard.general, title="Due")
    services.record_position(personas.advocate, due, "yes")
    soon = decisions.opened(personas.leader, standard.general, title="Soon")
    services.record_position(personas.advocate, soon, "yes")
    type(due).objects.filter(pk=due.pk).update(deadline=timezone.now() - HOUR)
    type(soon).objects.filter(pk=soon.pk).update(deadline=timezone.now() + 20 * HOUR)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.run_daily_duties()
    assert [p.reference for p in report.closed] == [due.reference]
    due.refresh_from_db()
    assert due.outcome == tally.PASSED and due.closed_by is None
    assert [p.reference for p in report.reminded] == [soon.reference]
    reminders = [m for m in mailoutbox if m.subject.startswith("Deadline near")]
    # Everyone eligible who has not taken a position yet: not the advocate.
    assert personas.advocate.email not in {m.to[0] for m in reminders}
    assert len(reminders) == 5
    services.set_review_date(personas.leader, due, timezone.localdate() + 10 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.run_daily_duties()
    assert again.reminded == [] and [p.reference for p in again.reviews] == [due.reference]
    assert services.run_daily_duties().reviews == []


def test_a_review_date_is_set_by_those_who_run_the_body(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general)
    services.close_proposal(personas.leader, proposal)
    with pytest.raises(PermissionDenied):
        services.set_review_date(personas.advocate, proposal, timezone.localdate() + DAY)
    with pytest.raises(ValidationError):
        services.set_review_date(personas.leader, proposal, timezone.localdate())
    services.set_review_date(personas.leader, proposal, timezone.localdate() + 30 * DAY)
    assert actions("governance.proposal.review_set") == 1


def test_the_dashboard_lists_proposals_awaiting_my_position(personas, standard):
    decisions.rule(standard.general)
    proposal = decisions.opened(personas.leader, standard.general)
    assert list(selectors.open_proposals_for(personas.advocate)) == [proposal]
    services.record_position(personas.advocate, proposal, "yes")
    assert not selectors.open_proposals_for(personas.advocate).exists()
    assert not selectors.open_proposals_for(personas.visitor).exists()


def test_rule_weights_are_stored_exactly(personas, standard):
    rule = services.save_rule(
        personas.coordinator,
        standard.board,
        {"topic": ""},
        [decisions.step("majority", weight="1.5")],
    )
    assert rule.steps.get().expertise_weight == Decimal("1.50")
    assert selectors.rule_spec(rule).steps[0].weight == tally.Fraction(3, 2)


def test_a_body_that_is_not_a_committee_may_have_rules_too(personas):
    body = Body.objects.create(name="Leadership Team", kind=BodyKind.LEADERSHIP_TEAM)
    rule = services.save_rule(
        personas.coordinator, body, {"topic": "protocols"}, [decisions.step("consensus")]
    )
    assert str(rule) == "Leadership Team: Protocols"


def test_leadership_rules_need_the_charters_leading_organizations(personas, standard):
    decisions.rule(standard.general, decisions.step("leadership", numerator=1, denominator=2))
    with pytest.raises(ValidationError) as refusal:
        decisions.proposal(personas.leader, standard.general, topic="policy")
    assert "the charter names none" in refusal.value.message_dict["topic"][0]
