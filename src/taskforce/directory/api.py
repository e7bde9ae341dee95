"""The directory over HTTP: organizations, people, services and capacity.

Thin like the pages: parse with schemas, call the same selectors and services, answer with
explicit output schemas. Lists fetch related rows in a fixed number of queries whatever the page
size. Vocabulary terms travel as codes and counties as ids, as in every other channel.
"""

# No `from __future__ import annotations` here: django-ninja builds its request models from these
# annotations when the module loads, and string annotations would not resolve there.

from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from ninja import Field, PatchDict, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from taskforce.core.access import COORDINATOR, MEMBER, SIGNED_IN
from taskforce.core.api_access import api_access, api_user
from taskforce.core.api_helpers import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    payload_data,
    responses,
    set_location,
)
from taskforce.directory import selectors, services
from taskforce.directory.models import (
    County,
    Expertise,
    ExpertiseArea,
    JurisdictionLevel,
    Language,
    MembershipStatus,
    MembershipType,
    Organization,
    OrganizationContact,
    Person,
    Population,
    Sector,
    Service,
    ServiceCategory,
)
from taskforce.directory.selectors import MAX_SEARCH_LENGTH, DirectoryFilters

router = Router()

CODE_PATTERN = r"^[A-Za-z0-9_-]{1,60}$"


# --- Output schemas ------------------------------------------------------------------------------


class TermOut(Schema):
    code: str
    name: str


class PopulationOut(TermOut):
    group: str


class CountyOut(Schema):
    id: int
    name: str
    state: str


class ContactOut(Schema):
    name: str
    role: str
    phone: str
    email: str
    is_on_call_24_7: bool
    notes: str


class OrganizationRefOut(Schema):
    id: int
    name: str
    acronym: str


class OrganizationOut(Schema):
    id: int
    name: str
    acronym: str
    sectors: list[TermOut]
    jurisdiction_level: str
    description: str
    street_address: str
    city: str
    state: str
    postal_code: str
    website: str
    main_phone: str
    counties_served: list[CountyOut]
    languages: list[TermOut]
    populations_served: list[PopulationOut]
    membership_status: str
    joined_on: date | None
    status_changed_on: date | None
    contacts: list[ContactOut]
    updated_at: datetime


class ExpertiseOut(Schema):
    area: TermOut
    years: int


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    title: str
    organization: OrganizationRefOut | None
    email: str
    phone: str
    preferred_language: TermOut | None
    membership_type: str
    is_active: bool
    expertise: list[ExpertiseOut]
    has_account: bool = Field(description="Whether the person has a sign-in account")
    updated_at: datetime

    @staticmethod
    def resolve_has_account(person: Person) -> bool:
        return person.user_id is not None


class ServiceOut(Schema):
    id: int
    organization: OrganizationRefOut
    name: str
    category: TermOut
    description: str
    eligibility: str
    populations: list[PopulationOut]
    languages: list[TermOut]
    counties: list[CountyOut] = Field(
        description="The service area; empty means all of the organization's counties"
    )
    hours: str
    is_24_7: bool
    capacity_available: int | None
    capacity_maximum: int | None
    capacity_unit: str
    capacity_updated_at: datetime | None
    capacity_age: str = Field(description='How old the capacity is, e.g. "updated 3 days ago"')
    capacity_stale: bool = Field(description="Tracked capacity not confirmed for a week or more")
    on_call_contacts: list[ContactOut] = Field(
        description="The organization's 24/7 on-call contacts"
    )
    is_active: bool
    updated_at: datetime

    @staticmethod
    def resolve_capacity_age(service: Service) -> str:
        return selectors.capacity_age(service)

    @staticmethod
    def resolve_capacity_stale(service: Service) -> bool:
        return selectors.capacity_is_stale(service)

    @staticmethod
    def resolve_on_call_contacts(service: Service) -> list[OrganizationContact]:
        return selectors.on_call_contacts_of(service.organization)


class VocabulariesOut(Schema):
    sectors: list[TermOut]
    service_categories: list[TermOut]
    expertise_areas: list[TermOut]
    populations: list[PopulationOut]
    languages: list[TermOut]
    counties: list[CountyOut]
    jurisdiction_levels: list[TermOut]
    membership_statuses: list[TermOut]
    membership_types: list[TermOut]


# --- Input schemas -------------------------------------------------------------------------------
# Types only: the field rules live in the directory's forms, which the services apply to every
# write, so the API reports the same messages as the pages.


class DirectoryQuery(Schema):
    q: str = Field("", max_length=MAX_SEARCH_LENGTH, description="Words that must all appear")
    sector: str = Field("", pattern=f"{CODE_PATTERN}|^$", description="Sector code")
    category: str = Field("", pattern=f"{CODE_PATTERN}|^$", description="Service category code")
    language: str = Field("", pattern=f"{CODE_PATTERN}|^$", description="Language code, e.g. es")
    county: int | None = Field(None, ge=1, description="County id")
    population: str = Field("", pattern=f"{CODE_PATTERN}|^$", description="Population code")
    open_24_7: bool = False
    has_capacity: bool = Field(False, description="Only services with capacity available now")
    membership_status: MembershipStatus | None = None

    def to_filters(self) -> DirectoryFilters:
        values = self.model_dump()
        values["q"] = " ".join(self.q.split())
        values["membership_status"] = self.membership_status.value if self.membership_status else ""
        return DirectoryFilters(**values)


class PeopleQuery(Schema):
    q: str = Field("", max_length=MAX_SEARCH_LENGTH, description="Words that must all appear")
    organization: int | None = Field(None, ge=1, description="Organization id")


class OrganizationIn(Schema):
    name: str
    acronym: str = ""
    sectors: list[str] = Field(default_factory=list, description="Sector codes")
    jurisdiction_level: JurisdictionLevel
    description: str = ""
    street_address: str = ""
    city: str = ""
    state: str = Field("", description="Two-letter state code")
    postal_code: str = ""
    website: str = ""
    main_phone: str = ""
    counties_served: list[int] = Field(default_factory=list, description="County ids")
    languages: list[str] = Field(default_factory=list, description="Language codes")
    populations_served: list[str] = Field(default_factory=list, description="Population codes")
    membership_status: MembershipStatus = Field(
        MembershipStatus.PROSPECTIVE, description="Coordinators only"
    )
    joined_on: date | None = Field(None, description="Coordinators only")
    status_changed_on: date | None = Field(None, description="Coordinators only")


class ExpertiseIn(Schema):
    area: str = Field(description="Expertise area code")
    years: int


class PersonIn(Schema):
    first_name: str
    last_name: str
    title: str = ""
    organization: int | None = Field(None, description="Organization id (coordinators only)")
    email: str = ""
    phone: str = ""
    preferred_language: str | None = Field(None, description="Language code")
    membership_type: MembershipType = Field(
        MembershipType.NON_VOTING, description="Coordinators only"
    )
    is_active: bool = Field(True, description="Coordinators only")
    expertise: list[ExpertiseIn] = Field(
        default_factory=list, description="Replaces the person's expertise when given"
    )


class ServiceIn(Schema):
    name: str
    category: str = Field(description="Service category code")
    description: str = ""
    eligibility: str = ""
    populations: list[str] = Field(default_factory=list, description="Population codes")
    languages: list[str] = Field(default_factory=list, description="Language codes")
    counties: list[int] = Field(
        default_factory=list, description="County ids; empty for all of the organization's"
    )
    hours: str = ""
    is_24_7: bool = False
    capacity_available: int | None = None
    capacity_maximum: int | None = None
    capacity_unit: str = ""
    is_active: bool = True


class CapacityIn(Schema):
    available: int | None = Field(description="Available now; null when unknown")
    maximum: int | None = Field(description="Maximum; null when unknown")


# --- Related rows, fetched once per list ---------------------------------------------------------


ORGANIZATION_RELATIONS = (
    "sectors",
    "counties_served",
    "languages",
    "populations_served",
    "contacts",
)
SERVICE_RELATIONS = ("populations", "languages", "counties")


def _expertise() -> Prefetch:
    return Prefetch("expertise", queryset=Expertise.objects.select_related("area"))


def _organization_for(request: HttpRequest, organization_id: int) -> Organization:
    organization = selectors.get_organization_for(api_user(request), organization_id)
    prefetch_related_objects([organization], *ORGANIZATION_RELATIONS)
    return organization


def _service_for(request: HttpRequest, service_id: int) -> Service:
    service = selectors.get_service_for(api_user(request), service_id)
    prefetch_related_objects(
        [service], *SERVICE_RELATIONS, selectors.on_call_contacts("organization__")
    )
    return service


def _person_for(request: HttpRequest, person_id: int) -> Person:
    person = selectors.get_person_for(api_user(request), person_id)
    prefetch_related_objects([person], _expertise())
    return person


# --- Vocabularies --------------------------------------------------------------------------------


def _choices(choices: type[models.Choices]) -> list[dict[str, str]]:
    return [{"code": str(value), "name": str(label)} for value, label in choices.choices]


@router.get("/vocabularies", response=responses({200: VocabulariesOut}), tags=["vocabularies"])
@api_access(SIGNED_IN)
def get_vocabularies(request: HttpRequest) -> dict[str, Any]:
    """The codes and ids the directory's fields and filters accept."""
    return {
        "sectors": Sector.objects.all(),
        "service_categories": ServiceCategory.objects.all(),
        "expertise_areas": ExpertiseArea.objects.all(),
        "populations": Population.objects.all(),
        "languages": Language.objects.all(),
        "counties": County.objects.all(),
        "jurisdiction_levels": _choices(JurisdictionLevel),
        "membership_statuses": _choices(MembershipStatus),
        "membership_types": _choices(MembershipType),
    }


# --- Organizations -------------------------------------------------------------------------------


@router.get(
    "/organizations", response=responses({200: list[OrganizationOut]}), tags=["organizations"]
)
@api_access(SIGNED_IN)
@paginate(PageNumberPagination, page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_organizations(
    request: HttpRequest, filters: Query[DirectoryQuery]
) -> QuerySet[Organization]:
    """Organizations matching every filter. Category, 24/7 and capacity keep organizations with
    at least one active service meeting all three."""
    found = selectors.search_organizations(api_user(request), filters.to_filters())
    return found.prefetch_related(*ORGANIZATION_RELATIONS)


@router.get(
    "/organizations/{organization_id}",
    response=responses({200: OrganizationOut}),
    tags=["organizations"],
)
@api_access(SIGNED_IN)
def get_organization(request: HttpRequest, organization_id: int) -> Organization:
    return _organization_for(request, organization_id)


@router.post("/organizations", response=responses({201: OrganizationOut}), tags=["organizations"])
@api_access(COORDINATOR)
def create_organization(
    request: HttpRequest, payload: OrganizationIn, response: HttpResponse
) -> Status:
    organization = services.create_organization(
        api_user(request), payload_data(payload), request=request
    )
    set_location(response, "get_organization", organization_id=organization.pk)
    return Status(201, _organization_for(request, organization.pk))


@router.patch(
    "/organizations/{organization_id}",
    response=responses({200: OrganizationOut}),
    tags=["organizations"],
)
@api_access(MEMBER)
def update_organization(
    request: HttpRequest, organization_id: int, payload: PatchDict[OrganizationIn]
) -> Organization:
    """Coordinators change anything; an organization's own staff change its details but not its
    membership status or dates."""
    organization = selectors.get_organization_for(api_user(request), organization_id)
    services.update_organization(api_user(request), organization, payload, request=request)
    return _organization_for(request, organization_id)


@router.get(
    "/organizations/{organization_id}/services",
    response=responses({200: list[ServiceOut]}),
    tags=["services"],
)
@api_access(SIGNED_IN)
@paginate(PageNumberPagination, page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_organization_services(request: HttpRequest, organization_id: int) -> QuerySet[Service]:
    """All of an organization's services, those no longer offered included (listed last)."""
    organization = selectors.get_organization_for(api_user(request), organization_id)
    return selectors.organization_services(api_user(request), organization).prefetch_related(
        *SERVICE_RELATIONS, selectors.on_call_contacts("organization__")
    )


@router.post(
    "/organizations/{organization_id}/services",
    response=responses({201: ServiceOut}),
    tags=["services"],
)
@api_access(MEMBER)
def create_service(
    request: HttpRequest, organization_id: int, payload: ServiceIn, response: HttpResponse
) -> Status:
    """Coordinators add services to any organization; members to their own."""
    organization = selectors.get_organization_for(api_user(request), organization_id)
    service = services.create_service(
        api_user(request), organization, payload_data(payload), request=request
    )
    set_location(response, "get_service", service_id=service.pk)
    return Status(201, _service_for(request, service.pk))


# --- Services and capacity -----------------------------------------------------------------------


@router.get("/services", response=responses({200: list[ServiceOut]}), tags=["services"])
@api_access(SIGNED_IN)
@paginate(PageNumberPagination, page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_services(request: HttpRequest, filters: Query[DirectoryQuery]) -> QuerySet[Service]:
    """Active services matching every filter, those with capacity available first. A service
    with no counties of its own serves its organization's counties."""
    found = selectors.search_services(api_user(request), filters.to_filters())
    # The search already fetches languages, populations and on-call contacts.
    return found.prefetch_related("counties")


@router.get("/services/{service_id}", response=responses({200: ServiceOut}), tags=["services"])
@api_access(SIGNED_IN)
def get_service(request: HttpRequest, service_id: int) -> Service:
    return _service_for(request, service_id)


@router.patch("/services/{service_id}", response=responses({200: ServiceOut}), tags=["services"])
@api_access(MEMBER)
def update_service(request: HttpRequest, service_id: int, payload: PatchDict[ServiceIn]) -> Service:
    """Coordinators change any service; members their own organization's. Changing either
    capacity figure stamps `capacity_updated_at`."""
    service = selectors.get_service_for(api_user(request), service_id)
    services.update_service(api_user(request), service, payload, request=request)
    return _service_for(request, service_id)


@router.put(
    "/services/{service_id}/capacity",
    response=responses({200: ServiceOut}),
    tags=["services"],
)
@api_access(MEMBER)
def update_capacity(request: HttpRequest, service_id: int, payload: CapacityIn) -> Service:
    """Record the capacity now. Sending unchanged figures confirms them as current."""
    service = selectors.get_service_for(api_user(request), service_id)
    services.update_capacity(
        api_user(request),
        service,
        available=payload.available,
        maximum=payload.maximum,
        request=request,
    )
    return _service_for(request, service_id)


# --- People --------------------------------------------------------------------------------------


@router.get("/people", response=responses({200: list[PersonOut]}), tags=["people"])
@api_access(MEMBER)
@paginate(PageNumberPagination, page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_people(request: HttpRequest, filters: Query[PeopleQuery]) -> QuerySet[Person]:
    found = selectors.search_people(api_user(request), filters.q, filters.organization)
    return found.prefetch_related(_expertise())


@router.get("/people/{person_id}", response=responses({200: PersonOut}), tags=["people"])
@api_access(MEMBER)
def get_person(request: HttpRequest, person_id: int) -> Person:
    return _person_for(request, person_id)


@router.post("/people", response=responses({201: PersonOut}), tags=["people"])
@api_access(COORDINATOR)
def create_person(request: HttpRequest, payload: PersonIn, response: HttpResponse) -> Status:
    person = services.create_person(api_user(request), payload_data(payload), request=request)
    set_location(response, "get_person", person_id=person.pk)
    return Status(201, _person_for(request, person.pk))


@router.patch("/people/{person_id}", response=responses({200: PersonOut}), tags=["people"])
@api_access(MEMBER)
def update_person(request: HttpRequest, person_id: int, payload: PatchDict[PersonIn]) -> Person:
    """Coordinators change anything; people change their own details and expertise, not their
    organization, membership type or status."""
    person = selectors.get_person_for(api_user(request), person_id)
    services.update_person(api_user(request), person, payload, request=request)
    return _person_for(request, person_id)
