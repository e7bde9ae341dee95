"""Personal API tokens: `tf_<prefix>_<secret>`, shown once, stored as a SHA-256 hash.

The prefix is stored in clear so a person can tell their tokens apart (and spot a leaked one in a
log); the secret never is. A token is looked up by the hash of the whole string, so checking it
takes the same time whichever character is wrong. Making and revoking tokens are writes, and live
in services.py with the other account changes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from datetime import timedelta

from django.utils import timezone

from taskforce.accounts.models import ApiToken

TOKEN_PREFIX = "tf_"
PREFIX_LENGTH = 8
SECRET_LENGTH = 40  # about 238 bits from 62 symbols
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100
# Writing last_used_at on every call would turn every API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)

_ALPHABET = string.ascii_letters + string.digits


class TokenError(ValueError):
    """The token cannot be made as asked (bad name or scope, inactive account)."""


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_raw_token() -> tuple[str, str]:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(SECRET_LENGTH))
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secret}"


def _parse(raw: str) -> str | None:
    """The prefix of a well-formed token, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    prefix, _, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    if len(prefix) != PREFIX_LENGTH or len(secret) != SECRET_LENGTH:
        return None
    return prefix


def authenticate_token(raw: str) -> ApiToken | None:
    """The live token for this string, with its user; None if unknown, revoked or inactive."""
    raw = (raw or "").strip()
    if _parse(raw) is None:
        return None
    digest = hash_token(raw)
    token = ApiToken.objects.select_related("user").filter(token_hash=digest).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
