"""What every app's API module shares: response maps, Location headers, payload data, paging."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from ninja import Schema

from taskforce.core.api_access import ERROR_RESPONSES

# As on the pages; a client that wants more asks for up to MAX_PAGE_SIZE with ?page_size=.
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def responses(ok: dict[int, Any]) -> dict[int, Any]:
    """The operation's success responses plus the error shapes every operation documents."""
    return {**ok, **ERROR_RESPONSES}


def set_location(response: HttpResponse, operation: str, **kwargs: int) -> None:
    """Point a 201 answer at the operation that reads the new record."""
    response["Location"] = reverse(f"api-v1:{operation}", kwargs=kwargs)


def payload_data(payload: Schema) -> dict[str, Any]:
    """A service data dict holding only what the client sent; services keep everything else."""
    return payload.model_dump(mode="json", exclude_unset=True)
