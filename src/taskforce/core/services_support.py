"""Pieces every app's services share: copying a form's values onto a row, the audit changes of a
new or removed row, and keeping rows in a 1..n order that people rearrange."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol, TypeVar

from django.db import models
from django.db.models import Max
from django.http import HttpRequest

from taskforce.core import audit

Direction = Literal["up", "down"]


def assign_fields(
    instance: models.Model,
    data: Mapping[str, Any],
    allowed: Iterable[str],
    *,
    strip: bool = False,
) -> None:
    """Set the given fields on the row; `strip` trims the text values."""
    allowed = tuple(allowed)
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        # A programming error, not user input: fail loudly rather than drop the values.
        raise TypeError(f"Unexpected fields for {type(instance).__name__}: {', '.join(unknown)}")
    for name, value in data.items():
        setattr(instance, name, value.strip() if strip and isinstance(value, str) else value)


def snapshot(
    instance: models.Model, fields: Iterable[str], *, choice_labels: bool = False
) -> dict[str, Any]:
    """Values for the audit diff; with `choice_labels`, choices as their labels so the history
    reads plainly."""
    fields = tuple(fields)
    values = audit.snapshot(instance, fields)
    if choice_labels:
        for name in fields:
            field = instance._meta.get_field(name)
            labels = dict(getattr(field, "flatchoices", None) or [])
            if labels and not field.is_relation:
                values[name] = str(labels.get(values[name], values[name]))
    return values


def filled(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values that say something: no empty text, lists or missing values."""
    return {name: value for name, value in values.items() if value not in (None, "", [])}


def created_changes(
    instance: models.Model, fields: Iterable[str], *, choice_labels: bool = False
) -> dict[str, dict[str, Any]]:
    """The diff for a new row: every field that has a value, from nothing."""
    return audit.diff({}, filled(snapshot(instance, fields, choice_labels=choice_labels)))


def deleted_changes(
    instance: models.Model, fields: Iterable[str], *, choice_labels: bool = False
) -> dict[str, dict[str, Any]]:
    """The diff for a removed row: what it said, to nothing."""
    return audit.diff(filled(snapshot(instance, fields, choice_labels=choice_labels)), {})


def delete_recorded(
    actor: Any,
    instance: models.Model,
    action: str,
    fields: Iterable[str],
    *,
    label: str,
    request: HttpRequest | None = None,
    choice_labels: bool = False,
) -> None:
    """Delete a row, recording what it said. Call inside the transaction that locked it."""
    audit.record(
        actor,
        action,
        instance,
        changes=deleted_changes(instance, fields, choice_labels=choice_labels),
        request=request,
        target_label=label,
    )
    instance.delete()


def update_recorded(
    actor: Any,
    instance: models.Model,
    data: Mapping[str, Any],
    *,
    fields: Iterable[str],
    audit_fields: Iterable[str],
    action: str,
    validate: Callable[[], None],
    label: str | Callable[[], str] | None = None,
    request: HttpRequest | None = None,
    choice_labels: bool = False,
) -> dict[str, dict[str, Any]]:
    """Set the given fields on a locked row, validate, and save and record it if anything
    changed; return the changes. Call inside the transaction that locked the row."""
    audit_fields = tuple(audit_fields)
    before = snapshot(instance, audit_fields, choice_labels=choice_labels)
    assign_fields(instance, data, fields)
    validate()
    changes = audit.diff(before, snapshot(instance, audit_fields, choice_labels=choice_labels))
    if changes:
        instance.save()
        named = label() if callable(label) else label
        audit.record(actor, action, instance, changes=changes, request=request, target_label=named)
    return changes


# --- Rows in an order people choose --------------------------------------------------------------


class OrderedRow(Protocol):
    pk: Any
    order: int

    def save(self, *args: Any, **kwargs: Any) -> None: ...


Row = TypeVar("Row", bound=OrderedRow)


def next_order(siblings: models.QuerySet[Any]) -> int:
    """The place after the last of the siblings."""
    highest = siblings.aggregate(highest=Max("order"))["highest"]
    return 1 if highest is None else highest + 1


def swap_with_neighbour(rows: Sequence[Row], index: int, direction: Direction) -> Row | None:
    """Swap `rows[index]` with the row above or below it and renumber them 1..n, so gaps and ties
    vanish; rows whose place changed are saved. Returns the moved row, or None when it is already
    first (up) or last (down) and nothing changed."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(rows):
        return None
    ordered = list(rows)
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, row in enumerate(ordered, start=1):
        if row.order != position:
            row.order = position
            row.save(update_fields=_order_fields(row))
    return ordered[target]


def _order_fields(row: Any) -> list[str]:
    # Rows that keep a last-changed time record the move as a change.
    has_updated_at = any(field.name == "updated_at" for field in row._meta.concrete_fields)
    return ["order", "updated_at"] if has_updated_at else ["order"]
