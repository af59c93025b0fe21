from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "sightline.web.compliance"
    label = "compliance"
