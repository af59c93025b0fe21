from django.urls import path

from sightline.web.imports import views

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("jobs/<uuid:job_id>/", views.job, name="job"),
    path("jobs/<uuid:job_id>/status/", views.job_status, name="job_status"),
    path("jobs/<uuid:job_id>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<uuid:job_id>/problems/", views.job_problems, name="job_problems"),
    path("snapshots/<str:snapshot_id>/", views.snapshot, name="snapshot"),
]
