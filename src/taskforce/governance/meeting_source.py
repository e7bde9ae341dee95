"""What decisions need to know about meetings, supplied by the meetings app.

A proposal may be decided at a meeting: its form offers the upcoming meetings of the bodies one
may propose to, and its page links to the meeting and its minutes. Meetings owns that data and
its visibility rules; it registers a source in its AppConfig.ready(), so governance never imports
it (as with `governance.attendance`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class MeetingRef:
    """A meeting as a viewer may see it."""

    pk: int
    body_id: int
    # The body, title, local start and time zone, e.g.
    # "General Body: Monthly meeting, 2026-12-03 18:00 (America/Los_Angeles)".
    label: str
    url: str
    minutes_url: str = ""  # empty when there are no minutes the viewer may read


class MeetingSource(Protocol):
    def upcoming(self, user: Any, body_ids: Collection[int]) -> list[MeetingRef]:
        """Meetings of these bodies the user may see that have not ended and are not cancelled,
        soonest first."""
        ...

    def visible(self, user: Any, meeting_ids: Collection[int]) -> dict[int, MeetingRef]:
        """Those of the meetings the user may see, by id."""
        ...


_SOURCE: list[MeetingSource] = []


def register_meeting_source(source: MeetingSource) -> None:
    _SOURCE[:] = [source]


def upcoming_meetings(user: Any, body_ids: Collection[int]) -> list[MeetingRef]:
    return _SOURCE[0].upcoming(user, body_ids) if _SOURCE and body_ids else []


def visible_meetings(user: Any, meeting_ids: Collection[int | None]) -> dict[int, MeetingRef]:
    ids = {pk for pk in meeting_ids if pk is not None}
    return _SOURCE[0].visible(user, ids) if _SOURCE and ids else {}


def visible_meeting(user: Any, meeting_id: int | None) -> MeetingRef | None:
    return visible_meetings(user, [meeting_id]).get(meeting_id) if meeting_id else None
