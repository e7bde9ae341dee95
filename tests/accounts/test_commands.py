from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from taskforce.accounts.models import Role, User
from tests.accounts.flows import events

PASSWORD = "harbor lighthouse keeper 7"


def _createadmin(*args: str) -> str:
    out = StringIO()
    call_command("createadmin", *args, "--no-input", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_createadmin_with_flags(db) -> None:
    output = _createadmin(
        "--username", "chief", "--email", "chief@example.org", "--password", PASSWORD
    )
    assert "chief" in output
    user = User.objects.get(username="chief")
    assert user.role == Role.ADMINISTRATOR
    assert not user.is_staff and not user.is_superuser
    assert user.check_password(PASSWORD)
    event = events("accounts.user.created", target_id=str(user.pk))[-1]
    assert event.actor is None and event.changes["via"] == "command line"


def test_createadmin_reads_the_password_from_a_file(db, tmp_path) -> None:
    secret_file = tmp_path / "password"
    secret_file.write_text(PASSWORD + "\n", encoding="utf-8")
    _createadmin(
        "--username", "ops", "--email", "ops@example.org", "--password-file", str(secret_file)
    )
    assert User.objects.get(username="ops").check_password(PASSWORD)


def test_createadmin_refuses_a_weak_password(db) -> None:
    with pytest.raises(CommandError):
        _createadmin("--username", "weak", "--email", "weak@example.org", "--password", "123")
    assert not User.objects.filter(username="weak").exists()


def test_createadmin_refuses_a_username_in_use_in_any_case(personas) -> None:
    with pytest.raises(CommandError):
        _createadmin("--username", "ADMIN", "--email", "other@example.org", "--password", PASSWORD)


def test_createadmin_needs_flags_without_a_terminal(db) -> None:
    with pytest.raises(CommandError):
        _createadmin("--username", "x")
