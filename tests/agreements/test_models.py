"""The rows themselves refuse to change a circulated text or a signature, whatever the caller: a
page, the API, the admin or a shell. The working draft stays editable."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from taskforce.agreements.models import (
    Agreement,
    AgreementVersion,
    Clause,
    Commitment,
    Section,
    Signature,
    VersionState,
)
from tests.agreements import factories

pytestmark = pytest.mark.django_db

TEXT_MODELS = (Section, Clause, Commitment)
# The field each kind of row shows people, to try to change.
WORDING = {Section: "heading", Clause: "text", Commitment: "description"}


def _frozen_version(personas: Any) -> AgreementVersion:
    return factories.circulated(personas).versions.get()


def _draft_version(personas: Any) -> AgreementVersion:
    return factories.agreement(personas).versions.get()


def _words(model: Any, version: AgreementVersion) -> list[str]:
    return list(model.objects.filter(version=version).values_list(WORDING[model], flat=True))


def _copy(row: Any) -> Any:
    """An unsaved twin of the row, with a fresh key, for bulk_create."""
    twin = type(row).objects.get(pk=row.pk)
    twin.pk = None
    twin.id = None
    twin._state.adding = True
    twin.key = type(row)._meta.get_field("key").get_default()
    return twin


# --- The text of a circulated version ------------------------------------------------------------


@pytest.mark.parametrize("model", TEXT_MODELS)
def test_circulated_text_refuses_save(personas, model):
    version = _frozen_version(personas)
    before = _words(model, version)
    row = model.objects.filter(version=version).first()
    setattr(row, WORDING[model], "Rewritten after circulation")
    with pytest.raises(ValidationError, match="circulated"):
        row.save()
    assert _words(model, version) == before


@pytest.mark.parametrize("model", TEXT_MODELS)
def test_circulated_text_refuses_delete(personas, model):
    version = _frozen_version(personas)
    before = _words(model, version)
    with pytest.raises(ValidationError):
        model.objects.filter(version=version).first().delete()
    with pytest.raises(ValidationError):
        model.objects.filter(version=version).delete()
    with pytest.raises(ValidationError):
        model.objects.all().delete()
    assert _words(model, version) == before


@pytest.mark.parametrize("model", TEXT_MODELS)
def test_circulated_text_refuses_queryset_update(personas, model):
    version = _frozen_version(personas)
    before = _words(model, version)
    with pytest.raises(ValidationError):
        model.objects.filter(version=version).update(**{WORDING[model]: "Changed in bulk"})
    with pytest.raises(ValidationError):
        model.objects.filter(version=version).update(order=99)
    assert _words(model, version) == before


@pytest.mark.parametrize("model", TEXT_MODELS)
def test_circulated_text_refuses_bulk_create_and_bulk_update(personas, model):
    version = _frozen_version(personas)
    before = _words(model, version)
    rows = list(model.objects.filter(version=version))
    with pytest.raises(ValidationError):
        model.objects.bulk_create([_copy(rows[0])])
    for row in rows:
        setattr(row, WORDING[model], "Changed in bulk")
    with pytest.raises(ValidationError):
        model.objects.bulk_update(rows, [WORDING[model]])
    assert _words(model, version) == before


@pytest.mark.parametrize("model", TEXT_MODELS)
def test_draft_text_can_be_changed_by_every_route(personas, model):
    version = _draft_version(personas)
    row = model.objects.filter(version=version).first()
    setattr(row, WORDING[model], "Rewritten")
    row.save()
    model.objects.filter(pk=row.pk).update(order=7)
    model.objects.bulk_create([_copy(row)])
    rows = list(model.objects.filter(version=version))
    for each in rows:
        setattr(each, WORDING[model], "Changed in bulk")
    model.objects.bulk_update(rows, [WORDING[model]])
    assert set(_words(model, version)) == {"Changed in bulk"}
    model.objects.filter(pk=row.pk).delete()
    assert not model.objects.filter(pk=row.pk).exists()


def test_draft_clause_cannot_be_moved_into_a_circulated_version(personas):
    frozen = _frozen_version(personas)
    draft = _draft_version(personas)
    section = Section.objects.filter(version=frozen).first()
    clause = Clause.objects.filter(version=draft).first()
    clause.version = frozen
    clause.section = section
    with pytest.raises(ValidationError):
        clause.save()
    with pytest.raises(ValidationError):
        Clause.objects.filter(pk=clause.pk).update(version=frozen, section=section)
    assert Clause.objects.get(pk=clause.pk).version_id == draft.pk


def test_circulated_clause_cannot_be_deleted_through_a_stale_copy(personas):
    """A row read from the draft, pointed at a draft in memory, still refuses once its stored
    version is circulated."""
    frozen = _frozen_version(personas)
    draft = _draft_version(personas)
    clause = Clause.objects.filter(version=frozen).first()
    clause.version = draft
    with pytest.raises(ValidationError):
        clause.delete()
    assert Clause.objects.filter(pk=clause.pk).exists()


# --- The version row -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "A quieter title"),
        ("purpose", "Another purpose"),
        ("content_hash", "0" * 64),
        ("number", 9),
        ("state", VersionState.DRAFT),
    ],
)
def test_circulated_version_keeps_its_text_hash_and_state(personas, field, value):
    version = _frozen_version(personas)
    stored = AgreementVersion.objects.values(field).get(pk=version.pk)
    setattr(version, field, value)
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        AgreementVersion.objects.filter(pk=version.pk).update(**{field: value})
    assert AgreementVersion.objects.values(field).get(pk=version.pk) == stored


def test_final_version_cannot_return_to_review(personas):
    _, version = factories.final(personas)
    version.state = VersionState.REVIEW
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        AgreementVersion.objects.filter(pk=version.pk).update(state=VersionState.REVIEW)
    assert AgreementVersion.objects.get(pk=version.pk).state == VersionState.FINAL


def test_version_under_review_may_become_final(personas):
    version = _frozen_version(personas)
    version.state = VersionState.FINAL
    version.save(update_fields=["state"])
    assert AgreementVersion.objects.get(pk=version.pk).state == VersionState.FINAL


def test_circulated_version_cannot_be_deleted_but_a_draft_can(personas):
    version = _frozen_version(personas)
    with pytest.raises(ValidationError):
        version.delete()
    with pytest.raises(ValidationError):
        AgreementVersion.objects.filter(pk=version.pk).delete()
    assert AgreementVersion.objects.filter(pk=version.pk).exists()
    draft = _draft_version(personas)
    AgreementVersion.objects.filter(pk=draft.pk).delete()
    assert not AgreementVersion.objects.filter(pk=draft.pk).exists()


# --- Agreements and signatures -------------------------------------------------------------------


def test_agreement_with_circulated_versions_is_kept(personas):
    circulated = factories.circulated(personas)
    with pytest.raises(ValidationError):
        circulated.delete()
    with pytest.raises(ValidationError):
        Agreement.objects.filter(pk=circulated.pk).delete()
    assert Agreement.objects.filter(pk=circulated.pk).exists()
    assert Clause.objects.filter(version__agreement=circulated).count() == 3


def test_agreement_never_circulated_can_be_deleted(personas):
    draft = factories.agreement(personas, title="A first idea")
    Agreement.objects.filter(pk=draft.pk).delete()
    assert not Agreement.objects.filter(pk=draft.pk).exists()
    assert not Clause.objects.filter(version__agreement_id=draft.pk).exists()


def test_signature_cannot_be_changed_or_removed(personas):
    _, version = factories.final(personas)
    signature = factories.sign(personas, version, "prosecutor")
    signature.typed_name = "Somebody Else"
    with pytest.raises(ValidationError):
        signature.save()
    with pytest.raises(ValidationError):
        signature.delete()
    with pytest.raises(ValidationError):
        Signature.objects.filter(pk=signature.pk).update(content_hash="0" * 64)
    with pytest.raises(ValidationError):
        Signature.objects.filter(pk=signature.pk).delete()
    with pytest.raises(ValidationError):
        Signature.objects.bulk_update([signature], ["typed_name"])
    stored = Signature.objects.get(pk=signature.pk)
    assert stored.typed_name == "Priya Nair"
    assert stored.content_hash == version.content_hash


def test_signed_version_cannot_be_deleted_with_its_agreement(personas):
    made, version = factories.effective(personas)
    with pytest.raises(ValidationError):
        made.delete()
    assert Signature.objects.filter(version=version).count() == 3
