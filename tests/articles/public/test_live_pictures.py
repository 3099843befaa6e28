"""Live updates with a picture from the library: rights, the page, the poll's budget, the feed, the desk."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from articles.models import LiveEntry, Picture
from articles.newsroom.live import live_entry_edit, live_entry_post, live_start
from articles.public.cache import current_generation
from articles.public.links import article_path
from articles.templatetags.article_tags import live_picture
from tests.articles.helpers import logged_in
from tests.factories import image_bytes, make_published

pytestmark = pytest.mark.django_db


def picture(n: int = 0, credit: str = "وكالة الصور", **fields) -> Picture:
    item = Picture(credit=credit, **fields)
    item.file.save(f"live{n}.jpg", ContentFile(image_bytes("JPEG", (64, 48))), save=False)
    item.set_current_language("ar")
    item.alt, item.caption = f"وصف الصورة {n}", f"شرح الصورة {n}"
    item.save()
    Picture.objects.filter(pk=item.pk).update(width=64, height=48)
    return Picture.objects.get(pk=item.pk)


@pytest.fixture
def story(editor):
    story = make_published(title="فيضانات في الوادي")
    live_start(article=story, by=editor)
    return story


def test_an_entry_shows_its_picture_with_renditions_alt_and_credit(client, story, editor):
    chosen = picture()
    entry = live_entry_post(article=story, by=editor, body="<p>صورة من الموقع</p>", picture=chosen)
    assert entry.picture == chosen and entry.picture_shown["file"] == chosen.file.name
    html = client.get(article_path(story, "ar")).content.decode()
    assert "<picture>" in html and 'alt="وصف الصورة 0"' in html and "وكالة الصور" in html
    with override("en"):
        figure = live_picture(entry)["figure"]
    # No English texts: the Arabic ones are shown, marked with their language.
    assert (figure["alt"], figure["alt_lang"], figure["credit"]) == ("وصف الصورة 0", "ar", "وكالة الصور")
    feed = client.get(f"{article_path(story, 'ar')}live.atom").content.decode()
    assert "live0" in feed


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"rights_expire_at": timezone.now() - timedelta(days=1)}, "انتهت حقوق"),
        ({"credit": ""}, "بلا نسبة"),
    ],
)
def test_posting_a_picture_the_rights_refuse_gives_the_publication_check_message(story, editor, fields, words):
    refused = picture(credit=fields.pop("credit", "وكالة"), **fields)
    with pytest.raises(ValidationError) as error:
        live_entry_post(article=story, by=editor, body="<p>نص</p>", picture=refused)
    assert words in " ".join(error.value.messages) and str(refused) in " ".join(error.value.messages)
    assert not LiveEntry.objects.exists()


def test_editing_changes_or_removes_the_picture(story, editor):
    entry = live_entry_post(article=story, by=editor, body="<p>نص</p>")
    other = picture(1)
    entry = live_entry_edit(article=story, entry_id=entry.pk, by=editor, body="<p>نص</p>", picture=other)
    assert entry.picture == other and entry.picture_shown["picture"] == other.pk
    entry = live_entry_edit(article=story, entry_id=entry.pk, by=editor, body="<p>نص</p>")
    assert entry.picture is None and entry.picture_shown == {}


def test_the_poll_answer_with_pictures_costs_two_queries(client, story, editor, django_assert_max_num_queries):
    first = live_entry_post(article=story, by=editor, body="<p>أول</p>")
    for n in range(3):
        live_entry_post(article=story, by=editor, body=f"<p>صورة {n}</p>", picture=picture(n))
    story.live.refresh_from_db()
    current_generation()
    with django_assert_max_num_queries(2):
        data = client.get(f"/articles/{story.pk}/live/{first.pk}/{first.revision}/").json()
    assert len(data["entries"]) == 3 and all("<picture>" in entry["html"] for entry in data["entries"])


def _count(client, path: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_whatever_the_number_of_pictures(client, story, editor):
    live_entry_post(article=story, by=editor, body="<p>صورة</p>", picture=picture(0))
    one = _count(client, article_path(story, "ar"))
    for n in range(1, 5):
        live_entry_post(article=story, by=editor, body=f"<p>صورة {n}</p>", picture=picture(n))
    assert _count(client, article_path(story, "ar")) == one


def test_the_desk_posts_an_entry_with_a_picture_and_refuses_a_bad_one(editor, story):
    client = logged_in(editor)
    url = reverse("admin:articles_article_live", args=[story.pk])
    page = client.get(url).content.decode()
    assert "autocomplete" in page and 'name="picture"' in page and "<script>" not in page
    chosen = picture()
    # The chooser asks the Picture admin's search-as-you-type, for the update's field.
    found = client.get(
        reverse("admin:autocomplete"), {"app_label": "articles", "model_name": "liveentry", "field_name": "picture"}
    )
    assert found.status_code == 200 and str(chosen.pk) in [item["id"] for item in found.json()["results"]]
    client.post(url, {"action": "post", "body": "مع صورة", "picture": chosen.pk})
    entry = LiveEntry.objects.get()
    assert entry.picture == chosen
    page = client.get(url).content.decode()
    assert f'name="e{entry.pk}-picture"' in page
    expired = picture(1, rights_expire_at=timezone.now() - timedelta(days=1))
    response = client.post(url, {"action": "post", "body": "صورة منتهية", "picture": expired.pk}, follow=True)
    assert "انتهت حقوق" in response.content.decode() and LiveEntry.objects.count() == 1
    client.post(url, {"action": "edit", "entry": entry.pk, "body": "بلا صورة"})
    entry.refresh_from_db()
    assert entry.picture is None
