"""Production settings that come from the environment (docs/deploying.md). Pure: no Django import,
so settings.py and the tests call the same function.

- SIGHTLINE_HTTPS=1: served over HTTPS (directly or behind a TLS-terminating proxy): HTTP is
  redirected to HTTPS, HSTS is sent (SIGHTLINE_HSTS_SECONDS, default a year) and cookies are
  secure;
- SIGHTLINE_PROXY_TLS_HEADER=1: the reverse proxy terminates TLS and says so in
  X-Forwarded-Proto (set it only behind a proxy that overwrites that header);
- SIGHTLINE_CSRF_TRUSTED_ORIGINS: comma-separated origins forms may come from
  (e.g. https://sightline.council.gov.uk); by default the https:// origin of each allowed host
  when SIGHTLINE_HTTPS=1.
"""

from __future__ import annotations

from collections.abc import Mapping


def _on(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip() == "1"


def https_settings(environ: Mapping[str, str], allowed_hosts: list[str]) -> dict:
    https = _on(environ, "SIGHTLINE_HTTPS")
    origins = [o.strip() for o in environ.get("SIGHTLINE_CSRF_TRUSTED_ORIGINS", "").split(",")]
    origins = [o for o in origins if o]
    if https and not origins:
        origins = [f"https://{h}" for h in allowed_hosts if h and h not in ("testserver",)]
    found: dict = {"CSRF_TRUSTED_ORIGINS": origins}
    if _on(environ, "SIGHTLINE_PROXY_TLS_HEADER"):
        found["SECURE_PROXY_SSL_HEADER"] = ("HTTP_X_FORWARDED_PROTO", "https")
    if https:
        found |= {
            "SECURE_SSL_REDIRECT": True,
            "SECURE_HSTS_SECONDS": int(environ.get("SIGHTLINE_HSTS_SECONDS", "31536000")),
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
            "SECURE_HSTS_PRELOAD": _on(environ, "SIGHTLINE_HSTS_PRELOAD"),
            "SESSION_COOKIE_SECURE": True,
            "CSRF_COOKIE_SECURE": True,
        }
    return found
