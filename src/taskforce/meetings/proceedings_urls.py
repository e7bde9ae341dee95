"""Routes for the roll call, confidentiality reminder, training, minutes, action items, feedback
and attendance reports. Included in the "meetings" namespace, under /meetings/."""

from django.urls import path

from taskforce.meetings import proceedings_views as views

urlpatterns = [
    path("<int:pk>/roll-call/", views.roll_call, name="roll-call"),
    path("<int:pk>/confidentiality/", views.confidentiality, name="confidentiality"),
    path("<int:pk>/training/", views.training, name="training"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/minutes/start/", views.minutes_start, name="minutes-start"),
    path("<int:pk>/minutes/edit/", views.minutes_edit, name="minutes-edit"),
    path("<int:pk>/minutes/circulate/", views.minutes_circulate, name="minutes-circulate"),
    path("<int:pk>/minutes/correct/", views.minutes_correct, name="minutes-correct"),
    path("<int:pk>/minutes/adopt/", views.minutes_adopt, name="minutes-adopt"),
    path("<int:pk>/minutes/versions/", views.minutes_versions, name="minutes-versions"),
    path(
        "<int:pk>/minutes/versions/<int:number>/",
        views.minutes_version,
        name="minutes-version",
    ),
    path("<int:pk>/minutes/pdf/", views.minutes_pdf, name="minutes-pdf"),
    path("<int:pk>/action-items/add/", views.action_item_add, name="action-item-add"),
    path("action-items/", views.action_items, name="action-items"),
    path("action-items/mine/", views.my_action_items, name="my-action-items"),
    path("action-items/<int:pk>/edit/", views.action_item_edit, name="action-item-edit"),
    path("action-items/<int:pk>/close/", views.action_item_close, name="action-item-close"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/feedback/results/", views.feedback_results, name="feedback-results"),
    path("bodies/<int:pk>/feedback/", views.feedback_trend, name="feedback-trend"),
    path("attendance/", views.attendance_report, name="attendance-report"),
]
