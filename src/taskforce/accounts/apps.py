from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "taskforce.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from taskforce.accounts import audit_actions  # noqa: F401  (registers labels)
