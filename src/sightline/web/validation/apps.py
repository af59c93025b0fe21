from sightline.web.common import areas


class ValidationConfig(areas.AreaConfig):
    """No navigation entry: a report is reached from its snapshot (and the import job)."""

    name = "sightline.web.validation"
    label = "validation"
    verbose_name = "Validation report"
    url_prefix = "validation/"
