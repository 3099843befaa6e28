"""The admin index as an editorial dashboard."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.admin.dashboard import published_chart, state_counts
from articles.newsroom.services import article_publish, article_schedule, article_submit, article_withdraw
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db


def newsroom(editor):
    now = timezone.now()
    make_article(title="مسودة أولى")
    make_article(title="مسودة ثانية")
    article_submit(article=make_article(title="قيد المراجعة"), by=None)
    article_schedule(article=make_article(title="مجدول لاحقاً"), by=None, at=now + timedelta(hours=5))
    source = make_source()
    for days_ago in (0, 0, 3):
        article_publish(
            article=make_article(title=f"منقول {days_ago}", origin="republished", source=source),
            by=None,
            at=now - timedelta(days=days_ago, minutes=5),
        )
    article_publish(article=make_article(title="خاص"), by=None, at=now - timedelta(days=1))
    article_withdraw(article=article_publish(article=make_article(title="مسحوب"), by=None), by=None, comment="سبب")
    return source


def test_state_counts(editor):
    newsroom(editor)
    assert state_counts() == {"draft": 2, "in_review": 1, "scheduled": 1, "published": 4, "withdrawn": 1}


def test_dashboard_on_the_admin_index(editor):
    newsroom(editor)
    client = Client()
    client.force_login(editor)
    content = client.get("/admin/").content.decode()
    counts = dict(re.findall(r'data-state="(\w+)"><a [^>]*><strong>(\d+)</strong>', content))
    assert counts == {"draft": "2", "in_review": "1", "scheduled": "1", "published": "4", "withdrawn": "1"}
    review = content[content.index('id="review-queue"') : content.index('id="scheduled-queue"')]
    scheduled = content[content.index('id="scheduled-queue"') : content.index('id="recently-published"')]
    recent = content[content.index('id="recently-published"') : content.index('id="published-chart"')]
    assert "قيد المراجعة" in review and "مجدول لاحقاً" not in review
    assert "مجدول لاحقاً" in scheduled and "<time" in scheduled
    assert "منقول 0" in recent and "مجدول لاحقاً" not in recent and "مسحوب" not in recent
    chart = content[content.index('id="published-chart"') :]
    assert "<svg" in chart and "<script" not in content.split('id="published-chart"')[1].split("</figure>")[0]
    assert chart.count("<rect") == 3  # today (source), yesterday (own reporting), three days ago (source)
    # Coordinates keep a dot as the decimal mark in Arabic (a comma would make the bars vanish).
    for rect in re.findall(r"<rect [^>]*>", chart):
        for value in re.findall(r'(?:x|y|width|height)="([^"]*)"', rect):
            assert re.fullmatch(r"-?\d+(\.\d+)?", value), rect


def test_chart_stacks_sources_per_local_day(editor):
    source = newsroom(editor)
    chart = published_chart()
    assert chart.total == 4
    legend = {item["label"]: item["total"] for item in chart.legend}
    assert legend[source.display_name()] == 3 and sum(legend.values()) == 4
    assert all(0 <= bar.y and bar.y + bar.height <= chart.plot_bottom + 0.01 for bar in chart.bars)
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.height == pytest.approx(chart.plot_bottom - chart.plot_top)


def test_writer_sees_the_dashboard_but_users_without_article_rights_do_not(writer):
    from tests.factories import make_user

    client = Client()
    client.force_login(writer)
    assert 'id="review-queue"' in client.get("/admin/").content.decode()
    outsider = make_user("outsider", is_staff=True)
    client.force_login(outsider)
    assert 'id="review-queue"' not in client.get("/admin/").content.decode()


def test_dashboard_query_count_does_not_grow_with_stories(editor, django_assert_max_num_queries):
    client = Client()
    client.force_login(editor)
    newsroom(editor)
    with django_assert_max_num_queries(60) as first:
        client.get("/admin/")
    newsroom(editor)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/admin/")


def test_a_writers_desk_shows_returned_stories_with_the_note_and_her_drafts(writer, editor):
    from articles.newsroom.services import article_request_changes

    returned = make_article(title="خبر أعيد إلي", author=writer, byline="محرر")
    article_submit(article=returned, by=writer, comment="أرجو المراجعة")
    article_request_changes(article=returned, by=editor, comment="أضف اسم المصدر في الفقرة الأولى")
    make_article(title="مسودتي الجديدة", author=writer)
    make_article(title="مسودة زميل", author=editor)
    client = Client()
    client.force_login(writer)

    page = client.get("/admin/").content.decode()

    desk_returned = page.split('id="returned-to-me"', 1)[1].split('id="my-drafts"', 1)[0]
    desk_drafts = page.split('id="my-drafts"', 1)[1].split("</div>", 1)[0]
    assert "خبر أعيد إلي" in desk_returned and "أضف اسم المصدر في الفقرة الأولى" in desk_returned
    assert "مسودتي الجديدة" in desk_drafts and "خبر أعيد إلي" not in desk_drafts
    assert "مسودة زميل" not in desk_returned + desk_drafts
    assert 'class="button default new-story" href="/admin/articles/article/add/"' in page


def test_a_writer_sends_a_note_with_her_story_and_it_stays_on_the_timeline(writer):
    from django.urls import reverse

    article = make_article(title="خبر مع ملاحظة", author=writer, byline="محرر")
    client = Client()
    client.force_login(writer)
    form = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'id="comment-submit" name="comment"' in form

    url = reverse("admin:articles_article_transition", args=[article.pk, "submit"])
    assert client.post(url, {"comment": "الصورة من مراسلنا، تحققت منها"}).status_code == 302

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "الصورة من مراسلنا، تحققت منها" in page.split('class="timeline"', 1)[1]


def test_a_draft_changed_seconds_ago_says_just_now_and_an_older_one_says_how_long(writer):
    from articles.models import Article

    make_article(title="مسودة الآن", author=writer)
    older = make_article(title="مسودة الأمس", author=writer)
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(hours=3))
    client = Client()
    client.force_login(writer)

    drafts = client.get("/admin/").content.decode().split('id="my-drafts"', 1)[1].split("</div>", 1)[0]

    assert "عُدّلت الآن" in drafts and "0\xa0دقيقة" not in drafts
    assert "عُدّلت قبل 3\xa0ساعات" in drafts
