"""Every main page stays usable on a 320 px wide screen, with labelled controls and landmarks."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.directory.factories import build_shelter_world
from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# Controls that have no accessible name: no <label for>, no wrapping <label>, no aria-label(ledby).
UNLABELLED_CONTROLS = """
() => [...document.querySelectorAll('input, select, textarea')]
  .filter((el) => !['hidden', 'submit', 'button'].includes(el.type))
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !el.getAttribute('aria-labelledby'))
  .map((el) => el.name || el.id)
"""


def _pages(world, personas) -> list[str]:
    return [
        "/",
        "/directory/",
        f"/directory/?county={world.county.pk}&language=es",
        f"/directory/organizations/{personas.safe_harbor.pk}/",
        f"/directory/services/{world.answer.pk}/",
        f"/directory/organizations/{personas.safe_harbor.pk}/edit/",
        "/directory/people/",
        "/directory/gaps/",
        "/directory/import/",
        "/directory/counties/",
        "/charter/",
        "/accounts/profile/",
    ]


def _layout_problems(page, paths: list[str]) -> list[str]:
    problems: list[str] = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{path}: {width}px wide")
        unlabelled = page.evaluate(UNLABELLED_CONTROLS)
        if unlabelled:
            problems.append(f"{path}: unlabelled {unlabelled}")
        if page.locator("main").count() != 1 or page.locator("a.skip-link").count() != 1:
            problems.append(f"{path}: missing main landmark or skip link")
    return problems


def _sign_in_narrow(page, username: str, code: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, username, PASSWORD, code)
    page.wait_for_url(lambda url: urlparse(url).path == "/")


def test_member_pages_fit_a_320px_screen_with_labelled_controls(page, personas) -> None:
    world = build_shelter_world(personas)
    _sign_in_narrow(page, "leader", personas.totp("leader"))
    assert not _layout_problems(page, _pages(world, personas))


def test_administration_pages_fit_a_320px_screen(page, personas) -> None:
    _sign_in_narrow(page, "admin", personas.totp("administrator"))
    paths = [
        "/accounts/users/",
        f"/accounts/users/{personas.detective.pk}/",
        "/accounts/users/invite/",
        "/accounts/site-security/",
        "/audit/",
    ]
    assert not _layout_problems(page, paths)
