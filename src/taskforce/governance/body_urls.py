from django.urls import path

from taskforce.governance import body_views as views

app_name = "bodies"

urlpatterns = [
    path("", views.body_list, name="list"),
    path("add/", views.body_add, name="add"),
    path("handover/", views.handover, name="handover"),
    path("<int:pk>/", views.body_detail, name="detail"),
    path("<int:pk>/edit/", views.body_edit, name="edit"),
    path("<int:pk>/dissolve/", views.body_dissolve, name="dissolve"),
    path("<int:pk>/voting/", views.body_voting, name="voting"),
    path("<int:pk>/seats/add/", views.seat_add, name="seat-add"),
    path("<int:pk>/composition/add/", views.composition_add, name="composition-add"),
    path(
        "<int:pk>/organizations/<int:organization_pk>/",
        views.organization_seat,
        name="organization-seat",
    ),
    path(
        "<int:pk>/organizations/<int:organization_pk>/remove/",
        views.organization_seat_remove,
        name="organization-seat-remove",
    ),
    path("seats/<int:pk>/end/", views.seat_end, name="seat-end"),
    path("seats/<int:pk>/successor/", views.seat_successor, name="seat-successor"),
    path("seats/<int:pk>/cancel/", views.seat_cancel, name="seat-cancel"),
    path("composition/<int:pk>/remove/", views.composition_remove, name="composition-remove"),
]
