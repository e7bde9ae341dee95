"""Who may read and act on agreements, persona by operation, at the selector and permission level.

The memorandum of `tests.agreements.factories` is facilitated by the coordinator (Safe Harbor);
the police (the detective represents, the leader signs), the district attorney (the prosecutor)
and Safe Harbor are its parties. The advocate's organization is on no agreement; the administrator
has no organization; the visitor is not a member. Each table lists every persona, so each rule is
shown with those it admits and those it refuses (404 from the selectors, or False)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from taskforce.agreements import permissions, selectors, services
from taskforce.agreements.models import Agreement, AgreementVersion, Clause, Commitment, Section
from tests.agreements import factories
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

PARTY_STAFF = {
    "coordinator",
    "leader",
    "detective",
    "prosecutor",
}  # the facilitator is Safe Harbor's
MEMBERS = PARTY_STAFF | {"advocate", "administrator"}


def _user(personas: Any, name: str) -> Any:
    return personas.user(name) or AnonymousUser()


def _admitted(personas: Any, operation: Callable[[Any], Any]) -> set[str]:
    """The personas for whom the operation answers (not 404, not refused, not False)."""
    admitted = set()
    for name in PERSONA_NAMES:
        try:
            answer = operation(_user(personas, name))
        except (Http404, PermissionDenied):
            continue
        if answer is not False:
            admitted.add(name)
    return admitted


# --- Which agreements one reads ------------------------------------------------------------------


@dataclass
class Case:
    build: Callable[[Any], Agreement]
    readers: set[str]


def _draft(p: Any) -> Agreement:
    return factories.agreement(p)


def _negotiating(p: Any) -> Agreement:
    return factories.circulated(p)


def _wide_negotiating(p: Any) -> Agreement:
    return factories.circulated(p, task_force_wide=True)


def _wide_signing(p: Any) -> Agreement:
    return factories.final(p, task_force_wide=True)[0]


def _wide_effective(p: Any) -> Agreement:
    return factories.effective(p, task_force_wide=True)[0]


def _private_effective(p: Any) -> Agreement:
    return factories.effective(p)[0]


VISIBILITY = {
    "draft": Case(_draft, PARTY_STAFF),
    "negotiating": Case(_negotiating, PARTY_STAFF),
    "task-force-wide, negotiating": Case(_wide_negotiating, PARTY_STAFF),
    "task-force-wide, awaiting signatures": Case(_wide_signing, PARTY_STAFF),
    "task-force-wide, in effect": Case(_wide_effective, MEMBERS),
    "parties only, in effect": Case(_private_effective, PARTY_STAFF),
}


@pytest.mark.parametrize("case", list(VISIBILITY), ids=list(VISIBILITY))
def test_who_reads_an_agreement(personas, case):
    made = VISIBILITY[case].build(personas)
    expected = VISIBILITY[case].readers
    assert _admitted(personas, lambda user: selectors.get_agreement_for(user, made.pk)) == expected
    assert {name for name in PERSONA_NAMES if made.pk in _visible_pks(personas, name)} == expected
    organization_page = {
        name
        for name in PERSONA_NAMES
        if selectors.agreements_of_organization(_user(personas, name), personas.police)
    }
    assert organization_page == expected


def _visible_pks(personas: Any, name: str) -> set[int]:
    return set(selectors.visible_agreements(_user(personas, name)).values_list("pk", flat=True))


def test_administrator_reads_nothing_by_role(personas):
    """The administrator's role opens no agreement: only task-force-wide ones in effect, like any
    member without an organization on it."""
    factories.circulated(personas, title="Negotiating")
    wide = factories.effective(personas, task_force_wide=True, title="Wide")[0]
    assert _visible_pks(personas, "administrator") == {wide.pk}
    assert _visible_pks(personas, "advocate") == {wide.pk}
    assert _visible_pks(personas, "visitor") == set()
    assert _visible_pks(personas, "anonymous") == set()


def test_guessed_and_sequential_ids_answer_404(personas):
    made = factories.circulated(personas)
    other = factories.agreement(personas, title="Someone else's")
    version = made.versions.get()
    party = factories.party(made, personas.police)
    clause = Clause.objects.filter(version=version).first()
    missing = Agreement.objects.order_by("-pk").first().pk + 1
    for name in PERSONA_NAMES:
        user = _user(personas, name)
        with pytest.raises(Http404):
            selectors.get_agreement_for(user, missing)
        with pytest.raises(Http404):
            selectors.get_party_for(user, Agreement.objects.count() * 100)
        with pytest.raises(Http404):
            selectors.get_clause_for(user, clause.pk + 1000)
    for name in {"advocate", "administrator", "visitor", "anonymous"}:
        user = _user(personas, name)
        for pk in (made.pk, other.pk):
            with pytest.raises(Http404):
                selectors.get_agreement_for(user, pk)
        with pytest.raises(Http404):
            selectors.get_party_for(user, party.pk)
        with pytest.raises(Http404):
            selectors.get_clause_for(user, clause.pk)


# --- Which versions one reads --------------------------------------------------------------------


@pytest.fixture
def amended(personas: Any) -> Agreement:
    """A task-force-wide memorandum in effect on version 1, version 2 under review and a working
    draft of version 3."""
    made, _ = factories.effective(personas, task_force_wide=True)
    second = services.start_revision(personas.coordinator, made)
    services.circulate(personas.coordinator, second, "Amendment")
    services.start_revision(personas.coordinator, made)
    made.refresh_from_db()
    return made


def test_versions_of_an_amended_agreement(personas, amended):
    def numbers(user: Any) -> list[int]:
        return [version.number for version in selectors.versions_for(user, amended)]

    readable = {name: numbers(_user(personas, name)) for name in sorted(MEMBERS)}
    assert readable == {
        "administrator": [1],
        "advocate": [1],
        "coordinator": [1, 2, 3],  # the facilitator alone reads the working draft
        "detective": [1, 2],
        "leader": [1, 2],
        "prosecutor": [1, 2],
    }


@pytest.mark.parametrize(
    ("number", "readers"),
    [
        (1, MEMBERS),
        (2, PARTY_STAFF),  # the negotiation of an amendment: parties only
        (3, {"coordinator"}),  # the working draft
    ],
)
def test_who_reads_each_version(personas, amended, number, readers):
    def read(user: Any) -> AgreementVersion:
        agreement = selectors.get_agreement_for(user, amended.pk)
        return selectors.get_version_for(user, agreement, number)

    assert _admitted(personas, read) == readers


def test_clauses_of_the_working_draft_only_for_the_facilitator(personas, amended):
    draft_clause = Clause.objects.filter(version__agreement=amended, version__number=3).first()
    review_clause = Clause.objects.filter(version__agreement=amended, version__number=2).first()
    effective_clause = Clause.objects.filter(version__agreement=amended, version__number=1).first()
    assert _admitted(personas, lambda u: selectors.get_clause_for(u, draft_clause.pk)) == {
        "coordinator"
    }
    assert (
        _admitted(personas, lambda u: selectors.get_clause_for(u, review_clause.pk)) == PARTY_STAFF
    )
    assert (
        _admitted(personas, lambda u: selectors.get_clause_for(u, effective_clause.pk)) == MEMBERS
    )


def test_negotiation_of_a_task_force_wide_agreement_is_for_its_parties(personas, amended):
    assert (
        _admitted(personas, lambda user: permissions.can_read_negotiation(user, amended))
        == PARTY_STAFF
    )
    party = factories.party(amended, personas.police)
    assert _admitted(personas, lambda user: selectors.get_party_for(user, party.pk)) == PARTY_STAFF


# --- Who acts ------------------------------------------------------------------------------------


def test_only_the_facilitator_manages_and_edits(personas):
    made = factories.agreement(personas)
    draft = made.versions.get()
    section = Section.objects.filter(version=draft).first()
    clause = Clause.objects.filter(version=draft).first()
    commitment = Commitment.objects.filter(version=draft).first()
    facilitator = {"coordinator"}
    assert (
        _admitted(personas, lambda u: selectors.get_managed_agreement_for(u, made.pk))
        == facilitator
    )
    assert _admitted(personas, lambda u: selectors.get_draft_for(u, made.pk)) == facilitator
    assert (
        _admitted(personas, lambda u: selectors.get_editable_section_for(u, section.pk))
        == facilitator
    )
    assert (
        _admitted(personas, lambda u: selectors.get_editable_clause_for(u, clause.pk))
        == facilitator
    )
    assert (
        _admitted(personas, lambda u: selectors.get_editable_commitment_for(u, commitment.pk))
        == facilitator
    )
    assert _admitted(personas, lambda u: permissions.is_facilitator(u, made)) == facilitator
    assert _admitted(personas, lambda u: services.add_section(u, draft, "Another")) == facilitator


def test_circulated_rows_are_not_editable_even_by_the_facilitator(personas):
    made = factories.circulated(personas)
    clause = Clause.objects.filter(version=made.versions.get()).first()
    assert _admitted(personas, lambda u: selectors.get_editable_clause_for(u, clause.pk)) == set()
    assert _admitted(personas, lambda u: selectors.get_draft_for(u, made.pk)) == set()


def test_only_the_representative_or_the_facilitator_answers(personas):
    made = factories.circulated(personas)
    police = factories.party(made, personas.police)
    district_attorney = factories.party(made, personas.district_attorney)
    assert _admitted(personas, lambda u: selectors.get_answerable_party_for(u, police.pk)) == {
        "detective",
        "coordinator",
    }
    assert _admitted(
        personas, lambda u: selectors.get_answerable_party_for(u, district_attorney.pk)
    ) == {"prosecutor", "coordinator"}
    assert _admitted(personas, lambda u: permissions.can_respond_for(u, police)) == {
        "detective",
        "coordinator",
    }


def test_only_the_signatory_signs(personas):
    made, _ = factories.final(personas)
    police = factories.party(made, personas.police)
    safe_harbor = factories.party(made, personas.safe_harbor)
    assert _admitted(personas, lambda u: selectors.get_signing_party_for(u, police.pk)) == {
        "leader"
    }
    assert _admitted(personas, lambda u: selectors.get_signing_party_for(u, safe_harbor.pk)) == {
        "coordinator"
    }
    assert _admitted(personas, lambda u: permissions.can_sign_for(u, police)) == {"leader"}


def test_who_speaks_for_a_party(personas):
    made = factories.agreement(personas)
    police = factories.party(made, personas.police)
    assert _admitted(personas, lambda u: permissions.speaks_for(u, police)) == {
        "detective",
        "leader",
    }
    assert _admitted(personas, lambda u: permissions.can_name_party_people(u, police)) == {
        "detective",
        "leader",
        "coordinator",
    }


def test_who_starts_agreements(personas):
    assert _admitted(personas, permissions.can_start_agreements) == {
        "coordinator",
        "leader",
        "administrator",
    }


def test_deactivated_account_loses_everything(personas):
    made = factories.circulated(personas)
    personas.detective.is_active = False
    personas.detective.save()
    police = factories.party(made, personas.police)
    assert not permissions.can_respond_for(personas.detective, police)
    with pytest.raises(Http404):
        selectors.get_agreement_for(personas.detective, made.pk)
