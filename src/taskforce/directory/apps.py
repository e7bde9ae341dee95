from typing import Any

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "taskforce.directory"
    label = "directory"
    verbose_name = "Member directory"

    def ready(self) -> None:
        from taskforce.accounts.signals import account_created
        from taskforce.directory import audit_actions  # noqa: F401  (registers labels)

        account_created.connect(_link_new_account, dispatch_uid="directory-link-new-account")


def _link_new_account(sender: Any, *, actor: Any, user: Any, request: Any, **_: Any) -> None:
    from taskforce.directory.services import link_new_account

    link_new_account(actor, user, request=request)
