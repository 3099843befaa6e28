"""No public URL can ask for unbounded work: page numbers and search queries are bounded."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from articles.public.limits import MAX_PAGE, page_number
from tests.factories import make_section

rf = RequestFactory()


@pytest.mark.parametrize("value, expected", [(None, 1), ("", 1), ("1", 1), ("7", 7), (" 3 ", 3), (str(MAX_PAGE), MAX_PAGE)])
def test_page_number_accepts_sensible_pages(value, expected):
    assert page_number(value) == expected


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1e9", "2.5", "٣", "99999999999999999999", str(MAX_PAGE + 1), "last"])
def test_page_number_refuses_with_404(value):
    with pytest.raises(Http404):
        page_number(value)


def test_page_number_honours_a_smaller_maximum():
    assert page_number("5", max_page=5) == 5
    with pytest.raises(Http404):
        page_number("6", max_page=5)


@pytest.mark.django_db
def test_list_pages_404_past_the_end_and_past_the_bound(client, settings):
    """The public lists read ?page= through page_number: garbage and pages past the end are 404s."""
    from tests.factories import make_published

    settings.PAGE_CACHE_SECONDS = 0
    section = make_section(name="قسم الصفحات", name_en=None)
    for number in range(13):
        make_published(title=f"خبر الصفحات {number}", section=section)
    assert client.get("/", {"page": "2"}).status_code == 200
    for page in ("3", "0", "abc", "last", str(MAX_PAGE + 1)):
        assert client.get("/", {"page": page}).status_code == 404, page


def _request(address="203.0.113.7", forwarded=None):
    meta = {"REMOTE_ADDR": address}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/search/", **meta)


def test_client_address_trusts_only_the_configured_proxies(settings):
    from articles.public.limits import client_address

    settings.PROXY_COUNT = 0
    assert client_address(_request(forwarded="198.51.100.1")) == "203.0.113.7"  # a client cannot claim an address
    settings.PROXY_COUNT = 1
    assert client_address(_request("10.0.0.2", forwarded="6.6.6.6, 198.51.100.1")) == "198.51.100.1"


def test_rate_limit_refuses_after_the_limit_per_client():
    from articles.public.limits import over_rate_limit, rate_limited_response

    assert [over_rate_limit(_request(), "search", limit=3, window=60) for _ in range(4)] == [False, False, False, True]
    refused = rate_limited_response(window=60)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert not over_rate_limit(_request("198.51.100.9"), "search", limit=3, window=60)  # another reader is not affected


def test_behind_the_proxy_each_reader_has_a_rate_limit_of_their_own(settings):
    """deploy/nginx.conf (PROXY_COUNT=1): every request comes from 127.0.0.1, each reader has an address."""
    from articles.public.limits import over_rate_limit

    settings.PROXY_COUNT = 1
    busy = [over_rate_limit(_request("127.0.0.1", forwarded="203.0.113.50"), "search", limit=2, window=60)
            for _ in range(3)]
    assert busy == [False, False, True]
    assert not over_rate_limit(_request("127.0.0.1", forwarded="198.51.100.60"), "search", limit=2, window=60)
    # A reader who forges the header still counts under the address nginx appended.
    forged = _request("127.0.0.1", forwarded="198.51.100.61, 203.0.113.50")
    assert over_rate_limit(forged, "search", limit=2, window=60)
