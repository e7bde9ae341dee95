from taskforce.core.audit import register_actions

# Scheduling, agendas, circulation and calendar feeds.
register_actions({})

# Roll call, confidentiality reminder, training, minutes, action items and feedback.
register_actions({})
