"""Every admin page a superuser opens answers 200, in Arabic and right-to-left by default."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import image_upload, make_article, make_disclaimer, make_section, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    disclaimer = make_disclaimer()
    source = make_source(aliases=["AFP", "أ ف ب"], logo=image_upload())
    section = make_section()
    article = make_article(section=section, source=source, origin="republished", tags=["سوريا"])
    article.cited_sources.add(source)
    return {"disclaimertemplate": disclaimer, "source": source, "section": section, "article": article,
            "tag": article.tags.get()}


def _admin_urls(objects, superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if meta.app_label not in {"articles", "sources"}:
            continue
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        if model_admin.has_add_permission(request):  # logs (feed runs, ingested items) cannot be added by hand
            yield reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        obj = objects.get(meta.model_name)
        if obj is not None:
            yield reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def test_every_admin_page_answers_in_arabic_rtl(admin_client, admin_user, content):
    urls = list(_admin_urls(content, admin_user)) + [reverse("admin:index")]
    assert len(urls) >= 15
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="ar" dir="rtl"' in html, url


def test_admin_english_version_is_left_to_right(admin_client, content):
    response = admin_client.get("/en/admin/articles/article/")
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr"' in response.content.decode()


def test_admin_offers_a_switch_to_english(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert 'href="/en/admin/"' in html and ">English<" in html


def test_admin_english_translation_tab_of_an_article(admin_client, content):
    article = content["article"]
    url = reverse("admin:articles_article_change", args=[article.pk]) + "?language=en"
    assert admin_client.get(url).status_code == 200


def test_disclaimer_with_unknown_placeholder_is_refused_in_admin(admin_client):
    response = admin_client.post(
        reverse("admin:sources_disclaimertemplate_add"),
        {"name": "خاطئ", "is_default": "on", "text": "نقلاً عن {source} بلا مسؤولية"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "{source}" in html and "{source_name}" in html
    from sources.models import DisclaimerTemplate

    assert not DisclaimerTemplate.objects.exists()


def test_article_body_is_edited_in_the_rich_text_editor(admin_client, content):
    html = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "django_prose_editor/editor.js" in html
    assert "prose-editor" in html


def test_english_translation_is_edited_left_to_right_inside_arabic_admin(admin_client, content):
    article = content["article"]
    url = reverse("admin:articles_article_change", args=[article.pk])
    english = admin_client.get(url + "?language=en").context["adminform"].form
    arabic = admin_client.get(url).context["adminform"].form
    for name in ("title", "summary", "body", "byline"):
        assert english.fields[name].widget.attrs["dir"] == "ltr" and english.fields[name].widget.attrs["lang"] == "en"
        assert arabic.fields[name].widget.attrs["dir"] == "rtl"
    assert arabic.fields["original_url"].widget.attrs["dir"] == "ltr"
    assert arabic.fields["lead_image_credit"].widget.attrs["dir"] == "auto"
    html = admin_client.get(url + "?language=en").content.decode()
    assert 'name="title"' in html and 'dir="ltr"' in html and 'lang="en"' in html
