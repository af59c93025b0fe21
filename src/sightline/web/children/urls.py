from django.urls import path

from sightline.web.children import views

urlpatterns = [path("<str:child_id>/", views.timeline, name="timeline")]
