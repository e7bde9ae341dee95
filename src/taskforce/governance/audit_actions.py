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
    }
)
