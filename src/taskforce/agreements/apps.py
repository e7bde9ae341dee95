from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "taskforce.agreements"
    label = "agreements"
    verbose_name = "Agreements"

    def ready(self) -> None:
        from taskforce.agreements import audit_actions  # noqa: F401  (registers labels)
