"""Malformed admin query strings answer 400 (or are ignored by Django), never a 500 (issue 22, item 8).

Each case runs on both legs: SQLite and PostgreSQL fail differently on the same value (an
OverflowError in Python, a DataError from the server, an empty query plan).
"""

import pytest
from django.urls import reverse

from tests.factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"

CHANGELIST_QUERIES = [
    # The date drill-down: past Python's calendar, past the next year, not a number.
    f"?published_at__year={HUGE}",
    f"?published_at__year=2024&published_at__month={HUGE}",
    f"?published_at__year=2024&published_at__month=2&published_at__day={HUGE}",
    "?published_at__year=9999",
    "?published_at__year=9999&published_at__month=12&published_at__day=31",
    "?published_at__year=1",
    "?published_at__year=2024&published_at__month=13",
    "?published_at__year=٢٠٢٤",
    # Date lookups on other fields, and integers past the database's.
    f"?updated_at__year={HUGE}",
    f"?id={HUGE}",
    f"?id__in={HUGE},1",
    f"?id__gt={HUGE}",
    f"?version__gte={HUGE}",
    f"?section__id__exact={HUGE}",
    # NUL, which PostgreSQL refuses in any text.
    "?translated=%00",
    "?origin=%00",
    "?q=%00",
    "?language=%00",
    "?language=zz",
]


def _assert_not_a_server_error(response):
    assert response.status_code in {200, 302, 400}, response.status_code
    if response.status_code == 302:  # Django's own answer to lookups it cannot use: the list without them
        assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("query", CHANGELIST_QUERIES)
def test_article_changelist_never_fails_on_a_malformed_query(admin_client, query):
    make_article()
    _assert_not_a_server_error(admin_client.get(reverse("admin:articles_article_changelist") + query))


def test_a_date_past_the_calendar_is_a_bad_request_with_a_translated_message(admin_client):
    response = admin_client.get(reverse("admin:articles_article_changelist") + f"?published_at__year={HUGE}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("admin:axes_accessattempt_changelist", f"?attempt_time__year={HUGE}"),
        ("admin:articles_feedrun_changelist", f"?started_at__year={HUGE}"),
        ("admin:articles_ingesteditem_changelist", "?created_at__year=9999"),
        ("admin:articles_feed_changelist", "?language__exact=%00"),
        ("admin:sources_source_changelist", "?language=zz"),
        ("admin:auth_user_changelist", f"?date_joined__year={HUGE}"),
    ],
)
def test_every_admin_list_is_guarded(admin_client, url_name, query):
    _assert_not_a_server_error(admin_client.get(reverse(url_name) + query))


@pytest.mark.parametrize("language", ["zz", "%00", "ar%00", "fr", "x" * 300])
def test_change_forms_refuse_a_language_that_is_not_configured(admin_client, language):
    article, section, source = make_article(), make_section(), make_source()
    for url in [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_section_change", args=[section.pk]),
        reverse("admin:sources_source_change", args=[source.pk]),
        reverse("admin:sources_disclaimertemplate_add"),
    ]:
        assert admin_client.get(f"{url}?language={language}").status_code == 400, url


def test_a_post_to_an_unknown_language_tab_saves_nothing(admin_client):
    article = make_article(title="العنوان الأصلي")
    url = reverse("admin:articles_article_change", args=[article.pk]) + "?language=zz"
    assert admin_client.post(url, {"title": "عنوان جديد"}).status_code == 400
    article.refresh_from_db()
    assert article.safe_translation_getter("title", language_code="ar") == "العنوان الأصلي"


@pytest.mark.parametrize("language", ["", "ar", "en"])
def test_configured_languages_still_open_their_tab(admin_client, language):
    article = make_article(en={"title": "An English title", "body": "<p>Body.</p>"})
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]) + f"?language={language}")
    assert response.status_code == 200


def test_well_formed_drill_downs_still_filter(admin_client):
    make_article()
    url = reverse("admin:articles_article_changelist")
    for query in ["?published_at__year=2024", "?published_at__year=2024&published_at__month=2&published_at__day=29",
                  "?published_at__year=9998&published_at__month=12&published_at__day=31"]:
        assert admin_client.get(url + query).status_code == 200, query


def test_public_pages_keep_their_own_handling_of_nul(client):
    # The guard is the admin's; the reader's search cleans a NUL out of the query itself.
    assert client.get(reverse("search") + "?q=%00زلزال").status_code == 200
