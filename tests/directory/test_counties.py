"""Coordinators set up the counties of their area; nobody else may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from taskforce.core.models import AuditEvent
from taskforce.directory.models import County

COUNTIES = reverse("directory:counties")


def test_coordinator_adds_a_states_counties_in_one_go(client_for, personas) -> None:
    client = client_for("leader")
    response = client.post(
        COUNTIES, {"state": "or", "names": "Multnomah\n\n  Lane County \nMarion"}, follow=True
    )
    assert "Added 3 counties." in response.content.decode()
    assert sorted(County.objects.filter(state="OR").values_list("name", flat=True)) == [
        "Lane",
        "Marion",
        "Multnomah",
    ]
    event = AuditEvent.objects.get(action="directory.counties.added")
    assert event.actor == personas.leader
    assert event.changes == {"state": "OR", "counties": ["Multnomah", "Lane", "Marion"]}
    page = client.get(COUNTIES).content.decode()
    assert "Lane County, OR" in page


def test_bad_or_repeated_names_are_reported_and_nothing_is_added(client_for, personas) -> None:
    County.objects.create(name="Lane", state="OR")
    client = client_for("leader")
    response = client.post(COUNTIES, {"state": "OR", "names": "Marion\nlane\nMarion"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Line 3: Marion is listed twice." in html
    response = client.post(COUNTIES, {"state": "OR", "names": "Marion\nlane"})
    assert response.status_code == 400
    assert "lane County, OR is already in the directory." in response.content.decode()
    response = client.post(COUNTIES, {"state": "Oregon", "names": "Marion"})
    assert response.status_code == 400
    assert "two-letter state code" in response.content.decode()
    assert list(County.objects.filter(state="OR").values_list("name", flat=True)) == ["Lane"]
    assert not AuditEvent.objects.filter(action="directory.counties.added").exists()


@pytest.mark.parametrize("name", ["detective", "advocate", "visitor"])
def test_only_coordinators_manage_counties(client_for, personas, name) -> None:
    client = client_for(name)
    assert client.get(COUNTIES).status_code == 403
    assert client.post(COUNTIES, {"state": "OR", "names": "Lane"}).status_code == 403
    assert not County.objects.filter(state="OR").exists()
