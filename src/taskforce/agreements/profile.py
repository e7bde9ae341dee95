"""The agreements section of an organization's profile: every agreement it is party to that the
viewer may read, with the organization's standing in it.

Members who follow an agreement's negotiation (its parties and facilitator) read the party's status
as it is. Members who read a task-force-wide agreement in effect without being party to it see
only the organization's standing towards the text in effect (signed it, was issued it as a letter,
withdrew), never where the negotiation of a later version stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taskforce.agreements import selectors
from taskforce.agreements.models import Agreement, Party, PartyStatus
from taskforce.agreements.permissions import can_read_negotiation
from taskforce.core.access import MEMBER
from taskforce.directory.models import Organization
from taskforce.directory.profile_sections import ProfileSection


@dataclass(frozen=True)
class ProfileRow:
    agreement: Agreement
    agreement_status: str
    standing: str


def _full_standing(party: Party) -> str:
    if party.status == PartyStatus.WITHDRAWN and party.withdrawn_on:
        return f"Withdrawn on {party.withdrawn_on:%Y-%m-%d}"
    if party.status == PartyStatus.LETTER and party.letter_version:
        return f"Issued version {party.letter_version.number} as a letter of understanding"
    return party.get_status_display()


def _standing_towards_effective(party: Party, signed: set[int]) -> str:
    if party.status == PartyStatus.WITHDRAWN and party.withdrawn_on:
        return f"Withdrawn on {party.withdrawn_on:%Y-%m-%d}"
    effective = party.agreement.effective_version
    if party.pk in signed and effective is not None:
        return f"Signed version {effective.number}, in effect"
    letter = party.letter_version
    if letter is not None and effective is not None and letter.number <= effective.number:
        return f"Issued version {letter.number} as a letter of understanding"
    return "Has not signed the version in effect"


def agreements_section(user: Any, organization: Organization) -> dict[str, Any] | None:
    if not MEMBER.allows(user):
        return None
    parties = selectors.agreements_of_organization(user, organization)
    signed = selectors.signed_version_in_effect(parties)
    rows = [
        ProfileRow(
            agreement=party.agreement,
            agreement_status=selectors.display_status(party.agreement),
            standing=(
                _full_standing(party)
                if can_read_negotiation(user, party.agreement)
                else _standing_towards_effective(party, signed)
            ),
        )
        for party in parties
    ]
    return {"organization": organization, "rows": rows}


SECTION = ProfileSection(
    "agreements", "agreements/_profile_agreements.html", agreements_section, order=20
)
