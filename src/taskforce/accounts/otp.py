"""One-time codes: TOTP (RFC 6238) for authenticator apps and single-use backup codes.

Pure functions with no database access; `services` decides what to store and when.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
import segno
from django.utils import timezone

ISSUER = "Taskforce"
TOTP_DIGITS = 6
TOTP_INTERVAL = 30
# Accept the previous and next time step too: phones' clocks drift.
TOTP_VALID_WINDOW = 1
BACKUP_CODE_COUNT = 10
# No 0/o, 1/l/i: backup codes are copied from paper.
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
BACKUP_CODE_LENGTH = 10

_SEPARATORS = re.compile(r"[\s\-]+")


def new_secret() -> str:
    """A 160-bit base32 secret, the size RFC 4226 recommends."""
    return pyotp.random_base32(length=32)


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an authenticator app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL)


def provisioning_uri(secret: str, account_name: str) -> str:
    return _totp(secret).provisioning_uri(name=account_name, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The provisioning URI as an inline SVG QR code (no style attributes, so CSP allows it).

    A viewBox instead of a fixed size lets the stylesheet scale it to the page.
    """
    return str(
        segno.make(uri, error="m").svg_inline(
            scale=4, omitsize=True, title="QR code to scan with your authenticator app"
        )
    )


def normalize(code: str) -> str:
    """What people type, without spaces and hyphens, lower case."""
    return _SEPARATORS.sub("", code or "").lower()


def looks_like_totp(code: str) -> bool:
    normalized = normalize(code)
    return len(normalized) == TOTP_DIGITS and normalized.isdigit()


def matching_step(
    secret: str, code: str, *, after_step: int, at: datetime | None = None
) -> int | None:
    """The time step whose code equals `code`, if it is within the window and after `after_step`.

    Steps at or before `after_step` (the last one accepted) are refused, so a code observed on its
    way in cannot be replayed, not even within its own 30 seconds.
    """
    normalized = normalize(code)
    if not looks_like_totp(normalized):
        return None
    totp = _totp(secret)
    current = totp.timecode(at or timezone.now())
    matched: int | None = None
    for step in range(current - TOTP_VALID_WINDOW, current + TOTP_VALID_WINDOW + 1):
        # Compare every candidate so the time taken does not tell which step matched.
        if hmac.compare_digest(totp.generate_otp(step), normalized) and step > after_step:
            matched = step
    return matched


def current_code(secret: str, at: datetime | None = None) -> str:
    return _totp(secret).at(at or timezone.now())


def new_backup_codes(count: int = BACKUP_CODE_COUNT) -> list[str]:
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
        half = BACKUP_CODE_LENGTH // 2
        codes.append(f"{raw[:half]}-{raw[half:]}")
    return codes


def hash_code(code: str) -> str:
    """SHA-256 of the normalized code: enough for 50 bits of randomness that is single-use."""
    return hashlib.sha256(normalize(code).encode("utf-8")).hexdigest()
