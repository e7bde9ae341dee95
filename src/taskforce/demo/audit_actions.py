from taskforce.core.audit import register_actions

register_actions({"demo.loaded": "Loaded the fictional demo task force"})
