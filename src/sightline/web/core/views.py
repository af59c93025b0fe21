"""Home page, health check and the plain-words error pages."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sightline.web.accounts.permissions import requires
from sightline.web.accounts.roles import Capability
from sightline.web.core import home as home_panels

log = logging.getLogger("sightline.web")


@requires(Capability.VIEW_AGGREGATES)
def home(request: HttpRequest) -> HttpResponse:
    """Each role's own page: the panels the areas contribute for this reader (see core/home.py)."""
    return render(request, "core/home.html", {"panels": home_panels.panels(request)})


@requires(Capability.VIEW_AGGREGATES)
def glossary(request: HttpRequest) -> HttpResponse:
    """The words the pages use and, for each indicator, one line on what it says about children."""
    from sightline.indicators import registry
    from sightline.indicators.help import member_help
    from sightline.web.core.glossary import TERMS

    indicators = [(i, member_help(i.id)) for i in registry.indicators()]
    return render(request, "core/glossary.html", {"terms": TERMS, "indicators": indicators})


@requires(Capability.VIEW_AGGREGATES)
def digest(request: HttpRequest) -> HttpResponse:
    """Opt in to (or out of) the digest email of one's work due; nobody gets it unasked."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from sightline.web.core.models import DigestSubscription

    current = DigestSubscription.objects.filter(user=request.user).first()
    error = ""
    if request.method == "POST":
        choice = request.POST.get("frequency", "")
        if choice == "none":
            DigestSubscription.objects.filter(user=request.user).delete()
            messages.success(request, "You will get no digest emails")
            return redirect("core:digest")
        if choice in DigestSubscription.Frequency.values:
            if not request.user.email:
                error = "Your account has no email address: ask an administrator to add one."
            else:
                DigestSubscription.objects.update_or_create(
                    user=request.user, defaults={"frequency": choice}
                )
                label = DigestSubscription.Frequency(choice).label.lower()
                messages.success(request, f"You will get the digest {label}")
                return redirect("core:digest")
        else:
            error = "Choose how often you want the digest, or none."
    context = {
        "current": current.frequency if current else "none",
        "choices": [*DigestSubscription.Frequency.choices, ("none", "No digest")],
        "error": error,
    }
    return render(request, "core/digest.html", context, status=400 if error else 200)


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(
        request,
        400,
        "Sorry, there is a problem with the request",
        "Check what you entered and try again.",
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    reason = (
        str(exception) if exception and str(exception) else "Your role does not allow this page."
    )
    return _error(request, 403, "You do not have access to this page", reason)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(
        request, 404, "Page not found", "If you typed the web address, check it is correct."
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Log the traceback under a short reference and show the person that reference (so a report
    to the service desk finds the log line); the page needs no database or context processor."""
    import secrets
    import sys

    from django.template import loader

    reference = secrets.token_hex(4).upper()
    log.error(
        "Server error, reference %s: %s %s",
        reference,
        request.method,
        request.path,
        exc_info=sys.exc_info(),
    )
    page = loader.get_template("core/error_500.html").render({"reference": reference})
    return HttpResponse(page, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A forged or stale form: nothing was changed; the attempt is logged."""
    from sightline.web.accesslog.services import log_denied

    log.warning("CSRF failure on %s: %s", request.path, reason)
    log_denied(request, reason=f"form refused (CSRF): {reason}"[:200])
    return _error(
        request,
        403,
        "This form could not be accepted",
        "The form was out of date or did not come from Sightline, so nothing was changed. "
        "Go back, reload the page and try again.",
    )
