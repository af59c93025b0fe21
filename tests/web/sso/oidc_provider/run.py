"""python -m oidc_provider.run serve            # migrate, seed, serve on PROVIDER_PORT
python -m oidc_provider.run allow URI           # allow one more redirect URI for the client

Seeded: client "sightline" (secret CLIENT_SECRET; Sightline's sign-in page on each allowed origin is
where it may be sent after signing out at the provider), and these users (password PASSWORD) in groups;
the ID token of those in "provider-mfa" says they signed in with a second factor (amr "mfa").
"""

import os
import sys

import django

CLIENT_ID = "sightline"
CLIENT_SECRET = "sightline-client-secret"
PASSWORD = "provider-password-1"
USERS = {
    "ana.lyst": ["sightline-analysts", "all-staff"],
    "tm.north": ["sightline-team-managers", "team-north", "all-staff"],
    "tm.both": ["sightline-team-managers", "team-north", "team-south"],
    "tm.mfa": ["sightline-team-managers", "team-north", "provider-mfa"],  # amr: pwd, mfa
    "canteen.staff": ["all-staff"],
    "council.admin": ["sightline-administrators", "sightline-analysts"],
    "cllr.member": ["sightline-members", "all-staff"],
}


def signed_out_uri(redirect_uri: str) -> str:
    """Where Sightline asks to be sent after signing out at the provider: its sign-in page, on
    the same origin as the callback."""
    return redirect_uri.split("/accounts/", 1)[0] + "/accounts/sign-in/"


def seed(redirect_uris: list[str]) -> None:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for name, groups in USERS.items():
        user = User.objects.create_user(name, email=f"{name}@council.example", password=PASSWORD)
        for group in groups:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
    Application.objects.create(
        name="Sightline",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        post_logout_redirect_uris=" ".join(signed_out_uri(u) for u in redirect_uris),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def allow(uri: str) -> None:
    from oauth2_provider.models import Application

    app = Application.objects.get(client_id=CLIENT_ID)
    app.redirect_uris = f"{app.redirect_uris} {uri}".strip()
    app.post_logout_redirect_uris = f"{app.post_logout_redirect_uris} {signed_out_uri(uri)}".strip()
    app.save(update_fields=["redirect_uris", "post_logout_redirect_uris"])


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oidc_provider.settings")
    django.setup()
    if sys.argv[1] == "allow":
        allow(sys.argv[2])
        return
    seed(sys.argv[2:])
    import socketserver
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Server(socketserver.ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server(
        "127.0.0.1", int(os.environ["PROVIDER_PORT"]), get_wsgi_application(),
        server_class=Server, handler_class=Quiet,
    )  # fmt: skip
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
