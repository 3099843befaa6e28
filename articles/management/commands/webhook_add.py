"""Add a webhook endpoint from the shell and print its signing secret (shown this once)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from articles.events.webhooks import endpoint_create
from articles.models import StoryEvent


class Command(BaseCommand):
    help = (
        "Add a webhook endpoint that is sent signed story events (Standard Webhooks), and print its secret "
        "(whsec_…). Without --event it subscribes to every event."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="Where the events are POSTed (http or https).")
        parser.add_argument(
            "--event",
            action="append",
            dest="events",
            metavar="TYPE",
            help=f"An event to send (repeatable): {', '.join(StoryEvent.Type.values)}.",
        )
        parser.add_argument("--description", default="", help="A name for editors.")

    def handle(self, *args, **options):
        try:
            endpoint, secret = endpoint_create(
                url=options["url"], events=options["events"], description=options["description"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        events = ", ".join(endpoint.events) or gettext("every event")
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Webhook %(id)s added for %(url)s (%(events)s).")
                % {"id": endpoint.pk, "url": endpoint.url, "events": events}
            )
        )
        self.stdout.write(gettext("Its signing secret, shown only this once:"))
        self.stdout.write(secret)
