"""The URL map. Every view declares its access rule (see taskforce.core.access)."""

from django.urls import include, path

from taskforce.api import api
from taskforce.core import views as core_views
from taskforce.governance import views as governance_views

urlpatterns = [
    path("", governance_views.dashboard, name="dashboard"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("api/v1/", api.urls),
    path("accounts/", include("taskforce.accounts.urls")),
    path("directory/", include("taskforce.directory.urls")),
    path("charter/", include("taskforce.governance.urls")),
    path("bodies/", include("taskforce.governance.body_urls")),
    path("meetings/", include("taskforce.meetings.urls")),
    path("plans/", include("taskforce.plans.urls")),
    path("decisions/", include("taskforce.governance.decision_urls")),
    path("agreements/", include("taskforce.agreements.urls")),
    path("", include("taskforce.core.urls")),
]

handler400 = "taskforce.core.views.error_400"
handler403 = "taskforce.core.views.error_403"
handler404 = "taskforce.core.views.error_404"
handler500 = "taskforce.core.views.error_500"
