from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from taskforce.core.fields import reencrypt_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the newest key in FIELD_ENCRYPTION_KEYS. "
        "Put the new key first, run this, then drop the old key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for label, count in reencrypt_all().items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS("Field keys rotated."))
