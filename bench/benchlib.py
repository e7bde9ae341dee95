"""What the benchmark scripts share: where the bench databases live, their sizes, the scenarios.

Django must be configured before anything imports the project, so `configure()` sets the
environment for one database and calls `django.setup()`; each script calls it exactly once. A
process works against a single database; comparing two databases means two processes.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


@dataclass(frozen=True)
class Scale:
    organizations: int
    people: int
    services: int


SCALES: dict[str, Scale] = {
    # A statewide network: every county's task force in one directory.
    "full": Scale(organizations=5_000, people=50_000, services=20_000),
    # One regional task force, to show the query count per request does not depend on size.
    "small": Scale(organizations=50, people=500, services=200),
}


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str  # "{county}" is replaced with a county id from the database under test
    api: bool = False


SHELTER_FILTERS = (
    "category=emergency-housing&language=es&county={county}&population=minors&open_24_7=1"
)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("page: all services, page 1", "/directory/"),
    Scenario("page: all services, page 40", "/directory/?page=40"),
    Scenario("page: free text 'shelter youth'", "/directory/?q=shelter+youth"),
    Scenario("page: sector + language", "/directory/?sector=victim-services&language=es"),
    Scenario("page: shelter search (5 filters)", f"/directory/?{SHELTER_FILTERS}"),
    Scenario("page: organizations in a county", "/directory/?view=organizations&county={county}"),
    Scenario("api: services, page 1", "/api/v1/services", api=True),
    Scenario("api: shelter search (5 filters)", f"/api/v1/services?{SHELTER_FILTERS}", api=True),
    Scenario(
        "api: organizations, text + sector",
        "/api/v1/organizations?q=legal&sector=legal-services",
        api=True,
    ),
)


def default_database(scale: str) -> Path:
    return BENCH_DIR / f"directory-{scale}.sqlite3"


def describe_database(path: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return "DATABASE_URL (" + url.split("@")[-1] + ")"
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def database_environment(path: Path, *, use_database_url: bool = True) -> dict[str, str]:
    """Environment variables that point the project at the bench database `path`.

    With DATABASE_URL set (and allowed), that database is used instead of the SQLite file.
    """
    env = dict(os.environ)
    if not use_database_url:
        env.pop("DATABASE_URL", None)
    env["TASKFORCE_SQLITE_PATH"] = str(path)
    env.setdefault("TASKFORCE_ENV", "development")
    # Timings are for the production code path: no debug pages, no query log.
    env["TASKFORCE_DEBUG"] = "0"
    env.setdefault("TASKFORCE_LOG_LEVEL", "WARNING")
    # Static files are not collected for the benchmark; WhiteNoise's warning about it is noise.
    env.setdefault("PYTHONWARNINGS", "ignore:No directory at")
    env["DJANGO_SETTINGS_MODULE"] = "taskforce.settings"
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    return env


def configure(path: Path, *, use_database_url: bool = True) -> None:
    """Point this process at the bench database and set Django up."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not use_database_url:
        os.environ.pop("DATABASE_URL", None)
    os.environ.update(database_environment(path, use_database_url=use_database_url))
    src = str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    import django

    django.setup()


class BulkWriter:
    """Rows written with bulk_create in batches, counted per label for the generator's summary."""

    def __init__(self, batch: int = 5_000) -> None:
        self.batch = batch
        self.counts: dict[str, int] = {}

    def __call__(self, model: Any, rows: Sequence[Any], label: str) -> list[Any]:
        created: list[Any] = []
        for start in range(0, len(rows), self.batch):
            created.extend(model.objects.bulk_create(rows[start : start + self.batch]))
        self.counts[label] = self.counts.get(label, 0) + len(rows)
        return created


def write_members(
    write: BulkWriter, organizations: int, people: int, joined_on: datetime.date, *, emails: bool
) -> tuple[list[Any], list[Any]]:
    """Member organizations and voting members spread across them (with e-mail addresses when
    the benchmark sends mail)."""
    from taskforce.directory.models import MembershipStatus, MembershipType, Organization, Person

    created_organizations = write(
        Organization,
        [
            Organization(
                name=f"Bench Member Organization {n:04d}",
                membership_status=MembershipStatus.ACTIVE,
                joined_on=joined_on,
            )
            for n in range(organizations)
        ],
        "organizations",
    )
    created_people = write(
        Person,
        [
            Person(
                first_name=f"Member{n:05d}",
                last_name=f"Bench{n % 97:02d}",
                organization=created_organizations[n % len(created_organizations)],
                membership_type=MembershipType.VOTING,
                email=f"member{n:05d}@bench.example.org" if emails else "",
            )
            for n in range(people)
        ],
        "people",
    )
    return created_organizations, created_people


def generator_main(
    argv: list[str] | None,
    *,
    doc: str,
    scales: Collection[str],
    kind: str,
    ensure: Callable[..., None],
    default: Callable[[str], Path],
) -> int:
    """The command line of a data generator: --scale, --db and --rebuild."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(scales), default="full")
    parser.add_argument(
        "--db",
        type=Path,
        help=f"SQLite file (default var/bench/{kind}-<scale>.sqlite3); DATABASE_URL wins",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="delete the SQLite file and generate it again"
    )
    args = parser.parse_args(argv)
    ensure(args.scale, args.db or default(args.scale), rebuild=args.rebuild)
    return 0
