"""Who must use two-factor sign-in.

Two-factor is mandatory for administrators, for everyone when an administrator requires it, and
for anyone who can reach case or vault data. Apps that hold such data register a check with
`register_sensitive_access_check`, so this module never needs to know about them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from taskforce.accounts.models import Role
from taskforce.core.models import SiteSettings

SensitiveAccessCheck = Callable[[Any], bool]
_SENSITIVE_ACCESS_CHECKS: list[SensitiveAccessCheck] = []


def register_sensitive_access_check(check: SensitiveAccessCheck) -> None:
    """Register `check(user) -> bool`: True when the user can reach case or personal data."""
    if check not in _SENSITIVE_ACCESS_CHECKS:
        _SENSITIVE_ACCESS_CHECKS.append(check)


def can_reach_sensitive_data(user: Any) -> bool:
    return any(check(user) for check in _SENSITIVE_ACCESS_CHECKS)


def two_factor_required(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.ADMINISTRATOR:
        return True
    if SiteSettings.load().require_two_factor_for_all:
        return True
    return can_reach_sensitive_data(user)


def has_two_factor(user: Any) -> bool:
    device = getattr(user, "two_factor", None) if hasattr(user, "two_factor") else None
    return device is not None and device.is_confirmed
