"""E-mail about proposals: positions are open, a deadline is near, an outcome, a review due.

Messages go out once the change that prompts them is committed, one per recipient (nobody sees
the others' addresses). A mail server that refuses them does not undo the change: the failure is
logged and recorded in the audit log, and members find everything on the proposal's page.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from taskforce.core import audit
from taskforce.directory.selectors import email_addresses
from taskforce.governance.decision_models import Proposal

logger = logging.getLogger(__name__)

SUBJECTS = {
    "opened": "Positions open: {reference} {title}",
    "reminder": "Deadline near: {reference} {title}",
    "outcome": "Decided: {reference} {title}",
    "review": "Due for review: {reference} {title}",
}


def proposal_link(proposal: Proposal, request: HttpRequest | None = None) -> str:
    path = reverse("decisions:proposal", kwargs={"pk": proposal.pk})
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def send_on_commit(
    actor: Any,
    proposal: Proposal,
    purpose: str,
    person_ids: Collection[int],
    *,
    request: HttpRequest | None = None,
    context: dict[str, Any] | None = None,
) -> int:
    """Queue the `purpose` message to the people's addresses; return how many will be sent."""
    recipients = email_addresses(person_ids)
    if not recipients:
        return 0
    full = {"proposal": proposal, "link": proposal_link(proposal, request), **(context or {})}
    subject = SUBJECTS[purpose].format(reference=proposal.reference, title=proposal.title)
    body = render_to_string(f"governance/decisions/email/{purpose}.txt", full)

    def deliver() -> None:
        messages = [EmailMessage(subject, body, None, [address]) for address in recipients]
        try:
            with get_connection(fail_silently=False) as connection:
                connection.send_messages(messages)
        except Exception as error:  # any refusal: logged and audited, never raised to the user
            reason = (str(error).strip() or type(error).__name__).rstrip(".")
            logger.error(
                "The %s e-mail for proposal %s could not be sent: %s",
                purpose,
                proposal.reference,
                reason,
                exc_info=True,
            )
            audit.atomic_record(
                actor,
                "governance.proposal.email_failed",
                proposal,
                changes={"purpose": purpose, "recipients": len(messages), "reason": reason},
                request=request,
                target_label=str(proposal),
            )

    transaction.on_commit(deliver, robust=True)
    return len(recipients)
