"""The demo task force's contents: its directory, logins, charter, and the codes it prints.

The demo is built once for the module (tests/demo/conftest.py) and rolled back at the end.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from io import StringIO

import pyotp
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from taskforce.accounts.models import Role, TwoFactorDevice, User
from taskforce.core.audit import verify_chain
from taskforce.core.models import AuditEvent, SiteSettings
from taskforce.demo import data
from taskforce.demo.build import DatabaseState, database_state
from taskforce.directory.models import (
    County,
    MembershipStatus,
    Organization,
    OrganizationContact,
    Person,
    Sector,
    Service,
)
from taskforce.directory.selectors import (
    DirectoryFilters,
    capacity_is_stale,
    search_services,
    sector_coverage,
)
from taskforce.governance.models import Charter, LeadershipRole, LeadershipRoleAssignment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("built_demo")]

EXPECTED_ROLES = {
    "admin": Role.ADMINISTRATOR,
    "leader": Role.COORDINATOR,
    "vscoord": Role.COORDINATOR,
    "detective": Role.MEMBER,
    "prosecutor": Role.MEMBER,
    "advocate": Role.MEMBER,
    "visitor": Role.VISITOR,
}


def _sectors_of(user: User) -> set[str]:
    return set(user.person.organization.sectors.values_list("code", flat=True))


def _shelter_filters() -> DirectoryFilters:
    harbor = County.objects.get(name=data.COUNTIES[data.SHELTER_QUERY["county"]])
    return DirectoryFilters(
        category="emergency-housing",
        language="es",
        county=harbor.pk,
        population="minors",
        open_24_7=True,
    )


def test_the_directory_is_a_task_force_of_about_25_organizations() -> None:
    assert Organization.objects.count() >= 25
    active_sectors = (
        Sector.objects.filter(organizations__membership_status=MembershipStatus.ACTIVE)
        .distinct()
        .count()
    )
    assert active_sectors >= 15
    assert 55 <= Person.objects.count() <= 65
    assert Service.objects.filter(is_active=True).count() >= 30
    assert OrganizationContact.objects.filter(is_on_call_24_7=True).count() >= 5
    assert County.objects.filter(organizations__isnull=False).distinct().count() >= 3
    statuses = set(Organization.objects.values_list("membership_status", flat=True))
    assert statuses == set(MembershipStatus.values)
    assert not Organization.objects.exclude(membership_status=MembershipStatus.ACTIVE).filter(
        status_changed_on__isnull=True
    )


def test_the_gap_analysis_has_gaps_to_show() -> None:
    gaps = {row.sector.code: row.status for row in sector_coverage() if row.status != "covered"}
    assert gaps.get("state-law-enforcement") == "inactive-only"
    assert gaps.get("judges") == "missing"
    assert len(gaps) >= 2


def test_some_capacity_is_current_and_some_is_stale() -> None:
    tracked = list(Service.objects.filter(is_active=True, capacity_maximum__isnull=False))
    stale = [service for service in tracked if capacity_is_stale(service)]
    assert stale and len(stale) < len(tracked)
    assert Service.objects.filter(
        capacity_updated_at__lte=timezone.now() - datetime.timedelta(days=12)
    ).exists()


def test_the_shelter_search_finds_exactly_the_spanish_24_7_shelter_for_minors() -> None:
    detective = User.objects.get(username="detective")
    found = list(search_services(detective, _shelter_filters()))
    assert [service.name for service in found] == [data.TARGET_SHELTER]
    shelter = found[0]
    assert shelter.is_24_7 and shelter.capacity_available
    assert shelter.organization.membership_status == MembershipStatus.ACTIVE


@pytest.mark.parametrize(
    "relaxed",
    [
        {"language": ""},
        {"population": ""},
        {"open_24_7": False},
        {"category": ""},
        {"county": None},
    ],
)
def test_each_search_criterion_excludes_a_near_miss(relaxed: dict) -> None:
    """The demo has a decoy that misses the shelter search by exactly this one criterion."""
    detective = User.objects.get(username="detective")
    names = {
        s.name
        for s in search_services(detective, dataclasses.replace(_shelter_filters(), **relaxed))
    }
    assert data.TARGET_SHELTER in names
    assert len(names) >= 2


def test_an_inactive_service_matching_everything_is_not_found() -> None:
    closed = Service.objects.get(is_active=False, category__code="emergency-housing")
    assert closed.is_24_7 and closed.languages.filter(code="es").exists()
    assert closed.populations.filter(code="minors").exists()
    detective = User.objects.get(username="detective")
    assert closed not in search_services(detective, _shelter_filters())


def test_every_persona_has_a_login_with_the_right_role() -> None:
    for username, role in EXPECTED_ROLES.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.is_active
        assert user.check_password(data.DEMO_PASSWORD)
        assert user.person.organization is not None
        device = TwoFactorDevice.objects.filter(user=user).first()
        if username == "visitor":
            assert device is None
            assert user.person.membership_type == "visitor"
        else:
            assert device is not None and device.is_confirmed
            assert pyotp.TOTP(device.secret).verify(pyotp.TOTP(device.secret).now())


def test_personas_sit_in_the_organizations_their_roles_describe() -> None:
    users = {username: User.objects.get(username=username) for username in EXPECTED_ROLES}
    assert users["leader"].person.organization == users["detective"].person.organization
    assert "local-law-enforcement" in _sectors_of(users["leader"])
    assert "local-prosecution" in _sectors_of(users["prosecutor"])
    assert "victim-services" in _sectors_of(users["vscoord"])
    assert "victim-services" in _sectors_of(users["advocate"])
    assert users["vscoord"].person.organization != users["advocate"].person.organization


def test_two_factor_secrets_are_stored_encrypted() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {TwoFactorDevice._meta.db_table}")
        stored = [row[0] for row in cursor.fetchall()]
    published = {login.totp_secret for _, login in data.logins()}
    assert stored and not published & set(stored)


def test_the_charter_has_goals_objectives_and_the_four_roles() -> None:
    charter = Charter.objects.get()
    assert "fictional" in charter.name.lower()
    assert charter.mission and charter.purpose and charter.vision
    assert charter.leadership_model == "decentralized"
    goals = list(charter.goals.all())
    assert 3 <= len(goals) <= 4
    for goal in goals:
        objectives = list(goal.objectives.all())
        assert objectives
        assert all(o.measure and o.target_date and o.owner_id for o in objectives)
    current = LeadershipRoleAssignment.objects.current()
    assert set(current.values_list("role", flat=True)) == set(LeadershipRole.values)
    assert current.ending_within(60).count() == 1
    # The outreach role was handed over, so its history has an ended term.
    outreach = LeadershipRoleAssignment.objects.filter(role=LeadershipRole.OUTREACH_COORDINATOR)
    assert outreach.count() == 2
    leader = current.get(role=LeadershipRole.GROUP_LEADER)
    assert leader.person.user.username == "leader"


def test_the_demo_is_flagged_and_audited() -> None:
    assert SiteSettings.load().contains_demo_data
    assert AuditEvent.objects.filter(action="demo.loaded").count() == 1
    assert AuditEvent.objects.filter(action="governance.charter.created").exists()
    assert verify_chain() is None
    assert database_state() is DatabaseState.DEMO


def test_everything_is_obviously_fictional() -> None:
    phone = re.compile(r"^\(555\) 555-01\d\d( ext\. \d+)?$")
    for org in Organization.objects.all():
        assert org.website.endswith(".example.org/")
        assert phone.match(org.main_phone)
    for email in [
        *Person.objects.values_list("email", flat=True),
        *User.objects.values_list("email", flat=True),
        *OrganizationContact.objects.exclude(email="").values_list("email", flat=True),
    ]:
        assert email.endswith(".example.org")
    assert all(phone.match(p) for p in Person.objects.values_list("phone", flat=True))
    assert all(phone.match(p) for p in OrganizationContact.objects.values_list("phone", flat=True))


def test_demo_code_prints_the_current_code_of_a_demo_login() -> None:
    out = StringIO()
    call_command("demo_code", "leader", stdout=out)
    device = TwoFactorDevice.objects.get(user__username="leader")
    assert pyotp.TOTP(device.secret).verify(out.getvalue().strip(), valid_window=1)
    with pytest.raises(CommandError):
        call_command("demo_code", "visitor", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("demo_code", "nobody", stdout=StringIO())


def test_demo_code_never_reveals_a_secret_that_is_not_the_published_one() -> None:
    device = TwoFactorDevice.objects.get(user__username="leader")
    device.secret = pyotp.random_base32()
    device.save()
    with pytest.raises(CommandError, match="no longer uses"):
        call_command("demo_code", "leader", stdout=StringIO())
