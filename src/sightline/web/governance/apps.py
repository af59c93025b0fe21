from sightline.web.common import areas


class GovernanceConfig(areas.AreaConfig):
    name = "sightline.web.governance"
    label = "governance"
    verbose_name = "Governance and scrutiny"
    url_prefix = "governance/"
    nav = (areas.NavEntry("Governance", "governance:index", "view_aggregates", order=50),)
