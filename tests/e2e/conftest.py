"""Browser tests: Playwright driving Debian's Chromium against a live server.

They skip with a clear message where Chromium is missing, unless TASKFORCE_REQUIRE_BROWSER=1
(set by CI), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.directory.factories import ensure_vocabularies

CHROMIUM = os.environ.get("TASKFORCE_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make for
# setup are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _browser_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def seeded_vocabularies(transactional_db: None) -> None:
    """Put back the vocabularies migration 0002 seeds before each browser test.

    A live server needs a transactional database, which is flushed after every test. Serialized
    rollback cannot be relied on to restore the seeded rows: once Playwright has started, the test
    thread's connection is a new one without the serialized copy. Reseeding is idempotent.
    """
    ensure_vocabularies()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not _browser_available():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("TASKFORCE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    # A CSP violation, a script error or a missing asset is a bug: collect them and fail the test.
    # Pages themselves may answer 4xx on purpose (a form with errors), so documents are exempt.
    page.on("console", lambda msg: errors.append(msg.text) if _is_console_error(msg) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    yield page
    context.close()
    assert not errors, f"Browser console errors: {errors}"


def _is_console_error(message) -> bool:
    # Chromium reports every 4xx/5xx load as a console error; responses are checked separately.
    return message.type == "error" and not message.text.startswith("Failed to load resource")


def sign_in(page, username: str, password: str, totp_code: str | None = None) -> None:
    """Sign in through the real form, answering the two-factor step when asked."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if totp_code is not None:
        page.get_by_label("Authentication code").fill(totp_code)
        page.get_by_role("button", name="Verify").click()
