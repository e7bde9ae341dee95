"""Model fields whose values are stored encrypted (see `taskforce.core.crypto`)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models, transaction

from taskforce.core import audit, crypto


class EncryptedTextField(models.TextField):
    """Text encrypted with the field-encryption keys; the database only ever holds ciphertext.

    Encrypted values cannot be searched or ordered in the database; keep them out of filters.
    """

    description = "Text stored encrypted with the field-encryption keys"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt_text(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt_text(str(value))


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def reencrypt_all(batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted column under the newest key. Returns rows touched per model."""
    touched: dict[str, int] = {}
    for model, names in encrypted_fields():
        count = 0
        with transaction.atomic():
            for row in (
                model._default_manager.select_for_update()
                .only("pk", *names)
                .iterator(chunk_size=batch_size)
            ):
                # Loading decrypts with any key; saving encrypts with the newest one.
                row.save(update_fields=names)
                count += 1
            audit.record(
                None,
                "core.field_keys.rotated",
                changes={"model": model._meta.label, "rows": count},
                target_label=f"Encrypted fields of {model._meta.verbose_name_plural}",
            )
        touched[model._meta.label] = count
    return touched
