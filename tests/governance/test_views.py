from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.directory.models import MembershipStatus, Person
from taskforce.governance import services
from taskforce.governance.models import (
    Charter,
    Goal,
    LeadershipModel,
    LeadershipRoleAssignment,
    Objective,
)
from tests.governance import factories

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)

CHARTER_POST = {
    "name": "Harbor County Anti-Trafficking Task Force",
    "jurisdiction": "Harbor County, California",
    "mission": "Identify and serve every victim.",
    "purpose": "Coordinate the response.",
    "vision": "",
    "leadership_model": "decentralized",
    "formed_on": "2020-01-15",
}


def _text(response) -> str:
    return response.content.decode()


# --- Access --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("leader", 200),
        ("coordinator", 200),
        ("administrator", 200),
        ("detective", 403),
        ("advocate", 403),
        ("visitor", 403),
    ],
)
def test_charter_editing_pages_are_for_coordinators(personas, client_for, persona, status):
    factories.objective(personas)
    goal = Goal.objects.get()
    objective = Objective.objects.get()
    term = factories.assignment(personas)
    client = client_for(persona)
    urls = [
        reverse("governance:charter-edit"),
        reverse("governance:charter-history"),
        reverse("governance:goal-add"),
        reverse("governance:goal-edit", kwargs={"pk": goal.pk}),
        reverse("governance:goal-delete", kwargs={"pk": goal.pk}),
        reverse("governance:objective-add", kwargs={"goal_pk": goal.pk}),
        reverse("governance:objective-edit", kwargs={"pk": objective.pk}),
        reverse("governance:objective-delete", kwargs={"pk": objective.pk}),
        reverse("governance:leadership-assign"),
        reverse("governance:leadership-end-term", kwargs={"pk": term.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("persona", ["detective", "visitor"])
def test_members_and_visitors_cannot_post_changes(personas, client_for, persona):
    goal = factories.goal(personas)
    objective = factories.objective(personas, goal)
    term = factories.assignment(personas)
    client = client_for(persona)
    before = AuditEvent.objects.count()
    posts = [
        (reverse("governance:charter-edit"), {**CHARTER_POST, "name": "Hijacked"}),
        (reverse("governance:goal-add"), {"title": "Sneaky"}),
        (reverse("governance:goal-move", kwargs={"pk": goal.pk}), {"direction": "down"}),
        (reverse("governance:objective-delete", kwargs={"pk": objective.pk}), {}),
        (reverse("governance:objective-move", kwargs={"pk": objective.pk}), {"direction": "up"}),
        (
            reverse("governance:leadership-end-term", kwargs={"pk": term.pk}),
            {"term_end": TODAY().isoformat()},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert AuditEvent.objects.count() == before
    assert Charter.objects.get().name != "Hijacked"
    assert Objective.objects.filter(pk=objective.pk).exists()


@pytest.mark.parametrize("persona", ["leader", "detective", "visitor"])
def test_everyone_signed_in_reads_the_charter_and_leadership(personas, client_for, persona):
    factories.objective(personas)
    client = client_for(persona)
    assert client.get(reverse("governance:charter")).status_code == 200
    assert client.get(reverse("governance:leadership")).status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client_for, personas):
    for url in (reverse("dashboard"), reverse("governance:charter")):
        response = client_for("anonymous").get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# --- Charter page --------------------------------------------------------------------------------


def test_without_a_charter_a_coordinator_is_invited_to_write_it(personas, client_for):
    page = _text(client_for("leader").get(reverse("governance:charter")))
    assert "Write the charter" in page
    assert reverse("governance:charter-edit") in page


def test_without_a_charter_a_member_is_told_it_is_not_written(personas, client_for):
    page = _text(client_for("detective").get(reverse("governance:charter")))
    assert "has not been written yet" in page
    assert reverse("governance:charter-edit") not in page


def test_charter_page_shows_goals_objectives_and_leadership(personas, client_for):
    factories.charter(
        personas,
        leadership_model=LeadershipModel.CENTRALIZED,
        leading_organizations=[personas.police, personas.safe_harbor],
    )
    goal = factories.goal(personas, "Serve every victim")
    factories.objective(
        personas,
        goal,
        description="Open a 24/7 hotline",
        target_date=TODAY() - 3 * DAY,
        status="at-risk",
    )
    factories.assignment(personas, "group_leader", "leader", end=TODAY() + 12 * DAY)
    page = _text(client_for("detective").get(reverse("governance:charter")))
    assert "Identify and serve every victim of trafficking in Harbor County." in page
    assert "Goal 1: Serve every victim" in page
    assert "Open a 24/7 hotline" in page
    assert "Overdue" in page
    assert "At risk" in page
    assert "Decisions come only from the leading organizations" in page
    assert "Harbor City Police Department (HCPD)" in page
    assert "Safe Harbor Alliance (SHA)" in page
    assert "Term ends in 12 days" in page
    assert "conducts meetings" in page
    assert "Vacant" in page
    # A member reads but is offered no editing.
    assert reverse("governance:charter-edit") not in page


# --- Writing the charter -------------------------------------------------------------------------


def test_a_coordinator_writes_and_edits_the_charter(personas, client_for):
    client = client_for("coordinator")
    response = client.post(reverse("governance:charter-edit"), CHARTER_POST)
    assert response.status_code == 302
    charter = Charter.objects.get()
    assert charter.mission == "Identify and serve every victim."
    response = client.post(
        reverse("governance:charter-edit"),
        {
            **CHARTER_POST,
            "leadership_model": "centralized",
            "leading_organizations": [personas.police.pk],
        },
    )
    assert response.status_code == 302
    charter.refresh_from_db()
    assert charter.is_centralized
    assert list(charter.leading_organizations.all()) == [personas.police]
    event = AuditEvent.objects.filter(action="governance.charter.updated").get()
    assert event.changes["leadership_model"] == {"from": "Decentralized", "to": "Centralized"}
    assert event.actor == personas.coordinator


def test_invalid_charter_shows_errors_by_the_fields(personas, client_for):
    response = client_for("leader").post(
        reverse("governance:charter-edit"),
        {**CHARTER_POST, "mission": "", "leadership_model": "centralized"},
    )
    assert response.status_code == 200
    page = _text(response)
    assert 'class="error-summary"' in page
    assert 'href="#field-mission"' in page
    assert 'href="#field-leading_organizations"' in page
    assert "Choose at least one leading organization" in page
    assert not Charter.objects.exists()


def test_only_active_members_are_offered_as_leading_organizations(personas, client_for):
    personas.new_dawn.membership_status = MembershipStatus.PROSPECTIVE
    personas.new_dawn.save()
    page = _text(client_for("leader").get(reverse("governance:charter-edit")))
    assert "Harbor City Police Department" in page
    assert "New Dawn Outreach" not in page


# --- Goals and objectives ------------------------------------------------------------------------


def test_adding_a_goal_before_the_charter_leads_to_writing_it(personas, client_for):
    response = client_for("leader").get(reverse("governance:goal-add"))
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:charter-edit")


def test_a_coordinator_adds_a_goal_and_an_objective(personas, client_for):
    factories.charter(personas)
    client = client_for("leader")
    response = client.post(reverse("governance:goal-add"), {"title": "Prosecute traffickers"})
    assert response.status_code == 302
    goal = Goal.objects.get()
    url = reverse("governance:objective-add", kwargs={"goal_pk": goal.pk})
    response = client.post(url, {"description": "Charge cases", "status": "on-track"})
    assert response.status_code == 200
    page = _text(response)
    assert 'href="#field-measure"' in page
    assert 'href="#field-target_date"' in page
    response = client.post(
        url,
        {
            "description": "Charge cases within 90 days of referral",
            "measure": "Median days from referral to charge",
            "target_date": (TODAY() + 200 * DAY).isoformat(),
            "owner": personas.prosecutor.person.pk,
            "status": "on-track",
        },
    )
    assert response.status_code == 302
    objective = Objective.objects.get()
    assert objective.owner == personas.prosecutor.person
    assert response["Location"].endswith(f"#objective-{objective.pk}")


def test_visitors_are_not_offered_as_owners(personas, client_for):
    goal = factories.goal(personas)
    page = _text(
        client_for("leader").get(reverse("governance:objective-add", kwargs={"goal_pk": goal.pk}))
    )
    assert "Dan Reyes" in page
    assert "Victor Guest" not in page


def test_editing_an_objective_records_the_change(personas, client_for):
    objective = factories.objective(personas)
    response = client_for("leader").post(
        reverse("governance:objective-edit", kwargs={"pk": objective.pk}),
        {
            "goal": objective.goal_id,
            "description": objective.description,
            "measure": objective.measure,
            "target_date": objective.target_date.isoformat(),
            "owner": objective.owner_id,
            "status": "achieved",
        },
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.status == "achieved"
    event = AuditEvent.objects.get(action="governance.objective.updated")
    assert event.changes == {"status": {"from": "On track", "to": "Achieved"}}


def test_an_owner_who_has_left_stays_on_the_objective_when_it_is_edited(personas, client_for):
    objective = factories.objective(personas)
    owner = objective.owner
    Person.objects.filter(pk=owner.pk).update(is_active=False)
    url = reverse("governance:objective-edit", kwargs={"pk": objective.pk})
    page = client_for("leader").get(url).content.decode()
    assert f'<option value="{owner.pk}" selected>' in page
    # Someone else who has left is not offered.
    leaver = personas.prosecutor.person
    Person.objects.filter(pk=leaver.pk).update(is_active=False)
    assert leaver.full_name not in client_for("leader").get(url).content.decode()

    client_for("leader").post(
        url,
        {
            "goal": objective.goal_id,
            "description": objective.description,
            "measure": objective.measure,
            "target_date": objective.target_date.isoformat(),
            "owner": owner.pk,
            "status": "achieved",
        },
    )
    objective.refresh_from_db()
    assert objective.owner_id == owner.pk and objective.status == "achieved"


def test_a_goal_with_objectives_explains_why_it_cannot_be_deleted(personas, client_for):
    objective = factories.objective(personas)
    url = reverse("governance:goal-delete", kwargs={"pk": objective.goal_id})
    client = client_for("leader")
    assert "still has 1 objective" in _text(client.get(url))
    response = client.post(url)
    assert response.status_code == 200
    assert "cannot be deleted" in _text(response)
    assert Goal.objects.filter(pk=objective.goal_id).exists()


def test_a_coordinator_deletes_an_objective_then_its_goal(personas, client_for):
    objective = factories.objective(personas)
    goal_pk = objective.goal_id
    client = client_for("coordinator")
    url = reverse("governance:objective-delete", kwargs={"pk": objective.pk})
    assert client.post(url).status_code == 302
    assert client.post(reverse("governance:goal-delete", kwargs={"pk": goal_pk})).status_code == 302
    assert not Goal.objects.exists()


def test_reordering_goals_from_the_page(personas, client_for):
    factories.goal(personas, "First")
    second = factories.goal(personas, "Second")
    client = client_for("leader")
    url = reverse("governance:goal-move", kwargs={"pk": second.pk})
    assert client.post(url, {"direction": "sideways"}).status_code == 400
    assert client.post(url, {"direction": "up"}).status_code == 302
    assert list(Goal.objects.values_list("title", flat=True)) == ["Second", "First"]
    assert client.get(url).status_code == 405


def test_unknown_records_answer_404(personas, client_for):
    client = client_for("leader")
    assert client.get(reverse("governance:goal-edit", kwargs={"pk": 999})).status_code == 404
    assert client.get(reverse("governance:objective-edit", kwargs={"pk": 999})).status_code == 404
    url = reverse("governance:leadership-end-term", kwargs={"pk": 999})
    assert client.get(url).status_code == 404


# --- Leadership ----------------------------------------------------------------------------------


def test_assigning_a_role_from_the_page_hands_it_over(personas, client_for):
    previous = factories.assignment(personas, start=TODAY() - 300 * DAY)
    client = client_for("leader")
    form = _text(client.get(reverse("governance:leadership-assign") + "?role=group_leader"))
    assert '<option value="group_leader" selected>' in form
    response = client.post(
        reverse("governance:leadership-assign"),
        {
            "role": "group_leader",
            "person": personas.detective.person.pk,
            "term_start": TODAY().isoformat(),
            "term_end": (TODAY() + 364 * DAY).isoformat(),
            "notes": "Annual rotation",
        },
    )
    assert response.status_code == 302
    previous.refresh_from_db()
    assert previous.term_end == TODAY() - DAY
    page = _text(client.get(reverse("governance:leadership")))
    assert "Dan Reyes" in page
    assert "Lena Leader" in page  # past holder kept in the history
    assert "Annual rotation" in page


def test_assigning_a_role_reports_the_clash_by_the_field(personas, client_for):
    factories.assignment(personas, start=TODAY())
    response = client_for("leader").post(
        reverse("governance:leadership-assign"),
        {
            "role": "group_leader",
            "person": personas.detective.person.pk,
            "term_start": (TODAY() - DAY).isoformat(),
            "term_end": "",
        },
    )
    assert response.status_code == 200
    page = _text(response)
    assert 'href="#field-term_start"' in page
    assert "Lena Leader holds this role from" in page
    assert LeadershipRoleAssignment.objects.count() == 1


def test_ending_a_term_from_the_page(personas, client_for):
    term = factories.assignment(personas)
    client = client_for("coordinator")
    url = reverse("governance:leadership-end-term", kwargs={"pk": term.pk})
    too_early = (term.term_start - DAY).isoformat()
    response = client.post(url, {"term_end": too_early})
    assert response.status_code == 200
    assert "cannot end before that" in _text(response)
    assert client.post(url, {"term_end": TODAY().isoformat()}).status_code == 302
    term.refresh_from_db()
    assert term.term_end == TODAY()


# --- History -------------------------------------------------------------------------------------


def test_history_page_shows_every_charter_change(personas, client_for):
    objective = factories.objective(personas)
    factories.charter(personas, mission="Serve every victim, sex and labor trafficking alike.")
    factories.assignment(personas)
    services.update_objective(personas.coordinator, objective, {"status": "at-risk"})
    page = _text(client_for("leader").get(reverse("governance:charter-history")))
    for label in (
        "Wrote the charter",
        "Updated the charter",
        "Added a charter goal",
        "Added an objective",
        "Updated an objective",
        "Assigned a leadership role",
    ):
        assert label in page, label
    assert "Serve every victim, sex and labor trafficking alike." in page
    assert "On track → At risk" in page
    assert "Vera Santos (vscoord)" in page


# --- Dashboard -----------------------------------------------------------------------------------


def _dashboard_data(personas) -> None:
    goal = factories.goal(personas)
    factories.objective(personas, goal, description="Train every patrol officer")
    factories.objective(
        personas,
        goal,
        description="Publish a resource card in five languages",
        target_date=TODAY() - 10 * DAY,
        status="at-risk",
    )
    factories.assignment(personas, "group_leader", "leader", end=TODAY() + 40 * DAY)


def test_dashboard_for_a_member(personas, client_for):
    _dashboard_data(personas)
    response = client_for("detective").get(reverse("dashboard"))
    assert response.status_code == 200
    page = _text(response)
    assert "<h1>Dashboard</h1>" in page
    assert "Harbor County Anti-Trafficking Task Force" in page
    assert "1 overdue" in page
    assert "Publish a resource card in five languages" in page
    assert "Term ends in 40 days" in page
    assert "Terms ending within 60 days" in page
    assert "Members by sector" in page
    assert "Local law enforcement" in page
    assert "Sector gaps" in page
    assert "Recently joined" in page
    assert "New Dawn Outreach" in page


def test_dashboard_for_a_visitor_shows_only_charter_and_leadership(personas, client_for):
    _dashboard_data(personas)
    page = _text(client_for("visitor").get(reverse("dashboard")))
    assert "<h1>Dashboard</h1>" in page
    assert "Harbor County Anti-Trafficking Task Force" in page
    assert "Group Leader" in page
    assert "Lena Leader" in page
    for members_only in (
        "Members by sector",
        "Sector gaps",
        "Recently joined",
        "Overdue objectives",
        "Publish a resource card in five languages",
        "New Dawn Outreach",
    ):
        assert members_only not in page, members_only


def test_dashboard_before_the_charter_exists(personas, client_for):
    assert "Write the charter" in _text(client_for("leader").get(reverse("dashboard")))
    page = _text(client_for("detective").get(reverse("dashboard")))
    assert "The charter has not been written yet." in page
    assert "Write the charter" not in page
