"""History tables show recorded changes in the words the pages use."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse

from taskforce.core import audit
from taskforce.core.templatetags.audit_display import audit_changes


def _event(target, changes):
    with transaction.atomic():
        return audit.record(None, "test.changed", target, changes=changes)


def test_codes_lists_dates_and_flags_become_words(personas) -> None:
    event = _event(
        personas.police,
        {
            "membership_status": {"from": "prospective", "to": "active"},
            "counties_served": {"from": [], "to": ["Harbor County, CA", "Bay County, CA"]},
            "status_changed_on": {"from": None, "to": "2026-11-02"},
            "locked_until": "2026-11-23 13:03:34.394659+00:00",
            "by_administrator": True,
        },
    )
    rows = {row.field: row for row in audit_changes(event)}
    assert (rows["Membership status"].before, rows["Membership status"].after) == (
        "Prospective",
        "Active",
    )
    assert rows["Counties served"].before == "—"
    assert rows["Counties served"].after == "Harbor County, CA, Bay County, CA"
    assert rows["Status changed on"].after == "2026-11-02"
    assert rows["Locked until"].after.startswith("2026-11-23 ")
    assert "." not in rows["Locked until"].after and not rows["Locked until"].is_change
    assert rows["By administrator"].after == "Yes"


def test_the_organization_history_shows_labels_not_codes(client_for, personas) -> None:
    from taskforce.directory import services

    services.change_membership_status(
        personas.leader, personas.new_dawn, "inactive", datetime.date.today()
    )
    page = client_for("leader").get(
        reverse("directory:organization-detail", args=[personas.new_dawn.pk])
    )
    html = page.content.decode()
    assert "Membership status</strong>: Active → Inactive" in html
    assert "membership_status" not in html
