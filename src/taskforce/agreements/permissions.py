"""Who may read an agreement and who may act on it.

Members read the agreements their organization is party to, the ones they facilitate, and, once in
effect, the task-force-wide ones. Until an agreement takes effect it is visible to its parties and
its facilitator only. The facilitator's working draft is theirs alone until circulated; members who
read a task-force-wide agreement without being party to it see the texts that have been in effect,
not the negotiation of the next one. Visitors see no agreements. Coordinators start agreements and
name the facilitator; being a coordinator or an administrator opens nothing else here.

Acting for a party: its representative answers the clauses (the facilitator may record an answer
given to them on the party's behalf), its authorized signatory signs, and either of them may decline
or withdraw for it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from taskforce.agreements.models import Agreement, AgreementVersion, Party
from taskforce.core.access import COORDINATOR, MEMBER
from taskforce.directory.permissions import person_of


def _party_org_q(organization_id: int, prefix: str = "") -> Exists:
    return Exists(
        Party.objects.filter(agreement=OuterRef(f"{prefix}pk"), organization_id=organization_id)
    )


def agreements_visible_q(user: Any) -> Q:
    """A filter on agreements for those the user may read."""
    if not MEMBER.allows(user):
        return Q(pk__in=[])
    person = person_of(user)
    visible = Q(task_force_wide=True, effective_version__isnull=False)
    if person is not None:
        visible |= Q(facilitator_id=person.pk)
        if person.organization_id is not None:
            visible |= Q(_party_org_q(person.organization_id))
    return visible


def is_facilitator(user: Any, agreement: Agreement) -> bool:
    person = person_of(user)
    return MEMBER.allows(user) and person is not None and person.pk == agreement.facilitator_id


def is_party_staff(user: Any, agreement: Agreement) -> bool:
    person = person_of(user)
    if not MEMBER.allows(user) or person is None or person.organization_id is None:
        return False
    return agreement.parties.filter(organization_id=person.organization_id).exists()


def can_start_agreements(user: Any) -> bool:
    return COORDINATOR.allows(user)


def can_read_negotiation(user: Any, agreement: Agreement) -> bool:
    """Every circulated version and the state of the negotiation: facilitator and parties."""
    return is_facilitator(user, agreement) or is_party_staff(user, agreement)


def can_read_version(user: Any, version: AgreementVersion) -> bool:
    """Whether the user may read this version of an agreement they can already see."""
    agreement = version.agreement
    if is_facilitator(user, agreement):
        return True
    if not version.is_frozen:
        return False
    if is_party_staff(user, agreement):
        return True
    effective = agreement.effective_version
    return effective is not None and version.number <= effective.number


def speaks_for(user: Any, party: Party) -> bool:
    """The party's representative or its authorized signatory."""
    person = person_of(user)
    if not MEMBER.allows(user) or person is None:
        return False
    return person.pk in {party.representative_id, party.signatory_id}


def can_respond_for(user: Any, party: Party) -> bool:
    person = person_of(user)
    if not MEMBER.allows(user) or person is None:
        return False
    return person.pk == party.representative_id or is_facilitator(user, party.agreement)


def can_sign_for(user: Any, party: Party) -> bool:
    person = person_of(user)
    return MEMBER.allows(user) and person is not None and person.pk == party.signatory_id


def can_name_party_people(user: Any, party: Party) -> bool:
    """Choosing the party's representative and signatory: the facilitator, or the party itself
    through its current representative or signatory."""
    return is_facilitator(user, party.agreement) or speaks_for(user, party)
