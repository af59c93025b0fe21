from sightline.web.common import areas


class ValidationConfig(areas.AreaConfig):
    name = "sightline.web.validation"
    label = "validation"
    verbose_name = "Validation report"
    url_prefix = "validation/"  # reached from an import's snapshot page, so no navigation entry
