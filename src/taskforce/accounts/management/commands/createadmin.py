"""`taskforce createadmin`: the first administrator of a new installation, or another one.

Asks for what it needs, or takes flags for scripts. The account gets the administrator role of the
task force, not Django's superuser flag: the operator of the platform is not a reader of cases.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from taskforce.accounts.forms import AdministratorForm
from taskforce.accounts.services import AccountError, create_administrator

PROMPTS = {
    "username": "Username",
    "email": "E-mail address",
    "first_name": "First name (optional)",
    "last_name": "Last name (optional)",
}


class Command(BaseCommand):
    help = "Create a task force administrator account (prompts unless given flags)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--first-name", dest="first_name", default=None)
        parser.add_argument("--last-name", dest="last_name", default=None)
        parser.add_argument(
            "--password",
            help="The password (visible to other users of this machine; prefer --password-file).",
        )
        parser.add_argument(
            "--password-file", help="A file whose first line is the password.", type=Path
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never prompt; fail if something is missing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interactive = options["interactive"] and sys.stdin.isatty()
        values = {
            name: options.get(name) for name in ("username", "email", "first_name", "last_name")
        }
        password = self._password_from_options(options)
        while True:
            for name, prompt in PROMPTS.items():
                if values[name] is None:
                    if not interactive and name in ("username", "email"):
                        raise CommandError(f"--{name} is required without a terminal.")
                    values[name] = input(f"{prompt}: ").strip() if interactive else ""
            if password is None:
                if not interactive:
                    raise CommandError("--password or --password-file is required.")
                password = getpass.getpass("Password: ")
                if getpass.getpass("Password (again): ") != password:
                    self.stderr.write("The two passwords do not match.")
                    password = None
                    continue
            form = AdministratorForm(data={**values, "password1": password, "password2": password})
            if form.is_valid():
                break
            for field, errors in form.errors.items():
                for error in errors:
                    self.stderr.write(f"{field.replace('1', '')}: {error}")
            if not interactive:
                raise CommandError("The administrator was not created.")
            # Ask again only for what was wrong.
            for field in form.errors:
                if field in values:
                    values[field] = None
                else:
                    password = None
        data = form.cleaned_data
        try:
            user = create_administrator(
                None,
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except AccountError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator “{user.username}” created. Sign in at /accounts/login/; "
                "you will be asked to set up two-factor sign-in."
            )
        )

    def _password_from_options(self, options: dict[str, Any]) -> str | None:
        if options.get("password_file"):
            path: Path = options["password_file"]
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error.strerror}") from error
            if not lines or not lines[0]:
                raise CommandError(f"{path} is empty.")
            return lines[0]
        password = options.get("password")
        return str(password) if password is not None else None
