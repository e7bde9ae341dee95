"""What meetings supplies to decisions: proposals on the agendas of the meetings that take them
up, and the meetings a proposal may be decided at, as its viewer may see them."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone

from taskforce.governance.decision_selectors import proposals_at_meeting
from taskforce.governance.meeting_source import MeetingRef
from taskforce.meetings.agenda_sources import CarriedAgendaEntry
from taskforce.meetings.models import Meeting, MeetingStatus, MinutesStatus
from taskforce.meetings.proceedings_selectors import can_read_unadopted_minutes
from taskforce.meetings.selectors import meetings_visible_to


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


def _minutes_url(user: Any, meeting: Meeting) -> str:
    try:
        minutes = meeting.minutes
    except ObjectDoesNotExist:
        return ""
    readable = minutes.status == MinutesStatus.ADOPTED or can_read_unadopted_minutes(
        user, meeting.body
    )
    return reverse("meetings:minutes", kwargs={"pk": meeting.pk}) if readable else ""


def _reference(user: Any, meeting: Meeting, *, with_minutes: bool) -> MeetingRef:
    return MeetingRef(
        pk=meeting.pk,
        body_id=meeting.body_id,
        label=(
            f"{meeting.body.name}: {meeting.title}, "
            f"{meeting.local_start:%Y-%m-%d %H:%M} ({meeting.time_zone})"
        ),
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        minutes_url=_minutes_url(user, meeting) if with_minutes else "",
    )


class DecisionMeetings:
    """The governance meeting source (`governance.meeting_source`)."""

    def upcoming(self, user: Any, body_ids: Collection[int]) -> list[MeetingRef]:
        meetings = (
            meetings_visible_to(user)
            .filter(body_id__in=list(body_ids), ends_at__gt=timezone.now())
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("body")
            .order_by("starts_at")
        )
        return [_reference(user, meeting, with_minutes=False) for meeting in meetings]

    def visible(self, user: Any, meeting_ids: Collection[int]) -> dict[int, MeetingRef]:
        meetings = meetings_visible_to(user).select_related("body", "minutes")
        return {
            meeting.pk: _reference(user, meeting, with_minutes=True)
            for meeting in meetings.filter(pk__in=list(meeting_ids))
        }
