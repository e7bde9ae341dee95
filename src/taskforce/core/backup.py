"""Whole-database backups and restores, with each engine's own tools.

SQLite uses its online backup API, so a backup is consistent while the app runs. PostgreSQL uses
`pg_dump --format=custom` and `pg_restore --single-transaction --clean`, so a restore either
replaces everything or nothing. The field encryption keys are not in a backup, by design: they are
kept apart (docs/admin-guide.md), and a restored database needs the keys it was written with.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from taskforce.core import audit

SQLITE_SUFFIX = ".sqlite3"
POSTGRES_SUFFIX = ".pgdump"
# Tables every Taskforce database has; a file without them is not a Taskforce backup.
REQUIRED_TABLES = ("django_migrations", "core_auditevent")


class BackupError(Exception):
    """The backup or restore could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    path: Path
    engine: str
    size: int


def default_directory() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups are supported on SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _suffix(engine: str) -> str:
    return SQLITE_SUFFIX if engine == "sqlite" else POSTGRES_SUFFIX


def backup_path(destination: Path | None, engine: str) -> Path:
    """A new file in `destination` (a directory), or `destination` itself when it names a file."""
    target = destination or default_directory()
    if target.suffix in (SQLITE_SUFFIX, POSTGRES_SUFFIX):
        if target.suffix != _suffix(engine):
            raise BackupError(f"A {engine} backup file must end in {_suffix(engine)}.")
        return target
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return target / f"taskforce-{stamp}{_suffix(engine)}"


def _postgres_environment() -> tuple[list[str], Mapping[str, str]]:
    """Connection arguments for the PostgreSQL client tools; the password travels in the env."""
    database: Mapping[str, Any] = settings.DATABASES["default"]
    arguments = [f"--dbname={database['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments.append(f"{option}={database[key]}")
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    return arguments, environment


def _run(tool: str, options: list[str], operands: tuple[str, ...] = ()) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} was not found: install the PostgreSQL client tools.")
    connection_arguments, environment = _postgres_environment()
    completed = subprocess.run(  # noqa: S603  (fixed executable, no shell)
        [executable, *options, *connection_arguments, *operands],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BackupError(f"{tool} failed: {completed.stderr.strip() or completed.returncode}")


def create_backup(destination: Path | None = None) -> Backup:
    """Write a consistent copy of the whole database and record that it was taken."""
    engine = _engine()
    path = backup_path(destination, engine)
    if path.exists():
        raise BackupError(f"{path} already exists; choose another name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if engine == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    else:
        _run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={path}"])
    path.chmod(0o600)
    made = Backup(path=path, engine=engine, size=path.stat().st_size)
    with transaction.atomic():
        audit.record(
            None,
            "core.backup.created",
            changes={"file": path.name, "engine": engine, "bytes": made.size},
            target_label="Whole database",
        )
    return made


def _check_sqlite_backup(source: Path) -> None:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
            tables = {
                row[0]
                for row in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        backup.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a SQLite database: {error}.") from error
    missing = [table for table in REQUIRED_TABLES if table not in tables]
    if missing:
        raise BackupError(f"{source} is not a Taskforce backup (no {', '.join(missing)} table).")


def restore_backup(source: Path) -> None:
    """Replace the whole database with the backup in `source`, then record the restore.

    Stop every app process and worker first: their connections would see the data change under
    them.
    """
    engine = _engine()
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    if source.suffix != _suffix(engine):
        raise BackupError(f"This is a {engine} database: restore a {_suffix(engine)} backup.")
    if engine == "sqlite":
        _check_sqlite_backup(source)
        connection.ensure_connection()
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
            backup.backup(connection.connection)
        backup.close()
    else:
        connection.close()
        _run(
            "pg_restore",
            ["--single-transaction", "--clean", "--if-exists", "--no-owner", "--no-privileges"],
            (str(source),),
        )
    with transaction.atomic():
        audit.record(
            None,
            "core.backup.restored",
            changes={"file": source.name, "engine": engine},
            target_label="Whole database",
        )
