from taskforce.core.audit import register_actions

register_actions(
    {
        "plans.plan.created": "Started a committee plan",
        "plans.plan.updated": "Updated a committee plan",
        "plans.plan.activated": "Activated a committee plan",
        "plans.plan.completed": "Completed a committee plan",
        "plans.objective.created": "Added a plan objective",
        "plans.objective.updated": "Updated a plan objective",
        "plans.objective.moved": "Reordered a plan objective",
        "plans.objective.removed": "Removed a plan objective",
        "plans.task.created": "Added a plan task",
        "plans.task.updated": "Updated a plan task",
        "plans.task.status_changed": "Changed a plan task's status",
        "plans.task.note_added": "Added a progress note",
        "plans.task.reported_back": "Recorded a report-back",
        "plans.task.reassigned": "Handed a plan task over",
    }
)
