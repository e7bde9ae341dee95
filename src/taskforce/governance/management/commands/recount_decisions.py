"""`taskforce recount-decisions`: count every closed proposal again from its frozen ballot.

A decision's result is frozen when it closes, together with the rule and the ballot it was counted
from. Recounting proves that the stored outcome and explanation are what the rule gives; any
difference is printed and the command exits 1.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from taskforce.governance import tally
from taskforce.governance.decision_models import Proposal
from taskforce.governance.decision_selectors import CLOSED_STATUSES, recount


class Command(BaseCommand):
    help = "Recount every closed proposal from its frozen rule and ballot and compare."

    def handle(self, *args: Any, **options: Any) -> None:
        checked = 0
        differing = []
        closed = Proposal.objects.filter(
            status__in=CLOSED_STATUSES, frozen__isnull=False, rule_in_force__isnull=False
        ).select_related("frozen")
        for proposal in closed.iterator(chunk_size=500):
            checked += 1
            if recount(proposal) != tally.Result.from_json(proposal.frozen.result):
                differing.append(proposal.reference)
        for reference in differing:
            self.stderr.write(f"Recount differs from the recorded result: {reference}")
        self.stdout.write(
            f"Recounted {tally.plural(checked, 'decision')}; {len(differing)} differ."
        )
        if differing:
            raise SystemExit(1)
