"""Voting eligibility: the pure rules (with property tests) and the status of a body's members."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from taskforce.directory.models import MembershipType, Person
from taskforce.governance import attendance, eligibility
from taskforce.governance.attendance import BodyAttendance
from taskforce.governance.eligibility import (
    EligibilityRules,
    MemberFacts,
    OrganizationVote,
    Verdict,
    assess_member,
    assign_organization_votes,
    best_window_count,
    continuous_since,
    months_before,
)
from taskforce.governance.models import Body, OrganizationSeat, Position, VoteUnit
from tests import bodies

ON = datetime.date(2026, 6, 30)
DAY = datetime.timedelta(days=1)
LONG_AGO = datetime.date(2020, 1, 1)


def facts(
    held: list[datetime.date],
    present: list[datetime.date] = (),  # type: ignore[assignment]
    excused: list[datetime.date] = (),  # type: ignore[assignment]
    *,
    position: str = Position.MEMBER,
    since: datetime.date = LONG_AGO,
    membership: str = MembershipType.VOTING,
) -> MemberFacts:
    return MemberFacts(
        position=position,
        member_since=since,
        membership_type=membership,
        meetings_held=held,
        present=list(present),
        excused=list(excused),
    )


def monthly(count: int, last: datetime.date = ON) -> list[datetime.date]:
    """`count` meetings, one a month, the last on `last`."""
    return sorted(months_before(last, n) for n in range(count))


# --- The pure rules ------------------------------------------------------------------------------


def test_months_before_keeps_the_day_or_uses_the_months_last_day() -> None:
    assert months_before(datetime.date(2026, 6, 30), 12) == datetime.date(2025, 6, 30)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 2) == datetime.date(2025, 11, 15)


def test_a_voting_member_with_no_rules_votes() -> None:
    verdict = assess_member(EligibilityRules(), facts([]), ON)
    assert verdict.eligible
    assert verdict.reasons == ["Voting member of the task force with a current seat"]


@pytest.mark.parametrize(
    ("membership", "position", "reason"),
    [
        (MembershipType.VOTING, Position.OBSERVER, "Observers do not vote"),
        (MembershipType.NON_VOTING, Position.MEMBER, "Non-voting member of the task force"),
        (MembershipType.VISITOR, Position.OBSERVER, "Visitors do not vote"),
    ],
)
def test_observers_non_voting_members_and_visitors_do_not_vote(membership, position, reason):
    verdict = assess_member(
        EligibilityRules(), facts([], position=position, membership=membership), ON
    )
    assert not verdict.eligible
    assert reason in verdict.reasons


def test_new_member_votes_after_attending_enough_meetings_within_the_window() -> None:
    rules = EligibilityRules(new_member_meetings_required=3, new_member_window_months=9)
    held = monthly(12)
    two = assess_member(rules, facts(held, held[-2:]), ON)
    assert not two.eligible
    assert two.reasons == ["Attended 2 of the 3 meetings a new member needs within 9 months"]
    three = assess_member(rules, facts(held, held[-3:]), ON)
    assert three.eligible
    assert "Has attended the 3 meetings a new member needs within 9 months" in three.reasons


def test_new_member_meetings_spread_wider_than_the_window_do_not_count_together() -> None:
    rules = EligibilityRules(new_member_meetings_required=3, new_member_window_months=9)
    spread = [datetime.date(2025, 1, 10), datetime.date(2025, 6, 10), datetime.date(2025, 10, 10)]
    assert not assess_member(rules, facts(spread, spread), ON).eligible
    assert best_window_count(spread, 9) == 2


def test_the_new_member_rule_once_met_stays_met() -> None:
    rules = EligibilityRules(new_member_meetings_required=3, new_member_window_months=9)
    long_ago = [datetime.date(2021, 2, 1), datetime.date(2021, 3, 1), datetime.date(2021, 4, 1)]
    held = [*long_ago, *monthly(6)]
    assert assess_member(rules, facts(held, long_ago), ON).eligible
    # Someone who left and came back in 2025 is a new member again.
    rejoined = assess_member(rules, facts(held, long_ago, since=datetime.date(2025, 1, 1)), ON)
    assert not rejoined.eligible


def test_low_attendance_loses_the_vote_with_the_numbers_in_words() -> None:
    rules = EligibilityRules(minimum_attendance_percent=50, attendance_window_months=12)
    held = monthly(10)
    verdict = assess_member(rules, facts(held, held[:4]), ON)
    assert not verdict.eligible
    assert verdict.reasons == [
        "Attended 4 of 10 meetings (40%) in the last 12 months; the minimum is 50%"
    ]
    kept = assess_member(rules, facts(held, held[:5]), ON)
    assert kept.eligible
    assert "Attended 5 of 10 meetings (50%) in the last 12 months; the minimum is 50%" in (
        kept.reasons
    )


def test_excused_absences_are_left_out_of_the_base_and_said_so() -> None:
    rules = EligibilityRules(minimum_attendance_percent=50)
    held = monthly(10)
    verdict = assess_member(rules, facts(held, held[:4], held[4:8]), ON)
    assert verdict.eligible
    assert (
        "Attended 4 of 6 meetings (66%) in the last 12 months (4 excused absences left out); "
        "the minimum is 50%"
    ) in verdict.reasons


def test_meetings_outside_the_window_do_not_count() -> None:
    rules = EligibilityRules(minimum_attendance_percent=50, attendance_window_months=12)
    old = monthly(6, last=datetime.date(2024, 12, 1))
    recent = monthly(4)
    verdict = assess_member(rules, facts([*old, *recent], old), ON)
    assert not verdict.eligible
    assert verdict.reasons[0].startswith("Attended 0 of 4 meetings (0%)")


def test_attendance_counts_from_the_seat_start_when_later_than_the_window() -> None:
    rules = EligibilityRules(minimum_attendance_percent=50)
    held = monthly(10)
    since = held[-4]
    verdict = assess_member(rules, facts(held, held[-2:], since=since), ON)
    assert verdict.eligible
    assert (
        f"Attended 2 of 4 meetings (50%) since their seat began on {since:%Y-%m-%d}; "
        "the minimum is 50%"
    ) in verdict.reasons


def test_nobody_loses_the_vote_before_three_meetings_were_held() -> None:
    rules = EligibilityRules(minimum_attendance_percent=50)
    held = monthly(2)
    verdict = assess_member(rules, facts(held, []), ON)
    assert verdict.eligible
    assert (
        "The body has held 2 meetings in the last 12 months; attendance counts once it has held 3"
    ) in verdict.reasons
    assert not assess_member(rules, facts(monthly(3), []), ON).eligible


def test_every_blocking_reason_is_given() -> None:
    rules = EligibilityRules(new_member_meetings_required=3, minimum_attendance_percent=50)
    verdict = assess_member(
        rules,
        facts(monthly(6), [], position=Position.OBSERVER, membership=MembershipType.NON_VOTING),
        ON,
    )
    assert verdict.reasons == [
        "Observers do not vote",
        "Non-voting member of the task force",
        "Attended 0 of the 3 meetings a new member needs within 9 months",
        "Attended 0 of 6 meetings (0%) in the last 12 months; the minimum is 50%",
    ]


def test_continuous_terms_count_as_one_membership() -> None:
    d = datetime.date
    terms = [(d(2024, 1, 1), d(2024, 12, 31)), (d(2025, 1, 1), None)]
    assert continuous_since(terms, ON) == d(2024, 1, 1)
    gap = [(d(2023, 1, 1), d(2023, 6, 30)), (d(2025, 1, 1), None)]
    assert continuous_since(gap, ON) == d(2025, 1, 1)
    assert continuous_since([(d(2023, 1, 1), d(2023, 6, 30))], ON) is None


# --- Properties ----------------------------------------------------------------------------------

STATUSES = ("present", "absent", "excused")

meeting_days = st.lists(
    st.dates(min_value=datetime.date(2024, 1, 1), max_value=ON), min_size=0, max_size=20
)
rules_strategy = st.builds(
    EligibilityRules,
    new_member_meetings_required=st.one_of(st.none(), st.integers(1, 6)),
    new_member_window_months=st.integers(1, 24),
    minimum_attendance_percent=st.one_of(st.none(), st.integers(1, 100)),
    attendance_window_months=st.integers(1, 24),
)


@st.composite
def attendance_records(draw: st.DrawFn) -> list[tuple[datetime.date, str]]:
    days = draw(meeting_days)
    return [(day, draw(st.sampled_from(STATUSES))) for day in days]


def member(
    record: list[tuple[datetime.date, str]],
    *,
    position: str = Position.MEMBER,
    since: datetime.date = datetime.date(2024, 1, 1),
    membership: str = MembershipType.VOTING,
) -> MemberFacts:
    return facts(
        [day for day, _ in record],
        [day for day, status in record if status == "present"],
        [day for day, status in record if status == "excused"],
        position=position,
        since=since,
        membership=membership,
    )


@given(rules=rules_strategy, record=attendance_records())
def test_observers_are_never_eligible(rules, record) -> None:
    assert not assess_member(rules, member(record, position=Position.OBSERVER), ON).eligible


@given(
    rules=rules_strategy,
    record=attendance_records(),
    membership=st.sampled_from([MembershipType.NON_VOTING, MembershipType.VISITOR]),
)
def test_people_who_are_not_voting_members_are_never_eligible(rules, record, membership) -> None:
    assert not assess_member(rules, member(record, membership=membership), ON).eligible


@given(rules=rules_strategy, record=attendance_records(), index=st.integers(0, 19))
def test_raising_attendance_never_removes_eligibility(rules, record, index) -> None:
    if not record:
        return
    position = index % len(record)
    before = assess_member(rules, member(record), ON)
    raised = list(record)
    raised[position] = (record[position][0], "present")
    after = assess_member(rules, member(raised), ON)
    assert after.eligible or not before.eligible


@given(rules=rules_strategy, record=attendance_records(), seed=st.randoms())
def test_the_order_of_attendance_dates_does_not_matter(rules, record, seed) -> None:
    shuffled = list(record)
    seed.shuffle(shuffled)
    assert assess_member(rules, member(record), ON) == assess_member(rules, member(shuffled), ON)


@given(
    verdicts=st.dictionaries(st.integers(1, 12), st.booleans(), min_size=1),
    organization=st.dictionaries(st.integers(1, 12), st.one_of(st.none(), st.integers(1, 3))),
    data=st.data(),
)
def test_each_organization_casts_at_most_one_vote(verdicts, organization, data) -> None:
    personal = {pid: Verdict(ok, ["why"]) for pid, ok in verdicts.items()}
    people = sorted(personal)
    seats = []
    for organization_id in (1, 2, 3):
        delegate = data.draw(st.sampled_from(people))
        alternate = data.draw(st.one_of(st.none(), st.sampled_from(people)))
        seats.append(OrganizationVote(organization_id, f"Org {organization_id}", delegate, "D"))
        if alternate is not None and alternate != delegate:
            seats[-1] = OrganizationVote(
                organization_id, f"Org {organization_id}", delegate, "D", alternate, "A"
            )
    organization_of = {pid: organization.get(pid) for pid in people}
    result = assign_organization_votes(personal, organization_of, seats)
    voters = [verdict.votes_for for verdict in result.values() if verdict.eligible]
    assert len(voters) == len(set(voters))
    assert all(personal[pid].eligible for pid, verdict in result.items() if verdict.eligible)


def test_the_alternate_votes_only_when_the_delegate_does_not_qualify() -> None:
    seat = OrganizationVote(7, "Harbor City Police Department", 1, "Dan Reyes", 2, "Lena Leader")
    organization_of: dict[int, int | None] = {1: 7, 2: 7, 3: 7}
    ok = Verdict(True, ["Voting member of the task force with a current seat"])
    both = assign_organization_votes({1: ok, 2: ok, 3: ok}, organization_of, [seat])
    assert both[1].eligible and both[1].votes_for == 7
    assert both[1].reasons[0] == "Votes for Harbor City Police Department as its delegate"
    assert not both[2].eligible
    assert both[2].reasons == [
        "Alternate for Harbor City Police Department; votes only when the delegate, Dan Reyes, "
        "does not qualify"
    ]
    assert both[3].reasons == ["Votes through Harbor City Police Department's delegate, Dan Reyes"]
    delegate_out = assign_organization_votes(
        {1: Verdict(False, ["Observers do not vote"]), 2: ok}, organization_of, [seat]
    )
    assert delegate_out[2].eligible and delegate_out[2].as_alternate
    assert delegate_out[2].reasons[0] == (
        "Votes for Harbor City Police Department as its alternate, because the delegate, "
        "Dan Reyes, does not qualify (Observers do not vote)"
    )


# --- A body's members ----------------------------------------------------------------------------


class FakeAttendance:
    """Attendance kept in memory: {body id: (held dates, {person id: [(date, status)]})}."""

    def __init__(self) -> None:
        self.held: dict[int, list[datetime.date]] = {}
        self.marks: dict[int, dict[int, list[tuple[datetime.date, str]]]] = {}
        self.calls: list[tuple[datetime.date, datetime.date]] = []

    def hold(self, body: Body, days: list[datetime.date]) -> None:
        self.held.setdefault(body.pk, []).extend(days)

    def mark(self, body: Body, person: Person, days: list[datetime.date], status: str) -> None:
        self.marks.setdefault(body.pk, {}).setdefault(person.pk, []).extend(
            (day, status) for day in days
        )

    def __call__(
        self,
        body: Body,
        person_ids: Collection[int],
        since: datetime.date,
        until: datetime.date,
    ) -> BodyAttendance:
        self.calls.append((since, until))
        inside = [day for day in self.held.get(body.pk, []) if since <= day <= until]
        result = BodyAttendance(meetings_held=inside)
        for person_id, marks in self.marks.get(body.pk, {}).items():
            if person_id not in person_ids:
                continue
            for day, status in marks:
                if since <= day <= until:
                    bucket = result.present if status == "present" else result.excused
                    bucket.setdefault(person_id, []).append(day)
        return result


@pytest.fixture
def fake_attendance() -> Iterator[FakeAttendance]:
    saved = list(attendance._SOURCE), list(attendance._PRESENCE)
    source = FakeAttendance()
    attendance.register_attendance_source(source, lambda meeting_id: set())
    yield source
    attendance._SOURCE[:], attendance._PRESENCE[:] = saved


def _past_meetings(count: int) -> list[datetime.date]:
    return monthly(count, last=timezone.localdate() - DAY)


def test_voting_status_lists_each_member_with_reasons(personas, fake_attendance) -> None:
    b = bodies.build_bodies(personas)
    body = b.victim_services
    body.minimum_attendance_percent = 50
    body.save()
    held = _past_meetings(6)
    fake_attendance.hold(body, held)
    fake_attendance.mark(body, personas.coordinator.person, held, "present")
    fake_attendance.mark(body, personas.advocate.person, held[:2], "present")
    statuses = {s.person.pk: s for s in eligibility.voting_status(body)}
    coordinator = statuses[personas.coordinator.person.pk]
    advocate = statuses[personas.advocate.person.pk]
    visitor = statuses[personas.visitor.person.pk]
    assert coordinator.eligible
    assert coordinator.position_label == "Chair"
    assert not advocate.eligible
    assert advocate.reasons == [
        "Attended 2 of 6 meetings (33%) in the last 12 months; the minimum is 50%"
    ]
    assert not visitor.eligible
    assert "Observers do not vote" in visitor.reasons
    assert list(statuses) == [
        personas.coordinator.person.pk,
        personas.advocate.person.pk,
        personas.visitor.person.pk,
    ]


def test_voting_status_reads_attendance_once_back_to_the_first_seat_for_new_members(
    personas, fake_attendance, django_assert_max_num_queries
) -> None:
    b = bodies.build_bodies(personas)
    body = b.general
    body.new_member_meetings_required = 3
    body.save()
    with django_assert_max_num_queries(3):
        eligibility.voting_status(body)
    assert len(fake_attendance.calls) == 1
    since, until = fake_attendance.calls[0]
    assert until == timezone.localdate()
    assert since == timezone.localdate() - datetime.timedelta(days=365)


def test_by_organization_only_the_delegate_votes(personas, fake_attendance) -> None:
    b = bodies.build_bodies(personas)
    body = b.general
    body.vote_unit = VoteUnit.ORGANIZATION
    body.save()
    OrganizationSeat.objects.create(
        body=body,
        organization=personas.police,
        delegate=personas.detective.person,
        alternate=personas.leader.person,
    )
    statuses = {s.person.pk: s for s in eligibility.voting_status(body)}
    detective = statuses[personas.detective.person.pk]
    assert detective.eligible and detective.votes_for == personas.police
    assert detective.reasons[0] == (
        "Votes for Harbor City Police Department (HCPD) as its delegate"
    )
    assert not statuses[personas.leader.person.pk].eligible
    prosecutor = statuses[personas.prosecutor.person.pk]
    assert not prosecutor.eligible
    assert prosecutor.reasons == [
        "Their organization has no delegate named on this body, so it cannot vote yet"
    ]


def test_voter_status_for_someone_without_a_seat(personas, fake_attendance) -> None:
    b = bodies.build_bodies(personas)
    status = eligibility.voter_status_for(b.law_enforcement, personas.advocate.person)
    assert not status.eligible
    assert status.reasons == ["Holds no current seat on Law Enforcement Committee"]
    bodies.seat(
        b.law_enforcement,
        personas.advocate,
        term_start=timezone.localdate() + datetime.timedelta(days=10),
    )
    later = eligibility.voter_status_for(b.law_enforcement, personas.advocate.person)
    assert later.reasons[0].startswith("Their seat on Law Enforcement Committee starts on")


# --- The page ------------------------------------------------------------------------------------


def test_voting_page_shows_each_status_and_why(personas, client_for, fake_attendance) -> None:
    b = bodies.build_bodies(personas)
    response = client_for("advocate").get(
        reverse("bodies:voting", kwargs={"pk": b.victim_services.pk})
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Observers do not vote" in text
    assert "Victor Guest" in text


def test_voting_page_of_a_body_a_visitor_does_not_sit_on_is_hidden(personas, client_for) -> None:
    b = bodies.build_bodies(personas)
    client = client_for("visitor")
    assert client.get(reverse("bodies:voting", kwargs={"pk": b.general.pk})).status_code == 404
    assert (
        client.get(reverse("bodies:voting", kwargs={"pk": b.victim_services.pk})).status_code == 200
    )


def test_body_page_shows_the_viewers_own_status(personas, client_for, fake_attendance) -> None:
    b = bodies.build_bodies(personas)
    response = client_for("visitor").get(
        reverse("bodies:detail", kwargs={"pk": b.victim_services.pk})
    )
    text = response.content.decode()
    assert "Your vote on this body" in text
    assert "Visitors do not vote" in text
