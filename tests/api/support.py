"""Walking the API's operations and calling them as a persona."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from ninja import NinjaAPI

from taskforce.api import api as root_api
from taskforce.directory.models import Service
from taskforce.meetings.models import ActionItem, AgendaItem, Meeting
from tests.bodies import Bodies

API_PREFIX = "/api/v1"


@dataclass
class Directory:
    """Records the API tests act on, beyond the personas' organizations and people: directory
    services, the standard bodies of tests/bodies.py and a meeting."""

    shelter: Service
    police_service: Service
    bodies: Bodies
    # General Body meetings, which the leader chairs: two weeks ahead, a week ago (its minutes
    # circulated, an action item for the advocate open) and yesterday (to adopt them at).
    meeting: Meeting
    held_meeting: Meeting
    later_meeting: Meeting
    proposal: AgendaItem
    action_item: ActionItem


@dataclass(frozen=True)
class ApiOperation:
    name: str
    method: str
    path: str  # e.g. "/api/v1/organizations/{organization_id}"
    view_func: Any


def api_operations(api: NinjaAPI, prefix: str = API_PREFIX) -> Iterator[ApiOperation]:
    """Every operation of every router mounted on the API, as the URL configuration sees it."""
    api.urls  # noqa: B018 (binding the routers fills api._routers with every nested router)
    for router_prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            parts = (part.strip("/") for part in (prefix, router_prefix, path))
            full = "/".join(part for part in parts if part)
            for operation in path_view.operations:
                for method in operation.methods:
                    yield ApiOperation(
                        operation.view_func.__name__, method, "/" + full, operation.view_func
                    )


OPERATIONS = sorted(api_operations(root_api), key=lambda op: (op.path, op.method))


def api_url_patterns() -> list[tuple[str, Any]]:
    """(pattern, callback) for every URL under api/."""
    found: list[tuple[str, Any]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/"):
                found.append((prefix + str(entry.pattern), entry.callback))

    walk(get_resolver().url_patterns, "")
    return found


def decode(response: Any) -> Any:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


class ApiClient:
    """Calls the API as a persona: through the browser session or with a personal token."""

    def __init__(self, client: Client, token: str | None = None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def call(self, method: str, url: str, body: Any = None, **headers: str) -> Any:
        send = getattr(self.client, method.lower())
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return send(url, **kwargs)

    def get(self, url: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(url, params or {}, headers={**self.headers, **headers})

    def post(self, url: str, body: Any, **headers: str) -> Any:
        return self.call("POST", url, body, **headers)

    def patch(self, url: str, body: Any, **headers: str) -> Any:
        return self.call("PATCH", url, body, **headers)

    def put(self, url: str, body: Any, **headers: str) -> Any:
        return self.call("PUT", url, body, **headers)
