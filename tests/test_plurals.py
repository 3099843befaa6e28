"""Counts use Arabic's six plural forms, chosen by the catalog's rule."""

import pytest
from django.utils import translation
from django.utils.translation import ngettext


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "لم يُنشأ أي خبر تجريبي."),
        (1, "أُنشئ خبر تجريبي واحد."),
        (2, "أُنشئ خبران تجريبيان."),
        (3, "أُنشئت 3 أخبار تجريبية."),
        (11, "أُنشئ 11 خبراً تجريبياً."),
        (100, "أُنشئ 100 خبر تجريبي."),
        (102, "أُنشئ 102 خبر تجريبي."),
        (105, "أُنشئت 105 أخبار تجريبية."),
    ],
)
def test_arabic_plural_forms(count, expected):
    with translation.override("ar"):
        text = ngettext("%(count)d demo article created.", "%(count)d demo articles created.", count) % {"count": count}
    assert text == expected


def test_english_plural_forms():
    with translation.override("en"):
        one = ngettext("%(count)d demo article created.", "%(count)d demo articles created.", 1) % {"count": 1}
        many = ngettext("%(count)d demo article created.", "%(count)d demo articles created.", 3) % {"count": 3}
    assert (one, many) == ("1 demo article created.", "3 demo articles created.")


@pytest.mark.parametrize(("count", "expected"), [(1, "1 second)"), (30, "30 seconds)"), ("0.5", "0.5 seconds)")])
def test_feed_timeout_message_counts_its_seconds(count, expected):
    from articles.ingest.errors import IngestError

    with translation.override("en"):
        assert str(IngestError("timeout", seconds=count)).endswith(expected + ".")
        assert "more than 1 time," in str(IngestError("too_many_redirects", limit=1))
