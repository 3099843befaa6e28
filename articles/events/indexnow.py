"""IndexNow (https://www.indexnow.org/documentation): telling search engines which addresses changed.

On when INDEXNOW_KEY is set. The key is served at ``/{key}.txt`` (``articles.public``); each
publication, update, correction and withdrawal POSTs the story's addresses in every language
(percent-encoded, at most 10,000 in one request) as JSON to INDEXNOW_ENDPOINT. A withdrawn
story's address answers 410, which tells the engines to drop it.

Answers, as the protocol says: 200 and 202 (received; the key is checked later) are done; 400,
403 (key not valid) and 422 (addresses not of this host, or key mismatch) will not change and
are given up; 429 (too many requests) and the rest are tried again later.
"""

import json
import uuid
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from articles.events import distribution
from articles.events.addresses import absolute, story_urls
from articles.models import Article, Distribution, StoryEvent

CHANNEL = Distribution.Channel.INDEXNOW
BATCH = 10_000


def enabled() -> bool:
    return bool(settings.INDEXNOW_KEY)


def fan_out(event: StoryEvent) -> list[int]:
    if not enabled():
        return []
    article = Article.objects.filter(pk=event.article_pk).first()
    if article is None:
        return []
    urls = story_urls(article)[:BATCH]
    if not urls:
        return []
    return [
        distribution.create(
            event, channel=CHANNEL, target=settings.INDEXNOW_ENDPOINT, action=Distribution.Action.SUBMIT, urls=urls
        )
    ]


def overdue(now: datetime) -> list[int]:
    return distribution.overdue(CHANNEL, now)


def request_body(urls: list[str]) -> bytes:
    """The protocol's JSON: host, key, where the key file is, and the addresses."""
    message = {
        "host": urlsplit(settings.SITE_URL).hostname,
        "key": settings.INDEXNOW_KEY,
        "keyLocation": absolute(f"/{settings.INDEXNOW_KEY}.txt"),
        "urlList": urls,
    }
    return json.dumps(message, ensure_ascii=True).encode("ascii")


def attempt(pk: int, now: datetime | None = None) -> datetime | None:
    """Submit one row's addresses if it is due and free; when to try again (None: done, given up or not ours)."""
    now = now or timezone.now()
    if not distribution.claim(pk, now):
        return None
    row = Distribution.objects.get(pk=pk)
    if not enabled():
        distribution.skip(row, "switched_off")
        return None
    outcome = distribution.send("POST", row.target, body=request_body(row.urls), content_type="application/json; charset=utf-8")
    outcome = distribution.judge_http(outcome, done=(200, 202))  # 202: accepted, checked later
    outcome.reference = outcome.reference or row.reference or uuid.uuid4().hex[:12]
    return distribution.settle(row, outcome, timezone.now())
