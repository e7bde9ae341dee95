"""Audit events read by people: field names and values as the pages show them, not as stored.

Events keep what services recorded (codes, ISO timestamps, lists); this turns them into words at
display time, so the stored chain never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone

from taskforce.core.models import AuditEvent

register = template.Library()

EMPTY = "—"


@dataclass(frozen=True)
class ChangeRow:
    field: str
    before: str
    after: str
    is_change: bool


def _model_field(event: AuditEvent, name: str) -> models.Field[Any, Any] | None:
    try:
        model = apps.get_model(event.target_type) if event.target_type else None
    except (LookupError, ValueError):
        return None
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _field_label(field: models.Field[Any, Any] | None, name: str) -> str:
    if field is not None and field.verbose_name:
        return str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:]
    return name.replace("_", " ")[:1].upper() + name.replace("_", " ")[1:]


def _timestamp(text: str) -> str | None:
    try:
        if len(text) == len("YYYY-MM-DD"):
            return formats.date_format(date.fromisoformat(text), "Y-m-d")
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "Y-m-d H:i")


def _value(value: Any, field: models.Field[Any, Any] | None) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_value(item, field) for item in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{key.replace('_', ' ')}: {_value(item, None)}" for key, item in value.items()
        )
    text = str(value)
    if field is not None and field.choices:
        labels = {str(code): str(label) for code, label in field.flatchoices}
        if text in labels:
            return labels[text]
    if isinstance(value, str) and text[:4].isdigit() and text[4:5] == "-":
        return _timestamp(text) or text
    return text


@register.filter
def audit_changes(event: AuditEvent) -> list[ChangeRow]:
    """One row per recorded field: {"from", "to"} pairs as changes, anything else as a note."""
    rows: list[ChangeRow] = []
    for name, change in (event.changes or {}).items():
        field = _model_field(event, name)
        label = _field_label(field, name)
        if isinstance(change, dict) and set(change) == {"from", "to"}:
            rows.append(
                ChangeRow(label, _value(change["from"], field), _value(change["to"], field), True)
            )
        else:
            rows.append(ChangeRow(label, "", _value(change, field), False))
    return rows
