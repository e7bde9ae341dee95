from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "taskforce.directory"
    label = "directory"
    verbose_name = "Member directory"

    def ready(self) -> None:
        from taskforce.directory import audit_actions  # noqa: F401  (registers labels)
