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

_SOURCE: list[AttendanceSource] = []


def register_attendance_source(source: AttendanceSource) -> None:
    _SOURCE[:] = [source]


def body_attendance(
    body: Body, person_ids: Collection[int], since: datetime.date, until: datetime.date
) -> BodyAttendance:
    """Attendance at the body's held meetings between two days, inclusive."""
    if not _SOURCE:
        return BodyAttendance()
    return _SOURCE[0](body, person_ids, since, until)
