from django.urls import path

from sightline.web.imports import views

urlpatterns = [path("", views.index, name="index")]
