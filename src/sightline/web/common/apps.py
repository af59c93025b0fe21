# Areas subclass areas.AreaConfig by module so Django finds one AppConfig class in each apps.py.
from sightline.web.common import areas


class CommonConfig(areas.AreaConfig):
    """The shared layer under every area: change history, optimistic versions, GOV.UK forms."""

    name = "sightline.web.common"
    label = "common"
    verbose_name = "Shared"
