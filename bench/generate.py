"""Generate a statewide-scale member directory for the benchmarks.

    python bench/generate.py                 # 5,000 organizations, 50,000 people, 20,000 services
    python bench/generate.py --scale small   # 50 / 500 / 200, for comparing query counts
    python bench/generate.py --rebuild       # delete the SQLite file and generate it again

The data goes into its own SQLite file under var/bench/ (never the development database), or into
the database named by DATABASE_URL, which must then be empty. Rows are written with bulk_create in
one transaction, so the full scale takes well under a minute. Everything is generated from a fixed
seed: two runs produce the same directory. All names are invented.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import benchlib
import loadtest

T = TypeVar("T")

BATCH = 2_000
FIRST_COUNTY = 1  # the county the benchmark's county filters use


@dataclass(frozen=True)
class Kind:
    """A kind of member organization: what it is called, its sectors, level and services."""

    label: str
    sectors: tuple[str, ...]
    level: str
    categories: tuple[str, ...]
    weight: int


KINDS: tuple[Kind, ...] = (
    Kind("Police Department", ("local-law-enforcement",), "local", ("case-management",), 8),
    Kind("Sheriff's Office", ("local-law-enforcement",), "county", ("case-management",), 3),
    Kind("District Attorney", ("local-prosecution",), "county", ("legal-criminal",), 3),
    Kind(
        "Survivor Services",
        ("victim-services",),
        "non-governmental",
        (
            "case-management",
            "emergency-housing",
            "safety-planning",
            "long-term-housing",
            "financial",
        ),
        14,
    ),
    Kind(
        "Youth Shelter",
        ("victim-services", "homeless-advocates"),
        "non-governmental",
        ("emergency-housing", "case-management", "basic-needs"),
        6,
    ),
    Kind(
        "Legal Aid",
        ("legal-services",),
        "non-governmental",
        ("legal-civil", "legal-immigration", "identification"),
        7,
    ),
    Kind("Community Health Center", ("health-care",), "non-governmental", ("medical", "dental"), 6),
    Kind("Behavioral Health", ("mental-health",), "county", ("mental-health", "substance-use"), 5),
    Kind(
        "Workers' Center", ("labor-rights",), "non-governmental", ("employment", "legal-civil"), 4
    ),
    Kind(
        "Family Services",
        ("child-welfare",),
        "county",
        ("case-management", "family-reunification", "child-care"),
        4,
    ),
    Kind("Unified School District", ("educators",), "local", ("education",), 5),
    Kind(
        "Mission Shelter",
        ("faith-based",),
        "non-governmental",
        ("emergency-housing", "basic-needs"),
        5,
    ),
    Kind(
        "Language Access Cooperative",
        ("social-activists",),
        "non-governmental",
        ("interpretation", "transportation"),
        3,
    ),
    Kind("Survivor Collective", ("survivors",), "non-governmental", ("case-management",), 3),
    Kind("Public Defender", ("defense-attorneys",), "county", ("legal-criminal",), 2),
    Kind("Juvenile Probation", ("juvenile-justice",), "county", ("case-management",), 2),
    Kind("Lodging Association", ("private-sector",), "private", ("education",), 2),
    Kind("University Research Center", ("researchers",), "state", ("education",), 2),
    Kind("LGBTQ+ Center", ("lgbtq-advocates",), "non-governmental", ("emergency-housing",), 3),
    Kind("Federal Task Force Office", ("federal-law-enforcement",), "federal", (), 1),
    Kind("Tribal Family Services", ("child-welfare",), "tribal", ("case-management",), 1),
)

_START = ("Ash", "Birch", "Cedar", "Elm", "Fir", "Hazel", "Oak", "Pine", "Wil", "Lark", "Wren")
_END = ("brook", "field", "ford", "haven", "mont", "ridge", "vale", "wood", "port", "crest")
FIRST_NAMES = (
    "Ada", "Ben", "Carla", "Dev", "Elena", "Farah", "Gus", "Hana", "Ines", "Jon", "Kofi", "Lena",
    "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Thu", "Uma", "Vera", "Wes", "Yuki",
)  # fmt: skip
LAST_NAMES = (
    "Ashgrove", "Brightcove", "Cloudfield", "Dunmore", "Everly", "Fernsby", "Grainwell",
    "Hearthstone", "Inkwood", "Kettleby", "Larkfield", "Mossgrove", "Nettlefield", "Oakhaven",
    "Quillon", "Riverstone", "Stormlark", "Tidemark", "Vinewood", "Windlass",
)  # fmt: skip
TITLES = (
    "Detective", "Case Manager", "Attorney", "Advocate", "Program Director", "Nurse",
    "Social Worker", "Organizer", "Counselor", "Investigator", "Coordinator", "Researcher",
)  # fmt: skip
SECOND_LANGUAGES = ("es", "es", "es", "zh", "vi", "tl", "ko", "ar", "ru", "pa", "mam", "hmn")


def _batches(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _weighted_kinds(rng: random.Random, count: int) -> list[Kind]:
    return rng.choices(KINDS, weights=[kind.weight for kind in KINDS], k=count)


def generate(scale: benchlib.Scale, seed: int = 2026) -> dict[str, int]:
    """Fill an empty, migrated database with a directory of the given size.

    Returns the number of rows written per table.
    """
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from taskforce.directory.models import (
        County,
        Expertise,
        ExpertiseArea,
        Language,
        MembershipStatus,
        MembershipType,
        Organization,
        OrganizationContact,
        Person,
        Population,
        Sector,
        Service,
        ServiceCategory,
    )

    if Organization.objects.exists():
        raise SystemExit(
            "This database already holds a directory. Use --rebuild (SQLite) or an empty database."
        )
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    sectors = {row.code: row.pk for row in Sector.objects.all()}
    categories = {row.code: row.pk for row in ServiceCategory.objects.all()}
    languages = {row.code: row.pk for row in Language.objects.all()}
    populations = {row.code: row.pk for row in Population.objects.all()}
    areas = list(ExpertiseArea.objects.values_list("pk", flat=True))
    age = [populations["adults"], populations["minors"]]
    gender = [populations[c] for c in ("women", "men", "transgender-nonbinary")]
    trafficking = [populations["sex-trafficking"], populations["labor-trafficking"]]
    citizenship = [populations["us-citizens"], populations["foreign-nationals"]]
    category_ids = list(categories.values())
    seeded = min(max(3, scale.services // 500), scale.organizations)
    counts: dict[str, int] = {}

    def write(model: Any, rows: Sequence[Any], label: str) -> None:
        for chunk in _batches(rows):
            model.objects.bulk_create(chunk)
        counts[label] = counts.get(label, 0) + len(rows)

    def pick_populations() -> list[int]:
        chosen = {rng.choice(age), rng.choice(trafficking)}
        if rng.random() < 0.5:
            chosen.update(age)
        if rng.random() < 0.5:
            chosen.update(trafficking)
        chosen.update(rng.sample(gender, rng.randint(0, 3)))
        chosen.update(rng.sample(citizenship, rng.randint(0, 2)))
        return sorted(chosen)

    def pick_languages() -> list[int]:
        chosen = {languages["en"]}
        chosen.update(languages[c] for c in rng.sample(SECOND_LANGUAGES, rng.randint(0, 3)))
        return sorted(chosen)

    with transaction.atomic():
        # Explicit ids let the many-to-many rows be written without reading anything back.
        county_names = [f"{a}{b}" for a in _START for b in _END][:58]
        write(
            County,
            [County(pk=i, name=name, state="ZZ") for i, name in enumerate(county_names, 1)],
            "counties",
        )
        county_ids = list(range(1, len(county_names) + 1))
        towns = [f"{a}{b}" for b in _END for a in _START]

        organizations: list[Any] = []
        org_sectors: list[Any] = []
        org_counties: list[Any] = []
        org_languages: list[Any] = []
        org_populations: list[Any] = []
        contacts: list[Any] = []
        org_kinds = _weighted_kinds(rng, scale.organizations)
        org_counties_by_id: dict[int, list[int]] = {}
        statuses = [MembershipStatus.ACTIVE] * 17 + [
            MembershipStatus.INACTIVE,
            MembershipStatus.PROSPECTIVE,
            MembershipStatus.WITHDRAWN,
        ]
        for org_id, kind in enumerate(org_kinds, 1):
            town = rng.choice(towns)
            status = rng.choice(statuses)
            joined = today - datetime.timedelta(days=rng.randint(30, 3000))
            offered = ", ".join(kind.categories).replace("-", " ") or "investigations"
            organizations.append(
                Organization(
                    pk=org_id,
                    name=f"{town} {kind.label} {org_id:05d}",
                    acronym=f"{town[:2].upper()}{kind.label[0]}{org_id}",
                    jurisdiction_level=kind.level,
                    description=f"{kind.label} for {town} and nearby counties: {offered}.",
                    street_address=f"{rng.randint(1, 999)} {rng.choice(towns)} Street",
                    city=town,
                    state="ZZ",
                    postal_code=f"{rng.randint(10000, 99999)}",
                    website=f"https://org{org_id}.example.org/",
                    main_phone=f"(555) 555-01{org_id % 100:02d}",
                    membership_status=status,
                    joined_on=None if status == MembershipStatus.PROSPECTIVE else joined,
                    status_changed_on=joined,
                )
            )
            for code in kind.sectors:
                org_sectors.append(
                    Organization.sectors.through(organization_id=org_id, sector_id=sectors[code])
                )
            served = rng.sample(county_ids, rng.randint(1, 3))
            if org_id <= seeded and FIRST_COUNTY not in served:
                served[0] = FIRST_COUNTY
            org_counties_by_id[org_id] = served
            org_counties.extend(
                Organization.counties_served.through(organization_id=org_id, county_id=c)
                for c in served
            )
            org_languages.extend(
                Organization.languages.through(organization_id=org_id, language_id=lang)
                for lang in pick_languages()
            )
            org_populations.extend(
                Organization.populations_served.through(organization_id=org_id, population_id=p)
                for p in pick_populations()
            )
            for number in range(rng.randint(1, 2)):
                contacts.append(
                    OrganizationContact(
                        organization_id=org_id,
                        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        role="On-call" if number == 0 else "Intake",
                        phone=f"(555) 555-01{rng.randint(0, 99):02d}",
                        email=f"contact{number}@org{org_id}.example.org",
                        is_on_call_24_7=number == 0 and rng.random() < 0.4,
                    )
                )
        write(Organization, organizations, "organizations")
        write(Organization.sectors.through, org_sectors, "organization sectors")
        write(Organization.counties_served.through, org_counties, "organization counties")
        write(Organization.languages.through, org_languages, "organization languages")
        write(Organization.populations_served.through, org_populations, "organization populations")
        write(OrganizationContact, contacts, "contacts")

        people: list[Any] = []
        expertise: list[Any] = []
        language_ids = list(languages.values())
        for person_id in range(1, scale.people + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            people.append(
                Person(
                    pk=person_id,
                    first_name=first,
                    last_name=last,
                    title=rng.choice(TITLES),
                    organization_id=rng.randint(1, scale.organizations),
                    email=f"person{person_id}@people.example.org",
                    phone=f"(555) 555-01{person_id % 100:02d}",
                    preferred_language_id=rng.choice(language_ids),
                    membership_type=rng.choice(
                        [MembershipType.VOTING, MembershipType.VOTING, MembershipType.NON_VOTING]
                    ),
                    is_active=rng.random() < 0.97,
                )
            )
            expertise.extend(
                Expertise(person_id=person_id, area_id=area, years=rng.randint(1, 30))
                for area in rng.sample(areas, rng.randint(0, 2))
            )
        write(Person, people, "people")
        write(Expertise, expertise, "expertise")

        services: list[Any] = []
        service_populations: list[Any] = []
        service_languages: list[Any] = []
        service_counties: list[Any] = []
        for service_id in range(1, scale.services + 1):
            # The first services answer the shelter search in the first county, so every scenario
            # finds results at every scale and the query counts compare like with like.
            match = service_id <= seeded
            org_id = service_id if match else rng.randint(1, scale.organizations)
            kind = org_kinds[org_id - 1]
            category = (
                categories["emergency-housing"]
                if match
                else categories[rng.choice(kind.categories)]
                if kind.categories and rng.random() < 0.8
                else rng.choice(category_ids)
            )
            tracked = rng.random() < 0.6
            maximum = rng.randint(1, 40) if tracked else None
            is_24_7 = match or rng.random() < 0.25
            services.append(
                Service(
                    pk=service_id,
                    organization_id=org_id,
                    name=f"{kind.label} service {service_id}",
                    category_id=category,
                    description=(
                        f"Help from the {kind.label.lower()}: shelter referrals, youth and adult "
                        "advocacy, legal and medical accompaniment."
                        if rng.random() < 0.3
                        else f"Services offered by the {kind.label.lower()}."
                    ),
                    eligibility="Survivors referred by a task force member.",
                    hours="24/7" if is_24_7 else "Mon–Fri 9:00–17:00",
                    is_24_7=is_24_7,
                    capacity_available=rng.randint(0, maximum) if maximum else None,
                    capacity_maximum=maximum,
                    capacity_unit="beds" if tracked else "",
                    capacity_updated_at=(
                        now - datetime.timedelta(hours=rng.randint(1, 24 * 30)) if tracked else None
                    ),
                    is_active=match or rng.random() < 0.95,
                )
            )
            chosen_populations = set(pick_populations())
            chosen_languages = set(pick_languages())
            if match:
                chosen_populations.add(populations["minors"])
                chosen_languages.add(languages["es"])
            service_populations.extend(
                Service.populations.through(service_id=service_id, population_id=p)
                for p in sorted(chosen_populations)
            )
            service_languages.extend(
                Service.languages.through(service_id=service_id, language_id=lang)
                for lang in sorted(chosen_languages)
            )
            # A third of services name no counties and serve their organization's.
            if match or rng.random() < 0.66:
                area = FIRST_COUNTY if match else rng.choice(org_counties_by_id[org_id])
                service_counties.append(
                    Service.counties.through(service_id=service_id, county_id=area)
                )
        write(Service, services, "services")
        write(Service.populations.through, service_populations, "service populations")
        write(Service.languages.through, service_languages, "service languages")
        write(Service.counties.through, service_counties, "service counties")

        # Explicit ids leave PostgreSQL's sequences behind; move them past the rows written.
        reset = connection.ops.sequence_reset_sql(
            no_style(), [County, Organization, OrganizationContact, Person, Expertise, Service]
        )
        with connection.cursor() as cursor:
            for statement in reset:
                cursor.execute(statement)
    return counts


def ensure_database(scale_name: str, path: Path, *, rebuild: bool = False) -> None:
    """Create the bench database for a scale unless it already exists."""
    scale = benchlib.SCALES[scale_name]

    def existing() -> int:
        from taskforce.directory.models import Organization

        return int(Organization.objects.count())

    loadtest.ensure_database(
        path,
        rebuild=rebuild,
        what=f"{scale_name} bench directory",
        existing=existing,
        expected=scale.organizations,
        generate=lambda: generate(scale),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(benchlib.SCALES), default="full")
    parser.add_argument(
        "--db",
        type=Path,
        help="SQLite file (default var/bench/directory-<scale>.sqlite3); DATABASE_URL wins",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="delete the SQLite file and generate it again"
    )
    args = parser.parse_args(argv)
    ensure_database(
        args.scale, args.db or benchlib.default_database(args.scale), rebuild=args.rebuild
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
