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


def test_an_item_costs_at_most_five_statements(tmp_path):
    """A new item: its savepoint and release, the draft, its translation and the item (a repeat:
    the savepoint and release). The draft's own save no longer takes a savepoint inside the
    item's, which cost two statements more per item (6.8 an item before)."""
    source = make_source()
    few, new_few = _statements(tmp_path, 10, source)
    many, new_many = _statements(tmp_path, 50, source)
    assert new_many - new_few > 30
    assert (many - few) / (50 - 10) <= 5
