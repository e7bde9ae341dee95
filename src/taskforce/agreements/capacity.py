"""Does a commitment promise more than the organization lists in the directory?

A commitment that names a service category and a quantity is compared with the organization's
active services in that category: their listed capacity (the maximum, or what is available where no
maximum is listed), counting services whose unit matches the commitment's or states none. A promise
of 24/7 availability needs a service open 24/7. Pure functions over `directory.selectors`' rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from taskforce.directory.selectors import ListedCapacity


@dataclass(frozen=True)
class Promise:
    organization_id: int
    category_id: int | None
    category: str
    quantity: int | None
    unit: str
    around_the_clock: bool


def _same_unit(one: str, other: str) -> bool:
    def norm(unit: str) -> str:
        unit = unit.strip().casefold()
        return unit[:-1] if unit.endswith("s") else unit

    return not one.strip() or not other.strip() or norm(one) == norm(other)


def capacity_warning(promise: Promise, listed: Iterable[ListedCapacity]) -> str:
    """A plain sentence when the promise exceeds what the directory lists, else ""."""
    if promise.category_id is None:
        return ""
    services = [
        row
        for row in listed
        if row.organization_id == promise.organization_id and row.category_id == promise.category_id
    ]
    if not services:
        return f"The directory lists no active {promise.category.lower()} service for it."
    if promise.around_the_clock and not any(row.is_24_7 for row in services):
        return f"Promised 24/7, but none of its {promise.category.lower()} services is open 24/7."
    if promise.quantity is None:
        return ""
    matching = [row for row in services if _same_unit(row.unit, promise.unit)]
    counted = [row.maximum for row in matching if row.maximum is not None]
    if not counted:
        return ""
    total = sum(counted)
    if promise.quantity > total:
        unit = promise.unit or "places"
        return f"Commits {promise.quantity} {unit}; the directory lists {total}."
    return ""
