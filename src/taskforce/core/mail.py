"""E-mail sent once the change that prompts it is committed.

One message per recipient, so nobody sees the others' addresses. A mail server that refuses them
does not undo the change: the failure is logged and recorded in the audit log under the caller's
`failure_action`, and people find everything on the record's page.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.http import HttpRequest

from taskforce.core import audit

logger = logging.getLogger(__name__)


def send_after_commit(
    actor: Any,
    target: models.Model,
    *,
    purpose: str,
    subject: str,
    body: str,
    recipients: Collection[str],
    failure_action: str,
    request: HttpRequest | None = None,
) -> int:
    """Queue the message to each address; return how many will be sent."""
    addresses = sorted(set(recipients))
    if not addresses:
        return 0

    def deliver() -> None:
        messages = [EmailMessage(subject, body, None, [address]) for address in addresses]
        try:
            with get_connection(fail_silently=False) as connection:
                connection.send_messages(messages)
        except Exception as error:  # any refusal: logged and audited, never raised to the user
            reason = (str(error).strip() or type(error).__name__).rstrip(".")
            logger.error(
                "The %s e-mail about %s could not be sent: %s",
                purpose,
                target,
                reason,
                exc_info=True,
            )
            audit.atomic_record(
                actor,
                failure_action,
                target,
                changes={"purpose": purpose, "recipients": len(messages), "reason": reason},
                request=request,
                target_label=str(target),
            )

    transaction.on_commit(deliver, robust=True)
    return len(addresses)
