from django.urls import path

from sightline.web.accesslog import views

urlpatterns = [path("", views.search, name="search")]
