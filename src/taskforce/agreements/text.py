"""The text of a version as data: numbered, hashed and compared.

`document_of` reads a version into plain data in the order people read it (sections, their clauses,
then each party's commitments). The hash is SHA-256 over a canonical JSON form of that data, so the
same text always hashes the same on any database, and any change to a heading, a clause, a number
or a commitment changes it. A signature stores the hash of the text it signed; `verify` recomputes
it from the rows as they are now.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from taskforce.agreements.models import AgreementVersion, Clause, Commitment, Section

HASH_FORMAT = "taskforce-agreement-text/1"


@dataclass(frozen=True)
class ClauseText:
    key: str
    number: str
    heading: str
    text: str


@dataclass(frozen=True)
class SectionText:
    key: str
    number: str
    heading: str
    clauses: tuple[ClauseText, ...]


@dataclass(frozen=True)
class CommitmentText:
    key: str
    organization_id: int
    organization: str
    description: str
    category: str
    quantity: int | None
    unit: str
    around_the_clock: bool


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    purpose: str
    sections: tuple[SectionText, ...]
    commitments: tuple[CommitmentText, ...]

    def clause_count(self) -> int:
        return sum(len(section.clauses) for section in self.sections)

    def canonical(self) -> dict[str, Any]:
        """What the hash covers: the words and numbers people read, and whose commitments they
        are (by the organization's identity, so renaming it does not alter a signed text)."""
        return {
            "format": HASH_FORMAT,
            "kind": self.kind,
            "title": self.title,
            "purpose": self.purpose,
            "sections": [
                {
                    "number": section.number,
                    "heading": section.heading,
                    "clauses": [
                        {"number": clause.number, "heading": clause.heading, "text": clause.text}
                        for clause in section.clauses
                    ],
                }
                for section in self.sections
            ],
            "commitments": [
                {
                    "organization": commitment.organization_id,
                    "description": commitment.description,
                    "category": commitment.category,
                    "quantity": commitment.quantity,
                    "unit": commitment.unit,
                    "around_the_clock": commitment.around_the_clock,
                }
                # People read commitments by organization name; the hash takes them by identity
                # (the sort is stable, so each party's own order stays) so a rename that sorts an
                # organization elsewhere leaves the signed text's hash alone.
                for commitment in sorted(
                    self.commitments, key=lambda commitment: commitment.organization_id
                )
            ],
        }

    def hash(self) -> str:
        encoded = json.dumps(
            self.canonical(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def document_of(version: AgreementVersion) -> Document:
    """The version's text, read in three queries."""
    agreement = version.agreement
    frozen = version.is_frozen
    sections = list(Section.objects.filter(version=version).order_by("order", "pk"))
    clauses_by_section: dict[int, list[Clause]] = {section.pk: [] for section in sections}
    for clause in Clause.objects.filter(version=version).order_by("order", "pk"):
        clauses_by_section.setdefault(clause.section_id, []).append(clause)
    commitments = (
        Commitment.objects.filter(version=version)
        .select_related("organization", "service_category")
        .order_by("organization__name", "organization_id", "order", "pk")
    )
    return Document(
        kind=agreement.kind,
        title=version.title if frozen else agreement.title,
        purpose=version.purpose if frozen else agreement.purpose,
        sections=tuple(
            SectionText(
                key=str(section.key),
                number=str(section_number),
                heading=section.heading,
                clauses=tuple(
                    ClauseText(
                        key=str(clause.key),
                        number=f"{section_number}.{clause_number}",
                        heading=clause.heading,
                        text=clause.text,
                    )
                    for clause_number, clause in enumerate(clauses_by_section[section.pk], 1)
                ),
            )
            for section_number, section in enumerate(sections, start=1)
        ),
        commitments=tuple(
            CommitmentText(
                key=str(commitment.key),
                organization_id=commitment.organization_id,
                organization=commitment.organization.name,
                description=commitment.description,
                category=commitment.service_category.code if commitment.service_category else "",
                quantity=commitment.quantity,
                unit=commitment.unit,
                around_the_clock=commitment.around_the_clock,
            )
            for commitment in commitments
        ),
    )


def clause_numbers(version: AgreementVersion) -> dict[int, str]:
    """Clause id -> its number ("2.3") in the version."""
    numbers: dict[int, str] = {}
    section_numbers = {
        pk: number
        for number, pk in enumerate(
            Section.objects.filter(version=version)
            .order_by("order", "pk")
            .values_list("pk", flat=True),
            start=1,
        )
    }
    counters: dict[int, int] = {}
    for pk, section_id in (
        Clause.objects.filter(version=version)
        .order_by("order", "pk")
        .values_list("pk", "section_id")
    ):
        counters[section_id] = counters.get(section_id, 0) + 1
        numbers[pk] = f"{section_numbers[section_id]}.{counters[section_id]}"
    return numbers


@dataclass(frozen=True)
class Verification:
    stored: str
    computed: str

    @property
    def matches(self) -> bool:
        return bool(self.stored) and self.stored == self.computed


def verify(version: AgreementVersion, stored_hash: str | None = None) -> Verification:
    """Recompute the version's hash from its rows and compare it with the stored one (the
    version's own, or a signature's)."""
    stored = version.content_hash if stored_hash is None else stored_hash
    return Verification(stored=stored, computed=document_of(version).hash())


# --- Comparing two versions ----------------------------------------------------------------------

Change = Literal["added", "removed", "changed", "moved", "unchanged"]
WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    """A run of words: `op` is "same", "insert" or "delete"."""

    op: Literal["same", "insert", "delete"]
    text: str


def word_diff(before: str, after: str) -> list[Segment]:
    old, new = WORDS.findall(before), WORDS.findall(after)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(old[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment("delete", "".join(old[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment("insert", "".join(new[j1:j2])))
    return segments


@dataclass(frozen=True)
class PieceChange:
    """One clause, section heading or commitment across two versions."""

    change: Change
    before_number: str
    after_number: str
    before: str
    after: str
    label: str = ""
    segments: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    title: PieceChange
    purpose: PieceChange
    sections: list[tuple[PieceChange, list[PieceChange]]]
    commitments: list[PieceChange]

    @property
    def changed_count(self) -> int:
        pieces = [self.title, self.purpose, *self.commitments]
        for heading, clauses in self.sections:
            pieces.append(heading)
            pieces.extend(clauses)
        return sum(1 for piece in pieces if piece.change != "unchanged")


def _piece(
    before: str | None,
    after: str | None,
    before_number: str = "",
    after_number: str = "",
    label: str = "",
) -> PieceChange:
    if before is None:
        return PieceChange("added", "", after_number, "", after or "", label, [])
    if after is None:
        return PieceChange("removed", before_number, "", before, "", label, [])
    if before != after:
        return PieceChange(
            "changed", before_number, after_number, before, after, label, word_diff(before, after)
        )
    change: Change = "moved" if before_number != after_number else "unchanged"
    return PieceChange(change, before_number, after_number, before, after, label, [])


def _clause_text(clause: ClauseText) -> str:
    return f"{clause.heading}\n{clause.text}" if clause.heading else clause.text


def _commitment_text(commitment: CommitmentText) -> str:
    amount = f" ({commitment.quantity} {commitment.unit})".rstrip() if commitment.quantity else ""
    around = " — 24/7" if commitment.around_the_clock else ""
    return f"{commitment.description}{amount}{around}"


def compare(before: Document, after: Document) -> Comparison:
    """Clause by clause: pieces are matched by their key, so a clause that moved is a move and not
    a removal and an addition. Sections and clauses are listed in the later version's order, with
    what was removed after the pieces that stayed."""
    old_sections = {section.key: section for section in before.sections}
    old_clauses = {clause.key: clause for section in before.sections for clause in section.clauses}
    new_clause_keys = {clause.key for section in after.sections for clause in section.clauses}
    sections: list[tuple[PieceChange, list[PieceChange]]] = []
    for section in after.sections:
        old = old_sections.get(section.key)
        heading = _piece(
            old.heading if old else None, section.heading, old.number if old else "", section.number
        )
        clauses = []
        for clause in section.clauses:
            previous = old_clauses.get(clause.key)
            clauses.append(
                _piece(
                    _clause_text(previous) if previous else None,
                    _clause_text(clause),
                    previous.number if previous else "",
                    clause.number,
                )
            )
        if old is not None:
            clauses.extend(
                _piece(_clause_text(clause), None, clause.number)
                for clause in old.clauses
                if clause.key not in new_clause_keys
            )
        sections.append((heading, clauses))
    new_section_keys = {section.key for section in after.sections}
    for old in before.sections:
        if old.key in new_section_keys:
            continue
        removed = [
            _piece(_clause_text(clause), None, clause.number)
            for clause in old.clauses
            if clause.key not in new_clause_keys
        ]
        sections.append((_piece(old.heading, None, old.number), removed))
    old_commitments = {commitment.key: commitment for commitment in before.commitments}
    new_commitment_keys = {commitment.key for commitment in after.commitments}
    commitments = [
        _piece(
            _commitment_text(old_commitments[commitment.key])
            if commitment.key in old_commitments
            else None,
            _commitment_text(commitment),
            label=commitment.organization,
        )
        for commitment in after.commitments
    ]
    commitments.extend(
        _piece(_commitment_text(commitment), None, label=commitment.organization)
        for commitment in before.commitments
        if commitment.key not in new_commitment_keys
    )
    return Comparison(
        title=_piece(before.title, after.title),
        purpose=_piece(before.purpose, after.purpose),
        sections=sections,
        commitments=commitments,
    )
