from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "taskforce.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from taskforce.core import audit_actions  # noqa: F401  (registers labels)
