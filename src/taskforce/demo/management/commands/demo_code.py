from __future__ import annotations

from typing import Any

import pyotp
from django.core.management.base import BaseCommand, CommandError, CommandParser

from taskforce.accounts.models import TwoFactorDevice
from taskforce.core.models import SiteSettings
from taskforce.demo import data


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo login (demo databases only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="A demo login, e.g. leader")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        published = {login.username: login.totp_secret for _, login in data.logins()}
        if username not in published:
            raise CommandError(f"{username!r} is not a demo login ({', '.join(published)}).")
        if published[username] is None:
            raise CommandError(f"{username!r} signs in without two-factor.")
        if not SiteSettings.objects.filter(pk=1, contains_demo_data=True).exists():
            raise CommandError("This database does not hold the demo task force.")
        device = TwoFactorDevice.objects.filter(user__username=username).first()
        # Only the published demo secret is ever turned into a code: an authenticator someone
        # enrolled for real, even on a demo database, stays private.
        if device is None or device.secret != published[username]:
            raise CommandError(f"{username!r} no longer uses the published demo authenticator.")
        self.stdout.write(pyotp.TOTP(device.secret).now())
