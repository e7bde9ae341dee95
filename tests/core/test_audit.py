from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from taskforce.core import audit
from taskforce.core.audit import verify_chain
from taskforce.core.models import AuditEvent


def _write(count: int, actor=None) -> list[AuditEvent]:
    events = []
    for number in range(count):
        with transaction.atomic():
            events.append(audit.record(actor, "test.thing.done", changes={"n": number}))
    return events


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_events_chain_each_to_the_one_before() -> None:
    first, second, third = _write(3)
    assert first.previous_hash == audit.GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert [e.sequence for e in (first, second, third)] == [1, 2, 3]
    assert verify_chain() is None


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError):
        audit.record(None, "test.thing.done")
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_the_orm_refuses_to_change_or_delete_events() -> None:
    (event,) = _write(1)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")


@pytest.mark.django_db
def test_verify_audit_names_an_altered_row() -> None:
    _write(4)
    call_command("verify_audit")
    _tamper(f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE sequence = 3", ["forged"])
    with pytest.raises(CommandError, match="#3"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_names_a_removed_row() -> None:
    _write(4)
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence = 2", [])
    with pytest.raises(CommandError, match="#2"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_notices_the_newest_row_removed() -> None:
    _write(3)
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence = 3", [])
    with pytest.raises(CommandError, match="#3"):
        call_command("verify_audit")


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["", "login", "Accounts.Login", "accounts..login", "a.b\x00"])
def test_record_refuses_what_is_not_an_action_code(action: str) -> None:
    with transaction.atomic(), pytest.raises(ValueError, match="not an action code"):
        audit.record(None, action)
    assert not AuditEvent.objects.exists()


def test_diff_lists_only_changed_fields() -> None:
    before = {"name": "A", "size": 1, "tags": ["x"]}
    after = {"name": "B", "size": 1, "tags": ["x"], "new": True}
    assert audit.diff(before, after) == {
        "name": {"from": "A", "to": "B"},
        "new": {"from": None, "to": True},
    }


class ChainPropertyTests(HypothesisTestCase):
    @settings(max_examples=25, deadline=None)
    @given(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,8}){1,3}", fullmatch=True),
            min_size=1,
            max_size=8,
        ),
        st.data(),
    )
    def test_any_single_alteration_is_detected(self, actions: list[str], data) -> None:
        AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)  # reset between examples
        from taskforce.core.models import AuditChainHead

        AuditChainHead.objects.all().delete()
        for action in actions:
            with transaction.atomic():
                audit.record(None, action)
        assert verify_chain() is None
        victim = data.draw(st.integers(min_value=1, max_value=len(actions)))
        _tamper(
            f"UPDATE {AuditEvent._meta.db_table} SET target_label = %s WHERE sequence = %s",
            ["tampered", victim],
        )
        problem = verify_chain()
        assert problem is not None
        assert problem.sequence == victim
