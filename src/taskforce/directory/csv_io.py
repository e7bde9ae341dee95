"""The directory's CSV format: the columns, how a cell is read and written, and file parsing.

The same columns are read by the import and written by the export, so an export can be edited in
a spreadsheet and imported again. Several values in one cell are separated by semicolons.
Nothing here writes to the database; `services.import_csv` does, after every row has passed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.db.models import Model, TextChoices

from taskforce.directory.forms import MAX_EXPERTISE_YEARS
from taskforce.directory.models import (
    County,
    ExpertiseArea,
    JurisdictionLevel,
    Language,
    MembershipStatus,
    MembershipType,
    Organization,
    Person,
    Population,
    Sector,
)

Kind = Literal["organizations", "people"]
KINDS: tuple[Kind, ...] = ("organizations", "people")
SEPARATOR = ";"
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection); the export
# prefixes such cells with an apostrophe, and the import removes it again.
_FORMULA_START = re.compile(r"^[=@\t\r]|^[+-](?![0-9 (])")
_ESCAPED_FORMULA = re.compile(r"^'([=@\t\r]|[+-](?![0-9 (]))")
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
# An error message lists at most this many allowed values before pointing to the import page.
_ALLOWED_SHOWN = 30


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class CellError(ValueError):
    """A cell that cannot be read; the message says why and what is allowed."""


# --- Vocabularies --------------------------------------------------------------------------------


def normalize(text: str) -> str:
    """The form in which keys and vocabulary spellings are compared: any case, any spacing."""
    return " ".join(text.split()).lower()


class Lookup:
    """Resolve a cell to a key, accepting any of a term's spellings (code or name, any case)."""

    def __init__(self, label: str, terms: Iterable[tuple[Any, Sequence[str], str]]) -> None:
        # terms: (key, accepted spellings, spelling shown in "allowed values")
        self.label = label
        self._keys: dict[str, Any] = {}
        self.allowed: list[str] = []
        for key, spellings, shown in terms:
            self.allowed.append(shown)
            for spelling in spellings:
                self._keys.setdefault(normalize(spelling), key)

    def allowed_text(self) -> str:
        shown = self.allowed[:_ALLOWED_SHOWN]
        more = len(self.allowed) - len(shown)
        text = ", ".join(shown) if shown else "none are set up yet"
        return f"{text} … and {more} more (see the import page)" if more > 0 else text

    def resolve(self, text: str) -> Any:
        key = self._keys.get(normalize(text))
        if key is None:
            raise CellError(f"Unknown {self.label} “{text}”. Allowed: {self.allowed_text()}.")
        return key

    def resolve_many(self, text: str) -> list[Any]:
        keys: list[Any] = []
        problems: list[str] = []
        for part in split_multi(text):
            try:
                key = self.resolve(part)
            except CellError:
                problems.append(f"“{part}”")
                continue
            if key not in keys:
                keys.append(key)
        if problems:
            raise CellError(
                f"Unknown {self.label} {', '.join(problems)}. Allowed: {self.allowed_text()}."
            )
        return keys


def _vocabulary(label: str, rows: Iterable[Any]) -> Lookup:
    return Lookup(label, ((row.code, (row.code, row.name), row.code) for row in rows))


def _choices(label: str, choices: type[TextChoices]) -> Lookup:
    return Lookup(label, ((value, (value, name), value) for value, name in choices.choices))


def county_label(county: County) -> str:
    return f"{county.name}, {county.state}"


def _counties() -> Lookup:
    return Lookup(
        "county",
        (
            (
                county.pk,
                (
                    county_label(county),
                    f"{county.name} County, {county.state}",
                    f"{county.name} {county.state}",
                ),
                county_label(county),
            )
            for county in County.objects.all()
        ),
    )


@dataclass
class Vocabularies:
    """Every lookup a file needs, loaded once per import rather than once per row."""

    sectors: Lookup
    languages: Lookup
    populations: Lookup
    counties: Lookup
    expertise_areas: Lookup
    jurisdiction_levels: Lookup
    membership_statuses: Lookup
    membership_types: Lookup
    organizations: Lookup

    @classmethod
    def load(cls, kind: Kind) -> Vocabularies:
        organizations = (
            Lookup(
                "organization",
                (
                    (pk, (name,), name)
                    for pk, name in Organization.objects.order_by("name").values_list("pk", "name")
                ),
            )
            if kind == "people"
            else Lookup("organization", ())
        )
        return cls(
            sectors=_vocabulary("sector", Sector.objects.all()),
            languages=_vocabulary("language", Language.objects.all()),
            populations=_vocabulary("population", Population.objects.all()),
            counties=_counties(),
            expertise_areas=_vocabulary("expertise area", ExpertiseArea.objects.all()),
            jurisdiction_levels=_choices("jurisdiction level", JurisdictionLevel),
            membership_statuses=_choices("membership status", MembershipStatus),
            membership_types=_choices("membership type", MembershipType),
            organizations=organizations,
        )


# --- Cells ---------------------------------------------------------------------------------------


def split_multi(text: str) -> list[str]:
    return [part.strip() for part in text.split(SEPARATOR) if part.strip()]


def join_multi(values: Iterable[str]) -> str:
    return f"{SEPARATOR} ".join(values)


def read_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(
            f"“{text}” is not a date; write dates as YYYY-MM-DD, e.g. 2024-03-01."
        ) from None


def read_flag(text: str) -> bool:
    value = text.casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(f"“{text}” is not yes or no.")


def read_expertise(text: str, areas: Lookup) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    for part in split_multi(text):
        area_text, colon, years_text = part.rpartition(":")
        if not colon or not area_text.strip():
            problems.append(f"“{part}” should be area:years, e.g. victim-services:5")
            continue
        try:
            area = areas.resolve(area_text.strip())
        except CellError as error:
            problems.append(str(error).rstrip("."))
            continue
        years_text = years_text.strip()
        if not years_text.isdigit() or int(years_text) > MAX_EXPERTISE_YEARS:
            problems.append(
                f"years for {area} must be a whole number from 0 to {MAX_EXPERTISE_YEARS}"
            )
            continue
        if any(row["area"] == area for row in rows):
            problems.append(f"{area} is listed twice")
            continue
        rows.append({"area": area, "years": int(years_text)})
    if problems:
        raise CellError("; ".join(problems) + ".")
    return rows


def unescape(text: str) -> str:
    return text[1:] if _ESCAPED_FORMULA.match(text) else text


def escape(text: str) -> str:
    return f"'{text}" if _FORMULA_START.match(text) else text


# --- Columns -------------------------------------------------------------------------------------

Reader = Callable[[str, Vocabularies], Any]
Writer = Callable[[Any], str]
# A reader may answer OMIT: the cell is empty and the record keeps its current (or default) value.
OMIT = object()


def _text(value: str, vocabularies: Vocabularies) -> str:
    return value


def _optional_date(value: str, vocabularies: Vocabularies) -> date | None:
    return read_date(value) if value else None


def _choice(attribute: str) -> Reader:
    def read(value: str, vocabularies: Vocabularies) -> Any:
        lookup: Lookup = getattr(vocabularies, attribute)
        return lookup.resolve(value) if value else OMIT

    return read


def _many(attribute: str) -> Reader:
    def read(value: str, vocabularies: Vocabularies) -> list[Any]:
        lookup: Lookup = getattr(vocabularies, attribute)
        return lookup.resolve_many(value)

    return read


def _one_or_none(attribute: str) -> Reader:
    def read(value: str, vocabularies: Vocabularies) -> Any:
        lookup: Lookup = getattr(vocabularies, attribute)
        return lookup.resolve(value) if value else None

    return read


def _flag_or_omit(value: str, vocabularies: Vocabularies) -> Any:
    return read_flag(value) if value else OMIT


def _expertise(value: str, vocabularies: Vocabularies) -> list[dict[str, Any]]:
    return read_expertise(value, vocabularies.expertise_areas)


def _attr(name: str) -> Writer:
    return lambda obj: str(getattr(obj, name) or "")


def _codes(name: str) -> Writer:
    return lambda obj: join_multi(item.code for item in getattr(obj, name).all())


def _iso(name: str) -> Writer:
    def write(obj: Any) -> str:
        value = getattr(obj, name)
        return value.isoformat() if value else ""

    return write


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    read: Reader
    write: Writer
    required: bool = False
    # The vocabulary whose values are allowed (listed on the import page).
    vocabulary: str = ""


ORGANIZATION_COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "Full name. Matches an existing organization (any case) to update it; otherwise adds one.",
        _text,
        _attr("name"),
        required=True,
    ),
    Column("acronym", "Short name, e.g. HCPD.", _text, _attr("acronym")),
    Column(
        "jurisdiction_level",
        "One of the allowed values.",
        _choice("jurisdiction_levels"),
        _attr("jurisdiction_level"),
        required=True,
        vocabulary="jurisdiction_levels",
    ),
    Column(
        "sectors",
        "Sector codes or names, separated by semicolons.",
        _many("sectors"),
        _codes("sectors"),
        vocabulary="sectors",
    ),
    Column("description", "What the organization does.", _text, _attr("description")),
    Column("street_address", "Street address.", _text, _attr("street_address")),
    Column("city", "City.", _text, _attr("city")),
    Column("state", "Two-letter state code.", _text, _attr("state")),
    Column("postal_code", "Postal code.", _text, _attr("postal_code")),
    Column("website", "Web address starting with https://.", _text, _attr("website")),
    Column("main_phone", "Main phone number.", _text, _attr("main_phone")),
    Column(
        "counties_served",
        "Counties as “Name, ST”, separated by semicolons.",
        _many("counties"),
        lambda org: join_multi(county_label(c) for c in org.counties_served.all()),
        vocabulary="counties",
    ),
    Column(
        "languages",
        "Language codes or names, separated by semicolons.",
        _many("languages"),
        _codes("languages"),
        vocabulary="languages",
    ),
    Column(
        "populations_served",
        "Population codes or names, separated by semicolons.",
        _many("populations"),
        _codes("populations_served"),
        vocabulary="populations",
    ),
    Column(
        "membership_status",
        "Empty keeps the current status (new organizations start as prospective).",
        _choice("membership_statuses"),
        _attr("membership_status"),
        vocabulary="membership_statuses",
    ),
    Column("joined_on", "Date membership began, YYYY-MM-DD.", _optional_date, _iso("joined_on")),
    Column(
        "status_changed_on",
        "Date the current status took effect, YYYY-MM-DD.",
        _optional_date,
        _iso("status_changed_on"),
    ),
)

PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("first_name", "Given name.", _text, _attr("first_name"), required=True),
    Column("last_name", "Family name.", _text, _attr("last_name"), required=True),
    Column(
        "email",
        "E-mail address. Matches an existing person (any case) to update them; otherwise adds one.",
        _text,
        _attr("email"),
        required=True,
    ),
    Column("title", "Job title.", _text, _attr("title")),
    Column(
        "organization",
        "The organization's full name, exactly as in the directory; empty for none.",
        _one_or_none("organizations"),
        lambda person: person.organization.name if person.organization_id else "",
    ),
    Column("phone", "Phone number.", _text, _attr("phone")),
    Column(
        "preferred_language",
        "A language code or name; empty for none.",
        _one_or_none("languages"),
        lambda person: person.preferred_language.code if person.preferred_language_id else "",
        vocabulary="languages",
    ),
    Column(
        "membership_type",
        "Empty keeps the current type (new people start as non-voting).",
        _choice("membership_types"),
        _attr("membership_type"),
        vocabulary="membership_types",
    ),
    Column(
        "is_active",
        "yes or no; empty keeps the current value (new people are active).",
        _flag_or_omit,
        lambda person: "yes" if person.is_active else "no",
    ),
    Column(
        "expertise",
        "area:years pairs separated by semicolons, e.g. “victim-services:12; legal:3”. "
        "Replaces the person's listed expertise.",
        _expertise,
        lambda person: join_multi(f"{row.area.code}:{row.years}" for row in person.expertise.all()),
        vocabulary="expertise_areas",
    ),
)

COLUMNS: dict[Kind, tuple[Column, ...]] = {
    "organizations": ORGANIZATION_COLUMNS,
    "people": PEOPLE_COLUMNS,
}
KEY_COLUMN: dict[Kind, str] = {"organizations": "name", "people": "email"}


@dataclass(frozen=True)
class ColumnDoc:
    name: str
    required: bool
    description: str
    allowed: list[str]


def column_docs() -> dict[Kind, list[ColumnDoc]]:
    """Each format's columns with the values allowed today, for the import page."""
    vocabularies = Vocabularies.load("organizations")
    return {
        kind: [
            ColumnDoc(
                column.name,
                column.required,
                column.description,
                getattr(vocabularies, column.vocabulary).allowed if column.vocabulary else [],
            )
            for column in columns
        ]
        for kind, columns in COLUMNS.items()
    }


def header(kind: Kind) -> list[str]:
    return [column.name for column in COLUMNS[kind]]


def row_for(kind: Kind, instance: Model) -> list[str]:
    return [escape(column.write(instance)) for column in COLUMNS[kind]]


def export_queryset(kind: Kind) -> Iterable[Model]:
    if kind == "organizations":
        return Organization.objects.order_by("name").prefetch_related(
            "sectors", "counties_served", "languages", "populations_served"
        )
    return (
        Person.objects.order_by("last_name", "first_name", "pk")
        .select_related("organization", "preferred_language")
        .prefetch_related("expertise__area")
    )


# --- Files ---------------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    line: int
    key: str
    data: dict[str, Any]


@dataclass
class ParsedFile:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _decode(raw: bytes | str) -> tuple[str | None, RowError | None]:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff"), None
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, RowError(
            line,
            "",
            "The file is not UTF-8 text. Save it as “CSV UTF-8” from your spreadsheet and "
            "upload it again.",
        )


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Records numbered as a spreadsheet numbers rows: the header is line 1."""
    yield from enumerate(csv.reader(io.StringIO(text, newline="")), start=1)


def _check_header(kind: Kind, cells: list[str]) -> tuple[list[str], list[RowError]]:
    names = [cell.strip().lower() for cell in cells]
    known = header(kind)
    errors: list[RowError] = []
    for position, name in enumerate(names, start=1):
        if not name:
            errors.append(RowError(1, "", f"Column {position} has no name in the header."))
        elif name not in known:
            errors.append(
                RowError(1, name, f"Unknown column. The columns are: {', '.join(known)}.")
            )
        elif names.index(name) != position - 1:
            errors.append(RowError(1, name, "This column appears twice in the header."))
    for column in COLUMNS[kind]:
        if column.required and column.name not in names:
            errors.append(RowError(1, column.name, "This required column is missing."))
    return names, errors


def parse(kind: Kind, raw: bytes | str, vocabularies: Vocabularies) -> ParsedFile:
    """Read every row and convert its cells; collect every problem rather than stopping."""
    parsed = ParsedFile()
    text, problem = _decode(raw)
    if problem is not None or text is None:
        parsed.errors.append(problem or RowError(1, "", "The file could not be read."))
        return parsed
    columns = {column.name: column for column in COLUMNS[kind]}
    key_column = KEY_COLUMN[kind]
    names: list[str] = []
    first_line_of_key: dict[str, int] = {}
    line = 0
    records = _records(text)
    try:
        for line, cells in records:
            if line == 1:
                names, header_errors = _check_header(kind, cells)
                if header_errors:
                    parsed.errors.extend(header_errors)
                    return parsed
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(names):
                parsed.errors.append(
                    RowError(
                        line,
                        "",
                        f"This row has {len(cells)} cells but the header has {len(names)} "
                        "columns (check for a missing or extra comma).",
                    )
                )
                continue
            data: dict[str, Any] = {}
            for name, cell in zip(names, cells, strict=True):
                try:
                    value = columns[name].read(unescape(cell.strip()), vocabularies)
                except CellError as error:
                    parsed.errors.append(RowError(line, name, str(error)))
                    continue
                if value is not OMIT:
                    data[name] = value
            key = normalize(str(data.get(key_column) or ""))
            if not key:
                parsed.errors.append(RowError(line, key_column, "This field is required."))
            elif key in first_line_of_key:
                parsed.errors.append(
                    RowError(
                        line,
                        key_column,
                        f"Line {first_line_of_key[key]} has the same "
                        f"{key_column.replace('_', ' ')}; each record may appear only once.",
                    )
                )
            else:
                first_line_of_key[key] = line
            parsed.rows.append(ParsedRow(line, key, data))
    except csv.Error as error:
        parsed.errors.append(RowError(line + 1, "", f"The CSV is malformed: {error}."))
        return parsed
    if not names:
        parsed.errors.append(
            RowError(1, "", "The file is empty; the first line must be the header row.")
        )
    return parsed


def write_csv(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()
