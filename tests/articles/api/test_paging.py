"""Cursor paging: stable while the newsroom publishes, opaque, with ``next`` also in a Link header."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_published

pytestmark = pytest.mark.django_db


def _walk(client, url: str) -> list[str]:
    seen = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        seen += [document["uri"] for document in body["items"]]
        if body["next"]:
            assert response["Link"] == f'<{body["next"]}>; rel="next"'
        url = body["next"]
    return seen


def test_pages_are_neither_skipped_nor_repeated_while_stories_are_published(client, db):
    now = timezone.now()
    same_time = now - timedelta(hours=5)
    stories = [make_published(title=f"خبر {n}", published_at=same_time if n % 3 == 0 else now - timedelta(minutes=n + 1)) for n in range(23)]
    first = client.get("/api/v1/stories/?limit=5").json()
    seen = [document["uri"] for document in first["items"]]
    url = first["next"]
    published_meanwhile = []
    while url:
        # Each time a page is read the newsroom publishes: the new story goes to the head of the list.
        published_meanwhile.append(make_published(title="خبر جديد", ago=timedelta(0)))
        body = client.get(url).json()
        seen += [document["uri"] for document in body["items"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == len(stories)
    assert all(f"/articles/{story.pk}/" in " ".join(seen) for story in stories)
    # The next walk starts with what was published meanwhile.
    again = _walk(client, "/api/v1/stories/?limit=7")
    assert len(again) == len(stories) + len(published_meanwhile)


def test_since_lists_changes_oldest_first_and_a_later_change_comes_last(client, db):
    stories = [make_published(title=f"خبر {n}") for n in range(4)]
    since = (timezone.now() - timedelta(hours=1)).isoformat().replace("+", "%2B")
    first = client.get(f"/api/v1/stories/?since={since}&limit=2").json()
    assert [d["uri"] for d in first["items"]] == [client.get(f"/api/v1/stories/{s.pk}/").json()["uri"] for s in stories[:2]]
    stories[0].set_current_language("ar")
    stories[0].summary = "موجز معدّل"
    stories[0].save()  # changed while the client pages: it comes again, at the end
    rest = _walk(client, first["next"])
    assert [uri.split("/")[4] for uri in rest] == [str(stories[2].pk), str(stories[3].pk), str(stories[0].pk)]


def test_page_size_is_at_most_100(client, db):
    assert client.get("/api/v1/stories/?limit=100").status_code == 200
    assert client.get("/api/v1/stories/?limit=101").status_code == 400


def test_a_list_of_changes_names_withdrawn_stories_as_tombstones(client, newsroom, editor, ninjs_validator):
    from articles.newsroom.services import article_withdraw

    since = (timezone.now() - timedelta(minutes=5)).isoformat().replace("+", "%2B")
    article_withdraw(article=newsroom.original, by=editor, comment="سُحب")
    items = client.get(f"/api/v1/stories/?since={since}").json()["items"]
    [gone] = [item for item in items if f"/articles/{newsroom.original.pk}/" in item["uri"]]
    ninjs_validator.validate(gone)
    assert gone["pubstatus"] == "canceled" and "headlines" not in gone
    # The newest-first list never shows it; drafts and stories in review are in neither.
    assert all(item["pubstatus"] == "usable" for item in client.get("/api/v1/stories/").json()["items"])
    assert not [item for item in items if f"/articles/{newsroom.draft.pk}/" in item["uri"]]


def test_a_correction_brings_the_story_back_in_a_list_of_changes_with_a_new_version(client, newsroom, editor):
    from articles.newsroom.services import article_correct

    before = client.get(f"/api/v1/stories/{newsroom.original.pk}/").json()
    since = timezone.now().isoformat().replace("+", "%2B")
    assert client.get(f"/api/v1/stories/?since={since}").json()["items"] == []

    article_correct(article=newsroom.original, by=editor, text="صُحّح اسم المدينة")

    [changed] = client.get(f"/api/v1/stories/?since={since}").json()["items"]
    assert changed["uri"] == before["uri"] and int(changed["version"]) == int(before["version"]) + 1
    assert any(d["value"].endswith("صُحّح اسم المدينة") for d in changed["descriptions"])
