"""Commitments compared with the capacity organizations list in the directory."""

from __future__ import annotations

from typing import Any

import pytest

from taskforce.agreements import selectors
from taskforce.agreements.capacity import Promise, capacity_warning
from taskforce.agreements.models import Commitment
from taskforce.directory.models import Service
from taskforce.directory.selectors import ListedCapacity
from tests.agreements import factories

SHELTER = 7
LEGAL = 8
HARBOR = 1
OTHER = 2


def _promise(**overrides: Any) -> Promise:
    values: dict[str, Any] = {
        "organization_id": HARBOR,
        "category_id": SHELTER,
        "category": "Emergency housing",
        "quantity": 4,
        "unit": "beds",
        "around_the_clock": False,
    }
    return Promise(**(values | overrides))


def _listed(
    maximum: int | None,
    unit: str = "beds",
    *,
    organization_id: int = HARBOR,
    category_id: int = SHELTER,
    around_the_clock: bool = False,
) -> ListedCapacity:
    return ListedCapacity(organization_id, category_id, "Shelter", maximum, unit, around_the_clock)


@pytest.mark.parametrize(
    ("promise", "listed", "warning"),
    [
        pytest.param(_promise(category_id=None), [], "", id="no category: nothing to compare"),
        pytest.param(
            _promise(),
            [],
            "The directory lists no active emergency housing service for it.",
            id="no service in the category",
        ),
        pytest.param(
            _promise(),
            [_listed(10, category_id=LEGAL), _listed(10, organization_id=OTHER)],
            "The directory lists no active emergency housing service for it.",
            id="services elsewhere do not count",
        ),
        pytest.param(_promise(), [_listed(4)], "", id="exactly within capacity"),
        pytest.param(
            _promise(), [_listed(2), _listed(2)], "", id="within capacity of two services"
        ),
        pytest.param(
            _promise(),
            [_listed(2), _listed(1, "Bed")],
            "Commits 4 beds; the directory lists 3.",
            id="over capacity (unit spelled otherwise)",
        ),
        pytest.param(
            _promise(),
            [_listed(1, "clients")],
            "",
            id="unit mismatch ignored",
        ),
        pytest.param(
            _promise(),
            [_listed(1, "clients"), _listed(2, "")],
            "Commits 4 beds; the directory lists 2.",
            id="a service stating no unit counts",
        ),
        pytest.param(
            _promise(unit=""),
            [_listed(3, "rooms")],
            "Commits 4 places; the directory lists 3.",
            id="a promise stating no unit counts every service",
        ),
        pytest.param(_promise(), [_listed(None)], "", id="no capacity listed"),
        pytest.param(_promise(quantity=None), [_listed(1)], "", id="no quantity promised"),
        pytest.param(
            _promise(around_the_clock=True),
            [_listed(10)],
            "Promised 24/7, but none of its emergency housing services is open 24/7.",
            id="24/7 promise without a 24/7 service",
        ),
        pytest.param(
            _promise(around_the_clock=True, quantity=None),
            [_listed(10), _listed(None, around_the_clock=True)],
            "",
            id="24/7 promise with a 24/7 service",
        ),
        pytest.param(
            _promise(around_the_clock=True),
            [_listed(1, around_the_clock=True)],
            "Commits 4 beds; the directory lists 1.",
            id="24/7 service, but over capacity",
        ),
    ],
)
def test_capacity_warning(promise, listed, warning):
    assert capacity_warning(promise, listed) == warning


# --- With the directory's rows -------------------------------------------------------------------


@pytest.mark.django_db
def test_commitments_are_compared_with_the_directory(personas):
    _, version = factories.effective(personas)
    shelter = Commitment.objects.get(version=version, organization=personas.safe_harbor)
    category = shelter.service_category
    assert category is not None

    def warnings() -> dict[str, str]:
        found = selectors.capacity_warnings(selectors.commitments_of(version))
        return {
            commitment.description: found[commitment.pk]
            for commitment in selectors.commitments_of(version)
        }

    assert warnings() == {
        "Assigns one full-time investigator": "",  # no category named
        "Emergency shelter for adult victims": (
            f"The directory lists no active {category.name.lower()} service for it."
        ),
    }
    service = Service.objects.create(
        organization=personas.safe_harbor,
        name="Harbor House",
        category=category,
        capacity_maximum=2,
        capacity_available=1,
        capacity_unit="beds",
        is_24_7=True,
    )
    assert warnings()["Emergency shelter for adult victims"] == (
        "Commits 4 beds; the directory lists 2."
    )
    rows = selectors.responsibility_matrix(personas.coordinator)
    harbor = next(row for row in rows if row.organization == personas.safe_harbor)
    assert harbor.warnings == 1
    service.capacity_maximum = 6
    service.save()
    assert warnings()["Emergency shelter for adult victims"] == ""
    # An inactive service is not capacity.
    service.is_active = False
    service.save()
    assert warnings()["Emergency shelter for adult victims"].startswith("The directory lists no")


@pytest.mark.django_db
def test_available_places_count_where_no_maximum_is_listed(personas):
    _, version = factories.final(personas)
    commitments = selectors.commitments_of(version)
    shelter = next(c for c in commitments if c.organization_id == personas.safe_harbor.pk)
    Service.objects.create(
        organization=personas.safe_harbor,
        name="Night shelter",
        category=shelter.service_category,
        capacity_available=3,
        capacity_unit="beds",
        is_24_7=True,
    )
    assert selectors.capacity_warnings(commitments)[shelter.pk] == (
        "Commits 4 beds; the directory lists 3."
    )
