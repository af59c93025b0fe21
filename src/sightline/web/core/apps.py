"""The layout, home page, navigation and error pages every app shares."""

from sightline.web.common import areas


class CoreConfig(areas.AreaConfig):
    name = "sightline.web.core"
    label = "core"
    verbose_name = "Sightline"
    url_prefix = ""

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("home")  # each app's home.py registers its home-page panel
