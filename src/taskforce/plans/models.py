"""Committee one-year plans: objectives tied to the charter's goals, tasks, and report-backs.

Each committee plans its year: objectives (linked to a charter goal where one fits) broken into
tasks with an owner, a due date, a report-back date and the bodies it reports to (the general body,
the executive board). A task due for report-back appears on the agenda of those bodies' next
meeting on or after that date, until its report is recorded.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from taskforce.directory.models import Person
from taskforce.governance.models import Body, Goal


def one_year_after(day: datetime.date) -> datetime.date:
    """The same date a year later (28 February when the day is 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"


class CommitteePlan(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    period_start = models.DateField("plan year starts")
    period_end = models.DateField("plan year ends")
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "body__name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "period_start"], name="one_plan_per_year"),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="plan_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end:
            if self.period_end <= self.period_start:
                raise ValidationError({"period_end": "The plan must end after it starts."})
            if self.period_end > one_year_after(self.period_start):
                raise ValidationError({"period_end": "A committee plan covers one year at most."})


class PlanObjective(models.Model):
    plan = models.ForeignKey(CommitteePlan, on_delete=models.CASCADE, related_name="objectives")
    description = models.TextField()
    goal = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_objectives",
        help_text="The charter goal this objective serves",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else f"{text[:79]}…"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    BLOCKED = "blocked", "Blocked"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


CLOSED_TASK_STATUSES = frozenset({TaskStatus.DONE, TaskStatus.DROPPED})


class PlanTask(models.Model):
    objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_tasks"
    )
    due_on = models.DateField()
    report_back_on = models.DateField("report back on", null=True, blank=True)
    report_to = models.ManyToManyField(
        Body,
        blank=True,
        related_name="report_backs_expected",
        help_text="The bodies that hear the report (usually the general body and the board)",
    )
    last_reported_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["report_back_on"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return self.status not in CLOSED_TASK_STATUSES and self.due_on < (
            on or timezone.localdate()
        )

    @property
    def report_back_pending(self) -> bool:
        return self.report_back_on is not None and (
            self.last_reported_on is None or self.last_reported_on < self.report_back_on
        )


class TaskProgressNote(models.Model):
    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(max_length=4000)
    is_report_back = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Note on {self.task}"
