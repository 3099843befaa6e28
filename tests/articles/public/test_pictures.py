"""Library pictures on the reader's side: JSON-LD rights, the placeholder of a withdrawn picture, the expiry task."""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article, Picture
from articles.newsroom.pictures import (
    pictures_withdraw_expired,
    stories_with_withdrawn_pictures,
    withdraw_expired_pictures,
)
from articles.public.links import article_path
from tests.factories import image_bytes, make_article

pytestmark = pytest.mark.django_db


def _json_ld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def library_story(**picture_fields) -> Article:
    picture = Picture(credit="رويترز", creator="خالد عبدالله", copyright_notice="© Reuters 2026",
                      licence="CC BY 4.0", licence_url="https://creativecommons.org/licenses/by/4.0/",
                      acquire_licence_url="https://reuters.example/license", **picture_fields)
    picture.file.save("minister.jpg", ContentFile(image_bytes("JPEG", (120, 80))), save=False)
    picture.save()
    article = make_article(title="الوزير", status="published", published_at=timezone.now() - timedelta(hours=1),
                           picture=picture, lead_image=picture.file.name, lead_image_width=120, lead_image_height=80,
                           lead_image_credit=picture.credit)
    return article


def test_the_story_json_ld_carries_the_picture_credit_creator_and_licence(client):
    article = library_story()
    data = _json_ld(client.get(article_path(article, "ar")).text)
    image = data["image"][0]
    assert image["creditText"] == "رويترز"
    assert image["creator"] == {"@type": "Person", "name": "خالد عبدالله"}
    assert image["copyrightNotice"] == "© Reuters 2026"
    assert image["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert image["acquireLicensePage"] == "https://reuters.example/license"


def test_an_expired_picture_is_withdrawn_from_its_stories_once_and_listed(client):
    article = library_story(rights_expire_at=timezone.now() + timedelta(days=1))
    assert pictures_withdraw_expired() == []
    later = timezone.now() + timedelta(days=2)
    assert len(pictures_withdraw_expired(now=later)) == 1
    assert pictures_withdraw_expired(now=later) == []  # idempotent
    article = Article.objects.get(pk=article.pk)
    assert not article.lead_image and article.picture_id
    assert list(stories_with_withdrawn_pictures()) == [article]
    page = client.get(article_path(article, "ar")).text
    assert "picture-withdrawn" in page and "minister" not in page


def test_the_expiry_task_runs_on_the_queue():
    library_story(rights_expire_at=timezone.now() - timedelta(minutes=1))
    assert withdraw_expired_pictures.call() == 1
