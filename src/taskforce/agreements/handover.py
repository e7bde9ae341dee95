"""Facilitation of agreements in a handover: the agreements the outgoing person facilitates,
given to the incoming person (who then circulates, revises and reviews them)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from taskforce.agreements import selectors, services
from taskforce.agreements.models import Agreement
from taskforce.directory.models import Person
from taskforce.governance.handover import HandoverItem, RecordHandover


class FacilitationHandover(RecordHandover):
    """Every agreement the person facilitates, whatever its status: one in effect still needs
    someone to review and renew it.

    The handover page is read by whoever performs the handover, who may not be party to the
    agreement; an agreement only its parties may read is therefore listed by its kind, number and
    party count, never by its title. Its link still leads its parties to it.
    """

    name = "agreement_facilitation"

    def owned_by(self, person: Person) -> list[HandoverItem]:
        agreements = (
            Agreement.objects.filter(facilitator=person)
            .prefetch_related("parties")
            .order_by("title", "pk")
        )
        return [
            HandoverItem(
                kind="Agreement facilitation",
                key=self.key(agreement.pk),
                label=self.label(agreement),
                detail=self.detail(agreement),
                url=reverse("agreements:detail", kwargs={"pk": agreement.pk}),
            )
            for agreement in agreements
        ]

    @staticmethod
    def label(agreement: Agreement) -> str:
        if agreement.task_force_wide and agreement.effective_version_id:
            return agreement.title
        return f"{agreement.get_kind_display()} no. {agreement.pk} (only its parties read it)"

    @staticmethod
    def detail(agreement: Agreement) -> str:
        parties = len(agreement.parties.all())
        return (
            f"{selectors.display_status(agreement).lower()}, "
            f"{parties} part{'y' if parties == 1 else 'ies'}"
        )

    def reassign_rows(
        self,
        actor: Any,
        ids: list[int],
        outgoing: Person,
        incoming: Person,
        request: HttpRequest | None,
    ) -> int:
        return services.reassign_facilitation(actor, ids, outgoing, incoming, request=request)
