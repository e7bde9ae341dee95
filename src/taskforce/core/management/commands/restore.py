from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from taskforce.core.audit import verify_chain
from taskforce.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `taskforce backup`. Stop every app "
        "process and worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="The .sqlite3 or .pgdump file to restore.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask for confirmation (for scripts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["backup"]
        if not options["yes"]:
            answer = input(
                f"This replaces everything in the database with {source}. Type 'restore' to go on: "
            )
            if answer.strip() != "restore":
                raise CommandError("Nothing was restored.")
        try:
            restore_backup(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the database from {source}."))
        problem = verify_chain()
        if problem is not None:
            raise CommandError(
                f"The restored audit chain is broken at event #{problem.sequence}: "
                f"{problem.reason}."
            )
        self.stdout.write("The restored audit chain is intact.")
