"""`taskforce backup` and `taskforce restore`, on whichever database the suite runs against."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from taskforce.core.audit import verify_chain
from taskforce.core.models import AuditEvent
from tests.directory import factories

SUFFIX = ".sqlite3" if connection.vendor == "sqlite" else ".pgdump"


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_exactly_what_was_saved(tmp_path: Path, capsys) -> None:
    factories.ensure_vocabularies()
    kept = factories.organization("Harbor Legal Aid")
    call_command("backup", output=tmp_path)
    [made] = list(tmp_path.iterdir())
    assert made.suffix == SUFFIX and made.stat().st_size > 0
    assert made.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert AuditEvent.objects.filter(action="core.backup.created").exists()
    assert "Backed up the" in capsys.readouterr().out

    later = factories.organization("Added after the backup")
    call_command("restore", str(made), yes=True)

    names = set(type(kept).objects.values_list("name", flat=True))
    assert "Harbor Legal Aid" in names and later.name not in names
    assert AuditEvent.objects.filter(action="core.backup.restored").exists()
    assert verify_chain() is None
    assert "audit chain is intact" in capsys.readouterr().out


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_and_a_wrong_suffix(tmp_path: Path) -> None:
    target = tmp_path / f"nightly{SUFFIX}"
    target.write_text("an older backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=target)
    assert target.read_text() == "an older backup"
    wrong = ".pgdump" if SUFFIX == ".sqlite3" else ".sqlite3"
    with pytest.raises(CommandError, match=f"must end in {SUFFIX}"):
        call_command("backup", output=tmp_path / f"nightly{wrong}")


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / f"missing{SUFFIX}"), yes=True)
    if SUFFIX == ".sqlite3":
        garbage = tmp_path / "notes.sqlite3"
        garbage.write_text("not a database at all, just some text " * 200)
        with pytest.raises(CommandError, match="not a SQLite database"):
            call_command("restore", str(garbage), yes=True)


@pytest.mark.django_db
def test_restore_asks_before_replacing_everything(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(tmp_path / f"any{SUFFIX}"))
