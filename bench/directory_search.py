"""Benchmark the directory search page and the API search at statewide scale.

    python bench/directory_search.py                        # what `make bench` runs
    python bench/directory_search.py --requests 1000 --concurrency 8
    python bench/directory_search.py --rebuild              # regenerate the bench databases

Steps: build (or reuse) the statewide bench database and a small one (bench/generate.py); start
the app under gunicorn on 127.0.0.1 at a free port; sign a bench member in by creating a session
directly and give it a read-only API token; send a bounded number of requests per scenario from
concurrent clients; print requests per second and p50/p95 latency. Then count the database
queries of one request per scenario, in-process, against the small and the big database: the count
must not grow with the data. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import benchlib
import loadtest

BENCH_USERNAME = "bench-member"


@dataclass(frozen=True)
class Credentials:
    session_cookie: str
    api_token: str
    county: int


# --- Run inside the process configured for one database -----------------------------------------


def prepare_credentials() -> Credentials:
    """A member account, a session for it, and a read-only token: no sign-in form involved."""
    from taskforce.accounts.models import ApiToken, Role, User
    from taskforce.accounts.services import create_token
    from taskforce.directory.models import County

    user, _ = User.objects.get_or_create(
        username=BENCH_USERNAME,
        defaults={"email": "bench-member@bench.example.org", "role": Role.MEMBER},
    )
    session_key = loadtest.signed_in_session(user)
    ApiToken.objects.filter(user=user).delete()  # tokens from earlier runs
    _, raw_token = create_token(user, name="benchmark", scope="read")
    county = County.objects.order_by("pk").values_list("pk", flat=True).first()
    if county is None:
        raise SystemExit("The bench database has no counties; run bench/generate.py --rebuild.")
    return Credentials(session_key, raw_token, county)


def scenario_request(
    scenario: benchlib.Scenario, credentials: Credentials
) -> tuple[str, dict[str, str]]:
    """The path and the headers that authenticate it (API token, or nothing: the session cookie
    is added by whoever sends it)."""
    headers = {"Authorization": f"Bearer {credentials.api_token}"} if scenario.api else {}
    return scenario.path.format(county=credentials.county), headers


def count_queries() -> dict[str, int]:
    credentials = prepare_credentials()
    paths = {s.name: scenario_request(s, credentials) for s in benchlib.SCENARIOS}
    return loadtest.count_queries(paths, credentials.session_cookie)


def run(args: argparse.Namespace) -> int:
    import generate

    full_db = benchlib.default_database("full")
    small_db = benchlib.default_database("small")
    using_url = bool(os.environ.get("DATABASE_URL"))
    # The small database is always a SQLite file: DATABASE_URL names only one database.
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            generate.__file__,
            "--scale",
            "small",
            *(["--rebuild"] if args.rebuild else []),
        ],
        env=benchlib.database_environment(small_db, use_database_url=False),
        check=True,
    )
    generate.ensure_database("full", full_db, rebuild=args.rebuild)
    from django.db import connection

    from taskforce.directory.models import Organization, Person, Service

    sizes = (Organization.objects.count(), Person.objects.count(), Service.objects.count())
    credentials = prepare_credentials()
    connection.close()

    from django.conf import settings

    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={credentials.session_cookie}"}
    port = loadtest.free_port()
    server = loadtest.start_server(full_db, port, args.workers)
    results: list[loadtest.Result] = []
    try:
        for scenario in benchlib.SCENARIOS:
            print(f"  {scenario.name}…", flush=True)
            path, headers = scenario_request(scenario, credentials)
            results.append(
                loadtest.load(
                    port,
                    scenario.name,
                    path,
                    headers or cookie,
                    args.requests,
                    args.concurrency,
                )
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    script = Path(__file__)
    small_counts = loadtest.queries_in_subprocess(script, small_db, use_database_url=False)
    full_counts = loadtest.queries_in_subprocess(script, full_db, use_database_url=using_url)

    print()
    print(
        f"Directory: {sizes[0]:,} organizations, {sizes[1]:,} people, {sizes[2]:,} services "
        f"({benchlib.describe_database(full_db)}); gunicorn with {args.workers} sync workers; "
        f"{args.requests} requests per scenario, {args.concurrency} concurrent clients; "
        f"{os.cpu_count()} CPU cores."
    )
    print()
    loadtest.print_results(results, small_counts, full_counts)
    grew = [n for n in full_counts if full_counts[n] != small_counts[n]]
    print()
    if grew:
        print(
            "Query count differs between the small and the full directory for: " + ", ".join(grew)
        )
    else:
        print(
            f"Queries per request are the same for {benchlib.SCALES['small'].organizations} and "
            f"{sizes[0]:,} organizations."
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per scenario (300)")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent clients (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the bench databases")
    parser.add_argument("--count-queries", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.requests < 1 or args.concurrency < 1 or args.workers < 1:
        parser.error("--requests, --concurrency and --workers must be at least 1")
    if args.count_queries:
        # The child process of queries_in_subprocess: one database, JSON on the last line.
        benchlib.configure(
            args.db, use_database_url=os.environ.get("BENCH_USE_DATABASE_URL") == "1"
        )
        print(json.dumps(count_queries()))
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
