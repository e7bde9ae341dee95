"""What the directory operations answer: search, records, writes, errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.directory.models import County, MembershipStatus, Organization, Person, Service
from tests.directory import factories

ORGANIZATIONS = "/api/v1/organizations"
SERVICES = "/api/v1/services"
PEOPLE = "/api/v1/people"


# --- Reading -------------------------------------------------------------------------------------


def test_one_search_finds_the_spanish_speaking_24_7_shelter_for_minors(
    personas, directory, session_api
) -> None:
    other = County.objects.create(name="Bay", state="CA")
    factories.shelter(personas.new_dawn, personas.county, "English-only", languages=("en",))
    factories.shelter(personas.new_dawn, other, "Bay shelter")
    factories.shelter(personas.new_dawn, personas.county, "Full shelter", capacity_available=0)
    response = session_api("coordinator").get(
        SERVICES,
        {
            "language": "es",
            "population": "minors",
            "county": personas.county.pk,
            "open_24_7": "true",
            "has_capacity": "true",
            "category": "emergency-housing",
        },
    )
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 1
    [found] = page["items"]
    assert found["id"] == directory.shelter.pk
    assert found["organization"] == {
        "id": personas.safe_harbor.pk,
        "name": "Safe Harbor Alliance",
        "acronym": "SHA",
    }
    assert found["capacity_available"] == 3
    assert found["capacity_maximum"] == 8
    assert found["capacity_unit"] == "beds"
    assert found["capacity_updated_at"] is not None
    assert found["capacity_age"] == "updated 3 days ago"
    assert found["capacity_stale"] is False
    assert [c["phone"] for c in found["on_call_contacts"]] == ["555-0142"]
    assert {lang["code"] for lang in found["languages"]} == {"es", "en"}
    assert [p["code"] for p in found["populations"]] == ["minors"]


def test_services_with_capacity_come_first(personas, directory, session_api) -> None:
    response = session_api("visitor").get(SERVICES)
    names = [item["name"] for item in response.json()["items"]]
    assert names == ["Casa Segura youth shelter", "Victim liaison"]


def test_lists_are_paginated(personas, session_api) -> None:
    for number in range(3):
        factories.organization(f"Clinic {number}")
    client = session_api("detective")
    first = client.get(ORGANIZATIONS, {"page_size": 2}).json()
    assert first["count"] == 7
    assert len(first["items"]) == 2
    last = client.get(ORGANIZATIONS, {"page_size": 2, "page": 4}).json()
    assert [item["name"] for item in last["items"]] == ["Safe Harbor Alliance"]


def test_a_page_holds_25_items_unless_more_are_asked_for(personas, session_api) -> None:
    for number in range(30):
        factories.organization(f"Clinic {number:02}")
    client = session_api("detective")
    default = client.get(ORGANIZATIONS).json()
    assert default["count"] == 34
    assert len(default["items"]) == 25
    assert len(client.get(ORGANIZATIONS, {"page_size": 500}).json()["items"]) == 34


def test_organizations_filter_by_sector_and_membership_status(personas, session_api) -> None:
    factories.organization(
        "Old Shelter", sectors=("victim-services",), membership_status=MembershipStatus.INACTIVE
    )
    client = session_api("visitor")
    by_sector = client.get(ORGANIZATIONS, {"sector": "victim-services"}).json()
    assert {item["name"] for item in by_sector["items"]} == {
        "Safe Harbor Alliance",
        "New Dawn Outreach",
        "Old Shelter",
    }
    inactive = client.get(
        ORGANIZATIONS, {"sector": "victim-services", "membership_status": "inactive"}
    ).json()
    assert [item["name"] for item in inactive["items"]] == ["Old Shelter"]


def test_an_organization_shows_its_vocabularies_and_contacts(personas, directory, session_api):
    response = session_api("visitor").get(f"{ORGANIZATIONS}/{personas.safe_harbor.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [s["code"] for s in body["sectors"]] == ["victim-services"]
    assert body["counties_served"] == [{"id": personas.county.pk, "name": "Harbor", "state": "CA"}]
    assert body["contacts"][0]["phone"] == "555-0142"
    assert body["contacts"][0]["is_on_call_24_7"] is True
    assert body["membership_status"] == "active"


def test_an_organization_lists_its_services_including_inactive_ones(personas, session_api):
    factories.service(personas.new_dawn, "Drop-in centre")
    factories.service(personas.new_dawn, "Closed programme", is_active=False)
    response = session_api("advocate").get(f"{ORGANIZATIONS}/{personas.new_dawn.pk}/services")
    assert [(s["name"], s["is_active"]) for s in response.json()["items"]] == [
        ("Drop-in centre", True),
        ("Closed programme", False),
    ]


def test_people_show_directory_contact_fields_but_no_account_details(
    personas, directory, session_api
) -> None:
    response = session_api("prosecutor").get(f"{PEOPLE}/{personas.detective.person.pk}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "id",
        "first_name",
        "last_name",
        "title",
        "organization",
        "email",
        "phone",
        "preferred_language",
        "membership_type",
        "is_active",
        "expertise",
        "has_account",
        "updated_at",
    }
    assert body["email"] == "detective@example.org"
    assert body["has_account"] is True
    assert body["organization"]["id"] == personas.police.pk
    assert body["expertise"] == [
        {"area": {"code": "law-enforcement", "name": "Law enforcement"}, "years": 12}
    ]


def test_people_search_by_text_and_organization(personas, session_api) -> None:
    client = session_api("advocate")
    by_name = client.get(PEOPLE, {"q": "reyes"}).json()
    assert [p["last_name"] for p in by_name["items"]] == ["Reyes"]
    by_org = client.get(PEOPLE, {"organization": personas.police.pk}).json()
    assert {p["last_name"] for p in by_org["items"]} == {"Leader", "Reyes"}


def test_visitors_see_no_people(personas, session_api) -> None:
    response = session_api("visitor").get(PEOPLE)
    assert response.status_code == 403


def test_vocabularies_list_the_codes_the_fields_accept(personas, session_api) -> None:
    body = session_api("visitor").get("/api/v1/vocabularies").json()
    assert {"code": "emergency-housing", "name": "Emergency housing and shelter"} in body[
        "service_categories"
    ]
    assert {"code": "es", "name": "Spanish"} in body["languages"]
    assert {"code": "local", "name": "Local"} in body["jurisdiction_levels"]
    assert body["counties"] == [{"id": personas.county.pk, "name": "Harbor", "state": "CA"}]


# --- Not found -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", f"{ORGANIZATIONS}/999999", None),
        ("PATCH", f"{ORGANIZATIONS}/999999", {"description": "x"}),
        ("GET", f"{ORGANIZATIONS}/999999/services", None),
        ("POST", f"{ORGANIZATIONS}/999999/services", {"name": "x", "category": "medical"}),
        ("GET", f"{SERVICES}/999999", None),
        ("PATCH", f"{SERVICES}/999999", {"hours": "x"}),
        ("PUT", f"{SERVICES}/999999/capacity", {"available": 1, "maximum": 2}),
        ("GET", f"{PEOPLE}/999999", None),
        ("PATCH", f"{PEOPLE}/999999", {"title": "x"}),
    ],
)
def test_a_record_that_does_not_exist_answers_404(personas, session_api, method, url, body):
    response = session_api("leader").call(method, url, body)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- Writing -------------------------------------------------------------------------------------


def test_a_coordinator_adds_an_organization(personas, session_api) -> None:
    response = session_api("coordinator").post(
        ORGANIZATIONS,
        {
            "name": "Harbor Legal Aid",
            "acronym": "HLA",
            "jurisdiction_level": "non-governmental",
            "sectors": ["legal-services"],
            "languages": ["es", "en"],
            "counties_served": [personas.county.pk],
            "populations_served": ["foreign-nationals"],
            "state": "ca",
            "main_phone": "555 0100",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    organization = Organization.objects.get(name="Harbor Legal Aid")
    assert response["Location"] == f"{ORGANIZATIONS}/{organization.pk}"
    assert body["id"] == organization.pk
    assert body["state"] == "CA"
    assert body["membership_status"] == "prospective"
    assert {lang["code"] for lang in body["languages"]} == {"es", "en"}
    assert [s["code"] for s in body["sectors"]] == ["legal-services"]
    event = AuditEvent.objects.get(action="directory.organization.created")
    assert event.actor_id == personas.coordinator.pk


def test_an_update_changes_only_what_is_sent(personas, session_api) -> None:
    police = personas.police
    police.description = "City police"
    police.save()
    response = session_api("detective").patch(
        f"{ORGANIZATIONS}/{police.pk}", {"website": "https://police.example.org"}
    )
    assert response.status_code == 200, response.content
    police.refresh_from_db()
    assert police.website == "https://police.example.org"
    assert police.description == "City police"
    assert [s.code for s in police.sectors.all()] == ["local-law-enforcement"]


def test_members_cannot_change_their_organizations_membership_status(personas, session_api):
    response = session_api("detective").patch(
        f"{ORGANIZATIONS}/{personas.police.pk}", {"membership_status": "withdrawn"}
    )
    assert response.status_code == 403
    assert "membership" in response.json()["detail"]
    personas.police.refresh_from_db()
    assert personas.police.membership_status == MembershipStatus.ACTIVE


def test_a_member_adds_a_service_to_their_own_organization(personas, session_api) -> None:
    response = session_api("advocate").post(
        f"{ORGANIZATIONS}/{personas.new_dawn.pk}/services",
        {
            "name": "Street outreach",
            "category": "case-management",
            "languages": ["es"],
            "capacity_available": 2,
            "capacity_maximum": 5,
            "capacity_unit": "clients",
        },
    )
    assert response.status_code == 201, response.content
    service = Service.objects.get(name="Street outreach")
    assert response["Location"] == f"{SERVICES}/{service.pk}"
    assert service.organization == personas.new_dawn
    assert service.capacity_updated_at is not None
    assert response.json()["category"]["code"] == "case-management"


def test_capacity_updates_stamp_the_time_and_are_audited(personas, directory, session_api):
    shelter = directory.shelter
    before = shelter.capacity_updated_at
    response = session_api("coordinator").put(
        f"{SERVICES}/{shelter.pk}/capacity", {"available": 0, "maximum": 8}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["capacity_available"] == 0
    assert body["capacity_age"] == "updated just now"
    shelter.refresh_from_db()
    assert shelter.capacity_available == 0
    assert shelter.capacity_updated_at > before
    assert timezone.now() - shelter.capacity_updated_at < timedelta(minutes=1)
    event = AuditEvent.objects.get(action="directory.service.capacity_updated")
    assert event.actor_id == personas.coordinator.pk


def test_a_service_update_keeps_other_fields(personas, directory, session_api) -> None:
    shelter = directory.shelter
    response = session_api("coordinator").patch(
        f"{SERVICES}/{shelter.pk}", {"hours": "Always open", "languages": ["es"]}
    )
    assert response.status_code == 200, response.content
    shelter.refresh_from_db()
    assert shelter.hours == "Always open"
    assert [lang.code for lang in shelter.languages.all()] == ["es"]
    assert [p.code for p in shelter.populations.all()] == ["minors"]
    assert shelter.capacity_available == 3


def test_a_coordinator_adds_a_person_with_expertise(personas, session_api) -> None:
    response = session_api("leader").post(
        PEOPLE,
        {
            "first_name": "Rosa",
            "last_name": "Ortiz",
            "organization": personas.district_attorney.pk,
            "email": "rosa.ortiz@example.org",
            "preferred_language": "es",
            "membership_type": "voting",
            "expertise": [{"area": "prosecution", "years": 8}],
        },
    )
    assert response.status_code == 201, response.content
    person = Person.objects.get(email="rosa.ortiz@example.org")
    assert response["Location"] == f"{PEOPLE}/{person.pk}"
    body = response.json()
    assert body["has_account"] is False
    assert body["preferred_language"] == {"code": "es", "name": "Spanish"}
    assert body["expertise"] == [
        {"area": {"code": "prosecution", "name": "Prosecution"}, "years": 8}
    ]


def test_people_change_their_own_details_but_not_their_organization(personas, session_api):
    client = session_api("advocate")
    url = f"{PEOPLE}/{personas.advocate.person.pk}"
    assert client.patch(url, {"title": "Lead advocate"}).status_code == 200
    moved = client.patch(url, {"organization": personas.police.pk})
    assert moved.status_code == 403
    person = Person.objects.get(pk=personas.advocate.person.pk)
    assert person.title == "Lead advocate"
    assert person.organization == personas.new_dawn


# --- Validation ----------------------------------------------------------------------------------


def test_missing_and_malformed_fields_are_reported_per_field(personas, session_api) -> None:
    response = session_api("coordinator").post(
        ORGANIZATIONS, {"jurisdiction_level": "galactic", "counties_served": ["x"]}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("The request is not valid")
    assert set(body["errors"]) == {"name", "jurisdiction_level", "counties_served.0"}
    assert all(body["errors"][name] for name in body["errors"])


def test_the_directorys_own_rules_are_reported_per_field(personas, session_api) -> None:
    response = session_api("coordinator").post(
        ORGANIZATIONS,
        {
            "name": "harbor city police department",
            "jurisdiction_level": "local",
            "state": "C1",
            "sectors": ["no-such-sector"],
        },
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["name"] == ["Another organization already has this name."]
    assert errors["state"] == ["Enter the two-letter state code, e.g. CA."]
    assert "sectors" in errors
    assert Organization.objects.count() == 4


def test_capacity_cannot_exceed_the_maximum(personas, directory, session_api) -> None:
    url = f"{SERVICES}/{directory.shelter.pk}/capacity"
    client = session_api("coordinator")
    response = client.put(url, {"available": 9, "maximum": 8})
    assert response.status_code == 422
    assert response.json()["errors"]["available"] == [
        "Available (9) cannot be more than the maximum (8)."
    ]
    negative = client.put(url, {"available": -1, "maximum": 8})
    assert negative.status_code == 422
    assert "available" in negative.json()["errors"]
    missing = client.put(url, {})
    assert missing.status_code == 422
    assert set(missing.json()["errors"]) == {"available", "maximum"}
    directory.shelter.refresh_from_db()
    assert directory.shelter.capacity_available == 3


def test_unknown_expertise_is_reported(personas, session_api) -> None:
    response = session_api("detective").patch(
        f"{PEOPLE}/{personas.detective.person.pk}",
        {"expertise": [{"area": "astrology", "years": 3}]},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["expertise"]


def test_bad_filters_are_reported(personas, session_api) -> None:
    response = session_api("detective").get(SERVICES, {"county": "harbor", "sector": "a b"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"county", "sector"}


def test_a_body_that_is_not_json_answers_400(personas, client_for) -> None:
    response = client_for("coordinator").post(
        ORGANIZATIONS, data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"]
