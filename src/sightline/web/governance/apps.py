from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "sightline.web.governance"
    label = "governance"
    verbose_name = "Governance and scrutiny"
