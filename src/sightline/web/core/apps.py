"""The layout, home page, navigation and error pages every app shares."""

from sightline.web.common import areas


class CoreConfig(areas.AreaConfig):
    name = "sightline.web.core"
    label = "core"
    verbose_name = "Sightline"
    url_prefix = ""

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.backends.signals import connection_created
        from django.utils.module_loading import autodiscover_modules

        from sightline.web.core import sqlite_checkpoints

        autodiscover_modules("home")  # each app's home.py registers its home-page panel
        # SQLite's log copied back by a thread of each serving process, not in a request
        connection_created.connect(sqlite_checkpoints.set_backstop)
        request_started.connect(sqlite_checkpoints.start_for_this_process)
