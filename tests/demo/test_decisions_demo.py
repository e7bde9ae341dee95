"""The demo's decision rules, its year of decisions and the proposals under way show what the issue
promises: a dozen past decisions across topics and rules, one settled by the expertise-weighted
fallback, every one recounting as recorded.

The demo is built once for this module (see conftest.py); the tests only read it.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from taskforce.accounts.models import User
from taskforce.demo import data
from taskforce.demo import decisions_data as spec
from taskforce.directory.models import Expertise, Person
from taskforce.governance import decision_selectors as selectors
from taskforce.governance import tally
from taskforce.governance.decision_models import (
    AmendmentStatus,
    ChoiceKind,
    DecisionRule,
    Outcome,
    Proposal,
    ProposalStatus,
)
from taskforce.governance.models import Body
from taskforce.meetings.models import MeetingStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("built_demo")]

LAW_ENFORCEMENT_DECISION = "Labor trafficking roll-call training schedule"


def _user(username: str) -> User:
    # A fresh object each time: users cache their seats.
    return User.objects.get(username=username)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(_user(username))
    return client


def _decided() -> list[Proposal]:
    return list(Proposal.objects.filter(status=ProposalStatus.DECIDED).select_related("body"))


def _closed() -> list[Proposal]:
    return list(Proposal.objects.filter(status__in=selectors.CLOSED_STATUSES))


def _person_pk(key: str) -> int:
    named = next(person for _, person in data.all_people() if person.key == key)
    return Person.objects.get(first_name=named.first_name, last_name=named.last_name).pk


# --- Rules ---------------------------------------------------------------------------------------


def test_every_body_has_its_rules_and_the_board_votes_on_its_topics() -> None:
    assert set(Body.objects.filter(decision_rules__isnull=False).distinct()) == set(
        Body.objects.all()
    )
    board = Body.objects.get(name="Executive Board")
    for topic in ("membership", "visitors", "funding", "policy", "collaborative_request"):
        rule = selectors.rule_for(board, topic)
        assert rule is not None and rule.topic == topic
        described = selectors.describe(rule)
        assert described.startswith("Majority vote. Quorum: 60%")
        assert "every eligible vote" in described
    general = selectors.rule_for(Body.objects.get(name="General Body"), "other")
    assert general is not None and "votes cast" in selectors.describe(general)


def test_the_leadership_team_falls_back_from_a_block_to_a_weighted_vote_then_a_majority() -> None:
    rule = DecisionRule.objects.get(body__name="Leadership Team", topic="")
    steps = list(rule.steps.order_by("order"))
    assert [(s.method, s.trigger, float(s.expertise_weight)) for s in steps] == [
        (tally.CONSENSUS, "", 1.0),
        (tally.MAJORITY, tally.BLOCKED, 2.0),
        (tally.MAJORITY, tally.TIE, 1.0),
    ]


# --- A year of decisions -------------------------------------------------------------------------


def test_a_dozen_decisions_over_the_past_year_across_topics_bodies_and_methods() -> None:
    decided = _decided()
    today = timezone.localdate()
    assert len(decided) >= 12
    assert len({p.topic for p in decided}) >= 5
    assert len({p.rule_method for p in decided}) >= 3
    assert len({p.body_id for p in decided}) >= 5
    for proposal in decided:
        assert proposal.decided_on is not None
        assert today - datetime.timedelta(days=365) < proposal.decided_on < today
        assert proposal.opened_at is not None and proposal.closed_at is not None
        assert proposal.created_at < proposal.opened_at < proposal.closed_at
        assert timezone.localdate(proposal.closed_at) == proposal.decided_on
    assert len({(p.decided_on.year, p.decided_on.month) for p in decided if p.decided_on}) >= 6


def test_every_outcome_appears_in_the_register() -> None:
    outcomes = Counter(p.outcome for p in _closed())
    assert set(outcomes) == set(Outcome.values)


def test_references_run_in_the_order_the_proposals_were_made() -> None:
    proposals = list(Proposal.objects.order_by("created_at"))
    references = [p.reference for p in proposals]
    assert len(set(references)) == len(references)
    for proposal in proposals:
        assert proposal.reference.startswith(f"D-{timezone.localdate(proposal.created_at).year}-")
    by_year: dict[str, list[str]] = {}
    for reference in references:
        by_year.setdefault(reference[:6], []).append(reference)
    assert all(numbers == sorted(numbers) for numbers in by_year.values())


def test_the_expertise_weighted_fallback_decided_one_proposal() -> None:
    proposal = Proposal.objects.get(title=spec.EXPERIENCE_WEIGHTED_TITLE)
    assert proposal.outcome == Outcome.PASSED
    assert "blocked by 1 of 4" in proposal.explanation
    assert "on a block the count falls back to step 2" in proposal.explanation
    assert "(8 years), weighted ×2" in proposal.explanation
    assert "3.0 yes vs 2.0 no" in proposal.explanation
    result = tally.Result.from_json(proposal.frozen.result)
    survivor_leader = _person_pk("survivor-leader")
    assert [step.condition for step in result.steps] == [tally.BLOCKED, "decided"]
    assert result.steps[1].weighted == [survivor_leader]
    # The weight went to the most experienced in the area, as the directory records it.
    ballot = tally.Ballot.from_json(proposal.frozen.ballot)
    years = {p.person_id: p.years for p in ballot.participants}
    recorded = Expertise.objects.get(person_id=survivor_leader, area__code="outreach").years
    assert years[survivor_leader] == recorded == max(years.values())
    assert sorted(years.values()).count(recorded) == 1


def test_every_closed_decision_recounts_as_recorded() -> None:
    closed = _closed()
    for proposal in closed:
        assert selectors.recount(proposal) == tally.Result.from_json(proposal.frozen.result)
    output = io.StringIO()
    call_command("recount_decisions", stdout=output)
    assert f"Recounted {len(closed)} decisions; 0 differ." in output.getvalue()


def test_only_those_who_could_vote_on_the_opening_day_took_positions() -> None:
    for proposal in _closed():
        ballot = tally.Ballot.from_json(proposal.frozen.ballot)
        eligible = {p.person_id for p in ballot.participants if p.eligible}
        assert {stance.person_id for stance in ballot.stances} <= eligible, proposal.reference
        assert proposal.opened_at is not None
        # Frozen from the electorate of the day positions opened.
        current = tally.Ballot(
            participants=tuple(selectors.participants(proposal, selectors.rule_in_force(proposal)))
        )
        assert current.participants == ballot.participants, proposal.reference


def test_decisions_taken_at_meetings_belong_to_held_meetings_of_their_body() -> None:
    at_meetings = [p for p in _decided() if p.meeting_id]
    assert len(at_meetings) >= 8
    for proposal in at_meetings:
        meeting = proposal.meeting
        assert meeting is not None and meeting.body_id == proposal.body_id
        assert meeting.status == MeetingStatus.HELD
        assert meeting.local_start.date() == proposal.decided_on
        assert proposal.deadline is None


def test_the_register_shows_each_kind_of_decision() -> None:
    closed = {p.title: p for p in _closed()}
    withdrawn = [p for p in closed.values() if p.status == ProposalStatus.WITHDRAWN]
    assert len(withdrawn) == 1 and withdrawn[0].withdrawn_reason
    blocked = next(p for p in closed.values() if p.outcome == Outcome.BLOCKED)
    assert len((blocked.rule_in_force or {})["steps"]) == 1  # no fallback
    no_quorum = next(p for p in closed.values() if p.outcome == Outcome.NO_QUORUM)
    assert no_quorum.closed_by is None  # the daily run closed it at its deadline
    options = closed[LAW_ENFORCEMENT_DECISION]
    assert options.choice_kind == ChoiceKind.OPTIONS and options.options.count() == 3
    assert options.chosen_option.startswith("Four roll-call shifts")
    advice = next(p for p in closed.values() if p.rule_method == tally.ADVICE)
    assert advice.decider_call == tally.PASSED and "the decider's call" in advice.explanation
    recusal = closed["Funding: administrator grant budget"]
    assert recusal.positions.filter(recused=True).count() == 1
    assert "Recused, and left out of every count: Ada Ledgerwood" in recusal.explanation
    decided_by_someone = [
        p for p in closed.values() if p.outcome != Outcome.WITHDRAWN and p.closed_by_id is not None
    ]
    assert all(p.rationale for p in decided_by_someone)
    assert Proposal.objects.filter(amendments__status=AmendmentStatus.ACCEPTED).exists()
    assert Proposal.objects.filter(comments__isnull=False, status=ProposalStatus.DECIDED).exists()


def test_two_decisions_have_a_review_date_and_one_is_due_within_30_days() -> None:
    today = timezone.localdate()
    reviewed = Proposal.objects.filter(review_on__isnull=False)
    assert reviewed.count() >= 2 and all(p.review_on > today for p in reviewed)
    due = selectors.register(_user("leader"), selectors.RegisterFilters(review_due=True))
    assert due.count() == 1
    assert list(selectors.reviews_due_for(_user("leader"))) == list(due)


# --- Under way -----------------------------------------------------------------------------------


def test_two_proposals_take_positions_and_one_is_in_discussion() -> None:
    now = timezone.now()
    open_ = list(Proposal.objects.filter(status=ProposalStatus.OPEN))
    assert len(open_) == 2
    at_meeting = next(p for p in open_ if p.meeting_id)
    assert at_meeting.meeting is not None and at_meeting.meeting.starts_at > now
    assert at_meeting in selectors.proposals_at_meeting(at_meeting.meeting.pk)
    by_deadline = next(p for p in open_ if p.deadline)
    assert now < by_deadline.deadline <= now + datetime.timedelta(days=7)
    assert by_deadline.positions.count() >= 3
    result = selectors.proposal_result(by_deadline)
    assert result is not None and result.counted_units == by_deadline.positions.count()
    draft = Proposal.objects.get(status=ProposalStatus.DRAFT)
    assert draft.amendments.filter(status=AmendmentStatus.PROPOSED).count() == 1
    assert draft.comments.exists()
    # The general body's chair has yet to take a position; the detective has taken one.
    assert by_deadline in selectors.open_proposals_for(_user("leader"))
    assert by_deadline not in selectors.open_proposals_for(_user("detective"))


# --- Pages ---------------------------------------------------------------------------------------


def test_the_register_page_lists_the_decisions_a_member_may_see() -> None:
    page = _client("detective").get(reverse("decisions:register"))
    assert page.status_code == 200
    html = page.content.decode()
    assert spec.EXPERIENCE_WEIGHTED_TITLE in html
    assert LAW_ENFORCEMENT_DECISION in html  # the detective chairs the closed committee
    hidden = _client("advocate").get(reverse("decisions:register"))
    assert hidden.status_code == 200
    assert LAW_ENFORCEMENT_DECISION not in hidden.content.decode()
    visible_to_advocate = selectors.register(_user("advocate"))
    assert not visible_to_advocate.filter(body__name="Law Enforcement Committee").exists()
    assert visible_to_advocate.count() == len(_closed()) - 1


def test_the_weighted_decision_explains_itself_on_its_page() -> None:
    proposal = Proposal.objects.get(title=spec.EXPERIENCE_WEIGHTED_TITLE)
    page = _client("vscoord").get(reverse("decisions:proposal", kwargs={"pk": proposal.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "weighted ×2" in html and "falls back to step 2" in html
