"""``manage.py import_site PATH``: restore an ``export_site`` archive into an empty database."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.ops.backup import import_site


class Command(BaseCommand):
    help = "Restore an export_site archive into an empty, migrated database (refuses a database with content)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive written by export_site")

    def handle(self, *args, path, **options):
        if not Path(path).is_file():
            raise CommandError(f"No such file: {path}")
        try:
            manifest = import_site(path)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        rows = sum(entry["count"] for entry in manifest["models"])
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(
                f"Imported {rows} rows of {len(manifest['models'])} models and {len(manifest['media'])} media files."
            ))
