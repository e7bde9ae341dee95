"""Reads of account data that depend on who is asking."""

from __future__ import annotations

import hashlib
import math
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from taskforce.accounts.models import (
    ApiToken,
    BackupCode,
    Invitation,
    Role,
    SignInThrottle,
    TwoFactorDevice,
    User,
)
from taskforce.core import audit


def is_administrator(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "role", "") == Role.ADMINISTRATOR
    )


def throttle_key(username: str) -> str:
    """Throttles are per username regardless of case, so 'Admin' and 'admin' share one."""
    return (username or "").strip().lower()[:254]


def lock_minutes_left(username: str, stage: str, *, now: datetime | None = None) -> int | None:
    """Whole minutes (rounded up) until the lock on this username and stage ends; None if open."""
    now = now or timezone.now()
    locked_until = (
        SignInThrottle.objects.filter(username=throttle_key(username), stage=stage)
        .values_list("locked_until", flat=True)
        .first()
    )
    return minutes_until(locked_until, now=now)


def minutes_until(locked_until: datetime | None, *, now: datetime | None = None) -> int | None:
    """Whole minutes (rounded up) until `locked_until`; None when it has passed or is unset."""
    now = now or timezone.now()
    if locked_until is None or locked_until <= now:
        return None
    return max(1, math.ceil((locked_until - now).total_seconds() / 60))


def confirmed_device(user: User) -> TwoFactorDevice | None:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def remaining_backup_codes(user: User) -> int:
    return BackupCode.objects.filter(user=user, used_at__isnull=True).count()


def _with_account_status(users: QuerySet[User]) -> QuerySet[User]:
    now = timezone.now()
    return users.annotate(
        has_two_factor=Exists(
            TwoFactorDevice.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
        ),
        is_locked=Exists(
            SignInThrottle.objects.filter(
                username=Lower(OuterRef("username")), locked_until__gt=now
            )
        ),
    )


def accounts_for_linking(*, keep: int | None = None) -> QuerySet[User]:
    """Active accounts that may be tied to a directory entry, plus `keep` (the current link)."""
    condition = Q(is_active=True)
    if keep is not None:
        condition |= Q(pk=keep)
    return User.objects.filter(condition).order_by("last_name", "first_name", "username")


def users_visible_to(viewer: Any) -> QuerySet[User]:
    """Accounts an administrator manages, with 2FA and lock status; nothing for anyone else."""
    if not is_administrator(viewer):
        return User.objects.none()
    return _with_account_status(User.objects.all())


def search_users(viewer: Any, *, query: str = "", status: str = "active") -> QuerySet[User]:
    """Accounts matching a name, username or e-mail fragment; status: active, deactivated, all."""
    users = users_visible_to(viewer)
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "deactivated":
        users = users.filter(is_active=False)
    return users.order_by("last_name", "first_name", "username")


def get_user_for(viewer: Any, pk: int) -> User:
    return get_object_or_404(users_visible_to(viewer), pk=pk)


def pending_invitations_visible_to(viewer: Any) -> QuerySet[Invitation]:
    if not is_administrator(viewer):
        return Invitation.objects.none()
    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def get_invitation_for(viewer: Any, pk: int) -> Invitation:
    visible = Invitation.objects.all() if is_administrator(viewer) else Invitation.objects.none()
    return get_object_or_404(visible, pk=pk)


def invitation_token_hash(raw: str) -> str:
    return hashlib.sha256((raw or "").encode("utf-8")).hexdigest()


def find_invitation(raw_token: str) -> Invitation | None:
    """The invitation a link carries, whatever its state (the caller says why it cannot be used)."""
    return Invitation.objects.filter(token_hash=invitation_token_hash(raw_token)).first()


def invitation_problem(invitation: Invitation | None, *, now: datetime | None = None) -> str | None:
    """Why an invitation cannot be accepted, in words for the invitee; None when it can."""
    now = now or timezone.now()
    if invitation is None:
        return "This invitation link is not valid. Check that you copied the whole link."
    if invitation.accepted_at is not None:
        return "This invitation has already been used. Sign in with the account it created."
    if invitation.revoked_at is not None:
        return "This invitation was withdrawn by an administrator."
    if invitation.expires_at <= now:
        return "This invitation has expired."
    return None


def api_tokens_visible_to(viewer: Any) -> QuerySet[ApiToken]:
    """A person's own tokens; administrators see everyone's (to revoke a leaked one)."""
    if not getattr(viewer, "is_authenticated", False):
        return ApiToken.objects.none()
    tokens = ApiToken.objects.select_related("user")
    if is_administrator(viewer):
        return tokens
    return tokens.filter(user=viewer)


def get_api_token_for(viewer: Any, pk: int) -> ApiToken:
    return get_object_or_404(api_tokens_visible_to(viewer), pk=pk)


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def recently_sent_reset_email(user: User, since: datetime) -> bool:
    return (
        audit.history_for(user)
        .filter(action="accounts.password.reset_requested", occurred_at__gte=since)
        .exists()
    )


def live_tokens_of(user: User) -> QuerySet[ApiToken]:
    return tokens_of(user).filter(revoked_at__isnull=True)


def username_taken(username: str) -> bool:
    return User.objects.filter(username__iexact=(username or "").strip()).exists()


def email_taken(email: str, *, exclude: int | None = None) -> bool:
    """Whether an account (other than `exclude`) uses this address, whatever its case."""
    accounts = User.objects.filter(email__iexact=(email or "").strip())
    if exclude is not None:
        accounts = accounts.exclude(pk=exclude)
    return accounts.exists()


def pending_invitation_for_email(email: str) -> Invitation | None:
    return (
        Invitation.objects.filter(
            email__iexact=(email or "").strip(),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )


def accounts_without_two_factor() -> QuerySet[User]:
    return User.objects.filter(is_active=True).exclude(Q(two_factor__confirmed_at__isnull=False))
