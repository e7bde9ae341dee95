from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from taskforce.accounts.models import TwoFactorDevice
from taskforce.core import crypto
from taskforce.core.fields import reencrypt_all
from taskforce.core.models import AuditEvent
from taskforce.core.views import error_500
from tests.accounts.flows import signed_in_user_id, submit_password

OLD_KEY = crypto.new_key()
NEW_KEY = crypto.new_key()


def test_round_trip_and_ciphertext_differs_from_plaintext() -> None:
    token = crypto.encrypt_text("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in token
    assert crypto.decrypt_text(token) == "JBSWY3DPEHPK3PXP"


def test_a_value_from_an_unknown_key_is_refused() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        token = crypto.encrypt_text("secret")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(token)


def _raw_secret(device_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT secret FROM {TwoFactorDevice._meta.db_table} WHERE id = %s", [device_id]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_two_factor_secrets_are_encrypted_at_rest_and_rotate(personas) -> None:
    device = personas.detective.two_factor
    secret = personas.totp_secrets["detective"]
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        device.secret = secret
        device.save()
        raw_before = _raw_secret(device.pk)
        assert secret not in raw_before
    # The other personas' secrets are under the test key: list it so rotation can read them.
    with override_settings(
        FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY, *settings.FIELD_ENCRYPTION_KEYS]
    ):
        reencrypt_all()
        raw_after = _raw_secret(device.pk)
    assert raw_after != raw_before
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert TwoFactorDevice.objects.get(pk=device.pk).secret == secret
    rotated = AuditEvent.objects.get(action="core.field_keys.rotated")
    assert rotated.changes["model"] == "accounts.TwoFactorDevice"
    assert rotated.changes["rows"] == TwoFactorDevice.objects.count()


@pytest.mark.django_db
def test_healthz_answers_when_the_database_does(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_favicon_ico_points_at_the_bundled_icon(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("core/favicon.svg")


def test_lost_field_keys_give_a_clear_503_not_a_server_error(client, personas, caplog) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        response = submit_password(client, "detective")
    assert response.status_code == 503
    assert "encryption keys need attention" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert any(
        record.levelname == "CRITICAL" and "FIELD_ENCRYPTION_KEYS" in record.getMessage()
        for record in caplog.records
    )


def test_the_500_handler_names_undecryptable_data_too(rf) -> None:
    request = rf.get("/")
    try:
        raise crypto.DecryptionError("No configured key decrypts this value.")
    except crypto.DecryptionError:
        response = error_500(request)
    assert response.status_code == 503
    try:
        raise RuntimeError("something else")
    except RuntimeError:
        assert error_500(request).status_code == 500
