"""Who may vote on a body today, and why, in words people can check.

The rules, each configurable per body (an empty setting switches a rule off):

- Only a current seat votes; observers never vote; the person's directory entry must be an active
  voting member of the task force.
- New members: a member votes once they have attended `new_member_meetings_required` of the
  body's meetings within some span of `new_member_window_months`. Once met, the rule stays met
  for as long as the membership is unbroken (someone who leaves and comes back is new again). It
  applies to everyone who has not met it yet, however long they have held a seat, so a body that
  switches the rule on asks the same of everyone.
- Minimum attendance: of the meetings the body held over the last `attendance_window_months`
  (counted from the later of the window's start and the day the person's unbroken run of seats
  began), the person must have attended at least `minimum_attendance_percent`. Excused absences
  are left out of the count. Nobody loses the vote before the body has held at least
  `MEETINGS_BEFORE_ATTENDANCE_COUNTS` meetings in that period, and someone excused from every one
  of them keeps it.
- By organization ("one agency, one vote"): each member organization casts one vote through its
  named delegate, or through its alternate when the delegate does not qualify. Everyone else from
  the organization votes through the delegate.

`assess_member` and `assign_organization_votes` are pure: plain data in, verdicts out, so the rules
can be checked exhaustively. `voting_status` loads a body's data (three queries plus the attendance
source) and applies them.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from taskforce.directory.models import MembershipType, Organization, Person
from taskforce.governance.attendance import body_attendance
from taskforce.governance.models import (
    NON_VOTING_POSITIONS,
    Body,
    BodyMembership,
    OrganizationSeat,
    Position,
)

# Attendance shares mean little over one or two meetings; no one loses the vote before this many.
MEETINGS_BEFORE_ATTENDANCE_COUNTS = 3

DAY = datetime.timedelta(days=1)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_after(day: datetime.date, months: int) -> datetime.date:
    return months_before(day, -months)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --- Plain data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityRules:
    new_member_meetings_required: int | None = None
    new_member_window_months: int = 9
    minimum_attendance_percent: int | None = None
    attendance_window_months: int = 12

    @classmethod
    def of(cls, body: Body) -> EligibilityRules:
        return cls(
            new_member_meetings_required=body.new_member_meetings_required,
            new_member_window_months=body.new_member_window_months,
            minimum_attendance_percent=body.minimum_attendance_percent,
            attendance_window_months=body.attendance_window_months,
        )

    def earliest_day_needed(self, on: datetime.date, member_since: datetime.date) -> datetime.date:
        """How far back attendance must be read to judge someone seated since `member_since`."""
        window_start = months_before(on, self.attendance_window_months) + DAY
        if self.new_member_meetings_required:
            # The new-member rule looks at the whole history, which starts with the first seat.
            return min(window_start, member_since)
        return window_start


@dataclass(frozen=True)
class MemberFacts:
    """One seated person: their seat, their standing in the task force and their attendance."""

    position: str
    member_since: datetime.date  # first day of the unbroken run of seats that reaches today
    membership_type: str
    is_active: bool = True
    # The body's held meetings (dates; a date twice for two meetings on one day) and the person's
    # presence and excused absences at them.
    meetings_held: Sequence[datetime.date] = ()
    present: Sequence[datetime.date] = ()
    excused: Sequence[datetime.date] = ()


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reasons: list[str]


def _count_between(
    dates: Iterable[datetime.date], first: datetime.date, last: datetime.date
) -> int:
    return sum(1 for day in dates if first <= day <= last)


def best_window_count(dates: Iterable[datetime.date], months: int) -> int:
    """The most dates that fall within any span of `months` months (start day included)."""
    ordered = sorted(dates)
    best = 0
    end = 0
    for start, first in enumerate(ordered):
        limit = months_after(first, months)
        end = max(end, start)
        while end < len(ordered) and ordered[end] < limit:
            end += 1
        best = max(best, end - start)
    return best


def _new_member_rule(rules: EligibilityRules, facts: MemberFacts, on: datetime.date) -> str | None:
    """The reason the rule holds the vote back, or None when it is met or switched off."""
    required = rules.new_member_meetings_required
    if not required:
        return None
    attended = best_window_count(
        (day for day in facts.present if facts.member_since <= day <= on),
        rules.new_member_window_months,
    )
    if attended >= required:
        return None
    return (
        f"Attended {attended} of the {required} meetings a new member needs within "
        f"{rules.new_member_window_months} months"
    )


def _attendance_rule(
    rules: EligibilityRules, facts: MemberFacts, on: datetime.date
) -> tuple[bool, str | None]:
    """(met, explanation); the explanation is None when the rule is switched off."""
    minimum = rules.minimum_attendance_percent
    if not minimum:
        return True, None
    window_start = months_before(on, rules.attendance_window_months) + DAY
    since = max(window_start, facts.member_since)
    period = (
        f"in the last {rules.attendance_window_months} months"
        if since == window_start
        else f"since their seat began on {since:%Y-%m-%d}"
    )
    held = _count_between(facts.meetings_held, since, on)
    if held < MEETINGS_BEFORE_ATTENDANCE_COUNTS:
        return True, (
            f"The body has held {_plural(held, 'meeting')} {period}; attendance counts once it "
            f"has held {MEETINGS_BEFORE_ATTENDANCE_COUNTS}"
        )
    excused = min(_count_between(facts.excused, since, on), held)
    base = held - excused
    excused_note = f" ({_plural(excused, 'excused absence')} left out)" if excused else ""
    if base == 0:
        return True, f"Excused from all {held} meetings {period}"
    attended = min(_count_between(facts.present, since, on), base)
    percent = attended * 100 // base
    # Compare exactly, not the rounded-down share: 2 of 3 meets a 67% minimum only if it is ≥ 67%.
    met = attended * 100 >= minimum * base
    summary = f"Attended {attended} of {base} meetings ({percent}%) {period}{excused_note}"
    if met:
        return True, f"{summary}; the minimum is {minimum}%"
    return False, f"{summary}; the minimum is {minimum}%"


def assess_member(rules: EligibilityRules, facts: MemberFacts, on: datetime.date) -> Verdict:
    """Whether one seated person votes in their own right, with every reason that decides it."""
    blockers: list[str] = []
    if facts.position in NON_VOTING_POSITIONS:
        blockers.append("Observers do not vote")
    if not facts.is_active:
        blockers.append("No longer active in the directory")
    if facts.membership_type == MembershipType.VISITOR:
        blockers.append("Visitors do not vote")
    elif facts.membership_type != MembershipType.VOTING:
        blockers.append("Non-voting member of the task force")
    new_member = _new_member_rule(rules, facts, on)
    if new_member:
        blockers.append(new_member)
    attendance_met, attendance = _attendance_rule(rules, facts, on)
    if not attendance_met and attendance:
        blockers.append(attendance)
    if blockers:
        return Verdict(False, blockers)
    reasons = ["Voting member of the task force with a current seat"]
    if rules.new_member_meetings_required:
        reasons.append(
            f"Has attended the {rules.new_member_meetings_required} meetings a new member needs "
            f"within {rules.new_member_window_months} months"
        )
    if attendance:
        reasons.append(attendance)
    return Verdict(True, reasons)


@dataclass(frozen=True)
class OrganizationVote:
    """An organization's named delegate and alternate (person ids) on a body."""

    organization_id: int
    organization_name: str
    delegate_id: int
    delegate_name: str
    alternate_id: int | None = None
    alternate_name: str = ""


@dataclass(frozen=True)
class OrganizationVerdict:
    eligible: bool
    reasons: list[str]
    votes_for: int | None = None  # organization id whose vote the person casts
    as_alternate: bool = False


def _why_delegate_cannot(verdict: Verdict | None) -> str:
    if verdict is None:
        return "holds no current seat on this body"
    return "does not qualify (" + "; ".join(verdict.reasons) + ")"


def assign_organization_votes(
    personal: dict[int, Verdict],
    organization_of: dict[int, int | None],
    seats: Collection[OrganizationVote],
) -> dict[int, OrganizationVerdict]:
    """Under "one agency, one vote": who casts each organization's vote.

    `personal` holds each seated person's own verdict (person id → verdict), `organization_of`
    their organization. A delegate who qualifies casts the vote; otherwise an alternate who
    qualifies does; nobody else from the organization votes.
    """
    seat_by_organization = {seat.organization_id: seat for seat in seats}
    result: dict[int, OrganizationVerdict] = {}
    for person_id, verdict in personal.items():
        if not verdict.eligible:
            result[person_id] = OrganizationVerdict(False, list(verdict.reasons))
            continue
        organization_id = organization_of.get(person_id)
        seat = seat_by_organization.get(organization_id) if organization_id else None
        if organization_id is None:
            result[person_id] = OrganizationVerdict(
                False,
                [
                    "Belongs to no member organization; on this body each organization votes "
                    "through its delegate"
                ],
            )
        elif seat is None:
            result[person_id] = OrganizationVerdict(
                False,
                ["Their organization has no delegate named on this body, so it cannot vote yet"],
            )
        elif person_id == seat.delegate_id:
            result[person_id] = OrganizationVerdict(
                True,
                [f"Votes for {seat.organization_name} as its delegate", *verdict.reasons],
                votes_for=organization_id,
            )
        elif person_id == seat.alternate_id:
            delegate_verdict = personal.get(seat.delegate_id)
            if delegate_verdict is not None and delegate_verdict.eligible:
                result[person_id] = OrganizationVerdict(
                    False,
                    [
                        f"Alternate for {seat.organization_name}; votes only when the delegate, "
                        f"{seat.delegate_name}, does not qualify"
                    ],
                )
            else:
                result[person_id] = OrganizationVerdict(
                    True,
                    [
                        f"Votes for {seat.organization_name} as its alternate, because the "
                        f"delegate, {seat.delegate_name}, {_why_delegate_cannot(delegate_verdict)}",
                        *verdict.reasons,
                    ],
                    votes_for=organization_id,
                    as_alternate=True,
                )
        else:
            result[person_id] = OrganizationVerdict(
                False,
                [f"Votes through {seat.organization_name}'s delegate, {seat.delegate_name}"],
            )
    return result


def continuous_since(
    terms: Iterable[tuple[datetime.date, datetime.date | None]], on: datetime.date
) -> datetime.date | None:
    """The first day of the unbroken run of terms that covers `on` (None when none covers it).

    Terms that follow one another without a gap (a member who became chair, a term renewed the
    day after it ended) count as one membership.
    """
    ordered = sorted((start, end or datetime.date.max) for start, end in terms if start <= on)
    run_start: datetime.date | None = None
    run_end = datetime.date.min
    for start, end in ordered:
        # Every term starts on or before `on`, so the run covering `on` is the last one formed.
        if run_start is None or (run_end < datetime.date.max and start > run_end + DAY):
            run_start, run_end = start, end
        else:
            run_end = max(run_end, end)
    return run_start if run_start is not None and run_end >= on else None


# --- Loading a body's data -----------------------------------------------------------------------


@dataclass
class VoterStatus:
    person: Person
    organization: Organization | None
    eligible: bool
    reasons: list[str] = field(default_factory=list)
    seat: BodyMembership | None = None
    votes_for: Organization | None = None
    as_alternate: bool = False

    @property
    def position_label(self) -> str:
        return self.seat.get_position_display() if self.seat is not None else ""


def _seat_order(seat: BodyMembership) -> tuple[int, str, str]:
    return (Position.values.index(seat.position), seat.person.last_name, seat.person.first_name)


def voting_status(
    body: Body, on: datetime.date | None = None, *, by_organization: bool | None = None
) -> list[VoterStatus]:
    """Each person seated on the body on a day (today by default), whether they vote, and why.

    `by_organization` overrides the body's vote unit (a decision rule may set its own)."""
    day = on or timezone.localdate()
    seats = list(
        BodyMembership.objects.filter(body=body, term_start__lte=day).select_related(
            "person", "person__organization"
        )
    )
    terms_by_person: dict[int, list[tuple[datetime.date, datetime.date | None]]] = {}
    current: dict[int, BodyMembership] = {}
    for seat in seats:
        terms_by_person.setdefault(seat.person_id, []).append((seat.term_start, seat.term_end))
        if seat.is_current(day):
            held = current.get(seat.person_id)
            # Should two seats overlap after all, the one that votes (not an observer) counts.
            if held is None or held.position in NON_VOTING_POSITIONS:
                current[seat.person_id] = seat
    if not current:
        return []
    since_by_person = {
        person_id: continuous_since(terms_by_person[person_id], day) or seat.term_start
        for person_id, seat in current.items()
    }
    rules = EligibilityRules.of(body)
    earliest = min(rules.earliest_day_needed(day, since) for since in since_by_person.values())
    attendance = body_attendance(body, list(current), earliest, day)
    personal: dict[int, Verdict] = {}
    for person_id, seat in current.items():
        facts = MemberFacts(
            position=seat.position,
            member_since=since_by_person[person_id],
            membership_type=seat.person.membership_type,
            is_active=seat.person.is_active,
            meetings_held=attendance.meetings_held,
            present=attendance.present.get(person_id, []),
            excused=attendance.excused.get(person_id, []),
        )
        personal[person_id] = assess_member(rules, facts, day)
    ordered_seats = sorted(current.values(), key=_seat_order)
    statuses = {
        seat.person_id: VoterStatus(
            person=seat.person,
            organization=seat.person.organization,
            eligible=personal[seat.person_id].eligible,
            reasons=list(personal[seat.person_id].reasons),
            seat=seat,
        )
        for seat in ordered_seats
    }
    if by_organization is None:
        by_organization = body.votes_by_organization
    if by_organization:
        organization_seats = list(
            OrganizationSeat.objects.filter(body=body).select_related(
                "organization", "delegate", "alternate"
            )
        )
        organizations = {seat.organization_id: seat.organization for seat in organization_seats}
        verdicts = assign_organization_votes(
            personal,
            {pid: seat.person.organization_id for pid, seat in current.items()},
            [
                OrganizationVote(
                    organization_id=seat.organization_id,
                    organization_name=seat.organization.display_name,
                    delegate_id=seat.delegate_id,
                    delegate_name=seat.delegate.full_name,
                    alternate_id=seat.alternate_id,
                    alternate_name=seat.alternate.full_name if seat.alternate else "",
                )
                for seat in organization_seats
            ],
        )
        for person_id, verdict in verdicts.items():
            status = statuses[person_id]
            status.eligible = verdict.eligible
            status.reasons = verdict.reasons
            status.votes_for = organizations.get(verdict.votes_for) if verdict.votes_for else None
            status.as_alternate = verdict.as_alternate
    return list(statuses.values())


def voter_status_for(body: Body, person: Person, on: datetime.date | None = None) -> VoterStatus:
    """One person's status on the body, including people who hold no current seat."""
    day = on or timezone.localdate()
    for status in voting_status(body, day):
        if status.person.pk == person.pk:
            return status
    upcoming = (
        BodyMembership.objects.filter(body=body, person=person, term_start__gt=day)
        .order_by("term_start")
        .first()
    )
    reason = (
        f"Their seat on {body.name} starts on {upcoming.term_start:%Y-%m-%d}"
        if upcoming is not None
        else f"Holds no current seat on {body.name}"
    )
    return VoterStatus(
        person=person, organization=person.organization, eligible=False, reasons=[reason]
    )
