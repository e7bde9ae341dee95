"""The demo's bodies, its year of meetings and the committees' plans show what the issue promises.

Building the demo takes a while, so it is built once for this module, inside a transaction that is
rolled back at the end; each test runs in its own savepoint on top of it.
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter

import pytest
from django.utils import timezone

from taskforce.accounts.models import User
from taskforce.core.audit import verify_chain
from taskforce.core.models import AuditEvent
from taskforce.demo import data
from taskforce.demo import governance_data as spec
from taskforce.demo.build_governance import meeting_days, nth_weekday
from taskforce.governance import selectors as governance_selectors
from taskforce.governance.eligibility import voting_status
from taskforce.governance.models import Body, BodyKind, BodyMembership
from taskforce.meetings import selectors as meeting_selectors
from taskforce.meetings.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    Attendance,
    AttendanceStatus,
    FeedbackResponse,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from taskforce.plans.models import CommitteePlan, PlanStatus, PlanTask, TaskStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("built_demo")]

STANDING_COMMITTEES = {
    "Law Enforcement Committee",
    "Victim Services Committee",
    "Legal Services Committee",
    "Community Outreach and Education Committee",
}


def _body(name: str) -> Body:
    return Body.objects.get(name=name)


def _user(username: str) -> User:
    # A fresh object each time: users cache their seats.
    return User.objects.get(username=username)


def _held(body: Body) -> list[Meeting]:
    return list(body.meetings.filter(status=MeetingStatus.HELD).order_by("starts_at"))


# --- Pure data ------------------------------------------------------------------------------------


def test_every_person_and_body_the_specs_name_exists() -> None:
    people = {person.key for _, person in data.all_people()}
    assert spec.person_keys_used() <= people
    bodies = spec.body_keys()
    for item in spec.ACTION_ITEMS:
        assert item.body in bodies
        assert (item.owner_body in bodies) != bool(item.owner_person)
    for plan in spec.PLANS:
        assert plan.body in bodies
        for objective in plan.objectives:
            assert 0 <= objective.goal < len(data.GOALS)


def test_meeting_days_fall_on_the_schedule_around_today() -> None:
    today = datetime.date(2026, 3, 10)  # the 2nd Tuesday of March 2026
    schedule = spec.ScheduleSpec(2, 1, 10, 0, 120, held=13, upcoming=2)
    held, upcoming = meeting_days(schedule, today)
    assert len(held) == 13 and len(upcoming) == 2
    assert held == sorted(held) and held[-1] < today < upcoming[0]
    assert all(day.weekday() == 1 and 8 <= day.day <= 14 for day in (*held, *upcoming))
    assert held[-1] == datetime.date(2026, 2, 10)
    assert upcoming[0] == datetime.date(2026, 4, 14)
    assert today - held[1] <= datetime.timedelta(days=365)

    every_other = spec.ScheduleSpec(1, 0, 17, 30, 90, held=3, upcoming=1, every_months=2)
    held, upcoming = meeting_days(every_other, today)
    months = [day.month for day in (*held, *upcoming)]
    assert all((b - a) % 12 == 2 for a, b in itertools.pairwise(months))
    assert nth_weekday(2026, 2, 0, 1) == datetime.date(2026, 2, 2)


# --- Bodies and seats -----------------------------------------------------------------------------


def test_the_bodies_of_the_seeds_example_exist_with_charges() -> None:
    kinds = Counter(Body.objects.values_list("kind", flat=True))
    assert kinds == {
        BodyKind.GENERAL_BODY: 1,
        BodyKind.EXECUTIVE_BOARD: 1,
        BodyKind.LEADERSHIP_TEAM: 1,
        BodyKind.STANDING_COMMITTEE: 4,
        BodyKind.AD_HOC_COMMITTEE: 1,
    }
    committees = Body.objects.filter(kind=BodyKind.STANDING_COMMITTEE)
    assert set(committees.values_list("name", flat=True)) == STANDING_COMMITTEES
    assert all(body.charge for body in Body.objects.all())
    assert set(Body.objects.filter(is_closed=True).values_list("name", flat=True)) == {
        "Law Enforcement Committee"
    }
    general = _body("General Body")
    assert (general.new_member_meetings_required, general.new_member_window_months) == (3, 9)
    assert (general.minimum_attendance_percent, general.attendance_window_months) == (50, 12)
    for committee in committees:
        roster = governance_selectors.body_roster(committee)
        positions = {seat.position for seat in roster.current}
        assert {"chair", "secretary", "member", "observer"} <= positions


def test_the_executive_board_misses_exactly_the_new_outreach_chair() -> None:
    check = governance_selectors.composition_check(_body("Executive Board"))
    assert len(check.clauses) == 3
    assert [member.person.full_name for member in check.missing] == ["Carla Inkwood"]
    assert "Community Outreach and Education" in check.missing[0].because
    assert not check.unnamed


def test_terms_end_soon_and_one_successor_is_planned() -> None:
    ending = list(governance_selectors.seats_ending_soon())
    assert len(ending) >= 3
    planned = [seat for seat in ending if seat.successor_planned]  # type: ignore[attr-defined]
    assert [seat.body.name for seat in planned] == ["Law Enforcement Committee"]
    successor = BodyMembership.objects.get(
        body=planned[0].body, term_start__gt=timezone.localdate()
    )
    assert successor.term_start == planned[0].term_end + datetime.timedelta(days=1)


def test_each_persona_sits_somewhere_and_closed_business_stays_closed() -> None:
    for username in ("leader", "vscoord", "detective", "prosecutor", "advocate", "visitor"):
        person = _user(username).person
        assert BodyMembership.objects.current().filter(person=person).exists(), username
    law_enforcement = _body("Law Enforcement Committee")
    visible = set(meeting_selectors.meetings_visible_to(_user("detective")))
    assert set(law_enforcement.meetings.all()) <= visible
    hidden_from_advocate = meeting_selectors.meetings_visible_to(_user("advocate"))
    assert not hidden_from_advocate.filter(body=law_enforcement).exists()
    visitor_bodies = governance_selectors.bodies_visible_to(_user("visitor"))
    assert list(visitor_bodies.values_list("name", flat=True)) == ["Data and Evaluation Committee"]
    # The visitor was invited to one general body meeting as a guest.
    invited = meeting_selectors.meetings_visible_to(_user("visitor"))
    assert invited.filter(body__name="General Body").count() == 1


# --- A year of meetings ---------------------------------------------------------------------------


def test_the_general_body_met_monthly_for_a_year_and_meets_twice_more() -> None:
    general = _body("General Body")
    year_ago = timezone.now() - datetime.timedelta(days=365)
    held = general.meetings.filter(status=MeetingStatus.HELD)
    assert held.filter(starts_at__gte=year_ago).count() >= 12
    assert held.filter(starts_at__gt=timezone.now()).count() == 0
    upcoming = general.meetings.filter(starts_at__gt=timezone.now())
    assert upcoming.count() == 2
    assert all(m.status == MeetingStatus.SCHEDULED for m in upcoming)
    for name in ("Executive Board", *STANDING_COMMITTEES):
        assert _body(name).meetings.filter(status=MeetingStatus.HELD).count() >= 6


def test_held_meetings_have_agendas_roll_calls_and_reminders() -> None:
    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    assert held.exists()
    assert not held.filter(confidentiality_reminded_at__isnull=True).exists()
    assert all(m.agenda_items.filter(status=AgendaItemStatus.ACCEPTED).exists() for m in held)
    assert all(m.attendance.exists() for m in held)
    kinds = set(AgendaItem.objects.values_list("kind", flat=True))
    assert kinds == set(AgendaItemKind.values)
    case_review = AgendaItem.objects.filter(kind=AgendaItemKind.CASE_REVIEW).first()
    assert case_review is not None and case_review.meeting.body.is_closed
    assert case_review.case_references == "HT-7Q4K2M" and not case_review.description
    statuses = Counter(Attendance.objects.values_list("status", flat=True))
    assert statuses[AttendanceStatus.PRESENT] > statuses[AttendanceStatus.ABSENT] > 0
    assert statuses[AttendanceStatus.EXCUSED] > 0
    assert Attendance.objects.filter(arrived_late=True).exists()


def test_training_segments_at_most_general_body_meetings() -> None:
    held = _held(_body("General Body"))
    trained = [m for m in held if m.training_topic]
    assert len(trained) >= 10 and len(trained) < len(held)
    assert all(m.training_minutes and (m.trainer_id or m.trainer_name) for m in trained)
    assert any(m.trainer_name for m in trained)  # an outside trainer


def test_one_organization_stopped_attending_and_a_member_lost_the_vote() -> None:
    since = timezone.now() - datetime.timedelta(days=90)
    probation = Attendance.objects.filter(organization__name__contains="Juvenile Probation")
    assert probation.filter(meeting__starts_at__lt=since, status=AttendanceStatus.PRESENT).exists()
    recent = probation.filter(meeting__starts_at__gte=since)
    assert recent.exists() and not recent.filter(status=AttendanceStatus.PRESENT).exists()

    status = {row.person.full_name: row for row in voting_status(_body("General Body"))}
    assert not status["Miriam Oakhaven"].eligible
    assert any("50%" in reason for reason in status["Miriam Oakhaven"].reasons)
    assert not status["Will Drifton"].eligible  # joined recently
    assert status["Dan Brightcove"].eligible


def test_minutes_are_adopted_at_the_next_meeting_and_the_latest_are_not_yet() -> None:
    for body in Body.objects.filter(meetings__status=MeetingStatus.HELD).distinct():
        held = _held(body)
        for earlier, later in itertools.pairwise(held):
            minutes = Minutes.objects.get(meeting=earlier)
            assert minutes.status == MinutesStatus.ADOPTED
            assert minutes.adopted_at_meeting == later
            assert minutes.versions.filter(status=MinutesStatus.ADOPTED).count() == 1
        latest = Minutes.objects.get(meeting=held[-1])
        expected = (
            MinutesStatus.DRAFT
            if body.name == "Legal Services Committee"
            else MinutesStatus.CIRCULATED
        )
        assert latest.status == expected, body.name


def test_action_items_some_done_some_open_and_overdue() -> None:
    items = list(ActionItem.objects.select_related("meeting", "report_back_meeting"))
    assert len(items) == len(spec.ACTION_ITEMS)
    overdue = [item for item in items if item.is_overdue()]
    assert len(overdue) >= 3
    assert any(item.status == ActionItemStatus.DONE for item in items)
    assert any(item.owner_body_id for item in items) and any(item.owner_person_id for item in items)
    for item in items:
        assert item.meeting is not None and item.due_on > item.meeting.local_start.date()
        if item.report_back_meeting is not None:
            assert item.report_back_meeting.starts_at > item.meeting.starts_at


def test_feedback_is_both_named_and_anonymous() -> None:
    responses = FeedbackResponse.objects.all()
    assert responses.filter(respondent__isnull=True).exists()
    assert responses.filter(respondent__isnull=False).exists()
    assert {r.rating for r in responses} >= {2, 3, 4, 5}
    general_held = _held(_body("General Body"))
    assert sum(1 for m in general_held if m.feedback.exists()) >= len(general_held) - 1


def test_the_next_general_body_meeting_has_proposals_accepted_items_and_report_backs() -> None:
    meeting = (
        _body("General Body").meetings.filter(starts_at__gt=timezone.now()).order_by("starts_at")
    ).first()
    assert meeting is not None
    assert meeting.agenda_circulated_at is not None
    statuses = Counter(meeting.agenda_items.values_list("status", flat=True))
    assert statuses[AgendaItemStatus.ACCEPTED] >= 3
    assert statuses[AgendaItemStatus.PROPOSED] == len(spec.NEXT_MEETING_PROPOSED)
    assert meeting.training_topic
    carried = meeting_selectors.carried_forward(meeting)
    assert carried.action_items
    report_backs = {entry.title for entry in carried.entries}
    assert "Test the protocol with two tabletop exercises" in report_backs


# --- Committee plans ------------------------------------------------------------------------------


def test_each_standing_committee_has_an_active_one_year_plan() -> None:
    plans = CommitteePlan.objects.select_related("body")
    assert {plan.body.name for plan in plans} == STANDING_COMMITTEES
    for plan in plans:
        assert plan.status == PlanStatus.ACTIVE
        assert plan.period_start <= timezone.localdate() <= plan.period_end
        assert plan.objectives.exists()
        assert not plan.objectives.filter(goal__isnull=True).exists()


def test_plan_tasks_in_several_states_with_notes_and_report_backs() -> None:
    tasks = list(PlanTask.objects.all())
    states = {task.status for task in tasks}
    assert {
        TaskStatus.DONE,
        TaskStatus.IN_PROGRESS,
        TaskStatus.BLOCKED,
        TaskStatus.NOT_STARTED,
    } <= states
    assert any(task.is_overdue() for task in tasks)
    assert PlanTask.objects.filter(notes__isnull=False).distinct().count() >= 5
    reported = [task for task in tasks if task.last_reported_on]
    assert reported and not any(task.report_back_pending for task in reported)
    assert any(task.report_back_pending for task in tasks)


# --- History --------------------------------------------------------------------------------------


def test_everything_was_written_through_the_services_and_audited() -> None:
    actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    expected = {
        "governance.body.created": Body.objects.count(),
        "governance.composition.added": 3,
        "governance.seat.successor_planned": 1,
        "meetings.meeting.scheduled": Meeting.objects.count(),
        "meetings.meeting.held": Meeting.objects.filter(status=MeetingStatus.HELD).count(),
        "meetings.minutes.adopted": Minutes.objects.filter(status=MinutesStatus.ADOPTED).count(),
        "meetings.action_item.created": ActionItem.objects.count(),
        "meetings.agenda.circulated": 1,
        "plans.plan.activated": CommitteePlan.objects.count(),
    }
    for action, count in expected.items():
        assert actions[action] == count, action
    assert actions["meetings.feedback.submitted"] == FeedbackResponse.objects.count()
    assert verify_chain() is None
