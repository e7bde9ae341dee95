from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from taskforce.demo.build import build_demo


@pytest.fixture(scope="module")
def built_demo(django_db_setup: None, django_db_blocker) -> Iterator[None]:
    """The demo, built once for a module whose tests only read it, and rolled back after it.

    Building takes several seconds; each test still runs in its own savepoint inside this
    transaction, so what one test changes the next does not see.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        yield
        transaction.set_rollback(True)
