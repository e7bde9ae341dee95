from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from taskforce.accounts import services
from taskforce.accounts.models import Invitation, Role, User
from taskforce.directory.models import Person
from tests.accounts.flows import events, signed_in_user_id

INVITE_URL = reverse("accounts:invite")
NEW_PASSWORD = "river stone lantern 93"


@pytest.fixture
def invite(client_for, django_capture_on_commit_callbacks):
    """Invite someone through the page, as the administrator; returns the link's path."""

    def make(email: str = "new.member@example.org", role: str = Role.MEMBER) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for("administrator").post(
                INVITE_URL,
                {"email": email, "first_name": "Nia", "last_name": "Okafor", "role": role},
            )
        assert response.status_code == 302, response.content.decode()
        match = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[-1].body)
        assert match, mail.outbox[-1].body
        return urlparse(match.group(0)).path

    return make


def _accept(client: Client, link: str, username: str = "nia", password: str = NEW_PASSWORD):
    return client.post(link, {"username": username, "password1": password, "password2": password})


def test_invitation_happy_path(invite, personas) -> None:
    link = invite(role=Role.COORDINATOR)
    assert mail.outbox[-1].to == ["new.member@example.org"]
    invitation = Invitation.objects.get(email="new.member@example.org")
    raw_token = link.rstrip("/").rsplit("/", 1)[1]
    assert raw_token not in invitation.token_hash
    assert events("accounts.user.invited")[-1].actor == personas.administrator

    client = Client()
    page = client.get(link)
    assert page.status_code == 200
    assert "new.member@example.org" in page.content.decode()

    response = _accept(client, link)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
    user = User.objects.get(username="nia")
    assert (user.email, user.first_name, user.role) == (
        "new.member@example.org",
        "Nia",
        Role.COORDINATOR,
    )
    assert signed_in_user_id(client) == user.pk
    invitation.refresh_from_db()
    assert invitation.accepted_user == user and invitation.accepted_at is not None
    assert events("accounts.invitation.accepted", target_id=str(invitation.pk))
    assert events("accounts.user.created", target_id=str(user.pk))
    # 2FA is optional for a coordinator here, so enrolment offers a skip.
    assert "Skip for now" in client.get(response["Location"]).content.decode()


def test_accepted_invitation_links_the_directory_entry_with_that_email(invite, personas) -> None:
    person = Person.objects.create(
        first_name="Nia", last_name="Okafor", email="New.Member@example.org"
    )
    _accept(Client(), invite())
    person.refresh_from_db()
    assert person.user == User.objects.get(username="nia")
    linked = events("directory.person.account_linked", target_id=str(person.pk))
    assert linked and linked[-1].actor == person.user


def test_invitation_cannot_be_used_twice(invite, personas) -> None:
    link = invite()
    _accept(Client(), link)
    again = Client().get(link)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert _accept(Client(), link, username="someone-else").status_code == 410
    assert not User.objects.filter(username="someone-else").exists()


def test_expired_invitation_shows_a_clear_message(invite, personas) -> None:
    link = invite()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().get(link)
    assert response.status_code == 410
    assert "This invitation has expired." in response.content.decode()
    assert _accept(Client(), link).status_code == 410
    assert not User.objects.filter(username="nia").exists()


def test_withdrawn_invitation_cannot_be_used(invite, client_for, personas) -> None:
    link = invite()
    invitation = Invitation.objects.get()
    response = client_for("administrator").post(
        reverse("accounts:invitation-revoke", kwargs={"pk": invitation.pk})
    )
    assert response.status_code == 302
    assert "withdrawn" in Client().get(link).content.decode()
    assert events("accounts.invitation.revoked", target_id=str(invitation.pk))


def test_unknown_invitation_link_is_not_found(db) -> None:
    response = Client().get(reverse("accounts:invitation-accept", kwargs={"token": "made-up"}))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_sending_again_replaces_the_link(
    invite, client_for, personas, django_capture_on_commit_callbacks
) -> None:
    old_link = invite()
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("administrator").post(
            reverse("accounts:invitation-resend", kwargs={"pk": invitation.pk})
        )
    assert len(mail.outbox) == 2
    new_link = urlparse(
        re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    ).path
    assert new_link != old_link
    assert Client().get(old_link).status_code == 404
    assert Client().get(new_link).status_code == 200


def test_accepting_validates_username_and_password(invite, personas) -> None:
    link = invite()
    client = Client()
    taken = _accept(client, link, username="Detective")
    assert "That username is taken" in taken.content.decode()
    weak = _accept(client, link, password="password")
    assert "error-summary" in weak.content.decode()
    assert "This password is too common" in weak.content.decode()
    like_name = _accept(client, link, password="new.member@example.org")
    assert "too similar" in like_name.content.decode()
    mismatch = client.post(
        link, {"username": "nia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}
    )
    assert "do not match" in mismatch.content.decode()
    assert not User.objects.filter(username="nia").exists()


def test_invite_refuses_an_address_already_in_use(client_for, personas) -> None:
    response = client_for("administrator").post(
        INVITE_URL,
        {"email": "Detective@example.org", "first_name": "D", "last_name": "R", "role": "member"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invite_refuses_a_second_pending_invitation(invite, client_for) -> None:
    invite()
    response = client_for("administrator").post(
        INVITE_URL,
        {"email": "new.member@example.org", "first_name": "N", "last_name": "O", "role": "member"},
    )
    assert "already has a pending invitation" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_signed_in_person_is_asked_to_sign_out_first(invite, client_for) -> None:
    link = invite()
    response = client_for("detective").get(link)
    assert response.status_code == 200
    assert "sign out first" in response.content.decode()


def test_only_administrators_invite(personas) -> None:
    with pytest.raises(services.PermissionDenied):
        services.invite(
            personas.leader, email="x@example.org", first_name="X", last_name="Y", role="member"
        )


def test_pending_invitations_are_listed(invite, client_for) -> None:
    invite()
    html = client_for("administrator").get(reverse("accounts:user-list")).content.decode()
    assert "new.member@example.org" in html


@pytest.mark.parametrize("name", ["accounts:invitation-revoke", "accounts:invitation-resend"])
def test_invitation_actions_are_refused_to_a_member(invite, client_for, name) -> None:
    invite()
    invitation = Invitation.objects.get()
    response = client_for("detective").post(reverse(name, kwargs={"pk": invitation.pk}))
    assert response.status_code == 403
    refreshed = Invitation.objects.get()
    assert refreshed.revoked_at is None and refreshed.token_hash == invitation.token_hash
