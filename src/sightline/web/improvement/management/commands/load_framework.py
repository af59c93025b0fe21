"""Load an improvement framework file (YAML or JSON) and make it the active plan."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sightline.web.improvement import framework_file, services


class Command(BaseCommand):
    help = (
        "Load a framework file (default: the shipped seven tests) and make it the active framework."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="YAML or JSON framework file")

    def handle(self, *args, **options):
        path = Path(options["path"]) if options["path"] else framework_file.DEFAULT
        try:
            framework = services.framework_load_file(path)
        except framework_file.FrameworkFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Loaded '{framework.name}' with {framework.themes.count()} themes; it is now the active framework."
        )
