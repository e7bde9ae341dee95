"""Benchmark the tally of a proposal with 10,000 positions and the register of 50,000 decisions.

    python bench/decisions.py                       # part of `make bench`
    python bench/decisions.py --requests 300 --concurrency 8
    python bench/decisions.py --rebuild             # regenerate the bench databases

Steps: build (or reuse) the data of bench/generate_decisions.py at full scale (50,000 decided
proposals; one open proposal with a position from each of 10,000 seated members) and at small
scale. Then, like the other benchmarks: serve the app under gunicorn, sign a member in by creating
a session directly, send a bounded number of requests (100 by default) per register scenario from
concurrent clients, print requests per second and p50/p95 latency, and count the queries of one
request per scenario against the small and the full data (the count must not grow with the data).

Then, in this process against the full data: load the open proposal's ballot and count it
(`decision_selectors.proposal_result`, what its page and the API show), close it
(`decision_services.close_proposal`, which freezes ballot, result and explanation, then recount
the frozen ballot; rolled back afterwards so every run measures the same proposal), render its page
once, and export the whole register as CSV. Wall time and queries are printed for each. Figures are
printed, never asserted.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generate_decisions
import loadtest

BENCH_USERNAME = "bench-decisions-member"
# A register page costs more than a directory search, so fewer requests per scenario by default;
# --requests overrides it.
DEFAULT_REQUESTS = 100
RUNS = 5  # timed runs of each in-process measurement; the median and the fastest are printed
EXPORT_RUNS = 2


def _bench_user() -> Any:
    """The bench member: the chair of the big general body, so it may also close its proposal."""
    from taskforce.accounts.models import Role, User
    from taskforce.directory.models import Person
    from taskforce.governance.models import BodyMembership, Position

    user, created = User.objects.get_or_create(
        username=BENCH_USERNAME,
        defaults={"email": "bench-decisions@bench.example.org", "role": Role.MEMBER},
    )
    if created:
        chair = BodyMembership.objects.filter(
            body__name=generate_decisions.BIG_BODY_NAME, position=Position.CHAIR
        ).first()
        if chair is None:
            raise SystemExit("The bench database has no general body; run with --rebuild.")
        Person.objects.filter(pk=chair.person_id).update(user=user)
    return User.objects.get(pk=user.pk)


def prepare() -> tuple[str, loadtest.Requests]:
    """The bench member's session, and the register scenarios."""
    from django.urls import reverse

    from taskforce.governance.models import Body

    user = _bench_user()
    some_body = Body.objects.exclude(name=generate_decisions.BIG_BODY_NAME).order_by("pk").first()
    if some_body is None:
        raise SystemExit("The bench database has no bodies; run with --rebuild.")
    register = reverse("decisions:register")
    paths = {
        "register, page 1": register,
        "register, page 200": f"{register}?page=200",
        "register, one body and topic": f"{register}?body={some_body.pk}&topic=protocols",
        "register, text search": f"{register}?q=shelter",
        "register, due for review": f"{register}?review_due=1",
    }
    return loadtest.signed_in_session(user), {name: (path, {}) for name, path in paths.items()}


def describe() -> str:
    from taskforce.governance.decision_models import Proposal, ProposalPosition, ProposalStatus
    from taskforce.governance.models import Body

    decided = Proposal.objects.filter(status=ProposalStatus.DECIDED).count()
    return (
        f"Decisions: {Body.objects.count():,} bodies, {decided:,} decided proposals, "
        f"{ProposalPosition.objects.count():,} positions on the open proposal"
    )


def sizes_compared() -> str:
    from taskforce.governance.decision_models import Proposal, ProposalStatus

    small = generate_decisions.SCALES["small"].decisions
    full = Proposal.objects.filter(status=ProposalStatus.DECIDED).count()
    return f"{small:,} and {full:,} decisions"


def ensure_full(path: Path, rebuild: bool) -> None:
    generate_decisions.ensure_database("full", path, rebuild=rebuild)


BENCHMARK = loadtest.Benchmark(
    title=__doc__.split("\n\n")[0],
    script=Path(__file__),
    generator=Path(generate_decisions.__file__),
    small_db=generate_decisions.default_database("small"),
    full_db=generate_decisions.default_database("full"),
    ensure_full=ensure_full,
    prepare=prepare,
    describe=describe,
    sizes_compared=sizes_compared,
)


# --- In-process measurements ---------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    name: str
    seconds: list[float]
    queries: int
    note: str = ""


def measure(name: str, action: Callable[[], str], runs: int = RUNS) -> Measured:
    """Time `action` `runs` times; count the queries of the last run. `action` returns a note."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds = []
    note = ""
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            note = action()
            seconds.append(time.perf_counter() - started)
        queries = len(captured)
    return Measured(name, seconds, queries, note)


def _rolled_back(action: Callable[[], str]) -> Callable[[], str]:
    """`action` inside a transaction that is rolled back, so the next run finds the data as
    before (and nothing is e-mailed: mail goes out only on commit)."""
    from django.db import transaction

    def run() -> str:
        with transaction.atomic():
            note = action()
            transaction.set_rollback(True)
        return note

    return run


def tally_and_export() -> list[Measured]:
    from django.test import Client
    from django.urls import reverse

    from taskforce.governance import decision_selectors, decision_services, tally
    from taskforce.governance.decision_models import Proposal

    user = _bench_user()
    proposal = Proposal.objects.get(title=generate_decisions.OPEN_PROPOSAL_TITLE)

    def count() -> str:
        result = decision_selectors.proposal_result(proposal)
        assert result is not None
        return f"{result.counted_units:,} counted, {result.outcome_label.lower()}"

    def close() -> str:
        fresh = Proposal.objects.get(pk=proposal.pk)
        closed = decision_services.close_proposal(user, fresh, rationale="Benchmark run.")
        started = time.perf_counter()
        recounted = decision_selectors.recount(closed)
        recount_ms = (time.perf_counter() - started) * 1000
        same = recounted == tally.Result.from_json(closed.frozen.result)
        return (
            f"{closed.get_outcome_display().lower()}; recounting the frozen ballot took "
            f"{recount_ms:.0f} ms and {'matches' if same else 'DIFFERS'}"
        )

    client = Client()
    client.force_login(user)

    def page() -> str:
        response = client.get(reverse("decisions:proposal", kwargs={"pk": proposal.pk}))
        if response.status_code != 200:
            raise SystemExit(f"The proposal page answered {response.status_code}")
        return f"{len(response.content) / 1024:,.0f} KiB"

    def export() -> str:
        response = client.get(reverse("decisions:register-csv"))
        if response.status_code != 200:
            raise SystemExit(f"The register export answered {response.status_code}")
        body = b"".join(response.streaming_content)
        rows = body.count(b"\n") - 1
        return f"{rows:,} rows, {len(body) / 1024 / 1024:,.1f} MiB"

    return [
        measure("open proposal: load the ballot and count it", count),
        measure("close it: count, freeze, audit (rolled back)", _rolled_back(close)),
        measure("proposal page with every position", page, runs=1),
        measure("register CSV export, every decision", export, runs=EXPORT_RUNS),
    ]


def print_measured(rows: list[Measured]) -> None:
    loadtest.print_table(
        ["measurement", "runs", "median ms", "fastest ms", "queries", "result"],
        [
            [
                row.name,
                str(len(row.seconds)),
                f"{statistics.median(row.seconds) * 1000:.0f}",
                f"{min(row.seconds) * 1000:.0f}",
                str(row.queries),
                row.note,
            ]
            for row in rows
        ],
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # argparse keeps the last value given, so a --requests on the command line wins.
    status = loadtest.main(BENCHMARK, ["--requests", str(DEFAULT_REQUESTS), *args])
    if status or "--count-queries" in args:
        return status
    # loadtest.main has configured this process for the full database.
    print()
    print("In process, on the full data:")
    print()
    print_measured(tally_and_export())
    return 0


if __name__ == "__main__":
    sys.exit(main())
