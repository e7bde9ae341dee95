"""The `taskforce` command: operations by their own names, Django's management commands beneath.

taskforce demo [--no-serve]    build the demo database (and serve it)
taskforce demo-code USERNAME   print the current two-factor code of a demo login
taskforce serve                production server (gunicorn)
taskforce worker               background task worker
taskforce createadmin          create an administrator account
taskforce token USERNAME       print a new API token for a user
taskforce verify-audit         check the audit log's hash chain
taskforce backup [--output P]  write a backup of the whole database (not the field keys)
taskforce restore FILE         replace the whole database with a backup (stop the app first)
taskforce rotate-field-keys    re-encrypt encrypted fields with the newest key
taskforce <django command>     anything else is passed to Django (migrate, check, ...)
"""

from __future__ import annotations

import os
import sys

# Commands spelled with hyphens on the command line; Django's own names use underscores.
ALIASES = {
    "verify-audit": "verify_audit",
    "rotate-field-keys": "rotate_field_keys",
    "worker": "db_worker",
    "demo-code": "demo_code",
    "circulate-agendas": "circulate_agendas",
    "decision-duties": "decision_duties",
    "recount-decisions": "recount_decisions",
    "agreement-duties": "agreement_duties",
}


def _serve(argv: list[str]) -> int:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", "--noinput", verbosity=0)
    bind = os.environ.get("TASKFORCE_BIND", "127.0.0.1:8000")
    workers = os.environ.get("TASKFORCE_WORKERS", str((os.cpu_count() or 1) * 2 + 1))
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "taskforce.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--access-logfile",
        "-",
        *argv,
    ]
    os.execv(sys.executable, command)  # noqa: S606  (replaces this process with gunicorn)
    return 0  # pragma: no cover


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        if not args:
            return 1
        return 0
    if args[0] == "serve":
        return _serve(args[1:])
    args[0] = ALIASES.get(args[0], args[0])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["taskforce", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
