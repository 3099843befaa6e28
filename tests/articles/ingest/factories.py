"""Ingest test helpers: the partner outlet, an agency with its aliases, feeds."""

from articles.models import Feed
from sources.models import Source
from tests.factories import make_source


def make_partner(**kwargs) -> Source:
    kwargs.setdefault("slug", "sham")
    kwargs.setdefault("homepage_url", "https://sham.example/")
    return make_source(name="شام الإخبارية", name_en="Sham News", **kwargs)


def make_afp() -> Source:
    return make_source(
        name="وكالة الصحافة الفرنسية",
        name_en="AFP",
        kind=Source.Kind.AGENCY,
        slug="afp",
        aliases=["وكالة الصحافة الفرنسية (أ ف ب)", "وكالة الصحافة الفرنسية", "فرانس برس", "أ ف ب", "AFP"],
    )


def make_feed(source: Source, url: str = "https://sham.example/rss", **kwargs) -> Feed:
    tags = kwargs.pop("default_tags", [])
    feed = Feed.objects.create(source=source, url=url, **kwargs)
    if tags:
        feed.default_tags.set(tags)
    return feed
