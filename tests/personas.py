"""The personas every test reuses (DESIGN §7).

Three member organizations and a non-member: a police department (the detective), a district
attorney's office (the prosecutor), a victim-service NGO (the victim-services coordinator) and a
second NGO (the advocate, who is on no case). The group leader is a police lieutenant with the
coordinator role; the administrator keeps accounts; the visitor has a visitor account.
Everyone except the visitor and the anonymous client has a confirmed authenticator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyotp
from django.utils import timezone

from taskforce.accounts.models import Role, TwoFactorDevice, User
from taskforce.directory.models import (
    County,
    JurisdictionLevel,
    MembershipStatus,
    MembershipType,
    Organization,
    Person,
    Sector,
)

PASSWORD = "correct horse battery staple"

PERSONA_NAMES = (
    "administrator",
    "leader",
    "coordinator",
    "detective",
    "prosecutor",
    "advocate",
    "visitor",
    "anonymous",
)


@dataclass
class Personas:
    administrator: User
    leader: User
    coordinator: User
    detective: User
    prosecutor: User
    advocate: User
    visitor: User
    police: Organization
    district_attorney: Organization
    safe_harbor: Organization
    new_dawn: Organization
    county: County
    totp_secrets: dict[str, str] = field(default_factory=dict)

    def user(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)

    def totp(self, name: str) -> str:
        return pyotp.TOTP(self.totp_secrets[name]).now()


def _organization(name: str, acronym: str, sector: str, level: str, county: County) -> Organization:
    org = Organization.objects.create(
        name=name,
        acronym=acronym,
        jurisdiction_level=level,
        membership_status=MembershipStatus.ACTIVE,
        joined_on=timezone.localdate().replace(year=timezone.localdate().year - 2),
    )
    org.sectors.add(Sector.objects.get(code=sector))
    org.counties_served.add(county)
    return org


def _user(
    username: str,
    first: str,
    last: str,
    role: str,
    organization: Organization | None,
    *,
    membership: str = MembershipType.VOTING,
    two_factor: bool = True,
    secrets: dict[str, str],
    persona: str,
) -> User:
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=first,
        last_name=last,
        role=role,
    )
    Person.objects.create(
        first_name=first,
        last_name=last,
        organization=organization,
        email=user.email,
        membership_type=membership,
        user=user,
    )
    if two_factor:
        secret = pyotp.random_base32()
        TwoFactorDevice.objects.create(user=user, secret=secret, confirmed_at=timezone.now())
        secrets[persona] = secret
    return user


def build_personas() -> Personas:
    county, _ = County.objects.get_or_create(name="Harbor", state="CA")
    police = _organization(
        "Harbor City Police Department",
        "HCPD",
        "local-law-enforcement",
        JurisdictionLevel.LOCAL,
        county,
    )
    district_attorney = _organization(
        "Harbor County District Attorney",
        "HCDA",
        "local-prosecution",
        JurisdictionLevel.COUNTY,
        county,
    )
    safe_harbor = _organization(
        "Safe Harbor Alliance", "SHA", "victim-services", JurisdictionLevel.NON_GOVERNMENTAL, county
    )
    new_dawn = _organization(
        "New Dawn Outreach", "NDO", "victim-services", JurisdictionLevel.NON_GOVERNMENTAL, county
    )
    secrets: dict[str, str] = {}
    common: dict[str, Any] = {"secrets": secrets}
    return Personas(
        administrator=_user(
            "admin", "Ada", "Admin", Role.ADMINISTRATOR, None, persona="administrator", **common
        ),
        leader=_user(
            "leader", "Lena", "Leader", Role.COORDINATOR, police, persona="leader", **common
        ),
        coordinator=_user(
            "vscoord",
            "Vera",
            "Santos",
            Role.COORDINATOR,
            safe_harbor,
            persona="coordinator",
            **common,
        ),
        detective=_user(
            "detective", "Dan", "Reyes", Role.MEMBER, police, persona="detective", **common
        ),
        prosecutor=_user(
            "prosecutor",
            "Priya",
            "Nair",
            Role.MEMBER,
            district_attorney,
            persona="prosecutor",
            **common,
        ),
        advocate=_user(
            "advocate", "Ana", "Lopez", Role.MEMBER, new_dawn, persona="advocate", **common
        ),
        visitor=_user(
            "visitor",
            "Victor",
            "Guest",
            Role.VISITOR,
            None,
            membership=MembershipType.VISITOR,
            two_factor=False,
            persona="visitor",
            **common,
        ),
        police=police,
        district_attorney=district_attorney,
        safe_harbor=safe_harbor,
        new_dawn=new_dawn,
        county=county,
        totp_secrets=secrets,
    )
