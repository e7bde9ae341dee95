"""Directory pages: parse the request, call a selector or service, render."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from taskforce.core import audit
from taskforce.core.access import COORDINATOR, MEMBER, SIGNED_IN, access
from taskforce.core.forms import service_errors_to_form
from taskforce.core.http import posted, safe_next
from taskforce.directory import csv_io, profile_sections, selectors, services
from taskforce.directory.forms import (
    BaseExpertiseFormSet,
    CapacityForm,
    ContactForm,
    CountiesForm,
    ExpertiseFormSet,
    ImportForm,
    MembershipStatusForm,
    OrganizationFilterForm,
    OrganizationForm,
    OrganizationMembershipForm,
    PeopleFilterForm,
    PersonForm,
    PersonSelfForm,
    SearchForm,
    ServiceForm,
    expertise_initial,
    form_to_data,
)
from taskforce.directory.models import Person, Service
from taskforce.directory.permissions import (
    can_edit_organization,
    can_edit_person,
    can_export,
    can_manage_directory,
    can_view_people,
)
from taskforce.directory.selectors import DirectoryFilters

PAGE_SIZE = 25
Result = TypeVar("Result")


# --- Shared plumbing -----------------------------------------------------------------------------


def _submit(
    form: forms.BaseForm,
    action: Callable[[], Result],
    *formsets: forms.BaseFormSet,
) -> Result | None:
    """Validate the form (and formsets), run the service, and show its objections on the form."""
    valid = form.is_valid()
    valid = all([formset.is_valid() for formset in formsets]) and valid
    if not valid:
        return None
    try:
        return action()
    except ValidationError as error:
        service_errors_to_form(form, error)
        return None


def _status(*forms_: forms.BaseForm | forms.BaseFormSet) -> int:
    bound_with_errors = any(
        form.is_bound and (form.errors if isinstance(form, forms.BaseForm) else not form.is_valid())
        for form in forms_
    )
    return 400 if bound_with_errors else 200


def _page(request: HttpRequest, items: QuerySet[Any]) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _valid_filters(form: forms.Form) -> dict[str, Any]:
    """The filter values that validated; one bad value (say, an unknown sector in a hand-edited
    address) is dropped without discarding the others."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return dict(form.cleaned_data)


def _history_rows(events: Sequence[Any]) -> list[tuple[Any, str]]:
    return [(event, audit.action_label(event.action)) for event in events]


def _form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], Result],
    *,
    saved: Callable[[Result], tuple[str, str]],
    title: str,
    submit_label: str,
    cancel_url: str,
    intro: str = "",
    formset: forms.BaseFormSet | None = None,
) -> HttpResponse:
    """A page with one form: on a valid POST run `save`, then flash and redirect as `saved`
    says (message, address); otherwise show the form with its errors."""
    if request.method == "POST":
        result = _submit(form, save, *([formset] if formset is not None else []))
        if result is not None:
            message, address = saved(result)
            messages.success(request, message)
            return redirect(address)
    return render(
        request,
        "directory/form.html",
        {
            "form": form,
            "formset": formset,
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
        },
        status=_status(form, *([formset] if formset is not None else [])),
    )


def _csv_response(rows: list[list[str]], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The byte-order mark lets spreadsheet programs recognise UTF-8; the import accepts it.
    response.write("\ufeff" + csv_io.write_csv(rows))
    return response


def _htmx(request: HttpRequest) -> HtmxDetails | None:
    """htmx's request details, when htmx (not a plain browser request) is asking."""
    details = getattr(request, "htmx", None)
    return details if isinstance(details, HtmxDetails) and details else None


def _kind(kind: str) -> csv_io.Kind:
    if kind not in csv_io.KINDS:
        raise Http404("No such export.")
    return kind  # type: ignore[return-value]


def _organization_url(pk: int) -> str:
    return reverse("directory:organization-detail", args=[pk])


def _service_url(pk: int) -> str:
    return reverse("directory:service-detail", args=[pk])


# --- Search --------------------------------------------------------------------------------------


def _known_filters(form: SearchForm, filters: DirectoryFilters) -> DirectoryFilters:
    """Drop vocabulary codes no vocabulary has, so the form and the results agree."""
    for name in ("sector", "category", "language", "population"):
        if getattr(filters, name) not in form.known_values(name):
            setattr(filters, name, "")
    if filters.county is not None and str(filters.county) not in form.known_values("county"):
        filters.county = None
    return filters


@access(SIGNED_IN)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """One search over services (or organizations) with every filter a referral needs."""
    form = SearchForm()
    filters = _known_filters(form, DirectoryFilters.from_query(request.GET))
    mode = "organizations" if request.GET.get("view") == "organizations" else "services"
    results: QuerySet[Any] = (
        selectors.search_organizations(request.user, filters)
        if mode == "organizations"
        else selectors.search_services(request.user, filters)
    )
    form.initial = {**asdict(filters), "county": filters.county or "", "view": mode}
    htmx = _htmx(request)
    partial = htmx is not None and htmx.target == "results" and not htmx.history_restore_request
    page = _page(request, results)
    context = {
        "form": form,
        "filters": filters,
        "mode": mode,
        "page": page,
        "partial": partial,
        "now": timezone.now(),
        "can_manage": can_manage_directory(request.user),
        "can_export": can_export(request.user),
        # Capacity can be updated straight from the results by those who may edit the service.
        "capacity_editable": (
            {
                service.pk
                for service in page
                if can_edit_organization(request.user, service.organization)
            }
            if mode == "services"
            else set()
        ),
    }
    template = "directory/_search_results.html" if partial else "directory/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


# --- Organizations -------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_GET
def organization_list(request: HttpRequest) -> HttpResponse:
    form = OrganizationFilterForm(request.GET or None)
    cleaned = _valid_filters(form)
    sector = cleaned.get("sector")
    filters = DirectoryFilters(
        q=(cleaned.get("q") or "").strip()[: selectors.MAX_SEARCH_LENGTH],
        sector=sector.code if sector else "",
        membership_status=cleaned.get("membership_status") or "",
    )
    organizations = selectors.search_organizations(request.user, filters)
    return render(
        request,
        "directory/organization_list.html",
        {
            "form": form,
            "page": _page(request, organizations),
            "can_manage": can_manage_directory(request.user),
            "can_export": can_export(request.user),
        },
    )


@access(SIGNED_IN)
@require_GET
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.get_organization_for(request.user, pk)
    can_edit = can_edit_organization(request.user, organization)
    organization_services = list(selectors.organization_services(request.user, organization))
    contacts = list(organization.contacts.all())
    return render(
        request,
        "directory/organization_detail.html",
        {
            "organization": organization,
            "contacts": contacts,
            "services": [
                (service, _capacity_form(service) if can_edit else None)
                for service in organization_services
            ],
            "people": list(selectors.organization_people(request.user, organization)),
            "can_view_people": can_view_people(request.user),
            "can_edit": can_edit,
            "can_manage": can_manage_directory(request.user),
            "history": _history_rows(selectors.organization_history(request.user, organization)),
            "now": timezone.now(),
            "profile_sections": profile_sections.sections_for(request.user, organization),
        },
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationMembershipForm(posted(request))
    return _form_page(
        request,
        form,
        lambda: services.create_organization(request.user, form_to_data(form), request=request),
        saved=lambda organization: (
            f"{organization} was added to the directory.",
            _organization_url(organization.pk),
        ),
        title="Add an organization",
        submit_label="Add organization",
        cancel_url=reverse("directory:organization-list"),
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.get_editable_organization_for(request.user, pk)
    form_class = (
        OrganizationMembershipForm if can_manage_directory(request.user) else OrganizationForm
    )
    form = form_class(posted(request), instance=organization)
    return _form_page(
        request,
        form,
        lambda: services.update_organization(
            request.user, organization, form_to_data(form), request=request
        ),
        saved=lambda updated: (f"{updated} was updated.", _organization_url(updated.pk)),
        title=f"Edit {organization}",
        submit_label="Save changes",
        cancel_url=_organization_url(organization.pk),
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def organization_status(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.get_organization_for(request.user, pk)
    form = MembershipStatusForm(
        posted(request),
        initial={"effective_on": timezone.localdate()},
        organization=organization,
    )
    return _form_page(
        request,
        form,
        lambda: services.change_membership_status(
            request.user,
            organization,
            form.cleaned_data["status"],
            form.cleaned_data["effective_on"],
            request=request,
        ),
        saved=lambda updated: (
            f"{updated} is now {updated.get_membership_status_display().lower()}.",
            _organization_url(updated.pk),
        ),
        title=f"Change the membership status of {organization}",
        intro=f"Current status: {organization.get_membership_status_display()}.",
        submit_label="Change status",
        cancel_url=_organization_url(organization.pk),
    )


# --- Contacts ------------------------------------------------------------------------------------


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.get_editable_organization_for(request.user, pk)
    form = ContactForm(posted(request))
    return _form_page(
        request,
        form,
        lambda: services.add_contact(
            request.user, organization, form_to_data(form), request=request
        ),
        saved=lambda contact: (
            f"{contact.name} was added as a contact.",
            _organization_url(organization.pk),
        ),
        title=f"Add a contact at {organization}",
        submit_label="Add contact",
        cancel_url=_organization_url(organization.pk),
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_editable_contact_for(request.user, pk)
    form = ContactForm(posted(request), instance=contact)
    return _form_page(
        request,
        form,
        lambda: services.update_contact(request.user, contact, form_to_data(form), request=request),
        saved=lambda updated: (
            f"The contact {updated.name} was updated.",
            _organization_url(updated.organization_id),
        ),
        title=f"Edit the contact {contact.name}",
        submit_label="Save changes",
        cancel_url=_organization_url(contact.organization_id),
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_editable_contact_for(request.user, pk)
    if request.method == "POST":
        services.remove_contact(request.user, contact, request=request)
        messages.success(request, f"{contact.name} was removed from the contacts.")
        return redirect("directory:organization-detail", pk=contact.organization_id)
    return render(request, "directory/contact_confirm_delete.html", {"contact": contact})


# --- Services ------------------------------------------------------------------------------------


def _capacity_form(service: Service, data: Any = None) -> CapacityForm:
    # Several capacity forms share a page, so their element ids carry the service id.
    return CapacityForm(
        data,
        initial={"available": service.capacity_available, "maximum": service.capacity_maximum},
        auto_id=f"capacity-{service.pk}-%s",
    )


@access(SIGNED_IN)
@require_GET
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.get_service_for(request.user, pk)
    can_edit = can_edit_organization(request.user, service.organization)
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "capacity_form": _capacity_form(service) if can_edit else None,
            "can_edit": can_edit,
            "on_call": selectors.on_call_contacts_of(service.organization),
            "history": _history_rows(selectors.record_history(request.user, service)),
            "now": timezone.now(),
        },
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.get_editable_organization_for(request.user, pk)
    form = ServiceForm(posted(request), initial={"is_active": True})
    return _form_page(
        request,
        form,
        lambda: services.create_service(
            request.user, organization, form_to_data(form), request=request
        ),
        saved=lambda service: (f"{service.name} was added.", _service_url(service.pk)),
        title=f"Add a service of {organization}",
        submit_label="Add service",
        cancel_url=_organization_url(organization.pk),
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.get_editable_service_for(request.user, pk)
    form = ServiceForm(posted(request), instance=service)
    return _form_page(
        request,
        form,
        lambda: services.update_service(request.user, service, form_to_data(form), request=request),
        saved=lambda updated: (f"{updated.name} was updated.", _service_url(updated.pk)),
        title=f"Edit {service.name}",
        submit_label="Save changes",
        cancel_url=_service_url(service.pk),
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def service_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    """The quick capacity update: a small panel swapped in place by htmx, or a page without it."""
    service = selectors.get_editable_service_for(request.user, pk)
    form = _capacity_form(service, posted(request))
    saved = None
    if request.method == "POST":
        saved = _submit(
            form,
            lambda: services.update_capacity(
                request.user,
                service,
                available=form.cleaned_data["available"],
                maximum=form.cleaned_data["maximum"],
                request=request,
            ),
        )
    if saved is not None:
        service, form = saved, _capacity_form(saved)
    if _htmx(request) is not None:
        return render(
            request,
            "directory/_capacity_panel.html",
            {
                "service": service,
                "form": form,
                "saved": saved is not None,
                "now": timezone.now(),
                "next": safe_next(request),
            },
        )
    if saved is not None:
        messages.success(request, f"Capacity of {service.name} was updated.")
        return redirect(safe_next(request, reverse("directory:service-detail", args=[pk])))
    return render(
        request,
        "directory/capacity_form.html",
        {"service": service, "form": form, "now": timezone.now(), "next": safe_next(request)},
        status=_status(form),
    )


# --- People --------------------------------------------------------------------------------------


@access(MEMBER)
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    cleaned = _valid_filters(form)
    q = (cleaned.get("q") or "").strip()[: selectors.MAX_SEARCH_LENGTH]
    organization = cleaned.get("organization")
    people = selectors.search_people(
        request.user, q, organization.pk if organization is not None else None
    )
    return render(
        request,
        "directory/person_list.html",
        {
            "form": form,
            "page": _page(request, people),
            "can_manage": can_manage_directory(request.user),
            "can_export": can_export(request.user),
        },
    )


@access(MEMBER)
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_person_for(request.user, pk)
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "expertise": list(person.expertise.select_related("area")),
            "can_edit": can_edit_person(request.user, person),
            "history": _history_rows(selectors.record_history(request.user, person)),
        },
    )


def _person_form_page(
    request: HttpRequest,
    form: PersonSelfForm,
    formset: BaseExpertiseFormSet,
    save: Callable[[dict[str, Any]], Person],
    *,
    title: str,
    submit_label: str,
    cancel_url: str,
) -> HttpResponse:
    return _form_page(
        request,
        form,
        lambda: save({**form_to_data(form), "expertise": formset.to_data()}),
        saved=lambda person: (
            f"{person} was saved.",
            reverse("directory:person-detail", args=[person.pk]),
        ),
        formset=formset,
        title=title,
        submit_label=submit_label,
        cancel_url=cancel_url,
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    data = posted(request)
    return _person_form_page(
        request,
        PersonForm(data, initial={"is_active": True}),
        ExpertiseFormSet(data, prefix="expertise"),
        lambda values: services.create_person(request.user, values, request=request),
        title="Add a person",
        submit_label="Add person",
        cancel_url=reverse("directory:person-list"),
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_editable_person_for(request.user, pk)
    data = posted(request)
    form_class = PersonForm if can_manage_directory(request.user) else PersonSelfForm
    return _person_form_page(
        request,
        form_class(data, instance=person),
        ExpertiseFormSet(data, prefix="expertise", initial=expertise_initial(person)),
        lambda values: services.update_person(request.user, person, values, request=request),
        title=f"Edit {person}",
        submit_label="Save changes",
        cancel_url=reverse("directory:person-detail", args=[person.pk]),
    )


# --- Counties ------------------------------------------------------------------------------------


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def counties(request: HttpRequest) -> HttpResponse:
    """The counties services and organizations can name; coordinators add a state's at once."""
    form = CountiesForm(posted(request))
    if request.method == "POST":
        added = _submit(
            form,
            lambda: services.add_counties(
                request.user,
                form.cleaned_data["state"],
                form.cleaned_data["names"],
                request=request,
            ),
        )
        if added is not None:
            messages.success(request, f"Added {len(added)} count{pluralize(len(added), 'y,ies')}.")
            return redirect("directory:counties")
    return render(
        request,
        "directory/counties.html",
        {"form": form, "counties": selectors.counties_with_use()},
        status=_status(form),
    )


# --- Sector gaps ---------------------------------------------------------------------------------


@access(MEMBER)
@require_GET
def gaps(request: HttpRequest) -> HttpResponse:
    coverage = selectors.sector_coverage()
    return render(
        request,
        "directory/gaps.html",
        {
            "coverage": coverage,
            "missing": sum(1 for row in coverage if row.status == "missing"),
            "inactive_only": sum(1 for row in coverage if row.status == "inactive-only"),
        },
    )


# --- Import and export ---------------------------------------------------------------------------


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm(posted(request), request.FILES if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        result = services.import_csv(request.user, kind, form.cleaned_data["file"], request=request)
        if result.ok:
            messages.success(
                request,
                f"Imported {kind}: {result.created} added, {result.updated} updated.",
            )
            return redirect("directory:import")
    return render(
        request,
        "directory/import.html",
        {"form": form, "result": result, "formats": csv_io.column_docs()},
        status=400 if (form.is_bound and form.errors) or (result and not result.ok) else 200,
    )


@access(COORDINATOR)
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    return _csv_response([csv_io.header(_kind(kind))], f"taskforce-{kind}-template.csv")


@access(MEMBER)
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    rows = services.export_csv(request.user, _kind(kind), request=request)
    return _csv_response(rows, f"taskforce-{kind}-{timezone.localdate().isoformat()}.csv")
