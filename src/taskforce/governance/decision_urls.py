from django.urls import path

from taskforce.governance import decision_views as views

app_name = "decisions"

urlpatterns = [
    path("", views.proposal_list, name="proposals"),
    path("propose/", views.proposal_add, name="proposal-add"),
    path("register/", views.register, name="register"),
    path("register.csv", views.register_csv, name="register-csv"),
    path("register.pdf", views.register_pdf, name="register-pdf"),
    path("<int:pk>/", views.proposal_detail, name="proposal"),
    path("<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("<int:pk>/comment/", views.proposal_comment, name="proposal-comment"),
    path("<int:pk>/amend/", views.proposal_amend, name="proposal-amend"),
    path("amendments/<int:pk>/decide/", views.amendment_decide, name="amendment-decide"),
    path("<int:pk>/open/", views.proposal_open, name="proposal-open"),
    path("<int:pk>/position/", views.proposal_position, name="proposal-position"),
    path("<int:pk>/close/", views.proposal_close, name="proposal-close"),
    path("<int:pk>/withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path("<int:pk>/review/", views.proposal_review, name="proposal-review"),
    path("bodies/<int:pk>/rules/", views.body_rules, name="body-rules"),
    path("bodies/<int:pk>/rules/add/", views.rule_add, name="rule-add"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule-edit"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule-delete"),
]
