"""`taskforce agreement-duties`: remind the facilitator and the parties of agreements in effect
that expire or are due for review within 60 days.

Run it daily (cron or a systemd timer); each reminder goes out once per date, so running it more
often, or again after a failure, sends nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from taskforce.agreements.services import REMINDER_DAYS, run_daily_duties


class Command(BaseCommand):
    help = (
        f"Remind the facilitator and the parties of agreements in effect that expire or are due "
        f"for review within {REMINDER_DAYS} days (once per date)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_daily_duties()
        for agreement in report.expiring:
            self.stdout.write(
                f"Expiry reminder: {agreement.title}, expires {agreement.expires_on:%Y-%m-%d}"
            )
        for agreement in report.reviews:
            self.stdout.write(
                f"Review reminder: {agreement.title}, review due {agreement.review_on:%Y-%m-%d}"
            )
        if not (report.expiring or report.reviews):
            self.stdout.write("Nothing to remind today.")
