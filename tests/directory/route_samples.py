"""URL arguments for this app's routes with parameters (see tests/security/route_samples.py)."""

from __future__ import annotations

from taskforce.directory.models import OrganizationContact, Service, ServiceCategory
from tests.personas import Personas
from tests.security.route_samples import RouteSample


def _police_service(p: Personas) -> dict[str, int]:
    service, _ = Service.objects.get_or_create(
        organization=p.police,
        name="Victim liaison",
        defaults={"category": ServiceCategory.objects.get(code="case-management")},
    )
    return {"pk": service.pk}


def _police_contact(p: Personas) -> dict[str, int]:
    contact, _ = OrganizationContact.objects.get_or_create(
        organization=p.police,
        name="Watch commander",
        defaults={"phone": "555-0100", "is_on_call_24_7": True},
    )
    return {"pk": contact.pk}


def _police(p: Personas) -> dict[str, int]:
    return {"pk": p.police.pk}


SAMPLES: dict[str, RouteSample] = {
    "directory:import-template": lambda p: {"kind": "organizations"},
    "directory:export": lambda p: {"kind": "people"},
    "directory:organization-detail": _police,
    "directory:organization-edit": _police,
    "directory:organization-status": _police,
    "directory:contact-create": _police,
    "directory:service-create": _police,
    "directory:contact-edit": _police_contact,
    "directory:contact-delete": _police_contact,
    "directory:service-detail": _police_service,
    "directory:service-edit": _police_service,
    "directory:service-capacity": _police_service,
    "directory:person-detail": lambda p: {"pk": p.detective.person.pk},
    "directory:person-edit": lambda p: {"pk": p.detective.person.pk},
}
NOT_CALLABLE: dict[str, str] = {}
