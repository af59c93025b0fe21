from django.urls import path

from sightline.web.performance import views

urlpatterns = [path("", views.scorecard, name="scorecard")]
