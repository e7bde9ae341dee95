"""Who may see and run which body.

Every member of the task force sees the list of bodies and, for open bodies, their meetings,
agendas and adopted minutes. A closed body (a law-enforcement committee, say) shows its business
only to its own members. Visitors see only the bodies that seat them (as observers, usually).
Officers (chair, co-chair, co-facilitator, secretary) run their body's meetings; coordinators may
run the meetings of any body whose business they can see. Coordinators keep the bodies themselves.

A user's current seats are read once and kept on the user object for the rest of the request.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from taskforce.core.access import COORDINATOR, MEMBER
from taskforce.directory.permissions import person_of
from taskforce.governance.models import OFFICER_POSITIONS, Body, BodyMembership

_SEATS_CACHE = "_taskforce_body_seats"


def current_seats(user: Any, on: datetime.date | None = None) -> dict[int, set[str]]:
    """{body id: positions} the user's directory entry holds on a day (today by default)."""
    person = person_of(user)
    if person is None:
        return {}
    if on is None:
        cached = getattr(user, _SEATS_CACHE, None)
        if cached is not None:
            return cached
    seats: dict[int, set[str]] = {}
    rows = (
        BodyMembership.objects.current(on).filter(person=person).values_list("body_id", "position")
    )
    for body_id, position in rows:
        seats.setdefault(body_id, set()).add(position)
    if on is None:
        setattr(user, _SEATS_CACHE, seats)
    return seats


def forget_seats(user: Any) -> None:
    """Drop the cached seats after a change to the user's own memberships."""
    if hasattr(user, _SEATS_CACHE):
        delattr(user, _SEATS_CACHE)


def can_manage_bodies(user: Any) -> bool:
    return COORDINATOR.allows(user)


def is_body_member(user: Any, body: Body) -> bool:
    return body.pk in current_seats(user)


def is_body_officer(user: Any, body: Body) -> bool:
    return bool(current_seats(user).get(body.pk, set()) & OFFICER_POSITIONS)


def can_see_body(user: Any, body: Body) -> bool:
    return MEMBER.allows(user) or is_body_member(user, body)


def can_see_body_business(user: Any, body: Body) -> bool:
    """Meetings, agendas, adopted minutes and action items of the body."""
    if is_body_member(user, body):
        return True
    return MEMBER.allows(user) and not body.is_closed


def can_run_body_meetings(user: Any, body: Body) -> bool:
    if not MEMBER.allows(user):
        return False
    return is_body_officer(user, body) or (
        COORDINATOR.allows(user) and can_see_body_business(user, body)
    )


def runs_any_body(user: Any) -> bool:
    """Whether the user runs the meetings of some body: a coordinator, or an officer anywhere.

    A cheap first question before looking body by body."""
    if not MEMBER.allows(user):
        return False
    if COORDINATOR.allows(user):
        return True
    return any(positions & OFFICER_POSITIONS for positions in current_seats(user).values())


def visible_bodies_q(user: Any, prefix: str = "") -> Q:
    """A filter for rows whose body (reached through `prefix`) the user may see."""
    seated = Q(**{f"{prefix}pk__in": list(current_seats(user))})
    return Q(**{f"{prefix}pk__isnull": False}) if MEMBER.allows(user) else seated


def business_visible_q(user: Any, prefix: str = "") -> Q:
    """A filter for rows whose body's business (reached through `prefix`) the user may see."""
    seated = Q(**{f"{prefix}pk__in": list(current_seats(user))})
    if MEMBER.allows(user):
        return seated | Q(**{f"{prefix}is_closed": False})
    return seated


def today() -> datetime.date:
    return timezone.localdate()
