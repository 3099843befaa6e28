"""Fill the width and height of lead images stored before saving a story kept them."""

from django.core.files.images import get_image_dimensions
from django.db import migrations


def fill_lead_image_dimensions(apps, schema_editor):
    # Values, not model instances: an ImageField measures its file when an instance with empty
    # dimensions is loaded, and a missing file would stop the migration there.
    Article = apps.get_model("articles", "Article")
    storage = Article._meta.get_field("lead_image").storage
    missing = Article.objects.exclude(lead_image="").filter(lead_image_width__isnull=True)
    for pk, name in missing.values_list("pk", "lead_image").iterator():
        try:
            with storage.open(name, "rb") as stored:
                width, height = get_image_dimensions(stored)
        except (OSError, ValueError):
            continue  # a file gone from storage keeps its empty size; the page shows it without one
        if width and height:
            Article.objects.filter(pk=pk).update(lead_image_width=width, lead_image_height=height)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0005_search"),
    ]

    operations = [
        migrations.RunPython(fill_lead_image_dimensions, migrations.RunPython.noop, elidable=True),
    ]
