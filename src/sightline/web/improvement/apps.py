from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "sightline.web.improvement"
    label = "improvement"
    verbose_name = "Improvement plan"
