import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Tag
from articles.newsroom.checks import publication_problems
from articles.newsroom.services import article_publish
from sources.disclaimers import FSI, PDI
from tests.factories import make_article, make_disclaimer, make_section, make_source

pytestmark = pytest.mark.django_db


def test_article_slug_strips_diacritics_and_tatweel():
    article = make_article(title="أذربيجانُ ترعى اجتماعاً سوريّـاً")
    article.set_current_language("ar")
    assert article.slug == "أذربيجان-ترعى-اجتماعا-سوريا"


def test_article_body_sanitized_on_save():
    article = make_article(body='<p onclick="x()">نص</p><script>alert(1)</script><a href="javascript:alert(1)">رابط</a>')
    fresh = Article.objects.get(pk=article.pk)
    fresh.set_current_language("ar")
    assert "script" not in fresh.body and "onclick" not in fresh.body and "javascript" not in fresh.body
    assert "<p>نص</p>" in fresh.body


def test_arabic_tags_keep_arabic_slugs_and_merge_spelling_variants():
    first = make_article(tags=["إسرائيل", "سوريا"])
    second = make_article(tags=["اسرائيل"])
    assert Tag.objects.count() == 2
    tag = Tag.objects.get(name="إسرائيل")
    assert tag.slug == "إسرائيل"
    assert set(second.tags.all()) == {tag}
    assert set(Article.objects.filter(tags__slug="إسرائيل")) == {first, second}


def test_published_republished_story_requires_source_in_database():
    article = make_article(origin=Article.Origin.REPUBLISHED)
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now()
    with pytest.raises(ValidationError):
        article.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="published", published_at=timezone.now())


def test_disclaimer_renders_every_placeholder_in_arabic_and_english(settings):
    settings.SITE_NAME = "حضرموت نت"
    make_disclaimer()
    source = make_source(homepage_url="https://sham.example/")
    article = make_article(origin=Article.Origin.REPUBLISHED, source=source, en={"title": "Title", "body": "<p>Body</p>"})
    ar = article.render_disclaimer("ar")
    en = article.render_disclaimer("en")
    assert f"{FSI}شام الإخبارية{PDI}" in ar and f"{FSI}https://sham.example/{PDI}" in ar and f"{FSI}حضرموت نت{PDI}" in ar
    assert f"{FSI}Sham News{PDI}" in en and en.startswith("Note:")


def test_disclaimer_missing_translation_falls_back_to_builtin_wording():
    make_disclaimer(en=None)
    source = make_source()
    article = make_article(origin=Article.Origin.REPUBLISHED, source=source)
    text = article.render_disclaimer("en")
    assert text.startswith("Note: this story was written by") and "Sham News" in text


def test_published_disclaimer_is_frozen_against_template_edits():
    template = make_disclaimer()
    section = make_section()
    source = make_source()
    article = make_article(origin=Article.Origin.REPUBLISHED, source=source, section=section)
    article = article_publish(article=article)
    before = Article.objects.get(pk=article.pk).render_disclaimer("ar")
    template.set_current_language("ar")
    template.text = "نص جديد عن {source_name}"
    template.save()
    assert Article.objects.get(pk=article.pk).render_disclaimer("ar") == before


def test_publication_problems_lists_everything_missing():
    article = make_article(title="", body="", origin=Article.Origin.REPUBLISHED)
    problems = publication_problems(article)
    assert len(problems) == 3


def test_tag_input_splits_on_arabic_comma():
    from taggit.utils import parse_tags

    assert sorted(parse_tags("سوريا، إسرائيل, اليمن")) == sorted(["سوريا", "إسرائيل", "اليمن"])


def test_tag_admin_refuses_a_spelling_variant_of_an_existing_tag(admin_client):
    from django.urls import reverse

    from articles.models import Tag

    Tag.objects.create(name="اسرائيل", slug="israel")
    response = admin_client.post(reverse("admin:articles_tag_add"), {"name": "إسرائيل", "slug": "israel-2"})
    assert response.status_code == 200
    assert "اسرائيل" in str(response.context["adminform"].form.errors["name"])
    assert Tag.objects.count() == 1


def test_article_admin_refuses_a_tag_longer_than_a_tag_can_be(admin_client):
    from django.urls import reverse

    from tests.test_xss import _form_data

    article = make_article(title="خبر قائم")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {**_form_data(admin_client.get(url)), "tags": "سوريا، " + "و" * 101}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "100" in str(response.context["adminform"].form.errors["tags"])
    assert not article.tags.exists()


@pytest.mark.parametrize("factory", ["make_article", "make_source", "make_section", "make_disclaimer"])
def test_failed_translation_save_leaves_nothing_half_written(factory, monkeypatch):
    from parler.models import TranslatableModel

    from tests import factories

    def broken(self, translation, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(TranslatableModel, "save_translation", broken)
    model = {"make_article": Article, "make_source": factories.Source, "make_section": factories.Section,
             "make_disclaimer": factories.DisclaimerTemplate}[factory]
    with pytest.raises(RuntimeError):
        getattr(factories, factory)()
    assert not model.objects.exists()
