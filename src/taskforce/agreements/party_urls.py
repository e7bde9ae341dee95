"""The parties' pages: reviewing a version clause by clause, signing, declining, comparing."""

from django.urls import URLPattern, path

from taskforce.agreements import party_views as views

urlpatterns: list[URLPattern] = [
    path("parties/<int:pk>/review/", views.party_review, name="party-review"),
    path(
        "parties/<int:pk>/clauses/<int:clause_pk>/answer/",
        views.party_answer,
        name="party-answer",
    ),
    path(
        "parties/<int:pk>/accept-remaining/",
        views.party_accept_remaining,
        name="party-accept-remaining",
    ),
    path("parties/<int:pk>/sign/", views.party_sign, name="party-sign"),
    path("parties/<int:pk>/decline/", views.party_decline, name="party-decline"),
    path("<int:pk>/compare/", views.compare, name="compare"),
]
