from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from taskforce.core.models import SiteSettings
from taskforce.core.navigation import NAVIGATION


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    entries = []
    if user is not None and user.is_authenticated:
        for entry in NAVIGATION:
            if not entry.rule.allows(user):
                continue
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:
                continue
            entries.append({"label": entry.label, "url": url, "current": request.path == url})
    return {"nav_entries": entries, "site_settings": SiteSettings.load()}
