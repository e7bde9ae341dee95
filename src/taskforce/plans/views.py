"""Committee plan pages: parse, call a service or selector, render.

Reading a plan needs only a signed-in account; the selectors answer 404 for plans of committees
whose business the user may not see, and for editing pages of plans the user may not change.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.core.access import MEMBER, SIGNED_IN, access
from taskforce.core.forms import form_page, submit
from taskforce.core.http import posted, posted_direction, report_refusal
from taskforce.plans import selectors, services
from taskforce.plans.forms import (
    ObjectiveForm,
    PlanForm,
    ProgressNoteForm,
    ReportBackForm,
    TaskForm,
    TaskStatusForm,
)
from taskforce.plans.models import CommitteePlan, PlanObjective, PlanStatus, PlanTask
from taskforce.plans.permissions import can_edit_plans_of, can_report_on_task


def _plan_url(plan: CommitteePlan | int, anchor: str = "") -> str:
    pk = plan if isinstance(plan, int) else plan.pk
    url = reverse("plans:detail", kwargs={"pk": pk})
    return f"{url}#{anchor}" if anchor else url


def _task_url(task: PlanTask) -> str:
    return reverse("plans:task", kwargs={"pk": task.pk})


def _only(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: data[name] for name in fields if name in data}


# --- Plans ---------------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    summaries = selectors.plan_summaries(request.user)
    years = [
        (year, list(group))
        for year, group in groupby(summaries, key=lambda summary: summary.plan.period_start.year)
    ]
    can_start = MEMBER.allows(request.user) and bool(selectors.committees_editable_by(request.user))
    return render(request, "plans/list.html", {"years": years, "can_start": can_start})


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    committees = selectors.committees_editable_by(request.user)
    if not committees:
        messages.info(
            request,
            "A committee's plan is written by its officers (chair, co-chair, co-facilitator, "
            "secretary) or a coordinator. You hold no officer seat on an active committee.",
        )
        return redirect("plans:list")
    chosen = request.GET.get("committee", "")
    initial = {"body": int(chosen)} if chosen.isdigit() else {}
    form = PlanForm(posted(request), committees=committees, initial=initial)
    if request.method == "POST":
        plan = submit(
            form,
            lambda data: services.create_plan(
                request.user, data["body"], _only(data, services.PLAN_FIELDS), request=request
            ),
        )
        if plan is not None:
            messages.success(request, f"Started the plan “{plan.title}”. Add its objectives.")
            return redirect(_plan_url(plan))
    return form_page(
        request,
        form,
        "Start a committee plan",
        reverse("plans:list"),
        submit_label="Start the plan",
        intro="Each committee plans one year: objectives tied to the charter's goals, broken into "
        "tasks with an owner, a due date and a report-back date. The plan starts as a draft; "
        "activate it when the committee has agreed it.",
    )


@access(SIGNED_IN)
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for(request.user, pk)
    objectives = selectors.objectives_with_tasks(plan)
    tasks = [task for objective in objectives for task in objective.tasks.all()]
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "objectives": objectives,
            "progress": selectors.progress_of(tasks),
            "can_edit": can_edit_plans_of(request.user, plan.body),
            "is_open": plan.status != PlanStatus.COMPLETED,
        },
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_editable_plan_for(request.user, pk)
    form = PlanForm(posted(request), initial=PlanForm.initial_for(plan))
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.update_plan(request.user, plan, data, request=request)
        )
        if saved is not None:
            messages.success(request, "Saved the plan.")
            return redirect(_plan_url(saved))
    return form_page(
        request,
        form,
        f"Edit the plan “{plan.title}”",
        _plan_url(plan),
        submit_label="Save the plan",
    )


PLAN_STATUS_CHANGES: dict[str, tuple[Callable[..., CommitteePlan], str]] = {
    PlanStatus.ACTIVE: (services.activate_plan, "The plan is active."),
    PlanStatus.COMPLETED: (services.complete_plan, "The plan is completed."),
}


@access(MEMBER)
@require_POST
def plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_editable_plan_for(request.user, pk)
    change = PLAN_STATUS_CHANGES.get(request.POST.get("status", ""))
    if change is None:
        return HttpResponse("Choose active or completed.", status=400, content_type="text/plain")
    service, done = change
    try:
        service(request.user, plan, request=request)
    except ValidationError as error:
        report_refusal(request, error)
    else:
        messages.success(request, done)
    return redirect(_plan_url(plan))


# --- Objectives ----------------------------------------------------------------------------------


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def objective_add(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = selectors.get_editable_plan_for(request.user, plan_pk)
    form = ObjectiveForm(posted(request), goals=selectors.charter_goals())
    if request.method == "POST":
        objective = submit(
            form,
            lambda data: services.create_objective(request.user, plan, data, request=request),
        )
        if objective is not None:
            messages.success(request, "Added the objective. Add its tasks.")
            return redirect(_plan_url(plan, f"objective-{objective.pk}"))
    return form_page(
        request,
        form,
        "Add an objective",
        _plan_url(plan),
        submit_label="Add the objective",
        intro=f"To the plan “{plan.title}”. Link it to the charter goal it serves, if one fits.",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_editable_objective_for(request.user, pk)
    form = ObjectiveForm(
        posted(request),
        initial=ObjectiveForm.initial_for(objective),
        goals=selectors.charter_goals(),
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.update_objective(request.user, objective, data, request=request),
        )
        if saved is not None:
            messages.success(request, "Saved the objective.")
            return redirect(_plan_url(objective.plan_id, f"objective-{objective.pk}"))
    return form_page(
        request,
        form,
        "Edit an objective",
        _plan_url(objective.plan_id),
        submit_label="Save the objective",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def objective_remove(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_editable_objective_for(request.user, pk)
    blocked_reason = services.why_objective_cannot_be_removed(objective)
    if request.method == "POST" and not blocked_reason:
        try:
            services.remove_objective(request.user, objective, request=request)
        except ValidationError as error:
            blocked_reason = " ".join(error.messages)
        else:
            messages.success(request, f"Removed the objective “{objective}”.")
            return redirect(_plan_url(objective.plan_id))
    return render(
        request,
        "plans/confirm_remove.html",
        {"objective": objective, "blocked_reason": blocked_reason},
    )


@access(MEMBER)
@require_POST
def objective_move(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.get_editable_objective_for(request.user, pk)
    direction = posted_direction(request)
    if direction is None:
        return HttpResponse("Choose up or down.", status=400, content_type="text/plain")
    try:
        services.move_objective(request.user, objective, direction, request=request)
    except ValidationError as error:
        report_refusal(request, error)
    return redirect(_plan_url(objective.plan_id, f"objective-{objective.pk}"))


# --- Tasks ---------------------------------------------------------------------------------------


def _task_form(
    request: HttpRequest,
    plan: CommitteePlan,
    task: PlanTask | None = None,
    objectives: list[PlanObjective] | None = None,
) -> TaskForm:
    if task is None:
        defaults = selectors.default_report_to(plan.body)
        initial: dict[str, Any] = {"report_to": [body.pk for body in defaults]}
        chosen: list[int] = initial["report_to"]
    else:
        initial = TaskForm.initial_for(task)
        chosen = initial["report_to"]
    return TaskForm(
        posted(request),
        initial=initial,
        people=selectors.task_owners(include=task.owner_id if task else None),
        bodies=selectors.bodies_to_report_to(include=chosen),
        committee=plan.body,
        objectives=objectives,
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, objective_pk: int) -> HttpResponse:
    objective = selectors.get_editable_objective_for(request.user, objective_pk)
    form = _task_form(request, objective.plan)
    if request.method == "POST":
        task = submit(
            form,
            lambda data: services.create_task(request.user, objective, data, request=request),
        )
        if task is not None:
            messages.success(request, f"Added the task “{task.title}”.")
            return redirect(_plan_url(objective.plan_id, f"task-{task.pk}"))
    return form_page(
        request,
        form,
        "Add a task",
        _plan_url(objective.plan_id),
        submit_label="Add the task",
        intro=f"Under the objective “{objective}”.",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.get_editable_task_for(request.user, pk)
    plan = task.objective.plan
    form = _task_form(request, plan, task, objectives=selectors.objectives_of(plan))
    if request.method == "POST":
        saved = submit(
            form, lambda data: services.update_task(request.user, task, data, request=request)
        )
        if saved is not None:
            messages.success(request, f"Saved the task “{saved.title}”.")
            return redirect(_task_url(saved))
    return form_page(
        request,
        form,
        f"Edit the task “{task.title}”",
        _task_url(task),
        submit_label="Save the task",
    )


def _task_page(
    request: HttpRequest,
    task: PlanTask,
    *,
    status_form: TaskStatusForm | None = None,
    note_form: ProgressNoteForm | None = None,
    report_form: ReportBackForm | None = None,
) -> HttpResponse:
    """The task page, with the reporting forms (one of them bound when its input was refused)."""
    can_report = can_report_on_task(request.user, task)
    return render(
        request,
        "plans/task.html",
        {
            "task": task,
            "plan": task.objective.plan,
            "notes": selectors.task_notes(task),
            "can_edit": can_edit_plans_of(request.user, task.objective.plan.body),
            "can_report": can_report,
            "status_form": status_form or TaskStatusForm(initial={"status": task.status}),
            "note_form": note_form or ProgressNoteForm(),
            "report_form": report_form or ReportBackForm(),
        },
    )


@access(SIGNED_IN)
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_page(request, selectors.get_task_for(request.user, pk))


@access(MEMBER)
@require_POST
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.get_reportable_task_for(request.user, pk)
    form = TaskStatusForm(request.POST)
    saved = submit(
        form,
        lambda data: services.change_task_status(
            request.user, task, data["status"], request=request
        ),
    )
    if saved is None:
        return _task_page(request, task, status_form=form)
    messages.success(request, f"The task is now “{saved.get_status_display()}”.")
    return redirect(_task_url(task))


@access(MEMBER)
@require_POST
def task_note(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.get_reportable_task_for(request.user, pk)
    form = ProgressNoteForm(request.POST)
    note = submit(
        form,
        lambda data: services.add_progress_note(request.user, task, data["text"], request=request),
    )
    if note is None:
        return _task_page(request, task, note_form=form)
    messages.success(request, "Added the progress note.")
    return redirect(_task_url(task))


@access(MEMBER)
@require_POST
def task_report_back(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.get_reportable_task_for(request.user, pk)
    form = ReportBackForm(request.POST)
    note = submit(
        form,
        lambda data: services.record_report_back(
            request.user, task, data["text"], data["reported_on"], request=request
        ),
    )
    if note is None:
        return _task_page(request, task, report_form=form)
    messages.success(request, "Recorded the report-back.")
    return redirect(_task_url(task))
