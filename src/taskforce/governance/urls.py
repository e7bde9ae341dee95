from django.urls import path

from taskforce.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.charter, name="charter"),
    path("edit/", views.charter_edit, name="charter-edit"),
    path("history/", views.charter_history, name="charter-history"),
    path("goals/add/", views.goal_add, name="goal-add"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal-edit"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal-delete"),
    path("goals/<int:pk>/move/", views.goal_move, name="goal-move"),
    path("goals/<int:goal_pk>/objectives/add/", views.objective_add, name="objective-add"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective-edit"),
    path("objectives/<int:pk>/delete/", views.objective_delete, name="objective-delete"),
    path("objectives/<int:pk>/move/", views.objective_move, name="objective-move"),
    path("leadership/", views.leadership, name="leadership"),
    path("leadership/assign/", views.leadership_assign, name="leadership-assign"),
    path("leadership/<int:pk>/end-term/", views.leadership_end_term, name="leadership-end-term"),
]
