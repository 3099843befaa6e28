"""Print the attribution reader's precision and recall on the project's labelled set."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from sources.attribution_eval import SET_DIR, evaluate, load_cases


class Command(BaseCommand):
    help = (
        "Measure the attribution reader on the labelled set in sources/attribution_set/: origin found "
        "and cited agencies, precision and recall. Touches no database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--set", default="cases.json", help="Which file of sources/attribution_set/ to read (cases.json, holdout.json)."
        )
        parser.add_argument("--misses", action="store_true", help="List every case read differently from its labels.")
        parser.add_argument(
            "--min", type=float, default=None, help="Fail when any of the four figures is below this (e.g. 0.95)."
        )

    def handle(self, *args, **options):
        path = (SET_DIR / options["set"]).resolve()
        if path.parent != SET_DIR or not path.is_file():
            raise CommandError(gettext("There is no labelled set called “%(name)s”.") % {"name": options["set"]})
        report = evaluate(cases=load_cases(path))
        figures = {
            "origin_precision": report.origin.precision,
            "origin_recall": report.origin.recall,
            "cited_precision": report.cited.precision,
            "cited_recall": report.cited.recall,
        }
        self.stdout.write(gettext("Labelled cases: %(count)d") % {"count": report.cases})
        self.stdout.write(
            gettext("Origin found: precision %(precision).2f, recall %(recall).2f (%(correct)d of %(expected)d named origins)")
            % {
                "precision": report.origin.precision,
                "recall": report.origin.recall,
                "correct": report.origin.correct,
                "expected": report.origin.expected,
            }
        )
        self.stdout.write(
            gettext("Cited agencies: precision %(precision).2f, recall %(recall).2f (%(correct)d of %(expected)d citations)")
            % {
                "precision": report.cited.precision,
                "recall": report.cited.recall,
                "correct": report.cited.correct,
                "expected": report.cited.expected,
            }
        )
        if options["misses"]:
            for miss in report.misses:
                self.stdout.write(miss)
        low = [name for name, value in figures.items() if options["min"] is not None and value < options["min"]]
        if low:
            raise CommandError(
                gettext("Below %(min).2f: %(figures)s") % {"min": options["min"], "figures": ", ".join(low)}
            )
        self.stdout.write(self.style.SUCCESS(gettext("Done.")))
