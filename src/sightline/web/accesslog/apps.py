from sightline.web.common import areas


class AccessLogConfig(areas.AreaConfig):
    name = "sightline.web.accesslog"
    label = "accesslog"
    verbose_name = "Access log"
    url_prefix = "access-log/"
    nav = (areas.NavEntry("Access log", "accesslog:search", "view_access_log", order=90),)
