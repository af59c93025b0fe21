"""`python -m sightline.web <command>`: Django's manage.py for Sightline."""

import os
import sys

from django.core.management import execute_from_command_line

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sightline.web.settings")
    execute_from_command_line(["sightline.web", *sys.argv[1:]])
