"""`taskforce token USERNAME`: print a new personal API token for a script or integration."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from taskforce.accounts.models import TokenScope, User
from taskforce.accounts.services import create_token
from taskforce.accounts.tokens import TokenError


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", help="What the token is for (default: today's date).")
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.READ,
            help="read (default) or read-write.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account has the username “{options['username']}”.")
        name = options["name"] or f"Command line, {timezone.localdate():%Y-%m-%d}"
        try:
            token, raw = create_token(user, name=name, scope=options["scope"], via="command line")
        except TokenError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(
            f"Token “{token.name}” ({token.get_scope_display().lower()}) for {user.username}. "
            "Store it now: it cannot be shown again."
        )
        self.stdout.write(raw)
