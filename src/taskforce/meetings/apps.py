from typing import Any

from django.apps import AppConfig

from taskforce.accounts.signals import account_deactivated


class MeetingsConfig(AppConfig):
    name = "taskforce.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from taskforce.core.dashboard import register_panel
        from taskforce.governance.attendance import register_attendance_source
        from taskforce.governance.handover import register_handover_provider
        from taskforce.governance.meeting_source import register_meeting_source
        from taskforce.meetings import audit_actions  # noqa: F401  (registers labels)
        from taskforce.meetings.agenda_sources import register_agenda_source
        from taskforce.meetings.dashboard import PANEL
        from taskforce.meetings.decision_support import DecisionMeetings, decision_entries
        from taskforce.meetings.proceedings_selectors import body_attendance, present_at
        from taskforce.meetings.proceedings_services import ActionItemHandover

        register_attendance_source(body_attendance, present_at)
        register_agenda_source(decision_entries)
        register_meeting_source(DecisionMeetings())
        register_handover_provider(ActionItemHandover())
        register_panel(PANEL)
        account_deactivated.connect(
            _end_calendar_feeds, dispatch_uid="meetings-end-calendar-feeds-of-deactivated"
        )


def _end_calendar_feeds(sender: Any, actor: Any, user: Any, request: Any, **kwargs: Any) -> None:
    from taskforce.meetings.services import revoke_calendar_feeds_of

    revoke_calendar_feeds_of(actor, user, request)
