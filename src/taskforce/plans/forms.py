"""Forms for committee plans. They parse and check input; the services decide and write."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from taskforce.core.forms import DateInput
from taskforce.directory.models import Person
from taskforce.governance.forms import PersonChoiceField
from taskforce.governance.models import Body, Goal
from taskforce.plans.models import (
    CommitteePlan,
    PlanObjective,
    PlanTask,
    TaskStatus,
    one_year_after,
)
from taskforce.plans.services import NOTE_MAX_LENGTH


class PlanForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="e.g. “Victim Services Committee plan 2027”")
    period_start = forms.DateField(label="The plan year starts", widget=DateInput)
    period_end = forms.DateField(
        label="The plan year ends", widget=DateInput, help_text="One year at most after the start"
    )
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the committee means to achieve this year, in a few sentences",
    )

    def __init__(self, *args: Any, committees: list[Body] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if committees is not None:
            # Starting a plan: choose the committee (editing keeps it).
            self.fields["body"] = forms.ModelChoiceField(
                label="Committee",
                queryset=Body.objects.filter(pk__in=[body.pk for body in committees]),
                empty_label=None if len(committees) == 1 else "Choose a committee",
            )
            self.order_fields(["body"])
            start = timezone.localdate()
            self.fields["period_start"].initial = start
            self.fields["period_end"].initial = one_year_after(start) - datetime.timedelta(days=1)

    @staticmethod
    def initial_for(plan: CommitteePlan) -> dict[str, Any]:
        return {
            "title": plan.title,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "summary": plan.summary,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service checks these too; checking here shows them with the other field errors.
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end:
            if end <= start:
                self.add_error("period_end", "The plan must end after it starts.")
            elif end > one_year_after(start):
                self.add_error("period_end", "A committee plan covers one year at most.")
        return cleaned


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        goal: Goal = obj
        return goal.title


class ObjectiveForm(forms.Form):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="What the committee will achieve"
    )
    goal = GoalChoiceField(
        label="Charter goal it serves",
        queryset=Goal.objects.none(),
        required=False,
        empty_label="No charter goal",
    )

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(GoalChoiceField, self.fields["goal"])
        field.queryset = Goal.objects.filter(pk__in=[goal.pk for goal in goals]).order_by(
            "order", "pk"
        )
        if not goals:
            field.help_text = "The charter has no goals yet."

    @staticmethod
    def initial_for(objective: PlanObjective) -> dict[str, Any]:
        return {"description": objective.description, "goal": objective.goal_id}


class BodyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        body: Body = obj
        return body.name if body.is_active else f"{body.name} (no longer active)"


class TaskForm(forms.Form):
    title = forms.CharField(max_length=200)
    owner = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label="No owner yet",
        help_text="The person who carries the task and reports on it",
    )
    due_on = forms.DateField(
        label="Due on", widget=DateInput, help_text="Within the plan year, or after it"
    )
    report_back_on = forms.DateField(
        label="Report back on",
        required=False,
        widget=DateInput,
        help_text=(
            "The task appears on the agenda of the bodies below from their first meeting on or "
            "after this date, until its report-back is recorded"
        ),
    )
    report_to = BodyChoiceField(
        label="Report back to",
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        bodies: QuerySet[Body],
        committee: Body,
        objectives: list[PlanObjective] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["owner"]).queryset = people
        cast(BodyChoiceField, self.fields["report_to"]).queryset = bodies
        if committee.is_closed:
            self.fields["owner"].help_text = f"{committee} is closed: choose one of its members"
            self.fields[
                "report_to"
            ].help_text = (
                f"{committee} is closed, so its report-backs appear only on its own agendas"
            )
        if objectives is not None:
            # Editing: the task may move to another objective of the plan.
            self.fields["objective"] = forms.ModelChoiceField(
                queryset=PlanObjective.objects.filter(pk__in=[o.pk for o in objectives]),
                empty_label=None,
            )
            self.order_fields(["objective"])

    @staticmethod
    def initial_for(task: PlanTask) -> dict[str, Any]:
        return {
            "objective": task.objective_id,
            "title": task.title,
            "owner": task.owner_id,
            "due_on": task.due_on,
            "report_back_on": task.report_back_on,
            "report_to": [body.pk for body in task.report_to.all()],
        }


class TaskStatusForm(forms.Form):
    prefix = "status"
    status = forms.ChoiceField(choices=TaskStatus.choices)


class ProgressNoteForm(forms.Form):
    prefix = "note"
    text = forms.CharField(
        label="Progress note",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What has happened since the last note",
    )


class ReportBackForm(forms.Form):
    prefix = "report"
    text = forms.CharField(
        label="What was reported",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reported_on = forms.DateField(
        label="Reported on",
        widget=DateInput,
        help_text="The day it was given: on or after the report-back date, and not after today",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()
