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
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import benchlib

BENCH_USERNAME = "bench-member"
WARMUP_REQUESTS = 5


@dataclass(frozen=True)
class Credentials:
    session_cookie: str
    api_token: str
    county: int


@dataclass(frozen=True)
class Result:
    scenario: benchlib.Scenario
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else 0.0
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]


# --- Run inside the process configured for one database -----------------------------------------


def prepare_credentials() -> Credentials:
    """A member account, a session for it, and a read-only token: no sign-in form involved."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from taskforce.accounts.middleware import SESSION_STARTED_KEY
    from taskforce.accounts.models import ApiToken, Role, User
    from taskforce.accounts.services import create_token
    from taskforce.directory.models import County

    user, _ = User.objects.get_or_create(
        username=BENCH_USERNAME,
        defaults={"email": "bench-member@bench.example.org", "role": Role.MEMBER},
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_STARTED_KEY] = time.time()
    session.create()
    ApiToken.objects.filter(user=user).delete()  # tokens from earlier runs
    _, raw_token = create_token(user, name="benchmark", scope="read")
    county = County.objects.order_by("pk").values_list("pk", flat=True).first()
    if county is None:
        raise SystemExit("The bench database has no counties; run bench/generate.py --rebuild.")
    assert session.session_key is not None
    return Credentials(session.session_key, raw_token, county)


def count_queries() -> dict[str, int]:
    """Queries per request for each scenario, measured on a warm second request."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    credentials = prepare_credentials()
    counts: dict[str, int] = {}
    for scenario in benchlib.SCENARIOS:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = credentials.session_cookie
        headers = {"Authorization": f"Bearer {credentials.api_token}"} if scenario.api else {}
        path = scenario.path.format(county=credentials.county)
        first = client.get(path, headers=headers)
        if first.status_code != 200:
            raise SystemExit(f"{path} answered {first.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(path, headers=headers)
        counts[scenario.name] = len(captured)
    return counts


# --- The load test -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(database: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "taskforce.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    env = benchlib.database_environment(database)
    server = subprocess.Popen(command, env=env, cwd=benchlib.ROOT)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            status, _ = fetch(port, "/healthz", {})
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return server
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 seconds")


def fetch(port: int, path: str, headers: dict[str, str]) -> tuple[int, int]:
    """GET a path; return the status and the body size. Gunicorn's sync workers close each
    connection, so every request opens its own, as a browser behind no proxy would."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


def load(
    port: int,
    scenario: benchlib.Scenario,
    credentials: Credentials,
    requests: int,
    concurrency: int,
) -> Result:
    from django.conf import settings

    headers = (
        {"Authorization": f"Bearer {credentials.api_token}"}
        if scenario.api
        else {"Cookie": f"{settings.SESSION_COOKIE_NAME}={credentials.session_cookie}"}
    )
    path = scenario.path.format(county=credentials.county)
    for _ in range(WARMUP_REQUESTS):
        status, _ = fetch(port, path, headers)
        if status != 200:
            raise SystemExit(f"{path} answered {status}; is the bench user signed in?")

    def one(_: int) -> tuple[float, bool]:
        started = time.perf_counter()
        try:
            status, _ = fetch(port, path, headers)
        except OSError:
            status = 0
        return (time.perf_counter() - started) * 1000, status == 200

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        outcomes = list(pool.map(one, range(requests)))
    seconds = time.perf_counter() - started
    return Result(
        scenario=scenario,
        requests=requests,
        errors=sum(1 for _, ok in outcomes if not ok),
        seconds=seconds,
        latencies_ms=[ms for ms, _ in outcomes],
    )


def queries_in_subprocess(database: Path, *, use_database_url: bool) -> dict[str, int]:
    env = benchlib.database_environment(database, use_database_url=use_database_url)
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(Path(__file__)), "--count-queries", "--db", str(database)],
        env={**env, "BENCH_USE_DATABASE_URL": "1" if use_database_url else "0"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {str(k): int(v) for k, v in json.loads(output.strip().splitlines()[-1]).items()}


def print_table(headers: list[str], rows: list[list[str]], align_left: int = 1) -> None:
    widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.ljust(widths[i]) if i < align_left else cell.rjust(widths[i])
            for i, cell in enumerate(cells)
        )

    print(line(headers))
    print(line(["-" * width for width in widths]))
    for row in rows:
        print(line(row))


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

    port = free_port()
    server = start_server(full_db, port, args.workers)
    results: list[Result] = []
    try:
        for scenario in benchlib.SCENARIOS:
            print(f"  {scenario.name}…", flush=True)
            results.append(load(port, scenario, credentials, args.requests, args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=30)

    small_counts = queries_in_subprocess(small_db, use_database_url=False)
    full_counts = queries_in_subprocess(full_db, use_database_url=using_url)

    print()
    print(
        f"Directory: {sizes[0]:,} organizations, {sizes[1]:,} people, {sizes[2]:,} services "
        f"({benchlib.describe_database(full_db)}); gunicorn with {args.workers} sync workers; "
        f"{args.requests} requests per scenario, {args.concurrency} concurrent clients; "
        f"{os.cpu_count()} CPU cores."
    )
    print()
    rows = [
        [
            result.scenario.name,
            f"{result.per_second:.1f}",
            f"{result.percentile(50):.1f}",
            f"{result.percentile(95):.1f}",
            str(result.errors),
            str(small_counts[result.scenario.name]),
            str(full_counts[result.scenario.name]),
        ]
        for result in results
    ]
    print_table(
        ["scenario", "req/s", "p50 ms", "p95 ms", "errors", "queries (small)", "queries (full)"],
        rows,
    )
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
