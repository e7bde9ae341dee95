"""Benchmark the meetings list and the attendance report on a large meeting history.

    python bench/meetings.py                        # part of `make bench`
    python bench/meetings.py --requests 1000 --concurrency 8
    python bench/meetings.py --rebuild              # regenerate the bench databases

Steps: build (or reuse) the history of bench/generate_meetings.py at full scale (100 bodies,
10,000 meetings, 200,000 roll lines) and at small scale; serve the app under gunicorn; sign a
member in by creating a session directly; send a bounded number of requests per scenario from
concurrent clients; print requests per second and p50/p95 latency. Then count the queries of one
request per scenario against the small and the full history: the count must not grow with the
data. Figures are printed, never asserted. Target: p95 under 100 ms on a 2-core machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import generate_meetings
import loadtest

BENCH_USERNAME = "bench-meetings-member"


def prepare() -> tuple[str, loadtest.Requests]:
    """A member account seated on the busiest bodies, its session, and the scenario paths."""
    from django.urls import reverse

    from taskforce.accounts.models import Role, User
    from taskforce.directory.models import Person
    from taskforce.governance.models import Body, BodyMembership

    user, created = User.objects.get_or_create(
        username=BENCH_USERNAME,
        defaults={"email": "bench-meetings@bench.example.org", "role": Role.MEMBER},
    )
    if created:
        person = Person.objects.order_by("pk").first()
        if person is None:
            raise SystemExit("The bench database has no people; run with --rebuild.")
        Person.objects.filter(pk=person.pk).update(user=user)
    first_body = Body.objects.order_by("pk").first()
    if first_body is None or not BodyMembership.objects.exists():
        raise SystemExit("The bench database has no bodies; run with --rebuild.")
    meetings = reverse("meetings:list")
    report = reverse("meetings:attendance-report")
    paths = {
        "meetings list, page 1": meetings,
        "meetings list, one body": f"{meetings}?body={first_body.pk}",
        "meetings list, page 50": f"{meetings}?period=past&page=50",
        "attendance report, 12 months": f"{report}?body={first_body.pk}",
        "attendance report, all years": f"{report}?body={first_body.pk}&since=2010-01-01",
    }
    return loadtest.signed_in_session(user), {name: (path, {}) for name, path in paths.items()}


def describe() -> str:
    from taskforce.governance.models import Body
    from taskforce.meetings.models import Attendance, Meeting

    return (
        f"Meetings: {Body.objects.count():,} bodies, {Meeting.objects.count():,} meetings, "
        f"{Attendance.objects.count():,} roll lines"
    )


def sizes_compared() -> str:
    from taskforce.meetings.models import Meeting

    small = generate_meetings.SCALES["small"].meetings
    return f"{small:,} and {Meeting.objects.count():,} meetings"


def ensure_full(path: Path, rebuild: bool) -> None:
    generate_meetings.ensure_database("full", path, rebuild=rebuild)


BENCHMARK = loadtest.Benchmark(
    title=__doc__.split("\n\n")[0],
    script=Path(__file__),
    generator=Path(generate_meetings.__file__),
    small_db=generate_meetings.default_database("small"),
    full_db=generate_meetings.default_database("full"),
    ensure_full=ensure_full,
    prepare=prepare,
    describe=describe,
    sizes_compared=sizes_compared,
)


if __name__ == "__main__":
    sys.exit(loadtest.main(BENCHMARK))
