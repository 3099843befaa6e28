"""No public URL can ask for unbounded work: page numbers and search queries are bounded."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from articles.limits import MAX_PAGE, clean_query, page_number, paginate
from articles.models import Section
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
def test_paginate_serves_pages_and_404s_past_the_end():
    for number in range(5):
        make_section(name=f"قسم {number}", name_en=None)
    sections = Section.objects.order_by("pk")
    page = paginate(sections, rf.get("/", {"page": "2"}), per_page=2)
    assert [s.display_name() for s in page] == ["قسم 2", "قسم 3"]
    assert page.paginator.num_pages == 3
    with pytest.raises(Http404):
        paginate(sections, rf.get("/", {"page": "4"}), per_page=2)


@pytest.mark.django_db
def test_paginate_counts_no_more_than_the_allowed_pages():
    for number in range(6):
        make_section(name=f"قسم {number}", name_en=None)
    page = paginate(Section.objects.order_by("pk"), rf.get("/"), per_page=2, max_page=2)
    assert page.paginator.count == 4  # the rest is out of reach, and never counted
    with pytest.raises(Http404):
        paginate(Section.objects.order_by("pk"), rf.get("/", {"page": "3"}), per_page=2, max_page=2)


@pytest.mark.django_db
def test_paginate_an_empty_list_has_a_first_page():
    page = paginate(Section.objects.none(), rf.get("/"), per_page=10)
    assert list(page) == [] and page.number == 1


def test_clean_query_trims_and_bounds():
    assert clean_query(None) == ""
    assert clean_query("  سوريا \n\t  اليوم ") == "سوريا اليوم"
    assert clean_query("\x00سوريا\u200f") == "سوريا"
    assert len(clean_query("ب" * 10_000)) == 100
    assert clean_query(" ".join(["كلمة"] * 50)) == " ".join(["كلمة"] * 10)
    assert clean_query("خبر", max_length=2) == "خب"


def _request(address="203.0.113.7", forwarded=None):
    meta = {"REMOTE_ADDR": address}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/search/", **meta)


def test_client_address_trusts_only_the_configured_proxies(settings):
    from articles.limits import client_address

    settings.PROXY_COUNT = 0
    assert client_address(_request(forwarded="198.51.100.1")) == "203.0.113.7"  # a client cannot claim an address
    settings.PROXY_COUNT = 1
    assert client_address(_request("10.0.0.2", forwarded="6.6.6.6, 198.51.100.1")) == "198.51.100.1"


def test_rate_limit_answers_429_after_the_limit_per_client():
    from articles.limits import rate_limit

    @rate_limit("search", limit=3, window=60)
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    assert [view(_request()).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = view(_request())
    assert refused["Retry-After"] == "60"
    assert view(_request("198.51.100.9")).status_code == 200  # another reader is not affected
