from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from taskforce.accounts import selectors
from taskforce.accounts.models import Role, TokenScope, User
from taskforce.accounts.tokens import NAME_MAX_LENGTH

CODE_HELP = "The 6-digit code your authenticator app shows now."


class PlainLabels:
    """Labels without a trailing colon, so they read (and are found) exactly as written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AccountForm(PlainLabels, forms.Form):
    pass


class ResetRequestForm(PlainLabels, PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail"
        self.failed_sends: list[tuple[User, Exception]] = []
        self._allowed: set[int] | None = None

    def limit_to(self, users: Iterable[User]) -> None:
        """Send only to these accounts (the others asked too recently)."""
        self._allowed = {user.pk for user in users}

    def get_users(self, email: str) -> Iterator[Any]:
        for user in super().get_users(email):
            if self._allowed is None or user.pk in self._allowed:
                yield user

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Send as Django does, but keep each failure for the view to record.

        Django's own version only logs it, with a traceback that may carry the address.
        """
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html"
            )
        try:
            message.send()
        except Exception as error:
            self.failed_sends.append((context["user"], error))


class ResetPasswordForm(PlainLabels, SetPasswordForm):
    pass


class ChangePasswordForm(PlainLabels, PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"


class SignInForm(AccountForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label="Password",
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(AccountForm):
    code = forms.CharField(
        label="Authentication code",
        max_length=32,
        help_text=CODE_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class SignInCodeForm(CodeForm):
    """The code step also takes a backup code in the same field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "code"
        ].help_text = (
            "The 6-digit code your authenticator app shows now, or one of your backup codes."
        )


class AccountDetailsMixin(forms.Form):
    """Username and a new password, checked against the password rules for that person."""

    username = forms.CharField(
        label="Username",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only. You will sign in with it.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        max_length=4096,
        help_text=password_validation.password_validators_help_text_html(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Password confirmation",
        strip=False,
        max_length=4096,
        help_text="Enter the same password again.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def account_attributes(self) -> dict[str, str]:
        """What the password may not resemble: the name and address of the account."""
        return {}

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        if selectors.username_taken(username):
            raise forms.ValidationError("That username is taken. Choose another.")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords do not match.")
        elif first:
            provisional = User(username=cleaned.get("username", ""), **self.account_attributes())
            try:
                password_validation.validate_password(first, provisional)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationAcceptForm(AccountDetailsMixin, AccountForm):
    def __init__(self, *args: Any, invitation_details: dict[str, str], **kwargs: Any) -> None:
        self.invitation_details = invitation_details
        super().__init__(*args, **kwargs)

    def account_attributes(self) -> dict[str, str]:
        return self.invitation_details


class AdministratorForm(AccountDetailsMixin, AccountForm):
    """The administrator `createadmin` makes; the command fills it from prompts or flags."""

    email = forms.EmailField(label="E-mail address")
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)

    field_order = ["username", "email", "first_name", "last_name", "password1", "password2"]

    def account_attributes(self) -> dict[str, str]:
        data = self.cleaned_data
        return {key: str(data.get(key) or "") for key in ("email", "first_name", "last_name")}

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        if selectors.email_taken(email):
            raise forms.ValidationError("An account with this e-mail address already exists.")
        return email


class TokenForm(AccountForm):
    name = forms.CharField(
        label="Token name",
        max_length=NAME_MAX_LENGTH,
        help_text="What the token is for, e.g. “Monthly statistics script”.",
    )
    scope = forms.ChoiceField(
        label="Access",
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
    )


class InviteForm(AccountForm):
    email = forms.EmailField(label="E-mail address", max_length=254, widget=forms.EmailInput())
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        initial=Role.MEMBER,
        help_text=(
            "Administrators manage accounts; coordinators keep the directory and charter; "
            "members take part in the task force's work; visitors may only read the dashboard, "
            "the charter and the directory's organizations and services."
        ),
    )

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        if selectors.email_taken(email):
            raise forms.ValidationError("An account with this e-mail address already exists.")
        return email


class NameForm(AccountForm):
    """One's own name; e-mail and username are changed by an administrator."""

    first_name = forms.CharField(
        label="First name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )


class UserDetailsForm(AccountForm):
    """An administrator's correction of someone's name and e-mail address."""

    # Not the browser's autofill: these are someone else's details.
    first_name = forms.CharField(
        label="First name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, account: User, **kwargs: Any) -> None:
        self.account = account
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        if selectors.email_taken(email, exclude=self.account.pk):
            raise forms.ValidationError("An account with this e-mail address already exists.")
        return email


class RoleForm(AccountForm):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class SiteSecurityForm(AccountForm):
    require_two_factor_for_all = forms.BooleanField(
        label="Require two-factor sign-in for everyone",
        required=False,
        help_text=(
            "Administrators, and anyone who can reach case or client data, always need it. "
            "With this on, every account without it is sent to set it up on its next page view, "
            "and API tokens of such accounts stop working until it is set up."
        ),
    )
