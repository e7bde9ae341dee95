"""Bodies, seats, composition, voting status and handovers: parse, call a service, render.

Everyone signed in reaches the pages; the selectors narrow what each person sees (a visitor sees
only the bodies that seat them, others answer 404). Every change is for coordinators.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.core.access import COORDINATOR, SIGNED_IN, access
from taskforce.core.forms import form_page, submit
from taskforce.core.http import posted, report_refusal
from taskforce.directory import selectors as directory_selectors
from taskforce.directory.models import Person
from taskforce.directory.permissions import person_of
from taskforce.governance import eligibility, selectors, services
from taskforce.governance.body_forms import (
    BodyForm,
    CompositionForm,
    DissolveForm,
    HandoverItemsForm,
    HandoverPeopleForm,
    OrganizationSeatForm,
    SeatForm,
    SuccessorForm,
)
from taskforce.governance.forms import EndTermForm
from taskforce.governance.handover import HandoverItem, handover_providers
from taskforce.governance.models import Body, OrganizationSeat
from taskforce.governance.permissions import can_manage_bodies


def _body_url(body: Body | int, anchor: str = "") -> str:
    url = reverse("bodies:detail", kwargs={"pk": body if isinstance(body, int) else body.pk})
    return f"{url}#{anchor}" if anchor else url


# --- Bodies --------------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/body_list.html",
        {
            "groups": selectors.body_groups_visible_to(request.user),
            "ending_soon": list(selectors.seats_ending_soon(user=request.user)),
            "warning_days": selectors.TERM_WARNING_DAYS,
            "can_manage": can_manage_bodies(request.user),
        },
    )


@access(SIGNED_IN)
@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.get_body_for(request.user, pk)
    person = person_of(request.user)
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "roster": selectors.body_roster(body),
            "composition": selectors.composition_check(body),
            "organization_rows": (
                selectors.organization_seat_rows(body) if body.votes_by_organization else []
            ),
            "own_status": (
                eligibility.voter_status_for(body, person) if person is not None else None
            ),
            "warning_days": selectors.TERM_WARNING_DAYS,
            "can_manage": can_manage_bodies(request.user),
        },
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def body_add(request: HttpRequest) -> HttpResponse:
    form = BodyForm(posted(request))
    if request.method == "POST":
        body = submit(form, lambda data: services.create_body(request.user, data, request=request))
        if body is not None:
            messages.success(request, f"Created {body}.")
            return redirect(_body_url(body))
    return form_page(
        request,
        form,
        "Create a body",
        reverse("bodies:list"),
        intro="A general body, an executive board, a leadership team or a committee. Eligibility "
        "settings left empty switch that rule off.",
        submit_label="Create the body",
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.get_body_for(request.user, pk)
    form = BodyForm(posted(request), instance=Body.objects.get(pk=body.pk))
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.update_body(request.user, body, data, request=request)
        )
        if saved is not None:
            messages.success(request, f"Saved {saved}.")
            return redirect(_body_url(saved))
    return form_page(request, form, f"Edit {body}", _body_url(body), submit_label="Save the body")


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def body_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.get_body_for(request.user, pk)
    form = DissolveForm(posted(request))
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.dissolve_body(
                request.user, body, data["dissolved_on"], request=request
            ),
        )
        if saved is not None:
            messages.success(request, f"{saved} was dissolved; its record stays.")
            return redirect(_body_url(saved))
    return form_page(
        request,
        form,
        f"Dissolve {body}",
        _body_url(body),
        intro="The body stays on record with its meetings and past seats. Current seats end on the "
        "day it is dissolved; seats planned after that day are cancelled.",
        submit_label="Dissolve the body",
    )


@access(SIGNED_IN)
@require_GET
def body_voting(request: HttpRequest, pk: int) -> HttpResponse:
    # Attendance-based reasons reveal how often a closed body meets: its members only.
    body = selectors.get_body_business_for(request.user, pk)
    statuses = eligibility.voting_status(body)
    return render(
        request,
        "governance/body_voting.html",
        {
            "body": body,
            "statuses": statuses,
            "vote_count": sum(1 for status in statuses if status.eligible),
            "threshold": eligibility.MEETINGS_BEFORE_ATTENDANCE_COUNTS,
        },
    )


# --- Seats ---------------------------------------------------------------------------------------


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def seat_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.get_body_for(request.user, pk)
    form = SeatForm(posted(request), people=selectors.seat_candidates())
    if request.method == "POST":
        seat = submit(
            form,
            lambda data: services.add_seat(
                request.user,
                body,
                data["person"],
                data["position"],
                data["term_start"],
                data["term_end"],
                data["notes"],
                request=request,
            ),
        )
        if seat is not None:
            messages.success(request, f"{seat.person} is seated as {seat.get_position_display()}.")
            return redirect(_body_url(body, "members"))
    return form_page(
        request,
        form,
        f"Add a seat on {body}",
        _body_url(body),
        intro="One person holds one seat on a body at a time, and a body has one chair at a time "
        "(co-chairs may share the lead). A term that starts later is listed as planned.",
        submit_label="Add the seat",
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    seat = selectors.get_seat_for(request.user, pk)
    form = EndTermForm(posted(request))
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.end_seat(request.user, seat, data["term_end"], request=request),
        )
        if saved is not None and saved.term_end is not None:
            messages.success(
                request,
                f"{saved.person}'s term as {saved.get_position_display()} ends on "
                f"{saved.term_end:%Y-%m-%d}.",
            )
            return redirect(_body_url(seat.body_id, "members"))
    return form_page(
        request,
        form,
        f"End {seat.person}'s term as {seat.get_position_display()} of {seat.body}",
        _body_url(seat.body_id),
        intro=f"The term started on {seat.term_start:%Y-%m-%d}. It stays in the body's history.",
        submit_label="End the term",
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def seat_successor(request: HttpRequest, pk: int) -> HttpResponse:
    seat = selectors.get_seat_for(request.user, pk)
    if seat.term_end is None:
        messages.warning(request, "Set the day this term ends before planning a successor.")
        return redirect("bodies:seat-end", pk=seat.pk)
    starts = seat.term_end + eligibility.DAY
    form = SuccessorForm(posted(request), people=selectors.seat_candidates(), term_start=starts)
    if request.method == "POST":
        successor = submit(
            form,
            lambda data: services.plan_successor(
                request.user,
                seat,
                data["person"],
                data["term_end"],
                data["notes"],
                request=request,
            ),
        )
        if successor is not None:
            messages.success(
                request,
                f"{successor.person} is planned as {successor.get_position_display()} from "
                f"{successor.term_start:%Y-%m-%d}.",
            )
            return redirect(_body_url(seat.body_id, "planned"))
    return form_page(
        request,
        form,
        f"Plan the successor to {seat.person} as {seat.get_position_display()} of {seat.body}",
        _body_url(seat.body_id),
        intro=f"The successor's term starts on {starts:%Y-%m-%d}, the day after this one ends.",
        submit_label="Plan the successor",
    )


@access(COORDINATOR)
@require_POST
def seat_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    seat = selectors.get_seat_for(request.user, pk)
    try:
        services.cancel_planned_seat(request.user, seat, request=request)
    except ValidationError as error:
        report_refusal(request, error)
    else:
        messages.success(request, f"Cancelled the planned seat of {seat.person}.")
    return redirect(_body_url(seat.body_id, "planned"))


# --- Organization seats --------------------------------------------------------------------------


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def organization_seat(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    body = selectors.get_body_for(request.user, pk)
    organization = selectors.organization_for_seat(body, organization_pk)
    current = OrganizationSeat.objects.filter(body=body, organization=organization).first()
    initial = (
        {"delegate": current.delegate_id, "alternate": current.alternate_id} if current else {}
    )
    form = OrganizationSeatForm(
        posted(request), initial=initial, people=selectors.organization_people(organization)
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.set_organization_seat(
                request.user,
                body,
                organization,
                data["delegate"],
                data["alternate"],
                request=request,
            ),
        )
        if saved is not None:
            messages.success(
                request, f"{saved.delegate} casts {organization.display_name}'s vote on {body}."
            )
            return redirect(_body_url(body, "organizations"))
    return form_page(
        request,
        form,
        f"{organization.display_name} on {body}",
        _body_url(body, "organizations"),
        intro="On this body each organization has one vote, cast by its delegate. The alternate "
        "votes when the delegate does not qualify. Both must work for the organization.",
        submit_label="Save the delegate",
    )


@access(COORDINATOR)
@require_POST
def organization_seat_remove(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    body = selectors.get_body_for(request.user, pk)
    seat = get_object_or_404(
        OrganizationSeat.objects.select_related("organization"),
        body=body,
        organization_id=organization_pk,
    )
    services.remove_organization_seat(request.user, seat, request=request)
    messages.success(request, f"{seat.organization.display_name} no longer has a named delegate.")
    return redirect(_body_url(body, "organizations"))


# --- Composition ---------------------------------------------------------------------------------


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def composition_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.get_body_for(request.user, pk)
    form = CompositionForm(posted(request), other_bodies=selectors.other_bodies(body))
    if request.method == "POST":
        requirement = submit(
            form,
            lambda data: services.add_composition_requirement(
                request.user,
                body,
                data["source"],
                leadership_role=data["leadership_role"],
                other_body=data["other_body"],
                position=data["position"],
                request=request,
            ),
        )
        if requirement is not None:
            messages.success(request, f"{body} now includes: {requirement}.")
            return redirect(_body_url(body, "composition"))
    return form_page(
        request,
        form,
        f"Add a composition rule to {body}",
        _body_url(body, "composition"),
        intro="State who should sit on this body, clause by clause; its page then shows who is "
        "missing. For example, an executive board made of the committee chairs, the Group "
        "Leader and the Victim Services Coordinator has three clauses.",
        submit_label="Add the rule",
    )


@access(COORDINATOR)
@require_POST
def composition_remove(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = selectors.get_requirement_for(request.user, pk)
    services.remove_composition_requirement(request.user, requirement, request=request)
    messages.success(request, f"Removed the rule “{requirement}”.")
    return redirect(_body_url(requirement.body_id, "composition"))


# --- Handover ------------------------------------------------------------------------------------


def _owned_items(person: Person) -> list[HandoverItem]:
    return [item for provider in handover_providers() for item in provider.owned_by(person)]


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest) -> HttpResponse:
    """Choose who leaves and who takes over, then what changes hands, in one step."""
    chosen = request.POST if request.method == "POST" else request.GET
    people_form = HandoverPeopleForm(
        chosen if "outgoing" in chosen or "incoming" in chosen else None,
        everyone=Person.objects.select_related("organization"),
        successors=directory_selectors.people_for_assignment(),
    )
    items_form: HandoverItemsForm | None = None
    outgoing = incoming = None
    if people_form.is_bound and people_form.is_valid():
        outgoing = people_form.cleaned_data["outgoing"]
        incoming = people_form.cleaned_data["incoming"]
        items = _owned_items(outgoing)
        items_form = HandoverItemsForm(posted(request), items=items)
        if request.method == "POST":
            done = submit(
                items_form,
                lambda data: services.hand_over(
                    request.user,
                    outgoing,
                    incoming,
                    data["keys"],
                    data["note"],
                    request=request,
                ),
            )
            if done is not None:
                messages.success(
                    request,
                    f"Handed {len(done.items)} item{'s' if len(done.items) != 1 else ''} over "
                    f"from {outgoing} to {incoming}.",
                )
                return redirect("bodies:handover")
    return render(
        request,
        "governance/body_handover.html",
        {
            "people_form": people_form,
            "items_form": items_form,
            "outgoing": outgoing,
            "incoming": incoming,
            "history": selectors.handover_history()[:50],
        },
    )
