"""Correcting names and e-mail addresses: administrators for any account, anyone their own name."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from taskforce.accounts import services
from taskforce.accounts.models import User
from taskforce.core.models import AuditEvent
from tests.accounts.flows import events

PROFILE_URL = reverse("accounts:profile")
NAME_URL = reverse("accounts:profile-name")
CORRECTED = {"first_name": "Daniel", "last_name": "Reyes-Ortiz", "email": "d.reyes@example.org"}


def _edit_url(user: User) -> str:
    return reverse("accounts:user-edit", kwargs={"pk": user.pk})


def _details(user: User) -> tuple[str, str, str]:
    user.refresh_from_db()
    return (user.first_name, user.last_name, user.email)


# --- Administrators: name and e-mail of any account ------------------------------------------


def test_administrator_corrects_name_and_email(client_for, personas) -> None:
    admin = client_for("administrator")
    detective = personas.detective
    detail = admin.get(reverse("accounts:user-detail", kwargs={"pk": detective.pk}))
    assert _edit_url(detective) in detail.content.decode()

    page = admin.get(_edit_url(detective)).content.decode()
    assert 'value="detective@example.org"' in page and 'value="Dan"' in page

    response = admin.post(_edit_url(detective), CORRECTED, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "accounts:user-detail", kwargs={"pk": detective.pk}
    )
    html = response.content.decode()
    assert "The details of Daniel Reyes-Ortiz were saved." in html
    assert "Updated an account" in html
    assert _details(detective) == ("Daniel", "Reyes-Ortiz", "d.reyes@example.org")
    assert detective.username == "detective"

    event = events("accounts.user.updated", target_id=str(detective.pk))[-1]
    assert event.actor == personas.administrator
    assert event.changes == {
        "email": {"from": "detective@example.org", "to": "d.reyes@example.org"},
        "first_name": {"from": "Dan", "to": "Daniel"},
        "last_name": {"from": "Reyes", "to": "Reyes-Ortiz"},
    }


def test_edit_refuses_an_address_another_account_uses_whatever_its_case(
    client_for, personas
) -> None:
    response = client_for("administrator").post(
        _edit_url(personas.detective), {**CORRECTED, "email": "PROSECUTOR@Example.org"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert "An account with this e-mail address already exists." in html
    assert _details(personas.detective) == ("Dan", "Reyes", "detective@example.org")
    assert not events("accounts.user.updated")


def test_edit_keeps_the_accounts_own_address_in_another_case(client_for, personas) -> None:
    response = client_for("administrator").post(
        _edit_url(personas.detective),
        {"first_name": "Dan", "last_name": "Reyes", "email": "Detective@Example.org"},
    )
    assert response.status_code == 302
    assert _details(personas.detective)[2] == "Detective@Example.org"


@pytest.mark.parametrize(
    ("posted", "field"),
    [
        ({**CORRECTED, "email": ""}, "id_email"),
        ({**CORRECTED, "email": "not an address"}, "id_email"),
        ({**CORRECTED, "first_name": ""}, "id_first_name"),
        ({**CORRECTED, "last_name": "x" * 151}, "id_last_name"),
    ],
)
def test_edit_shows_field_errors_and_saves_nothing(client_for, personas, posted, field) -> None:
    response = client_for("administrator").post(_edit_url(personas.detective), posted)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#{field}"' in html
    assert 'aria-invalid="true"' in html
    assert _details(personas.detective) == ("Dan", "Reyes", "detective@example.org")
    assert not events("accounts.user.updated")


def test_edit_without_changes_records_nothing(client_for, personas) -> None:
    response = client_for("administrator").post(
        _edit_url(personas.detective),
        {"first_name": "Dan", "last_name": "Reyes", "email": "detective@example.org"},
        follow=True,
    )
    assert "Nothing changed." in response.content.decode()
    assert not events("accounts.user.updated")


def test_new_address_voids_password_reset_links_already_sent(client_for, personas) -> None:
    token = default_token_generator.make_token(personas.detective)
    client_for("administrator").post(_edit_url(personas.detective), CORRECTED)
    personas.detective.refresh_from_db()
    assert not default_token_generator.check_token(personas.detective, token)


@pytest.mark.parametrize("name", ["leader", "coordinator", "detective", "visitor"])
def test_edit_is_refused_to_everyone_but_administrators(client_for, personas, name) -> None:
    client = client_for(name)
    target = personas.prosecutor
    before = AuditEvent.objects.count()
    assert client.get(_edit_url(target)).status_code == 403
    assert client.post(_edit_url(target), CORRECTED).status_code == 403
    # Not even for their own account: their e-mail is changed by an administrator.
    own = personas.user(name)
    assert own is not None
    assert client.post(_edit_url(own), CORRECTED).status_code == 403
    assert _details(target) == ("Priya", "Nair", "prosecutor@example.org")
    assert _details(own)[2] == f"{own.username}@example.org"
    assert AuditEvent.objects.count() == before


def test_edit_sends_anonymous_visitors_to_sign_in(client_for, personas) -> None:
    response = client_for("anonymous").post(_edit_url(personas.detective), CORRECTED)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert _details(personas.detective) == ("Dan", "Reyes", "detective@example.org")


def test_unknown_account_is_not_found(client_for, personas) -> None:
    url = reverse("accounts:user-edit", kwargs={"pk": 999999})
    assert client_for("administrator").get(url).status_code == 404


def test_only_administrators_may_use_the_service(personas) -> None:
    with pytest.raises(PermissionDenied):
        services.update_account_details(personas.leader, personas.detective, **CORRECTED)
    with pytest.raises(services.AccountError) as refused:
        services.update_account_details(
            personas.administrator,
            personas.detective,
            **{**CORRECTED, "email": "ADVOCATE@example.org"},
        )
    assert refused.value.field == "email"
    assert _details(personas.detective) == ("Dan", "Reyes", "detective@example.org")


# --- Everyone: their own name ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["visitor", "detective", "administrator"])
def test_signed_in_person_changes_their_own_name(client_for, personas, name) -> None:
    client = client_for(name)
    user = personas.user(name)
    assert user is not None
    profile = client.get(PROFILE_URL).content.decode()
    assert f'value="{user.first_name}"' in profile and "Save name" in profile

    response = client.post(NAME_URL, {"first_name": "Sam", "last_name": "Okoro"}, follow=True)
    assert response.redirect_chain[-1][0] == PROFILE_URL
    assert "Your name was saved." in response.content.decode()
    old_first, old_last = user.first_name, user.last_name
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Sam", "Okoro")

    event = events("accounts.user.updated", target_id=str(user.pk))[-1]
    assert event.actor == user
    assert event.changes == {
        "first_name": {"from": old_first, "to": "Sam"},
        "last_name": {"from": old_last, "to": "Okoro"},
    }


def test_own_name_form_leaves_email_username_and_role_alone(client_for, personas) -> None:
    client_for("visitor").post(
        NAME_URL,
        {
            "first_name": "Victor",
            "last_name": "Guest",
            "email": "someone.else@example.org",
            "username": "admin2",
            "role": "administrator",
        },
    )
    visitor = User.objects.get(pk=personas.visitor.pk)
    assert (visitor.email, visitor.username, visitor.role) == (
        "visitor@example.org",
        "visitor",
        "visitor",
    )
    assert not events("accounts.user.updated")


def test_own_name_errors_are_shown_on_the_profile(client_for, personas) -> None:
    response = client_for("detective").post(NAME_URL, {"first_name": "", "last_name": "Reyes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your profile" in html and "error-summary" in html
    assert 'href="#id_first_name"' in html
    assert _details(personas.detective)[:2] == ("Dan", "Reyes")
    assert not events("accounts.user.updated")


def test_own_name_needs_a_signed_in_person(client_for, personas) -> None:
    response = client_for("anonymous").post(NAME_URL, {"first_name": "X", "last_name": "Y"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not events("accounts.user.updated")
    assert client_for("detective").get(NAME_URL).status_code == 405
