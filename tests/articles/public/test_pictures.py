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
                           lead_image_credit=picture.credit, lead_image_focal_x=picture.focal_x,
                           lead_image_focal_y=picture.focal_y)
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


def test_the_background_task_makes_avif_webp_and_jpeg_of_every_crop_with_the_rights_inside(client, settings):
    from PIL import Image

    from articles.public.tasks import make_picture_renditions

    article = library_story(focal_x=0.9, focal_y=0.5)
    picture = article.picture
    page = client.get(article_path(article, "ar")).text
    assert 'type="image/avif"' not in page  # until the worker made them, WebP and JPEG only
    assert make_picture_renditions.call(picture.pk) == 2
    from django.core.cache import cache

    cache.clear()
    page = client.get(article_path(article, "ar")).text
    assert 'type="image/avif"' in page and "-120w.avif 120w" in page
    names = sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in (settings.MEDIA_ROOT / "renditions").rglob("*.*"))
    assert {n.rsplit(".", 1)[1] for n in names} == {"avif", "webp", "jpg"}
    card = [n for n in names if "-16x10-f9050-" in n and n.endswith(".jpg")]
    assert card, names
    with Image.open(settings.MEDIA_ROOT / card[0]) as image:
        assert image.size == (120, 75)  # 16:10 cut from 120×80 around the focal point
        assert "رويترز" in image.info["xmp"].decode() if isinstance(image.info["xmp"], bytes) else image.info["xmp"]
    # Run again: nothing new is made.
    assert make_picture_renditions.call(picture.pk) == 2
    assert sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in (settings.MEDIA_ROOT / "renditions").rglob("*.*")) == names


def test_cards_crop_around_the_focal_point(client):
    from articles.public.renditions import CARD_RATIO, Shape

    assert Shape(CARD_RATIO, (1.0, 0.5)).box(1600, 900) == (160, 0, 1600, 900)
    assert Shape(CARD_RATIO, (0.0, 0.5)).box(1600, 900) == (0, 0, 1440, 900)
    assert Shape(CARD_RATIO, (0.5, 0.0)).box(800, 800) == (0, 0, 800, 500)
    library_story(focal_x=0.2, focal_y=0.3)
    home = client.get("/").text
    assert "-16x10-f2030-" in home
