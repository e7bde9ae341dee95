"""Every change to the directory.

Each function takes the acting user first, checks the rule, validates through the same forms the
pages use, writes, and records the audit event, all in one transaction. Data dicts use model field
names; vocabulary terms are given by code, counties and organizations by id. Update functions
change only the keys they are given. Callers get `PermissionDenied` when the actor may not make the
change and `ValidationError` (with a message per field) when the data is invalid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import timezone

from taskforce.core import audit
from taskforce.directory import csv_io
from taskforce.directory.csv_io import ImportResult, Kind, RowError
from taskforce.directory.forms import (
    CapacityForm,
    ContactForm,
    ExpertiseForm,
    MembershipStatusForm,
    OrganizationForm,
    OrganizationMembershipForm,
    PersonForm,
    PersonSelfForm,
    ServiceForm,
    base_fields,
    instance_data,
    safe_filename,
)
from taskforce.directory.models import (
    County,
    ExpertiseArea,
    MembershipStatus,
    Organization,
    OrganizationContact,
    Person,
    Service,
)
from taskforce.directory.permissions import (
    can_edit_organization,
    can_edit_person,
    can_export,
    can_manage_directory,
)

ModelFormT = TypeVar("ModelFormT", bound=forms.ModelForm)

ORGANIZATION_FIELDS: tuple[str, ...] = tuple(OrganizationMembershipForm.Meta.fields)
MEMBERSHIP_FIELDS = frozenset({"membership_status", "joined_on", "status_changed_on"})
CONTACT_FIELDS: tuple[str, ...] = tuple(ContactForm.Meta.fields)
PERSON_FIELDS: tuple[str, ...] = tuple(PersonForm.Meta.fields)
PERSON_COORDINATOR_FIELDS = frozenset({"organization", "membership_type", "is_active", "user"})
SERVICE_FIELDS: tuple[str, ...] = (*ServiceForm.Meta.fields, "capacity_updated_at")
LOOKUP_BATCH = 500
CAPACITY_FIELDS: tuple[str, ...] = ("capacity_available", "capacity_maximum", "capacity_updated_at")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- Binding data to forms -----------------------------------------------------------------------


def _plain(form_class: type[forms.BaseForm], data: Mapping[str, Any]) -> dict[str, Any]:
    """A plain dict; a QueryDict's many-valued fields become lists."""
    getlist = getattr(data, "getlist", None)
    if getlist is None:
        return dict(data)
    return {
        key: getlist(key)
        if isinstance(
            base_fields(form_class).get(key),
            forms.MultipleChoiceField | forms.ModelMultipleChoiceField,
        )
        else data.get(key)
        for key in data
    }


def _form(form_class: type[ModelFormT], instance: Model, data: Mapping[str, Any]) -> ModelFormT:
    """The form bound to the instance's current values overlaid with `data`."""
    values = _plain(form_class, data)
    unknown = sorted(set(values) - set(base_fields(form_class)))
    if unknown:
        raise ValidationError({NON_FIELD_ERRORS: [f"Unknown field(s): {', '.join(unknown)}."]})
    return form_class(data={**instance_data(form_class, instance), **values}, instance=instance)


def _bind(form_class: type[ModelFormT], instance: Model, data: Mapping[str, Any]) -> ModelFormT:
    form = _form(form_class, instance, data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


def _collect(*steps: Callable[[], Any]) -> list[Any]:
    """Run every validation step and raise all their errors together."""
    results: list[Any] = []
    errors: dict[str, list[Any]] = {}
    for step in steps:
        try:
            results.append(step())
        except ValidationError as error:
            results.append(None)
            for field, messages in error.update_error_dict({}).items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return results


def _only_unchanged(
    form_class: type[forms.ModelForm],
    instance: Model,
    data: Mapping[str, Any],
    keys: frozenset[str],
    message: str,
) -> dict[str, Any]:
    """Drop `keys` from data when they repeat current values; refuse when they would change them."""
    values = _plain(form_class, data)
    current = instance_data(form_class, instance)
    for key in keys & set(values):
        field = base_fields(form_class)[key]
        try:
            changed = field.clean(values[key]) != field.clean(current[key])
        except ValidationError:
            changed = True
        if changed:
            raise PermissionDenied(message)
    return {key: value for key, value in values.items() if key not in keys}


# --- Organizations -------------------------------------------------------------------------------


def _save_organization(
    form: OrganizationMembershipForm, previous_status: str | None
) -> Organization:
    """Save, dating a membership status change unless the caller dated it."""
    organization: Organization = form.save(commit=False)
    today = timezone.localdate()
    if (
        organization.membership_status != previous_status
        and "status_changed_on" not in form.changed_data
    ):
        starts_active = previous_status is None and (
            organization.membership_status == MembershipStatus.ACTIVE
        )
        organization.status_changed_on = (
            organization.joined_on if starts_active and organization.joined_on else today
        )
    if organization.membership_status == MembershipStatus.ACTIVE and organization.joined_on is None:
        organization.joined_on = organization.status_changed_on or today
    organization.save()
    form.save_m2m()
    return organization


def create_organization(
    actor: Any, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Organization:
    _require(can_manage_directory(actor), "Only coordinators can add organizations.")
    with transaction.atomic():
        form = _bind(OrganizationMembershipForm, Organization(), data)
        organization = _save_organization(form, None)
        audit.record(
            actor,
            "directory.organization.created",
            organization,
            changes=audit.diff({}, audit.snapshot(organization, ORGANIZATION_FIELDS)),
            request=request,
        )
    return organization


def update_organization(
    actor: Any,
    organization: Organization,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Organization:
    _require(
        can_edit_organization(actor, organization),
        "Only coordinators and the organization's own staff can change it.",
    )
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        before = audit.snapshot(locked, ORGANIZATION_FIELDS)
        if can_manage_directory(actor):
            form: OrganizationForm = _bind(OrganizationMembershipForm, locked, data)
        else:
            details = _only_unchanged(
                OrganizationMembershipForm,
                locked,
                data,
                MEMBERSHIP_FIELDS,
                "Only coordinators can change membership status and dates.",
            )
            form = _bind(OrganizationForm, locked, details)
        if isinstance(form, OrganizationMembershipForm):
            updated = _save_organization(form, before["membership_status"])
        else:
            updated = form.save()
        changes = audit.diff(before, audit.snapshot(updated, ORGANIZATION_FIELDS))
        if changes:
            audit.record(
                actor, "directory.organization.updated", updated, changes=changes, request=request
            )
    return updated


def change_membership_status(
    actor: Any,
    organization: Organization,
    status: str,
    effective_on: Any,
    *,
    request: HttpRequest | None = None,
) -> Organization:
    _require(can_manage_directory(actor), "Only coordinators can change membership status.")
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        form = MembershipStatusForm(
            data={"status": status, "effective_on": effective_on}, organization=locked
        )
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        before = audit.snapshot(locked, ORGANIZATION_FIELDS)
        locked.membership_status = form.cleaned_data["status"]
        locked.status_changed_on = form.cleaned_data["effective_on"]
        if locked.membership_status == MembershipStatus.ACTIVE and locked.joined_on is None:
            locked.joined_on = locked.status_changed_on
        locked.save(
            update_fields=["membership_status", "status_changed_on", "joined_on", "updated_at"]
        )
        audit.record(
            actor,
            "directory.organization.status_changed",
            locked,
            changes=audit.diff(before, audit.snapshot(locked, ORGANIZATION_FIELDS)),
            request=request,
        )
    return locked


# --- Contacts ------------------------------------------------------------------------------------


def _contact_label(contact: OrganizationContact) -> str:
    role = f", {contact.role}" if contact.role else ""
    return f"{contact.organization}: contact {contact.name}{role}"


def _record_contact(
    actor: Any,
    action: str,
    contact: OrganizationContact,
    changes: dict[str, Any],
    request: HttpRequest | None,
) -> None:
    # Contacts are part of the organization's record, so their history is the organization's.
    audit.record(
        actor,
        action,
        contact.organization,
        changes={"contact": contact.name, **changes},
        request=request,
        target_label=_contact_label(contact),
    )


def add_contact(
    actor: Any,
    organization: Organization,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> OrganizationContact:
    _require(
        can_edit_organization(actor, organization),
        "Only coordinators and the organization's own staff can change its contacts.",
    )
    with transaction.atomic():
        contact: OrganizationContact = _bind(
            ContactForm, OrganizationContact(organization=organization), data
        ).save()
        _record_contact(
            actor,
            "directory.contact.created",
            contact,
            audit.diff({}, audit.snapshot(contact, CONTACT_FIELDS)),
            request,
        )
    return contact


def update_contact(
    actor: Any,
    contact: OrganizationContact,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> OrganizationContact:
    _require(
        can_edit_organization(actor, contact.organization),
        "Only coordinators and the organization's own staff can change its contacts.",
    )
    with transaction.atomic():
        locked = (
            OrganizationContact.objects.select_for_update()
            .select_related("organization")
            .get(pk=contact.pk)
        )
        before = audit.snapshot(locked, CONTACT_FIELDS)
        updated: OrganizationContact = _bind(ContactForm, locked, data).save()
        changes = audit.diff(before, audit.snapshot(updated, CONTACT_FIELDS))
        if changes:
            _record_contact(actor, "directory.contact.updated", updated, changes, request)
    return updated


def remove_contact(
    actor: Any, contact: OrganizationContact, *, request: HttpRequest | None = None
) -> None:
    _require(
        can_edit_organization(actor, contact.organization),
        "Only coordinators and the organization's own staff can change its contacts.",
    )
    with transaction.atomic():
        before = audit.snapshot(contact, CONTACT_FIELDS)
        _record_contact(
            actor, "directory.contact.deleted", contact, audit.diff(before, {}), request
        )
        contact.delete()


# --- People --------------------------------------------------------------------------------------


def _expertise_areas() -> dict[str, ExpertiseArea]:
    return {area.code: area for area in ExpertiseArea.objects.all()}


def clean_expertise(
    rows: Any, areas: Mapping[str, ExpertiseArea] | None = None
) -> list[tuple[ExpertiseArea, int]]:
    """Validate expertise rows ({"area": code, "years": n}); each area at most once."""
    if not isinstance(rows, Sequence) or isinstance(rows, str):
        raise ValidationError({"expertise": ["Give expertise as a list of areas with years."]})
    known = areas if areas is not None else _expertise_areas()
    cleaned: list[tuple[ExpertiseArea, int]] = []
    problems: list[str] = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            problems.append(f"Row {number}: give an area and the years.")
            continue
        form = ExpertiseForm(data={"area": row.get("area"), "years": row.get("years")}, areas=known)
        if not form.is_valid():
            for field_errors in form.errors.values():
                problems.extend(f"Row {number}: {message}" for message in field_errors)
            continue
        area, years = form.cleaned_data["area"], form.cleaned_data["years"]
        if area is None:
            problems.append(f"Row {number}: choose an area of expertise.")
        elif any(existing == area for existing, _ in cleaned):
            problems.append(f"Row {number}: {area} is listed twice.")
        else:
            cleaned.append((area, years))
    if problems:
        raise ValidationError({"expertise": problems})
    return cleaned


def _person_snapshot(person: Person) -> dict[str, Any]:
    values = audit.snapshot(person, PERSON_FIELDS)
    values["expertise"] = sorted(f"{row.area}: {row.years}" for row in person.expertise.all())
    return values


def _replace_expertise(person: Person, rows: list[tuple[ExpertiseArea, int]]) -> None:
    person.expertise.all().delete()
    person.expertise.model.objects.bulk_create(
        person.expertise.model(person=person, area=area, years=years) for area, years in rows
    )


def create_person(
    actor: Any, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Person:
    _require(can_manage_directory(actor), "Only coordinators can add people.")
    fields = _plain(PersonForm, data)
    expertise = fields.pop("expertise", [])
    with transaction.atomic():
        form, rows = _collect(
            lambda: _bind(PersonForm, Person(), fields), lambda: clean_expertise(expertise)
        )
        person: Person = form.save()
        _replace_expertise(person, rows)
        audit.record(
            actor,
            "directory.person.created",
            person,
            changes=audit.diff({}, _person_snapshot(person)),
            request=request,
        )
    return person


def update_person(
    actor: Any, person: Person, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Person:
    """Coordinators change anything; people change their own details and expertise."""
    _require(
        can_edit_person(actor, person),
        "Only coordinators, or the person themselves, can change this entry.",
    )
    coordinator = can_manage_directory(actor)
    fields = _plain(PersonForm, data)
    expertise = fields.pop("expertise", None)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        before = _person_snapshot(locked)
        if coordinator:
            form_class: type[PersonSelfForm] = PersonForm
        else:
            fields = _only_unchanged(
                PersonForm,
                locked,
                fields,
                PERSON_COORDINATOR_FIELDS,
                "Only coordinators can change a person's organization, membership type, status or "
                "linked account.",
            )
            form_class = PersonSelfForm
        form, rows = _collect(
            lambda: _bind(form_class, locked, fields),
            lambda: clean_expertise(expertise) if expertise is not None else None,
        )
        updated: Person = form.save()
        if rows is not None:
            _replace_expertise(updated, rows)
        changes = audit.diff(before, _person_snapshot(updated))
        if changes:
            audit.record(
                actor, "directory.person.updated", updated, changes=changes, request=request
            )
    return updated


def link_new_account(
    actor: Any, account: Any, *, request: HttpRequest | None = None
) -> Person | None:
    """Tie a new account to the one unlinked directory entry with its e-mail address, if any.

    An invited member is usually in the directory already; linking lets them keep their own entry
    and, as their organization's representative, its record. Two entries sharing the address are
    ambiguous, so neither is linked and a coordinator links the right one by hand.
    """
    email = (account.email or "").strip().lower()
    if not email:
        return None
    with transaction.atomic():
        candidates = list(
            Person.objects.select_for_update()
            .annotate(email_key=Lower("email"))
            .filter(email_key=email, user__isnull=True)[:2]
        )
        if len(candidates) != 1:
            return None
        person = candidates[0]
        person.user = account
        person.save(update_fields=["user", "updated_at"])
        audit.record(
            actor,
            "directory.person.account_linked",
            person,
            changes={**audit.diff({"user": None}, {"user": str(account)}), "matched_on": "e-mail"},
            request=request,
        )
    return person


# --- Services and capacity -----------------------------------------------------------------------


def create_service(
    actor: Any,
    organization: Organization,
    data: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Service:
    _require(
        can_edit_organization(actor, organization),
        "Only coordinators and the organization's own staff can add its services.",
    )
    with transaction.atomic():
        form = _bind(ServiceForm, Service(organization=organization), data)
        service: Service = form.save(commit=False)
        if service.capacity_available is not None or service.capacity_maximum is not None:
            service.capacity_updated_at = timezone.now()
        service.save()
        form.save_m2m()
        audit.record(
            actor,
            "directory.service.created",
            service,
            changes=audit.diff({}, audit.snapshot(service, SERVICE_FIELDS)),
            request=request,
        )
    return service


def update_service(
    actor: Any, service: Service, data: Mapping[str, Any], *, request: HttpRequest | None = None
) -> Service:
    _require(
        can_edit_organization(actor, service.organization),
        "Only coordinators and the organization's own staff can change its services.",
    )
    with transaction.atomic():
        locked = (
            Service.objects.select_for_update().select_related("organization").get(pk=service.pk)
        )
        before = audit.snapshot(locked, SERVICE_FIELDS)
        form = _bind(ServiceForm, locked, data)
        updated: Service = form.save(commit=False)
        if {"capacity_available", "capacity_maximum"} & set(form.changed_data):
            updated.capacity_updated_at = timezone.now()
        updated.save()
        form.save_m2m()
        changes = audit.diff(before, audit.snapshot(updated, SERVICE_FIELDS))
        if changes:
            audit.record(
                actor, "directory.service.updated", updated, changes=changes, request=request
            )
    return updated


def update_capacity(
    actor: Any,
    service: Service,
    *,
    available: int | None,
    maximum: int | None,
    request: HttpRequest | None = None,
) -> Service:
    """Record current capacity. Saving unchanged figures still confirms them as current."""
    _require(
        can_edit_organization(actor, service.organization),
        "Only coordinators and the organization's own staff can update its capacity.",
    )
    form = CapacityForm(data={"available": available, "maximum": maximum})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    with transaction.atomic():
        locked = (
            Service.objects.select_for_update().select_related("organization").get(pk=service.pk)
        )
        before = audit.snapshot(locked, CAPACITY_FIELDS)
        locked.capacity_available = form.cleaned_data["available"]
        locked.capacity_maximum = form.cleaned_data["maximum"]
        locked.capacity_updated_at = timezone.now()
        locked.save(update_fields=[*CAPACITY_FIELDS, "updated_at"])
        audit.record(
            actor,
            "directory.service.capacity_updated",
            locked,
            changes=audit.diff(before, audit.snapshot(locked, CAPACITY_FIELDS)),
            request=request,
        )
    return locked


# --- CSV import and export -----------------------------------------------------------------------


def _check_kind(kind: str) -> Kind:
    if kind not in csv_io.KINDS:
        raise ValidationError({"kind": [f"Choose one of: {', '.join(csv_io.KINDS)}."]})
    return kind  # type: ignore[return-value]


def _form_errors(line: int, form: forms.BaseForm, skip: set[str]) -> list[RowError]:
    return [
        RowError(line, "" if field == NON_FIELD_ERRORS else field, str(message))
        for field, messages in form.errors.items()
        if field not in skip
        for message in messages
    ]


def _lines_with_errors(errors: list[RowError]) -> dict[int, set[str]]:
    by_line: dict[int, set[str]] = {}
    for error in errors:
        by_line.setdefault(error.line, set()).add(error.field)
    return by_line


PlannedWrite = Callable[[], bool]  # saves one row; answers whether it created a record


def _plan_organizations(rows: list[csv_io.ParsedRow], errors: list[RowError]) -> list[PlannedWrite]:
    existing_ids: dict[str, int] = {}
    for pk, name in Organization.objects.values_list("pk", "name"):
        existing_ids.setdefault(csv_io.normalize(name), pk)
    matched_ids = [existing_ids[row.key] for row in rows if row.key in existing_ids]
    existing: dict[int, Organization] = {}
    for start in range(0, len(matched_ids), LOOKUP_BATCH):
        existing.update(
            Organization.objects.prefetch_related(
                "sectors", "counties_served", "languages", "populations_served"
            ).in_bulk(matched_ids[start : start + LOOKUP_BATCH])
        )
    failed = _lines_with_errors(errors)
    planned: list[PlannedWrite] = []
    for row in rows:
        instance = existing.get(existing_ids.get(row.key, 0)) or Organization()
        previous = instance.membership_status if instance.pk else None
        form = _form(OrganizationMembershipForm, instance, row.data)
        if not form.is_valid():
            errors.extend(_form_errors(row.line, form, failed.get(row.line, set())))
            continue

        def write(form: OrganizationMembershipForm = form, previous: str | None = previous) -> bool:
            _save_organization(form, previous)
            return previous is None

        planned.append(write)
    return planned


def _plan_people(rows: list[csv_io.ParsedRow], errors: list[RowError]) -> list[PlannedWrite]:
    keys = sorted({row.key for row in rows})
    by_email: dict[str, list[Person]] = {}
    # In batches: databases cap the number of parameters in one query.
    for start in range(0, len(keys), LOOKUP_BATCH):
        matches = (
            Person.objects.annotate(email_key=Lower("email"))
            .filter(email_key__in=keys[start : start + LOOKUP_BATCH])
            .select_related("organization", "preferred_language")
        )
        for person in matches:
            by_email.setdefault(person.email_key, []).append(person)
    areas = _expertise_areas()
    failed = _lines_with_errors(errors)
    planned: list[PlannedWrite] = []
    for row in rows:
        found = by_email.get(row.key, [])
        if len(found) > 1:
            errors.append(
                RowError(
                    row.line,
                    "email",
                    f"{len(found)} people in the directory share this e-mail address; "
                    "correct them in the directory first.",
                )
            )
            continue
        instance = found[0] if found else Person()
        data = dict(row.data)
        expertise_rows = data.pop("expertise", None)
        form = _form(PersonForm, instance, data)
        expertise: list[tuple[ExpertiseArea, int]] | None = None
        if expertise_rows is not None:
            try:
                expertise = clean_expertise(expertise_rows, areas)
            except ValidationError as error:
                errors.extend(
                    RowError(row.line, "expertise", message)
                    for message in error.message_dict.get("expertise", [])
                )
                continue
        if not form.is_valid():
            errors.extend(_form_errors(row.line, form, failed.get(row.line, set())))
            continue

        def write(
            form: PersonForm = form,
            expertise: list[tuple[ExpertiseArea, int]] | None = expertise,
            created: bool = instance.pk is None,
        ) -> bool:
            person = form.save()
            if expertise is not None:
                _replace_expertise(person, expertise)
            return created

        planned.append(write)
    return planned


def import_csv(
    actor: Any,
    kind: str,
    file: IO[bytes] | IO[str] | bytes | str,
    *,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Import organizations or people from CSV, all or nothing.

    Every row is checked; if any has a problem nothing is written and every problem is returned
    with its line (line 1 is the header). Organizations are matched by name and people by e-mail,
    ignoring case: a match is updated, anything else is added.
    """
    _require(can_manage_directory(actor), "Only coordinators can import the directory.")
    checked = _check_kind(kind)
    raw = file if isinstance(file, bytes | str) else file.read()
    filename = safe_filename(str(getattr(file, "name", "") or ""))
    with transaction.atomic():
        parsed = csv_io.parse(checked, raw, csv_io.Vocabularies.load(checked))
        errors = list(parsed.errors)
        plan = _plan_organizations if checked == "organizations" else _plan_people
        planned = plan(parsed.rows, errors)
        if errors:
            return ImportResult(errors=sorted(errors, key=lambda error: error.line))
        created = sum(1 for write in planned if write())
        result = ImportResult(created=created, updated=len(planned) - created)
        audit.record(
            actor,
            "directory.import.completed",
            None,
            changes={
                "kind": checked,
                "file": filename,
                "created": result.created,
                "updated": result.updated,
            },
            request=request,
            target_label=f"Directory import: {checked}",
        )
    return result


def export_csv(actor: Any, kind: str, *, request: HttpRequest | None = None) -> list[list[str]]:
    """The directory as CSV rows, header first, in the columns the import reads.

    An export of people is a read of personal contact data, so every export is audited.
    """
    _require(can_export(actor), "Only members of the task force can export the directory.")
    checked = _check_kind(kind)
    rows = [csv_io.header(checked)]
    rows.extend(csv_io.row_for(checked, item) for item in csv_io.export_queryset(checked))
    # A read has no other write to share a transaction with; the rows are handed over only once
    # the event is recorded.
    audit.atomic_record(
        actor,
        "directory.export.downloaded",
        None,
        changes={"kind": checked, "rows": len(rows) - 1},
        request=request,
        target_label=f"Directory export: {checked}",
    )
    return rows


# --- Counties ------------------------------------------------------------------------------------


def add_counties(
    actor: Any, state: str, names: Sequence[str], *, request: HttpRequest | None = None
) -> list[County]:
    """Add counties of one state; all or none, and none that the directory already has."""
    _require(can_manage_directory(actor), "Only coordinators can add counties.")
    with transaction.atomic():
        existing = {
            name.lower()
            for name in County.objects.filter(state=state).values_list("name", flat=True)
        }
        known = [name for name in names if name.lower() in existing]
        if known:
            raise ValidationError(
                {
                    "names": [
                        f"{name} County, {state} is already in the directory." for name in known
                    ]
                }
            )
        added = County.objects.bulk_create(County(name=name, state=state) for name in names)
        audit.record(
            actor,
            "directory.counties.added",
            changes={"state": state, "counties": list(names)},
            request=request,
            target_label=f"Counties of {state}",
        )
    return added
