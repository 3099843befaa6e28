"""Existing lead images join the media library, with their credits, alt texts and captions.

A migration of its own: on PostgreSQL rows written in a migration hold deferred checks that
forbid altering their table in the same transaction.
"""

from django.db import migrations

from sources.arabic import normalize_arabic


def lead_images_into_library(apps, schema_editor):
    """Every story's uploaded lead image becomes a library picture with its credit, alt text and caption.

    The file is not copied: the picture names the stored file the story already shows. Values,
    not story instances, are read (an ImageField measures a file whose size is unknown, and a
    missing file would stop the migration).
    """
    Article = apps.get_model("articles", "Article")
    ArticleTranslation = apps.get_model("articles", "ArticleTranslation")
    Picture = apps.get_model("articles", "Picture")
    PictureTranslation = apps.get_model("articles", "PictureTranslation")
    by_name: dict[str, int] = {}
    rows = Article.objects.exclude(lead_image="").filter(picture__isnull=True).order_by("pk")
    fields = ("pk", "lead_image", "lead_image_width", "lead_image_height", "lead_image_credit", "lead_image_from_source", "source_id", "created_at")
    for pk, name, width, height, credit, from_source, source_id, created_at in rows.values_list(*fields).iterator():
        if name not in by_name:
            picture = Picture.objects.create(
                file="", width=width, height=height, credit=credit, created_at=created_at,
                source_id=source_id if from_source else None,
            )
            Picture.objects.filter(pk=picture.pk).update(file=name)
            texts = [credit]
            translations = ArticleTranslation.objects.filter(master_id=pk).values_list(
                "language_code", "lead_image_alt", "lead_image_caption", "lead_image_credit_translated"
            )
            for language, alt, caption, credit_translated in translations:
                if alt or caption or credit_translated:
                    PictureTranslation.objects.create(
                        master_id=picture.pk, language_code=language, alt=alt, caption=caption, credit_translated=credit_translated
                    )
                    texts += [caption, alt, credit_translated]
            Picture.objects.filter(pk=picture.pk).update(search_text=normalize_arabic(" ".join(t for t in texts if t)))
            by_name[name] = picture.pk
        Article.objects.filter(pk=pk).update(picture_id=by_name[name])


def library_back_to_lead_images(apps, schema_editor):
    # The stories still hold their files and credits; only the library rows go.
    apps.get_model("articles", "Article").objects.update(picture=None)
    apps.get_model("articles", "Picture").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0018_media_library"),
    ]

    operations = [
        migrations.RunPython(lead_images_into_library, library_back_to_lead_images),
    ]
