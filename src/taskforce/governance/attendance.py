"""Attendance facts that voting eligibility depends on, supplied by the meetings app.

Governance owns the eligibility rules; meetings owns attendance. The meetings app registers the
source in its AppConfig.ready(), so governance never imports it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from taskforce.governance.models import Body


@dataclass
class BodyAttendance:
    """A body's held meetings in a period, and who was present or excused at which."""

    meetings_held: list[datetime.date] = field(default_factory=list)
    present: dict[int, list[datetime.date]] = field(default_factory=dict)  # person id → dates
    excused: dict[int, list[datetime.date]] = field(default_factory=dict)


AttendanceSource = Callable[[Body, Collection[int], datetime.date, datetime.date], BodyAttendance]
PresenceSource = Callable[[int], set[int]]

_SOURCE: list[AttendanceSource] = []
_PRESENCE: list[PresenceSource] = []


def register_attendance_source(source: AttendanceSource, presence: PresenceSource) -> None:
    """`source` gives a body's attendance over a period; `presence` who (person ids) the roll
    records as present at one meeting (a decision's quorum may count them)."""
    _SOURCE[:] = [source]
    _PRESENCE[:] = [presence]


def body_attendance(
    body: Body, person_ids: Collection[int], since: datetime.date, until: datetime.date
) -> BodyAttendance:
    """Attendance at the body's held meetings between two days, inclusive."""
    if not _SOURCE:
        return BodyAttendance()
    return _SOURCE[0](body, person_ids, since, until)


def present_at(meeting_id: int) -> set[int]:
    """The people recorded as present at a meeting."""
    if not _PRESENCE:
        return set()
    return _PRESENCE[0](meeting_id)
