"""Plan tasks in a handover: what the outgoing person owns, given to the incoming person."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from taskforce.directory.models import Person
from taskforce.governance.handover import HandoverItem, RecordHandover
from taskforce.plans import services
from taskforce.plans.models import CLOSED_TASK_STATUSES, PlanTask


class PlanTaskHandover(RecordHandover):
    """Open tasks (neither done nor dropped) of any committee plan.

    The handover page is read by whoever performs the handover, who may not sit on a closed
    committee; a closed committee's task is therefore listed by its committee and due date only,
    never by its title. Its link still leads members to it.
    """

    name = "plans"

    def owned_by(self, person: Person) -> list[HandoverItem]:
        tasks = (
            PlanTask.objects.filter(owner=person)
            .exclude(status__in=CLOSED_TASK_STATUSES)
            .select_related("objective__plan__body")
            .order_by("due_on", "pk")
        )
        return [
            HandoverItem(
                kind="Plan task",
                key=self.key(task.pk),
                label=(
                    f"A task of the closed {task.objective.plan.body}"
                    if task.objective.plan.body.is_closed
                    else task.title
                ),
                detail=(
                    f"{task.objective.plan.body} plan, {task.get_status_display().lower()}, "
                    f"due {task.due_on:%Y-%m-%d}"
                ),
                url=reverse("plans:task", kwargs={"pk": task.pk}),
            )
            for task in tasks
        ]

    def reassign_rows(
        self,
        actor: Any,
        ids: list[int],
        outgoing: Person,
        incoming: Person,
        request: HttpRequest | None,
    ) -> int:
        return services.reassign_open_tasks(actor, ids, outgoing, incoming, request=request)
