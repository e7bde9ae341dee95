"""The `taskforce` command maps its hyphenated names onto Django's management commands."""

from __future__ import annotations

import pytest
from django.core import management

from taskforce import cli


@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    monkeypatch.setattr(management, "execute_from_command_line", calls.append)
    return calls


@pytest.mark.parametrize(
    ("typed", "runs"),
    [
        (["verify-audit"], ["verify_audit"]),
        (["rotate-field-keys"], ["rotate_field_keys"]),
        (["worker"], ["db_worker"]),
        (["demo-code", "leader"], ["demo_code", "leader"]),
        (["token", "detective"], ["token", "detective"]),
        (["migrate", "--noinput"], ["migrate", "--noinput"]),
    ],
)
def test_operations_reach_their_management_commands(executed, typed, runs) -> None:
    assert cli.main(typed) == 0
    assert executed == [["taskforce", *runs]]


def test_help_lists_the_operations(executed, capsys) -> None:
    assert cli.main(["--help"]) == 0
    printed = capsys.readouterr().out
    operations = ("demo", "demo-code", "serve", "createadmin", "token", "verify-audit", "backup")
    for operation in (*operations, "restore"):
        assert f"taskforce {operation}" in printed
    assert executed == []


def test_no_arguments_prints_help_and_fails(executed, capsys) -> None:
    assert cli.main([]) == 1
    assert "taskforce serve" in capsys.readouterr().out
