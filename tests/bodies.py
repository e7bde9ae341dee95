"""A standard set of bodies and meetings around the personas, written straight to the tables.

Tests of the services build their own data through the services; this is the common ground the
other tests stand on:

- General Body (open): everyone but the visitor; the leader chairs it.
- Executive Board (open): the leader (chair) and the coordinator.
- Law Enforcement Committee (closed): the detective chairs, the prosecutor is a member.
- Victim Services Committee (open): the coordinator chairs, the advocate is a member, the visitor
  observes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from taskforce.governance.models import Body, BodyKind, BodyMembership, Position
from taskforce.meetings.models import Meeting
from tests.personas import Personas

TIME_ZONE = "America/Los_Angeles"


@dataclass
class Bodies:
    general: Body
    board: Body
    law_enforcement: Body
    victim_services: Body


def seat(body: Body, user: Any, position: str = Position.MEMBER, **term: Any) -> BodyMembership:
    person = user.person
    start = term.pop("term_start", timezone.localdate() - datetime.timedelta(days=365))
    return BodyMembership.objects.create(
        body=body, person=person, position=position, term_start=start, **term
    )


def build_bodies(p: Personas) -> Bodies:
    general = Body.objects.create(name="General Body", kind=BodyKind.GENERAL_BODY, order=1)
    board = Body.objects.create(name="Executive Board", kind=BodyKind.EXECUTIVE_BOARD, order=2)
    law = Body.objects.create(
        name="Law Enforcement Committee",
        kind=BodyKind.STANDING_COMMITTEE,
        is_closed=True,
        charge="Coordinate investigations.",
        order=3,
    )
    victim = Body.objects.create(
        name="Victim Services Committee",
        kind=BodyKind.STANDING_COMMITTEE,
        charge="Coordinate services for survivors.",
        order=4,
    )
    seat(general, p.leader, Position.CHAIR)
    for user in (p.coordinator, p.detective, p.prosecutor, p.advocate, p.administrator):
        seat(general, user)
    seat(board, p.leader, Position.CHAIR)
    seat(board, p.coordinator)
    seat(law, p.detective, Position.CHAIR)
    seat(law, p.prosecutor)
    seat(victim, p.coordinator, Position.CHAIR)
    seat(victim, p.advocate)
    seat(victim, p.visitor, Position.OBSERVER)
    return Bodies(general, board, law, victim)


def meeting(body: Body, days_from_now: int = 14, title: str = "", **fields: object) -> Meeting:
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=days_from_now
    )
    return Meeting.objects.create(
        body=body,
        title=title or f"{body.name} meeting",
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=90),
        time_zone=TIME_ZONE,
        **fields,
    )
