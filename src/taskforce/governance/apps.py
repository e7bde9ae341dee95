from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "taskforce.governance"
    label = "governance"
    verbose_name = "Governance"
