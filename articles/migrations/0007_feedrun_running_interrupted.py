"""Feed runs say "being read" until they end, and "interrupted" when their process was stopped.

Runs logged before this had no such state: one whose process was killed stayed "Read" without
an end time. Those are marked interrupted here.
"""

from django.db import migrations, models


def mark_unfinished_runs_interrupted(apps, schema_editor):
    FeedRun = apps.get_model("articles", "FeedRun")
    FeedRun.objects.filter(status="ok", finished_at__isnull=True).update(
        status="interrupted", error_code="interrupted", error_params={}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_fill_lead_image_dimensions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="feedrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("running", "Being read"),
                    ("ok", "Read"),
                    ("not_modified", "Unchanged since the last run"),
                    ("failed", "Failed"),
                    ("interrupted", "Interrupted"),
                ],
                default="running",
                max_length=20,
                verbose_name="result",
            ),
        ),
        migrations.RunPython(mark_unfinished_runs_interrupted, migrations.RunPython.noop),
    ]
