"""Plain factory functions with Arabic defaults, to shake out Unicode bugs."""

import io
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Author, Contribution, Section
from sources.models import DisclaimerTemplate, Source, SourceAlias

_seq = count(1)


def make_disclaimer(*, ar="ملحوظة: نُقل هذا الخبر عن {source_name} ({source_url}) ولا يعبّر عن رأي {site_name}.",
                    en="Note: republished from {source_name} ({source_url}); it does not express the view of {site_name}.",
                    is_default=True, name=None) -> DisclaimerTemplate:
    template = DisclaimerTemplate(name=name or f"تنويه {next(_seq)}", is_default=is_default)
    template.set_current_language("ar")
    template.text = ar
    if en is not None:
        template.set_current_language("en")
        template.text = en
    template.save()
    return template


def make_source(*, name="شام الإخبارية", name_en="Sham News", kind=Source.Kind.OUTLET, aliases=(), **kwargs) -> Source:
    kwargs.setdefault("slug", f"source-{next(_seq)}")
    kwargs.setdefault("homepage_url", "https://example.org/")
    source = Source(kind=kind, **kwargs)
    source.set_current_language("ar")
    source.name = name
    if name_en:
        source.set_current_language("en")
        source.name = name_en
    source.save()
    for alias in aliases:
        SourceAlias.objects.create(source=source, name=alias)
    return source


def make_section(*, name="أخبار سوريا", name_en="Syria news", **kwargs) -> Section:
    section = Section(**kwargs)
    section.set_current_language("ar")
    section.name = name
    if name_en:
        section.set_current_language("en")
        section.name = name_en
    section.save()
    return section


def make_article(*, title="عنوان تجريبي", body="<p>نص الخبر التجريبي.</p>", summary="موجز تجريبي",
                 byline="محرر الموقع", en=None, tags=(), **kwargs) -> Article:
    article = Article(**kwargs)
    article.set_current_language("ar")
    article.title = title
    article.body = body
    article.summary = summary
    article.byline = byline
    if en:
        article.set_current_language("en")
        for field, value in en.items():
            setattr(article, field, value)
    article.save()
    if tags:
        article.tags.add(*tags)
    return article


def image_bytes(fmt="PNG", size=(40, 30), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def image_upload(name="photo.png", fmt="PNG", size=(40, 30)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(fmt, size), content_type=f"image/{fmt.lower()}")


def make_user(username: str, *, role: str | None = None, **kwargs):
    """A user, optionally in one of the newsroom role groups (Writers, Editors, Translators)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username=username, password="pass-" + username, **kwargs)
    if role:
        user.groups.add(Group.objects.get(name=role))
        user = get_user_model().objects.get(pk=user.pk)  # fresh permission cache
    return user


def make_published(*, ago=None, **kwargs) -> Article:
    """A story readers can see: published, with a publication time ``ago`` (default one hour) in the past."""
    from datetime import timedelta

    from django.utils import timezone

    kwargs.setdefault("status", Article.Status.PUBLISHED)
    kwargs.setdefault("published_at", timezone.now() - (ago if ago is not None else timedelta(hours=1)))
    return make_article(**kwargs)


def make_author(*, name="سلوى أحمد", name_en="Salwa Ahmed", job_title="", bio="", **kwargs) -> Author:
    author = Author(**kwargs)
    author.set_current_language("ar")
    author.name, author.job_title, author.bio = name, job_title, bio
    if name_en:
        author.set_current_language("en")
        author.name = name_en
    author.save()
    return author


def credit(article: Article, *people: tuple[Author, str]) -> Article:
    """Credit ``people`` (author, role) on ``article`` in that order; the story's kept credits come back fresh."""
    for position, (author, role) in enumerate(people):
        Contribution.objects.create(article=article, author=author, role=role, position=position)
    article.refresh_from_db(fields=["credits"])
    return article
