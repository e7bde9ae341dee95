"""Charter, leadership and dashboard pages: parse, call a service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.core import audit
from taskforce.core import dashboard as dashboard_panels
from taskforce.core.access import COORDINATOR, MEMBER, SIGNED_IN, access
from taskforce.core.forms import form_page, submit
from taskforce.core.http import posted, posted_direction
from taskforce.directory import selectors as directory_selectors
from taskforce.directory.models import Organization, Person
from taskforce.governance import selectors, services
from taskforce.governance.forms import (
    AssignRoleForm,
    CharterForm,
    EndTermForm,
    GoalForm,
    ObjectiveForm,
)
from taskforce.governance.models import (
    LEADERSHIP_ROLE_DESCRIPTIONS,
    Goal,
    LeadershipRole,
    Objective,
)

# How many overdue objectives the dashboard lists before pointing to the charter.
DASHBOARD_OVERDUE_LIMIT = 10


def _charter_url(anchor: str = "") -> str:
    url = reverse("governance:charter")
    return f"{url}#{anchor}" if anchor else url


def _people(include: int | None = None) -> QuerySet[Person]:
    return directory_selectors.people_for_assignment(include=include)


def _organizations(selected: QuerySet[Organization] | None) -> QuerySet[Organization]:
    return directory_selectors.member_organizations(include=selected)


# --- Charter -------------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_GET
def charter(request: HttpRequest) -> HttpResponse:
    current = selectors.current_charter()
    return render(
        request,
        "governance/charter.html",
        {
            "charter": current,
            "goals": selectors.goals_with_objectives(current) if current else [],
            "leadership": selectors.active_leadership(),
            "can_edit": COORDINATOR.allows(request.user),
            "warning_days": selectors.TERM_WARNING_DAYS,
        },
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def charter_edit(request: HttpRequest) -> HttpResponse:
    current = selectors.current_charter()
    organizations = _organizations(current.leading_organizations.all() if current else None)
    form = CharterForm(posted(request), instance=current, organizations=organizations)
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.save_charter(request.user, data, request=request)
        )
        if saved is not None:
            messages.success(request, "The charter was saved.")
            return redirect("governance:charter")
    return form_page(
        request,
        form,
        "Edit the charter" if current else "Write the charter",
        _charter_url(),
        intro="The charter states why the task force exists, what it does, and how it decides. "
        "Every change is kept in the charter's history.",
        submit_label="Save the charter",
    )


@access(COORDINATOR)
@require_GET
def charter_history(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.charter_history(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/history.html",
        {
            "charter": selectors.current_charter(),
            "page": page,
            "rows": [(event, audit.action_label(event.action)) for event in page],
        },
    )


# --- Goals ---------------------------------------------------------------------------------------


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest) -> HttpResponse:
    if selectors.current_charter() is None:
        messages.warning(request, "Write the charter before adding goals.")
        return redirect("governance:charter-edit")
    form = GoalForm(posted(request))
    if request.method == "POST":
        goal = submit(form, lambda data: services.create_goal(request.user, data, request=request))
        if goal is not None:
            messages.success(request, f"Added the goal “{goal.title}”.")
            return redirect(_charter_url(f"goal-{goal.pk}"))
    return form_page(request, form, "Add a goal", _charter_url(), submit_label="Add the goal")


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.get_goal(pk)
    form = GoalForm.for_goal(goal, posted(request))
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.update_goal(request.user, goal, data, request=request)
        )
        if saved is not None:
            messages.success(request, f"Saved the goal “{saved.title}”.")
            return redirect(_charter_url(f"goal-{saved.pk}"))
    return form_page(
        request, form, f"Edit the goal “{goal.title}”", _charter_url(), submit_label="Save the goal"
    )


def _confirm_delete(
    request: HttpRequest,
    target: Goal | Objective,
    kind: str,
    delete: Callable[[], None],
    blocked_reason: str = "",
) -> HttpResponse:
    if request.method == "POST" and not blocked_reason:
        try:
            delete()
        except ValidationError as error:
            blocked_reason = " ".join(error.messages)
        else:
            messages.success(request, f"Removed the {kind} “{target}”.")
            return redirect("governance:charter")
    return render(
        request,
        "governance/confirm_delete.html",
        {"target": target, "kind": kind, "blocked_reason": blocked_reason},
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.get_goal(pk)
    return _confirm_delete(
        request,
        goal,
        "goal",
        lambda: services.delete_goal(request.user, goal, request=request),
        selectors.why_goal_cannot_be_deleted(goal),
    )


@access(COORDINATOR)
@require_POST
def goal_move(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.get_goal(pk)
    direction = posted_direction(request)
    if direction is None:
        return HttpResponse("Choose up or down.", status=400, content_type="text/plain")
    services.move_goal(request.user, goal, direction, request=request)
    return redirect(_charter_url(f"goal-{goal.pk}"))


# --- Objectives ----------------------------------------------------------------------------------


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def objective_add(request: HttpRequest, goal_pk: int) -> HttpResponse:
    goal = selectors.get_goal(goal_pk)
    form = ObjectiveForm(posted(request), people=_people())
    if request.method == "POST":
        objective = submit(
            form,
            lambda data: services.create_objective(request.user, goal, data, request=request),
        )
        if objective is not None:
            messages.success(request, "Added the objective.")
            return redirect(_charter_url(f"objective-{objective.pk}"))
    return form_page(
        request,
        form,
        "Add an objective",
        _charter_url(),
        intro=f"Under the goal “{goal.title}”. A good objective is specific and measurable.",
        submit_label="Add the objective",
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_objective(pk)
    charter_goals = objective.goal.charter.goals.order_by("order", "pk")
    form = ObjectiveForm(
        posted(request),
        initial=ObjectiveForm.initial_for(objective),
        people=_people(include=objective.owner_id),
        goals=charter_goals,
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.update_objective(request.user, objective, data, request=request),
        )
        if saved is not None:
            messages.success(request, "Saved the objective.")
            return redirect(_charter_url(f"objective-{saved.pk}"))
    return form_page(
        request, form, "Edit an objective", _charter_url(), submit_label="Save the objective"
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_objective(pk)
    return _confirm_delete(
        request,
        objective,
        "objective",
        lambda: services.delete_objective(request.user, objective, request=request),
    )


@access(COORDINATOR)
@require_POST
def objective_move(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_objective(pk)
    direction = posted_direction(request)
    if direction is None:
        return HttpResponse("Choose up or down.", status=400, content_type="text/plain")
    services.move_objective(request.user, objective, direction, request=request)
    return redirect(_charter_url(f"objective-{objective.pk}"))


# --- Leadership ----------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_GET
def leadership(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/leadership.html",
        {
            "leadership": selectors.active_leadership(),
            "history": selectors.leadership_history(),
            "can_edit": COORDINATOR.allows(request.user),
            "warning_days": selectors.TERM_WARNING_DAYS,
        },
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def leadership_assign(request: HttpRequest) -> HttpResponse:
    role = request.GET.get("role")
    initial = {"role": role} if role in LeadershipRole.values else {}
    form = AssignRoleForm(posted(request), initial=initial, people=_people())
    if request.method == "POST":
        assignment = submit(
            form,
            lambda data: services.assign_leadership_role(
                request.user,
                data["role"],
                data["person"],
                data["term_start"],
                data["term_end"],
                data["notes"],
                request=request,
            ),
        )
        if assignment is not None:
            messages.success(
                request, f"{assignment.person} is now {assignment.get_role_display()}."
            )
            return redirect("governance:leadership")
    return form_page(
        request,
        form,
        "Assign a leadership role",
        reverse("governance:leadership"),
        intro="The current holder's term ends the day before the new term starts; their term stays "
        "in the role's history.",
        definitions=[
            (choice.label, LEADERSHIP_ROLE_DESCRIPTIONS[choice.value]) for choice in LeadershipRole
        ],
        submit_label="Assign the role",
    )


@access(COORDINATOR)
@require_http_methods(["GET", "POST"])
def leadership_end_term(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.get_assignment(pk)
    form = EndTermForm(posted(request))
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.end_term(
                request.user, assignment, data["term_end"], request=request
            ),
        )
        if saved is not None:
            messages.success(
                request,
                f"{saved.person}'s term as {saved.get_role_display()} ends on "
                f"{saved.term_end:%Y-%m-%d}.",
            )
            return redirect("governance:leadership")
    return form_page(
        request,
        form,
        f"End {assignment.person}'s term as {assignment.get_role_display()}",
        reverse("governance:leadership"),
        intro=f"The term started on {assignment.term_start:%Y-%m-%d}.",
        submit_label="End the term",
    )


# --- Dashboard -----------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The start page. Visitors see the charter summary and who leads; members see the rest."""
    is_member = MEMBER.allows(request.user)
    context: dict[str, Any] = {
        "summary": selectors.charter_summary(),
        "leadership": selectors.active_leadership(),
        "is_member": is_member,
        "can_edit": COORDINATOR.allows(request.user),
        "warning_days": selectors.TERM_WARNING_DAYS,
        "panels": dashboard_panels.panels_for(request.user),
    }
    if is_member:
        coverage = directory_selectors.sector_coverage()
        overdue = selectors.objectives_overdue()
        context.update(
            terms_ending=list(selectors.terms_ending_soon()),
            overdue=list(overdue[:DASHBOARD_OVERDUE_LIMIT]),
            members_by_sector=[
                (sector, count)
                for sector, count in directory_selectors.members_by_sector()
                if count
            ],
            sector_gaps=[row for row in coverage if row.status != "covered"],
            recent_organizations=directory_selectors.recently_joined_organizations(limit=5),
        )
    return render(request, "governance/dashboard.html", context)
