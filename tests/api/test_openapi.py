"""The OpenAPI document: served without signing in, complete, and with no remote docs page."""

from __future__ import annotations

from django.test import Client

from tests.api.support import OPERATIONS


def test_the_openapi_document_is_served(db) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Taskforce API"
    assert document["info"]["version"] == "1"


def test_it_lists_every_operation_with_its_security(db) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    listed = {
        (method.upper(), path, details["operationId"])
        for path, methods in document["paths"].items()
        for method, details in methods.items()
    }
    assert listed == {(op.method, op.path, op.name) for op in OPERATIONS}
    for methods in document["paths"].values():
        for details in methods.values():
            assert {"BearerTokenAuth": []} in details["security"]
            assert {"SessionCookieAuth": []} in details["security"]
            assert {"401", "403", "404", "422"} <= set(details["responses"])


def test_it_declares_the_bearer_token_scheme(db) -> None:
    schemes = Client().get("/api/v1/openapi.json").json()["components"]["securitySchemes"]
    assert schemes["BearerTokenAuth"]["type"] == "http"
    assert schemes["BearerTokenAuth"]["scheme"] == "bearer"
    assert schemes["SessionCookieAuth"]["in"] == "cookie"


def test_the_remote_docs_page_is_not_served(db) -> None:
    assert Client().get("/api/v1/docs").status_code == 404
