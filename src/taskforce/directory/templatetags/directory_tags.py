"""Template filters for showing services' capacity the same way on every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from taskforce.core.access import COORDINATOR, MEMBER
from taskforce.directory import selectors
from taskforce.directory.models import Service

register = template.Library()


@register.filter
def capacity_age(service: Service) -> str:
    """ "updated 3 days ago" / "never updated"."""
    return selectors.capacity_age(service)


@register.filter
def capacity_stale(service: Service) -> bool:
    return selectors.capacity_is_stale(service)


@register.filter
def capacity_tracked(service: Service) -> bool:
    return selectors.capacity_is_tracked(service)


@register.filter
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
    ]
    return {
        "links": [
            {"label": label, "url": url, "current": key == current}
            for key, label, url, allowed in links
            if allowed
        ]
    }
