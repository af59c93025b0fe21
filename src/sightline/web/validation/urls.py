from django.urls import path

from sightline.web.validation import views

urlpatterns = [
    path("snapshots/<str:snapshot_id>/", views.report_view, name="report"),
]
