"""What a person owns across the platform, so a role can change hands in one step.

Apps that hold things a person owns (open action items, plan tasks, charter objectives, the
bodies they chair) register a provider here in their AppConfig.ready(); the handover service asks
each for what the outgoing person owns and has each reassign the chosen items inside the same
transaction. Governance never imports those apps.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Protocol

from django.http import HttpRequest

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
