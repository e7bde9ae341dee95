"""Every route declares who may use it, and behaves that way for every persona (DESIGN §7)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from taskforce.core.access import declared_rule
from tests.personas import PERSONA_NAMES
from tests.security.route_samples import NOT_CALLABLE, ROUTE_SAMPLES


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    callback: Any
    converters: tuple[str, ...]


def _walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            child_namespace = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, child_namespace, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            converters = tuple(getattr(entry.pattern, "converters", {}).keys())
            yield Route(name, prefix + str(entry.pattern), entry.callback, converters)


def _is_api(route: Route) -> bool:
    # The API declares its rules per operation; tests/api checks every operation.
    return route.pattern.startswith("api/")


ROUTES = [route for route in _walk(get_resolver().url_patterns) if not _is_api(route)]


def test_every_route_is_named_and_declares_an_access_rule() -> None:
    undeclared = [r.pattern for r in ROUTES if declared_rule(r.callback) is None]
    unnamed = [r.pattern for r in ROUTES if not r.name]
    assert not undeclared, f"Routes without a declared access rule: {undeclared}"
    assert not unnamed, f"Routes without a name: {unnamed}"


def test_every_route_with_parameters_has_a_sample() -> None:
    missing = [
        r.name
        for r in ROUTES
        if r.converters and r.name not in ROUTE_SAMPLES and r.name not in NOT_CALLABLE
    ]
    assert not missing, f"Add samples in tests/security/route_samples.py for: {missing}"


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_route_answers_each_persona_as_its_rule_says(route: Route, personas, client_for) -> None:
    if route.name in NOT_CALLABLE:
        pytest.skip(NOT_CALLABLE[route.name])
    rule = declared_rule(route.callback)
    assert rule is not None
    kwargs = ROUTE_SAMPLES[route.name](personas) if route.converters else {}
    url = reverse(route.name, kwargs=kwargs)
    login_url = reverse("accounts:login")
    for name in PERSONA_NAMES:
        user = personas.user(name)
        response = client_for(name).get(url)
        status = response.status_code
        where = f"{route.name} as {name}: {status}"
        assert status < 500, where
        if rule.allows(user) if user is not None else not rule.requires_login:
            assert status not in (401, 403), where
            if status == 302:
                assert not response["Location"].startswith(login_url), where
        elif user is None:
            assert status == 302 and response["Location"].startswith(login_url), where
        else:
            assert status in (403, 404), where
