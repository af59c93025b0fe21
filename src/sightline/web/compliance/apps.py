from sightline.web.common import areas


class ComplianceConfig(areas.AreaConfig):
    name = "sightline.web.compliance"
    label = "compliance"
    url_prefix = "compliance/"
    nav = (areas.NavEntry("Compliance", "compliance:summary", "view_aggregates", order=20),)
