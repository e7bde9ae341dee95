"""Handing e-mail to the mail server without letting a refusal undo or hide anything.

`deliver` sends messages over one connection; a refusal is logged and recorded in the audit log
under the caller's `failure_action` (in its own transaction, so the record stays whatever happens
to the caller's), and its reason is returned. `send_after_commit` queues one message per recipient
(nobody sees the others' addresses) for when the change that prompts them is committed.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Collection, Sequence
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.http import HttpRequest

from taskforce.core import audit

logger = logging.getLogger(__name__)


def failure_reason(error: Exception, *, one_recipient: bool = False) -> str:
    """The mail server's refusal in words people can act on."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        whose = "recipient's address" if one_recipient else "recipients' addresses"
        return f"the mail server refused the {whose}"
    if isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error
        text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
        return f"the mail server answered {error.smtp_code} {text.strip()}"
    return (str(error).strip() or type(error).__name__).rstrip(".")


def deliver(
    actor: Any,
    target: models.Model,
    messages: Sequence[EmailMessage],
    *,
    purpose: str,
    failure_action: str,
    request: HttpRequest | None = None,
) -> str | None:
    """Send the messages; None when the server took them, else the reason it did not."""
    try:
        with get_connection(fail_silently=False) as connection:
            connection.send_messages(list(messages))
    except Exception as error:  # any refusal: logged and audited, never raised from here
        reason = failure_reason(error)
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
        return reason
    return None


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

    def send() -> None:
        deliver(
            actor,
            target,
            [EmailMessage(subject, body, None, [address]) for address in addresses],
            purpose=purpose,
            failure_action=failure_action,
            request=request,
        )

    transaction.on_commit(send, robust=True)
    return len(addresses)
