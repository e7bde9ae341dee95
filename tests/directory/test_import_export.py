from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from taskforce.core.models import AuditEvent
from taskforce.directory import csv_io, services
from taskforce.directory.models import Organization, Person
from taskforce.directory.services import RowError

ORG_HEADER = (
    "name,acronym,jurisdiction_level,sectors,counties_served,languages,joined_on,membership_status"
)


def _file(text: str, *, bom: bool = False, name: str = "directory.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (("\ufeff" if bom else "") + text).encode("utf-8"))


def _import(actor, kind: str, text: str, **kwargs):
    return services.import_csv(actor, kind, _file(text, **kwargs))


def _lines(result) -> list[int]:
    return [error.line for error in result.errors]


# --- Organizations -------------------------------------------------------------------------------


def test_import_creates_and_updates_organizations(personas):
    text = "\n".join(
        [
            ORG_HEADER,
            'Harbor Legal Aid,HLA,non-governmental,legal-services,"Harbor, CA",es; Vietnamese,'
            "2023-04-01,active",
            # Matches "Safe Harbor Alliance" whatever the case; adds a sector and a language.
            "safe harbor alliance,SHA,Non-governmental,victim-services;survivors,Harbor County, "
            "CA,en,,",
        ]
    )
    # The second row's county has a comma inside an unquoted cell: that is two cells, an error.
    result = _import(personas.coordinator, "organizations", text)
    assert result.errors and result.errors[0].line == 3

    fixed = text.replace("Harbor County, CA", '"Harbor County, CA"')
    result = _import(personas.coordinator, "organizations", fixed, bom=True)
    assert result.errors == []
    assert (result.created, result.updated) == (1, 1)
    legal = Organization.objects.get(name="Harbor Legal Aid")
    assert [s.code for s in legal.sectors.all()] == ["legal-services"]
    assert sorted(lang.code for lang in legal.languages.all()) == ["es", "vi"]
    assert list(legal.counties_served.all()) == [personas.county]
    assert legal.joined_on == date(2023, 4, 1)
    harbor = Organization.objects.get(pk=personas.safe_harbor.pk)
    assert harbor.name == "safe harbor alliance"
    assert {s.code for s in harbor.sectors.all()} == {"victim-services", "survivors"}
    assert harbor.membership_status == "active"  # empty cell keeps the status
    event = AuditEvent.objects.get(action="directory.import.completed")
    assert event.actor == personas.coordinator
    assert event.changes == {
        "kind": "organizations",
        "file": "directory.csv",
        "created": 1,
        "updated": 1,
    }


def test_every_bad_row_is_reported_and_nothing_is_written(personas):
    organizations_before = Organization.objects.count()
    events_before = AuditEvent.objects.count()
    text = "\n".join(
        [
            ORG_HEADER,
            'Good New Org,GNO,local,local-law-enforcement,"Harbor, CA",en,2022-01-01,active',
            "Bad Sector Org,,local,astrology,,,,",
            "Bad Date Org,,local,,,,01/02/2023,",
            "good new org,,local,,,,,",  # same name as line 2, different case
            "Bad Level Org,,galactic,,,,,",
            "Short Row,local",
            'Nowhere Org,,local,,"Atlantis, ZZ",,,',
            "Future Org,,local,,,,2999-01-01,",
            ",,local,,,,,",
        ]
    )
    result = _import(personas.coordinator, "organizations", text)
    assert (result.created, result.updated) == (0, 0)
    assert _lines(result) == [3, 4, 5, 6, 7, 8, 9, 10]
    by_line = {error.line: error for error in result.errors}
    assert by_line[3].field == "sectors"
    assert "astrology" in by_line[3].message and "victim-services" in by_line[3].message
    assert by_line[4].field == "joined_on" and "YYYY-MM-DD" in by_line[4].message
    assert by_line[5].field == "name" and "Line 2" in by_line[5].message
    assert by_line[6].field == "jurisdiction_level" and "federal" in by_line[6].message
    assert by_line[7].field == "" and "2 cells" in by_line[7].message
    assert by_line[8].field == "counties_served" and "Harbor, CA" in by_line[8].message
    assert by_line[9].field == "joined_on" and "future" in by_line[9].message
    assert by_line[10].field == "name"
    assert Organization.objects.count() == organizations_before
    assert not Organization.objects.filter(name="Good New Org").exists()
    assert AuditEvent.objects.count() == events_before


def test_an_error_in_a_required_value_is_reported_once(personas):
    result = _import(
        personas.coordinator, "organizations", "name,jurisdiction_level\nNew Org,galactic\n"
    )
    assert [(e.line, e.field) for e in result.errors] == [(2, "jurisdiction_level")]


def test_empty_required_value_for_a_new_record(personas):
    result = _import(personas.coordinator, "organizations", "name,jurisdiction_level\nNew Org,\n")
    assert result.errors == [RowError(2, "jurisdiction_level", "This field is required.")]


def test_header_problems_are_reported_on_line_1(personas):
    result = _import(personas.coordinator, "organizations", "name,colour,name,\nX,blue,X,\n")
    assert {(e.line, e.field) for e in result.errors} == {
        (1, "colour"),
        (1, "name"),
        (1, ""),
        (1, "jurisdiction_level"),
    }
    missing = next(e for e in result.errors if e.field == "jurisdiction_level")
    assert "required column" in missing.message


def test_lines_count_spreadsheet_rows_even_with_multi_line_cells(personas):
    text = (
        "name,jurisdiction_level,description\n"
        '"Org One",local,"First line\nsecond line"\n'
        "Org Two,nowhere,\n"
    )
    result = _import(personas.coordinator, "organizations", text)
    assert _lines(result) == [3]


def test_files_that_are_not_utf8_or_are_empty(personas):
    latin1 = "name,jurisdiction_level\nCaf\u00e9 Org,local\n".encode("latin-1")
    result = services.import_csv(personas.coordinator, "organizations", io.BytesIO(latin1))
    assert result.errors[0].line == 2 and "UTF-8" in result.errors[0].message
    empty = services.import_csv(personas.coordinator, "organizations", io.BytesIO(b""))
    assert empty.errors[0].line == 1 and "empty" in empty.errors[0].message
    header_only = _import(personas.coordinator, "organizations", "name,jurisdiction_level\n")
    assert header_only.ok and (header_only.created, header_only.updated) == (0, 0)


@pytest.mark.parametrize("name", ["detective", "advocate", "visitor"])
def test_only_coordinators_import(personas, name):
    with pytest.raises(PermissionDenied):
        _import(personas.user(name), "organizations", "name,jurisdiction_level\nX,local\n")
    assert not Organization.objects.filter(name="X").exists()


# --- People --------------------------------------------------------------------------------------

PEOPLE_HEADER = (
    "first_name,last_name,email,title,organization,preferred_language,membership_type,"
    "is_active,expertise"
)


def test_import_creates_and_updates_people(personas):
    text = "\n".join(
        [
            PEOPLE_HEADER,
            "Rosa,Marín,rosa@example.org,Advocate,Safe Harbor Alliance,es,voting,yes,"
            '"victim-services:12; Legal services:3"',
            # The detective, matched by e-mail whatever its case.
            "Dan,Reyes,DETECTIVE@example.org,Detective sergeant,Harbor City Police Department,,,"
            ",law-enforcement:9",
        ]
    )
    result = _import(personas.coordinator, "people", text)
    assert result.errors == []
    assert (result.created, result.updated) == (1, 1)
    rosa = Person.objects.get(email="rosa@example.org")
    assert rosa.organization == personas.safe_harbor
    assert rosa.preferred_language.code == "es"
    assert {(e.area.code, e.years) for e in rosa.expertise.all()} == {
        ("victim-services", 12),
        ("legal", 3),
    }
    detective = Person.objects.get(pk=personas.detective.person.pk)
    assert detective.title == "Detective sergeant"
    assert detective.membership_type == "voting"  # empty cell keeps it
    assert detective.user == personas.detective  # the account link is untouched
    assert [(e.area.code, e.years) for e in detective.expertise.all()] == [("law-enforcement", 9)]


def test_people_errors_name_the_line_and_column(personas):
    people_before = Person.objects.count()
    text = "\n".join(
        [
            PEOPLE_HEADER,
            "Ok,Person,ok@example.org,,,,,,",
            "No,Org,noorg@example.org,,Nonexistent Agency,,,,",
            "Bad,Years,years@example.org,,,,,,legal:99",
            "No,Mail,,,,,,,",
            "Bad,Mail,not-an-address,,,,,,",
            "Bad,Flag,flag@example.org,,,,,perhaps,",
            "Dup,Mail,OK@example.org,,,,,,",
        ]
    )
    result = _import(personas.coordinator, "people", text)
    assert [(e.line, e.field) for e in result.errors] == [
        (3, "organization"),
        (4, "expertise"),
        (5, "email"),
        (6, "email"),
        (7, "is_active"),
        (8, "email"),
    ]
    assert Person.objects.count() == people_before


# --- Export and the round trip -------------------------------------------------------------------


def test_export_is_audited_and_for_members_only(personas):
    rows = services.export_csv(personas.detective, "people")
    assert rows[0] == csv_io.header("people")
    emails = {row[2] for row in rows[1:]}
    assert "detective@example.org" in emails
    event = AuditEvent.objects.get(action="directory.export.downloaded")
    assert event.changes == {"kind": "people", "rows": len(rows) - 1}
    assert event.actor == personas.detective
    with pytest.raises(PermissionDenied):
        services.export_csv(personas.visitor, "people")
    with pytest.raises(PermissionDenied):
        services.export_csv(personas.visitor, "organizations")


def _as_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["organizations", "people"])
def test_export_then_import_changes_nothing(personas, kind):
    services.update_organization(
        personas.coordinator,
        personas.safe_harbor,
        {
            "description": 'Shelter,\n advocacy and "safe" housing',
            "languages": ["es", "en"],
            "populations_served": ["minors", "women"],
            "website": "https://safe-harbor.example.org",
            "main_phone": "+1 555 010 2000",
        },
    )
    services.update_person(
        personas.coordinator,
        personas.advocate.person,
        {"preferred_language": "es", "expertise": [{"area": "outreach", "years": 6}]},
    )
    exported = services.export_csv(personas.coordinator, kind)
    result = _import(personas.coordinator, kind, _as_text(exported))
    assert result.errors == []
    assert (result.created, result.updated) == (0, len(exported) - 1)
    assert services.export_csv(personas.coordinator, kind) == exported


def test_formula_like_cells_are_defused_and_restored(personas):
    services.update_organization(
        personas.coordinator, personas.police, {"description": '=HYPERLINK("http://x")'}
    )
    exported = services.export_csv(personas.coordinator, "organizations")
    police = next(row for row in exported if row[0] == personas.police.name)
    assert police[csv_io.header("organizations").index("description")].startswith("'=")
    assert _import(personas.coordinator, "organizations", _as_text(exported)).ok
    assert Organization.objects.get(pk=personas.police.pk).description == '=HYPERLINK("http://x")'
