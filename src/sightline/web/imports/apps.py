from sightline.web.common import areas


class ImportsConfig(areas.AreaConfig):
    name = "sightline.web.imports"
    label = "imports"
    url_prefix = "imports/"
    nav = (areas.NavEntry("Imports", "imports:index", "view_imports", order=80),)
