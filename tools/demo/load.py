"""Loads the demo content (``tools.demo.data``) into a fresh Khabar: sections, sources, a
disclaimer, stories and newsroom users.

``load_demo()`` is idempotent: each object is looked up by a stable key (section and source
slugs, alias spellings, the disclaimer's name, the story's Arabic slug) and updated in place,
so running it again gives the same rows. The management command ``load_demo`` is a thin shell
over it.
"""

import io
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from articles.models import Article, Author, Picture, Section, Tag
from articles.newsroom.roles import ensure_roles
from articles.newsroom.services import article_publish
from sources.arabic import arabic_slugify, normalize_arabic
from sources.models import DisclaimerTemplate, Source, SourceAlias
from tools.demo.data import (
    ARTICLES,
    DEMO_USERS,
    DISCLAIMER_NAME,
    DISCLAIMER_TEXT,
    IMAGE_CREDIT,
    IMAGE_CREDIT_EN,
    SECTIONS,
    SOURCES,
    TAGS_EN,
    USER_DETAILS,
)
from tools.demo.live import ensure_live_story
from tools.demo.media import ensure_media
from tools.demo.people import ensure_people
from tools.demo.reads import ensure_reads


@dataclass
class DemoResult:
    """What ``load_demo`` did, for the command to report."""

    counts: dict[str, int] = field(default_factory=dict)
    articles_created: int = 0
    articles_updated: int = 0
    users_created: list[str] = field(default_factory=list)
    # Set only when users were created without DEMO_PASSWORD: shown once, never stored.
    generated_password: str | None = None
    password_from_env: bool = False


@transaction.atomic
def load_demo(*, password: str | None = None, now: datetime | None = None, dry_run: bool = False) -> DemoResult:
    """Create or refresh every demo object; ``password`` (DEMO_PASSWORD) also resets existing users.

    With ``dry_run`` the same work runs in a transaction that is rolled back, and no image file
    is written, so the result tells what a real run would do.
    """
    now = now or timezone.now()
    result = DemoResult(password_from_env=bool(password))
    users = ensure_users(password=password, result=result)
    sections = ensure_sections()
    ensure_disclaimer()
    sources = ensure_sources(now=now)
    for index, spec in enumerate(ARTICLES, start=1):
        created = ensure_article(
            spec, index=index, sections=sections, sources=sources, users=users, now=now, images=not dry_run
        )
        if created:
            result.articles_created += 1
        else:
            result.articles_updated += 1
    ensure_media(now=now, images=not dry_run)
    ensure_live_story(users=users, now=now)
    ensure_people(users)
    ensure_reads(now=now)
    result.counts = demo_counts()
    if dry_run:
        result.generated_password = None
        transaction.set_rollback(True)
    return result


def demo_counts() -> dict[str, int]:
    """Row counts of everything the demo touches (the command's summary; equal after every run)."""
    return {
        "sections": Section.objects.count(),
        "sources": Source.objects.count(),
        "aliases": SourceAlias.objects.count(),
        "disclaimers": DisclaimerTemplate.objects.count(),
        "articles": Article.objects.count(),
        "pictures": Picture.objects.count(),
        "published": Article.objects.filter(status=Article.Status.PUBLISHED).count(),
        "tags": Tag.objects.count(),
        "authors": Author.objects.count(),
        "users": get_user_model().objects.count(),
    }


def ensure_users(*, password: str | None, result: DemoResult) -> dict[str, object]:
    """The newsroom users; new ones get ``password`` or one random password shared by this run."""
    User = get_user_model()
    # One hash for every user touched in this run: hashing is the slow part of the command.
    new_hash: str | None = None
    if password:
        new_hash = make_password(password)
    groups = ensure_roles()
    users = {}
    for username in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            if new_hash is None:
                result.generated_password = secrets.token_urlsafe(12)
                new_hash = make_password(result.generated_password)
            user.password = new_hash
            result.users_created.append(username)
        elif password:
            user.password = new_hash
        for name, value in USER_DETAILS[username].items():
            setattr(user, name, value)
        user.is_staff = True
        user.is_active = True
        user.is_superuser = username == "admin"
        user.save()
        role = DEMO_USERS[username]
        user.groups.set([groups[role]] if role else [])
        users[username] = user
    return users


def ensure_sections() -> list[Section]:
    sections = []
    for position, spec in enumerate(SECTIONS):
        slug = arabic_slugify(spec["ar"])
        section = Section.objects.translated("ar", slug=slug).first() or Section()
        section.ordering = position * 10
        section.is_active = True
        section.set_current_language("ar")
        section.name, section.slug = spec["ar"], slug
        section.set_current_language("en")
        section.name, section.slug = spec["en"], arabic_slugify(spec["en"])
        section.save()
        sections.append(section)
    return sections


def ensure_disclaimer() -> DisclaimerTemplate:
    template = DisclaimerTemplate.objects.filter(name=DISCLAIMER_NAME).first() or DisclaimerTemplate(
        name=DISCLAIMER_NAME
    )
    template.is_default = True
    for language, text in DISCLAIMER_TEXT.items():
        template.set_current_language(language)
        template.text = text
    template.save()
    return template


def ensure_sources(*, now: datetime) -> dict[str, Source]:
    sources = {}
    for spec in SOURCES:
        terms = dict(spec["terms"])
        days = terms.pop("terms_expire_in_days")
        source = Source.objects.filter(slug=spec["slug"]).first() or Source(slug=spec["slug"])
        source.kind = spec["kind"]
        source.homepage_url = spec["homepage_url"]
        source.country = spec["country"]
        source.is_active = True
        source.terms_expire_at = now + timedelta(days=days) if days else None
        for name, value in terms.items():
            setattr(source, name, value)
        source.set_current_language("ar")
        source.name = spec["ar"]
        source.set_current_language("en")
        source.name = spec["en"]
        source.save()
        for alias in spec["aliases"]:
            SourceAlias.objects.update_or_create(
                normalized=normalize_arabic(alias),
                defaults={
                    "source": source,
                    "name": alias,
                    "needs_cue": alias in spec.get("needs_cue", ()),
                    "transliterated": alias in spec.get("transliterated", ()),
                },
            )
        sources[spec["slug"]] = source
    return sources


def ensure_article(spec: dict, *, index: int, sections, sources, users, now: datetime, images: bool = True) -> bool:
    """Create or refresh one story; publish it through the service unless it stays a draft."""
    slug = arabic_slugify(spec["ar"]["title"])
    article = Article.objects.translated("ar", slug=slug).first()
    created = article is None
    if created:
        article = Article()
    republished = spec["origin"] == Article.Origin.REPUBLISHED
    article.origin = spec["origin"]
    article.section = sections[spec["section"]]
    article.source = sources[spec["source"]] if republished else None
    article.original_url = spec.get("original_url", "")
    article.is_breaking = spec.get("breaking", False)
    article.author = users["editor"] if republished else users["writer"]
    article.lead_image_credit = IMAGE_CREDIT
    article.lead_image_from_source = False
    for language in ("ar", "en"):
        text = spec.get(language)
        if text is None:
            continue
        article.set_current_language(language)
        article.title = text["title"]
        article.slug = slug if language == "ar" else arabic_slugify(text["title"])
        article.summary = text["summary"]
        article.body = "".join(f"<p>{paragraph}</p>" for paragraph in text["body"])
        article.byline = text.get("byline", spec["ar"]["byline"])
        article.dateline = text["dateline"]
        article.lead_image_alt = text["image_alt"]
        article.lead_image_caption = text["image_caption"]
        article.lead_image_credit_translated = IMAGE_CREDIT_EN if language == "en" else ""
    article.set_current_language("ar")
    if images and not (article.lead_image and article.lead_image.storage.exists(article.lead_image.name)):
        label, start, end = spec["image"]
        article.lead_image.save(f"demo-{index:02d}.jpg", ContentFile(lead_image_jpeg(label, start, end)), save=False)
    article.save()
    article.tags.set(spec["tags"])
    translate_tags(spec["tags"])
    article.cited_sources.set([sources[slug] for slug in spec.get("cited", [])])

    if spec["hours_ago"] is not None:
        at = now - timedelta(hours=spec["hours_ago"])
        if article.status == Article.Status.DRAFT:
            article_publish(article=article, at=at)
        elif article.status == Article.Status.PUBLISHED:
            # Re-anchor the timeline on every load, so "the last days" and the breaking strip
            # stay true on a demo site that is reloaded days later. A story an editor has sent
            # back to review or withdrawn keeps that status.
            Article.objects.filter(pk=article.pk).update(published_at=at)
    return created


def translate_tags(names: list[str]) -> None:
    """Give the story's tags their English names (the English edition shows them)."""
    for tag in Tag.objects.filter(name__in=[name for name in names if name in TAGS_EN]):
        if tag.safe_translation_getter("translated_name", language_code="en") != TAGS_EN[tag.name]:
            tag.set_current_language("en")
            tag.translated_name = TAGS_EN[tag.name]
            tag.save()


def lead_image_jpeg(label: str, start: tuple[int, int, int], end: tuple[int, int, int], size=(1200, 675)) -> bytes:
    """A diagonal gradient with soft circles and a Latin label, as JPEG bytes (16:9)."""
    width, height = size
    vertical = Image.linear_gradient("L")
    mask = Image.blend(vertical, vertical.rotate(90), 0.5).resize(size)
    image = Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for n, (x, y, r) in enumerate(((0.78, 0.28, 0.22), (0.18, 0.8, 0.3), (0.55, 0.95, 0.12))):
        cx, cy, radius = x * width, y * height, r * height
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(255, 255, 255, 40 + 15 * n))
    draw.rectangle((0, height - 110, width, height), fill=(0, 0, 0, 110))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.text((48, height - 92), label, font=ImageFont.load_default(size=54), fill=(255, 255, 255))
    draw.text((width - 48, 40), "KHABAR DEMO", font=ImageFont.load_default(size=28), fill=(255, 255, 255), anchor="ra")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()
