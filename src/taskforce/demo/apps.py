from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "taskforce.demo"
    label = "demo"
    verbose_name = "Demo task force"
