"""Contributors in the newsroom (issue 20): writers are credited on their own stories, editors
add others in order with their role, translators see the credits and cannot change them."""

import pytest
from django.urls import reverse

from articles.models import Article, Author, Contribution
from tests.articles.helpers import change_url, contribution_forms, form_data, logged_in
from tests.factories import image_upload, make_article, make_author

pytestmark = pytest.mark.django_db

Role = Contribution.Role


def _new_story(client, title: str):
    data = {k: v for k, v in form_data(make_article()).items() if k != "version" and not k.startswith("contributions-")}
    data.update({"title": title, "slug": "", "version": "", "byline": ""})
    response = client.post(reverse("admin:articles_article_add") + "?language=ar", data)
    assert response.status_code == 302
    return Article.objects.get(translations__title=title)


def test_a_writer_is_credited_on_their_own_story_with_a_profile_made_for_them(writer):
    story = _new_story(logged_in(writer), "خبر الكاتبة")
    profile = Author.objects.get(user=writer)
    assert profile.display_name() == "سلمى الكاتبة" and profile.kind == Author.Kind.STAFF
    assert [(c["author"], c["role"]) for c in story.credits] == [(profile.pk, "writer")]
    # A second story reuses the profile.
    second = _new_story(logged_in(writer), "خبر ثان للكاتبة")
    assert Author.objects.count() == 1 and second.credits[0]["author"] == profile.pk


def test_an_editor_adds_a_reporter_and_a_translator_in_order(writer, editor):
    story = _new_story(logged_in(writer), "خبر من تعز")
    reporter = make_author(name="عمر حسن", slug="omar", kind=Author.Kind.GUEST)
    translator = make_author(name="ليلى", slug="layla")
    data = form_data(story, **contribution_forms(Article.objects.get(pk=story.pk), [(translator, Role.TRANSLATION, 2), (reporter, Role.REPORTING, 1)]))
    assert logged_in(editor).post(change_url(story, "ar"), data).status_code == 302
    credits = Article.objects.get(pk=story.pk).credits
    assert [(c["slug"], c["role"]) for c in credits] == [
        (Author.objects.get(user=writer).slug, "writer"), ("omar", "reporting"), ("layla", "translation")
    ]


def test_the_same_person_in_the_same_role_twice_is_refused(editor):
    story = make_article()
    reporter = make_author(slug="omar")
    data = form_data(story, **contribution_forms(story, [(reporter, Role.REPORTING, 0), (reporter, Role.REPORTING, 1)]))
    response = logged_in(editor).post(change_url(story, "ar"), data)
    assert response.status_code == 200
    assert Contribution.objects.count() == 0


def test_translators_see_the_credits_and_cannot_change_them(translator, editor):
    story = make_article(en={"title": "Story"})
    reporter = make_author(slug="omar")
    Contribution.objects.create(article=story, author=reporter, role=Role.REPORTING)
    client = logged_in(translator)
    page = client.get(change_url(story, "en")).content.decode()
    assert "contributions-TOTAL_FORMS" in page and 'name="contributions-0-role"' not in page
    other = make_author(slug="other")
    data = form_data(story, "en", title="Changed", **contribution_forms(story, [(other, Role.WRITER, 0)]))
    client.post(change_url(story, "en"), data)
    assert list(Contribution.objects.values_list("author__slug", flat=True)) == ["omar"]


def test_author_profile_photo_is_checked_like_the_lead_image(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = logged_in(editor)
    data = {"name": "سلوى", "job_title": "", "bio": "", "kind": "staff", "slug": "", "links": "not a link", "user": ""}
    bad = client.post(reverse("admin:articles_author_add") + "?language=ar", {**data, "photo": image_upload("x.txt")})
    assert bad.status_code == 200 and not Author.objects.exists()
    forged = client.post(reverse("admin:articles_author_add") + "?language=ar", {**data, "links": "https://x.example/s",
                                                                                  "photo": _not_an_image()})
    assert forged.status_code == 200 and "photo" in forged.context["adminform"].form.errors
    good = client.post(reverse("admin:articles_author_add") + "?language=ar", {**data, "links": "https://x.example/s",
                                                                                "photo": image_upload("s.png")})
    assert good.status_code == 302
    author = Author.objects.get()
    assert author.slug == "سلوى" and author.photo_width == 40 and author.link_list() == ["https://x.example/s"]


def _not_an_image():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("fake.png", b"not a picture", content_type="image/png")


def test_a_renamed_author_is_renamed_on_every_story(editor):
    author = make_author(name="سلوى", slug="salwa")
    stories = [make_article(title=f"خبر {n}") for n in range(2)]
    for story in stories:
        Contribution.objects.create(article=story, author=author, role=Role.WRITER)
    author.set_current_language("ar")
    author.name = "سلوى عبد الله"
    author.save()
    assert {Article.objects.get(pk=s.pk).credits[0]["name"]["ar"] for s in stories} == {"سلوى عبد الله"}
    Contribution.objects.filter(article=stories[0]).get().delete()
    assert Article.objects.get(pk=stories[0].pk).credits == []
