"""Committee report-backs on the agendas of the bodies that hear them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from taskforce.meetings.agenda_sources import CarriedAgendaEntry
from taskforce.plans import selectors

if TYPE_CHECKING:
    from taskforce.meetings.models import Meeting


def report_back_entries(meeting: Meeting) -> list[CarriedAgendaEntry]:
    """The report-backs due at a meeting: tasks of active plans that report to the meeting's
    body, whose report-back date falls on or before the meeting's day (in its own time zone), and
    whose report has not been recorded since that date.

    The agenda is read by everyone who may see the meeting, and this source knows only the
    meeting, so a closed committee's report-backs appear only on that committee's own agendas;
    open committees' report-backs appear on the agenda of every body they report to. One query.
    """
    entries = []
    for task in selectors.report_backs_due(meeting.body, meeting.local_start.date()):
        plan = task.objective.plan
        entries.append(
            CarriedAgendaEntry(
                kind="Report-back",
                title=task.title,
                owner=task.owner.full_name if task.owner else "",
                detail=(
                    f"{plan.body} plan “{plan.title}”, task due {task.due_on:%Y-%m-%d}, "
                    f"report-back due {task.report_back_on:%Y-%m-%d}"
                ),
                url=reverse("plans:task", kwargs={"pk": task.pk}),
            )
        )
    return entries
