"""Documents: a version as PDF, a letter of understanding as PDF, and the responsibility matrix as
a page and as CSV. Parse, call a selector, render.

Members reach these pages; the selectors decide what exists for each of them (an agreement, a
version or a letter they may not read answers 404, and the matrix holds only the agreements they
may read).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from taskforce.agreements import pdf, selectors
from taskforce.agreements.models import Agreement, AgreementVersion
from taskforce.core.access import MEMBER, access
from taskforce.directory.selectors import member_organizations


def _pdf_response(document: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@access(MEMBER)
@require_GET
def version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, pk)
    version = selectors.get_version_for(request.user, agreement, number)
    version.agreement = agreement
    return _pdf_response(pdf.version_pdf(version), pdf.version_filename(version))


@access(MEMBER)
@require_GET
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    party, version = selectors.get_letter_for(request.user, pk)
    version.agreement = party.agreement
    return _pdf_response(pdf.letter_pdf(party, version), pdf.letter_filename(party, version))


# --- The responsibility matrix -------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixFilters:
    organization: int | None = None
    negotiating: bool = False

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> MatrixFilters:
        """Anything malformed is dropped, never an error."""
        value = (params.get("organization") or "").strip()
        return cls(
            organization=int(value) if value.isdigit() and 0 < len(value) < 10 else None,
            negotiating=params.get("negotiating") in ("1", "on", "true"),
        )

    def to_query(self) -> dict[str, str]:
        query = {}
        if self.organization:
            query["organization"] = str(self.organization)
        if self.negotiating:
            query["negotiating"] = "1"
        return query


@dataclass(frozen=True)
class MatrixColumn:
    agreement: Agreement
    version: AgreementVersion
    in_effect: bool


@dataclass(frozen=True)
class MatrixLine:
    row: selectors.MatrixRow
    # One entry per column: the organization's commitments under that agreement, or None.
    cells: list[selectors.MatrixCell | None]


def matrix_grid(rows: list[selectors.MatrixRow]) -> tuple[list[MatrixColumn], list[MatrixLine]]:
    """Organizations down, agreements across, in the order of the agreements' titles."""
    columns: dict[int, MatrixColumn] = {}
    for row in rows:
        for cell in row.cells:
            columns.setdefault(
                cell.agreement.pk, MatrixColumn(cell.agreement, cell.version, cell.in_effect)
            )
    ordered = sorted(
        columns.values(), key=lambda column: (column.agreement.title, column.agreement.pk)
    )
    lines = []
    for row in rows:
        by_agreement = {cell.agreement.pk: cell for cell in row.cells}
        lines.append(MatrixLine(row, [by_agreement.get(column.agreement.pk) for column in ordered]))
    return ordered, lines


def _matrix_rows(request: HttpRequest) -> tuple[MatrixFilters, list[selectors.MatrixRow]]:
    filters = MatrixFilters.from_query(request.GET)
    rows = selectors.responsibility_matrix(
        request.user,
        include_negotiating=filters.negotiating,
        organization=filters.organization,
    )
    return filters, rows


@access(MEMBER)
@require_GET
def matrix(request: HttpRequest) -> HttpResponse:
    filters, rows = _matrix_rows(request)
    columns, lines = matrix_grid(rows)
    return render(
        request,
        "agreements/matrix.html",
        {
            "filters": filters,
            "query": urlencode(filters.to_query()),
            "organizations": member_organizations(),
            "columns": columns,
            "lines": lines,
            "warnings": sum(row.warnings for row in rows),
        },
    )


@access(MEMBER)
@require_GET
def matrix_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, rows = _matrix_rows(request)
    response = StreamingHttpResponse(
        selectors.matrix_csv_lines(rows), content_type="text/csv; charset=utf-8"
    )
    filename = f"responsibility-matrix-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
