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
    return render(request, "core/error_500.html", status=500)


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
