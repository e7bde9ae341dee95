"""Small builders for directory test data."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import apps as django_apps
from django.utils import timezone

from taskforce.directory.models import (
    County,
    JurisdictionLevel,
    Language,
    MembershipStatus,
    Organization,
    OrganizationContact,
    Population,
    Sector,
    Service,
    ServiceCategory,
)


def organization(name: str, *, sectors: tuple[str, ...] = (), **fields: Any) -> Organization:
    fields.setdefault("jurisdiction_level", JurisdictionLevel.NON_GOVERNMENTAL)
    fields.setdefault("membership_status", MembershipStatus.ACTIVE)
    org = Organization.objects.create(name=name, **fields)
    org.sectors.set(Sector.objects.filter(code__in=sectors))
    return org


def service(
    org: Organization,
    name: str,
    *,
    category: str = "emergency-housing",
    languages: tuple[str, ...] = (),
    populations: tuple[str, ...] = (),
    counties: tuple[County, ...] = (),
    updated_days_ago: float | None = 1,
    **fields: Any,
) -> Service:
    if updated_days_ago is not None:
        fields.setdefault("capacity_updated_at", timezone.now() - timedelta(days=updated_days_ago))
    created = Service.objects.create(
        organization=org,
        name=name,
        category=ServiceCategory.objects.get(code=category),
        **fields,
    )
    created.languages.set(Language.objects.filter(code__in=languages))
    created.populations.set(Population.objects.filter(code__in=populations))
    created.counties.set(counties)
    return created


def on_call(org: Organization, phone: str = "555-0199") -> OrganizationContact:
    return OrganizationContact.objects.create(
        organization=org, name="Hotline", role="On-call", phone=phone, is_on_call_24_7=True
    )


def shelter(
    org: Organization, county: County, name: str = "Youth shelter", **overrides: Any
) -> Service:
    """A 24/7 Spanish-speaking shelter for minors with beds free: the search's answer."""
    values: dict[str, Any] = {
        "languages": ("es", "en"),
        "populations": ("minors",),
        "counties": (county,),
        "is_24_7": True,
        "capacity_available": 3,
        "capacity_maximum": 8,
        "capacity_unit": "beds",
        "updated_days_ago": 3,
    }
    values.update(overrides)
    return service(org, name, **values)


@dataclass
class ShelterWorld:
    county: County
    other_county: County
    answer: Service
    decoys: dict[str, Service]


def build_shelter_world(personas) -> ShelterWorld:
    """One service answers "Spanish-speaking minor, tonight, in Harbor County"; each decoy fails
    exactly one of those conditions."""
    county = personas.county
    other = County.objects.create(name="Bay", state="CA")
    on_call(personas.safe_harbor, phone="555-0142")
    answer = shelter(personas.safe_harbor, county, "Casa Segura youth shelter")
    new_dawn = personas.new_dawn
    decoys = {
        "english-only": shelter(new_dawn, county, "English-only shelter", languages=("en",)),
        "adults": shelter(new_dawn, county, "Adult shelter", populations=("adults",)),
        "daytime": shelter(
            new_dawn, county, "Daytime shelter", is_24_7=False, hours="Mon–Fri 9–17"
        ),
        "other-county": shelter(new_dawn, other, "Bay shelter"),
        "full": shelter(new_dawn, county, "Full shelter", capacity_available=0),
        "inactive": shelter(new_dawn, county, "Closed shelter", is_active=False),
        "legal": shelter(new_dawn, county, "Immigration clinic", category="legal-immigration"),
    }
    return ShelterWorld(county, other, answer, decoys)


def ensure_vocabularies() -> None:
    """Reload the seeded vocabularies when a flushed test database has lost them.

    Browser tests run against a live server, so their database is emptied after each test and
    the vocabularies that migration 0002 seeds must come back for the next one.
    """
    if Sector.objects.exists():
        return
    seed = importlib.import_module("taskforce.directory.migrations.0002_seed_vocabularies")
    seed.load(django_apps, None)
