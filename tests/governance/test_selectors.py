from __future__ import annotations

import datetime

from django.utils import timezone

from taskforce.governance import selectors, services
from taskforce.governance.models import LeadershipModel
from tests.governance import factories

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def test_no_charter_yet(personas):
    assert selectors.current_charter() is None
    summary = selectors.charter_summary()
    assert summary.charter is None
    assert summary.goal_count == 0


def test_terms_ending_soon_are_those_in_force_ending_within_the_window(personas):
    soon = factories.assignment(personas, "group_leader", "leader", end=TODAY() + 30 * DAY)
    factories.assignment(personas, "group_administrator", "detective", end=TODAY() + 61 * DAY)
    factories.assignment(personas, "outreach_coordinator", "advocate")  # open term
    factories.assignment(
        personas,
        "victim_services_coordinator",
        "coordinator",
        start=TODAY() - 300 * DAY,
        end=TODAY() - DAY,  # already over
    )
    last_day = factories.assignment(
        personas, "victim_services_coordinator", "prosecutor", start=TODAY(), end=TODAY()
    )
    assert list(selectors.terms_ending_soon()) == [last_day, soon]
    assert list(selectors.terms_ending_soon(days=10)) == [last_day]
    assert [t.role for t in selectors.terms_ending_soon(days=61)] == [
        "victim_services_coordinator",
        "group_leader",
        "group_administrator",
    ]


def test_objectives_overdue_are_open_and_past_their_target(personas):
    goal = factories.goal(personas)
    late = factories.objective(personas, goal, target_date=TODAY() - DAY, status="at-risk")
    factories.objective(personas, goal, target_date=TODAY() - DAY, status="achieved")
    factories.objective(personas, goal, target_date=TODAY() - DAY, status="dropped")
    factories.objective(personas, goal, target_date=TODAY())
    assert list(selectors.objectives_overdue()) == [late]
    assert late.is_overdue()
    assert not late.is_overdue(on=late.target_date)


def test_charter_summary_counts_objectives_by_status(personas):
    goal = factories.goal(personas)
    factories.goal(personas, "Prosecute traffickers")
    factories.objective(personas, goal, status="on-track")
    factories.objective(personas, goal, status="on-track")
    factories.objective(personas, goal, status="at-risk", target_date=TODAY() - DAY)
    summary = selectors.charter_summary()
    assert summary.goal_count == 2
    assert summary.objective_count == 3
    counts = {row.status: row.count for row in summary.objectives_by_status}
    assert counts == {
        "not-started": 0,
        "on-track": 2,
        "at-risk": 1,
        "achieved": 0,
        "dropped": 0,
    }
    assert summary.overdue_count == 1


def test_active_leadership_lists_all_four_roles_with_vacancies(personas):
    term = factories.assignment(personas, "group_leader", "leader", end=TODAY() + 20 * DAY)
    holdings = selectors.active_leadership()
    assert [h.label for h in holdings] == [
        "Group Leader",
        "Group Administrator",
        "Victim Services Coordinator",
        "Outreach Coordinator",
    ]
    leader, administrator, *_ = holdings
    assert leader.assignment == term
    assert leader.days_left == 20
    assert leader.ends_soon
    assert administrator.is_vacant
    assert "conducts meetings" in leader.description


def test_active_leadership_on_a_past_day_shows_the_holder_then(personas):
    old = factories.assignment(personas, start=TODAY() - 400 * DAY)
    services.assign_leadership_role(
        personas.leader, "group_leader", personas.detective.person, TODAY() - 10 * DAY
    )
    (then, *_) = selectors.active_leadership(on=TODAY() - 100 * DAY)
    (now, *_) = selectors.active_leadership()
    assert then.assignment == old
    assert now.assignment is not None and now.assignment.person == personas.detective.person


def test_leaders_outside_the_leading_organizations_are_flagged(personas):
    factories.charter(
        personas,
        leadership_model=LeadershipModel.CENTRALIZED,
        leading_organizations=[personas.police],
    )
    factories.assignment(personas, "group_leader", "leader")  # police
    factories.assignment(personas, "outreach_coordinator", "advocate")  # New Dawn
    flags = {h.role: h.outside_leading_organizations for h in selectors.active_leadership()}
    assert flags["group_leader"] is False
    assert flags["outreach_coordinator"] is True


def test_charter_history_gathers_every_charter_record(personas):
    objective = factories.objective(personas)
    factories.assignment(personas)
    services.delete_objective(personas.leader, objective)
    actions = list(selectors.charter_history().values_list("action", flat=True))
    assert actions == [
        "governance.objective.deleted",
        "governance.leadership.assigned",
        "governance.objective.created",
        "governance.goal.created",
        "governance.charter.created",
    ]


def test_leadership_history_keeps_every_holder(personas):
    factories.assignment(personas, start=TODAY() - 400 * DAY)
    services.assign_leadership_role(
        personas.leader, "group_leader", personas.detective.person, TODAY() - 10 * DAY
    )
    history = dict((label, terms) for label, _description, terms in selectors.leadership_history())
    assert [t.person.full_name for t in history["Group Leader"]] == ["Dan Reyes", "Lena Leader"]
    assert history["Outreach Coordinator"] == []
