"""Forms for the roll call, training, minutes, action items, feedback and attendance report.

They parse and check input; the services in proceedings_services decide and write.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundField

from taskforce.core.forms import DateInput
from taskforce.directory.models import Person
from taskforce.governance.forms import PersonChoiceField
from taskforce.governance.models import Body
from taskforce.meetings import proceedings_selectors as selectors
from taskforce.meetings.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AgendaItemStatus,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Minutes,
)
from taskforce.meetings.proceedings_services import RollCallLine

NOT_RECORDED = ""


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        meeting: Meeting = obj
        return f"{meeting.title} — {meeting.local_start:%Y-%m-%d %H:%M}"


class RollCallForm(forms.Form):
    """A status and a late-arrival box per person on the roll, and one more person present."""

    def __init__(
        self,
        data: Any = None,
        *,
        rows: list[selectors.RollCallRow],
        others: QuerySet[Person],
    ) -> None:
        super().__init__(data)
        self.rows = rows
        self.people = {row.person.pk: row.person for row in rows}
        for row in rows:
            recorded = row.attendance
            choices = list(AttendanceStatus.choices)
            if recorded is None:
                choices = [(NOT_RECORDED, "Not recorded"), *choices]
            self.fields[f"status_{row.person.pk}"] = forms.ChoiceField(
                label=f"Status of {row.person.full_name}",
                choices=choices,
                required=recorded is not None,
                widget=forms.RadioSelect,
                initial=recorded.status if recorded else NOT_RECORDED,
            )
            self.fields[f"late_{row.person.pk}"] = forms.BooleanField(
                label=f"{row.person.full_name} arrived late",
                required=False,
                initial=recorded.arrived_late if recorded else False,
            )
        self.fields["other_person"] = PersonChoiceField(
            queryset=others,
            required=False,
            label="Someone else present",
            help_text="Anyone in the directory who is not listed above; recorded as present.",
        )
        self.fields["other_late"] = forms.BooleanField(label="They arrived late", required=False)

    def row_fields(self) -> list[tuple[selectors.RollCallRow, BoundField, BoundField]]:
        return [
            (row, self[f"status_{row.person.pk}"], self[f"late_{row.person.pk}"])
            for row in self.rows
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in self.rows:
            pk = row.person.pk
            status = cleaned.get(f"status_{pk}")
            if cleaned.get(f"late_{pk}") and status != AttendanceStatus.PRESENT:
                self.add_error(f"late_{pk}", "Only someone present can have arrived late.")
        return cleaned

    def lines(self) -> list[RollCallLine]:
        data = self.cleaned_data
        lines = [
            RollCallLine(
                person=self.people[pk],
                status=data[f"status_{pk}"],
                arrived_late=bool(data.get(f"late_{pk}")),
            )
            for pk in self.people
            if data.get(f"status_{pk}")
        ]
        other: Person | None = data.get("other_person")
        if other is not None and other.pk not in self.people:
            lines.append(
                RollCallLine(
                    person=other,
                    status=AttendanceStatus.PRESENT,
                    arrived_late=bool(data.get("other_late")),
                )
            )
        return lines


class TrainingForm(forms.Form):
    training_topic = forms.CharField(label="Topic", max_length=200, required=False)
    trainer = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Trainer from the directory",
    )
    trainer_name = forms.CharField(
        label="…or a trainer from outside",
        max_length=150,
        required=False,
        help_text="Name and affiliation, e.g. “J. Smith, State Attorney General's Office”",
    )
    training_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=1, max_value=480, required=False
    )

    def __init__(self, data: Any = None, *, meeting: Meeting, people: QuerySet[Person]) -> None:
        super().__init__(
            data,
            initial={
                "training_topic": meeting.training_topic,
                "trainer": meeting.trainer_id,
                "trainer_name": meeting.trainer_name,
                "training_minutes": meeting.training_minutes,
            },
        )
        cast(forms.ModelChoiceField, self.fields["trainer"]).queryset = people


class MinutesDraftForm(forms.Form):
    """A text box per entry of the minutes, headed by its agenda item."""

    def __init__(self, data: Any = None, *, minutes: Minutes) -> None:
        super().__init__(data)
        self.entry_ids: list[int] = []
        for entry in minutes.entries.all():
            self.entry_ids.append(entry.pk)
            self.fields[f"entry_{entry.pk}"] = forms.CharField(
                label=entry.heading,
                required=False,
                initial=entry.text,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def texts(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(f"entry_{pk}", "") for pk in self.entry_ids}


class NoteForm(forms.Form):
    note = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, data: Any = None, *, label: str, required: bool = True, help_text: str = ""
    ) -> None:
        super().__init__(data)
        field = self.fields["note"]
        field.label = label
        field.required = required
        field.help_text = help_text


class AdoptMinutesForm(forms.Form):
    at_meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        label="Adopted at",
        empty_label=None,
        widget=forms.RadioSelect,
        help_text="A later meeting of the same body that has begun.",
    )

    def __init__(self, data: Any = None, *, choices: QuerySet[Meeting]) -> None:
        super().__init__(data)
        cast(forms.ModelChoiceField, self.fields["at_meeting"]).queryset = choices


class ActionItemForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    owner_person = PersonChoiceField(
        queryset=Person.objects.none(), required=False, label="Owner: a person"
    )
    owner_body = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        required=False,
        label="…or a committee",
        help_text="Choose a person or a committee, not both.",
    )
    due_on = forms.DateField(label="Due on", widget=DateInput)
    report_back_meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label="Report back at",
        help_text="A later meeting of the body.",
    )
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label="From agenda item"
    )

    def __init__(
        self,
        data: Any = None,
        *,
        meeting: Meeting | None,
        body: Body,
        people: QuerySet[Person],
        item: ActionItem | None = None,
    ) -> None:
        initial = {}
        if item is not None:
            initial = {
                "description": item.description,
                "owner_person": item.owner_person_id,
                "owner_body": item.owner_body_id,
                "due_on": item.due_on,
                "report_back_meeting": item.report_back_meeting_id,
                "agenda_item": item.agenda_item_id,
            }
        super().__init__(data, initial=initial)
        cast(forms.ModelChoiceField, self.fields["owner_person"]).queryset = people
        owner_bodies = Body.objects.filter(is_active=True)
        if item is not None and item.owner_body_id:
            owner_bodies = Body.objects.filter(is_active=True) | Body.objects.filter(
                pk=item.owner_body_id
            )
        cast(forms.ModelChoiceField, self.fields["owner_body"]).queryset = owner_bodies.order_by(
            "order", "name"
        )
        if meeting is not None:
            later = selectors.later_meetings(meeting)
            agenda = meeting.agenda_items.filter(status=AgendaItemStatus.ACCEPTED).order_by(
                "order", "pk"
            )
        else:
            later = Meeting.objects.filter(body=body).exclude(status=MeetingStatus.CANCELLED)
            agenda = AgendaItem.objects.none()
        cast(forms.ModelChoiceField, self.fields["report_back_meeting"]).queryset = later
        cast(forms.ModelChoiceField, self.fields["agenda_item"]).queryset = agenda
        if meeting is None:
            del self.fields["agenda_item"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("owner_person") is None) == (cleaned.get("owner_body") is None):
            self.add_error("owner_person", "Choose one owner: a person or a committee.")
        return cleaned


class CloseActionItemForm(forms.Form):
    status = forms.ChoiceField(
        label="Outcome",
        choices=[
            (ActionItemStatus.DONE, "Done"),
            (ActionItemStatus.DROPPED, "Dropped: it will not be done"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done, or why it was dropped (required when dropped).",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("status") == ActionItemStatus.DROPPED
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", "Say why the item is dropped.")
        return cleaned


class ActionItemFilterForm(forms.Form):
    body = forms.ModelChoiceField(queryset=Body.objects.none(), required=False, empty_label="All")
    owner = PersonChoiceField(queryset=Person.objects.none(), required=False, empty_label="Anyone")
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, data: Any, *, bodies: QuerySet[Body], owners: QuerySet[Person]) -> None:
        super().__init__(data)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = bodies
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owners

    def filters(self) -> selectors.ActionItemFilters:
        if not self.is_valid():
            return selectors.ActionItemFilters()
        return selectors.ActionItemFilters(
            body=self.cleaned_data.get("body"),
            owner=self.cleaned_data.get("owner"),
            overdue_only=bool(self.cleaned_data.get("overdue")),
        )


RATING_CHOICES = [
    (5, "5 — Excellent"),
    (4, "4 — Good"),
    (3, "3 — Fair"),
    (2, "2 — Poor"),
    (1, "1 — Very poor"),
]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How useful was this meeting?",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What worked, what should change. Do not name victims or give case details.",
    )
    anonymous = forms.BooleanField(
        label="Answer anonymously",
        required=False,
        help_text=(
            "Your name is not stored with your answer. The platform only notes that you answered, "
            "so that nobody answers twice."
        ),
    )


class AttendanceReportForm(forms.Form):
    body = forms.ModelChoiceField(queryset=Body.objects.none(), empty_label=None)
    since = forms.DateField(label="From", widget=DateInput, required=False)
    until = forms.DateField(label="To", widget=DateInput, required=False)
    days = forms.IntegerField(
        label="Not attended within (days)",
        min_value=7,
        max_value=730,
        required=False,
        help_text="Member organizations with nobody present in this many days are listed.",
    )

    def __init__(self, data: Any, *, bodies: QuerySet[Body]) -> None:
        super().__init__(data)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = bodies
        since, until = selectors.default_report_period()
        # Date inputs show no placeholder text, so the defaults are stated beside the fields.
        self.fields["since"].help_text = f"Leave empty for {since:%Y-%m-%d}, a year back."
        self.fields["until"].help_text = f"Leave empty for today, {until:%Y-%m-%d}."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        default_since, default_until = selectors.default_report_period()
        since: datetime.date = cleaned.get("since") or default_since
        until: datetime.date = cleaned.get("until") or default_until
        if since > until:
            self.add_error("until", "The period must end on or after the day it starts.")
        cleaned["since"], cleaned["until"] = since, until
        cleaned["days"] = cleaned.get("days") or selectors.QUIET_DAYS_DEFAULT
        return cleaned
