from __future__ import annotations

import re

import pyotp
import pytest
from django.db import connection
from django.urls import reverse

from taskforce.accounts import otp, services
from taskforce.accounts.models import BackupCode, TwoFactorDevice
from taskforce.accounts.policy import has_two_factor
from taskforce.core.models import SiteSettings
from tests.accounts.flows import events, wrong_code

SETUP_URL = reverse("accounts:two-factor-setup")


def _secret_on_page(html: str) -> str:
    match = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', html)
    assert match, "the secret is shown for manual entry"
    return match.group(1).replace(" ", "")


def test_enrolment_shows_qr_and_secret_then_backup_codes_once(client_for, personas) -> None:
    client = client_for("visitor")
    page = client.get(SETUP_URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        '<div class="qr"><svg' in html and "style=" not in html.split('<div class="qr">')[1][:200]
    )
    secret = _secret_on_page(html)
    device = TwoFactorDevice.objects.get(user=personas.visitor)
    assert device.secret == secret and not device.is_confirmed
    # Reloading keeps the secret, so a QR code already scanned stays good.
    assert _secret_on_page(client.get(SETUP_URL).content.decode()) == secret
    assert "Skip for now" in html  # optional for a visitor

    response = client.post(SETUP_URL, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = re.findall(
        r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", response.content.decode()
    )
    assert len(codes) == 10
    assert has_two_factor(TwoFactorDevice.objects.get(user=personas.visitor).user)
    stored = set(
        BackupCode.objects.filter(user=personas.visitor).values_list("code_hash", flat=True)
    )
    assert stored == {otp.hash_code(code) for code in codes}
    assert not any(code.replace("-", "") in h for code in codes for h in stored)
    assert events("accounts.two_factor.enrolled", target_id=str(personas.visitor.pk))
    # Never shown again: the page now answers that it is already on.
    assert client.get(SETUP_URL)["Location"] == reverse("accounts:profile")


def test_enrolment_refuses_a_wrong_code(client_for, personas) -> None:
    client = client_for("visitor")
    secret = _secret_on_page(client.get(SETUP_URL).content.decode())
    response = client.post(SETUP_URL, {"code": wrong_code(secret)})
    assert response.status_code == 200
    assert "That code does not match" in response.content.decode()
    assert not TwoFactorDevice.objects.get(user=personas.visitor).is_confirmed


def test_required_enrolment_offers_no_skip(client_for, personas) -> None:
    TwoFactorDevice.objects.filter(user=personas.administrator).delete()
    html = client_for("administrator").get(SETUP_URL).content.decode()
    assert "Skip for now" not in html
    assert "Required" in html


def test_secret_is_not_stored_in_clear(personas) -> None:
    secret = personas.totp_secrets["detective"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret FROM accounts_twofactordevice WHERE user_id = %s",
            [personas.detective.pk],
        )
        (stored,) = cursor.fetchone()
    assert secret not in stored
    assert secret.lower() not in stored.lower()
    assert TwoFactorDevice.objects.get(user=personas.detective).secret == secret


def test_regenerating_backup_codes_needs_a_current_code(client_for, personas) -> None:
    secret = personas.totp_secrets["detective"]
    old_codes = services.regenerate_backup_codes(personas.detective, otp.current_code(secret))
    client = client_for("detective")
    url = reverse("accounts:two-factor-backup-codes")

    refused = client.post(url, {"code": wrong_code(secret)})
    assert "That code is not correct" in refused.content.decode()
    # A backup code is not enough to make new backup codes.
    refused = client.post(url, {"code": old_codes[0]})
    assert "That code is not correct" in refused.content.decode()

    TwoFactorDevice.objects.filter(user=personas.detective).update(last_used_step=0)
    response = client.post(url, {"code": otp.current_code(secret)})
    new_codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    assert len(new_codes) == 10
    hashes = set(
        BackupCode.objects.filter(user=personas.detective).values_list("code_hash", flat=True)
    )
    assert hashes == {otp.hash_code(c) for c in new_codes}
    assert otp.hash_code(old_codes[1]) not in hashes
    assert events("accounts.two_factor.backup_codes_regenerated")


def test_optional_two_factor_can_be_removed(client_for, personas) -> None:
    client = client_for("advocate")
    url = reverse("accounts:two-factor-remove")
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": personas.totp("advocate")})
    assert response["Location"] == reverse("accounts:profile")
    assert not TwoFactorDevice.objects.filter(user=personas.advocate).exists()
    assert events("accounts.two_factor.removed", target_id=str(personas.advocate.pk))


def test_required_two_factor_cannot_be_removed(client_for, personas) -> None:
    client = client_for("administrator")
    url = reverse("accounts:two-factor-remove")
    page = client.get(url)
    assert "required for your account" in page.content.decode()
    assert 'name="code"' not in page.content.decode()
    assert client.post(url, {"code": personas.totp("administrator")}).status_code == 403
    assert TwoFactorDevice.objects.filter(user=personas.administrator).exists()
    with pytest.raises(services.PermissionDenied):
        services.remove_two_factor(personas.administrator, personas.totp("administrator"))


def test_require_for_all_sends_unenrolled_accounts_to_setup(client_for, personas) -> None:
    visitor = client_for("visitor")
    assert visitor.get(reverse("dashboard")).status_code == 200

    admin = client_for("administrator")
    response = admin.post(reverse("accounts:site-security"), {"require_two_factor_for_all": "on"})
    assert response.status_code == 302
    assert SiteSettings.load().require_two_factor_for_all
    event = events("accounts.site_settings.updated")[-1]
    assert event.changes == {"require_two_factor_for_all": {"from": False, "to": True}}

    blocked = visitor.get(reverse("dashboard"))
    assert blocked.status_code == 302 and blocked["Location"].startswith(SETUP_URL)
    assert "Skip for now" not in visitor.get(SETUP_URL).content.decode()
    # Those already enrolled carry on.
    assert client_for("advocate").get(reverse("dashboard")).status_code == 200

    admin.post(reverse("accounts:site-security"), {})
    assert not SiteSettings.load().require_two_factor_for_all
    assert visitor.get(reverse("dashboard")).status_code == 200


def test_administrator_resets_someone_elses_two_factor(client_for, personas) -> None:
    response = client_for("administrator").post(
        reverse("accounts:user-reset-two-factor", kwargs={"pk": personas.detective.pk})
    )
    assert response.status_code == 302
    assert not TwoFactorDevice.objects.filter(user=personas.detective).exists()
    event = events("accounts.two_factor.removed", target_id=str(personas.detective.pk))[-1]
    assert event.actor == personas.administrator
