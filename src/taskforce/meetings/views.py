"""Meeting pages: the list, a meeting and its agenda, scheduling, series, circulation and the
calendar feed. Parse, call a service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.core.access import MEMBER, PUBLIC, SIGNED_IN, access
from taskforce.core.forms import form_page, service_errors_to_form, submit
from taskforce.core.http import posted, posted_direction, report_refusal
from taskforce.directory import selectors as directory_selectors
from taskforce.directory.models import Person
from taskforce.directory.permissions import person_of
from taskforce.meetings import ical, selectors, services
from taskforce.meetings.forms import (
    AcceptItemForm,
    AgendaItemForm,
    MeetingFilterForm,
    MeetingForm,
    ReasonForm,
    SeriesForm,
)
from taskforce.meetings.models import Meeting

FEED_NAME = "Taskforce meetings"


def _detail_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:detail", kwargs={"pk": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


def _people() -> QuerySet[Person]:
    return directory_selectors.people_for_assignment()


def _guest_choices() -> QuerySet[Person]:
    """Anyone active in the directory, visitors included: inviting them is what guests are for."""
    return Person.objects.filter(is_active=True).select_related("organization")


# --- The list and one meeting --------------------------------------------------------------------


@access(SIGNED_IN)
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    bodies = selectors.bodies_with_visible_business(user)
    filters = MeetingFilterForm(request.GET or None, bodies=bodies)
    body, period = filters.filters()
    meetings = selectors.meeting_list(user, body=body, period=period)
    page = Paginator(meetings, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "meetings/list.html",
        {
            "filters": filters,
            "body_options": list(bodies.only("pk", "name")),
            "selected_body": body.pk if body is not None else None,
            "period": period,
            "page": page,
            "rows": [(meeting, selectors.agenda_state(meeting, now)) for meeting in page],
            "cadence": selectors.monthly_cadence_gaps() if MEMBER.allows(user) else None,
            "is_member": MEMBER.allows(user),
            "due": selectors.agendas_due_for(user),
            "can_schedule": selectors.runs_any_body(user),
        },
    )


@access(SIGNED_IN)
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = selectors.get_meeting_for(user, pk)
    can_run = selectors.can_run_meeting(user, meeting)
    viewer = person_of(user)
    viewer_id = viewer.pk if viewer is not None else None
    deadline = meeting.agenda_deadline
    agenda = selectors.agenda_of(meeting)
    now = timezone.now()
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "can_run": can_run,
            "can_propose": selectors.can_propose_items(user, meeting),
            "proposals_open": deadline is None or now <= deadline,
            "agenda": agenda,
            "declined": selectors.declined_items_for(user, agenda),
            "carried": selectors.carried_forward(meeting),
            "guests": list(meeting.guests.select_related("organization")),
            "viewer_id": viewer_id,
            "circulation_day": selectors.circulation_day(meeting),
            "today": timezone.localdate(),
            "now": now,
        },
    )


@access(SIGNED_IN)
@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for(request.user, pk)
    content = ical.single(meeting, services.meeting_url(meeting, request))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


# --- Scheduling ----------------------------------------------------------------------------------


def _nothing_to_run(request: HttpRequest, title: str) -> HttpResponse:
    return render(request, "meetings/not_an_officer.html", {"title": title}, status=200)


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def meeting_schedule(request: HttpRequest) -> HttpResponse:
    title = "Schedule a meeting"
    bodies = selectors.bodies_user_can_schedule_for(request.user)
    if not bodies:
        return _nothing_to_run(request, title)
    initial: dict[str, Any] = {}
    chosen = request.GET.get("body", "")
    if chosen.isdigit() and any(body.pk == int(chosen) for body in bodies):
        initial["body"] = int(chosen)
        initial["title"] = next(f"{b.name} meeting" for b in bodies if b.pk == int(chosen))
    form = MeetingForm(
        posted(request),
        initial=initial,
        bodies=bodies,
        people=_people(),
        guests=_guest_choices(),
    )
    if request.method == "POST":
        meeting = submit(
            form,
            lambda _: services.schedule_meeting(request.user, form.service_data(), request=request),
        )
        if meeting is not None:
            messages.success(request, f"Scheduled “{meeting.title}”.")
            return redirect(_detail_url(meeting))
    return form_page(
        request,
        form,
        title,
        reverse("meetings:list"),
        intro="Members may propose agenda items until the deadline; the agenda goes out by e-mail "
        "with a calendar invitation when you circulate it. For a regular schedule, "
        "create a series instead.",
        submit_label="Schedule the meeting",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_runnable_meeting_for(request.user, pk)
    if meeting.is_cancelled:
        messages.warning(request, "A cancelled meeting cannot be changed.")
        return redirect(_detail_url(meeting))
    form = MeetingForm(
        posted(request),
        initial=MeetingForm.initial_for(meeting),
        bodies=None,
        people=directory_selectors.people_for_assignment(include=meeting.facilitator_id),
        guests=_guest_choices(),
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda _: services.update_meeting(
                request.user, meeting, form.service_data(), request=request
            ),
        )
        if saved is not None:
            note = (
                " Circulate the agenda again so calendars show the change."
                if saved.agenda_circulated_at
                and saved.calendar_sequence > meeting.calendar_sequence
                else ""
            )
            messages.success(request, f"Saved “{saved.title}”.{note}")
            return redirect(_detail_url(saved))
    return form_page(
        request,
        form,
        f"Edit “{meeting.title}”",
        _detail_url(meeting),
        intro=f"A meeting of {meeting.body}.",
        submit_label="Save the meeting",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_runnable_meeting_for(request.user, pk)
    form = ReasonForm(
        posted(request),
        label="Why is the meeting cancelled?",
        help_text="Everyone who received the agenda is told, with this reason.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.cancel_meeting(
                request.user, meeting, form.cleaned_data["reason"], request=request
            )
        except services.MeetingMailError as error:
            messages.error(
                request,
                f"The meeting was not cancelled: the cancellation notice could not be sent "
                f"({error.reason}). Check the mail settings and try again.",
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            notice = f" A cancellation was sent to {sent} people." if sent else ""
            messages.success(request, f"“{meeting.title}” was cancelled.{notice}")
            return redirect(_detail_url(meeting))
    return form_page(
        request,
        form,
        f"Cancel “{meeting.title}”",
        _detail_url(meeting),
        intro="The meeting stays on record as cancelled. If its agenda was circulated, everyone "
        "who received it gets a notice that removes it from their calendar.",
        submit_label="Cancel the meeting",
    )


def _run_and_report(
    request: HttpRequest, meeting: Meeting, action: Callable[[], str], anchor: str = ""
) -> HttpResponse:
    try:
        messages.success(request, action())
    except services.MeetingMailError as error:
        messages.error(
            request,
            f"The agenda was not sent: {error.reason}. Nothing was marked circulated; check "
            "the mail settings and try again.",
        )
    except ValidationError as error:
        report_refusal(request, error)
    return redirect(_detail_url(meeting, anchor))


@access(MEMBER)
@require_POST
def meeting_mark_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_runnable_meeting_for(request.user, pk)

    def mark() -> str:
        services.mark_meeting_held(request.user, meeting, request=request)
        return f"“{meeting.title}” is marked as held."

    return _run_and_report(request, meeting, mark)


@access(MEMBER)
@require_POST
def meeting_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_runnable_meeting_for(request.user, pk)

    def circulate() -> str:
        count = services.circulate_agenda(request.user, meeting, request=request)
        return f"The agenda was e-mailed to {count} {'person' if count == 1 else 'people'}."

    return _run_and_report(request, meeting, circulate, "agenda")


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def series_add(request: HttpRequest) -> HttpResponse:
    title = "Create a meeting series"
    bodies = selectors.bodies_user_can_schedule_for(request.user)
    if not bodies:
        return _nothing_to_run(request, title)
    chosen = request.GET.get("body", "")
    initial = {"body": int(chosen)} if chosen.isdigit() else {}
    form = SeriesForm(posted(request), initial=initial, bodies=bodies)
    if request.method == "POST":
        series = submit(
            form,
            lambda _: services.create_series(request.user, form.service_data(), request=request),
        )
        if series is not None:
            messages.success(
                request, f"Scheduled {series.occurrences} meetings of “{series.title}”."
            )
            return redirect(f"{reverse('meetings:list')}?body={series.body_id}")
    return form_page(
        request,
        form,
        title,
        reverse("meetings:list"),
        intro="Every meeting of the series is created now and can then be changed or cancelled "
        "on its own. Times stay the same on the clock across daylight-saving changes.",
        submit_label="Create the meetings",
    )


# --- Agenda --------------------------------------------------------------------------------------


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def agenda_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Members propose; whoever runs the meeting adds items straight onto the agenda."""
    meeting = selectors.get_meeting_for(request.user, pk)
    if not selectors.can_propose_items(request.user, meeting):
        raise Http404("No such meeting.")
    can_run = selectors.can_run_meeting(request.user, meeting)
    form = AgendaItemForm(
        posted(request),
        people=_people(),
        time_label="Time (minutes)" if can_run else "Time requested (minutes)",
    )
    if request.method == "POST":
        service = services.add_agenda_item if can_run else services.propose_agenda_item
        item = submit(form, lambda data: service(request.user, meeting, data, request=request))
        if item is not None:
            done = "Added" if can_run else "Proposed"
            messages.success(request, f"{done} “{item.title}”.")
            return redirect(_detail_url(meeting, "agenda"))
    deadline = meeting.agenda_deadline
    closes = (
        f" Proposals close on {timezone.localtime(deadline, meeting.zone):%Y-%m-%d %H:%M %Z}."
        if deadline
        else ""
    )
    return form_page(
        request,
        form,
        f"Add to the agenda of “{meeting.title}”"
        if can_run
        else f"Propose an item for “{meeting.title}”",
        _detail_url(meeting, "agenda"),
        intro="The item goes straight onto the agenda, last; reorder it from the meeting page."
        if can_run
        else "The facilitator accepts, orders and time-boxes proposals." + closes,
        submit_label="Add the item" if can_run else "Propose the item",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_runnable_agenda_item_for(request.user, pk)
    form = AgendaItemForm(
        posted(request),
        initial=AgendaItemForm.initial_for(item),
        people=directory_selectors.people_for_assignment(include=item.presenter_id),
        time_label="Time (minutes)",
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.update_agenda_item(request.user, item, data, request=request),
        )
        if saved is not None:
            messages.success(request, f"Saved “{saved.title}”.")
            return redirect(_detail_url(item.meeting, "agenda"))
    return form_page(
        request,
        form,
        f"Edit the agenda item “{item.title}”",
        _detail_url(item.meeting, "agenda"),
        submit_label="Save the item",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def agenda_item_accept(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_runnable_agenda_item_for(request.user, pk)
    form = AcceptItemForm(posted(request), initial={"minutes_allotted": item.minutes_allotted})
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.accept_agenda_item(
                request.user, item, data["minutes_allotted"], request=request
            ),
        )
        if saved is not None:
            messages.success(request, f"“{saved.title}” is on the agenda.")
            return redirect(_detail_url(item.meeting, "agenda"))
    return form_page(
        request,
        form,
        f"Accept “{item.title}”",
        _detail_url(item.meeting, "agenda"),
        intro="The item goes last on the agenda with the time you give it.",
        submit_label="Accept the item",
    )


@access(MEMBER)
@require_http_methods(["GET", "POST"])
def agenda_item_decline(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_runnable_agenda_item_for(request.user, pk)
    form = ReasonForm(
        posted(request),
        label="Why is the item declined?",
        help_text="The proposer sees this reason on the meeting page.",
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.decline_agenda_item(
                request.user, item, data["reason"], request=request
            ),
        )
        if saved is not None:
            messages.success(request, f"Declined “{saved.title}”.")
            return redirect(_detail_url(item.meeting, "agenda"))
    return form_page(
        request,
        form,
        f"Decline “{item.title}”",
        _detail_url(item.meeting, "agenda"),
        submit_label="Decline the item",
    )


@access(MEMBER)
@require_POST
def agenda_item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_agenda_item_for(request.user, pk)
    viewer = person_of(request.user)
    if viewer is None or item.proposed_by_id != viewer.pk:
        raise Http404("No such proposal.")

    def withdraw() -> str:
        services.withdraw_agenda_item(request.user, item, request=request)
        return f"Withdrew “{item.title}”."

    return _run_and_report(request, item.meeting, withdraw, "proposals")


@access(MEMBER)
@require_POST
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_runnable_agenda_item_for(request.user, pk)
    direction = posted_direction(request)
    if direction is None:
        return HttpResponse("Choose up or down.", status=400, content_type="text/plain")
    try:
        services.move_agenda_item(request.user, item, direction, request=request)
    except ValidationError as error:
        report_refusal(request, error)
    return redirect(_detail_url(item.meeting, f"item-{item.pk}"))


# --- Calendar feed -------------------------------------------------------------------------------


@access(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Make, replace or revoke the signed-in person's secret calendar address."""
    feed_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            raw = services.create_calendar_feed(request.user, request=request)
            feed_url = request.build_absolute_uri(reverse("meetings:feed", kwargs={"token": raw}))
        elif action == "revoke":
            if services.revoke_calendar_feed(request.user, request=request):
                messages.success(
                    request, "Your calendar feed was revoked; its address no longer works."
                )
            return redirect("meetings:calendar-feed")
        else:
            return HttpResponse("Choose create or revoke.", status=400, content_type="text/plain")
    return render(
        request,
        "meetings/calendar_feed.html",
        {
            "feed": selectors.live_calendar_feed(request.user),
            "feed_url": feed_url,
            "history_days": selectors.FEED_HISTORY_DAYS,
        },
    )


@access(PUBLIC)
@require_GET
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself. The secret in the address is the credential: calendar apps cannot sign
    in. Unknown, revoked or deactivated answers 404."""
    feed = services.open_calendar_feed(token)
    if feed is None:
        raise Http404("No such calendar.")
    meetings = selectors.feed_meetings_for(feed.user)
    content = ical.feed(
        meetings, lambda meeting: services.meeting_url(meeting, request), name=FEED_NAME
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
