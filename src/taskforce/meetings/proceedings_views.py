"""Pages for what happens at and after a meeting: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.core.access import MEMBER, SIGNED_IN, access
from taskforce.core.forms import form_page, submit
from taskforce.core.http import posted, report_refusal
from taskforce.directory import selectors as directory_selectors
from taskforce.directory.models import Person
from taskforce.governance.permissions import can_run_body_meetings
from taskforce.meetings import pdf
from taskforce.meetings import proceedings_selectors as selectors
from taskforce.meetings import proceedings_services as services
from taskforce.meetings.models import ActionItemStatus, Meeting, MinutesStatus
from taskforce.meetings.proceedings_forms import (
    ActionItemFilterForm,
    ActionItemForm,
    AdoptMinutesForm,
    AttendanceReportForm,
    CloseActionItemForm,
    FeedbackForm,
    MinutesDraftForm,
    NoteForm,
    RollCallForm,
    TrainingForm,
)
from taskforce.meetings.selectors import get_meeting_for
from taskforce.meetings.templatetags.proceedings import meeting_url


def _minutes_url(meeting: Meeting) -> str:
    return reverse("meetings:minutes", kwargs={"pk": meeting.pk})


def _people(include: int | None = None) -> Any:
    return directory_selectors.people_for_assignment(include=include)


def _heading(meeting: Meeting) -> str:
    return f"{meeting.title}, {meeting.local_start:%Y-%m-%d}"


# --- Roll call -----------------------------------------------------------------------------------


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def roll_call(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_to_run(request.user, pk)
    rows = selectors.roll_call_rows(meeting)
    listed = [row.person.pk for row in rows]
    others = (
        Person.objects.filter(is_active=True)
        .exclude(pk__in=listed)
        .select_related("organization")
        .order_by("last_name", "first_name")
    )
    form = RollCallForm(posted(request), rows=rows, others=others)
    if request.method == "POST":
        outcome = submit(
            form,
            lambda _: services.record_roll_call(
                request.user, meeting, form.lines(), request=request
            ),
        )
        if outcome is not None:
            if outcome.added or outcome.changed:
                messages.success(
                    request,
                    f"Roll saved: {outcome.added} added, {outcome.changed} changed.",
                )
            else:
                messages.info(request, "The roll was already up to date.")
            return redirect(meeting_url(meeting, "roll"))
    return render(
        request,
        "meetings/proceedings_roll_call.html",
        {
            "meeting": meeting,
            "form": form,
            "day_has_come": selectors.meeting_day_has_come(meeting),
            "meeting_url": meeting_url(meeting),
        },
    )


# --- Confidentiality reminder and training -------------------------------------------------------


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def confidentiality(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_to_run(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            services.record_confidentiality_reminder(request.user, meeting, request=request)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, "The confidentiality reminder is recorded.")
            return redirect(meeting_url(meeting, "confidentiality"))
    return render(
        request,
        "meetings/proceedings_confidentiality.html",
        {
            "meeting": meeting,
            "reminder": selectors.CONFIDENTIALITY_REMINDER,
            "error": error,
            "day_has_come": selectors.meeting_day_has_come(meeting),
            "meeting_url": meeting_url(meeting),
        },
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def training(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_to_run(request.user, pk)
    form = TrainingForm(posted(request), meeting=meeting, people=_people(meeting.trainer_id))
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.record_training(request.user, meeting, data, request=request),
        )
        if saved is not None:
            messages.success(request, "The training segment is saved.")
            return redirect(meeting_url(meeting, "training"))
    return form_page(
        request,
        form,
        "Training segment",
        meeting_url(meeting),
        intro=f"{_heading(meeting)}. A short training at each meeting: its topic, who gave it and "
        "how long it took. Clear every field to remove it.",
        submit_label="Save the training segment",
    )


# --- Minutes -------------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_GET
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, record = selectors.get_minutes_for(request.user, pk)
    can_run = can_run_body_meetings(request.user, meeting.body)
    versions = list(selectors.versions_visible_to(request.user, meeting, record)) if record else []
    return render(
        request,
        "meetings/proceedings_minutes.html",
        {
            "meeting": meeting,
            "minutes": record,
            "sections": selectors.minutes_sections(record) if record else [],
            "versions": versions,
            "can_run": can_run,
            "correction": selectors.pending_correction(record) if record else "",
            "missing_entries": (
                selectors.missing_minutes_entries(record).count()
                if record is not None and can_run and record.status == MinutesStatus.DRAFT
                else 0
            ),
            "day_has_come": selectors.meeting_day_has_come(meeting),
            "adoption_possible": record is not None
            and record.status == MinutesStatus.CIRCULATED
            and selectors.adoption_meetings(meeting).exists(),
            "meeting_url": meeting_url(meeting),
        },
    )


@access(MEMBER)
@require_POST
def minutes_start(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_to_run(request.user, pk)
    try:
        services.start_minutes(request.user, meeting, request=request)
    except ValidationError as error:
        report_refusal(request, error)
        return redirect(_minutes_url(meeting))
    return redirect("meetings:minutes-edit", pk=meeting.pk)


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_to_run(request.user, pk)
    record = selectors.minutes_of(meeting)
    if record is None or record.status != MinutesStatus.DRAFT:
        messages.warning(
            request,
            "Start the minutes first."
            if record is None
            else "Only draft minutes can be edited; return them to draft to correct them."
            if record.status == MinutesStatus.CIRCULATED
            else services.ADOPTED_READ_ONLY,
        )
        return redirect(_minutes_url(meeting))
    form = MinutesDraftForm(posted(request), minutes=record)
    if request.method == "POST":
        saved = submit(
            form,
            lambda _: services.save_minutes_draft(
                request.user, meeting, form.texts(), request=request
            ),
        )
        if saved is not None:
            messages.success(request, "The draft minutes are saved.")
            return redirect(_minutes_url(meeting))
    return render(
        request,
        "meetings/proceedings_minutes_edit.html",
        {
            "meeting": meeting,
            "minutes": record,
            "form": form,
            "correction": selectors.pending_correction(record),
            "missing_entries": selectors.missing_minutes_entries(record).count(),
            "meeting_url": meeting_url(meeting),
        },
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def minutes_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_to_run(request.user, pk)
    record = selectors.minutes_of(meeting)
    if record is None:
        messages.warning(request, "Start the minutes first.")
        return redirect(_minutes_url(meeting))
    recirculating = record.versions.exists()
    form = NoteForm(
        posted(request),
        label="What was corrected" if recirculating else "Note to the members (optional)",
        required=recirculating,
        help_text="Kept with this version of the minutes.",
    )
    if request.method == "POST":
        version = submit(
            form,
            lambda data: services.circulate_minutes(
                request.user, meeting, data["note"], request=request
            ),
        )
        if version is not None:
            messages.success(
                request,
                f"Version {version.number} is circulated; the body's members are e-mailed a link.",
            )
            return redirect(_minutes_url(meeting))
    return form_page(
        request,
        form,
        "Circulate the minutes",
        _minutes_url(meeting),
        intro=f"{_heading(meeting)}. The text is frozen as a new version and the body's members "
        "are e-mailed a link to read it. To change it afterwards, return it to draft.",
        submit_label="Circulate the minutes",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def minutes_correct(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_to_run(request.user, pk)
    form = NoteForm(posted(request), label="What is being corrected")
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.return_minutes_to_draft(
                request.user, meeting, data["note"], request=request
            ),
        )
        if saved is not None:
            messages.success(request, "The minutes are back in draft for correction.")
            return redirect("meetings:minutes-edit", pk=meeting.pk)
    return form_page(
        request,
        form,
        "Correct the circulated minutes",
        _minutes_url(meeting),
        intro=f"{_heading(meeting)}. The minutes return to draft; the circulated version is kept. "
        "Circulate them again once corrected.",
        submit_label="Return to draft",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def minutes_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_to_run(request.user, pk)
    form = AdoptMinutesForm(posted(request), choices=selectors.adoption_meetings(meeting))
    if request.method == "POST":
        version = submit(
            form,
            lambda data: services.adopt_minutes(
                request.user, meeting, data["at_meeting"], request=request
            ),
        )
        if version is not None:
            messages.success(request, "The minutes are adopted; they are now read-only.")
            return redirect(_minutes_url(meeting))
    return form_page(
        request,
        form,
        "Adopt the minutes",
        _minutes_url(meeting),
        intro=f"{_heading(meeting)}. Record the later meeting of {meeting.body} at which the "
        "circulated minutes were adopted. Adopted minutes can no longer be changed.",
        submit_label="Record the adoption",
    )


@access(SIGNED_IN)
@require_GET
def minutes_versions(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, record = selectors.get_minutes_for(request.user, pk)
    versions = list(selectors.versions_visible_to(request.user, meeting, record)) if record else []
    return render(
        request,
        "meetings/proceedings_minutes_versions.html",
        {
            "meeting": meeting,
            "minutes": record,
            "versions": versions,
            "meeting_url": meeting_url(meeting),
        },
    )


@access(SIGNED_IN)
@require_GET
def minutes_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    meeting, record, version = selectors.get_minutes_version_for(request.user, pk, number)
    return render(
        request,
        "meetings/proceedings_minutes_version.html",
        {
            "meeting": meeting,
            "minutes": record,
            "version": version,
            "sections": selectors.version_sections(version),
            "title": f"Minutes, version {version.number}",
            "meeting_url": meeting_url(meeting),
        },
    )


@access(SIGNED_IN)
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, record, version = selectors.get_printable_minutes_for(request.user, pk)
    response = HttpResponse(
        pdf.minutes_pdf(meeting, record, version), content_type="application/pdf"
    )
    filename = pdf.minutes_filename(meeting, version)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Action items --------------------------------------------------------------------------------


def _action_item_page(
    request: HttpRequest, form: forms.BaseForm, title: str, cancel_url: str, intro: str
) -> HttpResponse:
    return form_page(request, form, title, cancel_url, intro=intro, submit_label="Save the item")


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def action_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_to_run(request.user, pk)
    form = ActionItemForm(posted(request), meeting=meeting, body=meeting.body, people=_people())
    if request.method == "POST":
        item = submit(
            form,
            lambda data: services.create_action_item(request.user, meeting, data, request=request),
        )
        if item is not None:
            messages.success(request, "The action item is added.")
            return redirect(meeting_url(meeting, "action-items"))
    return _action_item_page(
        request,
        form,
        "Add an action item",
        meeting_url(meeting),
        f"{_heading(meeting)}. Open items appear on every later agenda of {meeting.body} "
        "until they are done or dropped.",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def action_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_action_item_to_edit(request.user, pk)
    form = ActionItemForm(
        posted(request),
        meeting=item.meeting,
        body=item.body,
        people=_people(item.owner_person_id),
        item=item,
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.update_action_item(request.user, item, data, request=request),
        )
        if saved is not None:
            messages.success(request, "The action item is saved.")
            return redirect("meetings:action-items")
    return _action_item_page(
        request,
        form,
        "Edit an action item",
        reverse("meetings:action-items"),
        f"An action item of {item.body}.",
    )


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def action_item_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_action_item_to_close(request.user, pk)
    form = CloseActionItemForm(posted(request))
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.close_action_item(
                request.user, item, data["status"], data["note"], request=request
            ),
        )
        if saved is not None:
            messages.success(request, f"The item is marked {saved.get_status_display().lower()}.")
            return redirect("meetings:action-items")
    return form_page(
        request,
        form,
        "Close an action item",
        reverse("meetings:action-items"),
        intro=f"“{item}” — {item.owner_label}, due {item.due_on:%Y-%m-%d}.",
        submit_label="Close the item",
    )


def _action_item_list(
    request: HttpRequest, items: Any, title: str, form: ActionItemFilterForm | None
) -> HttpResponse:
    rows = [
        (
            item,
            item.is_overdue(),
            selectors.can_edit_action_item(request.user, item)
            and item.status == ActionItemStatus.OPEN,
            selectors.can_close_action_item(request.user, item)
            and item.status == ActionItemStatus.OPEN,
        )
        for item in items
    ]
    return render(
        request,
        "meetings/proceedings_action_items.html",
        {"rows": rows, "title": title, "form": form},
    )


@access(SIGNED_IN)
@require_GET
def action_items(request: HttpRequest) -> HttpResponse:
    form = ActionItemFilterForm(
        request.GET or None,
        bodies=selectors.attendance_bodies(request.user),
        owners=selectors.action_item_owners(request.user),
    )
    items = selectors.open_action_items(request.user, form.filters())
    return _action_item_list(request, items, "Open action items", form)


@access(SIGNED_IN)
@require_GET
def my_action_items(request: HttpRequest) -> HttpResponse:
    return _action_item_list(
        request, selectors.my_action_items(request.user), "My action items", None
    )


# --- Feedback ------------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk)
    state = selectors.feedback_state(request.user, meeting)
    form = FeedbackForm(posted(request) if state == selectors.FeedbackState.OPEN else None)
    if request.method == "POST" and state == selectors.FeedbackState.OPEN:
        response = submit(
            form,
            lambda data: services.submit_feedback(
                request.user,
                meeting,
                data["rating"],
                data["comment"],
                data["anonymous"],
                request=request,
            ),
        )
        if response is not None:
            messages.success(request, "Thank you for your answer.")
            return redirect(meeting_url(meeting, "feedback"))
    return render(
        request,
        "meetings/proceedings_feedback.html",
        {
            "meeting": meeting,
            "form": form,
            "state": state,
            "states": selectors.FeedbackState,
            "meeting_url": meeting_url(meeting),
        },
    )


@access(SIGNED_IN)
@require_GET
def feedback_results(request: HttpRequest, pk: int) -> HttpResponse:
    results = selectors.get_feedback_results_for(request.user, pk)
    return render(
        request,
        "meetings/proceedings_feedback_results.html",
        {
            "results": results,
            "meeting": results.meeting,
            "meeting_url": meeting_url(results.meeting),
        },
    )


@access(SIGNED_IN)
@require_GET
def feedback_trend(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.get_body_for_feedback_trend(request.user, pk)
    return render(
        request,
        "meetings/proceedings_feedback_trend.html",
        {"body": body, "points": selectors.feedback_trend(body)},
    )


# --- Attendance ----------------------------------------------------------------------------------


@access(MEMBER)
@require_GET
def attendance_report(request: HttpRequest) -> HttpResponse:
    bodies = selectors.attendance_bodies(request.user)
    data = request.GET.copy()
    if not data.get("body"):
        first = bodies.first()
        if first is not None:
            data["body"] = str(first.pk)
    form = AttendanceReportForm(data, bodies=bodies)
    report = None
    if form.is_valid():
        report = selectors.attendance_report(
            request.user,
            form.cleaned_data["body"],
            form.cleaned_data["since"],
            form.cleaned_data["until"],
            quiet_days=form.cleaned_data["days"],
        )
    return render(
        request,
        "meetings/proceedings_attendance_report.html",
        {"form": form, "report": report},
    )
