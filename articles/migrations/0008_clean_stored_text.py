"""Clean the plain text stored before saving cleaned it (issue 22): control characters, lone
surrogates and noncharacters out, NFC, and only balanced bidi controls (``sources.text``)."""

from django.db import migrations
from django.db.models import Q

from sources.arabic import normalize_arabic
from sources.text import clean_markup, clean_text

CHUNK = 1000


def _clean_table(model, *, single_line=(), multiline=(), markup=(), unique=None):
    """Rewrite the listed fields of every row whose text cleaning changes.

    Values, not model instances (an ImageField measures its file when a story is loaded).
    ``unique(pk, values)`` may return False to leave a row whose cleaned text would clash (the
    first row in primary-key order keeps the name).
    """
    fields = [*single_line, *multiline, *markup]
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        rows = model.objects.filter(pk__in=pks[start : start + CHUNK]).order_by("pk").values_list("pk", *fields)
        for pk, *values in rows.iterator():
            stored = dict(zip(fields, values, strict=True))
            changed = {}
            for name, value in stored.items():
                if name in markup:
                    cleaned = clean_markup(value)
                else:
                    cleaned = clean_text(value, multiline=name in multiline)
                if value is not None and cleaned != value:
                    changed[name] = cleaned
            if changed and (unique is None or unique(pk, changed)):
                model.objects.filter(pk=pk).update(**changed)


def clean_stored_text(apps, schema_editor):
    Tag = apps.get_model("articles", "Tag")

    def tag_is_free(pk, changed):
        changed["normalized"] = normalize_arabic(changed["name"])[:100]
        clash = Q(name=changed["name"]) | Q(normalized=changed["normalized"])
        return not Tag.objects.filter(clash).exclude(pk=pk).exists()

    _clean_table(
        apps.get_model("articles", "ArticleTranslation"),
        single_line=["title", "byline", "dateline", "lead_image_alt", "lead_image_caption"],
        multiline=["summary", "disclaimer_text"],
        markup=["body"],
    )
    _clean_table(apps.get_model("articles", "Article"), single_line=["lead_image_credit"])
    _clean_table(apps.get_model("articles", "SectionTranslation"), single_line=["name"])
    _clean_table(Tag, single_line=["name"], unique=tag_is_free)
    _clean_table(apps.get_model("articles", "Correction"), multiline=["text"])
    _clean_table(apps.get_model("articles", "ArticleEvent"), multiline=["comment"])
    _clean_table(apps.get_model("articles", "Feed"), single_line=["name"], multiline=["title_prefixes"])


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0007_feedrun_running_interrupted"),
    ]

    operations = [
        migrations.RunPython(clean_stored_text, migrations.RunPython.noop, elidable=True),
    ]
