"""Clean the plain text stored before saving cleaned it (issue 22): control characters, lone
surrogates and noncharacters out, NFC, and only balanced bidi controls (``sources.text``)."""

from django.db import migrations

from sources.arabic import normalize_arabic
from sources.text import clean_text

CHUNK = 1000


def _clean_table(model, *, single_line=(), multiline=(), unique=None):
    """Rewrite the listed fields of every row whose text cleaning changes.

    Values, not model instances (an ImageField measures its file when a source is loaded).
    ``unique(pk, values)`` may return False to leave a row whose cleaned text would clash (the
    first row in primary-key order keeps the name).
    """
    fields = [*single_line, *multiline]
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        rows = model.objects.filter(pk__in=pks[start : start + CHUNK]).order_by("pk").values_list("pk", *fields)
        for pk, *values in rows.iterator():
            changed = {}
            for name, value in zip(fields, values, strict=True):
                cleaned = clean_text(value, multiline=name in multiline)
                if value is not None and cleaned != value:
                    changed[name] = cleaned
            if changed and (unique is None or unique(pk, changed)):
                model.objects.filter(pk=pk).update(**changed)


def clean_stored_text(apps, schema_editor):
    SourceAlias = apps.get_model("sources", "SourceAlias")

    def alias_is_free(pk, changed):
        changed["normalized"] = normalize_arabic(changed["name"])
        return not SourceAlias.objects.filter(normalized=changed["normalized"]).exclude(pk=pk).exists()

    _clean_table(apps.get_model("sources", "SourceTranslation"), single_line=["name"])
    _clean_table(apps.get_model("sources", "Source"), single_line=["country"], multiline=["terms_notes"])
    _clean_table(SourceAlias, single_line=["name"], unique=alias_is_free)
    _clean_table(apps.get_model("sources", "DisclaimerTemplate"), single_line=["name"])
    _clean_table(apps.get_model("sources", "DisclaimerTemplateTranslation"), multiline=["text"])


class Migration(migrations.Migration):

    dependencies = [
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(clean_stored_text, migrations.RunPython.noop, elidable=True),
    ]
