from taskforce.core.audit import register_actions

register_actions(
    {
        "directory.organization.created": "Added an organization",
        "directory.organization.updated": "Updated an organization",
        "directory.organization.status_changed": "Changed an organization's membership status",
        "directory.contact.created": "Added an organization contact",
        "directory.contact.updated": "Updated an organization contact",
        "directory.contact.deleted": "Removed an organization contact",
        "directory.person.created": "Added a person",
        "directory.person.updated": "Updated a person",
        "directory.person.account_linked": "Linked a person to their new account",
        "directory.service.created": "Added a service",
        "directory.service.updated": "Updated a service",
        "directory.service.capacity_updated": "Updated service capacity",
        "directory.counties.added": "Added counties",
        "directory.import.completed": "Imported the directory from CSV",
        "directory.export.downloaded": "Exported the directory as CSV",
    }
)
