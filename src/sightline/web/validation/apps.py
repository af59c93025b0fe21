from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "sightline.web.validation"
    label = "validation"
