from sightline.web.common import areas


class ChildrenConfig(areas.AreaConfig):
    name = "sightline.web.children"
    label = "children"
    url_prefix = "children/"
