"""Template tags for showing services' capacity the same way on every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from taskforce.core.access import COORDINATOR, MEMBER
from taskforce.directory import selectors
from taskforce.directory.models import Service

register = template.Library()


def capacity_text(service: Service) -> str:
    """ "3 of 8 beds available", or what is known when a figure is missing."""
    unit = service.capacity_unit or "places"
    available, maximum = service.capacity_available, service.capacity_maximum
    if available is None and maximum is None:
        return "Capacity not tracked"
    if available is None:
        return f"Availability unknown ({maximum} {unit} in all)"
    if maximum is None:
        return f"{available} {unit} available"
    return f"{available} of {maximum} {unit} available"


@register.simple_tag
def capacity_summary(service: Service) -> SafeString:
    """The capacity line of a service: figures, age, and warnings when full or stale.

    Built here rather than in an included template: it repeats on every row of a search page.
    """
    if not selectors.capacity_is_tracked(service):
        return mark_safe('<span class="muted">Capacity not tracked</span>')
    full = (
        mark_safe(' <span class="badge badge-danger">Full</span>')
        if service.capacity_available == 0
        else ""
    )
    stale = (
        mark_safe(' <span class="badge badge-warn">Stale: confirm by phone</span>')
        if selectors.capacity_is_stale(service)
        else ""
    )
    return format_html(
        '<span class="capacity">{}</span>{} <span class="muted">({})</span>{}',
        capacity_text(service),
        full,
        selectors.capacity_age(service),
        stale,
    )


@register.inclusion_tag("directory/_subnav.html", takes_context=True)
def directory_nav(context: dict[str, Any], current: str) -> dict[str, Any]:
    """The directory's own section links, each shown only to those who may use it."""
    user = context.get("user")
    links = [
        ("search", "Search", reverse("directory:search"), True),
        ("organizations", "Organizations", reverse("directory:organization-list"), True),
        ("people", "People", reverse("directory:person-list"), MEMBER.allows(user)),
        ("gaps", "Sector gaps", reverse("directory:gaps"), MEMBER.allows(user)),
        ("import", "Import", reverse("directory:import"), COORDINATOR.allows(user)),
        ("counties", "Counties", reverse("directory:counties"), COORDINATOR.allows(user)),
    ]
    return {
        "links": [
            {"label": label, "url": url, "current": key == current}
            for key, label, url, allowed in links
            if allowed
        ]
    }
