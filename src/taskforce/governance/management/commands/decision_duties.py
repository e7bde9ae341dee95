"""`taskforce decision-duties`: close proposals past their deadline and send the reminders.

Run it daily (cron or a systemd timer), or more often: each reminder goes out once.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from taskforce.governance.decision_services import run_daily_duties


class Command(BaseCommand):
    help = (
        "Close proposals whose deadline has passed, remind members of deadlines within two "
        "days, and remind officers of decisions due for review."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = run_daily_duties()
        for proposal in report.closed:
            self.stdout.write(
                f"Closed {proposal.reference} ({proposal.body}): {proposal.get_outcome_display()}"
            )
        for proposal in report.awaiting_call:
            self.stdout.write(
                f"Past its deadline, awaiting the decider's call: {proposal.reference} "
                f"({proposal.body})"
            )
        for proposal in report.reminded:
            self.stdout.write(f"Reminded of the deadline: {proposal.reference}")
        for proposal in report.reviews:
            self.stdout.write(
                f"Review reminder: {proposal.reference}, due {proposal.review_on:%Y-%m-%d}"
            )
        if not (report.closed or report.awaiting_call or report.reminded or report.reviews):
            self.stdout.write("Nothing to close or remind today.")
