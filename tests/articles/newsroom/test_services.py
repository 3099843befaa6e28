"""Workflow services: each transition locks, checks, changes, records and announces."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, ngettext

from articles.models import Article, ArticleEvent, Correction, Tag
from articles.models.workflow import InvalidTransition, State
from articles.newsroom.revisions import article_revisions
from articles.newsroom.services import (
    article_correct,
    article_publish,
    article_request_changes,
    article_restore,
    article_restore_revision,
    article_schedule,
    article_submit,
    article_unschedule,
    article_withdraw,
    publication_problems,
)
from articles.newsroom.signals import article_transitioned
from sources.models import Source
from tests.factories import image_upload, make_article, make_disclaimer, make_source

pytestmark = pytest.mark.django_db

FIXED = datetime(2026, 3, 1, 9, 0, 0, tzinfo=UTC)


def fresh(article: Article) -> Article:
    return Article.objects.get(pk=article.pk)


def test_article_submit_moves_draft_to_review_and_records_event(writer):
    article = make_article(author=writer)
    article_submit(article=article, by=writer, comment="جاهز")
    article = fresh(article)
    assert article.status == Article.Status.IN_REVIEW
    assert article.version == 2 and article.updated_by == writer
    event = article.events.get()
    assert (event.kind, event.from_state, event.to_state, event.by, event.comment) == (
        "submit",
        "draft",
        "in_review",
        writer,
        "جاهز",
    )


def test_article_submit_refuses_another_writers_draft(writer, other_writer):
    article = make_article(author=other_writer)
    with pytest.raises(PermissionDenied):
        article_submit(article=article, by=writer)
    assert fresh(article).status == Article.Status.DRAFT
    assert not ArticleEvent.objects.exists()


def test_writer_cannot_publish(writer):
    article = make_article(author=writer)
    with pytest.raises(PermissionDenied):
        article_publish(article=article, by=writer)
    assert fresh(article).status == Article.Status.DRAFT


def test_article_publish_rejects_published_story(editor):
    article = article_publish(article=make_article(), by=editor)
    with pytest.raises(InvalidTransition):
        article_publish(article=article, by=editor)
    assert ArticleEvent.objects.filter(kind="publish").count() == 1


def test_article_request_changes_needs_a_comment(editor, writer):
    article = article_submit(article=make_article(author=writer), by=writer)
    with pytest.raises(ValidationError) as caught:
        article_request_changes(article=article, by=editor, comment="  ")
    assert "comment" in caught.value.message_dict
    article_request_changes(article=article, by=editor, comment="أضف مصدراً للرقم")
    article = fresh(article)
    assert article.status == Article.Status.DRAFT
    assert article.events.first().comment == "أضف مصدراً للرقم"


def test_article_publish_refuses_with_every_problem_listed(editor):
    article = make_article(title="", body="", origin=Article.Origin.REPUBLISHED)
    with pytest.raises(ValidationError) as caught:
        article_publish(article=article, by=editor)
    assert len(caught.value.messages) == 3
    assert fresh(article).status == Article.Status.DRAFT


def test_publication_problems_check_every_translation_is_whole(settings):
    article = make_article(en={"title": "Title only"})
    [problem] = publication_problems(article)
    assert str(dict(settings.LANGUAGES)["en"]) in problem
    article = make_article(en={"title": "Title", "body": "<p>Text</p>"})
    assert publication_problems(article) == []


def test_publication_problems_enforce_source_terms():
    make_disclaimer()
    source = make_source(
        terms_expire_at=FIXED - timedelta(days=1), terms_images_allowed=False, terms_auto_publish=False
    )
    article = make_article(
        origin=Article.Origin.REPUBLISHED, source=source, lead_image=image_upload(), lead_image_from_source=True
    )
    problems = publication_problems(article, automatic=True, at=FIXED)
    assert len(problems) == 3
    Source.objects.filter(pk=source.pk).update(terms_expire_at=None, terms_images_allowed=True, terms_auto_publish=True)
    assert publication_problems(fresh(article), automatic=True, at=FIXED) == []


def test_scheduling_boundary_one_second_before_and_after(editor):
    article = make_article()
    at = FIXED + timedelta(hours=2)
    article_schedule(article=article, by=editor, at=at, now=FIXED)
    article = fresh(article)
    assert article.status == Article.Status.PUBLISHED and article.published_at == at
    before, after = at - timedelta(seconds=1), at + timedelta(seconds=1)
    assert article.state(before) == State.SCHEDULED
    assert not Article.objects.published(at=before).filter(pk=article.pk).exists()
    assert article.state(after) == State.PUBLISHED
    assert Article.objects.published(at=after).filter(pk=article.pk).exists()
    assert list(Article.objects.scheduled(before)) == [article]
    assert not Article.objects.scheduled(after).exists()


def test_article_schedule_refuses_a_past_time(editor):
    article = make_article()
    with pytest.raises(ValidationError):
        article_schedule(article=article, by=editor, at=FIXED - timedelta(seconds=1), now=FIXED)
    assert fresh(article).status == Article.Status.DRAFT


def test_article_schedule_checks_terms_at_the_scheduled_time(editor):
    make_disclaimer()
    source = make_source(terms_expire_at=FIXED + timedelta(hours=1))
    article = make_article(origin=Article.Origin.REPUBLISHED, source=source)
    with pytest.raises(ValidationError) as caught:
        article_schedule(article=article, by=editor, at=FIXED + timedelta(hours=2), now=FIXED)
    assert caught.value.messages == [
        gettext("The republication terms of %(source)s have expired.") % {"source": source}
    ]


def test_article_unschedule_returns_to_review_and_never_publishes(editor):
    article = article_schedule(article=make_article(), by=editor, at=FIXED + timedelta(hours=1), now=FIXED)
    article_unschedule(article=article, by=editor, now=FIXED)
    article = fresh(article)
    assert article.status == Article.Status.IN_REVIEW and article.published_at is None
    assert not Article.objects.published(at=FIXED + timedelta(days=1)).exists()
    event = article.events.first()
    assert (
        event.kind == "unschedule"
        and event.from_state == "scheduled"
        and event.scheduled_for == FIXED + timedelta(hours=1)
    )


def test_article_publish_now_from_schedule(editor):
    article = article_schedule(article=make_article(), by=editor, at=FIXED + timedelta(hours=1), now=FIXED)
    article_publish(article=article, by=editor, now=FIXED)
    assert fresh(article).published_at == FIXED


def test_article_withdraw_requires_reason_and_keeps_the_data(editor):
    article = article_publish(article=make_article(), by=editor)
    with pytest.raises(ValidationError):
        article_withdraw(article=article, by=editor, comment="")
    assert fresh(article).status == Article.Status.PUBLISHED
    article_withdraw(article=article, by=editor, comment="طلب قانوني")
    article = fresh(article)
    assert article.is_withdrawn and article.withdrawn_at is not None
    assert not Article.objects.published().exists()
    assert article.events.first().comment == "طلب قانوني"


def test_article_restore_brings_withdrawn_story_back_as_draft(editor):
    article = article_publish(article=make_article(), by=editor)
    article = article_withdraw(article=article, by=editor, comment="خطأ")
    article_restore(article=article, by=editor)
    article = fresh(article)
    assert article.status == Article.Status.DRAFT and article.published_at is None and not article.is_withdrawn


def test_transitions_announce_after_commit_only(editor, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, article, action, from_state, to_state, by, **kwargs):
        received.append((article.pk, action, from_state, to_state, by))

    article_transitioned.connect(receiver)
    try:
        article = make_article()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            article_publish(article=article, by=editor)
        assert received == []
        for callback in callbacks:
            callback()
        assert received == [(article.pk, "publish", "draft", "published", editor)]
    finally:
        article_transitioned.disconnect(receiver)


def test_each_transition_keeps_a_revision(editor):
    article = article_publish(article=make_article(), by=editor)
    revisions = list(article_revisions(article))
    assert len(revisions) == 1 and revisions[0].user == editor


def test_article_correct_adds_dated_note_to_published_story_only(editor, writer):
    draft = make_article()
    with pytest.raises(ValidationError):
        article_correct(article=draft, by=editor, text="تصحيح")
    article = article_publish(article=make_article(), by=editor, now=FIXED - timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        article_correct(article=article, by=writer, text="تصحيح")
    correction = article_correct(article=article, by=editor, text="صُحّح عدد الضحايا", language="ar", now=FIXED)
    assert Correction.objects.get() == correction and correction.created_at == FIXED and correction.created_by == editor
    assert fresh(article).events.first().kind == "correct"


def test_a_correction_makes_a_new_version_of_the_story(editor):
    article = article_publish(article=make_article(), by=editor, now=FIXED - timedelta(hours=1))
    before = fresh(article)

    article_correct(article=article, by=editor, text="صُحّح اسم المدينة", now=FIXED)

    after = fresh(article)
    assert after.version == before.version + 1 and after.updated_at > before.updated_at
    assert after.updated_by == editor and after.status == before.status


def test_restore_revision_round_trip_with_arabic_english_and_tags(editor):
    article = make_article(
        title="العنوان الأول",
        body="<p>الفقرة الأولى</p>",
        en={"title": "First title", "body": "<p>First paragraph</p>", "byline": "Staff"},
        tags=["سوريا", "أذربيجان"],
    )
    article = article_publish(article=article, by=editor)  # revision 1, now published
    first_revision = article_revisions(article).first()

    article = fresh(article)
    article.set_current_language("ar")
    article.title = "العنوان الثاني"
    article.body = "<p>فقرة مختلفة</p>"
    article.set_current_language("en")
    article.title = "Second title"
    article.save()
    article.tags.set(["إسرائيل"])
    with pytest.raises(PermissionDenied):
        article_restore_revision(article=article, by=_writer(), revision_id=first_revision.pk)

    article_restore_revision(article=article, by=editor, revision_id=first_revision.pk)
    restored = fresh(article)
    assert restored.safe_translation_getter("title", language_code="ar") == "العنوان الأول"
    assert restored.safe_translation_getter("body", language_code="ar") == "<p>الفقرة الأولى</p>"
    assert restored.safe_translation_getter("title", language_code="en") == "First title"
    assert sorted(restored.tags.names()) == ["أذربيجان", "سوريا"]
    assert Tag.objects.filter(name="إسرائيل").exists()  # shared tags are never deleted
    # The workflow state is not turned back, and the restore is on record.
    assert restored.status == Article.Status.PUBLISHED and restored.version == article.version + 1
    assert restored.events.first().kind == "revert"
    assert article_revisions(restored).count() == 2


def _writer():
    from tests.factories import make_user

    return make_user("someone", role="Writers")


def test_restore_revision_leaves_out_tags_merged_since(editor):
    article = article_publish(article=make_article(title="قبل الدمج", tags=["إيران", "طهران"]), by=editor)
    revision = article_revisions(article).first()
    article = fresh(article)
    article.set_current_language("ar")
    article.title = "بعد الدمج"
    article.save()
    Tag.objects.get(name="طهران").delete()  # as the tag merge action does
    article_restore_revision(article=article, by=editor, revision_id=revision.pk)
    restored = fresh(article)
    assert restored.safe_translation_getter("title", language_code="ar") == "قبل الدمج"
    assert list(restored.tags.names()) == ["إيران"]
    left_out = ngettext(
        "%(count)d tag of that revision has since been merged or deleted and was left out.",
        "%(count)d tags of that revision have since been merged or deleted and were left out.",
        1,
    ) % {"count": 1}
    assert left_out in restored.events.first().comment


def test_restore_revision_naming_a_deleted_section_is_refused_and_changes_nothing(editor):
    from articles.models import Section
    from tests.factories import make_section

    old_section, new_section = make_section(), make_section(name="اقتصاد", name_en="Economy")
    article = article_publish(article=make_article(title="الأول", section=old_section), by=editor)
    revision = article_revisions(article).first()
    article = fresh(article)
    article.section = new_section
    article.set_current_language("ar")
    article.title = "الثاني"
    article.save()
    Section.objects.filter(pk=old_section.pk).delete()
    with pytest.raises(ValidationError):
        article_restore_revision(article=article, by=editor, revision_id=revision.pk)
    unchanged = fresh(article)
    assert (
        unchanged.section == new_section and unchanged.safe_translation_getter("title", language_code="ar") == "الثاني"
    )
    assert not unchanged.events.filter(kind="revert").exists()
