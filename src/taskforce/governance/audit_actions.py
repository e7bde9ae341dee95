from taskforce.core.audit import register_actions

register_actions(
    {
        "governance.charter.created": "Wrote the charter",
        "governance.charter.updated": "Updated the charter",
        "governance.goal.created": "Added a charter goal",
        "governance.goal.updated": "Updated a charter goal",
        "governance.goal.moved": "Reordered a charter goal",
        "governance.goal.deleted": "Removed a charter goal",
        "governance.objective.created": "Added an objective",
        "governance.objective.updated": "Updated an objective",
        "governance.objective.moved": "Reordered an objective",
        "governance.objective.deleted": "Removed an objective",
        "governance.leadership.assigned": "Assigned a leadership role",
        "governance.leadership.term_ended": "Ended a leadership term",
        "governance.body.created": "Created a body",
        "governance.body.updated": "Updated a body",
        "governance.body.dissolved": "Dissolved a body",
        "governance.seat.added": "Seated a person on a body",
        "governance.seat.term_ended": "Ended a term on a body",
        "governance.seat.successor_planned": "Planned a successor for a seat",
        "governance.seat.cancelled": "Cancelled a planned seat",
        "governance.organization_seat.set": "Named an organization's delegate and alternate",
        "governance.organization_seat.removed": "Removed an organization's seat",
        "governance.composition.added": "Added a composition rule to a body",
        "governance.composition.removed": "Removed a composition rule from a body",
        "governance.handover.completed": "Handed a person's work over to a successor",
    }
)
