from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from taskforce.accounts import services
from taskforce.accounts.models import ApiToken, TokenScope
from taskforce.accounts.services import create_token, revoke_token
from taskforce.accounts.tokens import TokenError, authenticate_token
from tests.accounts.flows import events

TOKEN_PATTERN = re.compile(r"^tf_([0-9a-f]{8})_([A-Za-z0-9]{40})$")


def test_created_token_is_shown_once_and_stored_hashed(personas) -> None:
    token, raw = create_token(personas.detective, name="Statistics script", scope="read")
    match = TOKEN_PATTERN.match(raw)
    assert match
    assert token.prefix == match.group(1)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert match.group(2) not in token.token_hash
    assert token.scope == TokenScope.READ
    event = events("accounts.token.created", target_id=str(token.pk))[-1]
    assert event.actor == personas.detective
    assert raw not in str(event.changes)


def test_authenticate_finds_the_token_and_its_user(personas) -> None:
    token, raw = create_token(personas.detective, name="Sync", scope="read-write")
    found = authenticate_token(raw)
    assert found == token and found.user == personas.detective
    assert found.scope == TokenScope.READ_WRITE
    assert authenticate_token(raw[:-1] + ("a" if raw[-1] != "a" else "b")) is None
    assert authenticate_token("") is None
    assert authenticate_token("Bearer " + raw) is None


def test_last_used_is_written_at_most_once_a_minute(personas) -> None:
    token, raw = create_token(personas.detective, name="Sync", scope="read")
    authenticate_token(raw)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    authenticate_token(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    authenticate_token(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - timedelta(minutes=1)


def test_revoked_token_stops_working(personas) -> None:
    token, raw = create_token(personas.detective, name="Sync", scope="read")
    revoke_token(personas.detective, token)
    assert authenticate_token(raw) is None
    assert events("accounts.token.revoked", target_id=str(token.pk))
    revoke_token(personas.detective, token)  # a second revoke changes nothing
    assert len(events("accounts.token.revoked", target_id=str(token.pk))) == 1


def test_token_of_a_deactivated_account_stops_working_even_after_reactivation(personas) -> None:
    token, raw = create_token(personas.detective, name="Sync", scope="read")
    services.deactivate_user(personas.administrator, personas.detective)
    assert authenticate_token(raw) is None
    revoked = events("accounts.token.revoked", target_id=str(token.pk))
    assert revoked and revoked[-1].actor == personas.administrator
    services.reactivate_user(personas.administrator, personas.detective)
    assert authenticate_token(raw) is None


def test_only_owner_or_administrator_revokes(personas) -> None:
    token, raw = create_token(personas.detective, name="Sync", scope="read")
    with pytest.raises(PermissionDenied):
        revoke_token(personas.prosecutor, token)
    assert authenticate_token(raw) is not None
    revoke_token(personas.administrator, token)
    assert authenticate_token(raw) is None


def test_bad_name_or_scope_is_refused(personas) -> None:
    with pytest.raises(TokenError):
        create_token(personas.detective, name="  ", scope="read")
    with pytest.raises(TokenError):
        create_token(personas.detective, name="Sync", scope="admin")
    assert not ApiToken.objects.exists()


def test_profile_creates_lists_and_revokes_tokens(client_for, personas) -> None:
    client = client_for("detective")
    response = client.post(
        reverse("accounts:token-create"), {"name": "Weekly export", "scope": "read"}
    )
    html = response.content.decode()
    shown = re.search(r'<code id="new-token">(tf_[^<]+)</code>', html)
    assert shown and authenticate_token(shown.group(1)) is not None

    later = client.get(reverse("accounts:profile")).content.decode()
    assert "Weekly export" in later and shown.group(1) not in later

    token = ApiToken.objects.get(name="Weekly export")
    # Someone else's token is not found, let alone revoked.
    assert (
        client_for("prosecutor")
        .post(reverse("accounts:token-revoke", kwargs={"pk": token.pk}))
        .status_code
        == 404
    )
    response = client.post(reverse("accounts:token-revoke", kwargs={"pk": token.pk}))
    assert response["Location"] == reverse("accounts:profile")
    assert authenticate_token(shown.group(1)) is None


def test_profile_reports_field_errors_for_a_token(client_for, personas) -> None:
    response = client_for("detective").post(
        reverse("accounts:token-create"), {"name": "", "scope": "everything"}
    )
    html = response.content.decode()
    assert "error-summary" in html and "new-token" not in html
    assert not ApiToken.objects.exists()


def test_token_command_prints_a_working_token(personas) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "token", "detective", "--scope", "read-write", "--name", "CI", stdout=out, stderr=err
    )
    raw = out.getvalue().strip()
    token = authenticate_token(raw)
    assert token is not None and token.scope == "read-write" and token.name == "CI"
    assert "cannot be shown again" in err.getvalue()
    # Made by an operator on the server, not by the detective from their profile.
    event = events("accounts.token.created", target_id=str(token.pk))[-1]
    assert event.actor is None and event.actor_label == "system"
    assert event.changes["via"] == "command line"
    assert event.changes["owner"] == str(personas.detective)


def test_token_command_refuses_an_unknown_user(db) -> None:
    with pytest.raises(CommandError):
        call_command("token", "nobody", stdout=StringIO(), stderr=StringIO())


def test_last_used_shown_on_profile(client_for, personas) -> None:
    _, raw = create_token(personas.detective, name="Sync", scope="read")
    authenticate_token(raw)
    html = client_for("detective").get(reverse("accounts:profile")).content.decode()
    assert timezone.localtime().strftime("%Y-%m-%d") in html
    # The created date is today as well: the last-used cell must hold a time, not "Never".
    assert ">Never<" not in html
