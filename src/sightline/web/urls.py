"""Mounts every app listed in settings.SIGHTLINE_APP_URLS under its prefix, in its own namespace."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView


def _namespace(module: str) -> str:
    return module.split(".")[-2]  # sightline.web.<app>.urls -> <app>


# One door: the admin site's own sign-in page sends people to Sightline's (throttled and logged).
admin_sign_in = RedirectView.as_view(pattern_name="accounts:login", query_string=True)
urlpatterns = [
    path("admin/login/", admin_sign_in),
    path("admin/", admin.site.urls),
] + [
    path(prefix, include((module, _namespace(module)), namespace=_namespace(module)))
    for prefix, module in settings.SIGHTLINE_APP_URLS
]

handler400 = "sightline.web.core.views.bad_request"
handler403 = "sightline.web.core.views.permission_denied"
handler404 = "sightline.web.core.views.page_not_found"
handler500 = "sightline.web.core.views.server_error"
