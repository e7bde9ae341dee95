"""Things other apps put on a body's agenda, such as committee plan report-backs that fall due.

An app registers a source in its AppConfig.ready(); the agenda of a meeting lists what every
source returns for it, beside the body's open action items. Meetings never imports those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from taskforce.meetings.models import Meeting


@dataclass(frozen=True)
class CarriedAgendaEntry:
    kind: str  # "Report-back"
    title: str
    owner: str = ""
    detail: str = ""  # e.g. "Victim Services Committee plan, due 12 Nov 2026"
    url: str = ""


AgendaSource = Callable[["Meeting"], list[CarriedAgendaEntry]]

_SOURCES: list[AgendaSource] = []


def register_agenda_source(source: AgendaSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def carried_entries(meeting: Meeting) -> list[CarriedAgendaEntry]:
    return [entry for source in _SOURCES for entry in source(meeting)]
