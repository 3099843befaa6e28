"""The demo's live story: the Aden power cut, covered live with pinned and key updates.

``ensure_live_story`` is idempotent: the coverage is started once, its updates posted once (as
the writer and the editor, through ``articles.newsroom.live``), and on every later load only
their times are moved, so the page reads as happening now. One update (the hospital's) shows a
picture from the library whose rights allow it: the story's own lead picture when it can.
"""

from datetime import datetime, timedelta

from articles.models import Article, LiveEntry, Picture
from articles.newsroom.checks import one_picture_problems
from articles.newsroom.live import live_entry_post, live_start
from articles.newsroom.pictures import live_picture_shown
from sources.arabic import arabic_slugify

LIVE_TITLE = "انقطاع الكهرباء عن معظم أحياء عدن إثر عطل في محطة توليد رئيسية"

# Which update (by its place, oldest first) shows a picture from the library.
PICTURE_ENTRY = 3

# (minutes ago, who posts it, text, key event, pinned), oldest first.
LIVE_ENTRIES = [
    (
        28,
        "writer",
        "انقطع التيار عن مديريات المعلا وكريتر والتواهي والشيخ عثمان. لا يزال سبب العطل غير معروف.",
        True,
        False,
    ),
    (
        21,
        "writer",
        "مصدر في المؤسسة العامة للكهرباء: فرق الصيانة وصلت إلى محطة التوليد، والأولوية لإعادة التيار إلى المستشفيات.",
        False,
        False,
    ),
    (
        14,
        "editor",
        "ما نعرفه حتى الآن: العطل في محطة توليد رئيسية، والانقطاع يشمل معظم أحياء المدينة، والمؤسسة تتوقع عودة "
        "التيار تدريجيًا خلال ساعات. نحدّث هذه الصفحة كلما وردت معلومات جديدة.",
        False,
        True,
    ),
    (
        8,
        "writer",
        "مستشفى الجمهورية يعمل بالمولدات الاحتياطية، وإدارته تقول إن الوقود يكفي حتى صباح الغد.",
        False,
        False,
    ),
    (3, "writer", "عاد التيار إلى مستشفى الجمهورية ومضخات المياه في كريتر، بحسب المؤسسة.", True, False),
]


def ensure_live_story(*, users: dict, now: datetime) -> Article | None:
    """Cover the power-cut story live, with its updates, and anchor their times on ``now``."""
    article = Article.objects.translated("ar", slug=arabic_slugify(LIVE_TITLE)).first()
    if article is None:
        return None
    coverage = live_start(article=article, by=None, now=now - timedelta(minutes=30))
    coverage.started_at = now - timedelta(minutes=30)
    coverage.save(update_fields=["started_at"])
    entries = list(LiveEntry.objects.filter(coverage=coverage).order_by("pk"))
    if not entries:
        for minutes, who, text, key, pinned in LIVE_ENTRIES:
            live_entry_post(
                article=article,
                by=users[who],
                body=f"<p>{text}</p>",
                key_event=key,
                pinned=pinned,
                now=now - timedelta(minutes=minutes),
            )
        entries = list(LiveEntry.objects.filter(coverage=coverage).order_by("pk"))
    else:
        for entry, (minutes, *_rest) in zip(entries, LIVE_ENTRIES, strict=False):
            LiveEntry.objects.filter(pk=entry.pk).update(posted_at=now - timedelta(minutes=minutes))
    if len(entries) > PICTURE_ENTRY and entries[PICTURE_ENTRY].picture_id is None:
        _show_picture(entries[PICTURE_ENTRY], article, now)
    return article


def _show_picture(entry: LiveEntry, article: Article, now: datetime) -> None:
    """Give the update a library picture its rights allow (the story's lead picture first); none if none can."""
    candidates = [article.picture] if article.picture_id else []
    candidates += list(Picture.objects.filter(withdrawn_at__isnull=True).exclude(file="").order_by("pk")[:20])
    for picture in candidates:
        if picture.file and picture.width and not one_picture_problems(picture, at=now):
            LiveEntry.objects.filter(pk=entry.pk).update(picture=picture, picture_shown=live_picture_shown(picture))
            return
