"""Ingest's cleaning half: debris kept on the item, headlines from the first clean line, unreadable dates flagged."""

import pytest
from django.urls import reverse

from articles.ingest.services import ingest_file
from articles.models import DebrisRule, IngestedItem

from .conftest import feed_path
from .factories import make_feed, make_partner

pytestmark = pytest.mark.django_db


def test_ingest_keeps_removed_lines_moves_label_and_hashtags_and_flags_an_unreadable_date():
    partner = make_partner()
    run = ingest_file(feed_path("aden_debris_rss.xml"), source=partner, feed=make_feed(partner))
    assert (run.status, run.items_new) == ("ok", 2)

    ship = IngestedItem.objects.get(guid="aden-debris-1")
    assert (ship.title, ship.title_prefix) == ("وصول سفينة وقود إلى ميناء عدن", "أخبار عدن")
    assert ship.categories == ["عدن", "اليمن"]
    assert ship.body == (
        "<p>رست في ميناء عدن صباح الأحد سفينة محملة بثلاثين ألف طن من الوقود.</p>"
        "<p>وقالت مؤسسة الموانئ إن التفريغ يبدأ خلال ساعات.</p>"
    )
    assert [(line["text"], line["reason"]) for line in ship.removed_lines] == [
        ("وصول سفينة وقود إلى ميناء عدن", "headline"),
        ("×", "glyphs"),
        ("شارك الخبر", "share"),
        ("العودة إلى الأعلى", "rule:العودة إلى الأعلى"),
    ]
    # An hour of 25 is not rolled into the next day: the raw date is kept, the reading time used, and flagged.
    assert ship.published_guessed and ship.published_raw == "Sun, 07 Dec 2025 25:10:00 GMT"
    assert ship.published_at == run.started_at
    assert ship.article.original_published_at is None

    plan = IngestedItem.objects.get(guid="aden-debris-2")
    # No headline: the first clean line (not the date, not the ×), cut on a word boundary.
    assert plan.title.startswith("أعلنت السلطة المحلية في محافظة عدن") and plan.title.endswith("…")
    assert len(plan.title) <= 120 and plan.title[:-1] in plan.body and not plan.published_guessed


def test_a_rule_added_by_an_editor_applies_to_the_next_items():
    DebrisRule.objects.create(kind=DebrisRule.Kind.PREFIX, text="رست في ميناء", max_words=30)
    partner = make_partner()
    ingest_file(feed_path("aden_debris_rss.xml"), source=partner, feed=make_feed(partner))
    ship = IngestedItem.objects.get(guid="aden-debris-1")
    assert "رست في ميناء" not in ship.body
    assert ("رست في ميناء عدن صباح الأحد سفينة محملة بثلاثين ألف طن من الوقود.", "rule:رست في ميناء") in [
        (line["text"], line["reason"]) for line in ship.removed_lines
    ]


def test_draft_form_shows_as_received_and_cleaned_lines(admin_client):
    partner = make_partner()
    ingest_file(feed_path("aden_debris_rss.xml"), source=partner, feed=make_feed(partner))
    ship = IngestedItem.objects.get(guid="aden-debris-1")
    for url in (
        reverse("admin:articles_article_change", args=[ship.article_id]),
        reverse("admin:articles_ingesteditem_change", args=[ship.pk]),
    ):
        content = admin_client.get(url).content.decode()
        assert "<del>شارك الخبر</del>" in content and "<del>×</del>" in content
        assert "العودة إلى الأعلى" in content and "Sun, 07 Dec 2025 25:10:00 GMT" in content


def test_debris_rule_admin_adds_a_rule_and_refuses_a_broken_pattern(admin_client):
    url = reverse("admin:articles_debrisrule_add")
    response = admin_client.post(url, {"kind": "pattern", "text": "(تعليق", "note": "", "is_active": "on"})
    assert response.status_code == 200 and not DebrisRule.objects.filter(text="(تعليق").exists()
    assert "errorlist" in response.content.decode()
    response = admin_client.post(url, {"kind": "phrase", "text": "  تكبير الخط ", "note": "زر", "is_active": "on"})
    assert response.status_code == 302
    assert DebrisRule.objects.get(text="تكبير الخط").kind == "phrase"
    assert admin_client.get(reverse("admin:articles_debrisrule_changelist")).status_code == 200


def test_a_new_rule_does_not_make_unchanged_items_look_changed_at_the_source():
    partner = make_partner()
    feed = make_feed(partner)
    ingest_file(feed_path("aden_debris_rss.xml"), source=partner, feed=feed)
    DebrisRule.objects.create(kind=DebrisRule.Kind.PHRASE, text="وقالت مؤسسة الموانئ إن التفريغ يبدأ خلال ساعات")
    run = ingest_file(feed_path("aden_debris_rss.xml"), source=partner, feed=feed)
    assert (run.items_updated, run.items_duplicate) == (0, 2)
    assert not IngestedItem.objects.filter(update_pending=True).exists()


def test_editors_keep_the_debris_rules_and_a_rule_is_shown_by_its_note(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_debrisrule_add"),
        {"kind": "prefix", "text": "رست في ميناء", "max_words": "30", "note": "سطر تجريبي", "is_active": "on"},
    )
    assert response.status_code == 302
    partner = make_partner()
    ingest_file(feed_path("aden_debris_rss.xml"), source=partner, feed=make_feed(partner))
    ship = IngestedItem.objects.get(guid="aden-debris-1")
    content = client.get(reverse("admin:articles_ingesteditem_change", args=[ship.pk])).content.decode()
    assert "سطر تجريبي" in content


def test_debris_rule_admin_tries_the_rule_on_pasted_lines(admin_client):
    response = admin_client.post(
        reverse("admin:articles_debrisrule_add"),
        {
            "kind": "prefix",
            "text": "تابعونا",
            "max_words": "8",
            "note": "",
            "is_active": "on",
            "sample": "تابعونا على فيسبوك\nتابعونا على تيليجرام لمتابعة الأخبار\nافتتحت البلدية سوقاً جديداً.",
        },
        follow=True,
    )
    text = [str(message) for message in response.context["messages"]]
    assert any("تابعونا على فيسبوك" in message and "افتتحت" not in message for message in text)


def test_items_with_an_unreadable_date_can_be_listed(admin_client):
    partner = make_partner()
    ingest_file(feed_path("aden_debris_rss.xml"), source=partner, feed=make_feed(partner))
    response = admin_client.get(reverse("admin:articles_ingesteditem_changelist") + "?published_guessed__exact=1")
    assert response.status_code == 200 and response.context["cl"].result_count == 1


@pytest.mark.parametrize(
    "name",
    [
        "legacy_undeclared_iso8859_6.xml",
        "legacy_undeclared_cp720.xml",
        "legacy_1256_declared_koi8r.xml",
        "legacy_undeclared_koi8r_russian.xml",
        "legacy_mixed_encodings.xml",
        "leading_whitespace.xml",
        "doctype_internal_entities.xml",
        "bad_dates_rss.xml",
    ],
)
def test_no_feed_class_is_stored_as_garbage(name):
    from articles.ingest.encoding import plausible

    partner = make_partner()
    run = ingest_file(feed_path(name), source=partner, feed=make_feed(partner))
    if run.status == "failed":
        assert run.error_code == "undecodable" and name == "legacy_mixed_encodings.xml"
        assert not IngestedItem.objects.exists()
        return
    items = list(IngestedItem.objects.all())
    assert items and run.items_failed == 0
    for item in items:
        assert plausible(item.title) and plausible(item.body) and "\ufffd" not in item.body
        assert item.published_guessed == (item.published_raw == "" or item.published_at == run.started_at)
