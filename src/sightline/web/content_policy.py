"""The Content-Security-Policy every response carries (django-csp reads CONTENT_SECURITY_POLICY).

Pages use only Sightline's own files: GOV.UK Frontend's CSS, fonts, images and module script,
htmx, and our own scripts, all served from /static/. No inline script, inline style or `eval`
is allowed, so markup injected into a page cannot run. htmx's requests go to the same origin;
forms post to it. Frames are refused (as X-Frame-Options already says).

SIGHTLINE_CSP_FORM_ACTION: extra origins a form may lead to (comma-separated), for a single
sign-on provider that a sign-in form redirects to (browsers apply `form-action` to redirects).
"""

from __future__ import annotations

from collections.abc import Mapping

SELF = "'self'"
NONE = "'none'"


def content_security_policy(environ: Mapping[str, str]) -> dict:
    extra = [o.strip() for o in environ.get("SIGHTLINE_CSP_FORM_ACTION", "").split(",")]
    return {
        "DIRECTIVES": {
            "default-src": [NONE],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF],
            "font-src": [SELF],
            "connect-src": [SELF],
            "manifest-src": [SELF],
            "form-action": [SELF, *(o for o in extra if o)],
            "frame-ancestors": [NONE],
            "base-uri": [NONE],
            "object-src": [NONE],
        }
    }
