from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from taskforce.accounts import services
from taskforce.accounts.models import Role, SignInThrottle, User
from taskforce.core.models import AuditEvent
from tests.accounts.flows import events, signed_in_user_id, submit_password

ADMIN_GET_PAGES = [
    ("accounts:user-list", False),
    ("accounts:user-detail", True),
    ("accounts:user-edit", True),
    ("accounts:invite", False),
    ("accounts:site-security", False),
]
ADMIN_POST_ACTIONS = [
    "accounts:user-edit",
    "accounts:user-role",
    "accounts:user-deactivate",
    "accounts:user-reactivate",
    "accounts:user-unlock",
    "accounts:user-reset-two-factor",
]


@pytest.mark.parametrize(("name", "with_pk"), ADMIN_GET_PAGES)
def test_admin_pages_open_for_the_administrator_only(client_for, personas, name, with_pk) -> None:
    url = reverse(name, kwargs={"pk": personas.detective.pk} if with_pk else None)
    assert client_for("administrator").get(url).status_code == 200
    assert client_for("detective").get(url).status_code == 403
    assert client_for("leader").get(url).status_code == 403


@pytest.mark.parametrize("name", ADMIN_POST_ACTIONS)
def test_admin_actions_are_refused_to_a_member(client_for, personas, name) -> None:
    url = reverse(name, kwargs={"pk": personas.prosecutor.pk})
    before = AuditEvent.objects.count()
    response = client_for("detective").post(url, {"role": Role.ADMINISTRATOR})
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before
    personas.prosecutor.refresh_from_db()
    assert personas.prosecutor.role == Role.MEMBER and personas.prosecutor.is_active


def test_user_list_shows_status_columns(client_for, personas) -> None:
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        submit_password(Client(), "advocate", "wrong guess")
    html = client_for("administrator").get(reverse("accounts:user-list")).content.decode()
    assert "Ana Lopez" in html and "Victor Guest" in html
    assert html.count("badge-danger") >= 1  # advocate is locked
    assert "Locked" in html


def test_deactivated_account_stops_working_and_keeps_its_history(client_for, personas) -> None:
    detective_client = client_for("detective")
    assert detective_client.get(reverse("dashboard")).status_code == 200
    history_before = AuditEvent.objects.filter(target_id=str(personas.detective.pk)).count()

    admin = client_for("administrator")
    response = admin.post(reverse("accounts:user-deactivate", kwargs={"pk": personas.detective.pk}))
    assert response.status_code == 302
    detective = User.objects.get(pk=personas.detective.pk)
    assert not detective.is_active and detective.deactivated_at is not None

    # The open session no longer counts, and a new sign-in is refused.
    assert detective_client.get(reverse("dashboard")).status_code == 302
    fresh = Client()
    assert services.WRONG_CREDENTIALS in submit_password(fresh, "detective").content.decode()
    assert signed_in_user_id(fresh) is None

    # Kept, with its history, and shown on the detail page.
    event = events("accounts.user.deactivated", target_id=str(detective.pk))[-1]
    assert event.actor == personas.administrator
    assert AuditEvent.objects.filter(target_id=str(detective.pk)).count() > history_before
    detail = admin.get(reverse("accounts:user-detail", kwargs={"pk": detective.pk}))
    assert "Deactivated" in detail.content.decode()
    assert "Deactivated an account" in detail.content.decode()

    admin.post(reverse("accounts:user-reactivate", kwargs={"pk": detective.pk}))
    detective.refresh_from_db()
    assert detective.is_active and detective.deactivated_at is None
    assert events("accounts.user.reactivated", target_id=str(detective.pk))


def test_administrator_cannot_deactivate_themselves(client_for, personas) -> None:
    admin = client_for("administrator")
    response = admin.post(
        reverse("accounts:user-deactivate", kwargs={"pk": personas.administrator.pk}),
        follow=True,
    )
    assert "You cannot deactivate your own account." in response.content.decode()
    personas.administrator.refresh_from_db()
    assert personas.administrator.is_active
    with pytest.raises(services.AccountError):
        services.deactivate_user(personas.administrator, personas.administrator)


def test_unlock_lifts_the_lock(client_for, personas) -> None:
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        submit_password(Client(), "visitor", "wrong guess")
    response = client_for("administrator").post(
        reverse("accounts:user-unlock", kwargs={"pk": personas.visitor.pk})
    )
    assert response.status_code == 302
    assert not SignInThrottle.objects.filter(username="visitor").exists()
    assert events("accounts.user.unlocked")[-1].changes == {"stages": ["password"]}
    fresh = Client()
    submit_password(fresh, "visitor")
    assert signed_in_user_id(fresh) == personas.visitor.pk


def test_role_change_is_recorded(client_for, personas) -> None:
    response = client_for("administrator").post(
        reverse("accounts:user-role", kwargs={"pk": personas.advocate.pk}),
        {"role": Role.COORDINATOR},
    )
    assert response.status_code == 302
    personas.advocate.refresh_from_db()
    assert personas.advocate.role == Role.COORDINATOR
    event = events("accounts.user.updated", target_id=str(personas.advocate.pk))[-1]
    assert event.changes == {"role": {"from": "member", "to": "coordinator"}}


def test_administrator_cannot_change_their_own_role(personas) -> None:
    with pytest.raises(services.AccountError):
        services.change_role(personas.administrator, personas.administrator, Role.MEMBER)


def test_site_security_page_reports_accounts_without_two_factor(client_for, personas) -> None:
    html = client_for("administrator").get(reverse("accounts:site-security")).content.decode()
    assert "1 active account has not set up two-factor sign-in." in html


def test_user_list_searches_and_filters_by_status(client_for, personas) -> None:
    services.deactivate_user(personas.administrator, personas.advocate)
    admin = client_for("administrator")
    url = reverse("accounts:user-list")
    assert "Ana Lopez" not in admin.get(url).content.decode()
    deactivated = admin.get(url, {"status": "deactivated"}).content.decode()
    assert "Ana Lopez" in deactivated and "Dan Reyes" not in deactivated
    found = admin.get(url, {"q": "reyes", "status": "all"}).content.decode()
    assert "Dan Reyes" in found and "Priya Nair" not in found


def test_repeating_an_action_says_nothing_changed(client_for, personas) -> None:
    admin = client_for("administrator")
    url = reverse("accounts:user-deactivate", kwargs={"pk": personas.detective.pk})
    first = admin.post(url, follow=True).content.decode()
    assert "was deactivated" in first
    again = admin.post(url, follow=True).content.decode()
    assert "Nothing changed" in again and "was deactivated and can no longer" not in again
    unlock = admin.post(
        reverse("accounts:user-unlock", kwargs={"pk": personas.visitor.pk}), follow=True
    )
    assert "Nothing changed" in unlock.content.decode()
