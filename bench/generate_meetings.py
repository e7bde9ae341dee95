"""Generate a task force's meeting history at scale for the meetings benchmark.

    python bench/generate_meetings.py                # 100 bodies, 10,000 meetings, 200,000 rolls
    python bench/generate_meetings.py --scale small  # 5 bodies, 50 meetings, 1,000 roll lines
    python bench/generate_meetings.py --rebuild      # delete the SQLite file, generate it again

Like bench/generate.py: its own SQLite file under var/bench/ (or the empty database DATABASE_URL
names), bulk_create in one transaction, a fixed seed, invented names. Each body seats the same
number of people; each of its meetings has one roll line per seat, so roll lines = meetings × seats.
"""

from __future__ import annotations

import datetime
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import benchlib
import loadtest

BATCH = 5_000
TIME_ZONE = "America/Los_Angeles"


@dataclass(frozen=True)
class MeetingScale:
    bodies: int
    meetings_per_body: int
    seats_per_body: int
    organizations: int
    people: int

    @property
    def meetings(self) -> int:
        return self.bodies * self.meetings_per_body

    @property
    def attendance(self) -> int:
        return self.meetings * self.seats_per_body


SCALES: dict[str, MeetingScale] = {
    "full": MeetingScale(
        bodies=100, meetings_per_body=100, seats_per_body=20, organizations=200, people=2_000
    ),
    "small": MeetingScale(
        bodies=5, meetings_per_body=10, seats_per_body=20, organizations=20, people=200
    ),
}


def default_database(scale: str) -> Path:
    return benchlib.BENCH_DIR / f"meetings-{scale}.sqlite3"


def generate(scale: MeetingScale, seed: int = 2026) -> dict[str, int]:
    """Fill an empty, migrated database; return the rows written per table."""
    from django.db import transaction
    from django.utils import timezone

    from taskforce.governance.models import Body, BodyKind, BodyMembership, Position
    from taskforce.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus

    if Body.objects.exists():
        raise SystemExit("This database already holds bodies. Use --rebuild or an empty database.")
    rng = random.Random(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    today = timezone.localdate()
    write = benchlib.BulkWriter(BATCH)
    counts = write.counts

    with transaction.atomic():
        _, people = benchlib.write_members(
            write,
            scale.organizations,
            scale.people,
            today - datetime.timedelta(days=3000),
            emails=False,
        )
        kinds = [BodyKind.GENERAL_BODY, BodyKind.EXECUTIVE_BOARD]
        bodies = write(
            Body,
            [
                Body(
                    name=f"Bench Body {n:03d}",
                    kind=kinds[n] if n < len(kinds) else BodyKind.STANDING_COMMITTEE,
                    is_closed=n % 10 == 9,
                    order=n,
                )
                for n in range(scale.bodies)
            ],
            "bodies",
        )
        seated: dict[int, list[Any]] = {}
        seats: list[BodyMembership] = []
        for body in bodies:
            members = rng.sample(people, scale.seats_per_body)
            seated[body.pk] = members
            for index, person in enumerate(members):
                seats.append(
                    BodyMembership(
                        body=body,
                        person=person,
                        position=Position.CHAIR if index == 0 else Position.MEMBER,
                        term_start=today - datetime.timedelta(days=3650),
                    )
                )
        write(BodyMembership, seats, "seats")

        # Roughly monthly meetings, the last few still ahead.
        meetings: list[Meeting] = []
        ahead = max(1, scale.meetings_per_body // 20)
        for body in bodies:
            for n in range(scale.meetings_per_body):
                # The last `ahead` meetings are 1..ahead months away; the others are behind.
                months_ahead = n - (scale.meetings_per_body - ahead) + 1
                starts = now + datetime.timedelta(days=30 * months_ahead - rng.randint(0, 6))
                meetings.append(
                    Meeting(
                        body=body,
                        title=f"{body.name} meeting {n + 1}",
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(minutes=90),
                        time_zone=TIME_ZONE,
                        location="Harbor County Hall, Room 2",
                        status=MeetingStatus.HELD if starts < now else MeetingStatus.SCHEDULED,
                    )
                )
        meetings = write(Meeting, meetings, "meetings")

        statuses = [AttendanceStatus.PRESENT] * 15 + [AttendanceStatus.ABSENT] * 3
        statuses += [AttendanceStatus.EXCUSED] * 2
        rows: list[Attendance] = []
        for meeting in meetings:
            for person in seated[meeting.body_id]:
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person=person,
                        status=rng.choice(statuses),
                        arrived_late=rng.random() < 0.05,
                        name=f"{person.first_name} {person.last_name}",
                        role="Member",
                        organization_id=person.organization_id,
                    )
                )
            if len(rows) >= BATCH * 4:
                write(Attendance, rows, "roll lines")
                rows = []
        write(Attendance, rows, "roll lines")
    return counts


def ensure_database(scale_name: str, path: Path, *, rebuild: bool = False) -> None:
    """Create the bench database for a scale unless it already exists."""
    scale = SCALES[scale_name]

    def existing() -> int:
        from taskforce.meetings.models import Meeting

        return int(Meeting.objects.count())

    loadtest.ensure_database(
        path,
        rebuild=rebuild,
        what=f"{scale_name} meeting history",
        existing=existing,
        expected=scale.meetings,
        generate=lambda: generate(scale),
    )


def main(argv: list[str] | None = None) -> int:
    return benchlib.generator_main(
        argv,
        doc=__doc__ or "",
        scales=SCALES,
        kind="meetings",
        ensure=ensure_database,
        default=default_database,
    )


if __name__ == "__main__":
    sys.exit(main())
