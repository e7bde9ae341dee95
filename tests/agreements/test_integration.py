"""Agreements elsewhere: an organization's profile, the start page, handovers and the daily
reminders command."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from taskforce.agreements import services
from taskforce.agreements.models import Agreement, ResponseKind
from taskforce.cli import ALIASES
from taskforce.core.models import AuditEvent
from taskforce.directory.models import Person
from taskforce.governance import services as governance_services
from taskforce.governance.handover import handover_providers
from tests.agreements import factories

# --- An organization's profile -------------------------------------------------------------------


def profile(client, organization) -> str:
    response = client.get(reverse("directory:organization-detail", kwargs={"pk": organization.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_profile_lists_the_agreements_the_viewer_may_read(personas, client_for) -> None:
    factories.effective(personas, title="Harbor memorandum")
    factories.circulated(personas, title="Referral protocol", kind="protocol")
    police_for_detective = profile(client_for("detective"), personas.police)
    assert "<h2>Agreements</h2>" in police_for_detective
    assert "Harbor memorandum" in police_for_detective
    assert "Referral protocol" in police_for_detective
    assert "Signed" in police_for_detective
    assert "Reviewing" in police_for_detective or "Invited" in police_for_detective

    # Neither is task-force-wide: the advocate's organization is on neither.
    police_for_advocate = profile(client_for("advocate"), personas.police)
    assert "Harbor memorandum" not in police_for_advocate
    assert "Referral protocol" not in police_for_advocate
    assert "Party to no agreement you can read." in police_for_advocate


def test_others_see_a_task_force_wide_agreement_without_its_negotiation(
    personas, client_for
) -> None:
    made, _ = factories.effective(personas, task_force_wide=True)
    revision = services.start_revision(personas.coordinator, made)
    services.circulate(personas.coordinator, revision, "Tighter consent clause")
    revision.refresh_from_db()
    services.respond(
        personas.detective,
        factories.party(made, personas.police),
        revision.clauses.first(),
        ResponseKind.OBJECT,
        reason="Our policy requires supervisor approval first.",
    )
    for_advocate = profile(client_for("advocate"), personas.police)
    assert "Harbor anti-trafficking memorandum" in for_advocate
    assert "Signed version 1, in effect" in for_advocate
    assert "Objected" not in for_advocate
    for_detective = profile(client_for("detective"), personas.police)
    assert "Objected" in for_detective


def test_a_withdrawn_party_is_listed_as_such(personas, client_for) -> None:
    made, _ = factories.effective(personas)
    services.withdraw_party(
        personas.coordinator,
        factories.party(made, personas.district_attorney),
        timezone.localdate(),
        "The office ended its trafficking unit.",
    )
    page = profile(client_for("prosecutor"), personas.district_attorney)
    assert f"Withdrawn on {timezone.localdate():%Y-%m-%d}" in page


def test_visitors_see_no_agreements_section(personas, client_for) -> None:
    factories.effective(personas, task_force_wide=True)
    page = profile(client_for("visitor"), personas.police)
    assert "<h2>Agreements</h2>" not in page
    assert "Harbor anti-trafficking memorandum" not in page


# --- The start page ------------------------------------------------------------------------------


def dashboard(client) -> str:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_lists_what_awaits_my_answer(personas, client_for) -> None:
    factories.circulated(personas)
    page = dashboard(client_for("detective"))
    assert 'id="agreements-heading"' in page
    assert "Answer version 1 for Harbor City Police Department" in page
    # The leader signs for the police but does not answer the clauses.
    assert "Answer version 1" not in dashboard(client_for("leader"))


def test_the_panel_lists_what_awaits_my_signature_until_signed(personas, client_for) -> None:
    _, version = factories.final(personas)
    assert "Sign version 1 for Harbor City Police Department" in dashboard(client_for("leader"))
    factories.sign(personas, version, "leader")
    assert "Sign version 1" not in dashboard(client_for("leader"))


def test_the_panel_lists_agreements_expiring_or_due_for_review(personas, client_for) -> None:
    factories.effective(personas, expires_on=factories.days(40), review_on=factories.days(20))
    page = dashboard(client_for("coordinator"))
    assert f"expires {factories.days(40):%Y-%m-%d}" in page
    assert f"review due {factories.days(20):%Y-%m-%d}" in page
    # Not party to it, nothing awaiting: no panel.
    assert 'id="agreements-heading"' not in dashboard(client_for("advocate"))


def test_an_agreement_due_much_later_is_not_listed(personas, client_for) -> None:
    factories.effective(personas, expires_on=factories.days(200))
    assert 'id="agreements-heading"' not in dashboard(client_for("coordinator"))


# --- Handovers -----------------------------------------------------------------------------------


def provider():
    (found,) = [p for p in handover_providers() if p.name == "agreement_facilitation"]
    return found


def test_the_handover_lists_facilitation_without_titles_others_may_not_read(personas) -> None:
    private = factories.circulated(personas, title="Confidential deconfliction protocol")
    open_, _ = factories.effective(personas, task_force_wide=True, title="Task force memorandum")
    items = {item.key: item for item in provider().owned_by(factories.person(personas.coordinator))}
    assert set(items) == {
        f"agreement_facilitation:{private.pk}",
        f"agreement_facilitation:{open_.pk}",
    }
    hidden = items[f"agreement_facilitation:{private.pk}"]
    assert "Confidential" not in hidden.label + hidden.detail
    assert (
        hidden.label == f"Memorandum of understanding no. {private.pk} (only its parties read it)"
    )
    assert "3 parties" in hidden.detail
    assert items[f"agreement_facilitation:{open_.pk}"].label == "Task force memorandum"
    assert items[f"agreement_facilitation:{open_.pk}"].url == f"/agreements/{open_.pk}/"


def test_a_handover_gives_the_facilitation_to_the_incoming_person(personas) -> None:
    made = factories.circulated(personas)
    outgoing = factories.person(personas.coordinator)
    incoming = factories.person(personas.prosecutor)
    governance_services.hand_over(
        personas.leader,
        outgoing,
        incoming,
        [f"agreement_facilitation:{made.pk}"],
        "Vera moves to the state coalition.",
    )
    made.refresh_from_db()
    assert made.facilitator == incoming
    event = AuditEvent.objects.get(action="agreements.agreement.facilitator_changed")
    assert event.target_id == str(made.pk)
    assert event.changes["facilitator"] == {"from": str(outgoing), "to": str(incoming)}
    # The new facilitator now runs it; the old one no longer does.
    services.start_revision(personas.prosecutor, made)
    assert provider().owned_by(outgoing) == []


def test_a_handover_to_someone_without_an_account_moves_nothing(personas) -> None:
    made = factories.circulated(personas)
    outsider = Person.objects.create(
        first_name="Sam", last_name="Okafor", organization=personas.police
    )
    with pytest.raises(ValidationError):
        governance_services.hand_over(
            personas.leader,
            factories.person(personas.coordinator),
            outsider,
            [f"agreement_facilitation:{made.pk}"],
        )
    assert Agreement.objects.get(pk=made.pk).facilitator == factories.person(personas.coordinator)
    assert not AuditEvent.objects.filter(action="governance.handover.completed").exists()


def test_only_agreements_the_outgoing_person_still_facilitates_move(personas) -> None:
    made = factories.circulated(personas)
    with pytest.raises(ValidationError):
        services.reassign_facilitation(
            personas.leader,
            [made.pk],
            factories.person(personas.detective),
            factories.person(personas.prosecutor),
        )
    assert Agreement.objects.get(pk=made.pk).facilitator == factories.person(personas.coordinator)


# --- `taskforce agreement-duties` ----------------------------------------------------------------


def run_duties() -> str:
    out = io.StringIO()
    call_command("agreement_duties", stdout=out)
    return out.getvalue()


def test_the_command_has_a_hyphenated_name() -> None:
    assert ALIASES["agreement-duties"] == "agreement_duties"


def test_the_command_reminds_once_of_an_expiry_and_a_review(
    personas, django_capture_on_commit_callbacks
) -> None:
    expires, reviews = factories.days(30), factories.days(10)
    factories.effective(personas, expires_on=expires, review_on=reviews)
    with django_capture_on_commit_callbacks(execute=True):
        out = run_duties()
    assert f"Expiry reminder: Harbor anti-trafficking memorandum, expires {expires:%Y-%m-%d}" in out
    assert (
        f"Review reminder: Harbor anti-trafficking memorandum, review due {reviews:%Y-%m-%d}"
        in (out)
    )
    sent = len(mail.outbox)
    assert sent > 0
    subjects = {message.subject for message in mail.outbox}
    assert "Expires soon: Harbor anti-trafficking memorandum" in subjects
    assert "Due for review: Harbor anti-trafficking memorandum" in subjects
    recipients = {address for message in mail.outbox for address in message.to}
    assert personas.coordinator.email in recipients
    assert personas.detective.email in recipients

    with django_capture_on_commit_callbacks(execute=True):
        again = run_duties()
    assert again.strip() == "Nothing to remind today."
    assert len(mail.outbox) == sent


def test_the_command_says_when_there_is_nothing_to_remind(personas) -> None:
    factories.effective(personas, expires_on=factories.days(200))
    assert run_duties().strip() == "Nothing to remind today."
    assert mail.outbox == []
