from sightline.web.common import areas


class AccountsConfig(areas.AreaConfig):
    name = "sightline.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
    url_prefix = "accounts/"
