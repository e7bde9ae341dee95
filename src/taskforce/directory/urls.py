from django.urls import path

from taskforce.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("gaps/", views.gaps, name="gaps"),
    path("counties/", views.counties, name="counties"),
    path("import/", views.import_view, name="import"),
    path("import/template/<slug:kind>.csv", views.import_template, name="import-template"),
    path("export/<slug:kind>.csv", views.export, name="export"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path("organizations/<int:pk>/status/", views.organization_status, name="organization-status"),
    path("organizations/<int:pk>/contacts/new/", views.contact_create, name="contact-create"),
    path("organizations/<int:pk>/services/new/", views.service_create, name="service-create"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact-delete"),
    path("services/<int:pk>/", views.service_detail, name="service-detail"),
    path("services/<int:pk>/edit/", views.service_edit, name="service-edit"),
    path("services/<int:pk>/capacity/", views.service_capacity, name="service-capacity"),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
]
