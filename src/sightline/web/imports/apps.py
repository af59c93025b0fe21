from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "sightline.web.imports"
    label = "imports"
