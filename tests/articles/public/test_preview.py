"""Previews: staff see drafts in the public design; shared links expire and end at publication."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from articles.newsroom.services import article_publish, article_schedule, article_withdraw
from articles.public import preview
from tests.articles.helpers import logged_in
from tests.factories import make_article, make_disclaimer, make_source

pytestmark = pytest.mark.django_db


def test_staff_preview_renders_the_draft_with_its_attribution(editor):
    make_disclaimer()
    article = make_article(
        origin="republished",
        source=make_source(),
        body="<p>نص <strong>المعاينة</strong></p>",
        en={"title": "Preview title", "body": "<p>English</p>"},
    )
    client = logged_in(editor)
    response = client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    content = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex, nofollow"
    assert "عنوان تجريبي" in content and "<strong>المعاينة</strong>" in content
    assert "شام الإخبارية" in content and 'dir="rtl"' in content
    english = client.get(reverse("admin:articles_article_preview", args=[article.pk]) + "?language=en").content.decode()
    assert "Preview title" in english and 'lang="en" dir="ltr"' in english


def test_preview_needs_a_staff_login():
    article = make_article()
    response = Client().get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def share(client, article) -> str:
    response = client.post(reverse("admin:articles_article_share", args=[article.pk]))
    [message] = list(get_messages(response.wsgi_request))
    return re.search(r'href="([^"]+)"', str(message.message)).group(1)


def test_shared_link_works_without_an_account_until_publication(editor):
    article = make_article()
    url = share(logged_in(editor), article)
    assert url.startswith("http://testserver/preview/")
    anonymous = Client()
    response = anonymous.get(url)
    assert response.status_code == 200 and "عنوان تجريبي" in response.content.decode()
    article_publish(article=article, by=editor)
    gone = anonymous.get(url)
    assert gone.status_code == 410 and "عنوان تجريبي" not in gone.content.decode()


def test_shared_link_still_works_for_a_scheduled_story_but_not_once_withdrawn(editor):
    from django.utils import timezone

    article = article_schedule(article=make_article(), by=editor, at=timezone.now() + timedelta(hours=1))
    path = preview.share_url(article)
    assert Client().get(path).status_code == 200
    article_publish(article=article, by=editor)
    article_withdraw(article=article, by=editor, comment="سبب")
    assert Client().get(path).status_code == 410


def test_shared_link_expires(settings, monkeypatch):
    settings.PREVIEW_LINK_HOURS = 2
    article = make_article()
    path = preview.share_url(article)
    assert Client().get(path).status_code == 200
    later = time.time() + 2 * 3600 + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = Client().get(path)
    assert response.status_code == 410 and "عنوان تجريبي" not in response.content.decode()


def test_forged_share_link_is_not_found():
    article = make_article()
    path = preview.share_url(article)
    forged = path.replace(f"/preview/{article.pk}:", f"/preview/{article.pk + 1}:")
    assert Client().get(forged).status_code == 404


def test_writer_cannot_share_another_writers_draft(writer, other_writer):
    article = make_article(author=other_writer)
    assert logged_in(writer).post(reverse("admin:articles_article_share", args=[article.pk])).status_code == 403


def test_preview_uses_the_public_design_without_search_engine_data(editor):
    make_disclaimer()
    article = make_article(origin="republished", source=make_source(), title="مسودة في تصميم الموقع")
    content = logged_in(editor).get(reverse("admin:articles_article_preview", args=[article.pk])).content.decode()
    assert 'class="site-header"' in content and 'class="story"' in content  # the reader site's layout
    assert 'class="preview-banner"' in content and 'role="note"' in content
    assert "application/ld+json" not in content and 'rel="canonical"' not in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert "Set-Cookie" not in str(Client().get(article.get_absolute_url()).headers)
