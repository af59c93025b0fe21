"""Where a form sends its user next: the page it names, when that is a page of this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def next_page(request: HttpRequest, default: str) -> str:
    """The form's `next` (posted, or in the query) when it is a path on this site; else the URL
    named `default`. Another site's address, or text that is no path, never becomes a redirect
    (an open redirect, or a server error on a value Django cannot resolve)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return reverse(default)
