"""Forms for the bodies pages. They parse and check input; the services decide and write."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from taskforce.core.forms import DateInput
from taskforce.directory.models import Person
from taskforce.governance.forms import PersonChoiceField
from taskforce.governance.handover import HandoverItem
from taskforce.governance.models import (
    Body,
    CompositionSource,
    LeadershipRole,
    Position,
    VoteUnit,
)
from taskforce.governance.services import BODY_FIELDS


def _a_year_after(day: datetime.date) -> datetime.date:
    """The last day of a one-year term starting on `day`."""
    try:
        return day.replace(year=day.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class _TermForm(forms.Form):
    """Start and end of a term, the end optional and not before the start."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", "A term cannot end before it starts.")
        return cleaned


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = BODY_FIELDS
        widgets = {
            "charge": forms.Textarea(attrs={"rows": 4}),
            "vote_unit": forms.RadioSelect,
        }
        help_texts = {
            "order": "Bodies of the same kind are listed in this order",
            "new_member_window_months": "Only used when new members must attend first",
            "attendance_window_months": "Only used when a minimum attendance is set",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["vote_unit"]).choices = VoteUnit.choices
        self.fields["order"].required = False

    def clean_order(self) -> int:
        order = self.cleaned_data.get("order")
        if order is None:
            return self.instance.order if self.instance.pk else 0
        return int(order)


class DissolveForm(forms.Form):
    dissolved_on = forms.DateField(
        label="Dissolved on",
        widget=DateInput,
        help_text="Today or a past day. Current seats end on this day.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dissolved_on"].initial = timezone.localdate()


class SeatForm(_TermForm):
    person = PersonChoiceField(queryset=Person.objects.none(), empty_label="Choose a person")
    position = forms.ChoiceField(choices=Position.choices, initial=Position.MEMBER)
    term_start = forms.DateField(
        label="Term starts", widget=DateInput, help_text="A later day plans the seat"
    )
    term_end = forms.DateField(
        label="Term ends",
        required=False,
        widget=DateInput,
        help_text="Leave empty for a term with no set end",
    )
    notes = forms.CharField(max_length=500, required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).queryset = people
        today = timezone.localdate()
        self.fields["term_start"].initial = today
        self.fields["term_end"].initial = _a_year_after(today)


class SuccessorForm(forms.Form):
    person = PersonChoiceField(
        queryset=Person.objects.none(),
        empty_label="Choose the successor",
        help_text="The same person may be chosen to serve another term",
    )
    term_end = forms.DateField(
        label="Term ends",
        required=False,
        widget=DateInput,
        help_text="Leave empty for a term with no set end",
    )
    notes = forms.CharField(max_length=500, required=False)

    def __init__(
        self, *args: Any, people: QuerySet[Person], term_start: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).queryset = people
        self.term_start = term_start
        self.fields["term_end"].initial = _a_year_after(term_start)

    def clean_term_end(self) -> datetime.date | None:
        end: datetime.date | None = self.cleaned_data.get("term_end")
        if end is not None and end < self.term_start:
            raise forms.ValidationError(
                f"The successor's term starts on {self.term_start:%Y-%m-%d}; "
                "it cannot end before that."
            )
        return end


class OrganizationSeatForm(forms.Form):
    delegate = PersonChoiceField(
        queryset=Person.objects.none(),
        empty_label="Choose the delegate",
        help_text="Casts the organization's vote",
    )
    alternate = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label="No alternate",
        help_text="Votes for the organization when the delegate does not qualify",
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("delegate", "alternate"):
            cast(PersonChoiceField, self.fields[name]).queryset = people

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        delegate, alternate = cleaned.get("delegate"), cleaned.get("alternate")
        if delegate is not None and alternate is not None and delegate == alternate:
            self.add_error("alternate", "The alternate must be someone other than the delegate.")
        return cleaned


class CompositionForm(forms.Form):
    source = forms.ChoiceField(
        label="Who the clause names",
        choices=CompositionSource.choices,
        widget=forms.RadioSelect,
    )
    leadership_role = forms.ChoiceField(
        label="Leadership role",
        choices=[("", "—"), *LeadershipRole.choices],
        required=False,
        help_text="For “the holder of a leadership role”",
    )
    other_body = forms.ModelChoiceField(
        label="Body",
        queryset=Body.objects.none(),
        required=False,
        empty_label="—",
        help_text="For “whoever holds a position in another body”",
    )
    position = forms.ChoiceField(
        choices=[("", "—"), *Position.choices],
        required=False,
        help_text="For “whoever holds a position in another body”",
    )

    def __init__(self, *args: Any, other_bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["other_body"]).queryset = other_bodies


class HandoverPeopleForm(forms.Form):
    outgoing = PersonChoiceField(
        label="Outgoing person",
        queryset=Person.objects.none(),
        empty_label="Choose who is leaving the role",
    )
    incoming = PersonChoiceField(
        label="Incoming person",
        queryset=Person.objects.none(),
        empty_label="Choose who takes over",
        help_text="Active members of the directory",
    )

    def __init__(
        self,
        *args: Any,
        everyone: QuerySet[Person],
        successors: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["outgoing"]).queryset = everyone
        cast(PersonChoiceField, self.fields["incoming"]).queryset = successors

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        outgoing, incoming = cleaned.get("outgoing"), cleaned.get("incoming")
        if outgoing is not None and outgoing == incoming:
            self.add_error("incoming", "Choose someone other than the outgoing person.")
        return cleaned


class HandoverItemsForm(forms.Form):
    keys = forms.MultipleChoiceField(
        label="What to hand over",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one item to hand over."},
    )
    note = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the work changes hands, for the record",
    )

    def __init__(self, *args: Any, items: list[HandoverItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keys = cast(forms.MultipleChoiceField, self.fields["keys"])
        keys.choices = [
            (item.key, f"{item.kind}: {item.label}" + (f" ({item.detail})" if item.detail else ""))
            for item in items
        ]
        keys.initial = [item.key for item in items]
