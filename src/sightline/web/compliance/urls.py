from django.urls import path

from sightline.web.compliance import views

urlpatterns = [
    path("", views.summary, name="summary"),
    path("work/", views.work_list, name="list"),
]
