"""Who gets in: personal tokens (read-only or read-write), the browser session with CSRF, and
nobody else."""

from __future__ import annotations

from django.test import Client

from taskforce.accounts.models import TokenScope, TwoFactorDevice, User
from taskforce.accounts.services import revoke_token
from taskforce.core.models import AuditEvent
from taskforce.directory.models import Organization
from tests.api.support import ApiClient

ORGANIZATIONS = "/api/v1/organizations"
CSRF_SECRET = "a" * 32


def police_url(personas) -> str:
    return f"{ORGANIZATIONS}/{personas.police.pk}"


def test_anonymous_requests_answer_401_with_a_json_message(db) -> None:
    response = Client().get(ORGANIZATIONS)
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_read_only_token_reads(personas, token_api) -> None:
    response = token_api("detective", TokenScope.READ).get(police_url(personas))
    assert response.status_code == 200
    assert response.json()["name"] == personas.police.name


def test_a_read_only_token_cannot_write(personas, token_api) -> None:
    client = token_api("detective", TokenScope.READ)
    response = client.patch(police_url(personas), {"description": "Changed"})
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    personas.police.refresh_from_db()
    assert personas.police.description == ""
    created = client.post(ORGANIZATIONS, {"name": "Never", "jurisdiction_level": "local"})
    assert created.status_code == 403
    assert not Organization.objects.filter(name="Never").exists()


def test_a_read_write_token_writes_as_its_owner(personas, token_api) -> None:
    response = token_api("detective").patch(police_url(personas), {"description": "Night desk"})
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Night desk"
    event = AuditEvent.objects.filter(action="directory.organization.updated").get()
    assert event.actor_id == personas.detective.pk


def test_a_token_needs_no_csrf_token(personas, token_for) -> None:
    client = ApiClient(Client(enforce_csrf_checks=True), token_for("detective"))
    response = client.patch(police_url(personas), {"description": "From a script"})
    assert response.status_code == 200, response.content


def test_a_revoked_token_answers_401(personas, token_for) -> None:
    raw = token_for("detective")
    token = personas.detective.api_tokens.get()
    revoke_token(personas.detective, token)
    response = ApiClient(Client(), raw).get(ORGANIZATIONS)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_unknown_token_answers_401_even_beside_a_signed_in_session(personas, client_for) -> None:
    # A bad credential is refused outright rather than quietly replaced by another one.
    client = ApiClient(client_for("detective"), "tf_0000dead_" + "x" * 40)
    assert client.get(ORGANIZATIONS).status_code == 401
    assert ApiClient(client_for("detective")).get(ORGANIZATIONS).status_code == 200


def test_the_token_of_a_deactivated_account_answers_401(personas, token_for) -> None:
    raw = token_for("detective")
    User.objects.filter(pk=personas.detective.pk).update(is_active=False)
    assert ApiClient(Client(), raw).get(ORGANIZATIONS).status_code == 401


def test_a_deactivated_account_session_answers_401(personas, client_for) -> None:
    client = ApiClient(client_for("detective"))
    User.objects.filter(pk=personas.detective.pk).update(is_active=False)
    assert client.get(ORGANIZATIONS).status_code == 401


def test_accounts_that_must_use_two_factor_but_have_not_enrolled_are_refused(
    personas, client_for, token_for
) -> None:
    raw = token_for("administrator")
    session = client_for("administrator")
    TwoFactorDevice.objects.filter(user=personas.administrator).delete()
    for client in (ApiClient(session), ApiClient(Client(), raw)):
        response = client.get(ORGANIZATIONS)
        assert response.status_code == 403
        assert "two-factor" in response.json()["detail"]


def _csrf_client(personas) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.detective)
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


def test_a_session_write_without_the_csrf_token_is_refused(personas) -> None:
    client = ApiClient(_csrf_client(personas))
    response = client.patch(police_url(personas), {"description": "Forged"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    personas.police.refresh_from_db()
    assert personas.police.description == ""
    wrong = client.patch(police_url(personas), {"description": "Forged"}, X_CSRFToken="b" * 32)
    assert wrong.status_code == 403


def test_a_session_read_needs_no_csrf_token(personas) -> None:
    assert ApiClient(_csrf_client(personas)).get(police_url(personas)).status_code == 200


def test_a_session_write_with_the_csrf_token_is_accepted(personas) -> None:
    client = ApiClient(_csrf_client(personas))
    response = client.patch(police_url(personas), {"description": "Real"}, X_CSRFToken=CSRF_SECRET)
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Real"


def test_other_authorization_schemes_are_not_credentials(db) -> None:
    response = Client().get(ORGANIZATIONS, headers={"Authorization": "Basic ZGV0ZWN0aXZlOng="})
    assert response.status_code == 401
