"""Signing in with a password and an authenticator code, in a real browser."""

from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD


def test_password_then_code_reaches_the_dashboard(page, personas) -> None:
    sign_in(page, "detective", PASSWORD, personas.totp("detective"))
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    assert urlparse(page.url).path == "/"
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_wrong_code_shows_an_error(page, personas) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("detective")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    code = personas.totp("detective")
    wrong = "000000" if code != "000000" else "111111"
    page.get_by_label("Authentication code").fill(wrong)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not correct")
    assert urlparse(page.url).path == "/accounts/login-code/"
    expect(page.get_by_label("Authentication code")).to_have_attribute("aria-invalid", "true")
