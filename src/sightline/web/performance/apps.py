from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "sightline.web.performance"
    label = "performance"
