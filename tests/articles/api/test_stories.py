"""The story endpoints as a partner app sees them: ninjs documents, only public stories, 304 and 410."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.newsroom.services import article_correct, article_withdraw
from articles.public.links import article_path

pytestmark = pytest.mark.django_db

HIDDEN = ("draft", "in_review", "scheduled", "withdrawn")


def _ar(story) -> str:
    return story.safe_translation_getter("title", language_code="ar")


def _titles(response) -> list[str]:
    return [doc["headlines"][0]["value"] for doc in response.json()["items"] if doc["pubstatus"] != "canceled"]


def test_story_list_is_public_stories_as_valid_ninjs_newest_first(client, newsroom, ninjs_validator):
    response = client.get("/api/v1/stories/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert _titles(response) == [_ar(newsroom.republished), _ar(newsroom.original)]
    assert response.json()["next"] is None
    for document in response.json()["items"]:
        ninjs_validator.validate(document)
        assert document["type"] == "text"
        assert document["pubstatus"] == "usable"
        assert document["language"] == "ar"


def test_story_detail_document(client, newsroom, ninjs_validator):
    story = newsroom.original
    document = client.get(f"/api/v1/stories/{story.pk}/").json()
    ninjs_validator.validate(document)
    assert document["uri"] == "http://testserver" + article_path(story, "ar")
    assert document["headlines"] == [
        {"role": "main", "contenttype": "text/plain", "value": "أذربيجان ترعى اجتماعاً سورياً"},
        {"role": "section", "contenttype": "text/plain", "value": "أخبار سوريا"},
    ]
    assert document["located"] == "باكو"
    assert document["by"] == "محرر الموقع"
    assert {"role": "summary", "contenttype": "text/plain", "value": "موجز الخبر الأصلي"} in document["descriptions"]
    body = document["bodies"][0]
    assert body["contenttype"] == "text/html"
    assert body["value"] == "<p>نص الخبر التجريبي.</p>"
    assert body["wordcount"] == 3
    assert body["charcount"] == len("نص الخبر التجريبي.")
    subjects = {(subject["rel"], subject["name"]) for subject in document["subjects"]}
    assert subjects == {("section", "أخبار سوريا"), ("tag", "سوريا"), ("tag", "أذربيجان")}
    assert all(subject["uri"].startswith("http://testserver/") for subject in document["subjects"])
    assert "infosources" not in document  # original reporting cites nobody here
    assert document["rightsinfo"].keys() == {"linkedrights"}


def test_story_in_english_and_missing_translation(client, newsroom):
    document = client.get(f"/api/v1/stories/{newsroom.original.pk}/?language=en").json()
    assert document["language"] == "en"
    assert document["headlines"][0]["value"] == "Azerbaijan hosts a Syrian meeting"
    assert document["uri"].startswith("http://testserver/en/articles/")
    assert client.get(f"/api/v1/stories/{newsroom.republished.pk}/?language=en").status_code == 404
    listed = client.get("/api/v1/stories/?language=en")
    assert _titles(listed) == ["Azerbaijan hosts a Syrian meeting"]


def test_english_documents_and_lists_name_tags_in_english_where_translated(client, newsroom):
    from articles.models import Tag

    tag = Tag.objects.get(name="سوريا")
    tag.set_current_language("en")
    tag.translated_name = "Syria"
    tag.save()

    document = client.get(f"/api/v1/stories/{newsroom.original.pk}/?language=en").json()
    tags = {subject["name"] for subject in document["subjects"] if subject["rel"] == "tag"}
    listed = {item["name"] for item in client.get("/api/v1/tags/?language=en").json()["items"]}

    assert tags == {"Syria", "أذربيجان"}  # the untranslated one keeps its name as written
    assert "Syria" in listed and "سوريا" not in listed
    arabic = client.get(f"/api/v1/stories/{newsroom.original.pk}/").json()
    assert {s["name"] for s in arabic["subjects"] if s["rel"] == "tag"} == {"سوريا", "أذربيجان"}


@pytest.mark.parametrize("who", ["anonymous", "key", "wrong key"])
@pytest.mark.parametrize("status", HIDDEN)
def test_hidden_stories_never_leak(client, newsroom, make_key, who, status):
    headers = {}
    if who == "key":
        headers["HTTP_X_API_KEY"] = make_key()[1]
    elif who == "wrong key":
        headers["HTTP_X_API_KEY"] = "not-a-key-of-this-site"
    story = getattr(newsroom, status)
    detail = client.get(f"/api/v1/stories/{story.pk}/", **headers)
    listed = client.get("/api/v1/stories/?limit=100", **headers)
    searched = client.get("/api/v1/search/?q=سري", **headers)
    if who == "wrong key":
        assert {detail.status_code, listed.status_code, searched.status_code} == {401}
        assert "detail" in detail.json()
        return
    assert detail.status_code == (410 if status == "withdrawn" else 404)
    assert "سري" not in detail.content.decode()
    assert "سري" not in listed.content.decode()
    assert searched.status_code == 200
    assert searched.json()["items"] == []


def test_embargo_key_reads_scheduled_stories_only(client, newsroom, make_key):
    _key, plain = make_key(may_read_embargoed=True)
    story = newsroom.scheduled
    response = client.get(f"/api/v1/stories/{story.pk}/", HTTP_X_API_KEY=plain)
    assert response.status_code == 200
    document = response.json()
    assert document["pubstatus"] == "withheld"
    assert document["embargoed"].startswith(timezone.localtime(story.published_at).isoformat(timespec="seconds")[:16])
    assert "private" in response["Cache-Control"]
    listed = client.get("/api/v1/stories/", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert _titles(listed)[0] == _ar(story)
    for status in ("draft", "in_review"):
        assert client.get(f"/api/v1/stories/{getattr(newsroom, status).pk}/", HTTP_X_API_KEY=plain).status_code == 404
    # The same story stays hidden from everyone else, though the embargo key's answer is kept.
    assert client.get(f"/api/v1/stories/{story.pk}/").status_code == 404


def test_withdrawn_story_answers_410_with_a_tombstone(client, newsroom, editor, ninjs_validator):
    story = newsroom.original
    assert client.get(f"/api/v1/stories/{story.pk}/").status_code == 200
    article_withdraw(article=story, by=editor, comment="خطأ في الخبر")
    response = client.get(f"/api/v1/stories/{story.pk}/")
    assert response.status_code == 410
    tombstone = response.json()
    ninjs_validator.validate(tombstone)
    assert tombstone["pubstatus"] == "canceled"
    assert tombstone["uri"] == "http://testserver" + article_path(story, "ar")
    assert set(tombstone) == {"uri", "version", "pubstatus", "versioncreated"}
    assert _ar(story) not in _titles(client.get("/api/v1/stories/"))


def test_conditional_requests_get_304_until_the_content_changes(client, newsroom, editor, django_assert_num_queries):
    url = f"/api/v1/stories/{newsroom.original.pk}/"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    assert first["Surrogate-Key"] == "khabar-public"
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    article_correct(article=newsroom.original, by=editor, text="صُحّح اسم المدينة.", now=timezone.now())
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    corrections = [d for d in changed.json()["descriptions"] if d["role"] == "correction"]
    assert len(corrections) == 1 and corrections[0]["value"].endswith(" صُحّح اسم المدينة.")


def test_story_by_public_url(client, newsroom):
    story = newsroom.original
    for address in (article_path(story, "ar"), f"http://testserver/a/{story.pk}", f"/en/articles/{story.pk}/"):
        response = client.get("/api/v1/stories/by-url/", {"url": address})
        assert response.status_code == 200, address
        assert response.json()["uri"].endswith(f"/articles/{story.pk}/" + response.json()["uri"].split("/")[-2] + "/")
    assert client.get("/api/v1/stories/by-url/", {"url": f"/en/articles/{story.pk}/"}).json()["language"] == "en"
    assert client.get("/api/v1/stories/by-url/", {"url": article_path(newsroom.draft, "ar")}).status_code == 404
    assert client.get("/api/v1/stories/by-url/", {"url": "/about/"}).status_code == 400


def test_filters(client, newsroom):
    def titles(query: str) -> list[str]:
        response = client.get(f"/api/v1/stories/?{query}")
        assert response.status_code == 200, response.content
        return _titles(response)

    assert titles(f"section={newsroom.section.safe_translation_getter('slug')}") == [_ar(newsroom.original)]
    assert titles("tag=أذربيجان") == [_ar(newsroom.original)]
    assert titles("source=sham") == [_ar(newsroom.republished)]
    assert titles("origin=republished") == [_ar(newsroom.republished)]
    assert titles("origin=original") == [_ar(newsroom.original)]
    since = (newsroom.republished.updated_at - timedelta(seconds=1)).isoformat()
    assert _ar(newsroom.republished) in titles("since=" + since.replace("+", "%2B"))
    assert titles("since=2999-01-01T00:00:00Z") == []


@pytest.mark.parametrize(
    "query",
    [
        "cursor=garbage",
        "cursor=WyJjaGFuZ2VkIiwiMjAyNi0wMS0wMVQwMDowMDowMCswMDowMCIsMV0",  # a cursor of the other order
        "limit=0",
        "limit=101",
        "limit=abc",
        "origin=copied",
        "language=fr",
        "since=yesterday",
        "since=2026-01-01T00:00:00",
        "section=no-such-section",
        "tag=no-such-tag",
        "source=no-such-source",
    ],
)
def test_bad_parameters_get_a_clear_400(client, newsroom, query):
    response = client.get(f"/api/v1/stories/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_unknown_story_or_endpoint_is_a_json_404(client, newsroom):
    for path in ("/api/v1/stories/999999/", f"/api/v1/stories/{2**63}/", "/api/v1/stories/-1/", "/api/v1/nope"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": response.json()["detail"]}


def test_query_budget(client, newsroom, django_assert_max_num_queries):
    from tests.factories import make_published

    for n in range(25):
        make_published(title=f"خبر رقم {n}", section=newsroom.section, tags=["سوريا", f"وسم {n}"], ago=timedelta(minutes=n + 1))
    newsroom.republished.cited_sources.add(newsroom.source)
    article_correct(article=newsroom.republished, by=None, text="تصحيح", now=timezone.now())
    client.get("/api/v1/sections/")  # the content generation and the shared parts of this generation
    client.get(f"/api/v1/stories/{newsroom.original.pk}/")
    with django_assert_max_num_queries(3):
        page = client.get("/api/v1/stories/?limit=20")
    assert len(page.json()["items"]) == 20
    with django_assert_max_num_queries(3):
        assert client.get(page.json()["next"]).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(f"/api/v1/stories/{newsroom.republished.pk}/").status_code == 200


def test_story_statuses_cover_the_model():
    assert {choice for choice, _label in Article.Status.choices} == {"draft", "in_review", "published", "withdrawn"}


def test_head_answers_the_headers_of_get_without_a_body(client, newsroom):
    got = client.get("/api/v1/stories/")
    head = client.head("/api/v1/stories/")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head["Content-Length"] == str(len(got.content))


def test_story_document_names_every_contributor(client, newsroom, ninjs_validator):
    from articles.models import Contribution
    from tests.factories import credit, make_author

    story = newsroom.original
    story.set_current_language("ar")
    story.byline = ""
    story.save()
    credit(story, (make_author(name="سلوى", name_en="Salwa", slug="salwa"), Contribution.Role.WRITER),
           (make_author(name="عمر", name_en="Omar", slug="omar"), Contribution.Role.REPORTING),
           (make_author(name="ليلى", name_en="Layla", slug="layla"), Contribution.Role.TRANSLATION))
    document = client.get(f"/api/v1/stories/{story.pk}/").json()
    ninjs_validator.validate(document)
    assert document["people"] == [
        {"name": "سلوى", "rel": "author", "uri": "http://testserver/author/salwa/"},
        {"name": "عمر", "rel": "reporter", "uri": "http://testserver/author/omar/"},
        {"name": "ليلى", "rel": "translator", "uri": "http://testserver/author/layla/"},
    ]
    # The credits in words (whatever the catalogue's wording): every name, in order.
    by = document["by"]
    assert 0 <= by.index("سلوى") < by.index("عمر") < by.index("ليلى")
    english = client.get(f"/api/v1/stories/{story.pk}/?language=en").json()
    assert [person["uri"] for person in english["people"]][0] == "http://testserver/en/author/salwa/"
    assert english["by"] == "Staff writer"  # the English byline as typed
