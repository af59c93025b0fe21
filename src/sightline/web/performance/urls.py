from django.urls import path

from sightline.web.performance import views

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("indicators/<str:indicator_id>/", views.indicator, name="indicator"),
    path("indicators/<str:indicator_id>/target/", views.target, name="target"),
    path("indicators/<str:indicator_id>/children/", views.children, name="children"),
]
