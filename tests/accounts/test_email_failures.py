"""E-mail the mail server refuses: administrators see it, people asking for a reset do not."""

from __future__ import annotations

import logging
import re
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from taskforce.accounts import services
from taskforce.accounts.models import Invitation, Role
from taskforce.core import audit
from taskforce.core.models import AuditEvent
from tests.accounts.flows import events
from tests.directory.factories import ensure_vocabularies

INVITE_URL = reverse("accounts:invite")
RESET_URL = reverse("accounts:password-reset")
REFUSING = f"{__name__}.RefusingBackend"
QUOTING = f"{__name__}.AddressQuotingBackend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"
INVITEE = {"email": "new.member@example.org", "first_name": "Nia", "last_name": "Okafor"}
SERVICES_LOGGER = "taskforce.accounts.services"


class RefusingBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class AddressQuotingBackend(BaseEmailBackend):
    """A mail server that rejects the recipient and quotes the address back, as many do."""

    def send_messages(self, email_messages):
        address = email_messages[0].to[0]
        raise smtplib.SMTPDataError(550, f"5.1.1 <{address}>: Recipient address rejected".encode())


@pytest.fixture
def committed(transactional_db) -> None:
    """Real commits, as a view has them, so the e-mail goes out before the view answers.

    List it before `personas`: the flushed database needs its vocabularies back first.
    """
    ensure_vocabularies()


def _failure_message(what: str) -> str:
    return (
        f"{what}, but the e-mail to new.member@example.org could not be sent: "
        "[Errno 111] Connection refused. Check the mail settings and use Send again."
    )


# --- Invitations -----------------------------------------------------------------------------


def test_invite_shows_a_refused_email_and_keeps_the_invitation_pending(
    committed, personas, client_for, settings
) -> None:
    settings.EMAIL_BACKEND = REFUSING
    admin = client_for("administrator")
    response = admin.post(INVITE_URL, {**INVITEE, "role": Role.MEMBER}, follow=True)

    html = response.content.decode()
    assert _failure_message("The invitation was saved") in html
    assert "An invitation was sent" not in html
    assert 'class="message message-error"' in html
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is None and invitation.revoked_at is None
    assert "Send again" in html and "new.member@example.org" in html

    failed = events("accounts.invitation.email_failed", target_id=str(invitation.pk))
    assert len(failed) == 1
    assert failed[0].actor == personas.administrator
    assert failed[0].changes == {
        "email": "new.member@example.org",
        "reason": "[Errno 111] Connection refused",
    }
    assert audit.action_label(failed[0].action) == "Invitation e-mail could not be sent"
    assert events("accounts.user.invited", target_id=str(invitation.pk))


def test_send_again_reports_failure_then_success(committed, personas, client_for, settings) -> None:
    settings.EMAIL_BACKEND = REFUSING
    admin = client_for("administrator")
    admin.post(INVITE_URL, {**INVITEE, "role": Role.MEMBER})
    invitation = Invitation.objects.get()
    resend_url = reverse("accounts:invitation-resend", kwargs={"pk": invitation.pk})

    again = admin.post(resend_url, follow=True).content.decode()
    assert (
        _failure_message("A new invitation link was made and the old one no longer works") in again
    )
    assert len(events("accounts.invitation.email_failed", target_id=str(invitation.pk))) == 2

    settings.EMAIL_BACKEND = WORKING
    fixed = admin.post(resend_url, follow=True).content.decode()
    assert "A new invitation link was sent to new.member@example.org" in fixed
    assert "could not be sent" not in fixed
    assert [message.to for message in mail.outbox] == [["new.member@example.org"]]
    assert len(events("accounts.invitation.email_failed")) == 2


def test_successful_invite_still_says_it_was_sent(committed, personas, client_for) -> None:
    response = client_for("administrator").post(
        INVITE_URL, {**INVITEE, "role": Role.MEMBER}, follow=True
    )
    assert "An invitation was sent to new.member@example.org" in response.content.decode()
    assert len(mail.outbox) == 1
    assert not events("accounts.invitation.email_failed")


def test_nothing_is_sent_for_a_rolled_back_invitation(committed, personas, settings) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        result = services.invite(personas.administrator, **INVITEE, role=Role.MEMBER)
        raise RuntimeError("a later step of the same transaction failed")
    assert mail.outbox == []
    assert not Invitation.objects.exists()
    assert not result.email.sent and result.email.error is None

    # Nor is a failure reported for it, even with a mail server that would refuse.
    settings.EMAIL_BACKEND = REFUSING
    with pytest.raises(RuntimeError), transaction.atomic():
        result = services.invite(personas.administrator, **INVITEE, role=Role.MEMBER)
        raise RuntimeError("a later step of the same transaction failed")
    assert result.email.error is None
    assert not AuditEvent.objects.filter(action__startswith="accounts.invitation").exists()


def test_service_reports_the_outcome_once_committed(
    personas, settings, django_capture_on_commit_callbacks, caplog
) -> None:
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        result = services.invite(personas.administrator, **INVITEE, role=Role.MEMBER)
        # Inside the transaction nothing has been tried yet.
        assert not result.email.sent and result.email.error is None
    assert result.email.error == "[Errno 111] Connection refused"
    assert not result.email.sent
    logged = [r for r in caplog.records if r.name == SERVICES_LOGGER]
    assert logged and logged[0].levelno == logging.ERROR
    assert str(result.invitation.pk) in logged[0].getMessage()

    settings.EMAIL_BACKEND = WORKING
    with django_capture_on_commit_callbacks(execute=True):
        result = services.resend_invitation(personas.administrator, result.invitation)
    assert result.email.sent and result.email.error is None
    assert len(mail.outbox) == 1


def test_member_cannot_invite_or_resend_whatever_the_mail_server_does(
    personas, client_for, settings
) -> None:
    settings.EMAIL_BACKEND = REFUSING
    member = client_for("detective")
    assert member.post(INVITE_URL, {**INVITEE, "role": Role.MEMBER}).status_code == 403
    assert not Invitation.objects.exists()
    invitation = Invitation.objects.create(
        email="sample@example.org",
        token_hash="0" * 64,
        invited_by=personas.administrator,
        expires_at=timezone.now() + timedelta(days=7),
    )
    resend_url = reverse("accounts:invitation-resend", kwargs={"pk": invitation.pk})
    assert member.post(resend_url).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="accounts.invitation").exists()


# --- Password reset --------------------------------------------------------------------------


def _page_text(response) -> str:
    """The page without its CSRF token, which is masked afresh for every response."""
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", response.content.decode())


def test_refused_reset_email_looks_the_same_but_is_logged_and_recorded(
    client, client_for, personas, settings, caplog
) -> None:
    settings.EMAIL_BACKEND = QUOTING
    known = client.post(RESET_URL, {"email": "Visitor@example.org"}, follow=True)
    unknown = client.post(RESET_URL, {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert _page_text(known) == _page_text(unknown)
    assert "could not be sent" not in known.content.decode()

    logged = [r for r in caplog.records if r.name == SERVICES_LOGGER]
    assert len(logged) == 1
    assert logged[0].levelno == logging.ERROR
    text = logged[0].getMessage()
    assert f"account {personas.visitor.pk}" in text
    assert "visitor@example.org" not in text.lower()
    assert logged[0].exc_info is None

    (event,) = events("accounts.password.reset_email_failed")
    assert event.target_id == str(personas.visitor.pk)
    assert event.actor is None
    assert event.changes == {
        "reason": "the mail server answered 550 5.1.1 <the address>: Recipient address rejected"
    }
    assert audit.action_label(event.action) == "Password-reset e-mail could not be sent"
    assert events("accounts.password.reset_requested", target_id=str(personas.visitor.pk))
    history = client_for("administrator").get(
        reverse("accounts:user-detail", kwargs={"pk": personas.visitor.pk})
    )
    assert "Password-reset e-mail could not be sent" in history.content.decode()


def test_reset_for_an_unknown_address_records_no_failure(client, db, settings, caplog) -> None:
    settings.EMAIL_BACKEND = REFUSING
    response = client.post(RESET_URL, {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert not events("accounts.password.reset_email_failed")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_delivered_reset_email_records_no_failure(client, personas) -> None:
    client.post(RESET_URL, {"email": "visitor@example.org"})
    assert len(mail.outbox) == 1
    assert not events("accounts.password.reset_email_failed")
