from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "taskforce.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from taskforce.meetings import audit_actions  # noqa: F401  (registers labels)
