"""rebuild_search_index and bench_search, run as an operator would run them."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, ArticleSearchDocument
from articles.search.engine import search_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_rebuild_search_index_restores_lost_documents_with_progress():
    for n in range(3):
        make_article(title=f"خبر رقم {n}", status=Article.Status.PUBLISHED, published_at=timezone.now())
    # Nothing was committed in this test transaction, so nothing is indexed yet.
    assert not ArticleSearchDocument.objects.exists()
    out = StringIO()
    call_command("rebuild_search_index", "--batch-size", "2", stdout=out)
    output = out.getvalue()
    assert "2/3 articles" in output and "3/3 articles (100%)" in output
    assert "Indexed 3 translations of 3 articles" in output
    assert search_articles("خبر", language="ar").count() == 3


def test_rebuild_search_index_dry_run_changes_nothing():
    make_article()
    out = StringIO()
    call_command("rebuild_search_index", "--dry-run", stdout=out)
    assert "Would index 1 articles" in out.getvalue()
    assert not ArticleSearchDocument.objects.exists()


def test_rebuild_search_index_rejects_a_bad_batch_size():
    with pytest.raises(CommandError):
        call_command("rebuild_search_index", "--batch-size", "0")


def test_bench_search_creates_stories_and_reports_median_and_p95():
    out = StringIO()
    call_command("bench_search", "--create", "30", "--repeat", "1", stdout=out)
    output = out.getvalue()
    assert Article.objects.published().count() == 30
    assert ArticleSearchDocument.objects.count() == 30
    assert "Created 30/30 stories" in output
    assert "30 published stories, 50 two-word queries x 1 runs" in output
    assert "median" in output and "p95" in output


def test_bench_search_refuses_an_empty_database():
    with pytest.raises(CommandError):
        call_command("bench_search", stdout=StringIO())


def test_bench_search_will_not_mix_synthetic_stories_with_real_ones():
    make_article(title="خبر حقيقي")
    with pytest.raises(CommandError, match="real stories"):
        call_command("bench_search", "--create", "5", stdout=StringIO())
    assert Article.objects.count() == 1
