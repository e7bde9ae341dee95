from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from taskforce.core.backup import BackupError, create_backup, default_directory


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the whole database (SQLite or PostgreSQL). The field "
        "encryption keys are not included: keep them in your secret store."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help=f"A directory for a new time-stamped file (default {default_directory()}), "
            "or a file name ending in .sqlite3 or .pgdump.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = create_backup(options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the {made.engine} database to {made.path}")
            + f" ({made.size:,} bytes)."
        )
        self.stdout.write(
            "Restoring it needs the field encryption keys in use now; keep them apart from it."
        )
