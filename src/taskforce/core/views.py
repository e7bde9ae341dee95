from __future__ import annotations

import logging
import sys

from django.core.paginator import Paginator
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from taskforce.core import audit
from taskforce.core.access import ADMINISTRATOR, PUBLIC, access
from taskforce.core.crypto import DecryptionError
from taskforce.core.models import AuditEvent

logger = logging.getLogger(__name__)


@access(PUBLIC)
@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers; 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@access(PUBLIC)
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico where a response names no icon (a CSV download, say)."""
    return HttpResponsePermanentRedirect(static("core/favicon.svg"))


@access(ADMINISTRATOR)
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("actor").order_by("-sequence")
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    target_type = request.GET.get("target_type", "").strip()
    target_id = request.GET.get("target_id", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "rows": [(event, audit.action_label(event.action)) for event in page],
            "filters": {
                "action": action,
                "actor": actor,
                "target_type": target_type,
                "target_id": target_id,
            },
            "actions": sorted(audit.registered_actions().items()),
        },
    )


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Also reached when a middleware, not a view, met data it cannot decrypt.
    if isinstance(sys.exc_info()[1], DecryptionError):
        return encryption_keys_unavailable(request)
    # No request context: the failure may be the database the context processors read.
    return HttpResponse(render_to_string("errors/500.html"), status=500)


def encryption_keys_unavailable(request: HttpRequest) -> HttpResponse:
    logger.critical(
        "Stored encrypted data cannot be read with the configured FIELD_ENCRYPTION_KEYS "
        "(%s %s). Restore the key it was written with, then run rotate-field-keys.",
        request.method,
        request.path,
    )
    return HttpResponse(render_to_string("errors/encryption_keys.html"), status=503)
