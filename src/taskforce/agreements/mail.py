"""E-mail about agreements: a version circulated for review or for signature, an agreement in
effect, an expiry or a review coming up. Sent after commit through `core.mail`."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from taskforce.agreements.models import AgreementVersion
from taskforce.core.mail import send_after_commit
from taskforce.directory.selectors import email_addresses

SUBJECTS = {
    "circulated": "For review: {title}, version {number}",
    "final": "For signature: {title}, version {number}",
    "effective": "In effect: {title}",
    "expiring": "Expires soon: {title}",
    "review": "Due for review: {title}",
}


def agreement_link(version: AgreementVersion, request: HttpRequest | None = None) -> str:
    path = reverse("agreements:detail", kwargs={"pk": version.agreement_id})
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def send_on_commit(
    actor: Any,
    version: AgreementVersion,
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
    agreement = version.agreement
    full = {
        "agreement": agreement,
        "version": version,
        "link": agreement_link(version, request),
        **(context or {}),
    }
    return send_after_commit(
        actor,
        agreement,
        purpose=purpose,
        subject=SUBJECTS[purpose].format(title=agreement.title, number=version.number),
        body=render_to_string(f"agreements/email/{purpose}.txt", full),
        recipients=recipients,
        failure_action="agreements.agreement.email_failed",
        request=request,
    )
