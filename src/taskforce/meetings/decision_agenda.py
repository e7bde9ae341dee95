"""Proposals on the agendas of the meetings that take them up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from taskforce.governance.decision_selectors import proposals_at_meeting
from taskforce.meetings.agenda_sources import CarriedAgendaEntry

if TYPE_CHECKING:
    from taskforce.meetings.models import Meeting


def decision_entries(meeting: Meeting) -> list[CarriedAgendaEntry]:
    """Each proposal to be decided at the meeting, with where it stands. The agenda is read by
    whoever may see the meeting, and a proposal belongs to the meeting's own body, so it is shown
    to exactly those who may see the proposal. One query."""
    entries = []
    for proposal in proposals_at_meeting(meeting.pk):
        state = proposal.get_status_display().lower()
        if proposal.outcome:
            state += f": {proposal.get_outcome_display().lower()}"
        entries.append(
            CarriedAgendaEntry(
                kind="Decision",
                title=f"{proposal.reference} {proposal.title}",
                owner=proposal.proposed_by.full_name,
                detail=f"{proposal.get_topic_display()}, {state}",
                url=reverse("decisions:proposal", kwargs={"pk": proposal.pk}),
            )
        )
    return entries
