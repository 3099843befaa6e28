"""What one ingested item costs the database (issue 14: ingest at 500 items a second)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.ingest.services import ingest_file
from tests.factories import make_source
from tools.bench.feed import write_feed

pytestmark = pytest.mark.django_db


def _statements(tmp_path, items: int, source) -> tuple[int, int]:
    path = tmp_path / f"feed-{items}.xml"
    write_feed(path, items, host=f"p{items}.example")
    with CaptureQueriesContext(connection) as captured:
        run = ingest_file(path, source=source)
    return len(captured.captured_queries), run.items_new


def test_new_items_are_written_a_batch_at_a_time(tmp_path):
    """New items, their drafts and the drafts' translations are written a batch at a time
    (``ingest.batch``): a few statements per table and batch (SQLite splits a long insert), where
    one by one a new item cost five (its savepoint and release, the draft, its translation and the
    item), 6.8 before that."""
    source = make_source()
    few, new_few = _statements(tmp_path, 10, source)
    many, new_many = _statements(tmp_path, 150, source)
    assert new_many - new_few > 100
    assert (many - few) / (150 - 10) <= 0.2
