import os

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tools.demo.load import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = (
        "Create or refresh the demo sections, sources, disclaimer, stories and the users "
        f"{', '.join(DEMO_USERS)}. Safe to run again. The users' password comes from DEMO_PASSWORD; "
        "without it, new users get a random password printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created or updated, then roll everything back.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        result = load_demo(password=os.environ.get("DEMO_PASSWORD") or None, dry_run=dry_run)

        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved. A real run would give:")))
        if result.users_created:
            self.stdout.write(
                ngettext(
                    "%(count)d new demo user: %(names)s.",
                    "%(count)d new demo users: %(names)s.",
                    len(result.users_created),
                )
                % {"count": len(result.users_created), "names": ", ".join(result.users_created)}
            )
        if result.generated_password:
            self.stdout.write(
                self.style.WARNING(
                    _("DEMO_PASSWORD is not set, so the new users share this random password (shown only this once):")
                )
            )
            self.stdout.write(result.generated_password)
        elif result.password_from_env:
            self.stdout.write(_("The demo users' password is the one in DEMO_PASSWORD."))

        self.stdout.write(
            ngettext(
                "%(count)d demo article created.",
                "%(count)d demo articles created.",
                result.articles_created,
            )
            % {"count": result.articles_created}
        )
        self.stdout.write(
            ngettext(
                "%(count)d demo article updated.",
                "%(count)d demo articles updated.",
                result.articles_updated,
            )
            % {"count": result.articles_updated}
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo content: sections: %(sections)d, sources: %(sources)d, aliases: %(aliases)d, "
                    "disclaimer templates: %(disclaimers)d, articles: %(articles)d (published: %(published)d), "
                    "tags: %(tags)d, users: %(users)d."
                )
                % result.counts
            )
        )
