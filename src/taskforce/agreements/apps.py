from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "taskforce.agreements"
    label = "agreements"
    verbose_name = "Agreements"

    def ready(self) -> None:
        from taskforce.agreements import audit_actions  # noqa: F401  (registers labels)
        from taskforce.agreements.dashboard import PANEL
        from taskforce.agreements.handover import FacilitationHandover
        from taskforce.agreements.profile import SECTION
        from taskforce.core.dashboard import register_panel
        from taskforce.directory.profile_sections import register_profile_section
        from taskforce.governance.handover import register_handover_provider

        register_handover_provider(FacilitationHandover())
        register_panel(PANEL)
        register_profile_section(SECTION)
