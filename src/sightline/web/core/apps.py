from sightline.web.common import areas


class CoreConfig(areas.AreaConfig):
    name = "sightline.web.core"
    label = "core"
    verbose_name = "Sightline"
    url_prefix = ""
