from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from taskforce.core.access import SIGNED_IN, access


@access(SIGNED_IN)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/dashboard.html", {})
