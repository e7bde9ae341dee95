"""The text of a version as data: its hash binds signatures to the exact words, and two versions
compare clause by clause."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from taskforce.agreements import selectors, services, text
from taskforce.agreements.models import AgreementVersion, Clause, Commitment, Section, Signature
from taskforce.core.models import AuditEvent
from tests.agreements import factories

pytestmark = pytest.mark.django_db


def _hash(version: AgreementVersion) -> str:
    return text.document_of(AgreementVersion.objects.get(pk=version.pk)).hash()


def _first(model: Any, version: AgreementVersion) -> Any:
    return model.objects.filter(version=version).order_by("order", "pk").first()


# --- The hash ------------------------------------------------------------------------------------


def test_circulated_hash_is_the_text_hash_and_stable_across_reads(personas):
    version = factories.circulated(personas).versions.get()
    assert len(version.content_hash) == 64
    assert _hash(version) == version.content_hash
    assert _hash(version) == _hash(version)
    verification = text.verify(AgreementVersion.objects.get(pk=version.pk))
    assert verification.matches
    assert verification.stored == verification.computed == version.content_hash


def test_same_text_in_two_versions_hashes_the_same(personas):
    """The hash covers the words, not the rows: a revision that changes nothing hashes alike."""
    made = factories.circulated(personas)
    draft = services.start_revision(personas.coordinator, made)
    assert _hash(draft) == made.versions.get(number=1).content_hash


def _rename_section(p: Any, draft: AgreementVersion) -> None:
    services.update_section(p.coordinator, _first(Section, draft), "Sharing information")


def _reword_clause(p: Any, draft: AgreementVersion) -> None:
    services.update_clause(
        p.coordinator, _first(Clause, draft), {"text": "Agencies share what each needs to act."}
    )


def _retitle_clause(p: Any, draft: AgreementVersion) -> None:
    services.update_clause(p.coordinator, _first(Clause, draft), {"heading": "Minimum necessary"})


def _renumber_clause(p: Any, draft: AgreementVersion) -> None:
    services.move_clause(p.coordinator, _first(Clause, draft), "down")


def _renumber_section(p: Any, draft: AgreementVersion) -> None:
    services.move_section(p.coordinator, _first(Section, draft), "down")


def _add_clause(p: Any, draft: AgreementVersion) -> None:
    services.add_clause(p.coordinator, _first(Section, draft), {"heading": "", "text": "New."})


def _change_quantity(p: Any, draft: AgreementVersion) -> None:
    shelter = Commitment.objects.get(version=draft, organization=p.safe_harbor)
    services.update_commitment(p.coordinator, shelter, {"quantity": 5})


def _drop_around_the_clock(p: Any, draft: AgreementVersion) -> None:
    shelter = Commitment.objects.get(version=draft, organization=p.safe_harbor)
    services.update_commitment(p.coordinator, shelter, {"around_the_clock": False})


def _remove_commitment(p: Any, draft: AgreementVersion) -> None:
    services.remove_commitment(
        p.coordinator, Commitment.objects.get(version=draft, organization=p.police)
    )


def _retitle_agreement(p: Any, draft: AgreementVersion) -> None:
    services.update_agreement(p.coordinator, draft.agreement, {"title": "Harbor memorandum"})


@pytest.mark.parametrize(
    "change",
    [
        _rename_section,
        _reword_clause,
        _retitle_clause,
        _renumber_clause,
        _renumber_section,
        _add_clause,
        _change_quantity,
        _drop_around_the_clock,
        _remove_commitment,
        _retitle_agreement,
    ],
)
def test_every_change_to_the_text_changes_the_hash(personas, change):
    draft = factories.agreement(personas).versions.get()
    before = _hash(draft)
    change(personas, draft)
    assert _hash(draft) != before


def test_renaming_a_party_does_not_alter_a_signed_text(personas):
    """Commitments are bound by the organization's identity; a new name that sorts it elsewhere
    leaves the hash alone."""
    _, version = factories.effective(personas)
    personas.police.name = "Zenith Bay Police Department"
    personas.police.save()
    assert text.verify(AgreementVersion.objects.get(pk=version.pk)).matches
    assert all(check.matches for check in selectors.signatures_of(version))


def test_signature_stores_the_hash_of_the_text_it_signs(personas):
    _, version = factories.final(personas)
    signature = factories.sign(personas, version, "prosecutor")
    assert signature.content_hash == version.content_hash == _hash(version)
    assert AuditEvent.objects.filter(action="agreements.signature.signed").get().changes[
        "content_hash"
    ] == {"to": version.content_hash}


def _tamper(version: AgreementVersion) -> None:
    """Alter a clause behind the application's back, as someone with database access could."""
    clause = _first(Clause, version)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Clause._meta.db_table} SET text = %s WHERE id = %s",
            ["Agencies share everything they hold.", clause.pk],
        )


def test_text_altered_behind_the_application_is_detected(personas):
    _, version = factories.final(personas)
    factories.sign(personas, version, "prosecutor")
    _tamper(version)

    verification = text.verify(AgreementVersion.objects.get(pk=version.pk))
    assert not verification.matches
    assert verification.stored == version.content_hash != verification.computed
    checks = selectors.signatures_of(version)
    assert [check.matches for check in checks] == [False]

    with pytest.raises(ValidationError, match="no longer matches"):
        factories.sign(personas, version, "leader")
    assert Signature.objects.filter(version=version).count() == 1


def test_signing_a_hash_other_than_the_versions_is_refused(personas):
    _, version = factories.final(personas)
    party = factories.party(version.agreement, personas.district_attorney)
    data = {"typed_name": "Priya Nair", "signer_title": "Deputy DA", "signed_on": factories.days(0)}
    with pytest.raises(ValidationError, match="not this version's text"):
        services.sign(
            personas.prosecutor, party, version, data, attested=True, content_hash="f" * 64
        )
    with pytest.raises(ValidationError):
        services.sign(personas.prosecutor, party, version, data, attested=True, content_hash="")
    assert not Signature.objects.exists()
    services.sign(
        personas.prosecutor, party, version, data, attested=True, content_hash=version.content_hash
    )
    assert Signature.objects.get().content_hash == version.content_hash


def test_signatures_on_untouched_text_match(personas):
    _, version = factories.effective(personas)
    checks = selectors.signatures_of(version)
    assert len(checks) == 3
    assert all(check.matches for check in checks)


# --- Comparing versions --------------------------------------------------------------------------


def _revise(p: Any, edit: Callable[[AgreementVersion], None]) -> text.Comparison:
    """Circulate the memorandum, edit the next draft, and compare the two."""
    made = factories.circulated(p)
    first = made.versions.get(number=1)
    draft = services.start_revision(p.coordinator, made)
    edit(draft)
    return text.compare(text.document_of(first), text.document_of(draft))


def _clauses(comparison: text.Comparison) -> list[text.PieceChange]:
    return [clause for _, clauses in comparison.sections for clause in clauses]


def _changes(comparison: text.Comparison) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for clause in _clauses(comparison):
        found.setdefault(clause.change, []).append(clause.after or clause.before)
    return found


def test_identical_versions_compare_unchanged(personas):
    comparison = _revise(personas, lambda draft: None)
    assert comparison.changed_count == 0
    assert {clause.change for clause in _clauses(comparison)} == {"unchanged"}
    assert comparison.title.change == comparison.purpose.change == "unchanged"


def test_added_clause(personas):
    comparison = _revise(
        personas,
        lambda draft: services.add_clause(
            personas.coordinator,
            Section.objects.get(version=draft, heading="Roles"),
            {"heading": "", "text": "The facilitator keeps the contact list."},
        ),
    )
    added = [clause for clause in _clauses(comparison) if clause.change == "added"]
    assert [(clause.after_number, clause.after) for clause in added] == [
        ("2.2", "The facilitator keeps the contact list.")
    ]
    assert added[0].before_number == ""
    assert comparison.changed_count == 1


def test_removed_clause_renumbers_the_ones_after_it(personas):
    comparison = _revise(
        personas,
        lambda draft: services.remove_clause(
            personas.coordinator, Clause.objects.get(version=draft, heading="Need to know")
        ),
    )
    changes = _changes(comparison)
    assert changes["removed"] == ["Need to know\nAgencies share what each needs to act, no more."]
    moved = [clause for clause in _clauses(comparison) if clause.change == "moved"]
    assert [(clause.before_number, clause.after_number) for clause in moved] == [("1.2", "1.1")]
    assert moved[0].before == moved[0].after
    assert comparison.changed_count == 2


def test_changed_clause_gives_word_segments(personas):
    comparison = _revise(
        personas,
        lambda draft: services.update_clause(
            personas.coordinator,
            Clause.objects.get(version=draft, heading="Consent"),
            {"text": "Victim information is shared only with informed written consent."},
        ),
    )
    changed = [clause for clause in _clauses(comparison) if clause.change == "changed"]
    assert len(changed) == 1
    segments = changed[0].segments
    assert [s.text for s in segments if s.op == "insert"] == ["informed "]
    assert not [s for s in segments if s.op == "delete"]
    assert changed[0].before_number == changed[0].after_number == "1.2"
    assert comparison.changed_count == 1


def test_reordered_clauses_are_moves_not_changes(personas):
    comparison = _revise(
        personas,
        lambda draft: services.move_clause(
            personas.coordinator, Clause.objects.get(version=draft, heading="Consent"), "up"
        ),
    )
    moved = {
        (clause.before_number, clause.after_number)
        for clause in _clauses(comparison)
        if clause.change == "moved"
    }
    assert moved == {("1.2", "1.1"), ("1.1", "1.2")}
    assert "added" not in _changes(comparison)
    assert "removed" not in _changes(comparison)


def test_clause_moved_to_another_section(personas):
    def move(draft: AgreementVersion) -> None:
        clause = Clause.objects.get(version=draft, heading="Consent")
        clause.section = Section.objects.get(version=draft, heading="Roles")
        clause.order = 2
        clause.save()

    comparison = _revise(personas, move)
    roles = next(clauses for heading, clauses in comparison.sections if heading.after == "Roles")
    assert [(clause.change, clause.before_number, clause.after_number) for clause in roles] == [
        ("unchanged", "2.1", "2.1"),
        ("moved", "1.2", "2.2"),
    ]
    assert "removed" not in _changes(comparison)


def test_section_renamed_and_removed(personas):
    def edit(draft: AgreementVersion) -> None:
        services.update_section(
            personas.coordinator, Section.objects.get(version=draft, heading="Roles"), "Contacts"
        )
        services.remove_section(
            personas.coordinator,
            Section.objects.get(version=draft, heading="Information sharing"),
        )

    comparison = _revise(personas, edit)
    headings = [
        (heading.change, heading.before, heading.after) for heading, _ in comparison.sections
    ]
    assert headings == [("changed", "Roles", "Contacts"), ("removed", "Information sharing", "")]
    removed_section = comparison.sections[1][1]
    assert [clause.change for clause in removed_section] == ["removed", "removed"]


def test_commitments_added_changed_and_removed(personas):
    def edit(draft: AgreementVersion) -> None:
        services.remove_commitment(
            personas.coordinator,
            Commitment.objects.get(version=draft, organization=personas.police),
        )
        services.update_commitment(
            personas.coordinator,
            Commitment.objects.get(version=draft, organization=personas.safe_harbor),
            {"quantity": 6},
        )
        services.add_commitment(
            personas.coordinator,
            draft,
            {
                "organization": personas.district_attorney,
                "description": "Assigns a victim-witness advocate",
                "service_category": None,
                "quantity": None,
                "unit": "",
                "around_the_clock": False,
            },
        )

    comparison = _revise(personas, edit)
    commitments = {(c.change, c.label) for c in comparison.commitments}
    assert commitments == {
        ("added", "Harbor County District Attorney"),
        ("changed", "Safe Harbor Alliance"),
        ("removed", "Harbor City Police Department"),
    }
    changed = next(c for c in comparison.commitments if c.change == "changed")
    assert changed.before == "Emergency shelter for adult victims (4 beds) — 24/7"
    assert changed.after == "Emergency shelter for adult victims (6 beds) — 24/7"
    assert comparison.changed_count == 3


def test_title_and_purpose_changes_are_counted(personas):
    def edit(draft: AgreementVersion) -> None:
        services.update_agreement(
            personas.coordinator, draft.agreement, {"title": "Harbor response memorandum"}
        )

    made = factories.circulated(personas)
    first = made.versions.get(number=1)
    draft = services.start_revision(personas.coordinator, made)
    edit(draft)
    services.circulate(personas.coordinator, draft, "New title")
    second = made.versions.get(number=2)
    comparison = text.compare(text.document_of(first), text.document_of(second))
    assert comparison.title.change == "changed"
    assert comparison.title.after == "Harbor response memorandum"
    assert comparison.purpose.change == "unchanged"
    assert comparison.changed_count == 1


def test_clause_numbers(personas):
    version = factories.agreement(personas).versions.get()
    numbers = text.clause_numbers(version)
    by_heading = {Clause.objects.get(pk=pk).heading or "roles": n for pk, n in numbers.items()}
    assert by_heading == {"Need to know": "1.1", "Consent": "1.2", "roles": "2.1"}


# --- The word diff -------------------------------------------------------------------------------

WORDY = st.text(alphabet=st.sampled_from(list("ab c\n\t.,é")), max_size=40)


@given(before=WORDY, after=WORDY)
def test_word_segments_rebuild_both_texts(before, after):
    segments = text.word_diff(before, after)
    assert "".join(s.text for s in segments if s.op in ("same", "delete")) == before
    assert "".join(s.text for s in segments if s.op in ("same", "insert")) == after
    assert all(s.text for s in segments)


@given(words=st.text(max_size=60))
def test_word_diff_of_a_text_with_itself_is_all_same(words):
    segments = text.word_diff(words, words)
    assert all(s.op == "same" for s in segments)
    assert "".join(s.text for s in segments) == words
