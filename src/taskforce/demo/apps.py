from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "taskforce.demo"
    label = "demo"
    verbose_name = "Demo task force"

    def ready(self) -> None:
        from taskforce.demo import audit_actions  # noqa: F401  (registers labels)
