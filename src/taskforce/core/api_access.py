"""Access rules and error answers for the HTTP API.

`@api_access(rule)` is the API twin of `@access`: it attaches the rule to the operation function, so
the API tests can find an operation that declares nothing, and enforces it against the user the
API's authentication established. Pages answer errors with HTML; machine clients need JSON, so the
API installs its own handlers for "not found", "forbidden" and validation failures.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from functools import wraps
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from taskforce.core.access import Rule

if TYPE_CHECKING:
    from taskforce.accounts.models import User

OperationFunc = TypeVar("OperationFunc", bound=Callable[..., Any])

NOT_AUTHENTICATED: Final = (
    "Authentication required: sign in, or send a personal API token as "
    "'Authorization: Bearer <token>'."
)
NOT_FOUND: Final = "Not found."
FORBIDDEN: Final = "You may not do this."
INVALID: Final = "The request is not valid; see the errors for each field."


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


# Documented on every operation so clients know the error shapes without reading code.
ERROR_RESPONSES: Final[dict[int, type[Schema]]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


class InvalidCredentials(AuthenticationError):
    """Credentials were sent but are not good (unknown or revoked token, inactive account)."""

    def __init__(self, message: str) -> None:
        super().__init__(401, message)


def api_user(request: HttpRequest) -> User:
    """The user the API authenticated for this request (a session user or a token's owner)."""
    user = getattr(request, "auth", None)
    if user is None or not getattr(user, "is_authenticated", False):
        raise InvalidCredentials(NOT_AUTHENTICATED)
    return cast("User", user)


def api_access(rule: Rule) -> Callable[[OperationFunc], OperationFunc]:
    """Declare and enforce who may call an API operation.

    Put it directly under the router decorator so it runs before anything else the operation does.
    """

    def decorate(operation: OperationFunc) -> OperationFunc:
        @wraps(operation)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = getattr(request, "auth", None) or request.user
            if rule.requires_login and not getattr(user, "is_authenticated", False):
                raise AuthenticationError()
            if not rule.allows(user):
                raise PermissionDenied(f"This operation is for: {rule.description.lower()}.")
            return operation(request, *args, **kwargs)

        # django-ninja reads parameter types from the signature and resolves string annotations
        # (`from __future__ import annotations`) in the decorated function's module, which
        # would be this one; resolve them here, in the operation's own module.
        guarded.__signature__ = inspect.signature(operation, eval_str=True)  # type: ignore[attr-defined]
        guarded.access_rule = rule  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def declared_api_rule(operation: Any) -> Rule | None:
    rule = getattr(operation, "access_rule", None)
    return rule if isinstance(rule, Rule) else None


def validation_messages(exc: DjangoValidationError) -> dict[str, list[str]]:
    """Field name → messages; errors not tied to one field go under Django's `__all__`."""
    if hasattr(exc, "error_dict"):
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: list(exc.messages)}


def _request_error_field(error: Mapping[str, Any]) -> str:
    location = [str(part) for part in error.get("loc", ())]
    source, parts = (location[0], location[1:]) if location else ("", [])
    # A JSON body arrives as one named parameter; clients know the fields, not that name.
    if source == "body" and parts:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def request_validation_messages(exc: RequestValidationError) -> dict[str, list[str]]:
    messages: dict[str, list[str]] = {}
    for error in exc.errors:
        messages.setdefault(_request_error_field(error), []).append(str(error.get("msg", "")))
    return messages


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every failure an operation can meet with JSON in the documented shapes."""

    def answer(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return answer(request, 404, {"detail": NOT_FOUND})

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return answer(request, 403, {"detail": str(exc) or FORBIDDEN})

    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return answer(request, 422, {"detail": INVALID, "errors": validation_messages(exc)})

    def invalid_request(request: HttpRequest, exc: RequestValidationError) -> HttpResponse:
        return answer(request, 422, {"detail": INVALID, "errors": request_validation_messages(exc)})

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = exc.message if isinstance(exc, InvalidCredentials) else NOT_AUTHENTICATED
        response = answer(request, 401, {"detail": detail})
        response["WWW-Authenticate"] = 'Bearer realm="taskforce"'
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return answer(request, exc.status_code, {"detail": exc.message})

    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        Http404: not_found,
        PermissionDenied: forbidden,
        DjangoValidationError: invalid,
        RequestValidationError: invalid_request,
        AuthenticationError: unauthenticated,
        HttpError: http_error,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)
