from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from taskforce.core.models import AuditEvent
from taskforce.directory.models import (
    MembershipStatus,
    Organization,
    OrganizationContact,
    Person,
    Service,
)
from tests.directory import factories

SEARCH = reverse("directory:search")


def _shelter_query(world) -> dict[str, str]:
    return {
        "category": "emergency-housing",
        "language": "es",
        "population": "minors",
        "county": str(world.county.pk),
        "open_24_7": "1",
        "has_capacity": "1",
    }


def _text(response) -> str:
    return response.content.decode()


# --- Search --------------------------------------------------------------------------------------


def test_search_page_answers_the_shelter_question(client_for, shelter_world):
    response = client_for("detective").get(SEARCH, _shelter_query(shelter_world))
    page = _text(response)
    assert response.status_code == 200
    assert "Casa Segura youth shelter" in page
    for decoy in shelter_world.decoys.values():
        assert decoy.name not in page
    assert "3 of 8 beds available" in page
    assert "updated 3 days ago" in page
    assert "Open 24/7" in page
    assert "555-0142" in page  # the on-call number
    assert "1 service found" in page
    for label in (
        "Search text",
        "Sector",
        "Service category",
        "Language",
        "County",
        "Population",
        "Open 24/7",
        "Has capacity now",
    ):
        assert re.search(rf'<label for="id_[a-z_0-9]+">{re.escape(label)}:?</label>', page), label


def test_search_form_keeps_the_chosen_filters(client_for, shelter_world):
    page = _text(client_for("detective").get(SEARCH, _shelter_query(shelter_world)))
    assert '<option value="es" selected>Spanish</option>' in page
    assert re.search(r'name="open_24_7"[^>]*checked', page)


def test_htmx_search_answers_with_the_results_only(client_for, shelter_world):
    response = client_for("detective").get(
        SEARCH,
        _shelter_query(shelter_world),
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    page = _text(response)
    assert "<html" not in page
    assert "Casa Segura youth shelter" in page
    assert 'hx-swap-oob="innerHTML"' in page
    assert "HX-Request" in response["Vary"]
    full = _text(client_for("detective").get(SEARCH))
    assert 'hx-get="/directory/"' in full and 'hx-push-url="true"' in full


def test_stale_capacity_is_flagged(client_for, personas):
    factories.service(
        personas.safe_harbor,
        "Old count",
        capacity_available=2,
        capacity_maximum=4,
        updated_days_ago=9,
    )
    factories.service(
        personas.safe_harbor,
        "Fresh count",
        capacity_available=2,
        capacity_maximum=4,
        updated_days_ago=2,
    )
    page = _text(client_for("visitor").get(SEARCH))
    assert page.count("Stale: confirm by phone") == 1
    assert "updated 9 days ago" in page


@pytest.mark.parametrize(
    "query",
    [
        {"county": "abc", "sector": "zzz", "open_24_7": "maybe", "page": "x"},
        {"language": "<script>", "population": "9" * 80, "view": "nonsense"},
        {"county": "999999"},
    ],
)
def test_junk_search_parameters_are_ignored(client_for, shelter_world, query):
    response = client_for("detective").get(SEARCH, query)
    assert response.status_code == 200
    assert "Casa Segura youth shelter" in _text(response)


def test_search_is_paginated_by_25(client_for, personas):
    org = factories.organization("Many Beds")
    for number in range(30):
        factories.service(org, f"Bed {number:02d}")
    first = _text(client_for("detective").get(SEARCH, {"q": "Many Beds"}))
    second = _text(client_for("detective").get(SEARCH, {"q": "Many Beds", "page": "2"}))
    assert first.count('<article class="result">') == 25
    assert second.count('<article class="result">') == 5
    assert "page 2 of 2" in second


def test_search_lists_organizations_instead(client_for, shelter_world):
    query = {"view": "organizations", "language": "es", "population": "minors"}
    page = _text(client_for("visitor").get(SEARCH, query))
    # Both offer a Spanish-speaking service for minors; the police list no such service.
    assert "Safe Harbor Alliance" in page and "New Dawn Outreach" in page
    assert "Harbor City Police Department" not in page
    assert "2 organizations found" in page


def test_add_buttons_are_for_coordinators(client_for, personas):
    assert "Add organization" in _text(client_for("leader").get(SEARCH))
    assert "Add organization" not in _text(client_for("detective").get(SEARCH))
    detail = reverse("directory:organization-detail", args=[personas.police.pk])
    assert "Edit organization" in _text(client_for("detective").get(detail))
    assert "Edit organization" not in _text(client_for("prosecutor").get(detail))
    assert "Add person" in _text(client_for("coordinator").get(reverse("directory:person-list")))
    assert "Add person" not in _text(client_for("advocate").get(reverse("directory:person-list")))


def test_update_capacity_link_only_for_own_services(client_for, personas):
    factories.service(personas.police, "Liaison", category="case-management", capacity_available=1)
    assert "Update capacity" in _text(client_for("detective").get(SEARCH))
    assert "Update capacity" not in _text(client_for("prosecutor").get(SEARCH))
    assert "Update capacity" not in _text(client_for("visitor").get(SEARCH))


# --- Organizations -------------------------------------------------------------------------------


def test_visitors_see_organizations_but_not_people(client_for, personas):
    url = reverse("directory:organization-detail", args=[personas.police.pk])
    visitor_page = _text(client_for("visitor").get(url))
    assert "Harbor City Police Department" in visitor_page
    assert "detective@example.org" not in visitor_page
    assert "<h2>People</h2>" not in visitor_page
    member_page = _text(client_for("prosecutor").get(url))
    assert "detective@example.org" in member_page
    visitor = client_for("visitor")
    assert visitor.get(reverse("directory:person-list")).status_code == 403
    detective = personas.detective.person.pk
    assert visitor.get(reverse("directory:person-detail", args=[detective])).status_code == 403


def test_history_is_shown_to_coordinators(client_for, personas):
    client_for("detective").post(
        reverse("directory:organization-edit", args=[personas.police.pk]),
        {"name": personas.police.name, "jurisdiction_level": "local", "main_phone": "555-0111"},
    )
    url = reverse("directory:organization-detail", args=[personas.police.pk])
    assert "Updated an organization" in _text(client_for("leader").get(url))
    assert "Updated an organization" not in _text(client_for("detective").get(url))


def test_staff_edit_their_organization(client_for, personas):
    url = reverse("directory:organization-edit", args=[personas.police.pk])
    data = {
        "name": "Harbor City Police Department",
        "acronym": "HCPD",
        "jurisdiction_level": "local",
        "sectors": ["local-law-enforcement"],
        "languages": ["es", "en"],
        "counties_served": [str(personas.county.pk)],
        "main_phone": "555-0111",
    }
    response = client_for("detective").post(url, data)
    assert response.status_code == 302
    police = Organization.objects.get(pk=personas.police.pk)
    assert police.main_phone == "555-0111"
    assert {lang.code for lang in police.languages.all()} == {"es", "en"}
    assert client_for("prosecutor").post(url, data).status_code == 404


def test_invalid_organization_shows_errors_by_the_fields(client_for, personas):
    response = client_for("coordinator").post(
        reverse("directory:organization-create"),
        {"name": "", "jurisdiction_level": "galactic", "state": "C1", "website": "nope"},
    )
    page = _text(response)
    assert response.status_code == 400
    assert 'class="error-summary"' in page
    assert 'aria-invalid="true"' in page
    assert "Enter the two-letter state code" in page
    assert not Organization.objects.filter(state="C1").exists()


def test_coordinator_adds_an_organization(client_for, personas):
    response = client_for("coordinator").post(
        reverse("directory:organization-create"),
        {
            "name": "Harbor Legal Aid",
            "jurisdiction_level": "non-governmental",
            "sectors": ["legal-services"],
            "membership_status": "prospective",
        },
    )
    created = Organization.objects.get(name="Harbor Legal Aid")
    assert response["Location"] == reverse("directory:organization-detail", args=[created.pk])
    assert AuditEvent.objects.filter(action="directory.organization.created").exists()


def test_coordinator_changes_membership_status(client_for, personas):
    url = reverse("directory:organization-status", args=[personas.new_dawn.pk])
    before_joining = personas.new_dawn.joined_on - timedelta(days=1)
    refused = client_for("leader").post(url, {"status": "inactive", "effective_on": before_joining})
    assert refused.status_code == 400 and "before the joining date" in _text(refused)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for("leader").post(url, {"status": "inactive", "effective_on": yesterday})
    assert response.status_code == 302
    new_dawn = Organization.objects.get(pk=personas.new_dawn.pk)
    assert new_dawn.membership_status == MembershipStatus.INACTIVE
    assert new_dawn.status_changed_on == yesterday
    assert client_for("advocate").post(url, {"status": "active"}).status_code == 403


def test_contacts_through_the_pages(client_for, personas):
    create = reverse("directory:contact-create", args=[personas.new_dawn.pk])
    advocate = client_for("advocate")
    bad = advocate.post(create, {"name": "Night", "is_on_call_24_7": "on", "email": "n@x.org"})
    assert bad.status_code == 400 and "needs a phone number" in _text(bad)
    assert advocate.post(create, {"name": "Night", "phone": "555-0150", "is_on_call_24_7": "on"})
    contact = OrganizationContact.objects.get(name="Night")
    detail = _text(
        advocate.get(reverse("directory:organization-detail", args=[personas.new_dawn.pk]))
    )
    assert "24/7 on call" in detail and "555-0150" in detail
    edit = reverse("directory:contact-edit", args=[contact.pk])
    assert client_for("detective").get(edit).status_code == 404
    advocate.post(edit, {"name": "Night line", "phone": "555-0151", "is_on_call_24_7": "on"})
    assert OrganizationContact.objects.get(pk=contact.pk).phone == "555-0151"
    delete = reverse("directory:contact-delete", args=[contact.pk])
    assert "Remove the contact" in _text(advocate.get(delete))
    assert advocate.post(delete).status_code == 302
    assert not OrganizationContact.objects.filter(pk=contact.pk).exists()


# --- Services and capacity -----------------------------------------------------------------------


def test_staff_add_and_edit_a_service(client_for, personas):
    coordinator = client_for("coordinator")
    response = coordinator.post(
        reverse("directory:service-create", args=[personas.safe_harbor.pk]),
        {
            "name": "Youth shelter",
            "category": "emergency-housing",
            "languages": ["es"],
            "populations": ["minors"],
            "is_24_7": "on",
            "capacity_available": "2",
            "capacity_maximum": "6",
            "capacity_unit": "beds",
            "is_active": "on",
        },
    )
    service = Service.objects.get(name="Youth shelter")
    assert response["Location"] == reverse("directory:service-detail", args=[service.pk])
    edit = reverse("directory:service-edit", args=[service.pk])
    bad = coordinator.post(
        edit,
        {
            "name": "Youth shelter",
            "category": "emergency-housing",
            "capacity_available": "9",
            "capacity_maximum": "6",
        },
    )
    assert bad.status_code == 400 and "cannot be more than the maximum" in _text(bad)
    assert client_for("advocate").get(edit).status_code == 404


def test_quick_capacity_update_with_htmx(client_for, personas):
    service = factories.service(
        personas.police,
        "Liaison",
        category="case-management",
        capacity_maximum=4,
        capacity_unit="beds",
    )
    url = reverse("directory:service-capacity", args=[service.pk])
    response = client_for("detective").post(
        url, {"available": "3", "maximum": "4"}, headers={"HX-Request": "true"}
    )
    page = _text(response)
    assert response.status_code == 200
    assert "<html" not in page
    assert "Capacity saved" in page and "3 of 4 beds available" in page
    assert "updated just now" in page
    invalid = client_for("detective").post(
        url, {"available": "5", "maximum": "4"}, headers={"HX-Request": "true"}
    )
    assert "cannot be more than the maximum" in _text(invalid)
    assert Service.objects.get(pk=service.pk).capacity_available == 3


def test_capacity_update_without_javascript_returns_to_the_page(client_for, personas):
    service = factories.service(personas.police, "Liaison", category="case-management")
    back = reverse("directory:organization-detail", args=[personas.police.pk])
    url = reverse("directory:service-capacity", args=[service.pk])
    response = client_for("detective").post(url, {"available": "1", "maximum": "2", "next": back})
    assert response["Location"] == back
    offsite = client_for("detective").post(
        url, {"available": "1", "maximum": "2", "next": "https://evil.example/"}
    )
    assert offsite["Location"] == reverse("directory:service-detail", args=[service.pk])
    assert client_for("prosecutor").post(url, {"available": "0"}).status_code == 404


def test_a_capacity_error_keeps_the_way_back(client_for, personas):
    service = factories.service(personas.police, "Liaison", category="case-management")
    back = reverse("directory:organization-detail", args=[personas.police.pk])
    url = reverse("directory:service-capacity", args=[service.pk])
    response = client_for("detective").post(url, {"available": "5", "maximum": "2", "next": back})
    html = _text(response)
    assert response.status_code == 400
    assert f'name="next" value="{back}"' in html
    assert 'href="#field-available"' in html and 'id="field-available"' in html


# --- People --------------------------------------------------------------------------------------


def _person_post(**fields) -> dict[str, str]:
    data = {
        "expertise-TOTAL_FORMS": "2",
        "expertise-INITIAL_FORMS": "0",
        "expertise-MIN_NUM_FORMS": "0",
        "expertise-MAX_NUM_FORMS": "20",
        "expertise-0-area": "",
        "expertise-0-years": "",
        "expertise-1-area": "",
        "expertise-1-years": "",
    }
    data.update(fields)
    return data


def test_coordinator_adds_a_person_with_expertise(client_for, personas):
    response = client_for("coordinator").post(
        reverse("directory:person-create"),
        _person_post(
            first_name="Rosa",
            last_name="Marín",
            email="rosa@example.org",
            organization=str(personas.safe_harbor.pk),
            membership_type="voting",
            is_active="on",
            **{"expertise-0-area": "victim-services", "expertise-0-years": "12"},
        ),
    )
    rosa = Person.objects.get(email="rosa@example.org")
    assert response["Location"] == reverse("directory:person-detail", args=[rosa.pk])
    assert [(e.area.code, e.years) for e in rosa.expertise.all()] == [("victim-services", 12)]


def test_duplicate_expertise_rows_are_refused(client_for, personas):
    response = client_for("coordinator").post(
        reverse("directory:person-create"),
        _person_post(
            first_name="Rosa",
            last_name="Marín",
            membership_type="voting",
            **{
                "expertise-0-area": "legal",
                "expertise-0-years": "2",
                "expertise-1-area": "legal",
                "expertise-1-years": "3",
            },
        ),
    )
    assert response.status_code == 400
    assert "listed twice" in _text(response)
    assert not Person.objects.filter(first_name="Rosa").exists()


def test_people_edit_their_own_entry_through_the_page(client_for, personas):
    me = personas.advocate.person
    url = reverse("directory:person-edit", args=[me.pk])
    form_page = _text(client_for("advocate").get(url))
    assert 'name="membership_type"' not in form_page  # not theirs to change
    assert 'name="user"' not in form_page
    response = client_for("advocate").post(
        url,
        _person_post(
            first_name="Ana",
            last_name="Lopez",
            title="Outreach lead",
            email="advocate@example.org",
            **{"expertise-0-area": "outreach", "expertise-0-years": "7"},
        ),
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.title == "Outreach lead"
    assert me.membership_type == "voting"
    assert client_for("detective").get(url).status_code == 404
    coordinator_page = _text(client_for("leader").get(url))
    assert 'name="membership_type"' in coordinator_page
    assert (
        f'<option value="{personas.advocate.pk}" selected>Ana Lopez (advocate)' in coordinator_page
    )
    # An account already tied to another entry is not offered.
    assert "(detective)</option>" not in coordinator_page


# --- Gaps, import, export ------------------------------------------------------------------------


def test_gaps_page_lists_missing_sectors_first(client_for, personas):
    factories.organization("Old clinic", sectors=("health-care",), membership_status="inactive")
    page = _text(client_for("detective").get(reverse("directory:gaps")))
    missing = page.index(">Missing<")
    inactive = page.index(">Only inactive members<")
    covered = page.index(">Covered<")
    assert missing < inactive < covered
    assert client_for("visitor").get(reverse("directory:gaps")).status_code == 403


def test_import_page_reports_every_error_and_writes_nothing(client_for, personas):
    before = Organization.objects.count()
    upload = SimpleUploadedFile(
        "orgs.csv",
        b"name,jurisdiction_level,sectors\nGood Org,local,\nBad Org,local,astrology\n"
        b"Worse Org,nowhere,\n",
    )
    response = client_for("coordinator").post(
        reverse("directory:import"), {"kind": "organizations", "file": upload}
    )
    page = _text(response)
    assert response.status_code == 400
    assert "Nothing was imported" in page
    assert re.search(r"<td>3</td><td>sectors</td><td>Unknown sector “astrology”", page)
    assert re.search(r"<td>4</td><td>jurisdiction_level</td>", page)
    assert Organization.objects.count() == before


def test_import_page_success(client_for, personas):
    upload = SimpleUploadedFile("orgs.csv", b"name,jurisdiction_level\nGood Org,local\n")
    client = client_for("coordinator")
    response = client.post(reverse("directory:import"), {"kind": "organizations", "file": upload})
    assert response.status_code == 302
    assert "1 added, 0 updated" in _text(client.get(response["Location"]))
    assert Organization.objects.filter(name="Good Org").exists()


def test_import_needs_a_file_and_a_kind(client_for, personas):
    response = client_for("coordinator").post(reverse("directory:import"), {})
    assert response.status_code == 400
    assert "This field is required" in _text(response)


def test_templates_and_exports_download(client_for, personas):
    template = client_for("leader").get(reverse("directory:import-template", args=["people"]))
    assert template["Content-Type"].startswith("text/csv")
    assert template.content.decode("utf-8-sig").startswith("first_name,last_name,email")
    export = client_for("detective").get(reverse("directory:export", args=["organizations"]))
    assert "attachment" in export["Content-Disposition"]
    assert "Harbor City Police Department" in export.content.decode("utf-8-sig")
    assert AuditEvent.objects.filter(action="directory.export.downloaded").count() == 1
    assert (
        client_for("visitor").get(reverse("directory:export", args=["people"])).status_code == 403
    )
    assert client_for("detective").get("/directory/export/secrets.csv").status_code == 404


def test_organization_list_filters_and_ignores_a_bad_value(client_for, personas):
    url = reverse("directory:organization-list")
    page = _text(client_for("visitor").get(url, {"q": "dawn", "sector": "no-such-sector"}))
    assert "New Dawn Outreach" in page
    assert "Harbor City Police Department" not in page
    prosecutors = _text(client_for("visitor").get(url, {"sector": "local-prosecution"}))
    assert "Harbor County District Attorney" in prosecutors
    assert "New Dawn Outreach" not in prosecutors


def test_people_list_filters_by_organization(client_for, personas):
    url = reverse("directory:person-list")
    page = _text(client_for("advocate").get(url, {"organization": personas.police.pk}))
    assert "Reyes, Dan" in page and "Leader, Lena" in page
    assert "Lopez, Ana" not in page
    assert "Nair, Priya" in _text(client_for("advocate").get(url, {"q": "priya"}))
