from django.urls import path

from sightline.web.children import views

urlpatterns = [
    path("", views.find, name="find"),
    path("<str:child_id>/", views.timeline, name="timeline"),
]
