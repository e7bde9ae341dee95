from taskforce.core.audit import register_actions

# Scheduling, agendas, circulation and calendar feeds.
register_actions(
    {
        "meetings.meeting.scheduled": "Meeting scheduled",
        "meetings.meeting.updated": "Meeting changed",
        "meetings.meeting.held": "Meeting marked held",
        "meetings.meeting.cancelled": "Meeting cancelled",
        "meetings.meeting.email_failed": "Meeting e-mail could not be sent",
        "meetings.series.created": "Meeting series created",
        "meetings.agenda_item.proposed": "Agenda item proposed",
        "meetings.agenda_item.added": "Agenda item added",
        "meetings.agenda_item.updated": "Agenda item changed",
        "meetings.agenda_item.accepted": "Agenda item accepted",
        "meetings.agenda_item.declined": "Agenda item declined",
        "meetings.agenda_item.withdrawn": "Agenda item withdrawn",
        "meetings.agenda_item.moved": "Agenda item moved",
        "meetings.agenda.circulated": "Agenda circulated",
        "meetings.calendar_feed.created": "Calendar feed created",
        "meetings.calendar_feed.revoked": "Calendar feed revoked",
    }
)

# Roll call, confidentiality reminder, training, minutes, action items and feedback.
register_actions(
    {
        "meetings.roll_call.recorded": "Roll call recorded",
        "meetings.confidentiality.reminded": "Confidentiality reminder given",
        "meetings.training.recorded": "Training segment recorded",
        "meetings.minutes.started": "Minutes started",
        "meetings.minutes.entries_added": "Agenda items added to the minutes",
        "meetings.minutes.drafted": "Draft minutes edited",
        "meetings.minutes.circulated": "Minutes circulated",
        "meetings.minutes.returned_to_draft": "Minutes returned to draft for correction",
        "meetings.minutes.adopted": "Minutes adopted",
        "meetings.action_item.created": "Action item added",
        "meetings.action_item.updated": "Action item changed",
        "meetings.action_item.done": "Action item done",
        "meetings.action_item.dropped": "Action item dropped",
        "meetings.action_item.reassigned": "Action item handed over",
        "meetings.feedback.submitted": "Meeting feedback given",
    }
)
