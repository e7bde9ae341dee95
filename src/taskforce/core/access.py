"""Declared access rules for every page and API operation.

Every view is wrapped in `@access(rule)`; the rule is attached to the view so the authorization
matrix test can find routes that declare nothing. Rules answer "may this user use this feature at
all"; whether a particular record is visible is the job of each app's selectors, which raise 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])


@dataclass(frozen=True)
class Rule:
    """A named predicate over the acting user."""

    name: str
    description: str
    test: Callable[[Any], bool]
    requires_login: bool = True

    def allows(self, user: Any) -> bool:
        if self.requires_login and not getattr(user, "is_authenticated", False):
            return False
        return bool(self.test(user))


def _role(user: Any) -> str:
    return getattr(user, "role", "") if getattr(user, "is_active", False) else ""


PUBLIC = Rule("public", "Anyone, signed in or not", lambda user: True, requires_login=False)
SIGNED_IN = Rule("signed-in", "Any signed-in account, visitors included", lambda user: True)
MEMBER = Rule(
    "member",
    "Members of the task force (not visitors)",
    lambda user: _role(user) in {"administrator", "coordinator", "member"},
)
COORDINATOR = Rule(
    "coordinator",
    "Coordinators and administrators, who keep the directory and the charter",
    lambda user: _role(user) in {"administrator", "coordinator"},
)
ADMINISTRATOR = Rule(
    "administrator",
    "Task force administrators, who manage accounts and read the audit history",
    lambda user: _role(user) == "administrator",
)

ALL_RULES = (PUBLIC, SIGNED_IN, MEMBER, COORDINATOR, ADMINISTRATOR)


def access(rule: Rule) -> Callable[[ViewFunc], ViewFunc]:
    """Declare and enforce who may use a view.

    Anonymous visitors to a protected page are sent to sign in; signed-in users the rule does not
    admit get the 403 page.
    """

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if rule.requires_login and not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule.allows(user):
                raise PermissionDenied(f"This page is for: {rule.description.lower()}.")
            return view(request, *args, **kwargs)

        guarded.access_rule = rule  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def declared_rule(view: Any) -> Rule | None:
    """The rule a resolved view declares (class-based views carry it on `view_class`)."""
    rule = getattr(view, "access_rule", None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, "access_rule", None)
    return rule if isinstance(rule, Rule) else None
