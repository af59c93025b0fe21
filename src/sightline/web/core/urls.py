from django.urls import path

from sightline.web.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("glossary/", views.glossary, name="glossary"),
    path("digest/", views.digest, name="digest"),
    path("healthz", views.health, name="health"),
]
