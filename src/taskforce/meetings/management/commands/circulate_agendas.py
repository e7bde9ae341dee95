"""`taskforce circulate-agendas`: e-mail every agenda whose circulation day has come.

Run it once a day (cron or a systemd timer). Each body sets how many days before its meetings the
agenda goes out; people who run a meeting can still circulate it earlier, or again, by hand.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from taskforce.meetings.services import circulate_due_agendas


class Command(BaseCommand):
    help = "E-mail the agendas whose circulation day has come, with their calendar invitations."

    def handle(self, *args: Any, **options: Any) -> None:
        results = circulate_due_agendas()
        if not results:
            self.stdout.write("No agenda is due to be circulated today.")
            return
        failed = 0
        for result in results:
            label = f"{result.meeting} ({result.meeting.body})"
            if result.problem:
                failed += 1
                self.stderr.write(f"Not circulated: {label}: {result.problem}")
            else:
                self.stdout.write(f"Circulated to {result.recipients}: {label}")
        if failed:
            # A non-zero exit lets cron or the timer report it.
            raise SystemExit(1)
