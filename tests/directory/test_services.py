from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from taskforce.accounts.models import User
from taskforce.core import audit
from taskforce.core.models import AuditEvent
from taskforce.directory import services
from taskforce.directory.models import (
    Expertise,
    MembershipStatus,
    Organization,
    OrganizationContact,
    Person,
    Service,
)
from tests.directory import factories

ORG_DATA = {
    "name": "Harbor Legal Aid",
    "acronym": "HLA",
    "jurisdiction_level": "non-governmental",
    "sectors": ["legal-services"],
    "languages": ["es", "vi"],
    "populations_served": ["foreign-nationals"],
    "website": "https://legal-aid.example.org",
    "main_phone": "+1 (555) 010-2000",
    "state": "ca",
}


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


# --- Permissions: the persona who may, and one who may not ----------------------------------------


@pytest.mark.parametrize("name", ["administrator", "leader", "coordinator"])
def test_coordinators_add_organizations(personas, name):
    org = services.create_organization(personas.user(name), ORG_DATA)
    assert org.pk and org.state == "CA"
    assert sorted(lang.code for lang in org.languages.all()) == ["es", "vi"]


@pytest.mark.parametrize("name", ["detective", "advocate", "visitor"])
def test_others_cannot_add_organizations(personas, name):
    with pytest.raises(PermissionDenied):
        services.create_organization(personas.user(name), ORG_DATA)
    assert not Organization.objects.filter(name=ORG_DATA["name"]).exists()


def test_staff_update_their_own_organization_but_not_others(personas):
    updated = services.update_organization(
        personas.detective, personas.police, {"main_phone": "555-0111"}
    )
    assert updated.main_phone == "555-0111"
    assert updated.name == "Harbor City Police Department"  # untouched keys keep their values
    for name in ("prosecutor", "visitor"):
        with pytest.raises(PermissionDenied):
            services.update_organization(
                personas.user(name), personas.police, {"main_phone": "555-0999"}
            )
    assert Organization.objects.get(pk=personas.police.pk).main_phone == "555-0111"


def test_staff_cannot_change_their_own_membership(personas):
    with pytest.raises(PermissionDenied):
        services.update_organization(
            personas.detective, personas.police, {"membership_status": "withdrawn"}
        )
    # Repeating the current value is harmless (API clients send whole records).
    services.update_organization(
        personas.detective, personas.police, {"membership_status": "active", "acronym": "HPD"}
    )
    assert Organization.objects.get(pk=personas.police.pk).acronym == "HPD"


def test_update_organization_validates(personas):
    with pytest.raises(ValidationError) as raised:
        services.update_organization(
            personas.coordinator,
            personas.police,
            {"name": "safe harbor alliance", "sectors": ["no-such-sector"], "state": "California"},
        )
    errors = raised.value.message_dict
    assert set(errors) == {"name", "sectors", "state"}
    with pytest.raises(ValidationError) as unknown:
        services.update_organization(personas.coordinator, personas.police, {"colour": "blue"})
    assert "colour" in str(unknown.value)


def test_update_organization_is_audited_with_the_changes(personas):
    services.update_organization(
        personas.detective, personas.police, {"languages": ["es"], "city": "Harbor City"}
    )
    event = audit.history_for(personas.police).get(action="directory.organization.updated")
    assert event.actor == personas.detective
    assert event.changes["city"] == {"from": "", "to": "Harbor City"}
    assert event.changes["languages"] == {"from": [], "to": ["Spanish"]}


def test_create_organization_dates_active_membership(personas):
    org = services.create_organization(
        personas.coordinator, {**ORG_DATA, "membership_status": "active"}
    )
    assert org.joined_on == timezone.localdate()
    assert org.status_changed_on == timezone.localdate()
    assert _events("directory.organization.created")[0].changes["name"]["to"] == ORG_DATA["name"]


def test_membership_dates_cannot_be_in_the_future_or_out_of_order(personas):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        services.create_organization(personas.coordinator, {**ORG_DATA, "joined_on": tomorrow})
    assert "joined_on" in raised.value.message_dict
    with pytest.raises(ValidationError) as order:
        services.create_organization(
            personas.coordinator,
            {**ORG_DATA, "joined_on": date(2024, 5, 1), "status_changed_on": date(2024, 1, 1)},
        )
    assert "status_changed_on" in order.value.message_dict


def test_change_membership_status(personas):
    org = factories.organization("Prospect", membership_status="prospective")
    when = timezone.localdate() - timedelta(days=2)
    updated = services.change_membership_status(personas.leader, org, "active", when)
    assert (updated.membership_status, updated.joined_on, updated.status_changed_on) == (
        MembershipStatus.ACTIVE,
        when,
        when,
    )
    event = audit.history_for(org).get(action="directory.organization.status_changed")
    assert event.changes["membership_status"] == {"from": "prospective", "to": "active"}
    with pytest.raises(ValidationError):
        services.change_membership_status(personas.leader, updated, "active", when)
    with pytest.raises(ValidationError):
        services.change_membership_status(personas.leader, updated, "royalty", when)
    with pytest.raises(ValidationError) as future:
        services.change_membership_status(
            personas.leader, updated, "inactive", timezone.localdate() + timedelta(days=1)
        )
    assert "effective_on" in future.value.message_dict
    with pytest.raises(ValidationError) as early:
        services.change_membership_status(
            personas.leader, updated, "inactive", when - timedelta(days=1)
        )
    assert "before the joining date" in str(early.value)
    with pytest.raises(PermissionDenied):
        services.change_membership_status(personas.detective, updated, "inactive", when)
    assert Organization.objects.get(pk=org.pk).membership_status == MembershipStatus.ACTIVE


# --- Contacts ------------------------------------------------------------------------------------


def test_contacts_added_changed_and_removed_by_staff_with_history(personas):
    contact = services.add_contact(
        personas.advocate,
        personas.new_dawn,
        {"name": "Night line", "phone": "555-0123", "is_on_call_24_7": True},
    )
    services.update_contact(personas.advocate, contact, {"phone": "555-0124"})
    services.remove_contact(personas.advocate, contact)
    assert not OrganizationContact.objects.filter(pk=contact.pk).exists()
    actions = [event.action for event in audit.history_for(personas.new_dawn)]
    assert actions == [
        "directory.contact.deleted",
        "directory.contact.updated",
        "directory.contact.created",
    ]


def test_contact_rules(personas):
    with pytest.raises(PermissionDenied):
        services.add_contact(personas.detective, personas.new_dawn, {"name": "X", "phone": "555"})
    with pytest.raises(ValidationError) as on_call:
        services.add_contact(
            personas.advocate,
            personas.new_dawn,
            {"name": "Pager", "email": "pager@example.org", "is_on_call_24_7": True},
        )
    assert "phone" in on_call.value.message_dict
    with pytest.raises(ValidationError):
        services.add_contact(personas.advocate, personas.new_dawn, {"name": "Nobody"})


# --- People --------------------------------------------------------------------------------------


PERSON_DATA = {
    "first_name": "Rosa",
    "last_name": "Marín",
    "email": "rosa@example.org",
    "organization": None,
    "preferred_language": "es",
    "membership_type": "voting",
    "expertise": [{"area": "victim-services", "years": 12}, {"area": "legal", "years": 3}],
}


def test_coordinator_creates_a_person_with_expertise(personas):
    person = services.create_person(
        personas.coordinator, {**PERSON_DATA, "organization": personas.safe_harbor.pk}
    )
    assert person.organization == personas.safe_harbor
    assert {(e.area.code, e.years) for e in person.expertise.all()} == {
        ("victim-services", 12),
        ("legal", 3),
    }
    event = audit.history_for(person).get(action="directory.person.created")
    assert event.changes["expertise"]["to"] == ["Legal services: 3", "Victim services: 12"]


def test_members_cannot_create_people(personas):
    with pytest.raises(PermissionDenied):
        services.create_person(personas.detective, PERSON_DATA)


def test_person_validation_reports_fields_and_expertise_together(personas):
    with pytest.raises(ValidationError) as raised:
        services.create_person(
            personas.coordinator,
            {
                **PERSON_DATA,
                "email": "detective@EXAMPLE.org",  # already the detective's
                "expertise": [
                    {"area": "legal", "years": 80},
                    {"area": "legal", "years": 1},
                    {"area": "astrology", "years": 2},
                ],
            },
        )
    errors = raised.value.message_dict
    assert "email" in errors
    assert len(errors["expertise"]) == 2
    assert not Person.objects.filter(first_name="Rosa").exists()


def test_people_edit_their_own_entry_only(personas):
    me = personas.detective.person
    updated = services.update_person(
        personas.detective,
        me,
        {"title": "Detective sergeant", "expertise": [{"area": "law-enforcement", "years": 9}]},
    )
    assert updated.title == "Detective sergeant"
    assert [(e.area.code, e.years) for e in updated.expertise.all()] == [("law-enforcement", 9)]
    with pytest.raises(PermissionDenied):
        services.update_person(personas.detective, me, {"membership_type": "non-voting"})
    with pytest.raises(PermissionDenied):
        services.update_person(personas.detective, me, {"organization": personas.new_dawn.pk})
    with pytest.raises(PermissionDenied):
        services.update_person(personas.advocate, me, {"title": "Impostor"})
    with pytest.raises(PermissionDenied):
        services.update_person(personas.visitor, personas.visitor.person, {"title": "Guest"})


def test_coordinator_updates_anyone_and_expertise_is_replaced_only_when_given(personas):
    person = personas.advocate.person
    Expertise.objects.create(person=person, area_id=1, years=4)
    updated = services.update_person(personas.leader, person, {"membership_type": "non-voting"})
    assert updated.membership_type == "non-voting"
    assert updated.expertise.count() == 1
    services.update_person(personas.leader, person, {"expertise": []})
    assert not person.expertise.exists()
    assert audit.history_for(person).filter(action="directory.person.updated").count() == 2


def test_coordinator_links_and_unlinks_an_account(personas):
    person = Person.objects.create(first_name="Nia", last_name="Okafor")
    account = User.objects.create_user("nia", "nia@example.org", "a long pass phrase 42")
    services.update_person(personas.leader, person, {"user": account.pk})
    person.refresh_from_db()
    assert person.user == account
    event = audit.history_for(person).get(action="directory.person.updated")
    assert event.changes["user"] == {"from": None, "to": "nia"}
    services.update_person(personas.leader, person, {"user": ""})
    person.refresh_from_db()
    assert person.user is None


def test_an_account_is_linked_to_one_person_only(personas):
    other = Person.objects.create(first_name="Someone", last_name="Else")
    with pytest.raises(ValidationError) as raised:
        services.update_person(personas.leader, other, {"user": personas.detective.pk})
    assert "user" in raised.value.message_dict


def test_people_cannot_link_their_entry_to_another_account(personas):
    with pytest.raises(PermissionDenied):
        services.update_person(
            personas.detective, personas.detective.person, {"user": personas.visitor.pk}
        )


def test_new_account_is_linked_to_the_unlinked_entry_with_its_email(personas):
    person = Person.objects.create(first_name="Nia", last_name="Okafor", email="Nia@Example.org")
    account = User.objects.create_user("nia", "nia@example.org", "a long pass phrase 42")
    assert services.link_new_account(personas.administrator, account) == person
    person.refresh_from_db()
    assert person.user == account
    assert audit.history_for(person).filter(action="directory.person.account_linked").exists()


def test_new_account_is_not_linked_when_the_email_is_ambiguous(personas):
    Person.objects.create(first_name="Nia", last_name="Okafor", email="shared@example.org")
    Person.objects.create(first_name="Ana", last_name="Okafor", email="shared@example.org")
    account = User.objects.create_user("nia", "shared@example.org", "a long pass phrase 42")
    assert services.link_new_account(personas.administrator, account) is None
    assert not Person.objects.filter(user=account).exists()


# --- Services and capacity -----------------------------------------------------------------------

SERVICE_DATA = {
    "name": "Youth shelter",
    "category": "emergency-housing",
    "languages": ["es"],
    "populations": ["minors"],
    "is_24_7": True,
    "capacity_available": 2,
    "capacity_maximum": 6,
    "capacity_unit": "beds",
}


def test_staff_add_services_to_their_organization(personas):
    service = services.create_service(personas.coordinator, personas.safe_harbor, SERVICE_DATA)
    assert service.capacity_updated_at is not None
    assert service.is_24_7
    assert audit.history_for(service).filter(action="directory.service.created").exists()
    with pytest.raises(PermissionDenied):
        services.create_service(personas.advocate, personas.safe_harbor, SERVICE_DATA)
    with pytest.raises(PermissionDenied):
        services.create_service(personas.visitor, personas.safe_harbor, SERVICE_DATA)


def test_service_validation(personas):
    with pytest.raises(ValidationError) as raised:
        services.create_service(
            personas.coordinator,
            personas.safe_harbor,
            {**SERVICE_DATA, "category": "astrology", "capacity_available": 9},
        )
    assert set(raised.value.message_dict) == {"category", "capacity_available"}


def test_update_service_restamps_capacity_only_when_it_changes(personas):
    service = factories.service(
        personas.safe_harbor, "Beds", capacity_available=1, capacity_maximum=5
    )
    stamped = service.capacity_updated_at
    renamed = services.update_service(personas.coordinator, service, {"hours": "Evenings"})
    assert renamed.capacity_updated_at == stamped
    changed = services.update_service(personas.coordinator, service, {"capacity_available": 4})
    assert changed.capacity_updated_at > stamped


def test_update_capacity(personas):
    service = factories.service(
        personas.police, "Liaison", category="case-management", updated_days_ago=30
    )
    updated = services.update_capacity(personas.detective, service, available=2, maximum=5)
    assert (updated.capacity_available, updated.capacity_maximum) == (2, 5)
    assert timezone.now() - updated.capacity_updated_at < timedelta(minutes=1)
    event = audit.history_for(service).get(action="directory.service.capacity_updated")
    assert event.changes["capacity_available"] == {"from": None, "to": 2}


@pytest.mark.parametrize(
    ("available", "maximum", "field"),
    [(6, 5, "available"), (-1, 5, "available"), (1, -2, "maximum")],
)
def test_update_capacity_rejects_impossible_figures(personas, available, maximum, field):
    service = factories.service(personas.police, "Liaison", category="case-management")
    with pytest.raises(ValidationError) as raised:
        services.update_capacity(personas.detective, service, available=available, maximum=maximum)
    assert field in raised.value.message_dict
    assert Service.objects.get(pk=service.pk).capacity_available is None


@pytest.mark.parametrize("name", ["prosecutor", "advocate", "visitor"])
def test_only_own_staff_and_coordinators_update_capacity(personas, name):
    service = factories.service(personas.police, "Liaison", category="case-management")
    with pytest.raises(PermissionDenied):
        services.update_capacity(personas.user(name), service, available=1, maximum=2)
    services.update_capacity(personas.coordinator, service, available=1, maximum=2)


def test_failed_writes_leave_no_audit_event(personas):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.create_organization(personas.coordinator, {"name": ""})
    assert AuditEvent.objects.count() == before


def test_expertise_is_checked_against_areas_loaded_once(personas, django_assert_num_queries):
    rows = [
        {"area": "victim-services", "years": 12},
        {"area": "legal", "years": 3},
        {"area": "law-enforcement", "years": 1},
    ]
    with django_assert_num_queries(1):
        cleaned = services.clean_expertise(rows)
    assert [(area.code, years) for area, years in cleaned] == [
        ("victim-services", 12),
        ("legal", 3),
        ("law-enforcement", 1),
    ]
    with pytest.raises(ValidationError) as raised:
        services.clean_expertise([{"area": "astrology", "years": 2}])
    assert raised.value.message_dict["expertise"][0].startswith("Row 1:")
