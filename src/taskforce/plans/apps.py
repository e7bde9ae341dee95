from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "taskforce.plans"
    label = "plans"
    verbose_name = "Committee plans"

    def ready(self) -> None:
        from taskforce.core.dashboard import register_panel
        from taskforce.governance.handover import register_handover_provider
        from taskforce.meetings.agenda_sources import register_agenda_source
        from taskforce.plans import audit_actions  # noqa: F401  (registers labels)
        from taskforce.plans.agenda import report_back_entries
        from taskforce.plans.dashboard import PANEL
        from taskforce.plans.handover import PlanTaskHandover

        register_agenda_source(report_back_entries)
        register_handover_provider(PlanTaskHandover())
        register_panel(PANEL)
