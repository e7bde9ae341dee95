from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "taskforce.core"
    label = "core"
    verbose_name = "Core"
