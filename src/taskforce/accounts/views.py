from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from taskforce.accounts import otp, selectors, services
from taskforce.accounts.forms import (
    ChangePasswordForm,
    CodeForm,
    InvitationAcceptForm,
    InviteForm,
    NameForm,
    ResetPasswordForm,
    ResetRequestForm,
    RoleForm,
    SignInCodeForm,
    SignInForm,
    SiteSecurityForm,
    TokenForm,
    UserDetailsForm,
)
from taskforce.accounts.models import ApiToken, User
from taskforce.accounts.policy import two_factor_required
from taskforce.accounts.services import AccountError, EmailDelivery
from taskforce.accounts.tokens import TokenError
from taskforce.core import audit
from taskforce.core.access import ADMINISTRATOR, PUBLIC, SIGNED_IN, access
from taskforce.core.http import posted, safe_next
from taskforce.core.models import SiteSettings

USERS_PER_PAGE = 50
HISTORY_PER_PAGE = 25


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in to continue.")
    return user


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _add_error(form: Form, error: AccountError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# --- Sign-in ---------------------------------------------------------------------------------


def _after_sign_in(user: User, next_url: str) -> HttpResponse:
    """Where a person lands once signed in: enrolment first if their role requires it."""
    if two_factor_required(user) and selectors.confirmed_device(user) is None:
        return redirect(_with_next("accounts:two-factor-setup", next_url))
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


@access(PUBLIC)
@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = SignInForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.check_password(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except services.SignInRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if selectors.confirmed_device(user) is not None:
                services.begin_code_step(request, user, next_url)
                return redirect("accounts:login-code")
            services.sign_in_with_password(request, user)
            return _after_sign_in(user, next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@access(PUBLIC)
@sensitive_post_parameters("code")
@never_cache
def login_code_view(request: HttpRequest) -> HttpResponse:
    pending = services.pending_sign_in(request)
    if pending is None:
        if request.user.is_authenticated:
            return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
        if request.method == "POST":
            messages.error(request, services.SIGN_IN_EXPIRED)
            return redirect("accounts:login")
        return render(request, "accounts/sign_in_expired.html")
    form = SignInCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            method = services.sign_in_with_code(request, pending, form.cleaned_data["code"])
        except services.SignInRefused as refusal:
            _add_error(form, refusal)
        else:
            if method == "backup code":
                left = selectors.remaining_backup_codes(pending.user)
                messages.warning(
                    request,
                    f"You signed in with a backup code; {left} left. "
                    "Generate new ones from your profile if you are running low.",
                )
            return _after_sign_in(pending.user, pending.next_url)
    return render(request, "accounts/login_code.html", {"form": form})


@access(PUBLIC)
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.sign_out(request)
    messages.success(request, "You have signed out.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- Two-factor ------------------------------------------------------------------------------


def _backup_codes_page(request: HttpRequest, codes: list[str], continue_url: str) -> HttpResponse:
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "continue_url": continue_url},
    )


@access(SIGNED_IN)
@sensitive_post_parameters("code")
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    next_url = safe_next(request)
    if selectors.confirmed_device(user) is not None:
        messages.info(request, "Two-factor sign-in is already on for your account.")
        return redirect("accounts:profile")
    device = services.start_two_factor_setup(user, request=request)
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_two_factor_setup(
                user, form.cleaned_data["code"], request=request
            )
        except AccountError as error:
            _add_error(form, error)
        else:
            return _backup_codes_page(request, codes, next_url or reverse("dashboard"))
    uri = otp.provisioning_uri(device.secret, user.username)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": otp.qr_svg(uri),
            "secret": otp.grouped(device.secret),
            "next": next_url,
            "optional": not two_factor_required(user),
            "skip_url": next_url or reverse("dashboard"),
        },
    )


@access(SIGNED_IN)
@sensitive_post_parameters("code")
@never_cache
def backup_codes_view(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    if selectors.confirmed_device(user) is None:
        return redirect("accounts:two-factor-setup")
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.regenerate_backup_codes(
                user, form.cleaned_data["code"], request=request
            )
        except AccountError as error:
            _add_error(form, error)
        else:
            return _backup_codes_page(request, codes, reverse("accounts:profile"))
    return render(
        request,
        "accounts/backup_codes_regenerate.html",
        {"form": form, "remaining": selectors.remaining_backup_codes(user)},
    )


@access(SIGNED_IN)
@sensitive_post_parameters("code")
@never_cache
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    if selectors.confirmed_device(user) is None:
        messages.info(request, "Two-factor sign-in is not on for your account.")
        return redirect("accounts:profile")
    required = two_factor_required(user)
    if required and request.method == "POST":
        raise PermissionDenied("Two-factor sign-in is required for your account.")
    form = SignInCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_two_factor(user, form.cleaned_data["code"], request=request)
        except AccountError as error:
            _add_error(form, error)
        else:
            messages.success(request, "Two-factor sign-in is off for your account.")
            return redirect("accounts:profile")
    return render(request, "accounts/two_factor_remove.html", {"form": form, "required": required})


# --- Passwords -------------------------------------------------------------------------------


class ResetRequestView(PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        users = [u for u in form.get_users(form.cleaned_data["email"]) if isinstance(u, User)]
        accepted = services.accept_password_reset_request(users, request=self.request)
        if isinstance(form, ResetRequestForm):
            form.limit_to(accepted)
        response = super().form_valid(form)
        # The page stays the same either way: telling the person would reveal that an account
        # uses the address.
        if isinstance(form, ResetRequestForm):
            for user, error in form.failed_sends:
                services.record_password_reset_email_failure(user, error, request=self.request)
        return response


class ResetConfirmView(PasswordResetConfirmView):
    form_class = ResetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        user = self.user
        if not isinstance(user, User):  # dispatch() only shows the form for a valid link
            raise PermissionDenied("This link is not valid.")
        services.reset_password(user, form.cleaned_data["new_password1"], request=self.request)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


password_reset = access(PUBLIC)(ResetRequestView.as_view())
password_reset_done = access(PUBLIC)(
    PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = access(PUBLIC)(ResetConfirmView.as_view())
password_reset_complete = access(PUBLIC)(
    PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


@access(SIGNED_IN)
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    user = _actor(request)
    form = ChangePasswordForm(user, posted(request))
    if request.method == "POST" and form.is_valid():
        services.change_password(user, form.cleaned_data["new_password1"], request=request)
        messages.success(request, "Your password was changed.")
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


# --- Profile and API tokens ------------------------------------------------------------------


def _render_profile(
    request: HttpRequest,
    token_form: TokenForm | None = None,
    new_token: str | None = None,
    name_form: NameForm | None = None,
) -> HttpResponse:
    user = _actor(request)
    enrolled = selectors.confirmed_device(user) is not None
    if name_form is None:
        name_form = NameForm(initial={"first_name": user.first_name, "last_name": user.last_name})
    return render(
        request,
        "accounts/profile.html",
        {
            "account": user,
            "two_factor_on": enrolled,
            "two_factor_required": two_factor_required(user),
            "backup_codes_left": selectors.remaining_backup_codes(user) if enrolled else 0,
            "tokens": selectors.tokens_of(user),
            "token_form": token_form or TokenForm(),
            "new_token": new_token,
            "name_form": name_form,
        },
    )


@access(SIGNED_IN)
@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    return _render_profile(request)


@access(SIGNED_IN)
@require_POST
@never_cache
def profile_name(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = NameForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, name_form=form)
    changed = services.update_own_name(
        actor,
        first_name=form.cleaned_data["first_name"],
        last_name=form.cleaned_data["last_name"],
        request=request,
    )
    if changed:
        messages.success(request, "Your name was saved.")
    else:
        messages.info(request, "Nothing changed.")
    return redirect("accounts:profile")


@access(SIGNED_IN)
@require_POST
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    """Create a token and show it on this response only: it is not stored anywhere readable."""
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _, raw = services.create_token(
                _actor(request),
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                request=request,
            )
        except TokenError as error:
            form.add_error(None, str(error))
        else:
            return _render_profile(request, new_token=raw)
    return _render_profile(request, form)


@access(SIGNED_IN)
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    token: ApiToken = selectors.get_api_token_for(actor, pk)
    services.revoke_token(actor, token, request=request)
    messages.success(request, f"The token “{token.name}” was revoked and no longer works.")
    return redirect(safe_next(request) or reverse("accounts:profile"))


# --- Administration --------------------------------------------------------------------------


@access(ADMINISTRATOR)
def user_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "active")
    users = selectors.search_users(actor, query=query, status=status)
    page = Paginator(users, USERS_PER_PAGE)
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "query": query,
            "status": status,
            "invitations": selectors.pending_invitations_visible_to(actor),
        },
    )


@access(ADMINISTRATOR)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    account = selectors.get_user_for(actor, pk)
    history = Paginator(audit.history_for(account), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "is_self": account.pk == actor.pk,
            "role_form": RoleForm(initial={"role": account.role}),
            "two_factor_required": two_factor_required(account),
            "backup_codes_left": selectors.remaining_backup_codes(account),
            "tokens": selectors.tokens_of(account),
            "page": history,
            "rows": [(event, audit.action_label(event.action)) for event in history],
        },
    )


@access(ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
@never_cache
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    account = selectors.get_user_for(actor, pk)
    form = UserDetailsForm(
        posted(request),
        account=account,
        initial={
            "first_name": account.first_name,
            "last_name": account.last_name,
            "email": account.email,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_account_details(
                actor, account, **form.cleaned_data, request=request
            )
        except AccountError as error:
            _add_error(form, error)
        else:
            if changed:
                account.refresh_from_db()
                messages.success(request, f"The details of {account} were saved.")
            else:
                messages.info(request, "Nothing changed.")
            return redirect("accounts:user-detail", pk=account.pk)
    return render(request, "accounts/user_edit.html", {"form": form, "account": account})


def _account_action(
    request: HttpRequest,
    pk: int,
    act: Callable[[User, User], object],
    done: Callable[[User], str],
) -> HttpResponse:
    actor = _actor(request)
    account = selectors.get_user_for(actor, pk)
    try:
        outcome = act(actor, account)
    except AccountError as error:
        messages.error(request, error.message)
    else:
        # Services answer False (or, for locks, none lifted) when the account was already so.
        if outcome is False or outcome == []:
            messages.info(request, f"Nothing changed: {account} was already that way.")
        else:
            messages.success(request, done(account))
    return redirect("accounts:user-detail", pk=account.pk)


@access(ADMINISTRATOR)
@require_POST
def user_role(request: HttpRequest, pk: int) -> HttpResponse:
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles listed.")
        return redirect("accounts:user-detail", pk=pk)
    role = form.cleaned_data["role"]
    return _account_action(
        request,
        pk,
        lambda actor, account: services.change_role(actor, account, role, request=request),
        lambda account: f"{account}'s role is now {account.get_role_display()}.",
    )


@access(ADMINISTRATOR)
@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        lambda actor, account: services.deactivate_user(actor, account, request=request),
        lambda account: f"{account} was deactivated and can no longer sign in.",
    )


@access(ADMINISTRATOR)
@require_POST
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        lambda actor, account: services.reactivate_user(actor, account, request=request),
        lambda account: f"{account} was reactivated and can sign in again.",
    )


@access(ADMINISTRATOR)
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        lambda actor, account: services.unlock_user(actor, account, request=request),
        lambda account: f"Sign-in locks for {account} were lifted.",
    )


@access(ADMINISTRATOR)
@require_POST
def user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(
        request,
        pk,
        lambda actor, account: services.reset_two_factor(actor, account, request=request),
        lambda account: (
            f"Two-factor sign-in for {account} was reset. They will set it up again "
            "at their next sign-in if their role requires it."
        ),
    )


def _email_failed(what_happened: str, delivery: EmailDelivery) -> str:
    return (
        f"{what_happened}, but the e-mail to {delivery.recipient} could not be sent: "
        f"{delivery.error}. Check the mail settings and use Send again."
    )


@access(ADMINISTRATOR)
@never_cache
def invite(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = InviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.invite(actor, **form.cleaned_data, request=request)
        except AccountError as error:
            _add_error(form, error)
        else:
            if result.email.error is not None:
                messages.error(request, _email_failed("The invitation was saved", result.email))
            else:
                messages.success(
                    request,
                    f"An invitation was sent to {result.invitation.email}. "
                    f"The link works for {settings.INVITATION_VALID_DAYS} days.",
                )
            return redirect("accounts:user-list")
    return render(
        request,
        "accounts/invite.html",
        {"form": form, "valid_days": settings.INVITATION_VALID_DAYS},
    )


@access(ADMINISTRATOR)
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    invitation = selectors.get_invitation_for(actor, pk)
    try:
        services.revoke_invitation(actor, invitation, request=request)
    except AccountError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The invitation for {invitation.email} was withdrawn.")
    return redirect("accounts:user-list")


@access(ADMINISTRATOR)
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    invitation = selectors.get_invitation_for(actor, pk)
    try:
        result = services.resend_invitation(actor, invitation, request=request)
    except AccountError as error:
        messages.error(request, error.message)
    else:
        if result.email.error is not None:
            messages.error(
                request,
                _email_failed(
                    "A new invitation link was made and the old one no longer works", result.email
                ),
            )
        else:
            messages.success(
                request,
                f"A new invitation link was sent to {invitation.email}; "
                "the old link no longer works.",
            )
    return redirect("accounts:user-list")


@access(PUBLIC)
@sensitive_post_parameters("password1", "password2")
@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.find_invitation(token)
    problem = selectors.invitation_problem(invitation)
    if invitation is None or problem is not None:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"problem": problem},
            status=404 if invitation is None else 410,
        )
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_signed_in.html", {"invitation": invitation})
    form = InvitationAcceptForm(
        posted(request),
        invitation_details={
            "email": invitation.email,
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(
                token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except AccountError as error:
            if error.field is None:
                return render(
                    request, "accounts/invitation_invalid.html", {"problem": error.message}
                )
            _add_error(form, error)
        else:
            messages.success(request, "Welcome to Taskforce. Your account is ready.")
            # Everyone enrols as part of accepting; where it is optional the page offers a skip.
            return redirect(_with_next("accounts:two-factor-setup", reverse("dashboard")))
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": invitation},
    )


@access(ADMINISTRATOR)
@never_cache
def site_security(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    site = SiteSettings.load()
    form = SiteSecurityForm(
        posted(request),
        initial={"require_two_factor_for_all": site.require_two_factor_for_all},
    )
    if request.method == "POST" and form.is_valid():
        changed = services.update_site_security(
            actor,
            require_two_factor_for_all=form.cleaned_data["require_two_factor_for_all"],
            request=request,
        )
        if changed:
            messages.success(request, "Site security settings were saved.")
        else:
            messages.info(request, "Nothing changed.")
        return redirect("accounts:site-security")
    return render(
        request,
        "accounts/site_security.html",
        {
            "form": form,
            "site": site,
            "without_two_factor": selectors.accounts_without_two_factor().count(),
        },
    )
