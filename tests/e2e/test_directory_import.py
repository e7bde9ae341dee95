"""A coordinator imports a CSV with one bad row: the row is reported and nothing is written."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from taskforce.directory.models import Organization
from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "name,acronym,jurisdiction_level,sectors,counties_served,languages\n"
    'Harbor Legal Aid,HLA,non-governmental,legal-services,"Harbor, CA",es\n'
    "Bay Labor Center,BLC,non-governmental,workers-rights,,en\n"
    "Harbor Free Clinic,HFC,non-governmental,health-care,,es;en\n"
)


def _upload(page, text: str) -> None:
    page.goto("/directory/import/")
    page.get_by_label("Organizations").check()
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "organizations.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Check and import").click()


def test_one_bad_row_is_reported_with_its_line_and_nothing_is_written(page, personas) -> None:
    before = Organization.objects.count()
    sign_in(page, "vscoord", PASSWORD, personas.totp("coordinator"))
    page.wait_for_url(lambda url: urlparse(url).path == "/")

    _upload(page, CSV)

    summary = page.locator(".error-summary")
    expect(summary.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    expect(summary).to_contain_text("No rows were saved")
    rows = summary.locator("tbody tr")
    expect(rows).to_have_count(1)
    cells = rows.first.locator("td")
    expect(cells.nth(0)).to_have_text("3")
    expect(cells.nth(1)).to_have_text("sectors")
    expect(cells.nth(2)).to_contain_text("Unknown sector “workers-rights”")
    expect(cells.nth(2)).to_contain_text("labor-rights")  # says what is allowed
    assert Organization.objects.count() == before
    assert not Organization.objects.filter(name="Harbor Legal Aid").exists()

    # Corrected, the same file imports in full.
    _upload(page, CSV.replace("workers-rights", "labor-rights"))
    expect(page.get_by_role("status")).to_contain_text("Imported organizations: 3 added, 0 updated")
    assert Organization.objects.count() == before + 3
