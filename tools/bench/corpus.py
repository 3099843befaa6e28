"""A synthetic newsroom for the benchmark, written with bulk inserts.

Twenty sections, 2,000 tags, 200 sources with aliases, a handful of lead images shared by many
stories, and N published stories in Arabic (an English translation on a share of them) whose
length follows real wire copy: a headline of 6-12 words, a summary of 20-35 and a body of 5-10
paragraphs. The words come from the news vocabulary written for ``bench_search``; their
frequencies follow Zipf's law, so searches hit many or few stories as they would on a real site.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, ListedStory, Section, Tag, TaggedArticle
from articles.search.engine import index_articles
from sources.arabic import arabic_slugify, normalize_arabic
from sources.models import Source, SourceAlias
from tools.bench.search import BENCH_SLUG_PREFIX, VOCABULARY, zipf_weights
from tools.demo.load import lead_image_jpeg

ArticleTranslation = Article._parler_meta.root_model
SectionTranslation = Section._parler_meta.root_model
SourceTranslation = Source._parler_meta.root_model

SECTION_NAMES = [
    "أخبار اليمن", "أخبار سوريا", "فلسطين", "العراق", "الخليج", "مصر", "المغرب العربي", "السودان",
    "العالم", "سياسة", "اقتصاد", "أسواق", "طاقة", "صحة", "تعليم", "بيئة ومناخ", "رياضة", "ثقافة",
    "تقنية", "رأي",
]
SECTION_NAMES_EN = [
    "Yemen", "Syria", "Palestine", "Iraq", "The Gulf", "Egypt", "The Maghreb", "Sudan", "World",
    "Politics", "Economy", "Markets", "Energy", "Health", "Education", "Environment", "Sport",
    "Culture", "Technology", "Opinion",
]
SOURCE_STEMS = ["وكالة", "صحيفة", "موقع", "قناة", "إذاعة", "شبكة", "مجلة", "مركز"]
# A few English words for the translated share; English pages need only look like English.
ENGLISH_WORDS = """
the of and to in a said on for government minister talks ceasefire city aid report ministry
president officials war people week agreement council prices oil water health schools strike
police court election vote parliament security border port airport refugees camp hospital
rain floods storm team match league cup festival film museum market bank dollar inflation
""".split()
DATELINES = ["صنعاء", "عدن", "المكلا", "تعز", "دمشق", "بغداد", "بيروت", "القاهرة", "الرياض", "عمّان", "غزة", "تونس"]
DISCLAIMER = "نُشرت هذه المادة أولاً في مصدرها، وتعيد خبر نشرها وفق شروط إعادة النشر المتفق عليها."

SECTION_COUNT = 20
TAG_COUNT = 2000
SOURCE_COUNT = 200
IMAGE_COUNT = 6
IMAGE_SHARE = 0.6
ENGLISH_SHARE = 0.2
REPUBLISHED_SHARE = 0.35
BREAKING_COUNT = 2
EDITOR_USERNAME = "bench-editor"
# A busy Arabic news site publishes about this many stories a day: the corpus size is the
# archive's length, and the newest days look alike whatever the size.
STORIES_PER_DAY = 100


@dataclass
class CorpusSummary:
    articles: int
    translations: int
    sections: int
    tags: int
    sources: int
    aliases: int
    images: int
    seconds: float


class _Words:
    """Zipf-distributed words from the shared vocabulary, reproducible from a seed."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words = list(VOCABULARY)
        rng.shuffle(self.words)
        self.weights = zipf_weights(len(self.words))

    def phrase(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(self.words, self.weights, k=self.rng.randint(low, high)))

    def body(self) -> str:
        return "".join(f"<p>{self.phrase(35, 70)}.</p>" for _ in range(self.rng.randint(5, 10)))


def _english(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(ENGLISH_WORDS, k=rng.randint(low, high))).capitalize()


def _sections() -> list[Section]:
    sections = Section.objects.bulk_create([Section(ordering=n, is_active=True) for n in range(SECTION_COUNT)])
    SectionTranslation.objects.bulk_create(
        [
            SectionTranslation(master=section, language_code=code, name=name, slug=arabic_slugify(name))
            for section, name_ar, name_en in zip(sections, SECTION_NAMES, SECTION_NAMES_EN, strict=True)
            for code, name in (("ar", name_ar), ("en", name_en))
        ]
    )
    return sections


def _sources(words: _Words) -> tuple[list[Source], int]:
    rng = words.rng
    sources = Source.objects.bulk_create(
        [
            Source(kind=Source.Kind.OUTLET, slug=f"source-{n + 1}", country="اليمن", homepage_url=f"https://source-{n + 1}.example/")
            for n in range(SOURCE_COUNT)
        ]
    )
    names = [f"{SOURCE_STEMS[n % len(SOURCE_STEMS)]} {words.phrase(1, 2)} {n + 1}" for n in range(SOURCE_COUNT)]
    SourceTranslation.objects.bulk_create(
        [SourceTranslation(master=source, language_code="ar", name=name) for source, name in zip(sources, names, strict=True)]
    )
    aliases = []
    for n, source in enumerate(sources):
        for alias in (f"مصدر {n + 1}", f"source {n + 1}", f"{rng.choice(SOURCE_STEMS)} رقم {n + 1}"):
            aliases.append(SourceAlias(source=source, name=alias, normalized=normalize_arabic(alias)))
    SourceAlias.objects.bulk_create(aliases)
    return sources, len(aliases)


def _tags(words: _Words) -> list[Tag]:
    tags: dict[str, Tag] = {}
    while len(tags) < TAG_COUNT:
        name = words.phrase(1, 3)[:90]
        key = normalize_arabic(name)[:100]
        if key and key not in tags:
            tags[key] = Tag(name=name, slug=f"{arabic_slugify(name, max_length=80)}-{len(tags) + 1}", normalized=key)
    return Tag.objects.bulk_create(list(tags.values()))


def _images() -> list[tuple[str, int, int]]:
    """A handful of lead images in the media storage, reused by many stories."""
    palette = [((20, 60, 110), (150, 40, 40)), ((30, 90, 60), (200, 160, 40)), ((70, 30, 90), (20, 120, 140))]
    images = []
    for n in range(IMAGE_COUNT):
        name = f"bench/lead-{n + 1}.jpg"
        if not default_storage.exists(name):
            start, end = palette[n % len(palette)]
            name = default_storage.save(name, ContentFile(lead_image_jpeg(f"BENCH {n + 1}", start, end)))
        images.append((name, 1200, 675))
    return images


def _editor():
    """An editor for the admin measurements (the Editors group exists after migrate)."""
    user, _created = get_user_model().objects.get_or_create(
        username=EDITOR_USERNAME, defaults={"is_staff": True, "first_name": "محرر", "last_name": "الاختبار"}
    )
    user.set_unusable_password()
    user.save()
    group = Group.objects.filter(name="Editors").first()
    if group:
        user.groups.add(group)
    return user


def _story(n: int, rng: random.Random, now, minutes_apart: float, sections, sources, images) -> Article:
    """The ``n``-th newest story of the corpus (unsaved), with its attribution and picture."""
    republished = rng.random() < REPUBLISHED_SHARE
    image = rng.choice(images) if rng.random() < IMAGE_SHARE else None
    # The newest stories come first in the loop; the first two are breaking news of the last hour.
    minutes = int(n * minutes_apart) + rng.randrange(1, int(minutes_apart))
    return Article(
        status=Article.Status.PUBLISHED,
        origin=Article.Origin.REPUBLISHED if republished else Article.Origin.ORIGINAL,
        source=rng.choice(sources) if republished else None,
        section=rng.choice(sections),
        is_breaking=n < BREAKING_COUNT,
        published_at=now - timedelta(minutes=minutes),
        lead_image=image[0] if image else "",
        lead_image_width=image[1] if image else None,
        lead_image_height=image[2] if image else None,
        lead_image_credit="خبر" if image else "",
    )


def _story_translations(article: Article, words: "_Words", rng: random.Random) -> list:
    """The Arabic text of a saved story and, for some, an English translation (unsaved rows)."""
    title = words.phrase(6, 12)
    rows = [
        ArticleTranslation(
            master=article,
            language_code="ar",
            title=title,
            slug=f"{BENCH_SLUG_PREFIX}{article.pk}-{arabic_slugify(title, max_length=60)}",
            summary=words.phrase(20, 35),
            body=words.body(),
            byline="محرر الموقع",
            dateline=rng.choice(DATELINES),
            lead_image_alt=words.phrase(4, 8) if article.lead_image else "",
            lead_image_caption=words.phrase(6, 12) if article.lead_image else "",
            disclaimer_text=DISCLAIMER if article.is_republished else "",
        )
    ]
    if rng.random() < ENGLISH_SHARE:
        rows.append(
            ArticleTranslation(
                master=article,
                language_code="en",
                title=_english(rng, 6, 12),
                slug=f"{BENCH_SLUG_PREFIX}{article.pk}-en",
                summary=_english(rng, 20, 35),
                body="".join(f"<p>{_english(rng, 35, 70)}.</p>" for _ in range(rng.randint(5, 10))),
                byline="Staff",
                disclaimer_text=DISCLAIMER if article.is_republished else "",
            )
        )
    return rows


def generate_corpus(
    total: int, *, seed: int = 2026, batch_size: int = 2000, progress: Callable[[str], None] = lambda _line: None
) -> CorpusSummary:
    """Write ``total`` published stories and everything they point at; returns what was written."""
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    words = _Words(rng)
    with transaction.atomic():
        sections = _sections()
        sources, alias_count = _sources(words)
        tags = _tags(words)
        images = _images()
        _editor()
    progress(f"{len(sections)} sections, {len(tags)} tags, {len(sources)} sources, {len(images)} images")
    now = timezone.now()
    minutes_apart = 24 * 60 / STORIES_PER_DAY
    tag_weights = zipf_weights(len(tags))
    translations_written = 0
    for offset in range(0, total, batch_size):
        size = min(batch_size, total - offset)
        with transaction.atomic():
            batch = [_story(n, rng, now, minutes_apart, sections, sources, images) for n in range(offset, offset + size)]
            articles = Article.objects.bulk_create(batch)
            rows, links = [], []
            for article in articles:
                rows += _story_translations(article, words, rng)
                for tag in set(rng.choices(tags, tag_weights, k=rng.randint(2, 6))):
                    links.append(TaggedArticle(content_object=article, tag=tag))
            ArticleTranslation.objects.bulk_create(rows)
            TaggedArticle.objects.bulk_create(links)
            index_articles(article.pk for article in articles)
            ListedStory.objects.refresh(article.pk for article in articles)
            translations_written += len(rows)
        progress(f"{offset + size:,}/{total:,} stories ({time.monotonic() - started:.0f} s)")
    analyze()
    return CorpusSummary(
        articles=total,
        translations=translations_written,
        sections=len(sections),
        tags=len(tags),
        sources=len(sources),
        aliases=alias_count,
        images=len(images),
        seconds=round(time.monotonic() - started, 1),
    )


def analyze() -> None:
    """Fresh planner statistics, as autovacuum would give a real site (PostgreSQL and SQLite)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def corpus_size() -> int:
    """How many synthetic stories the current database holds (0 for none)."""
    return Article.objects.filter(translations__language_code="ar", translations__slug__startswith=BENCH_SLUG_PREFIX).count()


def corpus_is_complete(total: int) -> bool:
    return (
        corpus_size() == total
        and Article.objects.count() == total
        and Tag.objects.count() == TAG_COUNT
        and Source.objects.count() == SOURCE_COUNT
        and Section.objects.count() == SECTION_COUNT
    )
