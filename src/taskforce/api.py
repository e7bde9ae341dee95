"""The versioned HTTP API root: /api/v1/, OpenAPI at /api/v1/openapi.json.

Two ways in, tried in order: a personal API token (`Authorization: Bearer tf_…`) for machines, and
the browser's signed-in session, which must carry the CSRF token on every unsafe request. Each app
contributes a router from its own `api.py`; every operation declares its rule with `@api_access`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.operation import Operation
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from taskforce.accounts.models import TokenScope, User
from taskforce.accounts.policy import has_two_factor, two_factor_required
from taskforce.accounts.tokens import authenticate_token
from taskforce.agreements.api import router as agreements_router
from taskforce.core.access import PUBLIC, access
from taskforce.core.api_access import InvalidCredentials, install_error_handlers
from taskforce.directory.api import router as directory_router
from taskforce.governance.api import router as governance_router
from taskforce.governance.decision_api import router as decisions_router
from taskforce.meetings.api import router as meetings_router

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _admit(user: User) -> User:
    """Refuse accounts the API must not serve, whatever credential they came with."""
    if not user.is_active:
        raise InvalidCredentials("This account is deactivated.")
    # The pages send such users to enrolment; the API cannot, so it refuses until they enrol.
    if two_factor_required(user) and not has_two_factor(user):
        raise HttpError(
            403, "Your account must use two-factor sign-in: set it up before using the API."
        )
    return user


class BearerTokenAuth(HttpBearer):
    """A personal API token. Read-only tokens may only read."""

    openapi_bearerFormat = "tf_<prefix>_<secret>"  # OpenAPI spells it so
    openapi_description = "A personal API token, created on the profile page."

    def authenticate(self, request: HttpRequest, token: str) -> User:
        api_token = authenticate_token(token)
        if api_token is None:
            raise InvalidCredentials("The API token is not valid or has been revoked.")
        user = _admit(api_token.user)
        if api_token.scope != TokenScope.READ_WRITE and request.method not in SAFE_METHODS:
            raise HttpError(403, "This API token is read-only; writing needs a read-write token.")
        # Code below the API (services, audit) sees the token's owner as the acting user.
        request.user = user
        return user


class SessionCookieAuth(APIKeyCookie):
    """The browser's signed-in session, with Django's CSRF check on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "The signed-in browser session; unsafe methods need the CSRF token."

    def __call__(self, request: HttpRequest) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(
                403,
                "CSRF check failed: send the X-CSRFToken header with the value of the CSRF cookie.",
            )
        return _admit(user)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        # The session middleware already resolved the cookie; __call__ does the work.
        return None


class TaskforceAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Function names are unique across the API (the tests check it) and read well.
        return operation.view_func.__name__


api = TaskforceAPI(
    title="Taskforce API",
    version="1",
    description=(
        "The task force's directory (organizations, people, services and their capacity), its "
        "bodies and their seats, their meetings (agendas, attendance, minutes and action "
        "items) and their decisions: decision rules, proposals, positions, the tally with its "
        "step-by-step explanation, and the decision register; and the agreements between member "
        "organizations (MOUs, operational protocols, letters of understanding): their versioned "
        "text, parties, negotiation, signatures bound to the text's hash, and the "
        "responsibility matrix. "
        "Authenticate with a personal API token (`Authorization: Bearer <token>`) or the "
        "signed-in browser session (unsafe methods need the `X-CSRFToken` header). Errors answer "
        '`{"detail": "…"}`; validation errors add `errors`, messages per field.'
    ),
    urls_namespace="api-v1",
    auth=[BearerTokenAuth(), SessionCookieAuth()],
    # The interactive docs page loads its scripts from a CDN, which a closed network and the
    # Content-Security-Policy both forbid; the OpenAPI document is what clients need.
    docs_url=None,
    docs_decorator=access(PUBLIC),
)
install_error_handlers(api)
api.add_router("/", directory_router)
api.add_router("/", governance_router)
api.add_router("/", decisions_router)
api.add_router("/", meetings_router)
api.add_router("/", agreements_router)
