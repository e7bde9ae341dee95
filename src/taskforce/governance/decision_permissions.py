"""Who may do what with a body's proposals and decisions.

- Seeing a body's proposals and its decisions follows its business: closed bodies show them to
  their members only (`can_see_body_business`).
- Proposing: the body's members (any seat but observer) and those who run its meetings.
- Discussing (comments, amendments): anyone seated on the body, observers included, and those who
  run its meetings. Visitors discuss only where they are seated.
- Steering (opening positions, closing, setting a review date, deciding amendments): those who
  run the body's meetings (its officers, and coordinators who can see its business). The proposer
  may also decide amendments to, edit and withdraw their own proposal.
- Decision rules are kept by coordinators, like the bodies themselves.
- Taking a position is decided by the eligibility rules when positions open; see
  `decision_selectors.my_standing`.
"""

from __future__ import annotations

from typing import Any

from taskforce.core.access import MEMBER
from taskforce.directory.permissions import person_of
from taskforce.governance.decision_models import Proposal
from taskforce.governance.models import NON_VOTING_POSITIONS, Body
from taskforce.governance.permissions import (
    can_manage_bodies,
    can_run_body_meetings,
    can_see_body_business,
    current_seats,
    is_body_member,
)


def can_see_decisions_of(user: Any, body: Body) -> bool:
    return can_see_body_business(user, body)


def can_propose_to(user: Any, body: Body) -> bool:
    if not body.is_active or not MEMBER.allows(user):
        return False
    if can_run_body_meetings(user, body):
        return True
    positions = current_seats(user).get(body.pk, set())
    return bool(positions - NON_VOTING_POSITIONS)


def can_discuss(user: Any, proposal: Proposal) -> bool:
    return is_body_member(user, proposal.body) or can_run_body_meetings(user, proposal.body)


def can_steer(user: Any, proposal: Proposal) -> bool:
    return can_run_body_meetings(user, proposal.body)


def is_proposer(user: Any, proposal: Proposal) -> bool:
    person = person_of(user)
    return person is not None and person.pk == proposal.proposed_by_id


def can_edit_proposal(user: Any, proposal: Proposal) -> bool:
    """Edit the text before positions open, decide amendments, withdraw."""
    return can_steer(user, proposal) or (is_proposer(user, proposal) and MEMBER.allows(user))


def can_manage_rules(user: Any) -> bool:
    return can_manage_bodies(user)
