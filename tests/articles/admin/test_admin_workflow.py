"""The workflow in the admin, over HTTP: every role against every transition, edits, locking, timeline."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent, Correction
from articles.models.workflow import TRANSITIONS, Action, State, actions_from
from articles.newsroom.services import (
    article_publish,
    article_schedule,
    article_submit,
    article_withdraw,
)
from tests.articles.helpers import change_url, form_data, logged_in
from tests.factories import make_article, make_section, make_source, make_user

pytestmark = pytest.mark.django_db


def transition_url(article, action) -> str:
    return reverse("admin:articles_article_transition", args=[article.pk, Action(action).value])


def in_state(state: State, author=None) -> Article:
    """A story brought to ``state`` by the system itself."""
    article = make_article(author=author)
    if state == State.DRAFT:
        return article
    if state == State.IN_REVIEW:
        return article_submit(article=article, by=None)
    if state == State.SCHEDULED:
        return article_schedule(article=article, by=None, at=timezone.now() + timedelta(days=1))
    article = article_publish(article=article, by=None)
    if state == State.WITHDRAWN:
        article = article_withdraw(article=article, by=None, comment="سبب")
    return article


def post_data(action: Action) -> dict:
    future = timezone.localtime(timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    return {"comment": "تعليق المحرر", "publish_at": future}


ROLE_ALLOWED = {
    "writer": {Action.SUBMIT},
    "editor": set(Action),
    "translator": set(),
}

MATRIX = [
    (role, action, state)
    for role in ROLE_ALLOWED
    for action in Action
    for state in sorted(TRANSITIONS[action].sources)[:1]
]


@pytest.mark.parametrize(("role", "action", "state"), MATRIX)
def test_permission_matrix_through_the_admin(role, action, state, request):
    user = request.getfixturevalue(role)
    # Writers are tested on their own story, the most they can ever act on.
    article = in_state(State(state), author=user if role == "writer" else None)
    before = Article.objects.get(pk=article.pk)
    client = logged_in(user)

    page = client.get(change_url(article))
    shown = set(re.findall(r'class="transition transition-(\w+)"', page.content.decode()))
    allowed = action in ROLE_ALLOWED[role]
    assert (action.value in shown) == allowed

    response = client.post(transition_url(article, action), post_data(action))
    after = Article.objects.get(pk=article.pk)
    if allowed:
        assert response.status_code == 302 and response["Location"] == change_url(article)
        assert after.state() == TRANSITIONS[action].target
        event = after.events.first()
        assert (event.kind, event.by, event.from_state) == (action.value, user, state)
    else:
        assert response.status_code == 403
        assert (after.status, after.published_at, after.version) == (before.status, before.published_at, before.version)
        assert not ArticleEvent.objects.filter(by=user).exists()


@pytest.mark.parametrize("state", list(State))
def test_editor_sees_buttons_for_exactly_the_transitions_of_the_state(editor, state):
    article = in_state(state)
    content = logged_in(editor).get(change_url(article)).content.decode()
    shown = re.findall(r'class="transition transition-(\w+)"', content)
    assert shown == [action.value for action in actions_from(state)]


def test_writer_cannot_submit_another_writers_story(writer, other_writer):
    article = make_article(author=other_writer)
    client = logged_in(writer)
    assert "transition-submit" not in client.get(change_url(article)).content.decode()
    assert client.post(transition_url(article, Action.SUBMIT)).status_code == 403
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_transition_views_answer_post_only_and_need_csrf(editor):
    article = make_article()
    client = logged_in(editor)
    assert client.get(transition_url(article, Action.PUBLISH)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(transition_url(article, Action.PUBLISH)).status_code == 403
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    unknown = reverse("admin:articles_article_transition", args=[article.pk, "explode"])
    assert client.post(unknown).status_code == 404


def test_publish_refusal_lists_everything_missing_in_one_message(editor):
    article = make_article(title="", body="", byline="")
    response = logged_in(editor).post(transition_url(article, Action.PUBLISH), follow=True)
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error"
    assert message.message.count(".") >= 3  # headline, text and byline, in one message
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_schedule_message_says_when_and_in_which_time_zone(editor, settings):
    article = make_article()
    local = timezone.localtime(timezone.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    # Arabic-Indic digits are accepted as well.
    typed = local.strftime("%Y-%m-%dT%H:%M").translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = logged_in(editor).post(transition_url(article, Action.SCHEDULE), {"publish_at": typed}, follow=True)
    article = Article.objects.get(pk=article.pk)
    assert article.published_at == local and article.state() == State.SCHEDULED
    [message] = list(get_messages(response.wsgi_request))
    assert settings.TIME_ZONE in message.message and message.level_tag == "success"
    assert settings.TIME_ZONE in response.content.decode()  # next to the schedule input and the state


def test_withdraw_without_reason_is_refused_with_a_message(editor):
    article = in_state(State.PUBLISHED)
    response = logged_in(editor).post(transition_url(article, Action.WITHDRAW), {"comment": ""}, follow=True)
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


# ---- editing rights -------------------------------------------------------------------------


def test_writer_edits_own_draft(writer):
    article = make_article(author=writer)
    response = logged_in(writer).post(change_url(article, "ar"), form_data(article, title="عنوان معدل"))
    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.safe_translation_getter("title", language_code="ar") == "عنوان معدل"
    assert article.version == 2 and article.updated_by == writer


@pytest.mark.parametrize("whose", ["other", "own_submitted"])
def test_writer_forged_save_outside_rights_is_forbidden(writer, other_writer, whose):
    if whose == "other":
        article = make_article(author=other_writer)
    else:
        article = article_submit(article=make_article(author=writer), by=writer)
    client = logged_in(writer)
    page = client.get(change_url(article))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only view
    response = client.post(change_url(article, "ar"), form_data(article, title="اختراق"))
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).safe_translation_getter("title", language_code="ar") == "عنوان تجريبي"


def test_translator_cannot_change_the_arabic_text(translator):
    article = make_article()
    response = logged_in(translator).post(change_url(article, "ar"), form_data(article, title="تغيير"))
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).safe_translation_getter("title", language_code="ar") == "عنوان تجريبي"


def test_translator_edits_english_only_and_forged_attribution_is_ignored(translator):
    section = make_section()
    source = make_source()
    article = make_article()
    client = logged_in(translator)
    page = client.get(change_url(article, "en")).content.decode()
    assert 'name="title"' in page and 'name="source"' not in page and 'name="origin"' not in page
    data = form_data(
        article,
        "en",
        title="English headline",
        body="<p>English text</p>",
        origin=Article.Origin.REPUBLISHED,
        source=source.pk,
        section=section.pk,
        tags="مزور",
    )
    response = client.post(change_url(article, "en"), data)
    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.safe_translation_getter("title", language_code="en") == "English headline"
    assert article.safe_translation_getter("title", language_code="ar") == "عنوان تجريبي"
    assert (article.origin, article.source_id, article.section_id) == (Article.Origin.ORIGINAL, None, None)
    assert list(article.tags.names()) == []
    assert article.status == Article.Status.DRAFT


def test_editor_edits_any_story(editor, writer):
    article = article_submit(article=make_article(author=writer), by=writer)
    response = logged_in(editor).post(change_url(article, "ar"), form_data(article, title="عنوان المحرر"))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).safe_translation_getter("title", language_code="ar") == "عنوان المحرر"


def test_translated_fields_take_their_languages_direction(editor):
    article = make_article()
    client = logged_in(editor)
    english = client.get(change_url(article, "en")).content.decode()
    arabic = client.get(change_url(article, "ar")).content.decode()
    assert re.search(r'<input[^>]*name="title"[^>]*dir="ltr"|<input[^>]*dir="ltr"[^>]*name="title"', english)
    assert re.search(r'<input[^>]*name="title"[^>]*dir="rtl"|<input[^>]*dir="rtl"[^>]*name="title"', arabic)


# ---- optimistic locking -----------------------------------------------------------------------


def test_stale_save_is_refused_naming_who_and_keeping_the_input(editor):
    other = make_user("editor2", role="Editors", first_name="ليلى", last_name="المحررة")
    article = make_article()
    mine = form_data(article, title="عنواني الذي لا يضيع", summary="موجزي الطويل")
    # Someone else saves first.
    assert logged_in(other).post(change_url(article, "ar"), form_data(article, title="عنوان ليلى")).status_code == 302

    client = logged_in(editor)
    response = client.post(change_url(article, "ar"), mine)
    assert response.status_code == 200
    content = response.content.decode()
    assert "ليلى المحررة" in content
    assert 'value="عنواني الذي لا يضيع"' in content and "موجزي الطويل" in content
    article = Article.objects.get(pk=article.pk)
    assert article.safe_translation_getter("title", language_code="ar") == "عنوان ليلى" and article.version == 2

    # Saving again, deliberately, replaces the other version: the form now carries version 2.
    assert re.search(r'name="version" value="2"', content)
    again = client.post(change_url(article, "ar"), {**mine, "version": "2"})
    assert again.status_code == 302
    assert (
        Article.objects.get(pk=article.pk).safe_translation_getter("title", language_code="ar") == "عنواني الذي لا يضيع"
    )


def test_transition_in_between_makes_an_open_form_stale(editor, writer):
    article = make_article(author=writer)
    data = form_data(article, title="تعديل متأخر")
    article_submit(article=article, by=writer)
    response = logged_in(editor).post(change_url(article, "ar"), data)
    assert response.status_code == 200 and "تعديل متأخر" in response.content.decode()


# ---- timeline, corrections, bulk actions -------------------------------------------------------------


def test_event_timeline_on_the_change_page(editor, writer):
    article = make_article(author=writer)
    client_writer, client_editor = logged_in(writer), logged_in(editor)
    client_writer.post(transition_url(article, Action.SUBMIT), {"comment": "أرجو المراجعة"})
    client_editor.post(transition_url(article, Action.REQUEST_CHANGES), {"comment": "أضف المصدر"})
    client_writer.post(transition_url(article, Action.SUBMIT))
    client_editor.post(transition_url(article, Action.PUBLISH))
    content = client_editor.get(change_url(article)).content.decode()
    timeline = content[content.index('id="timeline"') :]
    kinds = re.findall(r'class="event-(\w+)"', timeline)
    assert kinds == ["publish", "submit", "request_changes", "submit"]  # newest first
    assert "أضف المصدر" in timeline and "أرجو المراجعة" in timeline
    assert "مازن المحرر" in timeline and "سلمى الكاتبة" in timeline


def test_editor_adds_a_correction_through_the_inline(editor):
    article = in_state(State.PUBLISHED)
    data = form_data(
        article,
        **{"corrections-TOTAL_FORMS": "1", "corrections-0-language": "ar", "corrections-0-text": "صُحّح اسم الوزير"},
    )
    response = logged_in(editor).post(change_url(article, "ar"), data)
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.created_by == editor and correction.article_id == article.pk
    assert article.events.filter(kind="correct").exists()


def test_writer_sees_no_correction_inline(writer):
    article = in_state(State.PUBLISHED, author=writer)
    assert "corrections-TOTAL_FORMS" not in logged_in(writer).get(change_url(article)).content.decode()


def changelist_action(client, action: str, articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles], "index": "0", **extra}
    return client.post(reverse("admin:articles_article_changelist"), data)


def test_editor_bulk_publish_reports_each_story(editor):
    good = in_state(State.IN_REVIEW)
    bad = make_article(byline="")
    response = changelist_action(logged_in(editor), "publish_selected", [good, bad])
    assert response.status_code == 302
    assert Article.objects.get(pk=good.pk).state() == State.PUBLISHED
    assert Article.objects.get(pk=bad.pk).status == Article.Status.DRAFT
    levels = sorted(m.level_tag for m in get_messages(response.wsgi_request))
    assert levels == ["error", "success"]


def test_bulk_withdraw_asks_for_a_reason_first(editor):
    articles = [in_state(State.PUBLISHED), in_state(State.PUBLISHED)]
    client = logged_in(editor)
    page = changelist_action(client, "withdraw_selected", articles)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    assert not Article.objects.withdrawn().exists()
    done = changelist_action(client, "withdraw_selected", articles, reason="طلب المصدر")
    assert done.status_code == 302
    assert Article.objects.withdrawn().count() == 2
    assert set(ArticleEvent.objects.filter(kind="withdraw").values_list("comment", flat=True)) == {"طلب المصدر"}


def test_writer_has_no_publish_action(writer):
    article = make_article(author=writer)
    client = logged_in(writer)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "publish_selected" not in page and "submit_selected" in page
    changelist_action(client, "publish_selected", [article])
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=scheduled", ["scheduled"]),
        ("state=published", ["published"]),
        ("mine=1", ["mine"]),
        ("translated=en", ["english"]),
    ],
)
def test_changelist_filters(editor, query, expected):
    stories = {
        "scheduled": in_state(State.SCHEDULED),
        "published": in_state(State.PUBLISHED),
        "mine": make_article(author=editor, title="قصتي"),
        "english": make_article(en={"title": "English"}),
    }
    response = logged_in(editor).get(reverse("admin:articles_article_changelist") + "?" + query)
    assert response.status_code == 200
    shown = {a.pk for a in response.context["cl"].result_list}
    assert shown == {stories[name].pk for name in expected}


def test_writer_creates_a_story_in_the_admin(writer):
    client = logged_in(writer)
    data = {k: v for k, v in form_data(make_article()).items() if k != "version"}
    data.update({"title": "خبر جديد من الكاتبة", "slug": "", "version": ""})
    response = client.post(reverse("admin:articles_article_add") + "?language=ar", data)
    assert response.status_code == 302
    article = Article.objects.get(translations__title="خبر جديد من الكاتبة")
    assert (article.author, article.updated_by, article.version, article.status) == (writer, writer, 1, "draft")
    from articles.newsroom.revisions import article_revisions

    assert article_revisions(article).count() == 1


def test_change_form_without_version_is_refused(editor):
    article = make_article()
    data = form_data(article, title="بلا رقم")
    del data["version"]
    response = logged_in(editor).post(change_url(article, "ar"), data)
    assert response.status_code == 200 and "بلا رقم" in response.content.decode()
    assert Article.objects.get(pk=article.pk).version == 1


def test_changelist_query_count_does_not_grow_with_rows(editor, django_assert_max_num_queries):
    section, source = make_section(), make_source()
    client = logged_in(editor)
    url = reverse("admin:articles_article_changelist")
    for n in range(3):
        make_article(section=section, source=source, author=editor, en={"title": f"T{n}"})
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for n in range(12):
        make_article(section=section, source=source, author=editor, en={"title": f"U{n}"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_editor_deletes_a_translation_but_never_the_arabic_one(editor, translator):
    article = make_article(en={"title": "Broken"})
    delete_en = reverse("admin:articles_article_delete_translation", args=[article.pk, "en"])
    delete_ar = reverse("admin:articles_article_delete_translation", args=[article.pk, "ar"])
    assert logged_in(translator).post(delete_en, {"post": "yes"}).status_code == 403
    assert logged_in(editor).post(delete_ar, {"post": "yes"}).status_code == 403
    assert logged_in(editor).post(delete_en, {"post": "yes"}).status_code == 302
    assert list(Article.objects.get(pk=article.pk).get_available_languages()) == ["ar"]


# ---- stories with a picture -------------------------------------------------------------------


def test_writer_creates_a_story_with_a_picture_then_saves_it_again(writer):
    """A story with a lead image is saved, edited and saved again through the admin form, with its size kept."""
    from tests.factories import image_upload

    client = logged_in(writer)
    data = {k: v for k, v in form_data(make_article()).items() if k != "version"}
    data.update({"title": "خبر مصوّر", "slug": "", "version": "", "lead_image": image_upload(size=(64, 48))})
    assert client.post(reverse("admin:articles_article_add") + "?language=ar", data).status_code == 302
    article = Article.objects.get(translations__title="خبر مصوّر")
    assert (article.lead_image_width, article.lead_image_height) == (64, 48)
    stored = article.lead_image.name

    for title in ("خبر مصوّر معدل", "خبر مصوّر معدل مرة ثانية"):
        response = client.post(change_url(article, "ar"), form_data(article, title=title))
        assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.safe_translation_getter("title", language_code="ar") == "خبر مصوّر معدل مرة ثانية"
    assert article.lead_image.name == stored
    assert (article.lead_image_width, article.lead_image_height) == (64, 48)
    article.full_clean()
