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


def prepare() -> tuple[str, loadtest.Requests]:
    credentials = prepare_credentials()
    requests = {s.name: scenario_request(s, credentials) for s in benchlib.SCENARIOS}
    return credentials.session_cookie, requests


def describe() -> str:
    from taskforce.directory.models import Organization, Person, Service

    return (
        f"Directory: {Organization.objects.count():,} organizations, "
        f"{Person.objects.count():,} people, {Service.objects.count():,} services"
    )


def sizes_compared() -> str:
    from taskforce.directory.models import Organization

    small = benchlib.SCALES["small"].organizations
    return f"{small} and {Organization.objects.count():,} organizations"


def ensure_full(path: Path, rebuild: bool) -> None:
    import generate

    generate.ensure_database("full", path, rebuild=rebuild)


BENCHMARK = loadtest.Benchmark(
    title=__doc__.split("\n\n")[0],
    script=Path(__file__),
    generator=Path(__file__).with_name("generate.py"),
    small_db=benchlib.default_database("small"),
    full_db=benchlib.default_database("full"),
    ensure_full=ensure_full,
    prepare=prepare,
    describe=describe,
    sizes_compared=sizes_compared,
)


if __name__ == "__main__":
    sys.exit(loadtest.main(BENCHMARK))
