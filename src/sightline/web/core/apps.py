from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sightline.web.core"
    label = "core"
    verbose_name = "Sightline"
