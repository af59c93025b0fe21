from django.urls import path

from sightline.web.validation import views

urlpatterns = [
    path("snapshots/<str:snapshot_id>/", views.report_view, name="report"),
    path("runs/<uuid:run_id>/again/", views.rerun, name="rerun"),
    path("references/", views.references, name="references"),
    path("references/upload/", views.reference_upload, name="reference_upload"),
]
