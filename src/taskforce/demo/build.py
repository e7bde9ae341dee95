"""Build the fictional demo task force into the database.

The directory and accounts are loaded with the ORM inside one transaction and recorded as a single
`demo.loaded` audit event (a bulk load is one act, not hundreds of edits). The charter, its goals
and objectives, and the leadership terms go through the governance services, so they carry their
own history exactly as if a coordinator had written them.

A database that holds anything other than demo data is never touched unless the caller forces it,
and production settings refuse the demo outright unless forced: its passwords and two-factor
secrets are published.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.test.utils import override_settings
from django.utils import timezone

from taskforce.accounts.models import Role, TwoFactorDevice, User
from taskforce.agreements.models import Agreement, AgreementStatus
from taskforce.core import audit
from taskforce.core.models import AuditEvent, SiteSettings
from taskforce.demo import data
from taskforce.demo.build_agreements import build_agreements
from taskforce.demo.build_decisions import build_decisions
from taskforce.demo.build_governance import build_governance
from taskforce.directory.models import (
    County,
    Expertise,
    ExpertiseArea,
    Language,
    MembershipStatus,
    Organization,
    OrganizationContact,
    Person,
    Population,
    Sector,
    Service,
    ServiceCategory,
)
from taskforce.governance import services as governance
from taskforce.governance.models import Body, Charter
from taskforce.meetings.models import Meeting, MeetingStatus
from taskforce.plans.models import CommitteePlan

# Reference vocabularies loaded by migrations, and Django's own bookkeeping: kept when the demo is
# rebuilt, because nothing would load them again.
KEPT_MODELS = frozenset(
    {
        "directory.sector",
        "directory.servicecategory",
        "directory.expertisearea",
        "directory.population",
        "directory.language",
        "contenttypes.contenttype",
        "auth.permission",
    }
)

DEMO_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Any row in these means someone has used the database.
CONTENT_MODELS: tuple[type[models.Model], ...] = (
    User,
    Organization,
    Person,
    Service,
    Charter,
    AuditEvent,
)

Vocab = TypeVar("Vocab", Sector, ServiceCategory, ExpertiseArea, Population, Language)


class DemoRefused(Exception):
    """The demo would overwrite data that is not demo data, or run under production settings."""


class DatabaseState(enum.Enum):
    EMPTY = "empty"
    DEMO = "demo"
    OTHER = "other"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    name: str
    organization: str
    totp_secret: str | None


@dataclass(frozen=True)
class DemoSummary:
    built: bool  # False when an existing demo database was kept as it was
    organizations: int
    people: int
    services: int
    sectors_at_table: int
    bodies: int
    meetings_held: int
    committee_plans: int
    agreements: int
    agreements_in_effect: int
    logins: tuple[DemoLogin, ...]
    password: str = data.DEMO_PASSWORD


def database_state() -> DatabaseState:
    if SiteSettings.objects.filter(pk=1, contains_demo_data=True).exists():
        return DatabaseState.DEMO
    if any(model._default_manager.exists() for model in CONTENT_MODELS):
        return DatabaseState.OTHER
    return DatabaseState.EMPTY


def build_demo(*, reset: bool = False, force: bool = False) -> DemoSummary:
    """Load the demo task force.

    An empty database is filled. A demo database is kept as it is, or emptied and rebuilt when
    `reset` is true. Any other database is refused unless `force` is true, in which case it is
    emptied: everything except the reference vocabularies is deleted.
    """
    if settings.PRODUCTION and not force:
        raise DemoRefused(
            "The demo publishes its passwords and two-factor secrets, so it does not run under "
            "production settings. Use --force only on a throwaway production-like database."
        )
    # Building circulates agendas and minutes to the fictional members: keep those messages in
    # memory rather than printing them or handing them to a real mail server. The override spans
    # the commit, when the minutes' e-mails are sent.
    with override_settings(EMAIL_BACKEND=DEMO_EMAIL_BACKEND), transaction.atomic():
        state = database_state()
        if state is DatabaseState.OTHER and not force:
            raise DemoRefused(
                "The database already holds data that is not demo data. Use another database "
                "(TASKFORCE_SQLITE_PATH or DATABASE_URL), or --force to erase it and load the demo."
            )
        if state is DatabaseState.DEMO and not reset:
            return demo_summary(built=False)
        if state is not DatabaseState.EMPTY:
            _empty_database()
        _load()
        return demo_summary(built=True)


def demo_summary(*, built: bool) -> DemoSummary:
    published = data.logins()
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=[login.username for _, login in published]
        ).select_related("person__organization")
    }
    demo_logins = []
    for _, login in published:
        user = users.get(login.username)
        if user is None:
            continue
        person = getattr(user, "person", None)
        organization = person.organization if person is not None else None
        demo_logins.append(
            DemoLogin(
                username=user.username,
                role=user.get_role_display(),
                name=user.get_full_name(),
                organization=(organization.acronym or organization.name) if organization else "",
                totp_secret=login.totp_secret,
            )
        )
    return DemoSummary(
        built=built,
        organizations=Organization.objects.count(),
        people=Person.objects.count(),
        services=Service.objects.count(),
        sectors_at_table=Sector.objects.filter(
            organizations__membership_status=MembershipStatus.ACTIVE
        )
        .distinct()
        .count(),
        bodies=Body.objects.count(),
        meetings_held=Meeting.objects.filter(status=MeetingStatus.HELD).count(),
        committee_plans=CommitteePlan.objects.count(),
        agreements=Agreement.objects.count(),
        agreements_in_effect=Agreement.objects.filter(status=AgreementStatus.EFFECTIVE).count(),
        logins=tuple(demo_logins),
    )


def _empty_database() -> None:
    """Delete every row except the kept reference tables, in the caller's transaction.

    This bypasses the models on purpose: the audit log is append-only through the ORM, and a
    rebuilt demo starts a fresh chain, which `verify-audit` then accepts from its genesis.
    """
    existing = set(connection.introspection.table_names())
    tables: list[str] = []
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if not opts.managed or opts.proxy or opts.label_lower in KEPT_MODELS:
            continue
        if opts.db_table in existing and opts.db_table not in tables:
            tables.append(opts.db_table)
    # PostgreSQL refuses to truncate tables with deferred constraint checks still pending from
    # earlier writes in this transaction; checking them now settles them.
    connection.check_constraints()
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    connection.ops.execute_sql_flush(statements)


def _by_code(model: type[Vocab], codes: Iterable[str]) -> dict[str, Vocab]:
    """Rows of a vocabulary by code, failing with the missing codes named."""
    wanted = set(codes)
    found = {row.code: row for row in model._default_manager.filter(code__in=wanted)}
    missing = sorted(wanted - set(found))
    if missing:
        raise RuntimeError(
            f"The {model._meta.verbose_name_plural} vocabulary lacks {', '.join(missing)}; "
            "run the migrations first."
        )
    return found


def _on(today: datetime.date, offset: int) -> datetime.date:
    return today + datetime.timedelta(days=offset)


def _maybe_on(today: datetime.date, offset: int | None) -> datetime.date | None:
    return None if offset is None else _on(today, offset)


def _load() -> None:
    today = timezone.localdate()
    now = timezone.now()
    specs = data.ORGANIZATIONS
    sectors = _by_code(Sector, (code for org in specs for code in org.sectors))
    categories = _by_code(ServiceCategory, (s.category for org in specs for s in org.services))
    areas = _by_code(
        ExpertiseArea,
        (area for _, person in data.all_people() for area, _years in person.expertise),
    )
    populations = _by_code(
        Population,
        {
            *(code for org in specs for code in org.populations),
            *(code for org in specs for s in org.services for code in s.populations),
        },
    )
    languages = _by_code(
        Language,
        {
            *(code for org in specs for code in org.languages),
            *(code for org in specs for s in org.services for code in s.languages),
            *(person.language for _, person in data.all_people()),
        },
    )
    counties = {
        key: County.objects.get_or_create(name=name, state=data.STATE)[0]
        for key, name in data.COUNTIES.items()
    }

    people_by_key: dict[str, Person] = {}
    users: dict[str, User] = {}
    counts = {"organizations": 0, "contacts": 0, "people": 0, "accounts": 0, "services": 0}
    for spec in specs:
        organization = _create_organization(spec, today, sectors, counties, languages, populations)
        counts["organizations"] += 1
        contacts = [
            OrganizationContact(
                organization=organization,
                name=contact.name,
                role=contact.role,
                phone=contact.phone,
                email=f"{contact.mailbox}@{spec.domain}" if contact.mailbox else "",
                is_on_call_24_7=contact.on_call,
                notes=contact.notes,
            )
            for contact in spec.contacts
        ]
        for contact in contacts:
            contact.full_clean(exclude=["organization"])
        OrganizationContact.objects.bulk_create(contacts)
        counts["contacts"] += len(contacts)
        for index, person_spec in enumerate(spec.people, start=1):
            person = _create_person(spec, person_spec, index, organization, languages, areas, now)
            people_by_key[person_spec.key] = person
            counts["people"] += 1
            if person.user is not None:
                users[person.user.username] = person.user
                counts["accounts"] += 1
        for service_spec in spec.services:
            _create_service(
                service_spec, organization, now, categories, populations, languages, counties
            )
            counts["services"] += 1

    _write_charter(users["admin"], people_by_key, today)
    site = SiteSettings.load()
    site.contains_demo_data = True
    site.save(update_fields=["contains_demo_data"])
    audit.record(
        None,
        "demo.loaded",
        None,
        changes=counts,
        target_label=data.TASK_FORCE_NAME,
    )
    build_governance(people_by_key, today)
    build_decisions(people_by_key, today)
    build_agreements(people_by_key, today)


def _create_organization(
    spec: data.OrganizationSpec,
    today: datetime.date,
    sectors: dict[str, Sector],
    counties: dict[str, County],
    languages: dict[str, Language],
    populations: dict[str, Population],
) -> Organization:
    joined_on = _on(today, -spec.joined_days_ago) if spec.joined_days_ago is not None else None
    changed_on = (
        _on(today, -spec.status_changed_days_ago)
        if spec.status_changed_days_ago is not None
        else joined_on
    )
    organization = Organization(
        name=spec.name,
        acronym=spec.acronym,
        jurisdiction_level=spec.level,
        description=spec.description,
        street_address=spec.street,
        city=spec.city,
        state=data.STATE,
        postal_code=spec.postal_code,
        website=spec.website,
        main_phone=spec.phone,
        membership_status=spec.status,
        joined_on=joined_on,
        status_changed_on=changed_on,
    )
    organization.full_clean()
    organization.save()
    organization.sectors.set([sectors[code] for code in spec.sectors])
    organization.counties_served.set([counties[key] for key in spec.counties])
    organization.languages.set([languages[code] for code in spec.languages])
    organization.populations_served.set([populations[code] for code in spec.populations])
    return organization


def _create_person(
    org_spec: data.OrganizationSpec,
    spec: data.PersonSpec,
    index: int,
    organization: Organization,
    languages: dict[str, Language],
    areas: dict[str, ExpertiseArea],
    now: datetime.datetime,
) -> Person:
    email = data.email_for(spec.first_name, spec.last_name, org_spec.domain)
    user = _create_user(spec.login, spec, email, now) if spec.login is not None else None
    person = Person(
        first_name=spec.first_name,
        last_name=spec.last_name,
        title=spec.title,
        organization=organization,
        email=email,
        phone=f"{org_spec.phone} ext. {100 + index}",
        preferred_language=languages[spec.language],
        membership_type=spec.membership,
        user=user,
        is_active=spec.active,
    )
    person.full_clean()
    person.save()
    Expertise.objects.bulk_create(
        Expertise(person=person, area=areas[area], years=years) for area, years in spec.expertise
    )
    return person


def _create_user(
    login: data.Login, spec: data.PersonSpec, email: str, now: datetime.datetime
) -> User:
    user = User.objects.create_user(
        username=login.username,
        email=email,
        password=data.DEMO_PASSWORD,
        first_name=spec.first_name,
        last_name=spec.last_name,
        role=login.role,
    )
    if login.totp_secret is not None:
        TwoFactorDevice.objects.create(user=user, secret=login.totp_secret, confirmed_at=now)
    return user


def _create_service(
    spec: data.ServiceSpec,
    organization: Organization,
    now: datetime.datetime,
    categories: dict[str, ServiceCategory],
    populations: dict[str, Population],
    languages: dict[str, Language],
    counties: dict[str, County],
) -> Service:
    capacity = spec.capacity
    service = Service(
        organization=organization,
        name=spec.name,
        category=categories[spec.category],
        description=spec.description,
        eligibility=spec.eligibility,
        hours=spec.hours,
        is_24_7=spec.is_24_7,
        capacity_available=capacity.available if capacity else None,
        capacity_maximum=capacity.maximum if capacity else None,
        capacity_unit=capacity.unit if capacity else "",
        capacity_updated_at=now - datetime.timedelta(hours=capacity.hours_ago)
        if capacity
        else None,
        is_active=spec.active,
    )
    service.full_clean()
    service.save()
    service.populations.set([populations[code] for code in spec.populations])
    service.languages.set([languages[code] for code in spec.languages])
    service.counties.set([counties[key] for key in spec.counties])
    return service


def _write_charter(actor: User, people: dict[str, Person], today: datetime.date) -> None:
    if actor.role != Role.ADMINISTRATOR:
        raise RuntimeError("The demo charter is written by the demo administrator.")
    governance.save_charter(
        actor, {**data.CHARTER, "formed_on": _on(today, -data.CHARTER_FORMED_DAYS_AGO)}
    )
    for goal_spec in data.GOALS:
        goal = governance.create_goal(
            actor, {"title": goal_spec.title, "description": goal_spec.description}
        )
        for objective in goal_spec.objectives:
            governance.create_objective(
                actor,
                goal,
                {
                    "description": objective.description,
                    "measure": objective.measure,
                    "target_date": _on(today, objective.target_in_days),
                    "owner": people[objective.owner],
                    "status": objective.status,
                },
            )
    for term in data.LEADERSHIP_TERMS:
        governance.assign_leadership_role(
            actor,
            term.role,
            people[term.holder],
            _on(today, term.starts_in_days),
            _maybe_on(today, term.ends_in_days),
        )
