"""E-mail about proposals: positions are open, a deadline is near, an outcome, a review due.

Messages go out once the change that prompts them is committed, one per recipient (nobody sees
the others' addresses), through `core.mail`: a refusal is logged and audited and undoes nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from taskforce.core.mail import send_after_commit
from taskforce.directory.selectors import email_addresses
from taskforce.governance.decision_models import Proposal

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
    return send_after_commit(
        actor,
        proposal,
        purpose=purpose,
        subject=subject,
        body=body,
        recipients=recipients,
        failure_action="governance.proposal.email_failed",
        request=request,
    )
