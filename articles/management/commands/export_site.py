"""``manage.py export_site PATH``: the whole site (content, users, media) into one zip archive."""

from django.core.management.base import BaseCommand

from articles.ops.backup import export_site


class Command(BaseCommand):
    help = "Write every article, source, tag, translation, revision, user and media file into one zip archive."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the archive, e.g. khabar-2026-11-29.zip")

    def handle(self, *args, path, **options):
        manifest = export_site(path)
        rows = sum(entry["count"] for entry in manifest["models"])
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(
                f"Exported {rows} rows of {len(manifest['models'])} models and {len(manifest['media'])} media files to {path}."
            ))
