"""WSGI entry point (gunicorn serves it: `sightline.web.serve`, used by `make demo`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.web.settings")
application = get_wsgi_application()
