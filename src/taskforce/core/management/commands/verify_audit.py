from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from taskforce.core.audit import verify_chain
from taskforce.core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit non-zero naming the first bad event."

    def handle(self, *args: Any, **options: Any) -> None:
        problem = verify_chain()
        if problem is not None:
            raise CommandError(
                f"Audit chain broken at event #{problem.sequence}: {problem.reason}."
            )
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {count} events verified."))
