"""WebSub (W3C Recommendation): telling the hubs that the feeds listing a story have changed.

Every feed names its hubs (``<link rel="hub">``, from WEBSUB_HUBS) and itself (``rel="self"``).
On publication, update, correction and withdrawal each hub is sent one form POST,
``hub.mode=publish`` with a ``hub.url`` per affected feed (home, section, tags, sources, in each
language); 2xx means the hub will fetch them. A 4xx other than 429 is given up; the rest is retried.
"""

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from articles.events import distribution
from articles.events.addresses import feed_urls
from articles.models import Article, Distribution, StoryEvent

CHANNEL = Distribution.Channel.WEBSUB


def fan_out(event: StoryEvent) -> list[int]:
    """One ping per configured hub for every story event, with the feeds the story is (or was) in."""
    if not settings.WEBSUB_HUBS:
        return []
    article = Article.objects.select_related("section", "source", "via_source").filter(pk=event.article_pk).first()
    if article is None:
        return []
    urls = feed_urls(article)
    return [
        distribution.create(event, channel=CHANNEL, target=hub, action=Distribution.Action.PING, urls=urls)
        for hub in settings.WEBSUB_HUBS
    ]


def overdue(now: datetime) -> list[int]:
    return distribution.overdue(CHANNEL, now)


def attempt(pk: int, now: datetime | None = None) -> datetime | None:
    """Ping one hub if the row is due and free; when to try again (None: done, given up or not ours)."""
    now = now or timezone.now()
    if not distribution.claim(pk, now):
        return None
    row = Distribution.objects.get(pk=pk)
    body = urlencode([("hub.mode", "publish")] + [("hub.url", url) for url in row.urls]).encode("ascii")
    outcome = distribution.judge_http(distribution.send("POST", row.target, body=body, content_type="application/x-www-form-urlencoded"))
    return distribution.settle(row, outcome, timezone.now())
