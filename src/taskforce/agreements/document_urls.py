"""Documents: a version as PDF, a letter of understanding, the responsibility matrix and its CSV."""

from django.urls import URLPattern, path

from taskforce.agreements import document_views as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/versions/<int:number>/pdf/", views.version_pdf, name="version-pdf"),
    path("parties/<int:pk>/letter/pdf/", views.letter_pdf, name="letter-pdf"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix.csv", views.matrix_csv, name="matrix-csv"),
]
