"""URL arguments for the meetings routes with parameters (see tests/security/route_samples.py).

Scheduling and agenda routes are in SCHEDULE_SAMPLES; roll call, minutes, action items and
feedback routes in PROCEEDINGS_SAMPLES.
"""

from __future__ import annotations

from django.utils import timezone

from taskforce.meetings import proceedings_services
from taskforce.meetings import services as schedule_services
from taskforce.meetings.models import AgendaItem
from tests.bodies import build_bodies, meeting
from tests.personas import Personas
from tests.security.route_samples import RouteSample

SCHEDULE_SAMPLES: dict[str, RouteSample] = {
    "meetings:detail": lambda p: {"pk": meeting(build_bodies(p).general).pk},
    "meetings:edit": lambda p: {"pk": meeting(build_bodies(p).general).pk},
    "meetings:cancel": lambda p: {"pk": meeting(build_bodies(p).general).pk},
    "meetings:mark-held": lambda p: {"pk": meeting(build_bodies(p).general, -1).pk},
    "meetings:circulate": lambda p: {"pk": meeting(build_bodies(p).general).pk},
    "meetings:ics": lambda p: {"pk": meeting(build_bodies(p).general).pk},
    "meetings:agenda-propose": lambda p: {"pk": meeting(build_bodies(p).general).pk},
    **{
        f"meetings:agenda-item-{action}": lambda p: {
            "pk": AgendaItem.objects.create(
                meeting=meeting(build_bodies(p).general), title="Shelter capacity"
            ).pk
        }
        for action in ("edit", "accept", "decline", "withdraw", "move")
    },
    "meetings:feed": lambda p: {"token": schedule_services.create_calendar_feed(p.detective)},
}


def _circulated_minutes_meeting(p: Personas) -> int:
    """A past General Body meeting whose minutes the leader (its chair) drafted and circulated."""
    held = meeting(build_bodies(p).general, -7)
    minutes = proceedings_services.start_minutes(p.leader, held)
    entry = minutes.entries.get()
    proceedings_services.save_minutes_draft(p.leader, held, {entry.pk: "Shelter beds discussed."})
    proceedings_services.circulate_minutes(p.leader, held)
    return held.pk


def _action_item(p: Personas) -> dict[str, int]:
    held = meeting(build_bodies(p).general, -7)
    item = proceedings_services.create_action_item(
        p.leader,
        held,
        {
            "description": "Update the shelter list",
            "owner_person": p.detective.person,
            "due_on": timezone.localdate(),
        },
    )
    return {"pk": item.pk}


PROCEEDINGS_SAMPLES: dict[str, RouteSample] = {
    **{
        f"meetings:{name}": lambda p: {"pk": meeting(build_bodies(p).general, -1).pk}
        for name in (
            "roll-call",
            "confidentiality",
            "training",
            "minutes",
            "minutes-start",
            "minutes-edit",
            "minutes-circulate",
            "minutes-correct",
            "minutes-adopt",
            "action-item-add",
            "feedback",
            "feedback-results",
        )
    },
    "meetings:minutes-versions": lambda p: {"pk": _circulated_minutes_meeting(p)},
    "meetings:minutes-version": lambda p: {"pk": _circulated_minutes_meeting(p), "number": 1},
    "meetings:minutes-pdf": lambda p: {"pk": _circulated_minutes_meeting(p)},
    "meetings:action-item-edit": _action_item,
    "meetings:action-item-close": _action_item,
    "meetings:feedback-trend": lambda p: {"pk": build_bodies(p).general.pk},
}

SAMPLES: dict[str, RouteSample] = {**SCHEDULE_SAMPLES, **PROCEEDINGS_SAMPLES}
NOT_CALLABLE: dict[str, str] = {}
