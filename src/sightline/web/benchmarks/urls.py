from django.urls import path

from sightline.web.benchmarks import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:indicator_id>/", views.indicator, name="indicator"),
]
