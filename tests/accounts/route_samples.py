"""URL arguments for this app's routes with parameters (see tests/security/route_samples.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from taskforce.accounts.models import ApiToken, Invitation
from tests.personas import Personas
from tests.security.route_samples import RouteSample


def _account(p: Personas) -> dict[str, Any]:
    return {"pk": p.detective.pk}


def _invitation(p: Personas) -> dict[str, Any]:
    invitation = Invitation.objects.create(
        email="sample.invitee@example.org",
        role="member",
        token_hash="0" * 64,
        invited_by=p.administrator,
        expires_at=timezone.now() + timedelta(days=7),
    )
    return {"pk": invitation.pk}


def _token(p: Personas) -> dict[str, Any]:
    token = ApiToken.objects.create(
        user=p.detective, name="Sample", prefix="00000000", token_hash="1" * 64
    )
    return {"pk": token.pk}


SAMPLES: dict[str, RouteSample] = {
    "accounts:user-detail": _account,
    "accounts:user-edit": _account,
    "accounts:user-role": _account,
    "accounts:user-deactivate": _account,
    "accounts:user-reactivate": _account,
    "accounts:user-unlock": _account,
    "accounts:user-reset-two-factor": _account,
    "accounts:invitation-revoke": _invitation,
    "accounts:invitation-resend": _invitation,
    "accounts:token-revoke": _token,
    # An unknown token answers with the "invitation not valid" page.
    "accounts:invitation-accept": lambda p: {"token": "no-such-invitation"},
    # A link that does not verify answers with the "link does not work" page.
    "accounts:password-reset-confirm": lambda p: {"uidb64": "MQ", "token": "no-such-token"},
}
NOT_CALLABLE: dict[str, str] = {}
