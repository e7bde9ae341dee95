"""Every change to accounts: sign-in, two-factor, passwords, invitations and administration.

Each function takes the acting user first (or the request, where nobody is signed in yet), checks
the rule, makes the change and records it in the audit log inside one transaction.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from taskforce.accounts import otp
from taskforce.accounts.middleware import SESSION_STARTED_KEY
from taskforce.accounts.models import (
    ApiToken,
    BackupCode,
    Invitation,
    Role,
    SignInStage,
    SignInThrottle,
    TokenScope,
    TwoFactorDevice,
    User,
)
from taskforce.accounts.policy import two_factor_required
from taskforce.accounts.selectors import (
    email_taken,
    invitation_problem,
    invitation_token_hash,
    is_administrator,
    live_tokens_of,
    lock_minutes_left,
    minutes_until,
    pending_invitation_for_email,
    recently_sent_reset_email,
    throttle_key,
    username_taken,
)
from taskforce.accounts.signals import account_created, account_deactivated
from taskforce.accounts.tokens import (
    NAME_MAX_LENGTH,
    TokenError,
    hash_token,
    new_raw_token,
)
from taskforce.core import audit
from taskforce.core.mail import failure_reason
from taskforce.core.models import SiteSettings

logger = logging.getLogger(__name__)

PENDING_SIGN_IN_KEY = "accounts_pending_sign_in"
# How long the code step may take after the password was accepted.
PENDING_SIGN_IN_SECONDS = 5 * 60

WRONG_CREDENTIALS = "The username or password is not correct."
WRONG_CODE = "That code is not correct. Enter the current code from your authenticator app."
SIGN_IN_EXPIRED = "Your sign-in took too long. Please enter your username and password again."


class AccountError(Exception):
    """A refusal the person can act on; `field` names the form field it belongs to, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class SignInRefused(AccountError):
    """Wrong credentials or code, or a lock in force."""


def lock_message(minutes: int) -> str:
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed attempts. Try again in {minutes} {unit} or reset your password."


def _require_administrator(actor: Any) -> None:
    if not is_administrator(actor):
        raise PermissionDenied("Only administrators manage accounts.")


def _absolute_url(path: str, request: HttpRequest | None) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL}{path}"


# --- Throttling ------------------------------------------------------------------------------


def _throttle_for_update(username: str, stage: str) -> SignInThrottle:
    """The throttle row, locked for this transaction; a lock that has run out starts afresh."""
    throttle, _ = SignInThrottle.objects.select_for_update().get_or_create(
        username=throttle_key(username), stage=stage
    )
    if throttle.locked_until is not None and throttle.locked_until <= timezone.now():
        throttle.failures = 0
        throttle.locked_until = None
    return throttle


def _minutes_left(throttle: SignInThrottle) -> int | None:
    return minutes_until(throttle.locked_until)


def _audit_target(user: User | None, username: str) -> dict[str, Any]:
    if user is not None:
        return {"target": user}
    return {"target": None, "target_label": f"unknown username “{throttle_key(username)[:150]}”"}


def _refuse_while_locked(
    throttle: SignInThrottle,
    user: User | None,
    request: HttpRequest | None,
    purpose: str,
) -> str:
    minutes = _minutes_left(throttle) or 1
    audit.record(
        None,
        "accounts.login.failed",
        changes={"stage": throttle.stage, "reason": "locked", "purpose": purpose},
        request=request,
        **_audit_target(user, throttle.username),
    )
    return lock_message(minutes)


def _count_failure(
    throttle: SignInThrottle,
    user: User | None,
    request: HttpRequest | None,
    purpose: str,
    wrong_message: str,
) -> str:
    """Add one failure; lock once the limit is reached. Returns the message to show."""
    now = timezone.now()
    throttle.failures += 1
    throttle.last_failure_at = now
    locked = throttle.failures >= settings.LOGIN_FAILURE_LIMIT
    if locked:
        throttle.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    throttle.save()
    target = _audit_target(user, throttle.username)
    audit.record(
        None,
        "accounts.login.failed",
        changes={"stage": throttle.stage, "failures": throttle.failures, "purpose": purpose},
        request=request,
        **target,
    )
    if not locked:
        return wrong_message
    audit.record(
        None,
        "accounts.login.locked",
        changes={
            "stage": throttle.stage,
            "failures": throttle.failures,
            "locked_until": throttle.locked_until,
        },
        request=request,
        **target,
    )
    return lock_message(settings.LOGIN_LOCKOUT_MINUTES)


def _clear_throttles(username: str, stages: Iterable[str]) -> list[str]:
    """Remove the counters for these stages; returns the stages that were locked."""
    rows = SignInThrottle.objects.filter(username=throttle_key(username), stage__in=list(stages))
    was_locked = sorted(
        rows.filter(locked_until__gt=timezone.now()).values_list("stage", flat=True)
    )
    rows.delete()
    return was_locked


# --- Sign-in ---------------------------------------------------------------------------------


def check_password(request: HttpRequest, username: str, password: str) -> User:
    """The account for these credentials, or SignInRefused (same words for any wrong part)."""
    username = (username or "").strip()
    known_user = User.objects.filter(username=username).first()
    user: User | None = None
    # The hash is checked outside the transaction (it is deliberately slow, and on SQLite a
    # transaction holds the write lock) and skipped while locked; the lock is checked again below
    # under the row lock, so a guess racing a new lock is still refused.
    if lock_minutes_left(username, SignInStage.PASSWORD) is None:
        authenticated = authenticate(request, username=username, password=password)
        user = authenticated if isinstance(authenticated, User) else None
    with transaction.atomic():
        throttle = _throttle_for_update(username, SignInStage.PASSWORD)
        if _minutes_left(throttle) is not None:
            message = _refuse_while_locked(throttle, known_user, request, "sign-in")
        elif user is None:
            message = _count_failure(throttle, known_user, request, "sign-in", WRONG_CREDENTIALS)
        else:
            throttle.delete()
            return user
    raise SignInRefused(message)


def _consume_second_factor(
    user: User, code: str, *, allow_backup: bool, request: HttpRequest | None
) -> str | None:
    """Accept a current TOTP code or an unused backup code, once. Runs inside a transaction."""
    if otp.looks_like_totp(code):
        device = (
            TwoFactorDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        if device is None:
            return None
        step = otp.matching_step(device.secret, code, after_step=device.last_used_step)
        if step is None:
            return None
        device.last_used_step = step
        device.save(update_fields=["last_used_step"])
        return "authenticator app"
    if not allow_backup:
        return None
    backup = (
        BackupCode.objects.select_for_update()
        .filter(user=user, code_hash=otp.hash_code(code), used_at__isnull=True)
        .first()
    )
    if backup is None:
        return None
    backup.used_at = timezone.now()
    backup.save(update_fields=["used_at"])
    remaining = BackupCode.objects.filter(user=user, used_at__isnull=True).count()
    audit.record(
        user,
        "accounts.two_factor.backup_code_used",
        user,
        changes={"remaining": remaining},
        request=request,
    )
    return "backup code"


def _verify_code(
    user: User,
    code: str,
    *,
    allow_backup: bool,
    request: HttpRequest | None,
    purpose: str,
    on_success: Callable[[str], None],
) -> str:
    """Check a second-factor code under the code-step throttle; run `on_success` if it passes.

    Everything happens in one transaction holding the throttle row, so parallel guesses are
    counted one after another and none slips past a lock.
    """
    with transaction.atomic():
        throttle = _throttle_for_update(user.username, SignInStage.CODE)
        if _minutes_left(throttle) is not None:
            message = _refuse_while_locked(throttle, user, request, purpose)
        else:
            method = _consume_second_factor(user, code, allow_backup=allow_backup, request=request)
            if method is not None:
                throttle.delete()
                on_success(method)
                return method
            message = _count_failure(throttle, user, request, purpose, WRONG_CODE)
    raise SignInRefused(message, field="code")


def _backend_of(user: User) -> str:
    """The backend that authenticated the user (authenticate() notes it on the instance)."""
    return str(getattr(user, "backend", None) or settings.AUTHENTICATION_BACKENDS[0])


def _finish_sign_in(
    request: HttpRequest, user: User, method: str, *, backend: str | None = None
) -> None:
    """Log the person in and record it; inside the caller's transaction."""
    backend = backend or _backend_of(user)
    request.session.pop(PENDING_SIGN_IN_KEY, None)
    login(request, user, backend=backend)
    request.session[SESSION_STARTED_KEY] = time.time()
    audit.record(
        user, "accounts.login.succeeded", user, changes={"method": method}, request=request
    )


def sign_in_with_password(request: HttpRequest, user: User) -> None:
    """Finish a sign-in that needs no second step (no authenticator enrolled)."""
    with transaction.atomic():
        _finish_sign_in(request, user, "password")


@dataclass(frozen=True)
class PendingSignIn:
    user: User
    next_url: str
    backend: str


def begin_code_step(request: HttpRequest, user: User, next_url: str) -> None:
    """Remember who passed the password step; they are not signed in until the code passes."""
    request.session.cycle_key()
    request.session[PENDING_SIGN_IN_KEY] = {
        "user_id": user.pk,
        "started_at": time.time(),
        "backend": _backend_of(user),
        "next": next_url,
    }


def pending_sign_in(request: HttpRequest) -> PendingSignIn | None:
    """Who is between the password and the code step, if that began less than 5 minutes ago."""
    data = request.session.get(PENDING_SIGN_IN_KEY)
    if not isinstance(data, dict):
        return None
    started = data.get("started_at")
    if not isinstance(started, int | float) or time.time() - started > PENDING_SIGN_IN_SECONDS:
        request.session.pop(PENDING_SIGN_IN_KEY, None)
        return None
    backend, user_id = data.get("backend"), data.get("user_id")
    user = (
        User.objects.filter(pk=user_id, is_active=True).first()
        if isinstance(user_id, int)
        else None
    )
    if (
        user is None
        or not isinstance(backend, str)
        or backend not in settings.AUTHENTICATION_BACKENDS
    ):
        request.session.pop(PENDING_SIGN_IN_KEY, None)
        return None
    return PendingSignIn(user=user, next_url=str(data.get("next") or ""), backend=backend)


def sign_in_with_code(request: HttpRequest, pending: PendingSignIn, code: str) -> str:
    """Finish a sign-in with an authenticator or backup code; returns how it was done."""
    return _verify_code(
        pending.user,
        code,
        allow_backup=True,
        request=request,
        purpose="sign-in",
        on_success=lambda method: _finish_sign_in(
            request, pending.user, method, backend=pending.backend
        ),
    )


def sign_out(request: HttpRequest) -> None:
    user = request.user
    if isinstance(user, User):
        with transaction.atomic():
            audit.record(user, "accounts.logout", user, request=request)
    logout(request)


# --- Two-factor ------------------------------------------------------------------------------


def _replace_backup_codes(user: User) -> list[str]:
    codes = otp.new_backup_codes()
    BackupCode.objects.filter(user=user).delete()
    BackupCode.objects.bulk_create(
        [BackupCode(user=user, code_hash=otp.hash_code(code)) for code in codes]
    )
    return codes


def start_two_factor_setup(actor: User, *, request: HttpRequest | None = None) -> TwoFactorDevice:
    """The unconfirmed authenticator being set up, made with a new secret if there is none.

    Reloading the page keeps the same secret, so a code already scanned stays valid.
    """
    with transaction.atomic():
        device = TwoFactorDevice.objects.select_for_update().filter(user=actor).first()
        if device is not None and device.is_confirmed:
            raise AccountError("Two-factor sign-in is already on for your account.")
        if device is not None:
            return device
        device = TwoFactorDevice.objects.create(user=actor, secret=otp.new_secret())
        audit.record(actor, "accounts.two_factor.setup_started", actor, request=request)
        return device


def confirm_two_factor_setup(
    actor: User, code: str, *, request: HttpRequest | None = None
) -> list[str]:
    """Turn two-factor on once the app shows a matching code; returns the new backup codes."""
    with transaction.atomic():
        device = (
            TwoFactorDevice.objects.select_for_update()
            .filter(user=actor, confirmed_at__isnull=True)
            .first()
        )
        if device is None:
            raise AccountError("Start the set-up again: this page was out of date.")
        step = otp.matching_step(device.secret, code, after_step=device.last_used_step)
        if step is None:
            raise AccountError(
                "That code does not match. Check that your phone's clock is right and enter "
                "the code currently shown.",
                field="code",
            )
        device.confirmed_at = timezone.now()
        device.last_used_step = step
        device.save(update_fields=["confirmed_at", "last_used_step"])
        codes = _replace_backup_codes(actor)
        audit.record(
            actor,
            "accounts.two_factor.enrolled",
            actor,
            changes={"backup_codes": len(codes)},
            request=request,
        )
        return codes


def regenerate_backup_codes(
    actor: User, code: str, *, request: HttpRequest | None = None
) -> list[str]:
    """New backup codes (the old ones stop working), confirmed with a current app code."""
    codes: list[str] = []

    def replace(method: str) -> None:
        codes.extend(_replace_backup_codes(actor))
        audit.record(
            actor,
            "accounts.two_factor.backup_codes_regenerated",
            actor,
            changes={"backup_codes": len(codes)},
            request=request,
        )

    _verify_code(
        actor,
        code,
        allow_backup=False,
        request=request,
        purpose="new backup codes",
        on_success=replace,
    )
    return codes


def _delete_two_factor(user: User) -> None:
    TwoFactorDevice.objects.filter(user=user).delete()
    BackupCode.objects.filter(user=user).delete()


def remove_two_factor(actor: User, code: str, *, request: HttpRequest | None = None) -> None:
    """Turn off one's own two-factor sign-in, where the role allows it."""
    if two_factor_required(actor):
        raise PermissionDenied("Two-factor sign-in is required for your account.")

    def remove(method: str) -> None:
        _delete_two_factor(actor)
        audit.record(
            actor,
            "accounts.two_factor.removed",
            actor,
            changes={"confirmed_with": method},
            request=request,
        )

    _verify_code(
        actor, code, allow_backup=True, request=request, purpose="remove", on_success=remove
    )


def reset_two_factor(actor: User, user: User, *, request: HttpRequest | None = None) -> None:
    """An administrator clears someone's authenticator (a lost phone); they enrol again."""
    _require_administrator(actor)
    if user.pk == actor.pk:
        raise AccountError("Use your own two-factor page to change your authenticator.")
    with transaction.atomic():
        had_device = TwoFactorDevice.objects.filter(user=user).exists()
        _delete_two_factor(user)
        audit.record(
            actor,
            "accounts.two_factor.removed",
            user,
            changes={"by_administrator": True, "had_authenticator": had_device},
            request=request,
        )


# --- Passwords -------------------------------------------------------------------------------


def change_password(actor: User, new_password: str, *, request: HttpRequest) -> None:
    """Set a new password; this session stays signed in, every other one ends."""
    with transaction.atomic():
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        update_session_auth_hash(request, actor)
        audit.record(actor, "accounts.password.changed", actor, request=request)


def accept_password_reset_request(users: Iterable[User], *, request: HttpRequest) -> list[User]:
    """The accounts a reset e-mail may go to now, recording each request either way.

    One e-mail per account per PASSWORD_RESET_EMAIL_INTERVAL: anyone can ask for a reset for any
    address, and must not be able to flood someone's inbox with links.
    """
    since = timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_EMAIL_INTERVAL_SECONDS)
    accepted: list[User] = []
    with transaction.atomic():
        for user in users:
            if recently_sent_reset_email(user, since):
                audit.record(None, "accounts.password.reset_throttled", user, request=request)
            else:
                audit.record(None, "accounts.password.reset_requested", user, request=request)
                accepted.append(user)
    return accepted


def record_password_reset_email_failure(
    user: User, error: Exception, *, request: HttpRequest | None = None
) -> None:
    """Note a reset e-mail the mail server did not take.

    The person asking is not told: the page must read the same whether or not an account uses the
    address. The log names the account, never the address (mail servers often quote it back).
    """
    reason = re.sub(
        re.escape(user.email),
        "the address",
        failure_reason(error, one_recipient=True),
        flags=re.IGNORECASE,
    )
    logger.error("The password-reset e-mail for account %s could not be sent: %s", user.pk, reason)
    audit.atomic_record(
        None,
        "accounts.password.reset_email_failed",
        user,
        changes={"reason": reason},
        request=request,
    )


def reset_password(user: User, new_password: str, *, request: HttpRequest | None = None) -> None:
    """Set the password from an e-mailed link; that proves the owner, so lockouts are lifted."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        cleared = _clear_throttles(user.username, SignInStage.values)
        audit.record(
            user,
            "accounts.password.reset",
            user,
            changes={"lockouts_cleared": cleared},
            request=request,
        )


# --- Invitations -----------------------------------------------------------------------------


@dataclass
class EmailDelivery:
    """What became of an e-mail that goes out once the transaction commits.

    Both `sent` and `error` stay unset until the commit (and for good if it rolls back), so read
    them only after the outermost transaction is over: in a view, once the service has returned.
    """

    recipient: str
    sent: bool = False
    error: str | None = None


@dataclass(frozen=True)
class InvitationResult:
    invitation: Invitation
    email: EmailDelivery


def _send_invitation(
    actor: User, invitation: Invitation, raw_token: str, request: HttpRequest | None
) -> EmailDelivery:
    """Send the e-mail once the invitation is committed (never for a rolled-back one)."""
    link = _absolute_url(
        reverse("accounts:invitation-accept", kwargs={"token": raw_token}), request
    )
    context = {"invitation": invitation, "link": link, "valid_days": settings.INVITATION_VALID_DAYS}
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_body.txt", context)
    delivery = EmailDelivery(recipient=invitation.email)

    def deliver() -> None:
        try:
            send_mail(subject, body, None, [invitation.email], fail_silently=False)
        except Exception as error:
            delivery.error = failure_reason(error, one_recipient=True)
            logger.error(
                "The e-mail for invitation %s could not be sent: %s",
                invitation.pk,
                delivery.error,
                exc_info=True,
            )
            audit.atomic_record(
                actor,
                "accounts.invitation.email_failed",
                invitation,
                changes={"email": invitation.email, "reason": delivery.error},
                request=request,
            )
        else:
            delivery.sent = True

    # Robust, so that a failure to record the failure cannot turn the saved invitation into an
    # error page; `delivery.error` is already set by then.
    transaction.on_commit(deliver, robust=True)
    return delivery


def invite(
    actor: User,
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    request: HttpRequest | None = None,
) -> InvitationResult:
    """Record the invitation; its e-mail goes out on commit and `email` tells how that went."""
    _require_administrator(actor)
    email = (email or "").strip()
    if role not in Role.values:
        raise AccountError("Choose one of the roles listed.", field="role")
    if email_taken(email):
        raise AccountError("An account with this e-mail address already exists.", field="email")
    pending = pending_invitation_for_email(email)
    if pending is not None:
        raise AccountError(
            "This address already has a pending invitation. Send it again from the list of "
            "pending invitations, or withdraw it first.",
            field="email",
        )
    raw_token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            role=role,
            token_hash=invitation_token_hash(raw_token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        audit.record(
            actor,
            "accounts.user.invited",
            invitation,
            changes={
                "email": email,
                "name": f"{invitation.first_name} {invitation.last_name}".strip(),
                "role": role,
                "expires_at": invitation.expires_at,
            },
            request=request,
        )
        delivery = _send_invitation(actor, invitation, raw_token, request)
    return InvitationResult(invitation, delivery)


def _require_pending(invitation: Invitation) -> None:
    problem = invitation_problem(invitation)
    if problem is not None:
        raise AccountError(problem)


def resend_invitation(
    actor: User, invitation: Invitation, *, request: HttpRequest | None = None
) -> InvitationResult:
    """A new link and a new validity period; the old link stops working."""
    _require_administrator(actor)
    raw_token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None or invitation.revoked_at is not None:
            _require_pending(invitation)
        before = audit.snapshot(invitation, ["expires_at"])
        invitation.token_hash = invitation_token_hash(raw_token)
        invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
        invitation.save(update_fields=["token_hash", "expires_at"])
        audit.record(
            actor,
            "accounts.invitation.resent",
            invitation,
            changes=audit.diff(before, audit.snapshot(invitation, ["expires_at"])),
            request=request,
        )
        delivery = _send_invitation(actor, invitation, raw_token, request)
    return InvitationResult(invitation, delivery)


def revoke_invitation(
    actor: User, invitation: Invitation, *, request: HttpRequest | None = None
) -> None:
    _require_administrator(actor)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise AccountError("This invitation was already accepted; deactivate the account.")
        if invitation.revoked_at is not None:
            return
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(
            actor,
            "accounts.invitation.revoked",
            invitation,
            changes={"email": invitation.email},
            request=request,
        )


def accept_invitation(
    raw_token: str, *, username: str, password: str, request: HttpRequest
) -> User:
    """Create the invited account with the chosen username and password, and sign it in."""
    username = (username or "").strip()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(token_hash=invitation_token_hash(raw_token))
            .first()
        )
        problem = invitation_problem(invitation)
        if invitation is None or problem is not None:
            raise AccountError(problem or "This invitation link is not valid.")
        if username_taken(username):
            raise AccountError("That username is taken. Choose another.", field="username")
        if email_taken(invitation.email):
            raise AccountError(
                "An account with this e-mail address already exists. Sign in, or reset your "
                "password if you have forgotten it."
            )
        user = User(
            username=username,
            email=invitation.email,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            role=invitation.role,
        )
        user.set_password(password)
        user.save()
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
        audit.record(user, "accounts.invitation.accepted", invitation, request=request)
        audit.record(
            user,
            "accounts.user.created",
            user,
            changes={
                "username": user.username,
                "email": user.email,
                "role": user.role,
                "invited_by": str(invitation.invited_by),
            },
            request=request,
        )
        account_created.send(sender=User, actor=user, user=user, request=request)
        _finish_sign_in(request, user, "invitation")
    return user


# --- Personal API tokens ------------------------------------------------------------------


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
    prefix, raw = new_raw_token()
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


# --- Administration --------------------------------------------------------------------------

_ACCOUNT_FIELDS = ["first_name", "last_name", "email", "role", "is_active", "deactivated_at"]


def _update_account(
    actor: User, user: User, request: HttpRequest | None, action: str, **values: Any
) -> bool:
    """Apply `values` to the account and record the difference; False when nothing changed."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = audit.snapshot(user, _ACCOUNT_FIELDS)
        for name, value in values.items():
            setattr(user, name, value)
        changes = audit.diff(before, audit.snapshot(user, _ACCOUNT_FIELDS))
        if not changes:
            return False
        user.save(update_fields=list(values))
        audit.record(actor, action, user, changes=changes, request=request)
        return True


def deactivate_user(actor: User, user: User, *, request: HttpRequest | None = None) -> bool:
    """Stop an account from signing in or using tokens; it and its history are kept."""
    _require_administrator(actor)
    if user.pk == actor.pk:
        raise AccountError("You cannot deactivate your own account.")
    if not user.is_active:
        return False
    with transaction.atomic():
        changed = _update_account(
            actor,
            user,
            request,
            "accounts.user.deactivated",
            is_active=False,
            deactivated_at=timezone.now(),
        )
        # Revoked, not merely suspended: reactivating the account must not revive old tokens.
        for token in live_tokens_of(user):
            revoke_token(actor, token, request=request)
        account_deactivated.send(sender=User, actor=actor, user=user, request=request)
    return changed


def reactivate_user(actor: User, user: User, *, request: HttpRequest | None = None) -> bool:
    _require_administrator(actor)
    if user.is_active:
        return False
    return _update_account(
        actor, user, request, "accounts.user.reactivated", is_active=True, deactivated_at=None
    )


def change_role(actor: User, user: User, role: str, *, request: HttpRequest | None = None) -> bool:
    _require_administrator(actor)
    if role not in Role.values:
        raise AccountError("Choose one of the roles listed.", field="role")
    if user.pk == actor.pk:
        # Otherwise the last administrator could leave the task force with none.
        raise AccountError("Another administrator must change your role.", field="role")
    return _update_account(actor, user, request, "accounts.user.updated", role=role)


def update_account_details(
    actor: User,
    user: User,
    *,
    first_name: str,
    last_name: str,
    email: str,
    request: HttpRequest | None = None,
) -> bool:
    """An administrator corrects an account's name and e-mail address; False if nothing changed."""
    _require_administrator(actor)
    email = (email or "").strip()
    if not email:
        raise AccountError("Enter an e-mail address.", field="email")
    if email_taken(email, exclude=user.pk):
        raise AccountError("An account with this e-mail address already exists.", field="email")
    return _update_account(
        actor,
        user,
        request,
        "accounts.user.updated",
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
    )


def update_own_name(
    actor: User, *, first_name: str, last_name: str, request: HttpRequest | None = None
) -> bool:
    """Anyone signed in corrects their own name (e-mail and username are for administrators)."""
    if not (actor.is_authenticated and actor.is_active):
        raise PermissionDenied("Sign in to change your name.")
    return _update_account(
        actor,
        actor,
        request,
        "accounts.user.updated",
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )


def unlock_user(actor: User, user: User, *, request: HttpRequest | None = None) -> list[str]:
    """Lift sign-in locks for the account; returns the stages that were locked."""
    _require_administrator(actor)
    with transaction.atomic():
        cleared = _clear_throttles(user.username, SignInStage.values)
        audit.record(
            actor, "accounts.user.unlocked", user, changes={"stages": cleared}, request=request
        )
    return cleared


def update_site_security(
    actor: User, *, require_two_factor_for_all: bool, request: HttpRequest | None = None
) -> bool:
    _require_administrator(actor)
    with transaction.atomic():
        SiteSettings.load()
        site = SiteSettings.objects.select_for_update().get(pk=1)
        before = audit.snapshot(site, ["require_two_factor_for_all"])
        site.require_two_factor_for_all = require_two_factor_for_all
        changes = audit.diff(before, audit.snapshot(site, ["require_two_factor_for_all"]))
        if not changes:
            return False
        site.save(update_fields=["require_two_factor_for_all"])
        audit.record(
            actor, "accounts.site_settings.updated", site, changes=changes, request=request
        )
        return True


def create_administrator(
    actor: User | None,
    *,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    via: str = "command line",
) -> User:
    """An administrator account (not a Django superuser: operators do not read cases)."""
    if actor is not None:
        _require_administrator(actor)
    username = username.strip()
    email = email.strip()
    if username_taken(username):
        raise AccountError("That username is taken.", field="username")
    if email_taken(email):
        raise AccountError("An account with this e-mail address already exists.", field="email")
    with transaction.atomic():
        user = User(
            username=username,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            role=Role.ADMINISTRATOR,
            is_staff=False,
            is_superuser=False,
        )
        user.set_password(password)
        user.save()
        audit.record(
            actor,
            "accounts.user.created",
            user,
            changes={"username": username, "email": email, "role": user.role, "via": via},
        )
        account_created.send(sender=User, actor=actor, user=user, request=None)
    return user
