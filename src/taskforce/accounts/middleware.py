from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from taskforce.accounts.policy import has_two_factor, two_factor_required

SESSION_STARTED_KEY = "taskforce_session_started"


class SessionLifetimeMiddleware:
    """End sessions that outlive the absolute limit, however active they have been.

    Idle expiry is Django's own (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST).
    """

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
                messages.info(request, "Your session ended. Please sign in again.")
                return redirect(f"{reverse('accounts:login')}?next={request.get_full_path()}")
        return self.get_response(request)


class TwoFactorEnrolmentMiddleware:
    """Send anyone who must use two-factor, and has not enrolled, to enrolment first."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and two_factor_required(user)
            and not has_two_factor(user)
        ):
            messages.warning(
                request, "Your role requires two-factor sign-in. Set it up to continue."
            )
            return redirect("accounts:two-factor-setup")
        return self.get_response(request)
