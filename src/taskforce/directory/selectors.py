"""Every read of the directory that depends on who is asking.

Signed-in accounts, visitors included, see organizations and services: that is what the directory
is for. People (names, e-mail addresses, phone numbers) are for members only. A record someone may
not see, or may not edit on an edit page, answers 404.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any, Literal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from taskforce.core import audit
from taskforce.core.access import SIGNED_IN
from taskforce.core.models import AuditEvent
from taskforce.directory.models import (
    County,
    Expertise,
    MembershipStatus,
    MembershipType,
    Organization,
    OrganizationContact,
    Person,
    Sector,
    Service,
    ServiceCategory,
)
from taskforce.directory.permissions import (
    can_edit_organization,
    can_edit_person,
    can_manage_directory,
    can_view_people,
    person_of,
)

# Capacity figures older than this are flagged: a bed count from last week is a guess.
CAPACITY_STALE_AFTER = timedelta(days=7)
# Free text is split into words, each of which must match somewhere; a cap keeps queries bounded.
MAX_SEARCH_TERMS = 8
MAX_SEARCH_LENGTH = 200
HISTORY_LIMIT = 100

_CODE = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
_TRUE = {"1", "true", "on", "yes"}


# --- Filters -------------------------------------------------------------------------------------


def _code(value: Any) -> str:
    text = str(value or "").strip()
    return text if _CODE.match(text) else ""


def _flag(value: Any) -> bool:
    return str(value or "").strip().lower() in _TRUE


def _positive_int(value: Any) -> int | None:
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 18:
        return None
    number = int(text)
    return number if number > 0 else None


@dataclass
class DirectoryFilters:
    """What a directory search asks for. Vocabulary fields hold codes; county holds an id."""

    q: str = ""
    sector: str = ""
    category: str = ""
    language: str = ""
    county: int | None = None
    population: str = ""
    open_24_7: bool = False
    has_capacity: bool = False
    membership_status: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> DirectoryFilters:
        """Read filters from GET parameters; anything malformed is dropped, never an error."""
        q = " ".join(str(params.get("q", "") or "").split())[:MAX_SEARCH_LENGTH]
        status = str(params.get("membership_status", "") or "").strip()
        return cls(
            q=q,
            sector=_code(params.get("sector")),
            category=_code(params.get("category")),
            language=_code(params.get("language")),
            county=_positive_int(params.get("county")),
            population=_code(params.get("population")),
            open_24_7=_flag(params.get("open_24_7")),
            has_capacity=_flag(params.get("has_capacity")),
            membership_status=status if status in MembershipStatus.values else "",
        )

    def to_query(self) -> dict[str, str]:
        """The non-empty filters as GET parameters (the inverse of `from_query`)."""
        query: dict[str, str] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is True:
                query[field.name] = "1"
            elif value not in (None, "", False):
                query[field.name] = str(value)
        return query

    @property
    def is_empty(self) -> bool:
        return not self.to_query()

    @property
    def service_only(self) -> bool:
        """Whether any filter applies to services rather than to organizations."""
        return bool(self.category or self.open_24_7 or self.has_capacity)


def _text_query(q: str, lookups: tuple[str, ...]) -> Q:
    """Every word must appear in at least one of the fields."""
    condition = Q()
    for term in q.split()[:MAX_SEARCH_TERMS]:
        condition &= reduce(or_, (Q(**{f"{lookup}__icontains": term}) for lookup in lookups))
    return condition


# --- Organizations -------------------------------------------------------------------------------


def organizations_visible_to(user: Any) -> QuerySet[Organization]:
    if not SIGNED_IN.allows(user):
        return Organization.objects.none()
    return Organization.objects.all()


def get_organization_for(user: Any, pk: int) -> Organization:
    return get_object_or_404(organizations_visible_to(user), pk=pk)


def get_editable_organization_for(user: Any, pk: int) -> Organization:
    """The organization, when this user may change it; otherwise 404 as if it were not there."""
    organization = get_organization_for(user, pk)
    if not can_edit_organization(user, organization):
        raise Http404("No such organization.")
    return organization


def organization_of(user: Any) -> Organization | None:
    person = person_of(user)
    return person.organization if person is not None else None


def on_call_contacts(path: str = "") -> Prefetch:
    """Prefetch an organization's 24/7 on-call contacts into `.on_call_contacts`; `path` leads
    from the queried model to the organization ("organization__" from services)."""
    return Prefetch(
        f"{path}contacts",
        queryset=OrganizationContact.objects.filter(is_on_call_24_7=True),
        to_attr="on_call_contacts",
    )


def on_call_contacts_of(organization: Organization) -> list[OrganizationContact]:
    prefetched: list[OrganizationContact] | None = getattr(organization, "on_call_contacts", None)
    if prefetched is None:
        prefetch_related_objects([organization], on_call_contacts())
        prefetched = organization.on_call_contacts  # type: ignore[attr-defined]
    return prefetched


def _organization_has(through: Any, **term: Any) -> Exists:
    return Exists(through.objects.filter(organization_id=OuterRef("pk"), **term))


def search_organizations(user: Any, filters: DirectoryFilters) -> QuerySet[Organization]:
    """Organizations matching every filter.

    With a service filter (category, 24/7, capacity), an organization matches when one of its
    active services meets all the service filters at once (language, population and county
    included), just as in the service search. Otherwise an organization matches a language,
    population or county when it lists the term itself or one of its active services does.
    """
    organizations = organizations_visible_to(user)
    if filters.q:
        organizations = organizations.filter(
            _text_query(filters.q, ("name", "acronym", "description"))
        )
    if filters.sector:
        organizations = organizations.filter(
            _organization_has(Organization.sectors.through, sector__code=filters.sector)
        )
    if filters.membership_status:
        organizations = organizations.filter(membership_status=filters.membership_status)
    if filters.service_only:
        organizations = organizations.filter(Exists(_services_of_organization(filters)))
    else:
        own_terms = (
            ("language", Organization.languages.through, "language__code", "languages__code"),
            (
                "population",
                Organization.populations_served.through,
                "population__code",
                "populations__code",
            ),
            ("county", Organization.counties_served.through, "county_id", "counties__id"),
        )
        for name, through, own_lookup, service_lookup in own_terms:
            value = getattr(filters, name)
            if value not in ("", None):
                # Uncorrelated subqueries: each runs once, rather than once per organization.
                # A service that lists no county serves its organization's counties, which the
                # first subquery already covers.
                listed = through.objects.filter(**{own_lookup: value}).values("organization_id")
                offered = Service.objects.filter(is_active=True, **{service_lookup: value}).values(
                    "organization_id"
                )
                organizations = organizations.filter(Q(pk__in=listed) | Q(pk__in=offered))
    return organizations.order_by("name", "pk").prefetch_related(
        "sectors", "counties_served", "languages", "populations_served", on_call_contacts()
    )


def member_organizations(include: QuerySet[Organization] | None = None) -> QuerySet[Organization]:
    """Active member organizations, plus any in `include` (so a saved choice stays valid)."""
    condition = Q(membership_status=MembershipStatus.ACTIVE)
    if include is not None:
        condition |= Q(pk__in=include.values("pk"))
    return Organization.objects.filter(condition).order_by("name")


def organization_services(user: Any, organization: Organization) -> QuerySet[Service]:
    return (
        services_visible_to(user)
        .filter(organization=organization)
        .order_by("-is_active", "name")
        .prefetch_related("languages", "populations", "counties")
    )


def organization_people(user: Any, organization: Organization) -> QuerySet[Person]:
    return people_visible_to(user).filter(organization=organization)


def organization_history(user: Any, organization: Organization) -> list[AuditEvent]:
    """Changes to the organization, its contacts and its services (coordinators only)."""
    if not can_manage_directory(user):
        return []
    events = reduce(
        or_,
        [
            audit.history_for(organization),
            *(audit.history_for(service) for service in organization.services.only("pk")),
        ],
    )
    return list(events.order_by("-sequence")[:HISTORY_LIMIT])


def record_history(user: Any, target: Organization | Person | Service) -> list[AuditEvent]:
    """A record's own change history, for coordinators."""
    if not can_manage_directory(user):
        return []
    return list(audit.history_for(target).order_by("-sequence")[:HISTORY_LIMIT])


# --- Contacts ------------------------------------------------------------------------------------


def get_editable_contact_for(user: Any, pk: int) -> OrganizationContact:
    contact = (
        OrganizationContact.objects.select_related("organization")
        .filter(organization__in=organizations_visible_to(user), pk=pk)
        .first()
    )
    if contact is None or not can_edit_organization(user, contact.organization):
        raise Http404("No such contact.")
    return contact


# --- People --------------------------------------------------------------------------------------


def people_visible_to(user: Any) -> QuerySet[Person]:
    if not can_view_people(user):
        return Person.objects.none()
    return Person.objects.select_related("organization", "preferred_language")


def get_person_for(user: Any, pk: int) -> Person:
    return get_object_or_404(people_visible_to(user), pk=pk)


def get_editable_person_for(user: Any, pk: int) -> Person:
    person = get_person_for(user, pk)
    if not can_edit_person(user, person):
        raise Http404("No such person.")
    return person


def search_people(user: Any, q: str = "", organization_id: int | None = None) -> QuerySet[Person]:
    people = people_visible_to(user)
    if q:
        people = people.filter(
            _text_query(q, ("first_name", "last_name", "title", "email", "organization__name"))
        )
    if organization_id is not None:
        people = people.filter(organization_id=organization_id)
    return people.order_by("last_name", "first_name", "pk")


def people_for_assignment(include: int | None = None) -> QuerySet[Person]:
    """Active members (not visitors), with their organization, for choosing leaders and owners,
    plus the person `include` (so a saved choice stays valid after they leave)."""
    condition = Q(is_active=True) & ~Q(membership_type=MembershipType.VISITOR)
    if include is not None:
        condition |= Q(pk=include)
    return Person.objects.filter(condition).select_related("organization")


def years_in_area(area_id: int, person_ids: Collection[int]) -> dict[int, int]:
    """{person id: years of experience} in an area, for the people who recorded any."""
    rows = Expertise.objects.filter(area_id=area_id, person_id__in=list(person_ids))
    return dict(rows.values_list("person_id", "years"))


def email_addresses(person_ids: Collection[int]) -> list[str]:
    """One address per person with one (their directory address, else their account's), without
    repeats, for e-mail to a group."""
    addresses: dict[str, None] = {}
    rows = Person.objects.filter(pk__in=list(person_ids), is_active=True).values_list(
        "email", "user__email"
    )
    for own, account in rows:
        address = own or account or ""
        if address:
            addresses.setdefault(address.lower(), None)
    return list(addresses)


# --- Services ------------------------------------------------------------------------------------


def services_visible_to(user: Any) -> QuerySet[Service]:
    if not SIGNED_IN.allows(user):
        return Service.objects.none()
    return Service.objects.select_related("organization", "category")


def get_service_for(user: Any, pk: int) -> Service:
    return get_object_or_404(services_visible_to(user), pk=pk)


def get_editable_service_for(user: Any, pk: int) -> Service:
    service = get_service_for(user, pk)
    if not can_edit_organization(user, service.organization):
        raise Http404("No such service.")
    return service


def _service_conditions(filters: DirectoryFilters) -> list[Q | Exists]:
    """What a service itself must offer; usable on any queryset of services, outer or nested.

    The service area is the service's counties, or its organization's when it lists none.
    """
    conditions: list[Q | Exists] = []
    if filters.category:
        conditions.append(Q(category__code=filters.category))
    if filters.open_24_7:
        conditions.append(Q(is_24_7=True))
    if filters.has_capacity:
        conditions.append(Q(capacity_available__gt=0))
    # A join, not a subquery: the database starts from the few rows with this term, and a code
    # names one term, which a service lists at most once, so no row is repeated.
    if filters.language:
        conditions.append(Q(languages__code=filters.language))
    if filters.population:
        conditions.append(Q(populations__code=filters.population))
    if filters.county is not None:
        service_area = Service.counties.through.objects.filter(service_id=OuterRef("pk"))
        organization_area = Organization.counties_served.through.objects.filter(
            organization_id=OuterRef("organization_id"), county_id=filters.county
        )
        conditions.append(
            Exists(service_area.filter(county_id=filters.county))
            | (~Exists(service_area) & Exists(organization_area))
        )
    return conditions


def _services_of_organization(filters: DirectoryFilters) -> QuerySet[Service]:
    """Active services of the organization in the enclosing query that offer what is asked."""
    return Service.objects.filter(organization_id=OuterRef("pk"), is_active=True).filter(
        *_service_conditions(filters)
    )


def search_services(user: Any, filters: DirectoryFilters) -> QuerySet[Service]:
    """Active services matching every filter, those with free capacity first.

    Related rows are fetched in a fixed number of queries for any page of results.
    """
    services = services_visible_to(user).filter(*_service_conditions(filters), is_active=True)
    if filters.q:
        services = services.filter(
            _text_query(
                filters.q,
                (
                    "name",
                    "description",
                    "eligibility",
                    "category__name",
                    "organization__name",
                    "organization__acronym",
                ),
            )
        )
    if filters.sector:
        services = services.filter(
            Exists(
                Organization.sectors.through.objects.filter(
                    organization_id=OuterRef("organization_id"), sector__code=filters.sector
                )
            )
        )
    if filters.membership_status:
        services = services.filter(organization__membership_status=filters.membership_status)
    return (
        services.annotate(
            has_capacity=Case(
                When(capacity_available__gt=0, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-has_capacity", "organization__name", "name", "pk")
        .prefetch_related(
            "languages",
            "populations",
            on_call_contacts("organization__"),
        )
    )


def capacity_is_tracked(service: Service) -> bool:
    return service.capacity_available is not None or service.capacity_maximum is not None


def capacity_is_stale(service: Service, now: datetime | None = None) -> bool:
    """Tracked capacity that was never confirmed, or not confirmed for a week."""
    if not capacity_is_tracked(service):
        return False
    if service.capacity_updated_at is None:
        return True
    return (now or timezone.now()) - service.capacity_updated_at > CAPACITY_STALE_AFTER


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def capacity_age(service: Service, now: datetime | None = None) -> str:
    """How old the capacity figures are, in words: "updated 3 days ago"."""
    updated = service.capacity_updated_at
    if updated is None:
        return "never updated"
    seconds = int(((now or timezone.now()) - updated).total_seconds())
    if seconds < 60:
        return "updated just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"updated {_plural(minutes, 'minute')} ago"
    hours = minutes // 60
    if hours < 24:
        return f"updated {_plural(hours, 'hour')} ago"
    return f"updated {_plural(hours // 24, 'day')} ago"


# --- Sectors -------------------------------------------------------------------------------------

CoverageStatus = Literal["covered", "inactive-only", "missing"]
_STATUS_ORDER: dict[str, int] = {"missing": 0, "inactive-only": 1, "covered": 2}
_STATUS_LABELS: dict[str, str] = {
    "missing": "Missing",
    "inactive-only": "Only inactive members",
    "covered": "Covered",
}


@dataclass(frozen=True)
class SectorCoverage:
    sector: Sector
    active: int
    inactive: int
    prospective: int
    status: CoverageStatus

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self.status]


def _count_members(*statuses: str) -> Count:
    return Count(
        "organizations",
        filter=Q(organizations__membership_status__in=statuses),
        distinct=True,
    )


def sector_coverage() -> list[SectorCoverage]:
    """Every sector with its member counts, gaps first (missing, then only inactive members).

    Inactive and withdrawn members count as "inactive"; prospective members do not cover a sector.
    """
    rows = Sector.objects.annotate(
        active_count=_count_members(MembershipStatus.ACTIVE),
        inactive_count=_count_members(MembershipStatus.INACTIVE, MembershipStatus.WITHDRAWN),
        prospective_count=_count_members(MembershipStatus.PROSPECTIVE),
    ).order_by("sort_order", "name")
    coverage = []
    for sector in rows:
        status: CoverageStatus
        if sector.active_count:
            status = "covered"
        elif sector.inactive_count:
            status = "inactive-only"
        else:
            status = "missing"
        coverage.append(
            SectorCoverage(
                sector=sector,
                active=sector.active_count,
                inactive=sector.inactive_count,
                prospective=sector.prospective_count,
                status=status,
            )
        )
    return sorted(coverage, key=lambda row: _STATUS_ORDER[row.status])


def members_by_sector() -> list[tuple[Sector, int]]:
    """Active member organizations per sector, every sector listed (zero included)."""
    rows = Sector.objects.annotate(members=_count_members(MembershipStatus.ACTIVE)).order_by(
        "sort_order", "name"
    )
    return [(sector, sector.members) for sector in rows]


def recently_joined_organizations(limit: int = 5) -> list[Organization]:
    return list(
        Organization.objects.filter(
            membership_status=MembershipStatus.ACTIVE, joined_on__isnull=False
        ).order_by("-joined_on", "name")[: max(limit, 0)]
    )


# --- Counties ------------------------------------------------------------------------------------


def counties_with_use() -> QuerySet[County]:
    """Every county, with how many organizations serve it and how many services name it."""
    return County.objects.annotate(
        organization_count=Count("organizations", distinct=True),
        service_count=Count("services", distinct=True),
    ).order_by("state", "name")


@dataclass(frozen=True)
class ListedCapacity:
    """One active service's listed capacity, for comparing with what an organization promises."""

    organization_id: int
    category_id: int
    service: str
    maximum: int | None
    unit: str
    is_24_7: bool


def listed_capacity(organization_ids: Collection[int]) -> list[ListedCapacity]:
    """The active services of these organizations with their listed capacity, in one query."""
    return [
        ListedCapacity(*row)
        for row in Service.objects.filter(
            organization_id__in=list(organization_ids), is_active=True
        )
        .annotate(listed=Coalesce("capacity_maximum", "capacity_available"))
        .values_list("organization_id", "category_id", "name", "listed", "capacity_unit", "is_24_7")
    ]


def service_category_by_code(code: str) -> ServiceCategory | None:
    return ServiceCategory.objects.filter(code=code).first()
