from taskforce.core.audit import register_actions

register_actions({})
