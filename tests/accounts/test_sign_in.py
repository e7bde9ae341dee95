from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from taskforce.accounts import otp, services
from taskforce.accounts.middleware import (
    SESSION_STARTED_KEY,
    SESSION_TOUCH_INTERVAL_SECONDS,
    SESSION_TOUCHED_KEY,
)
from taskforce.accounts.models import SignInStage, SignInThrottle, TwoFactorDevice
from tests.accounts.flows import (
    CODE_URL,
    LOGIN_URL,
    events,
    signed_in_user_id,
    submit_code,
    submit_password,
    wrong_code,
)

LOCKED = "Too many failed attempts. Try again in"


def test_login_page_has_labelled_fields(client: Client, db: None) -> None:
    response = client.get(LOGIN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username">Username</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert ">Sign in</button>" in html


def test_password_alone_signs_in_an_account_without_authenticator(client, personas) -> None:
    response = submit_password(client, "visitor")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert signed_in_user_id(client) == personas.visitor.pk
    success = events("accounts.login.succeeded", target_id=str(personas.visitor.pk))
    assert success and success[-1].changes == {"method": "password"}


def test_enrolled_account_is_not_signed_in_until_the_code_passes(client, personas) -> None:
    response = submit_password(client, "detective")
    assert response.status_code == 302
    assert response["Location"] == CODE_URL
    assert signed_in_user_id(client) is None
    assert client.get(reverse("dashboard")).status_code == 302

    page = client.get(CODE_URL)
    assert '<label for="id_code">Authentication code</label>' in page.content.decode()
    response = submit_code(client, personas.totp("detective"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert signed_in_user_id(client) == personas.detective.pk
    assert client.get(reverse("dashboard")).status_code == 200


def test_wrong_code_shows_an_error_and_does_not_sign_in(client, personas) -> None:
    submit_password(client, "detective")
    response = submit_code(client, wrong_code(personas.totp_secrets["detective"]))
    assert response.status_code == 200
    assert "That code is not correct" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_wrong_username_and_wrong_password_get_the_same_answer(client, personas) -> None:
    wrong_password = submit_password(client, "detective", "not the password")
    unknown_user = submit_password(client, "nobody-here", "not the password")
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert services.WRONG_CREDENTIALS in response.content.decode()
    failed = events("accounts.login.failed")
    assert failed[0].actor is None and failed[0].target_id == str(personas.detective.pk)
    assert failed[1].target_id == "" and "nobody-here" in failed[1].target_label


def test_lockout_at_password_step_refuses_even_the_right_password(client, personas) -> None:
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = submit_password(client, "detective", "wrong guess")
    assert LOCKED in response.content.decode()
    assert "or reset your password" in response.content.decode()

    response = submit_password(client, "detective")
    assert LOCKED in response.content.decode()
    assert signed_in_user_id(client) is None
    locked = events("accounts.login.locked", target_id=str(personas.detective.pk))
    assert len(locked) == 1 and locked[0].actor is None
    assert locked[0].changes["stage"] == SignInStage.PASSWORD

    # The lock is on the detective alone: another persona signs in as usual.
    other = Client()
    assert submit_password(other, "prosecutor")["Location"] == CODE_URL


def test_lock_is_per_username_regardless_of_case(client, personas) -> None:
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        submit_password(client, "DETECTIVE", "wrong guess")
    assert LOCKED in submit_password(client, "detective").content.decode()


def test_unknown_usernames_are_locked_too(client, db: None) -> None:
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = submit_password(client, "ghost", "guess")
    assert LOCKED in response.content.decode()
    assert SignInThrottle.objects.get(username="ghost", stage="password").locked_until


def test_lock_ends_after_the_lockout_period(client, personas) -> None:
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        submit_password(client, "visitor", "wrong guess")
    assert LOCKED in submit_password(client, "visitor").content.decode()
    SignInThrottle.objects.filter(username="visitor").update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    response = submit_password(client, "visitor")
    assert response.status_code == 302
    assert signed_in_user_id(client) == personas.visitor.pk


def test_success_resets_the_failure_count(client, personas) -> None:
    limit = settings.LOGIN_FAILURE_LIMIT
    for _ in range(limit - 1):
        submit_password(client, "visitor", "wrong guess")
    submit_password(client, "visitor")
    assert not SignInThrottle.objects.filter(username="visitor").exists()
    client.post(reverse("accounts:logout"))
    for _ in range(limit - 1):
        response = submit_password(client, "visitor", "wrong guess")
    assert LOCKED not in response.content.decode()
    assert submit_password(client, "visitor").status_code == 302


def test_lockout_at_code_step_refuses_even_the_right_code(client, personas) -> None:
    secret = personas.totp_secrets["detective"]
    submit_password(client, "detective")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = submit_code(client, wrong_code(secret))
    assert LOCKED in response.content.decode()

    response = submit_code(client, personas.totp("detective"))
    assert LOCKED in response.content.decode()
    assert signed_in_user_id(client) is None
    # Starting over with the right password does not lift the lock on the code step.
    submit_password(client, "detective")
    assert LOCKED in submit_code(client, personas.totp("detective")).content.decode()
    locked = events("accounts.login.locked", target_id=str(personas.detective.pk))
    assert [e.changes["stage"] for e in locked] == [SignInStage.CODE]

    # Another persona is not affected.
    other = Client()
    submit_password(other, "prosecutor")
    submit_code(other, personas.totp("prosecutor"))
    assert signed_in_user_id(other) == personas.prosecutor.pk


def test_a_code_is_accepted_only_once(personas) -> None:
    code = personas.totp("detective")
    first, second = Client(), Client()
    submit_password(first, "detective")
    submit_code(first, code)
    assert signed_in_user_id(first) == personas.detective.pk

    submit_password(second, "detective")
    response = submit_code(second, code)
    assert signed_in_user_id(second) is None
    assert "That code is not correct" in response.content.decode()
    device = TwoFactorDevice.objects.get(user=personas.detective)
    assert device.last_used_step > 0


def test_backup_code_signs_in_once(personas) -> None:
    secret = personas.totp_secrets["detective"]
    codes = services.regenerate_backup_codes(personas.detective, otp.current_code(secret))
    assert len(codes) == 10 and len(set(codes)) == 10

    first = Client()
    submit_password(first, "detective")
    submit_code(first, codes[0].upper())  # as typed from paper: case and hyphen do not matter
    assert signed_in_user_id(first) == personas.detective.pk
    assert events("accounts.two_factor.backup_code_used")[-1].changes == {"remaining": 9}

    second = Client()
    submit_password(second, "detective")
    response = submit_code(second, codes[0])
    assert signed_in_user_id(second) is None
    assert "That code is not correct" in response.content.decode()


def test_code_step_expires_after_five_minutes(client, personas) -> None:
    submit_password(client, "detective")
    session = client.session
    pending = session[services.PENDING_SIGN_IN_KEY]
    pending["started_at"] -= services.PENDING_SIGN_IN_SECONDS + 1
    session[services.PENDING_SIGN_IN_KEY] = pending
    session.save()

    response = submit_code(client, personas.totp("detective"))
    assert response.status_code == 302 and response["Location"] == LOGIN_URL
    assert signed_in_user_id(client) is None
    assert "Sign in again" in client.get(CODE_URL).content.decode()


def test_next_is_followed_when_it_stays_on_the_site(client, personas) -> None:
    target = reverse("accounts:profile")
    submit_password(client, "detective", next=target)
    assert submit_code(client, personas.totp("detective"))["Location"] == target


def test_next_to_another_site_is_ignored(client, personas) -> None:
    response = submit_password(client, "visitor", next="https://evil.example/steal")
    assert response["Location"] == reverse("dashboard")


def test_login_form_keeps_a_safe_next_only(client, db: None) -> None:
    assert (
        'value="/accounts/profile/"'
        in client.get(f"{LOGIN_URL}?next=/accounts/profile/").content.decode()
    )
    assert "evil.example" not in client.get(f"{LOGIN_URL}?next=//evil.example/").content.decode()


def test_administrator_without_authenticator_is_sent_to_enrolment(client, personas) -> None:
    TwoFactorDevice.objects.filter(user=personas.administrator).delete()
    response = submit_password(client, "admin")
    assert signed_in_user_id(client) == personas.administrator.pk
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
    # The middleware holds them there whatever page they ask for.
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 302
    assert dashboard["Location"] == reverse("accounts:two-factor-setup") + "?next=%2F"
    assert client.get(reverse("accounts:two-factor-setup")).status_code == 200
    # Account management is held back too, though it lives under /accounts/.
    for name in ("accounts:user-list", "accounts:invite", "accounts:site-security"):
        held = client.get(reverse(name))
        assert held.status_code == 302, name
        assert held["Location"].startswith(reverse("accounts:two-factor-setup")), name
    role_change = client.post(
        reverse("accounts:user-role", kwargs={"pk": personas.detective.pk}),
        {"role": "administrator"},
    )
    assert role_change.status_code == 302
    personas.detective.refresh_from_db()
    assert personas.detective.role != "administrator"


def test_deactivated_account_cannot_sign_in(client, personas) -> None:
    services.deactivate_user(personas.administrator, personas.visitor)
    response = submit_password(client, "visitor")
    assert services.WRONG_CREDENTIALS in response.content.decode()
    assert signed_in_user_id(client) is None


def test_logout_is_post_only_and_recorded(client, personas) -> None:
    client.force_login(personas.visitor)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN_URL
    assert signed_in_user_id(client) is None
    assert events("accounts.logout", target_id=str(personas.visitor.pk))


def test_signed_in_visitor_to_login_goes_to_dashboard(client, personas) -> None:
    client.force_login(personas.visitor)
    assert client.get(LOGIN_URL)["Location"] == reverse("dashboard")


def _age_session(client: Client, seconds: float) -> None:
    session = client.session
    session[SESSION_STARTED_KEY] = session[SESSION_STARTED_KEY] - seconds
    session.save()


def test_session_ends_at_the_absolute_limit_however_active(client, personas) -> None:
    client.force_login(personas.visitor)
    assert client.get(reverse("dashboard")).status_code == 200
    _age_session(client, settings.SESSION_ABSOLUTE_LIMIT_SECONDS - 60)
    assert client.get(reverse("dashboard")).status_code == 200

    _age_session(client, 120)
    response = client.get(reverse("dashboard"), follow=True)
    assert response.redirect_chain[0][0] == f"{LOGIN_URL}?next=%2F"
    assert "Your session ended" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_api_answers_an_expired_session_with_401(client, personas) -> None:
    client.force_login(personas.visitor)
    assert client.get("/api/v1/organizations").status_code == 200
    _age_session(client, settings.SESSION_ABSOLUTE_LIMIT_SECONDS + 1)
    response = client.get("/api/v1/organizations")
    assert response.status_code == 401
    assert signed_in_user_id(client) is None


def _expiry(client: Client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_activity_extends_the_idle_limit_without_a_write_per_request(client, personas) -> None:
    client.force_login(personas.visitor)
    client.get(reverse("dashboard"))
    first = _expiry(client)
    client.get(reverse("dashboard"))
    assert _expiry(client) == first

    session = client.session
    session[SESSION_TOUCHED_KEY] -= SESSION_TOUCH_INTERVAL_SECONDS
    session.save()
    saved = _expiry(client)
    client.get(reverse("dashboard"))
    assert _expiry(client) > saved
