"""Building the demo task force: rebuilding, refusing other data and production, the command."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from taskforce.accounts.models import Role, User
from taskforce.core.audit import verify_chain
from taskforce.core.models import AuditEvent, SiteSettings
from taskforce.demo import data
from taskforce.demo.build import DatabaseState, DemoRefused, build_demo, database_state
from taskforce.directory.models import (
    Organization,
    Sector,
)
from taskforce.governance.models import Charter

pytestmark = pytest.mark.django_db

EXPECTED_ROLES = {
    "admin": Role.ADMINISTRATOR,
    "leader": Role.COORDINATOR,
    "vscoord": Role.COORDINATOR,
    "detective": Role.MEMBER,
    "prosecutor": Role.MEMBER,
    "advocate": Role.MEMBER,
    "visitor": Role.VISITOR,
}


def test_building_twice_keeps_or_rebuilds_the_demo() -> None:
    first = build_demo()
    accounts = User.objects.count()
    second = build_demo()
    assert first.built and not second.built
    assert second.organizations == first.organizations

    rebuilt = build_demo(reset=True)
    assert rebuilt.built
    assert rebuilt.organizations == first.organizations
    assert rebuilt.people == first.people
    # The logins printed for the demo, plus the accounts of parties' representatives and
    # signatories, which nobody can sign in to until invited.
    assert User.objects.count() == accounts
    usable = {user.username for user in User.objects.all() if user.has_usable_password()}
    assert usable == set(EXPECTED_ROLES)
    assert Charter.objects.count() == 1
    # The rebuilt demo is a fresh database with a fresh, intact audit chain.
    assert AuditEvent.objects.filter(action="demo.loaded").count() == 1
    assert verify_chain() is None
    assert Sector.objects.count() > 0


def test_a_database_with_real_data_is_refused_unless_forced(personas) -> None:
    assert database_state() is DatabaseState.OTHER
    with pytest.raises(DemoRefused):
        build_demo()
    with pytest.raises(DemoRefused):
        build_demo(reset=True)
    assert Organization.objects.filter(pk=personas.police.pk).exists()

    build_demo(force=True)
    assert not Organization.objects.filter(name=personas.police.name).exists()
    assert not User.objects.filter(username="detective", email="detective@example.org").exists()
    assert SiteSettings.load().contains_demo_data


def test_production_settings_refuse_the_demo(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(DemoRefused, match="production"):
        build_demo()
    assert not Organization.objects.exists()


def test_the_command_builds_and_prints_the_logins_without_serving() -> None:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    output = out.getvalue()
    assert Organization.objects.count() >= 25
    assert data.DEMO_PASSWORD in output
    for username in EXPECTED_ROLES:
        assert re.search(rf"^{username}\s", output, re.MULTILINE)
    for _, login in data.logins():
        if login.totp_secret:
            assert login.totp_secret in output
    assert "Serving" not in output


def test_the_command_serves_on_the_address_without_the_reloader(monkeypatch) -> None:
    from taskforce.demo.management.commands import demo as command

    calls: list[tuple] = []
    real_call_command = command.call_command

    def record(name: str, *args, **options):
        if name == "runserver":
            calls.append((args, options))
            return None
        return real_call_command(name, *args, **options)

    monkeypatch.setattr(command, "call_command", record)
    call_command("demo", "--addr", "127.0.0.1:8123", stdout=StringIO())
    assert calls == [(("127.0.0.1:8123",), {"use_reloader": False})]
    assert SiteSettings.load().contains_demo_data


def test_the_command_refuses_a_database_with_other_data(personas) -> None:
    with pytest.raises(CommandError, match="not demo data"):
        call_command("demo", "--no-serve", stdout=StringIO())
    assert not SiteSettings.load().contains_demo_data


def test_demo_code_refuses_outside_a_demo_database(personas) -> None:
    with pytest.raises(CommandError, match="does not hold the demo"):
        call_command("demo_code", "leader", stdout=StringIO())
