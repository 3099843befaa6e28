"""A writer proposes a missing outlet from the story form; an editor approves its terms before publication."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.newsroom.checks import publication_problems
from articles.newsroom.services import article_publish
from sources.models import Source
from tests.articles.helpers import logged_in
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _propose(client, name: str):
    data = {"kind": "outlet", "name": name, "slug": "", "homepage_url": "https://wadi.example/", "country": "اليمن",
            "_popup": "1", "_to_field": "id"}
    return client.post(reverse("admin:sources_source_add") + "?_popup=1&_to_field=id", data)


def test_a_writer_proposes_an_outlet_with_its_name_only(writer):
    client = logged_in(writer)
    form = client.get(reverse("admin:sources_source_add") + "?_popup=1").content.decode()
    assert 'name="name"' in form and 'name="terms_basis"' not in form and 'name="terms_approved"' not in form

    response = _propose(client, "موقع الوادي الجديد")

    assert response.status_code == 200  # the popup hands the new outlet back to the story form
    source = Source.objects.get(translations__name="موقع الوادي الجديد")
    assert source.terms_approved is False


def test_no_story_from_a_proposed_outlet_is_published_until_an_editor_approves(writer, editor):
    _propose(logged_in(writer), "موقع الوادي الجديد")
    source = Source.objects.get(translations__name="موقع الوادي الجديد")
    story = make_article(author=writer, origin=Article.Origin.REPUBLISHED, source=source)
    cited = make_article(author=writer, byline="محرر")
    cited.cited_sources.add(source)

    for article in (story, cited):
        assert any("موقع الوادي الجديد" in problem for problem in publication_problems(article))
    approved_view = logged_in(editor).get(reverse("admin:sources_source_changelist") + "?terms_approved__exact=0")
    assert "موقع الوادي الجديد" in approved_view.content.decode()

    Source.objects.filter(pk=source.pk).update(terms_approved=True)
    assert article_publish(article=cited, by=editor).status == Article.Status.PUBLISHED
    assert not any("موقع الوادي الجديد" in problem for problem in publication_problems(Article.objects.get(pk=story.pk)))


def test_an_editor_adds_an_outlet_with_its_terms_approved(editor):
    client = logged_in(editor)
    form = client.get(reverse("admin:sources_source_add")).content.decode()
    assert 'name="terms_approved"' in form
