from django.apps import AppConfig


class AccessLogConfig(AppConfig):
    name = "sightline.web.accesslog"
    label = "accesslog"
    verbose_name = "Access log"
