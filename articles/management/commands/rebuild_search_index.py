"""Rebuild every article's search documents, e.g. after changing how text is normalized."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.search.engine import index_articles


class Command(BaseCommand):
    help = "Rebuild the search documents of every article (or of the given ids), with progress."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Only these article ids.")
        parser.add_argument("--batch-size", type=int, default=500, help="Articles indexed per transaction.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be indexed; change nothing.")

    def handle(self, *args, ids, batch_size, dry_run, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        articles = Article.objects.order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
        article_ids = list(articles.values_list("pk", flat=True))
        total = len(article_ids)
        if dry_run:
            self.stdout.write(f"Would index {total} articles (dry run, nothing changed).")
            return
        started = time.monotonic()
        documents = 0
        for offset in range(0, total, batch_size):
            batch = article_ids[offset : offset + batch_size]
            documents += index_articles(batch)
            done = offset + len(batch)
            self.stdout.write(f"{done}/{total} articles ({done * 100 // total}%)")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {documents} translations of {total} articles in {elapsed:.1f} s.")
        )
