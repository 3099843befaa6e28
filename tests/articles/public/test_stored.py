"""Stored renderings (articles.public.stored, issue 14): a story's page and API document rendered
once per change of the story, read in one query, and never shown once anything they show changed."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Author, Correction, LiveCoverage, StoredRendering, Tag
from articles.newsroom.services import article_correct
from articles.public import stored
from articles.public.links import article_path, section_path
from articles.public.tasks import fill_renderings, store_renderings
from tests.factories import credit, make_author, make_published, make_section
from tools.demo.load import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


def _get(client, path, **extra):
    cache.clear()  # no kept parts: the story is read from storage or rendered
    client.get("/feeds/", **extra)  # but the generation and every page's navigation are kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    return response, [q["sql"] for q in queries]


def _from_storage(sql) -> bool:
    return any("storedrendering" in q for q in sql)


def _loads_story(sql, pk) -> bool:
    """Whether the story itself was read (to render it) rather than its stored rendering."""
    return any(f'"articles_article"."id" = {pk}' in q or f'"articles_article_translation"."master_id" IN ({pk})' in q for q in sql)


def test_every_demo_story_reads_the_same_stored_as_rendered(client, settings, django_capture_on_commit_callbacks):
    settings.ALLOWED_HOSTS = ["testserver", "news.example", "khabar.example"]
    with django_capture_on_commit_callbacks(execute=True):
        load_demo(password="kalimat-sirr-tajribiya", now=timezone.now())
    stories = list(Article.objects.published())
    hosts = [{}, {"HTTP_HOST": "news.example:8443", "wsgi.url_scheme": "https"}]
    rendered = {}
    for story in stories:
        for language in story.get_available_languages():
            for number, host in enumerate(hosts):
                response, _sql = _get(client, article_path(story, language), **host)
                assert response.status_code == 200
                rendered[(story.pk, language, number)] = response.content
    for story in stories:
        stored.store_story(story.pk)
    live = set(LiveCoverage.objects.values_list("article_id", flat=True))
    assert StoredRendering.objects.filter(kind="page").count() == sum(
        len(story.get_available_languages()) for story in stories if story.pk not in live
    )
    for (pk, language, number), content in rendered.items():
        response, sql = _get(client, article_path(Article.objects.get(pk=pk), language), **hosts[number])
        # Byte for byte the page rendered from the story, the reader's host in every address.
        assert response.content == content, (pk, language, number)
        if pk not in live:  # a live story changes by the minute: it is never stored
            assert _from_storage(sql) and not _loads_story(sql, pk), (pk, [q for q in sql if _loads_story([q], pk)])


def test_a_stored_page_is_read_in_one_query_and_carries_the_readers_host(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "khabar.example"]
    story = make_published(title="خبر مخزون", tags=["وسم"])
    stored.store_story(story.pk)

    response, sql = _get(client, article_path(story, "ar"), HTTP_HOST="khabar.example")
    assert response.status_code == 200
    # The generation's next scheduled story, the stored page, then what changes with every
    # publication: its related stories (none here).
    assert _from_storage(sql) and not _loads_story(sql, story.pk) and len(sql) <= 3, sql
    assert b"khabar-origin.invalid" not in response.content
    assert b"http://khabar.example/a/" in response.content
    assert "خبر مخزون" in response.content.decode()


def _story_with_everything():
    story = make_published(title="خبر كامل", tags=["اقتصاد"], ago=timedelta(hours=3))
    credit(story, (make_author(name="سلوى أحمد", name_en="Salwa Ahmed"), "writer"))
    stored.store_story(story.pk)
    return Article.objects.get(pk=story.pk)


def _shows(client, story, text, language="ar") -> bool:
    response, sql = _get(client, article_path(story, language))
    assert response.status_code == 200
    return text in response.content.decode()


CHANGES = {
    "its own text": (lambda s: _edit(s, "title", "عنوان جديد للخبر"), "عنوان جديد للخبر"),
    "a correction": (lambda s: article_correct(article=s, by=None, text="تصحيح جديد", now=timezone.now()), "تصحيح جديد"),
    "its section": (lambda s: _rename(s.section, "قسم بعد التغيير"), "قسم بعد التغيير"),
    "a tag": (lambda s: _rename_tag(s), "وسم بعد التغيير"),
    "its writer": (lambda s: _rename(Author.objects.get(contributions__article=s), "كاتبة بعد التغيير"), "كاتبة بعد التغيير"),
    "a bulk update": (lambda s: Article.objects.filter(pk=s.pk).update(section=make_section(name="قسم منقول")), "قسم منقول"),
    "a correction row": (lambda s: Correction.objects.create(article=s, text="ملاحظة مباشرة", language="ar"), "ملاحظة مباشرة"),
}


def _edit(story, field, value):
    story.set_current_language("ar")
    setattr(story, field, value)
    story.save()


def _rename(thing, name):
    thing.set_current_language("ar")
    thing.name = name
    thing.save()


def _rename_tag(story):
    tag = Tag.objects.get(name="اقتصاد")
    tag.name = "وسم بعد التغيير"
    tag.save()


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_to_anything_the_page_shows_retires_its_stored_rendering(client, change):
    story = _story_with_everything()
    if change == "its section":
        Article.objects.filter(pk=story.pk).update(section=make_section(name="قسم قبل التغيير"))
        stored.store_story(story.pk)
        story = Article.objects.get(pk=story.pk)
    apply, text = CHANGES[change]
    assert not _shows(client, story, text)

    apply(story)

    story = Article.objects.get(pk=story.pk)
    assert _shows(client, story, text), change
    # Stored again by the task, the new text is what the stored page says.
    stored.store_story(story.pk)
    response, sql = _get(client, article_path(story, "ar"))
    assert _from_storage(sql) and text in response.content.decode()


def test_a_rendering_of_other_code_or_settings_is_not_used(client, settings):
    story = make_published(title="خبر")
    stored.store_story(story.pk)
    _response, sql = _get(client, article_path(story, "ar"))
    assert _from_storage(sql) and not _loads_story(sql, story.pk)

    settings.SITE_NAME = "اسم آخر"  # the fingerprint names the display settings
    response, sql = _get(client, article_path(story, "ar"))
    assert response.status_code == 200 and "اسم آخر" in response.content.decode()
    assert _loads_story(sql, story.pk)  # rendered from the story


def test_a_withdrawn_or_unpublished_story_is_never_read_from_storage(client, editor):
    story = make_published(title="خبر سيسحب")
    stored.store_story(story.pk)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.WITHDRAWN, withdrawn_at=timezone.now())
    response, _sql = _get(client, article_path(story, "ar"))
    assert response.status_code == 410
    assert stored.store_story(story.pk) == 0 and not StoredRendering.objects.filter(article=story).exists()


def test_a_scheduled_story_is_stored_once_its_time_has_come(client):
    story = make_published(title="خبر مجدول", ago=-timedelta(hours=1))
    assert stored.store_story(story.pk) == 0
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert stored.store_story(story.pk) == 3  # its page, its cards and its API document, in Arabic


def test_a_stored_rendering_is_not_used_for_editors(client, editor):
    story = make_published(title="خبر")
    stored.store_story(story.pk)
    client.force_login(editor)
    _response, sql = _get(client, article_path(story, "ar"))
    assert not _from_storage(sql)


def test_the_fill_renders_the_archive_newest_first_and_then_nothing(settings):
    stories = [make_published(title=f"خبر {n}", ago=timedelta(hours=n + 1)) for n in range(5)]
    StoredRendering.objects.all().delete()
    order = []
    real = stored.store_story

    def spy(pk):
        order.append(pk)
        return real(pk)

    stored.store_story = spy
    try:
        assert stored.fill() == 5
        assert stored.fill() == 0
    finally:
        stored.store_story = real
    assert order == [story.pk for story in stories]


def test_the_periodic_fill_goes_on_where_it_stopped(settings):
    settings.STORED_FILL_SECONDS = 0.0  # every run stops after the first story it looks at
    stories = [make_published(title=f"خبر {n}", ago=timedelta(hours=n + 1)) for n in range(3)]
    StoredRendering.objects.all().delete()
    made = [stored.fill(seconds=0.0) for _run in range(3)]
    assert made == [0, 0, 0]
    settings.STORED_FILL_SECONDS = 30.0
    cache.delete("stored:fill-due")
    assert fill_renderings.call() == 3
    cache.delete("stored:fill-due")
    assert fill_renderings.call() == 0
    assert set(StoredRendering.objects.values_list("article_id", flat=True)) == {story.pk for story in stories}


def test_publishing_stores_the_story_after_commit(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        story = make_published(title="خبر جديد")
        story.set_current_language("ar")
        story.title = "خبر جديد معدل"
        story.save()
    queued = [row for row in DBTaskResult.objects.all() if row.task_path.endswith("store_renderings")]
    assert len(queued) == 1 and queued[0].args_kwargs["args"] == [[story.pk]]
    assert store_renderings.call([story.pk]) == 3


def test_the_fingerprint_does_not_depend_on_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        english = stored.fingerprint()
    with translation.override("ar"):
        assert stored.fingerprint() == english


def test_list_pages_draw_stored_cards_byte_for_byte(client, django_capture_on_commit_callbacks):
    from articles.models import Section
    from sources.models import Source

    with django_capture_on_commit_callbacks(execute=True):
        load_demo(password="kalimat-sirr-tajribiya", now=timezone.now())
    section = Section.objects.filter(is_active=True).first()
    source = Source.objects.filter(articles__status="published").first()
    tag = Tag.objects.filter(tagged_articles__isnull=False).first()
    paths = ["/", "/?page=2", section_path(section, "ar"), f"/tag/{tag.slug}/", f"/source/{source.slug}/", "/en/"]
    paths = [p for p in paths if client.get(p).status_code == 200]
    drawn = {path: _get(client, path)[0].content for path in paths}
    for story in Article.objects.published():
        stored.store_story(story.pk)
    for path in paths:
        response, sql = _get(client, path)
        assert response.content == drawn[path], path
    # A list page's cards come from storage: the stories on it are not read to draw them.
    _response, sql = _get(client, f"/tag/{tag.slug}/")
    assert _from_storage(sql) and not any("articles_article_translation\".\"master_id\" IN" in q for q in sql), sql


def test_an_unfinished_fill_enqueues_itself_again_behind_other_tasks(settings):
    from django_tasks_db.models import DBTaskResult

    settings.STORED_FILL_SECONDS = 0.0
    make_published(title="خبر")
    StoredRendering.objects.all().delete()
    cache.delete("stored:fill-due")
    stored.restart_fill()
    stored.fill(seconds=0.0)  # stops at once: the place is kept
    assert stored.fill_unfinished()
    fill_renderings.call()
    [again] = [row for row in DBTaskResult.objects.all() if row.task_path.endswith("fill_renderings")]
    assert again.priority < 0


def test_render_stories_renders_what_lacks_a_rendering_and_says_so():
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation

    stories = [make_published(title=f"خبر {n}", ago=timedelta(hours=n + 1)) for n in range(4)]
    StoredRendering.objects.all().delete()
    out = StringIO()
    call_command("render_stories", "--part=0/2", stdout=out)
    evens = {story.pk for story in stories if story.pk % 2 == 0}
    assert set(StoredRendering.objects.values_list("article_id", flat=True)) == evens
    assert "rendered=2" in out.getvalue().splitlines()  # what a child process tells its parent
    out = StringIO()
    with translation.override("en"):
        call_command("render_stories", stdout=out)
    assert set(StoredRendering.objects.values_list("article_id", flat=True)) == {story.pk for story in stories}
    assert "Rendered 2 stories" in out.getvalue()
    out = StringIO()
    with translation.override("ar"):
        call_command("render_stories", stdout=out)
    assert "Rendered" not in out.getvalue()  # the operator's language
