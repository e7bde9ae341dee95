"""Small request helpers every app's views share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme

from taskforce.core.services_support import Direction


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data for a POST, even an empty one (so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def safe_next(request: HttpRequest, default: str = "") -> str:
    """The `next` address when it stays on this site; otherwise `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def posted_direction(request: HttpRequest) -> Direction | None:
    """The `direction` a move button posted ("up" or "down"); None for anything else."""
    value = request.POST.get("direction")
    if value == "up":
        return "up"
    if value == "down":
        return "down"
    return None


def report_refusal(request: HttpRequest, error: ValidationError) -> None:
    """Tell the person, on the page they are sent back to, why a button's action was refused."""
    messages.error(request, " ".join(error.messages))
