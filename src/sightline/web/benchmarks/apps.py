from sightline.web.common import areas


class BenchmarksConfig(areas.AreaConfig):
    name = "sightline.web.benchmarks"
    label = "benchmarks"
    url_prefix = "benchmarks/"
    nav = (areas.NavEntry("Benchmarks", "benchmarks:index", "view_aggregates", order=30),)
