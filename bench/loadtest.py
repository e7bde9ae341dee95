"""The load-testing parts every benchmark shares: serve the app, send requests, time them, print.

A benchmark script configures Django for its bench database (benchlib.configure), prepares a
signed-in session, then calls `start_server` and `load` per scenario. Query counts are measured
in a child process per database (`queries_in_subprocess`): a process is set up for one database.
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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import benchlib

WARMUP_REQUESTS = 5


@dataclass(frozen=True)
class Result:
    name: str
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


def signed_in_session(user: Any) -> str:
    """A session row for `user`, as the sign-in form would leave it; returns its key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from taskforce.accounts.middleware import SESSION_STARTED_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_STARTED_KEY] = time.time()
    session.create()
    assert session.session_key is not None
    return session.session_key


def count_queries(paths: dict[str, tuple[str, dict[str, str]]], session_key: str) -> dict[str, int]:
    """Queries of one warm request per named path (path, extra headers), in this process."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, int] = {}
    for name, (path, headers) in paths.items():
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        first = client.get(path, headers=headers)
        if first.status_code != 200:
            raise SystemExit(f"{path} answered {first.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(path, headers=headers)
        counts[name] = len(captured)
    return counts


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
    port: int, name: str, path: str, headers: dict[str, str], requests: int, concurrency: int
) -> Result:
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
        name=name,
        requests=requests,
        errors=sum(1 for _, ok in outcomes if not ok),
        seconds=seconds,
        latencies_ms=[ms for ms, _ in outcomes],
    )


def queries_in_subprocess(
    script: Path, database: Path, *, use_database_url: bool
) -> dict[str, int]:
    """Run `script --count-queries --db database`; it prints the counts as JSON on its last line."""
    env = benchlib.database_environment(database, use_database_url=use_database_url)
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(script), "--count-queries", "--db", str(database)],
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


def print_results(results: list[Result], small: dict[str, int], full: dict[str, int]) -> None:
    rows = [
        [
            result.name,
            f"{result.per_second:.1f}",
            f"{result.percentile(50):.1f}",
            f"{result.percentile(95):.1f}",
            str(result.errors),
            str(small[result.name]),
            str(full[result.name]),
        ]
        for result in results
    ]
    print_table(
        ["scenario", "req/s", "p50 ms", "p95 ms", "errors", "queries (small)", "queries (full)"],
        rows,
    )


# --- Bench databases -----------------------------------------------------------------------------


def ensure_database(
    path: Path,
    *,
    rebuild: bool,
    what: str,
    existing: Callable[[], int],
    expected: int,
    generate: Callable[[], dict[str, int]],
) -> None:
    """Migrate the bench database and fill it with `generate` unless it already holds `what`.

    `existing()` counts the rows that tell which data is there; `expected` is the count the full
    generated data has. SQLite files are deleted first on `rebuild`; a database from DATABASE_URL
    must be empty or already hold exactly this data.
    """
    if rebuild and not os.environ.get("DATABASE_URL"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    benchlib.configure(path)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    found = existing()
    if found == expected:
        print(f"Reusing {benchlib.describe_database(path)}.")
        return
    if found:
        raise SystemExit(
            f"{benchlib.describe_database(path)} holds other data than the {what} "
            f"({found:,} rows where {expected:,} were expected). Use --rebuild (SQLite) or an "
            "empty database."
        )
    print(f"Generating the {what} in {benchlib.describe_database(path)}…")
    started = time.perf_counter()
    counts = generate()
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{count:,} {label}" for label, count in counts.items())
    print(f"Done in {elapsed:.1f} s: {summary}.")


# --- A whole benchmark run -----------------------------------------------------------------------

Requests = dict[str, tuple[str, dict[str, str]]]  # scenario name → (path, extra headers)


@dataclass(frozen=True)
class Benchmark:
    """What one benchmark script measures and on which data.

    `prepare()` runs in a process configured for a bench database: it signs the bench user in and
    returns the session key and the requests to time. `describe()` says what the full data holds.
    """

    title: str
    script: Path
    generator: Path  # its --scale small [--rebuild] builds the small database
    small_db: Path
    full_db: Path
    ensure_full: Callable[[Path, bool], None]
    prepare: Callable[[], tuple[str, Requests]]
    describe: Callable[[], str]
    sizes_compared: Callable[[], str]  # e.g. "50 and 5,000 organizations"


def _run(benchmark: Benchmark, args: argparse.Namespace) -> int:
    using_url = bool(os.environ.get("DATABASE_URL"))
    # The small database is always a SQLite file: DATABASE_URL names only one database.
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(benchmark.generator),
            "--scale",
            "small",
            *(["--rebuild"] if args.rebuild else []),
        ],
        env=benchlib.database_environment(benchmark.small_db, use_database_url=False),
        check=True,
    )
    benchmark.ensure_full(benchmark.full_db, args.rebuild)
    from django.conf import settings
    from django.db import connection

    description = benchmark.describe()
    compared = benchmark.sizes_compared()
    session_key, requests = benchmark.prepare()
    connection.close()

    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"}
    port = free_port()
    server = start_server(benchmark.full_db, port, args.workers)
    results: list[Result] = []
    try:
        for name, (path, headers) in requests.items():
            print(f"  {name}…", flush=True)
            results.append(
                load(port, name, path, headers or cookie, args.requests, args.concurrency)
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    small = queries_in_subprocess(benchmark.script, benchmark.small_db, use_database_url=False)
    full = queries_in_subprocess(benchmark.script, benchmark.full_db, use_database_url=using_url)
    print()
    print(
        f"{description} ({benchlib.describe_database(benchmark.full_db)}); gunicorn with "
        f"{args.workers} sync workers; {args.requests} requests per scenario, "
        f"{args.concurrency} concurrent clients; {os.cpu_count()} CPU cores."
    )
    print()
    print_results(results, small, full)
    grew = [name for name in full if full[name] != small[name]]
    print()
    if grew:
        print("Query count differs between the small and the full data for: " + ", ".join(grew))
    else:
        print(f"Queries per request are the same for {compared}.")
    return 0


def main(benchmark: Benchmark, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=benchmark.title)
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
        session_key, requests = benchmark.prepare()
        print(json.dumps(count_queries(requests, session_key)))
        return 0
    return _run(benchmark, args)
