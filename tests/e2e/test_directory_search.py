"""A detective finds, in one search, who can shelter a Spanish-speaking minor tonight."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.directory.factories import build_shelter_world
from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_shelter_filters(page) -> None:
    page.get_by_label("Service category").select_option(label="Emergency housing and shelter")
    page.get_by_label("Language").select_option(label="Spanish")
    page.get_by_label("County").select_option(label="Harbor County, CA")
    page.get_by_label("Population").select_option(label="Minors")
    page.get_by_label("Open 24/7").check()
    page.get_by_label("Has capacity now").check()


def test_detective_finds_the_spanish_speaking_24_7_shelter_for_minors(page, personas) -> None:
    world = build_shelter_world(personas)
    sign_in(page, "detective", PASSWORD, personas.totp("detective"))
    page.wait_for_url(lambda url: urlparse(url).path == "/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    expect(page.get_by_role("heading", name="Find help in the directory")).to_be_visible()
    results = page.locator("#results")
    expect(results.locator("article.result")).to_have_count(7)  # every active service, unfiltered

    # Results are replaced in place (htmx): a marker set on this page survives the search.
    page.evaluate("window.__samePage = true")
    _fill_shelter_filters(page)
    page.get_by_role("button", name="Search").click()

    expect(results.locator("article.result")).to_have_count(1)
    answer = results.locator("article.result")
    expect(answer.get_by_role("heading", name=world.answer.name)).to_be_visible()
    expect(answer).to_contain_text("Safe Harbor Alliance (SHA)")
    expect(answer).to_contain_text("Open 24/7")
    expect(answer).to_contain_text("Spanish")
    expect(answer).to_contain_text("Minors")
    expect(answer).to_contain_text("3 of 8 beds available")
    expect(answer).to_contain_text("updated 3 days ago")
    expect(answer.get_by_role("link", name="555-0142")).to_be_visible()
    for decoy in world.decoys.values():
        expect(results).not_to_contain_text(decoy.name)
    expect(page.get_by_role("status")).to_contain_text("1 service found")
    assert page.evaluate("window.__samePage") is True
    # The address records the search, so it can be shared or reloaded.
    expect(page).to_have_url(re.compile(r"language=es"))
    expect(page).to_have_url(re.compile(rf"county={world.county.pk}"))

    page.reload()
    expect(page.locator("#results article.result")).to_have_count(1)
    expect(page.get_by_label("Open 24/7")).to_be_checked()


def test_search_works_without_javascript(browser, live_server, personas) -> None:
    world = build_shelter_world(personas)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "detective", PASSWORD, personas.totp("detective"))
        page.wait_for_url(lambda url: urlparse(url).path == "/")
        page.goto("/directory/")
        _fill_shelter_filters(page)
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"has_capacity=on"))
        results = page.locator("#results article.result")
        expect(results).to_have_count(1)
        expect(results).to_contain_text(world.answer.name)
    finally:
        context.close()
