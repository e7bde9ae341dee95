"""Field encryption with keys kept apart from SECRET_KEY.

`settings.FIELD_ENCRYPTION_KEYS` is a list of Fernet keys, newest first. New values are encrypted
with the first; any listed key decrypts, so a key can be added, data re-encrypted with
`taskforce rotate-field-keys`, and the old key then removed.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=8)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "Each FIELD_ENCRYPTION_KEYS entry must be a url-safe base64 32-byte Fernet key."
        ) from exc


def master_fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_text(plaintext: str) -> str:
    return master_fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return master_fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this value.") from exc


def reencrypt(token: str) -> str:
    """The same plaintext under the newest key."""
    try:
        return master_fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this value.") from exc


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")
