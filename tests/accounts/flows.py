"""Steps of the sign-in flow as a browser would post them, shared by the account tests."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyotp
from django.test import Client
from django.urls import reverse

from taskforce.core.models import AuditEvent
from tests.personas import PASSWORD

LOGIN_URL = reverse("accounts:login")
CODE_URL = reverse("accounts:login-code")


def submit_password(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(LOGIN_URL, {"username": username, "password": password, **extra})


def submit_code(client: Client, code: str):
    return client.post(CODE_URL, {"code": code})


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def wrong_code(secret: str) -> str:
    """A 6-digit code that is not valid for this secret at any step in the accepted window."""
    totp = pyotp.TOTP(secret)
    now = datetime.now()
    valid = {totp.at(now + timedelta(seconds=offset)) for offset in (-60, -30, 0, 30, 60)}
    for candidate in ("000000", "111111", "222222", "333333"):
        if candidate not in valid:
            return candidate
    raise AssertionError("unreachable: four distinct codes cannot all be valid")


def events(action: str, **filters: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, **filters).order_by("sequence"))
