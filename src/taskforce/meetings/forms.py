"""Forms for scheduling meetings and series and for shaping agendas.

They parse and check input, turning a day, a wall-clock time and a time zone into the aware
datetimes the services take; the services decide and write.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from taskforce.core.forms import DateInput, DateTimeLocalInput
from taskforce.directory.models import Person
from taskforce.governance.forms import PersonChoiceField
from taskforce.governance.models import Body
from taskforce.meetings import selectors
from taskforce.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Frequency,
    Meeting,
    time_zone_names,
)
from taskforce.meetings.services import local_datetime

# Service fields that the forms collect as several inputs.
SERVICE_FIELDS = {"starts_at": "start_time", "ends_at": "end_time", "first_starts_at": "date"}


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(name for name in time_zone_names() if "/" in name or name == "UTC")
    return [(name, name.replace("_", " ")) for name in names]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    # People read the same in every list: name, then organization.
    label_from_instance = PersonChoiceField.label_from_instance


def _time_zone_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Time zone",
        choices=time_zone_choices,
        initial=settings.TIME_ZONE,
        help_text="Where the meeting happens; times are shown in this zone",
    )


def _location_field() -> forms.CharField:
    return forms.CharField(
        max_length=300, required=False, help_text="An address or room; or give a video link"
    )


def _video_link_field() -> forms.URLField:
    return forms.URLField(
        label="Video link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="The address people open to join by video",
    )


def _zone(cleaned: dict[str, Any]) -> str | None:
    zone = cleaned.get("time_zone")
    return zone if isinstance(zone, str) and zone else None


class MeetingForm(forms.Form):
    """Schedule (with a body) or edit (body fixed) one meeting."""

    service_fields = SERVICE_FIELDS

    title = forms.CharField(max_length=200)
    date = forms.DateField(widget=DateInput)
    start_time = forms.TimeField(label="Starts at", widget=TimeInput)
    end_time = forms.TimeField(
        label="Ends at",
        required=False,
        widget=TimeInput,
        help_text="Or leave empty and give the length below",
    )
    duration_minutes = forms.IntegerField(
        label="Length (minutes)",
        required=False,
        min_value=15,
        max_value=600,
        help_text="Used when no end time is given",
    )
    time_zone = _time_zone_field()
    location = _location_field()
    video_link = _video_link_field()
    facilitator = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label="No facilitator named yet",
        help_text="The person who runs the meeting and circulates the agenda",
    )
    guests = PeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        help_text=(
            "People invited to this meeting only, such as visitors; they see this meeting and "
            "receive its agenda. Hold Ctrl (or ⌘) to choose several."
        ),
    )
    agenda_deadline = forms.DateTimeField(
        label="Agenda proposals close",
        required=False,
        widget=DateTimeLocalInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="In the meeting's time zone. Leave empty for the body's usual notice.",
    )

    def __init__(
        self,
        *args: Any,
        bodies: list[Body] | None,
        people: QuerySet[Person],
        guests: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["facilitator"]).queryset = people
        cast(PeopleChoiceField, self.fields["guests"]).queryset = guests
        if bodies is not None:
            self.fields["body"] = forms.ModelChoiceField(
                queryset=Body.objects.filter(pk__in=[body.pk for body in bodies]),
                empty_label="Choose a body",
                help_text="Bodies whose meetings you run",
            )
            self.order_fields(["title", "body"])

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        start, end = meeting.local_start, meeting.local_end
        deadline = (
            timezone.localtime(meeting.agenda_deadline, meeting.zone).replace(tzinfo=None)
            if meeting.agenda_deadline
            else None
        )
        return {
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time() if end.date() == start.date() else None,
            "duration_minutes": selectors.meeting_minutes(meeting),
            "time_zone": meeting.time_zone,
            "location": meeting.location,
            "video_link": meeting.video_link,
            "facilitator": meeting.facilitator_id,
            "guests": [guest.pk for guest in meeting.guests.all()],
            "agenda_deadline": deadline,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("location") and not cleaned.get("video_link"):
            self.add_error("location", "Give a place, a video link, or both.")
        day, start, zone = cleaned.get("date"), cleaned.get("start_time"), _zone(cleaned)
        if day is None or start is None or zone is None:
            return cleaned
        starts_at = local_datetime(day, start, zone)
        end, duration = cleaned.get("end_time"), cleaned.get("duration_minutes")
        if end is not None:
            ends_at = local_datetime(day, end, zone)
            if ends_at <= starts_at:
                self.add_error("end_time", "The meeting must end after it starts.")
                return cleaned
            if duration and ends_at != starts_at + datetime.timedelta(minutes=duration):
                self.add_error(
                    "duration_minutes",
                    "The end time and the length disagree; give one of them.",
                )
                return cleaned
        elif duration:
            ends_at = starts_at + datetime.timedelta(minutes=duration)
        else:
            self.add_error("end_time", "Give an end time or the length in minutes.")
            return cleaned
        deadline = cleaned.get("agenda_deadline")
        if deadline is not None:
            naive = timezone.make_naive(deadline) if timezone.is_aware(deadline) else deadline
            cleaned["agenda_deadline"] = naive.replace(tzinfo=zoneinfo.ZoneInfo(zone))
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = (
            "title",
            "starts_at",
            "ends_at",
            "time_zone",
            "location",
            "video_link",
            "facilitator",
            "guests",
            "agenda_deadline",
        )
        values = {name: data[name] for name in fields}
        if "body" in self.fields:
            values["body"] = data["body"]
        return values


class SeriesForm(forms.Form):
    service_fields = SERVICE_FIELDS
    title = forms.CharField(max_length=200, help_text="Each meeting of the series gets this title")
    frequency = forms.ChoiceField(choices=Frequency.choices, initial=Frequency.MONTHLY_BY_WEEKDAY)
    date = forms.DateField(
        label="First meeting on",
        widget=DateInput,
        help_text="Monthly and quarterly series keep this weekday (e.g. the 2nd Tuesday) or date",
    )
    start_time = forms.TimeField(label="Starts at", widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=15, max_value=600, initial=90
    )
    time_zone = _time_zone_field()
    occurrences = forms.IntegerField(
        label="Number of meetings", min_value=1, max_value=60, initial=12
    )
    location = _location_field()
    video_link = _video_link_field()

    def __init__(self, *args: Any, bodies: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"] = forms.ModelChoiceField(
            queryset=Body.objects.filter(pk__in=[body.pk for body in bodies]),
            empty_label="Choose a body",
            help_text="Bodies whose meetings you run",
        )
        self.order_fields(["title", "body"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("location") and not cleaned.get("video_link"):
            self.add_error("location", "Give a place, a video link, or both.")
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "body": data["body"],
            "title": data["title"],
            "frequency": data["frequency"],
            "first_starts_at": local_datetime(data["date"], data["start_time"], data["time_zone"]),
            "duration_minutes": data["duration_minutes"],
            "time_zone": data["time_zone"],
            "occurrences": data["occurrences"],
            "location": data["location"],
            "video_link": data["video_link"],
        }


_CASE_REFERENCES = AgendaItem._meta.get_field("case_references")


class AgendaItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=AgendaItemKind.choices, initial=AgendaItemKind.DISCUSSION)
    case_references = forms.CharField(
        label="Case references",
        max_length=300,
        required=False,
        help_text=(
            f"{_CASE_REFERENCES.help_text}, separated by commas (e.g. HT-7Q4K2M). "
            "A case review names cases this way and has no description."
        ),
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the body is asked to hear, discuss or decide",
    )
    presenter = PersonChoiceField(
        queryset=Person.objects.none(), required=False, empty_label="No presenter named"
    )
    minutes_allotted = forms.IntegerField(
        label="Time requested (minutes)", required=False, min_value=1, max_value=240
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], time_label: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["presenter"]).queryset = people
        if time_label:
            self.fields["minutes_allotted"].label = time_label

    @staticmethod
    def initial_for(item: AgendaItem) -> dict[str, Any]:
        return {
            "title": item.title,
            "kind": item.kind,
            "case_references": item.case_references,
            "description": item.description,
            "presenter": item.presenter_id,
            "minutes_allotted": item.minutes_allotted,
        }


class AcceptItemForm(forms.Form):
    minutes_allotted = forms.IntegerField(label="Time (minutes)", min_value=1, max_value=240)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, label: str, help_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text


class MeetingFilterForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.none(), required=False, empty_label="All bodies"
    )
    period = forms.ChoiceField(
        choices=list(selectors.PERIODS.items()), required=False, initial="upcoming"
    )

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = bodies

    def filters(self) -> tuple[Body | None, selectors.Period]:
        if not self.is_valid():
            return None, "upcoming"
        period = self.cleaned_data.get("period") or "upcoming"
        return self.cleaned_data.get("body"), cast(selectors.Period, period)
