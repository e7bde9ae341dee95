from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "taskforce.plans"
    label = "plans"
    verbose_name = "Committee plans"

    def ready(self) -> None:
        from taskforce.plans import audit_actions  # noqa: F401  (registers labels)
