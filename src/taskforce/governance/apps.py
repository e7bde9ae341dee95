from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "taskforce.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from taskforce.core.dashboard import register_panel
        from taskforce.governance import audit_actions  # noqa: F401  (registers labels)
        from taskforce.governance.decision_dashboard import PANEL
        from taskforce.governance.handover import register_handover_provider
        from taskforce.governance.services import CharterObjectiveHandover, OfficerSeatHandover

        register_handover_provider(OfficerSeatHandover())
        register_handover_provider(CharterObjectiveHandover())
        register_panel(PANEL)
