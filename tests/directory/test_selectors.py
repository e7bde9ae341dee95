from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taskforce.directory import selectors
from taskforce.directory.models import (
    County,
    Language,
    MembershipStatus,
    Organization,
    Person,
    Population,
    Sector,
)
from taskforce.directory.selectors import DirectoryFilters
from tests.directory import factories

# --- Filters -------------------------------------------------------------------------------------


def test_from_query_reads_every_filter():
    filters = DirectoryFilters.from_query(
        {
            "q": "  youth   shelter ",
            "sector": "victim-services",
            "category": "emergency-housing",
            "language": "es",
            "county": "7",
            "population": "minors",
            "open_24_7": "1",
            "has_capacity": "on",
            "membership_status": "active",
        }
    )
    assert filters == DirectoryFilters(
        q="youth shelter",
        sector="victim-services",
        category="emergency-housing",
        language="es",
        county=7,
        population="minors",
        open_24_7=True,
        has_capacity=True,
        membership_status="active",
    )


@pytest.mark.parametrize(
    "params",
    [
        {"county": "abc"},
        {"county": "-3"},
        {"county": "0"},
        {"county": "9" * 40},
        {"sector": "'; drop table"},
        {"language": "x" * 61},
        {"open_24_7": "maybe"},
        {"membership_status": "royalty"},
    ],
)
def test_from_query_drops_junk(params):
    assert DirectoryFilters.from_query(params) == DirectoryFilters()


def test_from_query_caps_free_text():
    assert len(DirectoryFilters.from_query({"q": "a" * 5000}).q) == selectors.MAX_SEARCH_LENGTH


def test_to_query_round_trips():
    filters = DirectoryFilters(q="safe", language="es", county=3, open_24_7=True)
    assert DirectoryFilters.from_query(filters.to_query()) == filters
    assert DirectoryFilters().is_empty


# --- The shelter question ------------------------------------------------------------------------


def _shelter_filters(world, **changes) -> DirectoryFilters:
    values = {
        "category": "emergency-housing",
        "language": "es",
        "population": "minors",
        "county": world.county.pk,
        "open_24_7": True,
        "has_capacity": True,
    }
    values.update(changes)
    return DirectoryFilters(**values)


def test_one_search_answers_who_can_shelter_a_spanish_speaking_minor_tonight(
    personas, shelter_world
):
    found = list(selectors.search_services(personas.detective, _shelter_filters(shelter_world)))
    assert found == [shelter_world.answer]


@pytest.mark.parametrize(
    ("relaxed", "decoy"),
    [
        ({"language": ""}, "english-only"),
        ({"population": ""}, "adults"),
        ({"open_24_7": False}, "daytime"),
        ({"county": None}, "other-county"),
        ({"has_capacity": False}, "full"),
        ({"category": ""}, "legal"),
    ],
)
def test_each_filter_is_what_keeps_its_decoy_out(personas, shelter_world, relaxed, decoy):
    found = set(
        selectors.search_services(personas.detective, _shelter_filters(shelter_world, **relaxed))
    )
    assert found == {shelter_world.answer, shelter_world.decoys[decoy]}


def test_inactive_services_are_never_found(personas, shelter_world):
    found = set(selectors.search_services(personas.detective, DirectoryFilters()))
    assert shelter_world.decoys["inactive"] not in found
    assert shelter_world.answer in found


def test_free_text_matches_service_and_organization_words(personas, shelter_world):
    def names(q: str) -> set[str]:
        return {
            s.name for s in selectors.search_services(personas.detective, DirectoryFilters(q=q))
        }

    assert names("casa segura") == {"Casa Segura youth shelter"}
    assert "Casa Segura youth shelter" in names("SHA")  # organization acronym
    assert names("Safe Harbor shelter") == {"Casa Segura youth shelter"}
    assert names("nothing-like-this") == set()


def test_free_text_matches_eligibility_and_description(personas):
    org = factories.organization("Lighthouse")
    factories.service(org, "Drop-in", eligibility="Youth aged 12 to 17", description="Warm meals")
    assert [
        s.name for s in selectors.search_services(personas.detective, DirectoryFilters(q="aged 12"))
    ] == ["Drop-in"]
    assert [
        s.name for s in selectors.search_services(personas.detective, DirectoryFilters(q="meals"))
    ] == ["Drop-in"]


def test_sector_and_membership_filters_apply_to_the_services_organization(personas, shelter_world):
    police_service = factories.service(
        personas.police, "Victim liaison", category="case-management"
    )
    found = set(
        selectors.search_services(
            personas.detective, DirectoryFilters(sector="local-law-enforcement")
        )
    )
    assert found == {police_service}
    personas.new_dawn.membership_status = MembershipStatus.WITHDRAWN
    personas.new_dawn.save()
    withdrawn = set(
        selectors.search_services(
            personas.detective, DirectoryFilters(membership_status="withdrawn")
        )
    )
    assert withdrawn == {d for k, d in shelter_world.decoys.items() if k != "inactive"}


def test_a_service_without_its_own_area_covers_its_organizations_counties(personas):
    other = County.objects.create(name="Inland", state="CA")
    everywhere = factories.service(personas.safe_harbor, "Hotline", category="safety-planning")
    inland_only = factories.service(
        personas.safe_harbor, "Inland clinic", category="medical", counties=(other,)
    )
    in_harbor = set(
        selectors.search_services(personas.detective, DirectoryFilters(county=personas.county.pk))
    )
    assert everywhere in in_harbor
    assert inland_only not in in_harbor
    assert set(
        selectors.search_services(personas.detective, DirectoryFilters(county=other.pk))
    ) == {inland_only}


def test_results_with_capacity_come_first_then_by_organization(personas):
    alpha = factories.organization("Alpha House")
    zulu = factories.organization("Zulu Center")
    full_alpha = factories.service(alpha, "A full", capacity_available=0, capacity_maximum=4)
    unknown_alpha = factories.service(alpha, "A unknown", updated_days_ago=None)
    open_zulu = factories.service(zulu, "Z open", capacity_available=2, capacity_maximum=4)
    open_alpha = factories.service(alpha, "A open", capacity_available=1, capacity_maximum=4)
    ordered = list(selectors.search_services(personas.detective, DirectoryFilters()))
    assert ordered == [open_alpha, open_zulu, full_alpha, unknown_alpha]


def test_search_page_costs_the_same_number_of_queries_for_5_or_30_services(personas):
    def render_page(count: int) -> int:
        org = factories.organization(f"Org {count}")
        factories.on_call(org)
        for number in range(count):
            factories.shelter(org, personas.county, f"Shelter {count}-{number}")
        with CaptureQueriesContext(connection) as queries:
            page = list(
                selectors.search_services(personas.detective, DirectoryFilters(q=f"Org {count}"))[
                    :25
                ]
            )
            for item in page:
                item.organization.display_name  # noqa: B018
                item.category.name  # noqa: B018
                list(item.languages.all())
                list(item.populations.all())
                list(item.organization.on_call_contacts)
        return len(queries)

    assert render_page(5) == render_page(30)


def test_organization_search_costs_the_same_for_5_or_30(personas):
    def run(count: int) -> int:
        for number in range(count):
            org = factories.organization(f"Batch{count} {number}", sectors=("health-care",))
            org.counties_served.add(personas.county)
            factories.on_call(org)
        with CaptureQueriesContext(connection) as queries:
            for org in selectors.search_organizations(
                personas.detective, DirectoryFilters(q=f"Batch{count}")
            ):
                list(org.sectors.all())
                list(org.counties_served.all())
                list(org.languages.all())
                list(org.populations_served.all())
                list(org.on_call_contacts)
        return len(queries)

    assert run(5) == run(30)


def test_organization_search_filters(personas, shelter_world):
    personas.police.languages.add(Language.objects.get(code="es"))
    personas.police.populations_served.add(Population.objects.get(code="minors"))

    def names(**filters) -> set[str]:
        found = selectors.search_organizations(personas.detective, DirectoryFilters(**filters))
        return {o.name for o in found}

    # The organization's own lists count, and so do its active services'.
    police, safe_harbor, new_dawn = (
        "Harbor City Police Department",
        "Safe Harbor Alliance",
        "New Dawn Outreach",
    )
    assert names(language="es") == {police, safe_harbor, new_dawn}
    assert names(language="vi") == set()
    assert names(population="minors") == {police, safe_harbor, new_dawn}
    assert names(county=shelter_world.other_county.pk) == {new_dawn}
    assert names(sector="local-prosecution") == {"Harbor County District Attorney"}
    assert names(q="dawn") == {new_dawn}
    # With a service filter, one active service must meet all the service filters at once.
    assert names(category="legal-immigration") == {new_dawn}
    shelter = {
        "category": "emergency-housing",
        "language": "es",
        "population": "minors",
        "county": shelter_world.county.pk,
        "open_24_7": True,
        "has_capacity": True,
    }
    assert names(**shelter) == {safe_harbor}
    personas.police.membership_status = MembershipStatus.PROSPECTIVE
    personas.police.save()
    assert names(membership_status="prospective") == {police}


# --- Visibility ----------------------------------------------------------------------------------


def test_signed_in_accounts_see_organizations_and_services_anonymous_none(personas, shelter_world):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.organizations_visible_to(personas.visitor).count() == 4
    assert selectors.search_services(personas.visitor, DirectoryFilters()).exists()
    assert not selectors.organizations_visible_to(AnonymousUser()).exists()
    assert not selectors.services_visible_to(AnonymousUser()).exists()
    with pytest.raises(Http404):
        selectors.get_organization_for(AnonymousUser(), personas.police.pk)


def test_people_are_for_members_only(personas):
    person = personas.detective.person
    assert selectors.get_person_for(personas.advocate, person.pk) == person
    assert not selectors.people_visible_to(personas.visitor).exists()
    with pytest.raises(Http404):
        selectors.get_person_for(personas.visitor, person.pk)


def test_missing_records_answer_404(personas):
    for getter in (
        selectors.get_organization_for,
        selectors.get_person_for,
        selectors.get_service_for,
    ):
        with pytest.raises(Http404):
            getter(personas.administrator, 999_999)


def test_editable_records_are_404_for_other_organizations(personas):
    police = personas.police
    assert selectors.get_editable_organization_for(personas.detective, police.pk) == police
    assert selectors.get_editable_organization_for(personas.coordinator, police.pk) == police
    with pytest.raises(Http404):
        selectors.get_editable_organization_for(personas.prosecutor, police.pk)
    with pytest.raises(Http404):
        selectors.get_editable_organization_for(personas.visitor, police.pk)
    detective = personas.detective.person
    assert selectors.get_editable_person_for(personas.detective, detective.pk) == detective
    with pytest.raises(Http404):
        selectors.get_editable_person_for(personas.advocate, detective.pk)


def test_organization_of(personas):
    assert selectors.organization_of(personas.detective) == personas.police
    assert selectors.organization_of(personas.visitor) is None
    assert selectors.organization_of(personas.administrator) is None


# --- Sectors -------------------------------------------------------------------------------------


def test_sector_coverage_statuses(personas):
    factories.organization("Old clinic", sectors=("health-care",), membership_status="inactive")
    factories.organization("Left", sectors=("mental-health",), membership_status="withdrawn")
    factories.organization("Maybe", sectors=("judges",), membership_status="prospective")
    factories.organization("Both", sectors=("educators",), membership_status="inactive")
    factories.organization("Both active", sectors=("educators",))
    coverage = {row.sector.code: row for row in selectors.sector_coverage()}
    assert len(coverage) == Sector.objects.count()
    assert coverage["victim-services"].status == "covered"
    assert coverage["victim-services"].active == 2
    assert coverage["health-care"].status == "inactive-only"
    assert coverage["mental-health"].status == "inactive-only"
    assert (coverage["judges"].status, coverage["judges"].prospective) == ("missing", 1)
    assert (coverage["educators"].status, coverage["educators"].inactive) == ("covered", 1)
    assert coverage["labor-rights"].status == "missing"
    assert coverage["judges"].label == "Missing"
    statuses = [row.status for row in selectors.sector_coverage()]
    assert statuses == sorted(statuses, key=["missing", "inactive-only", "covered"].index)


def test_members_by_sector_counts_active_organizations_and_lists_empty_sectors(personas):
    factories.organization(
        "Inactive NGO", sectors=("victim-services",), membership_status="inactive"
    )
    counts = {sector.code: count for sector, count in selectors.members_by_sector()}
    assert counts["victim-services"] == 2
    assert counts["local-law-enforcement"] == 1
    assert counts["judges"] == 0
    assert len(counts) == Sector.objects.count()


def test_recently_joined_organizations(personas):
    today = timezone.localdate()
    newest = factories.organization("Newest", joined_on=today)
    factories.organization("Not yet", membership_status="prospective", joined_on=today)
    recent = selectors.recently_joined_organizations(limit=2)
    assert recent[0] == newest
    assert len(recent) == 2
    assert all(org.membership_status == MembershipStatus.ACTIVE for org in recent)


def test_member_organizations_keeps_included_ones(personas):
    gone = factories.organization("Gone", membership_status="withdrawn")
    assert gone not in selectors.member_organizations()
    assert gone in selectors.member_organizations(include=Organization.objects.filter(pk=gone.pk))


def test_people_for_assignment_are_active(personas):
    person = personas.advocate.person
    person.is_active = False
    person.save()
    assert person not in selectors.people_for_assignment()
    assert personas.detective.person in selectors.people_for_assignment()
    assert isinstance(selectors.people_for_assignment().first(), Person)


# --- Capacity age --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "text"),
    [
        (timedelta(seconds=10), "updated just now"),
        (timedelta(minutes=1), "updated 1 minute ago"),
        (timedelta(minutes=59), "updated 59 minutes ago"),
        (timedelta(hours=5), "updated 5 hours ago"),
        (timedelta(days=1, hours=2), "updated 1 day ago"),
        (timedelta(days=3), "updated 3 days ago"),
    ],
)
def test_capacity_age(personas, age, text):
    now = timezone.now()
    service = factories.service(
        personas.safe_harbor, "Beds", capacity_available=1, updated_days_ago=None
    )
    service.capacity_updated_at = now - age
    assert selectors.capacity_age(service, now=now) == text


def test_capacity_never_updated_and_staleness(personas):
    service = factories.service(personas.safe_harbor, "Beds", updated_days_ago=None)
    assert selectors.capacity_age(service) == "never updated"
    assert not selectors.capacity_is_stale(service)  # nothing tracked, nothing stale
    service.capacity_available = 2
    assert selectors.capacity_is_stale(service)
    service.capacity_updated_at = timezone.now() - timedelta(days=6)
    assert not selectors.capacity_is_stale(service)
    service.capacity_updated_at = timezone.now() - timedelta(days=8)
    assert selectors.capacity_is_stale(service)


@pytest.mark.parametrize(
    ("available", "maximum", "unit", "text"),
    [
        (3, 8, "beds", "3 of 8 beds available"),
        (0, 8, "beds", "0 of 8 beds available"),
        (2, None, "", "2 places available"),
        (None, 5, "clients", "Availability unknown (5 clients in all)"),
        (None, None, "", "Capacity not tracked"),
    ],
)
def test_capacity_text(available, maximum, unit, text):
    from taskforce.directory.models import Service
    from taskforce.directory.templatetags.directory_tags import capacity_text

    service = Service(capacity_available=available, capacity_maximum=maximum, capacity_unit=unit)
    assert capacity_text(service) == text
