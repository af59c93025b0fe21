from sightline.web.common import areas


class ImprovementConfig(areas.AreaConfig):
    name = "sightline.web.improvement"
    label = "improvement"
    verbose_name = "Improvement plan"
    url_prefix = "improvement/"
    nav = (areas.NavEntry("Improvement", "improvement:plan", "view_aggregates", order=40),)
