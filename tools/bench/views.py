"""Bench-only: the floor, a bare Django view through the whole middleware stack."""

from django.db import transaction
from django.http import HttpResponse

MAX_FLOOR_BYTES = 1024 * 1024
_LINE = "<p>خبر عاجل من صنعاء: نص ثابت يملأ الصفحة بقدر صفحة حقيقية من الموقع.</p>\n".encode()


@transaction.non_atomic_requests
def floor_view(request):
    """A fixed HTML body of ``?bytes=N`` bytes (default 20,000): no template, no query
    (and, like the public pages, no request-wide transaction).

    Wired in cms.urls only when the ``BENCH_FLOOR_VIEW`` setting is on.
    """
    try:
        size = min(max(int(request.GET.get("bytes", "20000")), 0), MAX_FLOOR_BYTES)
    except ValueError:
        size = 20000
    body = (_LINE * (size // len(_LINE) + 1))[:size]
    return HttpResponse(body, content_type="text/html; charset=utf-8")
