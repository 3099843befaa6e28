"""The "most read" lists of the home and section pages, from the flushed ``StoryReads`` totals.

Both lists (the last 24 hours, the last 7 days) are one query of the totals (ranked by window functions), with the headline and
slug of the page's language joined: translations are counted together, and a list in a language
shows only the stories that exist in it. The rendered part is kept (``articles.public.fragments``)
per content generation, flush (``reads.reads_version``) and hour, so a page costs no query for it
until the next flush; a page cached whole shows the lists it was built with (PAGE_CACHE_SECONDS).
"""

import functools
import operator
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language

from articles.models import Article, StoryReads
from articles.public import fragments
from articles.public.reads import current_hour, reads_version

PERIODS = (("day", 24), ("week", 24 * 7))


@dataclass(frozen=True)
class ReadStory:
    pk: int
    title: str
    slug: str
    reads: int


def most_read(*, language: str, section_id: int | None = None, limit: int = 5, now: datetime | None = None):
    """``{period: [ReadStory, …]}``: the public stories in ``language`` (of ``section_id``) read most in
    each of ``PERIODS``, most first, in one query (each story's totals per period, ranked by window)."""
    last = current_hour((now or timezone.now()).timestamp())
    public = Article.objects.published(now).filter(translations__language_code=language)
    if section_id is not None:
        public = public.filter(section_id=section_id)
    totals = {key: Sum("count", filter=Q(hour__gt=last - hours)) for key, hours in PERIODS}
    ranks = {
        f"{key}_rank": Window(RowNumber(), order_by=[F(key).desc(nulls_last=True), F("article").desc()]) for key, _hours in PERIODS
    }
    rows = (
        StoryReads.objects.filter(hour__gt=last - max(hours for _key, hours in PERIODS), article__in=public.values("pk"))
        .filter(article__translations__language_code=language)
        .values("article")
        .annotate(**totals, title=F("article__translations__title"), slug=F("article__translations__slug"))
        .annotate(**ranks)
        .filter(functools.reduce(operator.or_, (Q(**{f"{name}__lte": limit}) for name in ranks)))
    )
    lists = {key: [] for key, _hours in PERIODS}
    for row in rows:
        for key, _hours in PERIODS:
            if row[key] and row[f"{key}_rank"] <= limit:
                lists[key].append((row[f"{key}_rank"], ReadStory(row["article"], row["title"], row["slug"], row[key])))
    return {key: [story for _rank, story in sorted(found)] for key, found in lists.items()}


def most_read_part(section_id: int | None = None) -> str:
    """The rendered "most read" block of the home page (``None``) or of a section; empty when nobody read."""
    language = get_language()

    def build() -> str:
        lists = most_read(language=language, section_id=section_id, limit=settings.READS_LIST_LENGTH)
        periods = [{"key": key, "hours": hours, "stories": lists[key]} for key, hours in PERIODS if lists[key]]
        return get_template("articles/includes/most_read.html").render({"periods": periods, "section_id": section_id})

    return fragments.kept("most-read", (section_id, reads_version(), current_hour()), build)
