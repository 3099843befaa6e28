"""The "most read" lists of the home and section pages, from the flushed ``StoryReads`` totals.

Each list (the last 24 hours, the last 7 days) is one query of the totals, with the headline and
slug of the page's language joined: translations are counted together, and a list in a language
shows only the stories that exist in it. The rendered part is kept (``articles.public.fragments``)
per content generation, flush (``reads.reads_version``) and hour, so a page costs no query for it
until the next flush; a page cached whole shows the lists it was built with (PAGE_CACHE_SECONDS).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import F, Sum
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


def most_read(*, language: str, hours: int, section_id: int | None = None, limit: int = 5, now: datetime | None = None):
    """The public stories in ``language`` read most in the last ``hours`` hours (of ``section_id``), most first."""
    since = current_hour((now or timezone.now()).timestamp()) - hours + 1
    public = Article.objects.published(now).filter(translations__language_code=language)
    if section_id is not None:
        public = public.filter(section_id=section_id)
    rows = (
        StoryReads.objects.filter(hour__gte=since, article__in=public.values("pk"))
        .filter(article__translations__language_code=language)
        .values("article")
        .annotate(
            reads=Sum("count"), title=F("article__translations__title"), slug=F("article__translations__slug")
        )
        .order_by("-reads", "-article")[:limit]
    )
    return [ReadStory(pk=row["article"], title=row["title"], slug=row["slug"], reads=row["reads"]) for row in rows]


def most_read_part(section_id: int | None = None) -> str:
    """The rendered "most read" block of the home page (``None``) or of a section; empty when nobody read."""
    language = get_language()

    def build() -> str:
        periods = []
        for key, hours in PERIODS:
            stories = most_read(language=language, hours=hours, section_id=section_id, limit=settings.READS_LIST_LENGTH)
            if stories:
                periods.append({"key": key, "hours": hours, "stories": stories})
        return get_template("articles/includes/most_read.html").render({"periods": periods, "section_id": section_id})

    return fragments.kept("most-read", (section_id, reads_version(), current_hour()), build)
