"""The read beacon: ``POST /reads/<id>/<token>`` from a story page's script counts one read.

It is answered by ``ReadBeaconMiddleware``, near the top of the stack (like the page cache's
early answers), so no session, locale, CSRF, authentication or message middleware runs, and no
query is made: a bot filter, a rate limit and the counter are a few cache operations.

- No cookie is read or set, nothing names the reader; the address only counts towards a rate
  limit, under a keyed hash (HMAC with SECRET_KEY) that expires within two minutes.
- CSRF: the beacon has no token on purpose. CSRF protects actions taken with a visitor's
  credentials; the beacon uses none (the script sends it with ``credentials: "omit"``), changes
  nobody's data and only adds one to a public counter that anyone can reach without a browser.
  A token would need a cookie on pages that are cached whole for everyone. What guards the
  counter instead: POST only, the story's token (an HMAC of its id, so made-up ids are
  refused and fill no cache), a browser's ``Sec-Fetch-Site`` must say same-origin (other sites
  cannot make their readers count here), known bots are ignored, and the per-address limit.
- Bots: the beacon is sent by JavaScript only, once the page is shown (``static/khabar/reads.js``,
  which also stays silent under automation, ``navigator.webdriver``); user agents of known
  crawlers, previewers, headless browsers and HTTP libraries are ignored.
"""

import re

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.views.decorators.csrf import csrf_exempt

from articles.public.limits import client_address, over_rate_limit
from articles.public.reads import count_read, flush_in_process_soon

BEACON_PATH = re.compile(r"^/reads/(?P<pk>[0-9]{1,12})/(?P<token>[0-9a-f]{16})$")
RATE_WINDOW = 60
BOT_AGENTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|embedly|preview|headless|phantomjs|lighthouse|"
    r"python|curl|wget|httpclient|okhttp|go-http|java/|libwww|scrapy|axios|node-fetch|feed|monitor|uptime",
    re.IGNORECASE,
)


def beacon_token(pk: int) -> str:
    return salted_hmac("khabar.reads.beacon", str(pk)).hexdigest()[:16]


def beacon_path(pk: int) -> str:
    """Where a story page's script sends its read: the story's id and token."""
    return reverse("read_beacon", kwargs={"pk": pk, "token": beacon_token(pk)})


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


def _no_content(status: int = 204) -> HttpResponse:
    response = HttpResponse(status=status)
    response["Cache-Control"] = "no-store"
    # A refused beacon is routine (a stale page, a busy address): not a warning in the log per request.
    response._has_been_logged = True
    return response


def answer_beacon(request, pk: int, token: str) -> HttpResponse:
    """204 for every beacon that is well formed (counted or, for a bot, not); 405, 403, 404 or 429 otherwise."""
    if request.method != "POST":
        response = _no_content(405)
        response["Allow"] = "POST"
        return response
    if not constant_time_compare(token, beacon_token(pk)):
        return _no_content(404)
    if request.META.get("HTTP_SEC_FETCH_SITE", "same-origin") != "same-origin":
        return _no_content(403)
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return _no_content()
    if settings.READS_RATE_LIMIT:
        hashed = salted_hmac("khabar.reads.address", client_address(request)).hexdigest()[:20]
        if over_rate_limit(request, "reads", limit=settings.READS_RATE_LIMIT, window=RATE_WINDOW, client=hashed):
            response = _no_content(429)
            response["Retry-After"] = str(RATE_WINDOW)
            return response
    if count_read(pk):
        flush_in_process_soon()
    return _no_content()


@csrf_exempt
@transaction.non_atomic_requests
def read_beacon(request, pk: int, token: str) -> HttpResponse:
    """The beacon's URL, for ``reverse`` and for a stack without ``ReadBeaconMiddleware`` (which answers first)."""
    return answer_beacon(request, pk, token)


class ReadBeaconMiddleware:
    """Answer the read beacon before the rest of the stack runs (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/reads/"):
            match = BEACON_PATH.match(path)
            if match:
                return answer_beacon(request, int(match["pk"]), match["token"])
        return self.get_response(request)
