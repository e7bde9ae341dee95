"""Forms for the charter pages. They parse and check input; the services decide and write."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from taskforce.core.forms import DateInput
from taskforce.directory.models import Organization, Person
from taskforce.governance.models import (
    LEADERSHIP_MODEL_EXPLANATIONS,
    Charter,
    Goal,
    LeadershipModel,
    LeadershipRole,
    Objective,
    ObjectiveStatus,
)
from taskforce.governance.services import (
    CHARTER_FIELDS,
    GOAL_FIELDS,
    LEADING_ORGANIZATIONS_REQUIRED,
    OBJECTIVE_FIELDS,
)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person: Person = obj
        organization = person.organization
        if organization is None:
            return person.full_name
        return f"{person.full_name} — {organization.display_name}"


class OrganizationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        organization: Organization = obj
        return organization.display_name


class CharterForm(forms.ModelForm):
    leading_organizations = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Only for the centralized model: the organizations decisions come from. Under the "
            "decentralized model no organization leads, and any ticked here are cleared."
        ),
    )

    class Meta:
        model = Charter
        fields = (*CHARTER_FIELDS, "leading_organizations")
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "vision": forms.Textarea(attrs={"rows": 3}),
            "leadership_model": forms.RadioSelect,
            "formed_on": DateInput,
        }

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["leading_organizations"]
        ).queryset = organizations
        model_field = cast(forms.ChoiceField, self.fields["leadership_model"])
        model_field.choices = [
            (choice.value, f"{choice.label}: {LEADERSHIP_MODEL_EXPLANATIONS[choice.value]}")
            for choice in LeadershipModel
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service enforces this too; checking here shows it alongside the other field errors.
        if (
            cleaned.get("leadership_model") == "centralized"
            and "leading_organizations" in cleaned
            and not cleaned["leading_organizations"]
        ):
            self.add_error("leading_organizations", LEADING_ORGANIZATIONS_REQUIRED)
        return cleaned


class GoalForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the task force wants to change, and for whom",
    )

    field_order = GOAL_FIELDS

    @classmethod
    def for_goal(cls, goal: Goal, data: Any = None) -> GoalForm:
        return cls(data, initial={"title": goal.title, "description": goal.description})


class ObjectiveForm(forms.Form):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="What will be achieved"
    )
    measure = forms.CharField(
        label="Measure or indicator",
        max_length=300,
        help_text="How the task force will know it is achieved, e.g. “20 officers trained”",
    )
    target_date = forms.DateField(label="Target date", widget=DateInput)
    owner = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label="No owner yet",
        help_text="The person who reports on progress",
    )
    status = forms.ChoiceField(choices=ObjectiveStatus.choices, initial=ObjectiveStatus.NOT_STARTED)

    field_order = OBJECTIVE_FIELDS

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        goals: QuerySet[Goal] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["owner"]).queryset = people
        if goals is not None:
            # Editing: the objective may move to another goal of the charter.
            self.fields["goal"] = forms.ModelChoiceField(queryset=goals, empty_label=None)
            self.order_fields(["goal", *OBJECTIVE_FIELDS])

    @staticmethod
    def initial_for(objective: Objective) -> dict[str, Any]:
        return {
            "goal": objective.goal_id,
            "description": objective.description,
            "measure": objective.measure,
            "target_date": objective.target_date,
            "owner": objective.owner_id,
            "status": objective.status,
        }


def _a_year_from(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class AssignRoleForm(forms.Form):
    role = forms.ChoiceField(choices=LeadershipRole.choices)
    person = PersonChoiceField(
        queryset=Person.objects.none(),
        empty_label="Choose a person",
        help_text="Active members of the directory",
    )
    term_start = forms.DateField(label="Term starts", widget=DateInput)
    term_end = forms.DateField(
        label="Term ends",
        required=False,
        widget=DateInput,
        help_text=(
            "Rotating roles every year balances the workload. Leave empty for a term with no "
            "set end."
        ),
    )
    notes = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).queryset = people
        today = timezone.localdate()
        self.fields["term_start"].initial = today
        self.fields["term_end"].initial = _a_year_from(today)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", "A term cannot end before it starts.")
        return cleaned


class EndTermForm(forms.Form):
    term_end = forms.DateField(
        label="Last day of the term",
        widget=DateInput,
        help_text="Today, a past day, or the planned last day",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term_end"].initial = timezone.localdate()
