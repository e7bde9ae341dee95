from taskforce.core.audit import register_actions

register_actions(
    {
        "accounts.login.succeeded": "Signed in",
        "accounts.login.failed": "Failed sign-in attempt",
        "accounts.login.locked": "Account locked after repeated failures",
        "accounts.logout": "Signed out",
        "accounts.two_factor.setup_started": "Started setting up two-factor sign-in",
        "accounts.two_factor.enrolled": "Enrolled two-factor sign-in",
        "accounts.two_factor.removed": "Removed two-factor sign-in",
        "accounts.two_factor.backup_codes_regenerated": "Generated new backup codes",
        "accounts.two_factor.backup_code_used": "Signed in with a backup code",
        "accounts.password.changed": "Changed password",
        "accounts.password.reset_requested": "Requested a password reset",
        "accounts.password.reset_throttled": "Asked for another password reset too soon",
        "accounts.password.reset_email_failed": "Password-reset e-mail could not be sent",
        "accounts.password.reset": "Reset password by e-mail link",
        "accounts.user.invited": "Invited a person",
        "accounts.invitation.revoked": "Revoked an invitation",
        "accounts.invitation.resent": "Sent an invitation again with a new link",
        "accounts.invitation.email_failed": "Invitation e-mail could not be sent",
        "accounts.invitation.accepted": "Accepted an invitation",
        "accounts.user.created": "Created an account",
        "accounts.user.updated": "Updated an account",
        "accounts.user.deactivated": "Deactivated an account",
        "accounts.user.reactivated": "Reactivated an account",
        "accounts.user.unlocked": "Unlocked an account",
        "accounts.token.created": "Created an API token",
        "accounts.token.revoked": "Revoked an API token",
        "accounts.site_settings.updated": "Changed site security settings",
    }
)
