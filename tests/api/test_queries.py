"""List operations fetch related rows in a fixed number of queries, however many rows there are."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taskforce.directory.models import (
    Expertise,
    ExpertiseArea,
    Language,
    MembershipType,
    Person,
    Population,
)
from tests.api.support import ApiClient
from tests.directory import factories
from tests.personas import Personas


def _grow(personas: Personas, start: int, count: int) -> None:
    """More organizations, each with vocabularies, contacts, services and people."""
    spanish = Language.objects.get(code="es")
    minors = Population.objects.get(code="minors")
    area = ExpertiseArea.objects.get(code="outreach")
    for number in range(start, start + count):
        org = factories.organization(f"Org {number:03}", sectors=("victim-services", "health"))
        org.languages.add(spanish)
        org.populations_served.add(minors)
        org.counties_served.add(personas.county)
        factories.on_call(org)
        factories.shelter(org, personas.county, f"Shelter {number:03}")
        person = Person.objects.create(
            first_name="Staff",
            last_name=f"Member {number:03}",
            organization=org,
            preferred_language=spanish,
            membership_type=MembershipType.VOTING,
        )
        Expertise.objects.create(person=person, area=area, years=number % 30)


def _queries(client: ApiClient, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["items"])


@pytest.mark.parametrize(
    "url",
    [
        lambda p: "/api/v1/organizations",
        lambda p: "/api/v1/services",
        lambda p: "/api/v1/people",
        lambda p: f"/api/v1/organizations/{p.safe_harbor.pk}/services",
    ],
    ids=["organizations", "services", "people", "organization-services"],
)
@pytest.mark.parametrize("mode", ["session", "token"])
def test_list_queries_do_not_grow_with_the_rows(
    personas, client_for, token_for, url: Callable[[Personas], str], mode: str
) -> None:
    client = (
        ApiClient(client_for("coordinator"))
        if mode == "session"
        else ApiClient(client_for("anonymous"), token_for("coordinator"))
    )
    for number in range(3):
        factories.shelter(personas.safe_harbor, personas.county, f"Safe Harbor shelter {number}")
    _grow(personas, 0, 2)
    # The first request also does once-per-session work (session start, token last-used time).
    _queries(client, url(personas))
    few, few_rows = _queries(client, url(personas))
    _grow(personas, 2, 12)
    for number in range(3, 10):
        factories.shelter(personas.safe_harbor, personas.county, f"Safe Harbor shelter {number}")
    many, many_rows = _queries(client, url(personas))
    assert many_rows > few_rows
    assert many == few, f"{few} queries for {few_rows} rows, {many} for {many_rows}"
