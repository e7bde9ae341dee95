"""/agreements/: the facilitator's pages (`views`), the parties' pages (`party_urls`) and the
documents (`document_urls`), in one namespace."""

from django.urls import URLPattern, path

from taskforce.agreements import document_urls, party_urls, views

app_name = "agreements"

urlpatterns: list[URLPattern] = [
    path("", views.agreement_list, name="list"),
    path("start/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/delete/", views.agreement_delete, name="delete"),
    path("<int:pk>/facilitator/", views.agreement_facilitator, name="facilitator"),
    # Parties
    path("<int:pk>/parties/add/", views.party_add, name="party-add"),
    path("parties/<int:pk>/edit/", views.party_edit, name="party-edit"),
    path("parties/<int:pk>/remove/", views.party_remove, name="party-remove"),
    path("parties/<int:pk>/withdraw/", views.party_withdraw, name="party-withdraw"),
    path("parties/<int:pk>/letter/", views.party_letter, name="party-letter"),
    # The working draft
    path("<int:pk>/draft/sections/add/", views.section_add, name="section-add"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section-edit"),
    path("sections/<int:pk>/remove/", views.section_remove, name="section-remove"),
    path("sections/<int:pk>/move/", views.section_move, name="section-move"),
    path("sections/<int:pk>/clauses/add/", views.clause_add, name="clause-add"),
    path("clauses/<int:pk>/edit/", views.clause_edit, name="clause-edit"),
    path("clauses/<int:pk>/remove/", views.clause_remove, name="clause-remove"),
    path("clauses/<int:pk>/move/", views.clause_move, name="clause-move"),
    path("<int:pk>/draft/commitments/add/", views.commitment_add, name="commitment-add"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path("commitments/<int:pk>/remove/", views.commitment_remove, name="commitment-remove"),
    # Versions
    path("<int:pk>/circulate/", views.circulate, name="circulate"),
    path("<int:pk>/finalize/", views.finalize, name="finalize"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("<int:pk>/draft/discard/", views.discard_draft, name="discard-draft"),
    # Objections and review
    path("<int:pk>/objections/", views.objections, name="objections"),
    path("answers/<int:pk>/resolve/", views.objection_resolve, name="objection-resolve"),
    path("<int:pk>/review/", views.review, name="review"),
    # Templates
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>/delete/", views.template_delete, name="template-delete"),
    path(
        "<int:pk>/versions/<int:number>/save-template/",
        views.save_template,
        name="save-template",
    ),
    *party_urls.urlpatterns,
    *document_urls.urlpatterns,
]
