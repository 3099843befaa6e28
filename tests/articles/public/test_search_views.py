"""The reader's search page and the OpenSearch description, through real HTTP requests."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db

OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


@pytest.fixture
def story(django_capture_on_commit_callbacks):
    def make(title="خبر", *, days_ago=1, **kwargs):
        kwargs.setdefault("status", Article.Status.PUBLISHED)
        kwargs.setdefault("published_at", timezone.now() - timedelta(days=days_ago))
        with django_capture_on_commit_callbacks(execute=True):
            return make_article(title=title, **kwargs)

    return make


def test_search_page_finds_variant_spelling_and_marks_it(client, story):
    story("إسرائيل تعلن هدنة", body="<p>أعلنت إسرائيل اليوم هدنة.</p>")
    story("اسرائيل مسودة", status=Article.Status.DRAFT, published_at=None)
    response = client.get(reverse("search"), {"q": "اسرائيل"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>إسرائيل</mark> تعلن هدنة" in html
    assert "مسودة" not in html
    assert 'lang="ar" dir="rtl"' in html


def test_search_page_in_english_searches_english_text(client, story):
    story("خبر عن الاقتصاد", en={"title": "Economy report", "body": "<p>Markets rose.</p>"})
    response = client.get("/en/search/", {"q": "economy"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Economy</mark> report" in html
    assert 'lang="en" dir="ltr"' in html


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "ا"},
        {"q": "؟!…"},
        {"q": "ب" * 10_000},
        {"q": "' OR 1=1; --"},
        {"q": "a & b | !c:* ('"},
        {"q": "\x00زلزال"},
        {"q": "\u202eزلزال\u202c"},
        {"q": "<script>alert(1)</script>"},
        {"q": "زلزال", "page": "abc"},
        {"q": "زلزال", "page": "-1"},
        {"q": "زلزال", "page": "99999"},
        {"q": "زلزال", "page": "9" * 40},
        {"q": "زلزال", "page": "١"},
        {"q": "زلزال", "date_from": "not-a-date", "date_to": "2024-13-45"},
        {"q": "زلزال", "date_from": "0001-01-01", "date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"q": "زلزال", "section": "999999", "source": "no-such-source", "tag": "لا-وسم", "language": "xx"},
    ],
)
def test_search_page_answers_every_query_with_a_normal_page(client, story, params):
    story("زلزال في تركيا")
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_one_letter_query_asks_for_more(client, story):
    story("خبر")
    html = client.get(reverse("search"), {"q": "ا"}).content.decode()
    assert 'class="search-hint"' in html
    assert 'class="search-results"' not in html and 'class="search-empty"' not in html


def test_search_page_filters_from_the_query_string(client, story):
    yemen = make_section(name="أخبار اليمن", name_en="Yemen")
    source = make_source(name="وكالة سبأ", name_en="Saba", slug="saba")
    story("اجتماع في صنعاء", section=yemen, source=source, days_ago=3, tags=["سياسة"])
    story("اجتماع في دمشق", days_ago=30)
    today = timezone.localdate()
    for params in (
        {"section": yemen.pk},
        {"source": "saba"},
        {"tag": "سياسة"},
        {"date_from": (today - timedelta(days=7)).isoformat()},
        # Arabic-Indic digits in a date are read as 0-9.
        {"date_from": (today - timedelta(days=7)).isoformat().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))},
    ):
        html = client.get(reverse("search"), {"q": "اجتماع", **params}).content.decode()
        assert "صنعاء" in html and "دمشق" not in html, params


def results(html: str) -> str:
    """The list of hits alone (the page around it has lists of its own)."""
    start = html.index('<ol class="search-results"')
    return html[start : html.index("</ol>", start)]


def test_search_page_paginates_and_keeps_the_query(client, story):
    for n in range(23):
        story(f"نشرة رقم {n}", days_ago=n)
    first = client.get(reverse("search"), {"q": "نشرة"}).content.decode()
    assert results(first).count("<li>") == 20
    assert "page=2" in first and "q=%D9%86%D8%B4%D8%B1%D8%A9" in first
    second = client.get(reverse("search"), {"q": "نشرة", "page": 2}).content.decode()
    assert results(second).count("<li>") == 3


def test_search_page_query_count_does_not_grow_with_results(client, story):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    section = make_section()
    source = make_source()

    def queries_for(query: str) -> int:
        cache.clear()  # measure the page being built, not the page cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("search"), {"q": query}).status_code == 200
        return len(captured)

    for n in range(3):
        story(f"تقرير {n}", section=section, source=source, origin=Article.Origin.REPUBLISHED, tags=[f"وسم {n}"])
    few = queries_for("تقرير")
    for n in range(3, 25):
        story(f"تقرير {n}", section=section, source=source, origin=Article.Origin.REPUBLISHED, tags=[f"وسم {n}"])
    assert queries_for("تقرير") == few <= 14


def test_opensearch_description_points_at_the_search_page(client):
    response = client.get(reverse("opensearch"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ElementTree.fromstring(response.content)
    url = root.find(f"{OPENSEARCH}Url")
    assert url.get("template") == "http://testserver/search/?q={searchTerms}"
    assert root.find(f"{OPENSEARCH}InputEncoding").text == "UTF-8"
    assert len(root.find(f"{OPENSEARCH}ShortName").text) <= 16
    assert root.find(f"{OPENSEARCH}Description").text
    english = ElementTree.fromstring(client.get("/en/opensearch.xml").content)
    assert english.find(f"{OPENSEARCH}Url").get("template") == "http://testserver/en/search/?q={searchTerms}"


def test_pages_link_the_opensearch_description(client):
    html = client.get(reverse("search")).content.decode()
    assert '<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"' in html


def test_uncached_searches_are_rate_limited_per_client(client, settings, story):
    settings.SEARCH_RATE_LIMIT = 2
    responses = [client.get(reverse("search"), {"q": f"كلمة{n}"}, REMOTE_ADDR="127.0.0.9") for n in range(3)]
    assert [response.status_code for response in responses] == [200, 200, 429]
    assert responses[-1]["Retry-After"] == "60"
    # Another reader is not affected.
    assert client.get(reverse("search"), {"q": "كلمة9"}, REMOTE_ADDR="127.0.0.10").status_code == 200


def test_a_kept_search_does_not_count_against_the_limit(client, settings, story):
    """With the page cache off, the same search in the same content generation comes from the kept parts."""
    settings.SEARCH_RATE_LIMIT = 2
    settings.PAGE_CACHE_SECONDS = 0
    story("صنعاء")
    for _ in range(5):
        assert client.get(reverse("search"), {"q": "صنعاء"}, REMOTE_ADDR="127.0.0.11").status_code == 200


def test_repeated_search_is_served_from_the_page_cache_without_counting(client, story):
    story("صنعاء")
    for _ in range(40):  # above the default limit of 30 uncached searches a minute
        assert client.get(reverse("search"), {"q": "صنعاء"}).status_code == 200


def test_each_search_has_its_own_cached_page(client, story):
    story("فيضانات في المكلا")
    story("انقطاع الكهرباء في عدن")
    first = client.get(reverse("search"), {"q": "المكلا"}).content.decode()
    second = client.get(reverse("search"), {"q": "عدن"}).content.decode()
    assert "فيضانات" in first and "الكهرباء" not in first
    assert "الكهرباء" in second and "فيضانات" not in second
    # A made-up parameter does not make a new page (nor bypass the cache).
    again = client.get(reverse("search"), {"q": "عدن", "utm_source": "x", "junk": "1"}).content.decode()
    assert again == second


def test_a_new_search_reads_only_its_matches_and_their_stories(client, story, django_assert_num_queries):
    """Issue 14: once a first search has kept the filters' options and the sections and sources,
    another search (different words, nothing of it kept) costs three queries: the ranked page
    with its count, its stories, their translations. Before: nine (the filters' sections and
    sources and the results' section and source names, read again for every search)."""
    section = make_section()
    for n in range(5):
        story(f"تقرير رقم {n}", section=section, source=make_source(), origin=Article.Origin.REPUBLISHED)
        story(f"نشرة رقم {n}", section=section)
    client.get(reverse("search"), {"q": "تقرير"})
    with django_assert_num_queries(3):
        html = client.get(reverse("search"), {"q": "نشرة"}).content.decode()
    assert results(html).count("<li>") == 5


def test_search_results_do_not_write_each_translation_to_the_shared_cache(client, story, monkeypatch):
    """parler writes every translation read through its getter to the cache (a Redis round trip
    each); a search's stories take theirs from the prefetch instead."""
    from parler import models as parler_models

    for n in range(5):
        story(f"نشرة رقم {n}")
    client.get(reverse("search"), {"q": "رقم"})
    written = []
    monkeypatch.setattr(parler_models, "_cache_translation", lambda translation, **kw: written.append(translation))
    client.get(reverse("search"), {"q": "نشرة"})
    assert written == []


def test_rate_limited_searches_keep_no_reader_address_in_the_cache(client, settings, story):
    from django.core.cache import cache

    settings.SEARCH_RATE_LIMIT = 2
    reader, other = "198.51.100.77", "203.0.113.145"
    statuses = [client.get(reverse("search"), {"q": f"بحث{n}"}, REMOTE_ADDR=reader).status_code for n in range(3)]
    # Still counted per address: the first reader is refused, another is not.
    assert statuses == [200, 200, 429]
    assert client.get(reverse("search"), {"q": "بحث9"}, REMOTE_ADDR=other).status_code == 200
    assert client.get(reverse("search"), {"q": "بحث10"}, REMOTE_ADDR=other).status_code == 200
    assert client.get(reverse("search"), {"q": "بحث11"}, REMOTE_ADDR=other).status_code == 429

    kept = _cache_contents(cache)
    assert [key for key in kept if ":rate:search:" in key]
    for address in (reader, other):
        assert not [key for key in kept if address in key]
        assert not [key for key, value in kept.items() if address.encode() in value]


def _cache_contents(cache) -> dict[str, bytes]:
    """Every key the cache holds and its stored bytes: the tests' memory cache, or Redis (the CI's PostgreSQL leg)."""
    store = cache._cache
    if isinstance(store, dict):
        return dict(store)
    client = store.get_client()
    return {key.decode(): client.get(key) or b"" for key in client.scan_iter("*")}
