"""Writing and verifying the audit log.

Every service that changes data, and every read of case or personal data, calls `record()` inside
the transaction that does the work, so the event exists exactly when the change does.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from taskforce.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64

_ACTION_LABELS: dict[str, str] = {}


def register_actions(labels: Mapping[str, str]) -> None:
    """Give namespaced action codes (`directory.organization.created`) a readable label."""
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return _ACTION_LABELS.get(action, action.replace(".", " ").replace("_", " ").capitalize())


def registered_actions() -> dict[str, str]:
    return dict(_ACTION_LABELS)


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    full_name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return f"{full_name} ({actor.get_username()})" if full_name else actor.get_username()


def _client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person's device.

    Behind TRUSTED_PROXY_COUNT reverse proxies, REMOTE_ADDR is the nearest proxy, and the client is
    the entry the outermost trusted proxy appended to X-Forwarded-For. Entries further left were
    written by the client itself and are not believed.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies <= 0 or len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def compute_hash(event: AuditEvent) -> str:
    payload = {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "changes": event.changes,
        "ip_address": event.ip_address,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _json_safe(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_json_safe(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# Namespaced codes: the app, then what happened ("accounts.login.failed").
ACTION_CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


def record(
    actor: Any,
    action: str,
    target: models.Model | None = None,
    *,
    changes: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
    target_label: str | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the transaction that makes the change."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the transaction it records.")
    if not ACTION_CODE.fullmatch(action):
        raise ValueError(f"{action!r} is not an action code like 'directory.person.updated'.")
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    event = AuditEvent(
        sequence=head.last_sequence + 1,
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_actor_label(actor),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label if target_label is not None else str(target or ""))[:300],
        changes=_json_safe(dict(changes or {})),
        ip_address=_client_ip(request),
        previous_hash=head.last_hash,
    )
    event.hash = compute_hash(event)
    event.save()
    head.last_sequence = event.sequence
    head.last_hash = event.hash
    head.save(update_fields=["last_sequence", "last_hash"])
    return event


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields that changed, as {field: {"from": old, "to": new}}."""
    return {
        key: {"from": _json_safe(before.get(key)), "to": _json_safe(after.get(key))}
        for key in sorted(set(before) | set(after))
        if _json_safe(before.get(key)) != _json_safe(after.get(key))
    }


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of a row, suitable for `diff()`; many-to-many fields become sorted labels."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(o) for o in getattr(instance, name).all())
        elif field.is_relation:
            related = getattr(instance, name)
            values[name] = str(related) if related is not None else None
        else:
            values[name] = getattr(instance, name)
    return values


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    reason: str


def verify_chain(batch_size: int = 2000) -> ChainProblem | None:
    """Walk the chain in order; return the first broken link, or None when it is intact."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    queryset = AuditEvent.objects.order_by("sequence")
    for event in queryset.iterator(chunk_size=batch_size):
        if event.sequence != expected_sequence:
            return ChainProblem(
                expected_sequence,
                f"event #{expected_sequence} is missing (next present is #{event.sequence})",
            )
        if event.previous_hash != expected_previous:
            return ChainProblem(event.sequence, "does not link to the event before it")
        if compute_hash(event) != event.hash:
            return ChainProblem(event.sequence, "its contents were altered after it was written")
        expected_previous = event.hash
        expected_sequence += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    last = expected_sequence - 1
    if head is not None and head.last_sequence != last:
        return ChainProblem(
            last + 1, f"the chain should end at #{head.last_sequence} but ends at #{last}"
        )
    return None


def history_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")


def atomic_record(*args: Any, **kwargs: Any) -> AuditEvent:
    """Record an event in its own transaction (for reads, which have no other write)."""
    with transaction.atomic():
        return record(*args, **kwargs)
