"""Scheduling, agendas, circulation and calendar feeds (mounted under /meetings/)."""

from django.urls import path

from taskforce.meetings import views

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("schedule/", views.meeting_schedule, name="schedule"),
    path("series/add/", views.series_add, name="series-add"),
    path("calendar/", views.calendar_feed, name="calendar-feed"),
    path("feed/<str:token>.ics", views.calendar_feed_ics, name="feed"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/held/", views.meeting_mark_held, name="mark-held"),
    path("<int:pk>/circulate/", views.meeting_circulate, name="circulate"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/agenda/propose/", views.agenda_propose, name="agenda-propose"),
    path("agenda-items/<int:pk>/edit/", views.agenda_item_edit, name="agenda-item-edit"),
    path("agenda-items/<int:pk>/accept/", views.agenda_item_accept, name="agenda-item-accept"),
    path("agenda-items/<int:pk>/decline/", views.agenda_item_decline, name="agenda-item-decline"),
    path(
        "agenda-items/<int:pk>/withdraw/", views.agenda_item_withdraw, name="agenda-item-withdraw"
    ),
    path("agenda-items/<int:pk>/move/", views.agenda_item_move, name="agenda-item-move"),
]
