"""Build the demo task force's bodies, a year of their meetings, and the committees' plans.

Everything goes through the governance, meetings and plans services, acting as the person who would
do it in real life (the body's chair or the administrator), so the demo's history reads like real
use. The services record what happens today, so a few facts about past meetings read as of the day
the demo is built: the audit events, when minutes were circulated, when action items were closed,
when feedback was given. Past agendas were never circulated by e-mail: the service circulates only
agendas of meetings still ahead.

Meeting days follow each body's schedule (the 2nd Tuesday of every month, say), counted back and
forward from the day the demo is built; attendance comes from a fixed hash of the person and the
meeting, so every build is the same for the same day.
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.utils import timezone

from taskforce.accounts.models import User
from taskforce.demo import data
from taskforce.demo import governance_data as spec
from taskforce.directory.models import Person
from taskforce.governance import services as governance
from taskforce.governance.models import Body, BodyMembership, Goal, Position
from taskforce.meetings import proceedings_services as proceedings
from taskforce.meetings import services as meetings
from taskforce.meetings.models import ActionItemStatus, AgendaItem, AttendanceStatus, Meeting
from taskforce.meetings.proceedings_services import RollCallLine
from taskforce.plans import services as plans
from taskforce.plans.models import PlanObjective, TaskStatus, one_year_after

# Chairs open and run their body's meetings; without one, the co-chair or co-facilitator does.
FACILITATOR_POSITIONS = (Position.CHAIR, Position.CO_CHAIR, Position.CO_FACILITATOR)
# The officers who run a meeting are at every meeting, and so is whoever presents an item.
ALWAYS_PRESENT = frozenset({*FACILITATOR_POSITIONS, Position.SECRETARY})
# Action items are due at least a week after the meeting that handed them out.
LEAST_TIME_TO_ACT = datetime.timedelta(days=7)
# Proposals for the next general body meeting stay open until an hour before it when the body's
# usual deadline has already passed: the facilitator takes late proposals.
LATE_PROPOSALS_UNTIL = datetime.timedelta(hours=1)


Entry = TypeVar("Entry")


@dataclass(frozen=True)
class GovernanceCounts:
    bodies: int
    seats: int
    meetings: int
    meetings_held: int
    action_items: int
    plans: int
    plan_tasks: int


# --- Dates ---------------------------------------------------------------------------------------


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    """The nth given weekday (0 is Monday) of a month, e.g. the 2nd Tuesday."""
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def meeting_days(
    schedule: spec.ScheduleSpec, today: datetime.date
) -> tuple[list[datetime.date], list[datetime.date]]:
    """The days of the held meetings (before today, oldest first) and the upcoming ones (after
    today). A body meeting every two months meets in even-numbered months counted from year 0."""

    def day_of(month_index: int) -> datetime.date | None:
        if month_index % schedule.every_months:
            return None
        year, month = divmod(month_index, 12)
        return nth_weekday(year, month + 1, schedule.weekday, schedule.week_of_month)

    this_month = today.year * 12 + today.month - 1
    held: list[datetime.date] = []
    index = this_month
    while len(held) < schedule.held:
        day = day_of(index)
        if day is not None and day < today:
            held.append(day)
        index -= 1
    upcoming: list[datetime.date] = []
    index = this_month
    while len(upcoming) < schedule.upcoming:
        day = day_of(index)
        if day is not None and day > today:
            upcoming.append(day)
        index += 1
    return sorted(held), upcoming


def _on(today: datetime.date, offset: int | None) -> datetime.date | None:
    return None if offset is None else today + datetime.timedelta(days=offset)


def _held_on(seat: spec.SeatSpec, day: datetime.date, today: datetime.date) -> bool:
    start = today + datetime.timedelta(days=seat.starts_in_days)
    end = _on(today, seat.ends_in_days)
    return start <= day and (end is None or day <= end)


def _aligned_with_latest(entries: Sequence[Entry], number: int, held: int) -> Entry | None:
    """The entry for held meeting `number` (0 is the oldest) when the entries belong to the latest
    meetings, the last entry to the latest one; None for meetings before them."""
    index = number - (held - len(entries))
    return entries[index] if 0 <= index < len(entries) else None


def _hash(*parts: object) -> int:
    """A stable number from 0 to 99 for the parts (Python's own hash changes between runs)."""
    return zlib.crc32(":".join(str(part) for part in parts).encode()) % 100


# --- The builder ---------------------------------------------------------------------------------


class _GovernanceBuilder:
    def __init__(self, people: Mapping[str, Person], today: datetime.date) -> None:
        self.people = people
        self.today = today
        self.organization_of = {person.key: org.key for org, person in data.all_people()}
        self.login_of = {person.key: login.username for person, login in data.logins()}
        self.users = self._load_users()
        self.bodies: dict[str, Body] = {}
        self.held: dict[str, list[Meeting]] = {}
        self.upcoming: dict[str, list[Meeting]] = {}
        self.seats = 0
        self.feedback_turn = 0

    @staticmethod
    def _load_users() -> dict[str, User]:
        # Fresh objects: a user caches their seats on first use, so reload after seating people.
        usernames = [login.username for _, login in data.logins()]
        return {user.username: user for user in User.objects.filter(username__in=usernames)}

    def runner(self, body_spec: spec.BodySpec) -> User:
        return self.users[body_spec.runner]

    # Bodies and seats --------------------------------------------------------------------------

    def create_bodies(self) -> None:
        admin = self.users["admin"]
        for body_spec in spec.BODIES:
            body = governance.create_body(
                admin,
                {
                    "name": body_spec.name,
                    "kind": body_spec.kind,
                    "charge": body_spec.charge,
                    "is_closed": body_spec.is_closed,
                    "vote_unit": body_spec.vote_unit,
                    "agenda_solicitation_days": body_spec.agenda_solicitation_days,
                    "agenda_circulation_days": body_spec.agenda_circulation_days,
                    "new_member_meetings_required": body_spec.new_member_meetings_required,
                    "new_member_window_months": body_spec.new_member_window_months,
                    "minimum_attendance_percent": body_spec.minimum_attendance_percent,
                    "attendance_window_months": body_spec.attendance_window_months,
                },
            )
            self.bodies[body_spec.key] = body
            self._seat(admin, body, body_spec.seats)
        for body_spec in spec.BODIES:
            for clause in body_spec.composition:
                governance.add_composition_requirement(
                    admin,
                    self.bodies[body_spec.key],
                    clause.source,
                    leadership_role=clause.leadership_role,
                    other_body=self.bodies[clause.other_body] if clause.other_body else None,
                    position=clause.position,
                )
        self.users = self._load_users()

    def _seat(self, admin: User, body: Body, seats: Iterable[spec.SeatSpec]) -> None:
        created: list[BodyMembership] = []
        for seat in seats:
            start = self.today + datetime.timedelta(days=seat.starts_in_days)
            end = _on(self.today, seat.ends_in_days)
            person = self.people[seat.person]
            # A seat that starts the day after another in the same position ends is its successor.
            predecessor = next(
                (
                    earlier
                    for earlier in created
                    if earlier.position == seat.position
                    and earlier.term_end == start - datetime.timedelta(days=1)
                ),
                None,
            )
            if predecessor is not None and start > self.today:
                created.append(
                    governance.plan_successor(admin, predecessor, person, end, seat.notes)
                )
            else:
                created.append(
                    governance.add_seat(admin, body, person, seat.position, start, end, seat.notes)
                )
        self.seats += len(created)

    # Meetings ----------------------------------------------------------------------------------

    def _facilitator(self, body_spec: spec.BodySpec, day: datetime.date) -> Person | None:
        for position in FACILITATOR_POSITIONS:
            for seat in body_spec.seats:
                if seat.position == position and _held_on(seat, day, self.today):
                    return self.people[seat.person]
        return None

    def schedule_meetings(self) -> None:
        guest_key, guest_meeting_back = spec.GENERAL_BODY_GUEST
        for body_spec in spec.BODIES:
            schedule = body_spec.schedule
            if schedule is None:
                continue
            held_days, upcoming_days = meeting_days(schedule, self.today)
            body = self.bodies[body_spec.key]
            created: list[Meeting] = []
            for day in (*held_days, *upcoming_days):
                starts_at = meetings.local_datetime(
                    day, datetime.time(schedule.hour, schedule.minute), spec.TIME_ZONE
                )
                is_guest_meeting = (
                    body_spec.key == spec.GENERAL_BODY
                    and len(held_days) - len(created) == guest_meeting_back
                )
                created.append(
                    meetings.schedule_meeting(
                        self.runner(body_spec),
                        {
                            "body": body,
                            "title": f"{body_spec.name} meeting",
                            "starts_at": starts_at,
                            "ends_at": starts_at
                            + datetime.timedelta(minutes=schedule.duration_minutes),
                            "time_zone": spec.TIME_ZONE,
                            "location": schedule.location,
                            "video_link": schedule.video_link,
                            "facilitator": self._facilitator(body_spec, day),
                            "guests": [self.people[guest_key]] if is_guest_meeting else [],
                        },
                    )
                )
            self.held[body_spec.key] = created[: len(held_days)]
            self.upcoming[body_spec.key] = created[len(held_days) :]

    def _agenda_item(self, actor: User, meeting: Meeting, item: spec.AgendaItemSpec) -> AgendaItem:
        return meetings.add_agenda_item(
            actor,
            meeting,
            {
                "title": item.title,
                "description": item.description,
                "kind": item.kind,
                "case_references": item.case_references,
                "presenter": self.people[item.presenter] if item.presenter else meeting.facilitator,
                "minutes_allotted": item.minutes,
            },
        )

    def _training_data(self, training: spec.TrainingSpec) -> dict[str, object]:
        return {
            "training_topic": training.topic,
            "trainer": self.people[training.trainer] if training.trainer else None,
            "trainer_name": training.trainer_name,
            "training_minutes": training.minutes,
        }

    def _training_item(self, training: spec.TrainingSpec) -> spec.AgendaItemSpec:
        trainer = training.trainer_name or str(self.people[training.trainer])
        return spec.AgendaItemSpec(
            f"Training: {training.topic}",
            spec.TRAIN,
            training.minutes,
            presenter=training.trainer,
            minutes_text=f"{trainer} gave a {training.minutes}-minute training on "
            f"{training.topic.lower()}. Slides are with the meeting's documents.",
        )

    def _roll(
        self, body_spec: spec.BodySpec, meeting: Meeting, day: datetime.date, presenters: set[str]
    ) -> list[RollCallLine]:
        lines: list[RollCallLine] = []
        for seat in body_spec.seats:
            if not _held_on(seat, day, self.today):
                continue
            status, late = self._attendance(body_spec.key, seat, day, presenters)
            lines.append(RollCallLine(self.people[seat.person], status, late))
        seated = {line.person.pk for line in lines}
        lines += [
            RollCallLine(guest, AttendanceStatus.PRESENT)
            for guest in meeting.guests.all()
            if guest.pk not in seated
        ]
        return lines

    def _attendance(
        self, body_key: str, seat: spec.SeatSpec, day: datetime.date, presenters: set[str]
    ) -> tuple[str, bool]:
        stopped = [
            spec.STOPPED_ATTENDING.get(self.organization_of[seat.person]),
            spec.PEOPLE_WHO_STOPPED_ATTENDING.get(seat.person),
        ]
        if any(
            days is not None and day >= self.today - datetime.timedelta(days=days)
            for days in stopped
        ):
            return AttendanceStatus.ABSENT, False
        if seat.person in presenters or seat.position in ALWAYS_PRESENT:
            return AttendanceStatus.PRESENT, False
        rate = spec.ATTENDANCE_PERCENT.get(seat.person, spec.DEFAULT_ATTENDANCE_PERCENT)
        roll = _hash(body_key, day, seat.person)
        if roll < rate:
            late = _hash(body_key, day, seat.person, "late") < spec.LATE_ARRIVAL_PERCENT
            return AttendanceStatus.PRESENT, late
        if roll < rate + (100 - rate) // 3:
            return AttendanceStatus.EXCUSED, False
        return AttendanceStatus.ABSENT, False

    def hold_meetings(self) -> None:
        for body_spec in spec.BODIES:
            previous: Meeting | None = None
            held = self.held.get(body_spec.key, [])
            for number, meeting in enumerate(held):
                self._hold(body_spec, meeting, number)
                if previous is not None:
                    proceedings.adopt_minutes(self.runner(body_spec), previous, meeting)
                last = number == len(held) - 1
                if not (last and body_spec.key == spec.MINUTES_STILL_IN_DRAFT):
                    proceedings.circulate_minutes(self.runner(body_spec), meeting)
                previous = meeting

    def _hold(self, body_spec: spec.BodySpec, meeting: Meeting, number: int) -> None:
        actor = self.runner(body_spec)
        day = meeting.local_start.date()
        held = len(self.held[body_spec.key])
        training = _aligned_with_latest(body_spec.trainings, number, held)
        topics = _aligned_with_latest(body_spec.topics, number, held) or ()
        planned = [
            *body_spec.opening_items,
            *([self._training_item(training)] if training else []),
            *topics,
            *body_spec.closing_items,
        ]
        texts = {self._agenda_item(actor, meeting, item).pk: item.minutes_text for item in planned}
        meetings.mark_meeting_held(actor, meeting)
        presenters = {item.presenter for item in planned if item.presenter}
        lines = self._roll(body_spec, meeting, day, presenters)
        proceedings.record_roll_call(actor, meeting, lines)
        proceedings.record_confidentiality_reminder(actor, meeting)
        if training is not None:
            proceedings.record_training(actor, meeting, self._training_data(training))
        minutes = proceedings.start_minutes(actor, meeting)
        present = sum(1 for line in lines if line.status == AttendanceStatus.PRESENT)
        excused = sum(1 for line in lines if line.status == AttendanceStatus.EXCUSED)
        general = (
            f"{present} present, {excused} excused, {len(lines) - present - excused} absent. "
            "The facilitator reminded everyone that what is said about cases stays in the room "
            "and that victims are never named."
        )
        proceedings.save_minutes_draft(
            actor,
            meeting,
            {
                entry.pk: texts.get(entry.agenda_item_id or 0, "") or general
                for entry in minutes.entries.all()
            },
        )
        self._feedback(body_spec, meeting, lines)

    def _feedback(
        self, body_spec: spec.BodySpec, meeting: Meeting, lines: list[RollCallLine]
    ) -> None:
        present = {line.person.pk for line in lines if line.status == AttendanceStatus.PRESENT}
        respondents = [
            self.users[self.login_of[seat.person]]
            for seat in body_spec.seats
            if seat.person in self.login_of and self.people[seat.person].pk in present
        ]
        for user in respondents[: body_spec.feedback_per_meeting]:
            answer = spec.FEEDBACK[self.feedback_turn % len(spec.FEEDBACK)]
            self.feedback_turn += 1
            proceedings.submit_feedback(
                user, meeting, answer.rating, answer.comment, answer.anonymous
            )

    def prepare_next_general_body_meeting(self) -> None:
        """An agenda taking shape: items accepted, proposals waiting, the agenda circulated."""
        body_spec = next(body for body in spec.BODIES if body.key == spec.GENERAL_BODY)
        actor = self.runner(body_spec)
        meeting = self.upcoming[body_spec.key][0]
        now = timezone.now()
        if meeting.agenda_deadline is not None and meeting.agenda_deadline < now:
            meeting = meetings.update_meeting(
                actor, meeting, {"agenda_deadline": meeting.starts_at - LATE_PROPOSALS_UNTIL}
            )
        for item in (
            *body_spec.opening_items,
            self._training_item(spec.NEXT_MEETING_TRAINING),
            *spec.NEXT_MEETING_ACCEPTED,
            *body_spec.closing_items,
        ):
            self._agenda_item(actor, meeting, item)
        proceedings.record_training(actor, meeting, self._training_data(spec.NEXT_MEETING_TRAINING))
        for proposer, item in spec.NEXT_MEETING_PROPOSED:
            meetings.propose_agenda_item(
                self.users[self.login_of[proposer]],
                meeting,
                {
                    "title": item.title,
                    "description": item.description,
                    "kind": item.kind,
                    "presenter": self.people[item.presenter] if item.presenter else None,
                    "minutes_allotted": item.minutes,
                },
            )
        meetings.circulate_agenda(actor, meeting)

    # Action items ------------------------------------------------------------------------------

    def hand_out_action_items(self) -> int:
        runners = {body_spec.key: self.runner(body_spec) for body_spec in spec.BODIES}
        for item_spec in spec.ACTION_ITEMS:
            held = self.held[item_spec.body]
            meeting = held[-item_spec.meeting_back]
            earliest = meeting.local_start.date() + LEAST_TIME_TO_ACT
            due = max(self.today + datetime.timedelta(days=item_spec.due_in_days), earliest)
            report_back = next(
                (
                    later
                    for later in (*held, *self.upcoming[item_spec.body])
                    if later.starts_at > meeting.starts_at and later.local_start.date() >= due
                ),
                None,
            )
            actor = runners[item_spec.body]
            item = proceedings.create_action_item(
                actor,
                meeting,
                {
                    "description": item_spec.description,
                    "owner_person": self.people[item_spec.owner_person]
                    if item_spec.owner_person
                    else None,
                    "owner_body": self.bodies[item_spec.owner_body]
                    if item_spec.owner_body
                    else None,
                    "due_on": due,
                    "report_back_meeting": report_back,
                },
            )
            if item_spec.done:
                proceedings.close_action_item(
                    actor, item, ActionItemStatus.DONE, item_spec.closing_note
                )
        return len(spec.ACTION_ITEMS)

    # Plans -------------------------------------------------------------------------------------

    def write_plans(self) -> int:
        goals = list(Goal.objects.order_by("order", "pk"))
        runners = {body_spec.key: self.runner(body_spec) for body_spec in spec.BODIES}
        tasks = 0
        for plan_spec in spec.PLANS:
            actor = runners[plan_spec.body]
            body = self.bodies[plan_spec.body]
            start = self.today + datetime.timedelta(days=plan_spec.starts_in_days)
            end = one_year_after(start) - datetime.timedelta(days=1)
            plan = plans.create_plan(
                actor,
                body,
                {
                    "title": f"{body.name} plan {start:%Y}–{end:%Y}",
                    "period_start": start,
                    "period_end": end,
                    "summary": plan_spec.summary,
                },
            )
            for objective_spec in plan_spec.objectives:
                objective = plans.create_objective(
                    actor,
                    plan,
                    {
                        "description": objective_spec.description,
                        "goal": goals[objective_spec.goal],
                    },
                )
                for task_spec in objective_spec.tasks:
                    self._write_task(actor, objective, task_spec)
                    tasks += 1
            plans.activate_plan(actor, plan)
        return tasks

    def _write_task(
        self, actor: User, objective: PlanObjective, task_spec: spec.PlanTaskSpec
    ) -> None:
        task = plans.create_task(
            actor,
            objective,
            {
                "title": task_spec.title,
                "owner": self.people[task_spec.owner],
                "due_on": self.today + datetime.timedelta(days=task_spec.due_in_days),
                "report_back_on": _on(self.today, task_spec.report_back_in_days),
                "report_to": [self.bodies[key] for key in task_spec.report_to]
                if task_spec.report_back_in_days is not None
                else [],
            },
        )
        # The owner reports on their own task when they can sign in; otherwise the chair does.
        reporter = self.users.get(self.login_of.get(task_spec.owner, ""), actor)
        if task_spec.status != TaskStatus.NOT_STARTED:
            plans.change_task_status(reporter, task, task_spec.status)
        for note in task_spec.notes:
            plans.add_progress_note(reporter, task, note)
        if task_spec.reported_back_in_days is not None:
            plans.record_report_back(
                reporter,
                task,
                task_spec.report,
                self.today + datetime.timedelta(days=task_spec.reported_back_in_days),
            )


def build_governance(people: Mapping[str, Person], today: datetime.date) -> GovernanceCounts:
    """Create the bodies, their seats, a year of meetings and the committee plans.

    Runs inside the caller's transaction; `people` maps PersonSpec keys to directory entries.
    """
    builder = _GovernanceBuilder(people, today)
    builder.create_bodies()
    builder.schedule_meetings()
    builder.hold_meetings()
    builder.prepare_next_general_body_meeting()
    action_items = builder.hand_out_action_items()
    tasks = builder.write_plans()
    return GovernanceCounts(
        bodies=len(builder.bodies),
        seats=builder.seats,
        meetings=sum(len(m) for m in (*builder.held.values(), *builder.upcoming.values())),
        meetings_held=sum(len(m) for m in builder.held.values()),
        action_items=action_items,
        plans=len(spec.PLANS),
        plan_tasks=tasks,
    )
