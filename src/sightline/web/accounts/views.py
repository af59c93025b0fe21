from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from sightline.web.accesslog.models import AccessEntry
from sightline.web.accesslog.services import log_event
from sightline.web.accounts import services, sso, throttle, two_factor
from sightline.web.accounts.forms import AccessForm, CodeForm, InviteForm, ResetForm, SignInForm
from sightline.web.accounts.models import User
from sightline.web.accounts.permissions import requires
from sightline.web.accounts.roles import Capability
from sightline.web.common import history
from sightline.web.common.errors import FieldError, add_to_form
from sightline.web.common.redirects import next_page


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        username = str(request.POST.get("username", ""))
        if throttle.is_locked_out(request, username):
            throttle.record_refusal(request, username)
            return self._locked(username)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        username = str(self.request.POST.get("username", ""))
        if throttle.record_failure(self.request, username):
            return self._locked(username)
        return super().form_invalid(form)

    def _locked(self, username: str) -> HttpResponse:
        """The sign-in page with the plain lock-out message; the password is never checked."""
        form = self.get_form_class()(self.request, initial={"username": username})
        context = self.get_context_data(form=form, locked_message=throttle.MESSAGE)
        return self.render_to_response(context, status=429)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Ends the session here and, for a single sign-on session, at the identity provider (the
    browser goes there, and comes back to the sign-in page)."""
    at_provider = sso.sign_out_url(request)
    logout(request)
    if not at_provider:
        return redirect("accounts:login")
    # A page that moves on by itself, not a redirect: browsers apply the content policy's
    # form-action to a form's redirects, and the provider is not 'self'.
    response = render(request, "accounts/signed_out_at_provider.html", {"url": at_provider})
    response["Refresh"] = f"0; url={at_provider}"
    return response


def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/profile.html",
        {
            "teams": sorted(request.user.team_names),
            "two_factor_required": two_factor.required(request.user),
            "two_factor_app": two_factor.has_app(request.user),
            "two_factor_at_provider": two_factor.at_provider(request),
        },
    )


# Passwords: Django's own views (tokens, validators, emails), in GOV.UK pages.


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        history.record(
            self.request.user, "user", "password", "", "changed", by=history.who(self.request.user)
        )
        log_event(self.request, AccessEntry.Kind.ACCOUNT, "password changed")
        messages.success(self.request, "Your password has been changed")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # The page says the same whether or not the address is known (or the asks are too many);
        # the log keeps every ask.
        email = form.cleaned_data["email"]
        if throttle.reset_asks_exceeded(self.request):
            log_event(
                self.request,
                AccessEntry.Kind.ATTEMPT,
                throttle.RESET_REFUSED,
                outcome=AccessEntry.Outcome.DENIED,
                detail=f"email: {email}",
            )
            return redirect(self.success_url)
        log_event(
            self.request, AccessEntry.Kind.ATTEMPT, throttle.RESET_ASKED, detail=f"email: {email}"
        )
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        history.record(
            form.user, "user", "password", "", "set by email link", by=form.user.username
        )
        log_event(
            self.request,
            AccessEntry.Kind.ACCOUNT,
            "password set by email link",
            username=form.user.get_username(),
        )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# Two-factor sign-in (two_factor.py; the middleware sends people here).


def _next(request: HttpRequest) -> str:
    return next_page(request, "core:home")


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if not two_factor.required(request.user):
        return redirect("accounts:profile")
    if not two_factor.has_app(request.user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", "The code is not right: enter the code your app shows now")
    status = 400 if form.errors else 200
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next(request), "two_factor_pending": True},
        status=status,
    )


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if not two_factor.required(request.user):
        return redirect("accounts:profile")
    if two_factor.has_app(request.user) and not two_factor.is_verified(request):
        return redirect(f"{reverse('accounts:two_factor')}?next={_next(request)}")
    device = two_factor.pending_app(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_app(request, form.cleaned_data["code"]):
            messages.success(request, "Two-factor sign-in is set up")
            return redirect(_next(request))
        form.add_error("code", "The code is not right: enter the code your app shows now")
    context = {
        "form": form,
        "next": _next(request),
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_words(device),
        "two_factor_pending": not two_factor.is_verified(request),
    }
    return render(
        request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200
    )


# User and team management (administrators: Capability.MANAGE_USERS).


@requires(Capability.MANAGE_USERS)
def users(request: HttpRequest) -> HttpResponse:
    people = User.objects.prefetch_related("teams").order_by("username")
    locked = throttle.locked_names()
    rows = [
        {"user": u, "teams": sorted(t.team for t in u.teams.all()),
         "locked": u.get_username() in locked}
        for u in people
    ]  # fmt: skip
    return render(request, "accounts/users.html", {"rows": rows})


@requires(Capability.MANAGE_USERS)
def user_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invite(
                request,
                username=data["username"],
                email=data["email"],
                role=data["role"],
                teams=data["teams"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except FieldError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"{user.username} has been invited: an email is on its way")
            return redirect("accounts:user", user_id=user.pk)
    return render(
        request, "accounts/user_invite.html", {"form": form}, status=400 if form.errors else 200
    )


@requires(Capability.MANAGE_USERS)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id)
    initial = {"role": person.role, "teams": "\n".join(sorted(person.team_names))}
    form = AccessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.change_access(
                request, person, role=form.cleaned_data["role"], teams=form.cleaned_data["teams"]
            )
        except FieldError as error:
            add_to_form(form, error)
        else:
            words = " and ".join(changed) if changed else "nothing"
            messages.success(request, f"Saved: {words} changed for {person.username}")
            return redirect("accounts:user", user_id=person.pk)
    context = {
        "person": person,
        "form": form,
        "locked": throttle.is_name_locked(person.get_username()),
        "two_factor_app": two_factor.has_app(person),
        "invited": not person.has_usable_password(),
        "history": history.history("user", person.pk),
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "accounts/user.html", context, status=400 if form.errors else 200)


def _action(request: HttpRequest, user_id: int, act, done: str) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id)
    try:
        act(person)
    except FieldError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done.format(name=person.username))
    return redirect("accounts:user", user_id=person.pk)


@require_POST
@requires(Capability.MANAGE_USERS)
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _action(
        request,
        user_id,
        lambda u: services.set_active(request, u, False),
        "{name} has been deactivated and can no longer sign in",
    )


@require_POST
@requires(Capability.MANAGE_USERS)
def user_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _action(
        request,
        user_id,
        lambda u: services.set_active(request, u, True),
        "{name} can sign in again",
    )


@require_POST
@requires(Capability.MANAGE_USERS)
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    return _action(
        request, user_id, lambda u: services.unlock(request, u), "Sign-in unlocked for {name}"
    )


@require_POST
@requires(Capability.MANAGE_USERS)
def user_reset_two_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    return _action(
        request,
        user_id,
        lambda u: services.reset_two_factor(request, u),
        "{name} will set up a new authenticator app at their next sign-in",
    )


@require_POST
@requires(Capability.MANAGE_USERS)
def user_resend_invite(request: HttpRequest, user_id: int) -> HttpResponse:
    def resend(person: User) -> None:
        services.send_invitation(request, person)
        log_event(
            request,
            AccessEntry.Kind.ACCOUNT,
            "invitation sent again",
            detail=f"user name: {person.get_username()}",
        )

    return _action(request, user_id, resend, "A new set-password link has been sent to {name}")
