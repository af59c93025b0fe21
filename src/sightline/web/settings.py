"""Settings for the Sightline web app.

Everything a deployment changes comes from the environment:
- SIGHTLINE_HOME: where snapshots, uploads, the SQLite database and the generated secret key live
  (default `var/` in the checkout, see `sightline.config`);
- DATABASE_URL: PostgreSQL (or any dj-database-url URL) instead of SQLite;
- SIGHTLINE_SECRET_KEY: the secret key (otherwise generated once into the home folder, never committed);
- SIGHTLINE_DEBUG=1: development mode (insecure cookies allowed, detailed errors);
- SIGHTLINE_ALLOWED_HOSTS: comma-separated host names (default: localhost only);
- SIGHTLINE_MAX_UPLOAD_BYTES: the largest file an import accepts (default 1 GiB; the same name and
  limit as `sightline import`);
- SIGHTLINE_COUNCIL, SIGHTLINE_BENCHMARK_COUNCIL, SIGHTLINE_TODAY, SIGHTLINE_STANDARDS,
  SIGHTLINE_RESULT_CACHE: read by the engine's one settings module, `sightline.config`;
- SIGHTLINE_TRUSTED_PROXIES: comma-separated addresses (or networks) of our reverse proxies, whose
  X-Forwarded-For is believed (default: none, so the connecting address is the client's);
- SIGHTLINE_SIGNIN_ADDRESS_LIMIT: failed sign-ins from one address, across user names, within 15
  minutes that lock that address out (default 50).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from sightline.config import ConfigError, config
from sightline.paths import REPO
from sightline.web.accounts.sso_config import SSOConfigError, oidc_settings
from sightline.web.accounts.two_factor_roles import two_factor_roles
from sightline.web.content_policy import content_security_policy
from sightline.web.deployment import https_settings

WEB = Path(__file__).resolve().parent
try:
    _ENGINE = config()  # the Sightline settings, read from the environment in one place
except ConfigError as error:
    raise ImproperlyConfigured(str(error)) from None
SIGHTLINE_HOME = _ENGINE.home


def _secret_key(home: Path) -> str:
    """The secret key: from the environment, else generated once into the home folder (0600)."""
    if key := os.environ.get("SIGHTLINE_SECRET_KEY"):
        return key
    path = home / "secret_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key(SIGHTLINE_HOME)
DEBUG = os.environ.get("SIGHTLINE_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("SIGHTLINE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

# Apps: each Sightline area is a package under sightline.web whose AppConfig (a
# common.areas.AreaConfig) declares its URL prefix and navigation entry; adding an area is one line
# here (see docs/web-app.md). `common` is the shared layer under every area.
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "sightline.web.common",
    "sightline.web.accounts",
    "sightline.web.accesslog",
    "sightline.web.core",
    "sightline.web.imports",
    "sightline.web.performance",
    "sightline.web.compliance",
    "sightline.web.children",
    "sightline.web.benchmarks",
    "sightline.web.improvement",
    "sightline.web.governance",
    "sightline.web.validation",
    "sightline.web.audits",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sightline.web.core.sessions.SessionRefreshMiddleware",  # after Sessions: runs before its save
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sightline.web.accounts.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sightline.web.accounts.middleware.TwoFactorMiddleware",
    "sightline.web.accounts.middleware.ChildDataMiddleware",
    # inside ChildDataMiddleware: a page's table as a file is sent no-store like the page
    "sightline.web.core.page_tables.PageTableExportMiddleware",
]

ROOT_URLCONF = "sightline.web.urls"
WSGI_APPLICATION = "sightline.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sightline.web.core.context_processors.navigation",
                "sightline.web.core.context_processors.council",
                "sightline.web.accounts.sso.sign_in_context",
            ],
        },
    },
]

# SQLite by default (in the home folder); PostgreSQL when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SIGHTLINE_HOME / 'sightline.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several server threads write the access log at once: wait for the lock rather than fail.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
    }
# Each server thread keeps its connection between requests (connecting, and SQLite's PRAGMAs, cost
# about 5% of a page); a connection that has gone away is noticed and replaced.
DATABASES["default"]["CONN_MAX_AGE"] = 300
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Single sign-on with OpenID Connect (Entra ID), on when SIGHTLINE_OIDC_ISSUER is set
# (accounts/sso_config.py, docs/deploying.md).
try:
    globals().update(oidc_settings(os.environ))
except SSOConfigError as error:
    raise ImproperlyConfigured(str(error)) from None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 30 minutes without a request, and when the browser closes.
SESSION_ENGINE = "sightline.web.core.sessions"  # the database store, read by one plain query
SESSION_COOKIE_AGE = 30 * 60
# Expiry slides with use: the session is saved again when a minute has passed since it was last
# saved (sightline.web.core.sessions), not on every request (a database write per page view).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Secure cookies unless in development or serving plain HTTP on loopback (make demo).
_PLAIN_HTTP = DEBUG or os.environ.get("SIGHTLINE_PLAIN_HTTP", "") == "1"
SESSION_COOKIE_SECURE = not _PLAIN_HTTP
CSRF_COOKIE_SECURE = not _PLAIN_HTTP
CSRF_FAILURE_VIEW = "sightline.web.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind HTTPS: trusted origins, the proxy's scheme header, HSTS and the redirect (deployment.py).
globals().update(https_settings(os.environ, ALLOWED_HOSTS))
# Content-Security-Policy: only Sightline's own scripts, styles, fonts and images (content_policy.py).
CONTENT_SECURITY_POLICY = content_security_policy(os.environ)
# HSTS preload is the council's decision for its whole domain (hard to undo), not the app's:
# SIGHTLINE_HSTS_PRELOAD=1 turns it on; its reminder is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Everything Sightline writes (database, snapshots, uploads, evidence) is the service's alone.
os.umask(0o077)
SIGHTLINE_HOME.mkdir(parents=True, exist_ok=True)
SIGHTLINE_HOME.chmod(0o700)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700


def _trusted_proxies(text: str) -> list[str]:
    """The reverse proxies whose X-Forwarded-For is believed; a mistyped entry stops start-up."""
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"SIGHTLINE_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
            ) from None
    return entries


def _positive_whole_number(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip() or str(default)
    if not text.isdigit() or int(text) < 1:
        raise ImproperlyConfigured(f"{name}: {text!r} is not a whole number of 1 or more")
    return int(text)


# Sign-in throttling (accounts/throttle.py, docs/web-app.md): 5 failures lock a user name; this
# many failures across user names lock the address they came from.
SIGHTLINE_TRUSTED_PROXIES = _trusted_proxies(os.environ.get("SIGHTLINE_TRUSTED_PROXIES", ""))
SIGHTLINE_SIGNIN_ADDRESS_LIMIT = _positive_whole_number("SIGHTLINE_SIGNIN_ADDRESS_LIMIT", 50)

# Two-factor sign-in (TOTP) for these roles (comma-separated role names, or "none"); by default
# every role that sees child-level data (accounts/two_factor.py, docs/deploying.md).
SIGHTLINE_TWO_FACTOR_ROLES = two_factor_roles(os.environ.get("SIGHTLINE_TWO_FACTOR_ROLES"))
OTP_TOTP_ISSUER = "Sightline"

# The access log keeps records this many days (`purge_access_log`); 6 years by default.
SIGHTLINE_ACCESS_LOG_RETENTION_DAYS = _positive_whole_number(
    "SIGHTLINE_ACCESS_LOG_RETENTION_DAYS", 6 * 365
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"

# Static files: our own, plus GOV.UK Frontend and htmx straight from node_modules (installed by
# `make setup` with `npm ci`), served by WhiteNoise.
NODE_MODULES = Path(os.environ.get("SIGHTLINE_NODE_MODULES", REPO / "node_modules"))
STATIC_URL = "static/"
STATIC_ROOT = SIGHTLINE_HOME / "staticfiles"
STATICFILES_DIRS = [
    WEB / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads: the limit a single file may reach, checked before anything is written to a snapshot.
SIGHTLINE_MAX_UPLOAD_BYTES = _ENGINE.max_upload_bytes
SIGHTLINE_MAX_UPLOAD_FILES = 40
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = SIGHTLINE_MAX_UPLOAD_FILES
# "worker": imports are queued and run by the job worker (`python -m sightline.web db_worker`, which
# `make demo` starts), each in a child process under SIGHTLINE_JOB_MEMORY_MB / SIGHTLINE_JOB_SECONDS;
# "inline": the same capped run inside the request (tests).
SIGHTLINE_IMPORT_MODE = os.environ.get("SIGHTLINE_IMPORT_MODE", "worker")
# The job queue: rows in the app's own database (SQLite by default, PostgreSQL in production), so
# no other server is needed and queued jobs survive a restart (docs/decisions, job queue).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The council the app shows (3-digit LA code); None: the only council in the store (the rule
# `sightline.workspace.choose_council` applies for the web and the command line alike).
SIGHTLINE_COUNCIL = _ENGINE.council
# The council's ONS code (e.g. E09000033), which the 903 rules on placements in or out of its area
# read; unset: the one the DfE's published statistics give for SIGHTLINE_COUNCIL's LA code.
SIGHTLINE_COUNCIL_ONS_CODE = os.environ.get("SIGHTLINE_COUNCIL_ONS_CODE", "")
# The published council benchmarks compare with (3-digit code): a synthetic council names the real
# council it was modelled on. Unset: the council itself.
SIGHTLINE_BENCHMARK_COUNCIL = _ENGINE.benchmark_council
# The council's local standards (a YAML file laid over the defaults); unset: the defaults.
SIGHTLINE_STANDARDS = str(_ENGINE.standards) if _ENGINE.standards else None
# The date due lists are worked out at (YYYY-MM-DD); unset: today. Demos set it to the data's end.
SIGHTLINE_TODAY = _ENGINE.today.isoformat() if _ENGINE.today else None
# Computed results (scorecards, due lists) kept on disk per snapshot set, shared by every worker.
SIGHTLINE_RESULT_CACHE = _ENGINE.result_cache

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "WARNING"},
        "sightline": {"handlers": ["console"], "level": "INFO"},
    },
}

# The digest email (send_digests): the SMTP server, the sender, and the address links point to.
EMAIL_HOST = os.environ.get("SIGHTLINE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SIGHTLINE_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("SIGHTLINE_EMAIL_FROM", "sightline@localhost")
SIGHTLINE_BASE_URL = os.environ.get("SIGHTLINE_BASE_URL", "http://127.0.0.1:8000")
EMAIL_HOST_USER = os.environ.get("SIGHTLINE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SIGHTLINE_EMAIL_PASSWORD", "")  # from the environment only
EMAIL_USE_TLS = os.environ.get("SIGHTLINE_EMAIL_TLS", "") == "1"
