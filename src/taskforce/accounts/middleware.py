from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from taskforce.accounts.policy import has_two_factor, two_factor_required

SESSION_STARTED_KEY = "taskforce_session_started"
SESSION_TOUCHED_KEY = "taskforce_session_touched"
# Idle expiry is pushed back at most this often. Saving the session on every request would make
# every page view a write on the session table; a minute of slack on the idle limit is harmless.
SESSION_TOUCH_INTERVAL_SECONDS = 60
API_PREFIX = "/api/"


def _redirect_with_message(request: HttpRequest, level: int, text: str, to: str) -> HttpResponse:
    messages.add_message(request, level, text)
    return redirect(to)


class SessionLifetimeMiddleware:
    """End sessions that outlive the absolute limit, however active they have been, and keep
    active ones from reaching the idle limit (SESSION_COOKIE_AGE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_LIMIT_SECONDS:
                logout(request)
                if request.path.startswith(API_PREFIX):
                    # The API answers an expired session itself, with 401 rather than a redirect.
                    return self.get_response(request)
                return _redirect_with_message(
                    request,
                    messages.INFO,
                    "Your session ended. Please sign in again.",
                    f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}",
                )
            touched = request.session.get(SESSION_TOUCHED_KEY)
            if touched is None or now - float(touched) >= SESSION_TOUCH_INTERVAL_SECONDS:
                # Changing the session saves it, which sets a new expiry date.
                request.session[SESSION_TOUCHED_KEY] = now
        return self.get_response(request)


class TwoFactorEnrolmentMiddleware:
    """Send anyone who must use two-factor, and has not enrolled, to enrolment first."""

    # Assets and machine endpoints; the API refuses such accounts itself, with 401.
    ALLOWED_PREFIXES = ("/static/", "/healthz", "/favicon.ico", API_PREFIX)
    # The pages needed to get signed in and enrolled, and nothing else under /accounts/: an
    # administrator who has not enrolled must not reach account management.
    ALLOWED_VIEWS = frozenset(
        f"accounts:{name}"
        for name in (
            "login",
            "login-code",
            "logout",
            "two-factor-setup",
            "two-factor-backup-codes",
            "password-reset",
            "password-reset-done",
            "password-reset-confirm",
            "password-reset-complete",
            "invitation-accept",
        )
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not self._allowed(request)
            and two_factor_required(user)
            and not has_two_factor(user)
        ):
            return _redirect_with_message(
                request,
                messages.WARNING,
                "Your account requires two-factor sign-in. Set it up to continue.",
                f"{reverse('accounts:two-factor-setup')}?"
                f"{urlencode({'next': request.get_full_path()})}",
            )
        return self.get_response(request)

    def _allowed(self, request: HttpRequest) -> bool:
        if request.path.startswith(self.ALLOWED_PREFIXES):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # the 404 page is harmless
        return match.view_name in self.ALLOWED_VIEWS
