from sightline.web.common import areas


class AccountsConfig(areas.AreaConfig):
    name = "sightline.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
    url_prefix = "accounts/"
    nav = (
        areas.NavEntry(
            "Users", "accounts:users", "manage_users", prefix="/accounts/users/", order=95
        ),
    )

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        user_logged_in.connect(_signed_in, dispatch_uid="sightline-signed-in")
        user_logged_out.connect(_signed_out, dispatch_uid="sightline-signed-out")


def _signed_in(sender, request, user, **kwargs) -> None:
    """Every successful sign-in (password, single sign-on, any door) is a record in the log."""
    if request is None:
        return
    from sightline.web.accesslog.models import AccessEntry
    from sightline.web.accesslog.services import log_event
    from sightline.web.accounts import two_factor

    how = getattr(user, "backend", "") or ""
    way = "single sign-on" if "oidc" in how.lower() else "password"
    log_event(request, AccessEntry.Kind.SIGN_IN, f"signed in ({way})", username=user.get_username())
    if hasattr(request, "session"):
        two_factor.record_sign_in(request, user)


def _signed_out(sender, request, user, **kwargs) -> None:
    if request is None or user is None:
        return
    from sightline.web.accesslog.models import AccessEntry
    from sightline.web.accesslog.services import log_event

    log_event(request, AccessEntry.Kind.SIGN_IN, "signed out", username=user.get_username())
