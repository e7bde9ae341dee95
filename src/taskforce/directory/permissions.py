"""Who may change which part of the directory.

Coordinators keep the whole directory. Members keep their own organization's details, services
and capacity up to date (they know tonight's bed count; the coordinator does not), and their own
entry in the people list. Visitors change nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from taskforce.core.access import COORDINATOR, MEMBER
from taskforce.directory.models import Organization, Person


def person_of(user: Any) -> Person | None:
    """The directory entry linked to an account, if any (cached on the user by Django)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        person: Person = user.person
    except ObjectDoesNotExist:
        return None
    return person


def organization_id_of(user: Any) -> int | None:
    person = person_of(user)
    return person.organization_id if person is not None else None


def can_manage_directory(user: Any) -> bool:
    return COORDINATOR.allows(user)


def can_edit_organization(user: Any, organization: Organization) -> bool:
    if can_manage_directory(user):
        return True
    if not MEMBER.allows(user):
        return False
    own = organization_id_of(user)
    return own is not None and own == organization.pk


def can_view_people(user: Any) -> bool:
    return MEMBER.allows(user)


def can_export(user: Any) -> bool:
    return MEMBER.allows(user)


def is_own_entry(user: Any, person: Person) -> bool:
    own = person_of(user)
    return own is not None and own.pk == person.pk


def can_edit_person(user: Any, person: Person) -> bool:
    if can_manage_directory(user):
        return True
    return MEMBER.allows(user) and is_own_entry(user, person)
