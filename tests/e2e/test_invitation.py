"""An administrator invites a person, who accepts, enrols two-factor sign-in and arrives."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pyotp
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD

INVITEE_PASSWORD = "quiet harbor morning 58"


def test_invited_person_accepts_and_enrols_two_factor(page, personas, live_server) -> None:
    sign_in(page, "admin", PASSWORD, personas.totp("administrator"))
    page.wait_for_url(lambda url: urlparse(url).path == "/")

    page.goto("/accounts/users/")
    page.get_by_role("link", name="Invite a person").click()
    page.get_by_label("E-mail address").fill("lina.case@example.org")
    page.get_by_label("First name").fill("Lina")
    page.get_by_label("Last name").fill("Case")
    page.get_by_label("Role").select_option("member")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "An invitation was sent to lina.case@example.org"
    )
    expect(page.get_by_role("row", name=re.compile("lina.case@example.org"))).to_be_visible()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lina.case@example.org"]
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    page.get_by_role("button", name="Sign out").click()
    page.goto(urlparse(link.group(0)).path)
    expect(page.get_by_text("lina.case@example.org")).to_be_visible()
    page.get_by_label("Username").fill("lina")
    page.get_by_label("Password", exact=True).fill(INVITEE_PASSWORD)
    page.get_by_label("Password confirmation").fill(INVITEE_PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Authentication code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    expect(page.locator("#backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    assert urlparse(page.url).path == "/"
    expect(page.get_by_role("link", name="Lina Case")).to_be_visible()
