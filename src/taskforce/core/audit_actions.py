from taskforce.core.audit import register_actions

register_actions(
    {
        "core.backup.created": "Backed up the database",
        "core.backup.restored": "Restored the database from a backup",
        "core.field_keys.rotated": "Re-encrypted stored secrets with the newest key",
    }
)
