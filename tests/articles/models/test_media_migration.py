"""The migration that moves existing lead images into the media library (SQLite and PostgreSQL)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Sources as they are now: the table keeps its newest columns (terms_redistribution, NOT NULL)
# while the articles' migrations go back, so the historical Source must know them too.
BEFORE = [("articles", "0017_people"), ("sources", "0005_terms_redistribution")]
AFTER = [("articles", "0019_lead_images_into_library"), ("sources", "0005_terms_redistribution")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_lead_images_move_into_the_library_with_their_credits():
    old = _migrate(BEFORE)
    Source = old.get_model("sources", "Source")
    Article = old.get_model("articles", "Article")
    Translation = old.get_model("articles", "ArticleTranslation")
    source = Source.objects.create(slug="saba", homepage_url="https://saba.example")

    def story(image, credit, from_source=False, **text):
        article = Article.objects.create(
            lead_image=image, lead_image_width=800 if image else None, lead_image_height=450 if image else None,
            lead_image_credit=credit, lead_image_from_source=from_source, source=source,
        )
        Translation.objects.create(master=article, language_code="ar", title="خبر", slug=f"s{article.pk}", **text)
        return article

    one = story("articles/2026/01/port.jpg", "سبأ", True, lead_image_alt="ميناء عدن", lead_image_caption="الميناء صباحاً")
    reused = story("articles/2026/01/port.jpg", "سبأ", True)
    other = story("articles/2026/01/city.jpg", "خبر")
    bare = story("", "")
    try:
        new = _migrate(AFTER)
        Article = new.get_model("articles", "Article")
        Picture = new.get_model("articles", "Picture")
        assert Picture.objects.count() == 2
        port = Article.objects.get(pk=one.pk).picture
        assert Article.objects.get(pk=reused.pk).picture_id == port.pk
        assert (port.file.name, port.width, port.height, port.credit, port.source_id) == (
            "articles/2026/01/port.jpg", 800, 450, "سبأ", source.pk,
        )
        translation = port.translations.get(language_code="ar")
        assert (translation.alt, translation.caption) == ("ميناء عدن", "الميناء صباحاً")
        assert "ميناء عدن" in port.search_text
        city = Article.objects.get(pk=other.pk).picture
        assert (city.credit, city.source_id) == ("خبر", None)
        assert Article.objects.get(pk=bare.pk).picture_id is None
        # Back and forth again: the stories keep their images.
        _migrate(BEFORE)
        assert old.get_model("articles", "Article").objects.get(pk=one.pk).lead_image == "articles/2026/01/port.jpg"
    finally:
        call_command("migrate", verbosity=0)
