from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from taskforce.demo.build import DemoRefused, DemoSummary, build_demo


class Command(BaseCommand):
    help = (
        "Migrate the database, load the fictional demo task force, print the demo logins and "
        "serve it with Django's development server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Only build the demo database; do not start the server.",
        )
        parser.add_argument(
            "--addr",
            default="127.0.0.1:8000",
            help="Address and port to serve on (default 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even though the database holds other data. That data is erased.",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Reuse an existing demo database as it is instead of rebuilding it.",
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Restart the server when the code changes (for development).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The auto-reloader re-runs this command in a child process; only the first run builds.
        if os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            self._prepare(options)
        if not options["no_serve"]:
            self.stdout.write(
                f"Serving the demo on http://{options['addr']}/ (Ctrl+C stops it). "
                "All data is fictional."
            )
            call_command("runserver", options["addr"], use_reloader=options["reload"])

    def _prepare(self, options: dict[str, Any]) -> None:
        verbosity = int(options["verbosity"])
        self.stdout.write("Migrating the database…")
        call_command(
            "migrate", interactive=False, verbosity=max(verbosity - 1, 0), stdout=self.stdout
        )
        try:
            summary = build_demo(reset=not options["keep"], force=options["force"])
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self._print_summary(summary)

    def _print_summary(self, summary: DemoSummary) -> None:
        verb = "Built" if summary.built else "Kept the existing"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} demo task force (all names and data are fictional): "
                f"{summary.organizations} organizations, {summary.people} people, "
                f"{summary.services} services, {summary.sectors_at_table} sectors at the table; "
                f"{summary.bodies} bodies, {summary.meetings_held} meetings held, "
                f"{summary.committee_plans} committee plans, {summary.agreements} agreements "
                f"({summary.agreements_in_effect} in effect)."
            )
        )
        header = ("username", "role", "name", "organization", "two-factor secret")
        rows = [
            (
                login.username,
                login.role,
                login.name,
                login.organization,
                login.totp_secret or "(none)",
            )
            for login in summary.logins
        ]
        widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
        self.stdout.write("")
        for row in (header, tuple("-" * width for width in widths), *rows):
            self.stdout.write(
                "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            )
        self.stdout.write("")
        self.stdout.write(f"Password for every demo login: {summary.password}")
        self.stdout.write(
            "Two-factor: add the secret to an authenticator app, or print the current code with\n"
            "  .venv/bin/taskforce demo-code USERNAME"
        )
