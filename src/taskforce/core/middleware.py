"""Answers for failures that are the server's configuration, not the person's request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from taskforce.core.crypto import DecryptionError
from taskforce.core.views import encryption_keys_unavailable


class EncryptionKeysMiddleware:
    """Turn an undecryptable stored value met by a view into a clear 503, not a bare 500.

    It happens when the field keys were lost or replaced without re-encrypting: nothing the person
    does will help, and the administrator needs to know at once what to restore. (A middleware
    meeting such a value reaches the same page through the 500 handler.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DecryptionError):
            return encryption_keys_unavailable(request)
        return None
