from __future__ import annotations

import re
from datetime import timedelta
from unittest.mock import patch
from urllib.parse import urlparse

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from taskforce.accounts.models import SignInThrottle
from tests.accounts.flows import events, signed_in_user_id, submit_password
from tests.personas import PASSWORD

NEW_PASSWORD = "a new and long passphrase 42"


def _reset_link() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"https?://\S+/accounts/password-reset/\S+/\S+/", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return urlparse(match.group(0)).path


def test_reset_email_contains_a_link_that_sets_the_password_and_lifts_the_lock(
    client: Client, personas
) -> None:
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        submit_password(client, "visitor", "wrong guess")
    assert SignInThrottle.objects.filter(username="visitor", locked_until__isnull=False).exists()

    response = client.post(reverse("accounts:password-reset"), {"email": "VISITOR@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox[0].to == ["visitor@example.org"]
    assert events("accounts.password.reset_requested", target_id=str(personas.visitor.pk))

    form_page = client.get(_reset_link(), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:password-reset-complete")

    assert not SignInThrottle.objects.filter(username="visitor").exists()
    event = events("accounts.password.reset", target_id=str(personas.visitor.pk))[-1]
    assert event.changes == {"lockouts_cleared": ["password"]}
    fresh = Client()
    submit_password(fresh, "visitor", NEW_PASSWORD)
    assert signed_in_user_id(fresh) == personas.visitor.pk


def test_reset_link_works_once(client: Client, personas) -> None:
    client.post(reverse("accounts:password-reset"), {"email": "visitor@example.org"})
    link = _reset_link()
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, db) -> None:
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_reset_refuses_a_weak_password(client: Client, personas) -> None:
    client.post(reverse("accounts:password-reset"), {"email": "visitor@example.org"})
    set_url = client.get(_reset_link(), follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not events("accounts.password.reset")


def test_password_change_needs_the_old_password_and_is_recorded(client_for, personas) -> None:
    client = client_for("visitor")
    url = reverse("accounts:password-change")
    wrong = client.post(
        url,
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and "error-summary" in wrong.content.decode()

    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:profile")
    # This session stays signed in.
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert events("accounts.password.changed", target_id=str(personas.visitor.pk))
    personas.visitor.refresh_from_db()
    assert personas.visitor.check_password(NEW_PASSWORD)


def test_password_forms_use_the_sites_own_wording(client, client_for, personas) -> None:
    reset = client.get(reverse("accounts:password-reset")).content.decode()
    assert '<label for="id_email">E-mail</label>' in reset
    change = client_for("detective").get(reverse("accounts:password-change")).content.decode()
    assert '<label for="id_old_password">Current password</label>' in change


def test_one_reset_email_per_account_in_the_interval(client: Client, personas) -> None:
    url = reverse("accounts:password-reset")
    first = client.post(url, {"email": "visitor@example.org"})
    again = client.post(url, {"email": "visitor@example.org"})
    # The asker sees the same answer; the inbox gets one link, and the log shows both requests.
    assert first["Location"] == again["Location"] == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 1
    assert events("accounts.password.reset_throttled", target_id=str(personas.visitor.pk))

    later = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_EMAIL_INTERVAL_SECONDS + 1)
    with patch("django.utils.timezone.now", return_value=later):
        client.post(url, {"email": "visitor@example.org"})
    assert len(mail.outbox) == 2
    # Another account is not held back by the first one's requests.
    client.post(url, {"email": "detective@example.org"})
    assert mail.outbox[-1].to == ["detective@example.org"]
