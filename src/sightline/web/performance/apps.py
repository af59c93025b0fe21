from sightline.web.common import areas


class PerformanceConfig(areas.AreaConfig):
    name = "sightline.web.performance"
    label = "performance"
    url_prefix = "performance/"
    nav = (areas.NavEntry("Performance", "performance:scorecard", "view_aggregates", order=10),)
