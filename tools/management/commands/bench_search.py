"""Measure search speed: 50 fixed two-word Arabic queries against the current database.

With ``--create N`` it first writes N synthetic published Arabic stories into the CURRENT
database (bulk inserts, indexed through the same code as every save), so point DATABASE_URL at a
database made for the purpose, e.g. ``khabar_search_bench``.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from tools.bench.search import BENCH_SLUG_PREFIX, QUERY_COUNT, create_search_corpus, time_searches


class Command(BaseCommand):
    help = "Time 50 fixed two-word Arabic searches (optionally after creating N synthetic stories)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--create",
            type=int,
            default=0,
            metavar="N",
            help="First write N synthetic published stories into the current database.",
        )
        parser.add_argument("--repeat", type=int, default=3, help="Timed runs of each query (after one warm-up run).")
        parser.add_argument("--seed", type=int, default=2024, help="Random seed for the synthetic stories.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be created and run; change nothing.")
        parser.add_argument("--force", action="store_true", help="Create stories even where real stories exist.")

    def handle(self, *args, create, repeat, seed, dry_run, force, **options):
        if create < 0 or repeat < 1:
            raise CommandError("--create must be 0 or more and --repeat at least 1.")
        if dry_run:
            self.stdout.write(f"Would create {create} stories and time {QUERY_COUNT} queries {repeat} times each.")
            return
        if create:
            real = Article.objects.exclude(translations__slug__startswith=BENCH_SLUG_PREFIX)
            if real.exists() and not force:
                raise CommandError(
                    "This database holds real stories; --create would add synthetic ones beside them. "
                    "Point DATABASE_URL at a benchmark database, or pass --force."
                )
            create_search_corpus(create, seed, report=self.stdout.write)
        published = Article.objects.published().count()
        if not published:
            raise CommandError("No published stories to search: pass --create N.")
        self._run(repeat, published)

    def _run(self, repeat: int, published: int) -> None:
        timings = time_searches(repeat)
        self.stdout.write(
            f"{published} published stories, {timings['queries']} two-word queries x {repeat} runs; "
            f"matches per query: median {timings['matches_median']:.0f}, max {timings['matches_max']}"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"median {timings['median_ms']:.1f} ms, p95 {timings['p95_ms']:.1f} ms, max {timings['max_ms']:.1f} ms"
            )
        )
