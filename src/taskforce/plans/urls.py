from django.urls import path

from taskforce.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("start/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/status/", views.plan_status, name="status"),
    path("<int:plan_pk>/objectives/add/", views.objective_add, name="objective-add"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective-edit"),
    path("objectives/<int:pk>/remove/", views.objective_remove, name="objective-remove"),
    path("objectives/<int:pk>/move/", views.objective_move, name="objective-move"),
    path("objectives/<int:objective_pk>/tasks/add/", views.task_add, name="task-add"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/status/", views.task_status, name="task-status"),
    path("tasks/<int:pk>/notes/", views.task_note, name="task-note"),
    path("tasks/<int:pk>/report-back/", views.task_report_back, name="task-report-back"),
]
