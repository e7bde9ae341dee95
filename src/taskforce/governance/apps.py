from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "taskforce.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from taskforce.governance import audit_actions  # noqa: F401  (registers labels)
