"""The demo's media library: reused pictures with credits and licences, and one with expired rights."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, Picture
from articles.newsroom.checks import publication_problems
from articles.public.links import article_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "kalimat-sirr-tajribiya")
    call_command("load_demo", stdout=io.StringIO())


def test_demo_reuses_library_pictures_with_credits_and_licences_on_published_stories(demo, client):
    harbour = Picture.objects.get(file="library/demo/aden-harbour.jpg")
    stories = list(Article.objects.published().filter(picture=harbour))
    assert len(stories) == 2
    assert harbour.credit and harbour.licence_url and harbour.creator
    home = client.get("/").text
    for story in stories:
        assert story.lead_image.name == harbour.file.name and story.lead_image_credit == harbour.credit
        assert article_path(story, "ar") in home
    page = client.get(article_path(stories[0], "ar")).text
    assert harbour.licence_url in page and "creditText" in page
    # Every story with an image has it from the library.
    assert not Article.objects.exclude(lead_image="").filter(picture__isnull=True).exists()


def test_demo_draft_with_an_expired_picture_cannot_be_published(demo):
    orchard = Picture.objects.get(file="library/demo/ghouta-orchard.jpg")
    draft = Article.objects.get(picture=orchard)
    assert draft.status == Article.Status.DRAFT
    assert any(str(orchard) in problem for problem in publication_problems(draft))


def test_demo_has_a_published_story_with_a_gallery(demo, client):
    story = Article.objects.published().exclude(gallery=[]).get()
    assert len(story.gallery) == 4 and all(entry["credit"] for entry in story.gallery)
    page = client.get(article_path(story, "ar")).text
    assert page.count("<figure>") >= 4 and 'class="gallery"' in page


def test_demo_has_a_library_picture_in_a_story_body_once_however_often_it_loads(demo, client):
    call_command("load_demo", stdout=io.StringIO())
    story = Article.objects.published().exclude(body_pictures=[]).get()
    story.set_current_language("ar")
    assert story.body.count("[picture:") == 1 and len(story.body_pictures) == 1
    page = client.get(article_path(story, "ar")).text
    assert 'class="body-figure"' in page and "[picture:" not in page
