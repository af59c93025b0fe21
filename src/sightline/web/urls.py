"""Mounts every area (an app whose AppConfig is a common.areas.AreaConfig) under the URL prefix it
declares, in a namespace named after its label."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from sightline.web.accounts import sso
from sightline.web.common.areas import areas

# One door: the admin site's own sign-in page sends people to Sightline's (throttled and logged).
admin_sign_in = RedirectView.as_view(pattern_name="accounts:login", query_string=True)
urlpatterns = [
    path("admin/login/", admin_sign_in),
    path("admin/", admin.site.urls),
    path("accounts/oidc/", include((sso.urlpatterns, "sso"), namespace="sso")),
] + [
    path(area.url_prefix or "", include((area.urls_module, area.label), namespace=area.label))
    for area in areas()
]

handler400 = "sightline.web.core.views.bad_request"
handler403 = "sightline.web.core.views.permission_denied"
handler404 = "sightline.web.core.views.page_not_found"
handler500 = "sightline.web.core.views.server_error"
