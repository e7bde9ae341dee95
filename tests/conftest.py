from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PERSONA_NAMES, Personas, build_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


@pytest.fixture
def client_for(personas: Personas):
    """A logged-in test client for a persona name ('anonymous' gives a fresh client)."""

    def make(name: str) -> Client:
        client = Client()
        user = personas.user(name)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(params=PERSONA_NAMES)
def persona_name(request: pytest.FixtureRequest) -> str:
    return request.param
