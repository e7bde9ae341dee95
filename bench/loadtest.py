"""The load-testing parts every benchmark shares: serve the app, send requests, time them, print.

A benchmark script configures Django for its bench database (benchlib.configure), prepares a
signed-in session, then calls `start_server` and `load` per scenario. Query counts are measured
in a child process per database (`queries_in_subprocess`): a process is set up for one database.
"""

from __future__ import annotations

import http.client
import json
import socket
import statistics
import subprocess
import sys
import time
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
