from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sightline.web.accounts import throttle
from sightline.web.accounts.forms import SignInForm


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
    logout(request)
    return redirect("accounts:login")


def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"teams": sorted(request.user.team_names)})
