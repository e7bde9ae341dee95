"""Personal API tokens: `tf_<prefix>_<secret>`, shown once, stored as a SHA-256 hash.

The prefix is stored in clear so a person can tell their tokens apart (and spot a leaked one in a
log); the secret never is. A token is looked up by the hash of the whole string, so checking it
takes the same time whichever character is wrong.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from taskforce.accounts.models import ApiToken, TokenScope, User
from taskforce.accounts.selectors import is_administrator
from taskforce.core import audit

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


def _new_raw_token() -> tuple[str, str]:
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


def create_token(
    actor: User,
    *,
    name: str,
    scope: str,
    request: HttpRequest | None = None,
    via: str | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `actor`; returns the row and the raw token, which is never stored.

    `via` names a channel other than the person's own profile (the command line), so the audit
    log does not show the owner making a token an operator made for them.
    """
    name = (name or "").strip()
    if not name:
        raise TokenError("Give the token a name, so you can tell it apart from others.")
    if len(name) > NAME_MAX_LENGTH:
        raise TokenError(f"Keep the name to {NAME_MAX_LENGTH} characters or fewer.")
    if scope not in TokenScope.values:
        raise TokenError(f"Scope must be one of: {', '.join(TokenScope.values)}.")
    if not actor.is_active:
        raise TokenError("A deactivated account cannot have API tokens.")
    prefix, raw = _new_raw_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name, prefix=prefix, token_hash=hash_token(raw), scope=scope
        )
        changes = {"name": name, "scope": scope, "prefix": prefix, "owner": str(actor)}
        if via is not None:
            changes["via"] = via
        audit.record(
            None if via is not None else actor,
            "accounts.token.created",
            token,
            changes=changes,
            request=request,
        )
    return token, raw


def revoke_token(actor: User, token: ApiToken, *, request: HttpRequest | None = None) -> None:
    """Stop a token working at once. Its owner or an administrator may do this."""
    if token.user_id != actor.pk and not is_administrator(actor):
        raise PermissionDenied("Only the token's owner or an administrator may revoke it.")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if token.revoked_at is not None:
            return
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor,
            "accounts.token.revoked",
            token,
            changes={"name": token.name, "prefix": token.prefix, "owner": str(token.user)},
            request=request,
        )


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
