from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "sightline.web.children"
    label = "children"
