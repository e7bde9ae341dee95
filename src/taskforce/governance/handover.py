"""What a person owns across the platform, so a role can change hands in one step.

Apps that hold things a person owns (open action items, plan tasks, charter objectives, the
bodies they chair) register a provider here in their AppConfig.ready(); the handover service asks
each for what the outgoing person owns and has each reassign the chosen items inside the same
transaction. Governance never imports those apps.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest

from taskforce.core import audit
from taskforce.directory.models import Person


@dataclass(frozen=True)
class HandoverItem:
    kind: str  # what it is, for people: "Action item", "Plan task", "Chair of …"
    key: str  # unique across providers: "<provider>:<id>"
    label: str
    detail: str = ""  # e.g. "due 1 Dec 2026"
    url: str = ""


class HandoverProvider(Protocol):
    name: str  # the prefix of its items' keys

    def owned_by(self, person: Person) -> list[HandoverItem]: ...

    def reassign(
        self,
        actor: Any,
        keys: Collection[str],
        outgoing: Person,
        incoming: Person,
        *,
        request: HttpRequest | None = None,
    ) -> int:
        """Give the items with these keys to `incoming`, audited; return how many moved.

        Runs inside the handover's transaction; raise ValidationError to abandon the whole
        handover.
        """
        ...


_PROVIDERS: dict[str, HandoverProvider] = {}


def register_handover_provider(provider: HandoverProvider) -> None:
    _PROVIDERS[provider.name] = provider


def handover_providers() -> list[HandoverProvider]:
    return list(_PROVIDERS.values())


# --- Pieces the providers share ------------------------------------------------------------------

Owned = TypeVar("Owned", bound=models.Model)


def keyed_ids(keys: Collection[str], provider_name: str) -> list[int]:
    """The record ids named by the keys of this provider's items; other providers' keys are
    passed over."""
    ids = []
    for key in keys:
        name, _, value = key.partition(":")
        if name != provider_name:
            continue
        if not value.isdigit():
            raise ValidationError(f"“{key}” does not name an item to hand over.")
        ids.append(int(value))
    return ids


class RecordHandover(ABC):
    """A provider whose items are rows of one model, keyed "<name>:<row id>"."""

    name: str

    def key(self, pk: int) -> str:
        return f"{self.name}:{pk}"

    @abstractmethod
    def owned_by(self, person: Person) -> list[HandoverItem]: ...

    def reassign(
        self,
        actor: Any,
        keys: Collection[str],
        outgoing: Person,
        incoming: Person,
        *,
        request: HttpRequest | None = None,
    ) -> int:
        ids = keyed_ids(keys, self.name)
        if not ids:
            return 0
        return self.reassign_rows(actor, ids, outgoing, incoming, request)

    @abstractmethod
    def reassign_rows(
        self,
        actor: Any,
        ids: list[int],
        outgoing: Person,
        incoming: Person,
        request: HttpRequest | None,
    ) -> int:
        """Give the rows with these ids to `incoming`, audited; return how many moved."""


def reassign_owned(
    actor: Any,
    rows: models.QuerySet[Owned],
    ids: Collection[int],
    owner_field: str,
    outgoing: Person,
    incoming: Person,
    *,
    action: str,
    label: Callable[[Owned], str],
    no_longer_held: str,
    request: HttpRequest | None = None,
) -> int:
    """Give the rows with these ids that `outgoing` holds through `owner_field` to `incoming`,
    with one audit event each; return how many moved.

    Every chosen row must still be among `rows` (e.g. still open) and held by the outgoing person,
    or `ValidationError(no_longer_held)` abandons the whole handover so its record stays true.
    """
    wanted = set(ids)
    with transaction.atomic():
        held = list(
            rows.select_for_update(of=("self",))
            .filter(pk__in=wanted, **{owner_field: outgoing})
            .order_by("pk")
        )
        if len(held) != len(wanted):
            raise ValidationError(no_longer_held)
        for row in held:
            setattr(row, owner_field, incoming)
            row.save(update_fields=[owner_field, "updated_at"])
            audit.record(
                actor,
                action,
                row,
                changes={owner_field: {"from": str(outgoing), "to": str(incoming)}},
                request=request,
                target_label=label(row),
            )
    return len(held)
