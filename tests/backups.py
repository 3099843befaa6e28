"""Helpers for the backup tests: a site with every kind of content, and a full snapshot of it.

Also run in subprocesses (``python -m tests.backups make|snapshot``) for the SQLite-to-PostgreSQL
round trip, with DATABASE_URL and MEDIA_ROOT set by the caller.
"""

import datetime
import json
import sys
from pathlib import Path

# Arabic with diacritics, tatweel, a right-to-left mark, Arabic-Indic digits, a Latin name and an emoji.
ARABIC = "أذربيجانُ ترعى اجتماعاً سوريّاً ـ إسرائيلياً\u200f في باكو (AFP) ٢٠٢٤ — «خاص» 📰"


def make_site() -> None:
    """Create content touching every exported model and field kind, with media files."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.utils import timezone

    from articles.models import Correction
    from tests.factories import image_upload, make_article, make_disclaimer, make_section, make_source

    group, _ = Group.objects.get_or_create(name="محررون-اختبار")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="articles")[:3])
    editor = get_user_model().objects.create_user("محرر", password="كلمة-سر-طويلة", first_name="سُعاد", is_staff=True)
    editor.groups.add(group)
    disclaimer = make_disclaimer(ar="ملحوظة: {source_name} — " + ARABIC)
    source = make_source(name="شام الإخبارية", aliases=["أ ف ب", "AFP"], logo=image_upload("logo.png"),
                         terms_expire_at=datetime.datetime(2031, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC),
                         disclaimer_template=disclaimer)
    agency = make_source(name="وكالة الصحافة الفرنسية", name_en="Agence France-Presse", kind="agency")
    section = make_section(name="أخبار سوريا")
    article = make_article(
        title=ARABIC, body=f"<p dir=\"rtl\">{ARABIC}</p><p>فقرة <strong>ثانية</strong></p>", summary=ARABIC,
        en={"title": "Azerbaijan hosts a meeting", "body": "<p>English body</p>"},
        tags=["سوريا", "إسرائيل", "Baku"], section=section, source=source, origin="republished",
        author=editor, lead_image=image_upload("lead.jpg", "JPEG", (64, 48)), original_url="https://example.org/خبر",
    )
    article.cited_sources.add(agency)
    article.set_current_language("ar")
    article.seo_title = "عنوان البحث: " + ARABIC
    article.share_image = image_upload("card.png", "PNG", (60, 32))
    article.save()
    from articles.models import Tag

    tag = Tag.objects.get(name="سوريا")
    tag.set_current_language("en")
    tag.translated_name = "Syria"
    tag.save()
    from articles.newsroom.services import article_publish

    article_publish(article=article)
    # The media library (issue 20): the lead image as a library picture, also in the story's gallery.
    from articles.models import Article, GalleryItem
    from articles.newsroom.pictures import article_gallery_refresh, picture_from_lead_image

    picture = picture_from_lead_image(article=article)
    picture.set_current_language("ar")
    picture.caption, picture.credit, picture.focal_x = ARABIC, "شام", 0.25
    picture.rights_expire_at = datetime.datetime(2031, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)
    picture.save()
    Article.objects.filter(pk=article.pk).update(picture=picture)
    GalleryItem.objects.create(article=article, picture=picture, position=1)
    article_gallery_refresh(article=article)
    make_article(title="مسودة بلا صورة", body="", byline="", summary="")
    Correction.objects.create(article=article, text="صُحّح اسم المدينة: " + ARABIC, created_by=editor,
                              created_at=timezone.now().replace(microsecond=123456))


def _value(value):
    from django.db.models.fields.files import FieldFile

    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name
    return value


def snapshot() -> dict:
    """Every field of every row of every exported model, plus the media files' bytes (hex)."""
    from django.core.files.storage import default_storage

    from articles.ops.backup import _media_names, content_models

    data = {}
    for model in content_models():
        rows = []
        for obj in model._base_manager.order_by("pk"):
            row = {}
            for field in model._meta.concrete_fields:
                if field.attname == "render_stamp":
                    continue  # a random marker of change (articles.public.stored), not content
                if field.is_relation and field.related_model._meta.label_lower in {"contenttypes.contenttype"}:
                    target = getattr(obj, field.name)
                    row[field.name] = f"{target.app_label}.{target.model}" if target else None
                else:
                    row[field.attname] = _value(getattr(obj, field.attname))
            for field in model._meta.many_to_many:
                if field.remote_field.through._meta.auto_created:
                    row[field.name] = sorted(str(key) for key in _natural(getattr(obj, field.name).all()))
            rows.append(row)
        data[model._meta.label_lower] = rows
    data["media"] = {}
    for name in _media_names(default_storage):
        with default_storage.open(name, "rb") as stored:
            data["media"][name] = stored.read().hex()
    return data


def _natural(queryset):
    # Permissions differ in id between databases; compare them by what they are.
    for obj in queryset:
        yield obj.natural_key() if obj._meta.label_lower == "auth.permission" else obj.pk


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    django.setup()
    if sys.argv[1] == "make":
        make_site()
    else:
        Path(sys.argv[2]).write_text(json.dumps(snapshot(), ensure_ascii=False, sort_keys=True), encoding="utf-8")
