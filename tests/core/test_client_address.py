"""The audit log records the address of the person's device, also behind reverse proxies."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from taskforce.core import audit


def _recorded(remote: str, forwarded: str | None = None) -> str | None:
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **headers)
    with transaction.atomic():
        return audit.record(None, "test.event", request=request).ip_address


@pytest.mark.django_db
def test_without_proxies_the_connecting_address_is_the_client(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert _recorded("203.0.113.9", "198.51.100.1") == "203.0.113.9"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # A client may send its own X-Forwarded-For; only what the trusted proxy added counts.
        (1, "10.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "10.6.6.6, 198.51.100.7, 192.0.2.10", "198.51.100.7"),
        # Fewer entries than proxies, or garbage: fall back to the connecting address.
        (2, "198.51.100.7", "127.0.0.1"),
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_behind_proxies_the_entry_the_outermost_proxy_wrote_is_the_client(
    settings, proxies: int, forwarded: str, client: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    assert _recorded("127.0.0.1", forwarded) == client


def test_only_the_administrators_audit_log_shows_addresses(client_for, personas) -> None:
    with transaction.atomic():
        audit.record(personas.leader, "test.event", request=RequestFactory().get("/"))
    assert (
        ">From</th>" in client_for("administrator").get(reverse("core:audit-log")).content.decode()
    )
    assert client_for("leader").get(reverse("core:audit-log")).status_code == 403
    history = client_for("leader").get(reverse("governance:charter-history"))
    assert history.status_code == 200
    assert ">From</th>" not in history.content.decode()
