"""No stray English: every public page and every admin page a role uses, rendered in Arabic.

For each page the test checks ``lang`` and ``dir`` and looks, in the text a person reads (and
the labels screen readers speak), for any English message id that our Arabic catalog
translates. Finding one means a string was not marked for translation, was marked in a way
gettext cannot see, or comes from a package whose strings our catalog must carry
(cms/i18n_vendor.py). Text the page itself marks as another language (``lang="en"`` around the
language switcher's "English", share-service names) is left out, and so is user content.
The English public pages are checked the same way for Arabic translations shown in them.
"""

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Feed, Section
from articles.newsroom.revisions import article_revisions
from articles.newsroom.services import article_correct, article_submit, article_withdraw
from articles.public.links import article_path, page_path, section_path
from sources.models import DisclaimerTemplate, Source
from tests.articles.helpers import change_url, form_data, logged_in
from tests.factories import make_article
from tools.demo.load import load_demo

pytestmark = pytest.mark.django_db

CATALOG = Path(__file__).resolve().parent.parent / "locale" / "ar" / "LC_MESSAGES" / "django.po"
# Words that are the same in both languages or never shown as interface text.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|\{\{ ?\w+ ?\}\}")
ARABIC = re.compile("[\u0600-\u06ff]")
# Attributes whose values people read or hear (the rest are machine values).
SPOKEN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}


# ---- the catalog ----


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def catalog_entries(path: Path = CATALOG) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural and msgstr (list), skipping obsolete ones."""
    entries, entry, key, fuzzy = [], {}, None, False

    def flush():
        nonlocal entry, fuzzy
        if "msgid" in entry:
            entry["fuzzy"] = fuzzy
            entries.append(entry)
        entry, fuzzy = {}, False

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            flush()
            key = None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key is not None:
                if key.startswith("msgstr["):
                    entry["msgstr"][-1] += _unquote(line)
                else:
                    entry[key] += _unquote(line)
        else:
            word, _space, value = line.partition(" ")
            if word.startswith("msgstr["):
                entry.setdefault("msgstr", []).append(_unquote(value))
            elif word == "msgstr":
                entry["msgstr"] = [_unquote(value)]
            else:
                entry[word] = _unquote(value)
            key = word
    flush()
    return entries


def translated_phrases(path: Path = CATALOG) -> set[str]:
    """English text that the catalog translates into something else: what must never show in Arabic.

    A msgid with placeholders contributes its longest literal part, when that part is long
    enough to be recognised on its own.
    """
    phrases = set()
    for entry in catalog_entries(path):
        if not entry["msgid"] or entry["fuzzy"] or not any(entry.get("msgstr", [])):
            continue
        for english in filter(None, (entry["msgid"], entry.get("msgid_plural"))):
            if english in entry["msgstr"]:
                continue
            literal = re.sub(r"<[^>]+>", "%s", english)  # markup in a msgid splits it like a placeholder
            parts = [part.strip(" .,:;—-()“”\"'") for part in PLACEHOLDER.split(literal)]
            if len(parts) > 1:
                parts = [max(parts, key=len)] if max(parts, key=len).count(" ") >= 2 else []
            phrases.update(part for part in parts if len(part) > 3 and re.search(r"[A-Za-z]{2}", part))
    return phrases


def arabic_interface_text(path: Path = CATALOG) -> set[str]:
    """The Arabic translations themselves (their literal parts): what an English page must not show."""
    phrases = set()
    for entry in catalog_entries(path):
        if entry["fuzzy"] or not entry["msgid"]:
            continue
        for arabic in entry.get("msgstr", []):
            literal = re.sub(r"<[^>]+>", "%s", arabic)
            parts = [part.strip(" .,:;،؛—-()“”«»\"'") for part in PLACEHOLDER.split(literal)]
            longest = max(parts, key=len)
            if len(parts) > 1 and longest.count(" ") < 2:
                continue
            phrases.update(
                part for part in ([longest] if len(parts) > 1 else parts) if len(part) > 3 and ARABIC.search(part)
            )
    return phrases


# ---- the page ----


class ReadableText(HTMLParser):
    """The text a reader reads or hears in a page, minus scripts, styles and other-language parts."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = [("", False)]
        self.page_language = language
        self.chunks: list[str] = []

    def _skipped(self) -> bool:
        return self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or "").split("-")[0]
        skipped = self._skipped() or tag in {"script", "style", "template"} or (lang and lang != self.page_language)
        if not skipped:
            for name in SPOKEN_ATTRIBUTES & attrs.keys():
                self.chunks.append(attrs[name] or "")
            if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
                self.chunks.append(attrs.get("value") or "")
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._skipped():
            self.chunks.append(data)

    @classmethod
    def of(cls, html: str, language: str) -> str:
        parser = cls(language)
        parser.feed(html)
        parser.close()
        return "\n".join(parser.chunks)


def stray_phrases(html: str, language: str, phrases: set[str]) -> list[str]:
    text = re.sub(r"\s+", " ", ReadableText.of(html, language))
    return sorted(
        # A word inside a file path or an address ("articles/…/demo.jpg", "feeds.example/rss") is not text.
        phrase for phrase in phrases if re.search(rf"(?<![\w/.-]){re.escape(phrase)}(?![\w/-])", text)
    )


def page_problems(response, language: str, phrases: set[str], what: str) -> list[str]:
    """What is wrong with one page: its status, its ``lang``/``dir``, and the untranslated text it shows."""
    if response.status_code not in {200, 404, 410}:
        return [f"{what}: status {response.status_code}"]
    html = response.content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    problems = [] if re.search(rf'<html lang="{language}" dir="{direction}"', html) else [f"{what}: not {language}/{direction}"]
    stray = stray_phrases(html, language, phrases)
    return problems + ([f"{what} shows untranslated text: {stray}"] if stray else [])


@pytest.fixture(scope="module")
def arabic_phrases() -> set[str]:
    return translated_phrases()


@pytest.fixture
def newsroom(django_capture_on_commit_callbacks):
    """The demo site, plus a story in review with revisions and a history, a correction, a withdrawal and a feed."""
    with django_capture_on_commit_callbacks(execute=True):  # the search index is filled on commit
        load_demo(password="kalimat-sirr-tajribiya", now=timezone.now())
    users = {user.username: user for user in get_user_model().objects.all()}
    editor, writer = users["editor"], users["writer"]
    published = Article.objects.filter(status=Article.Status.PUBLISHED, translations__language_code="en")
    original = published.filter(origin=Article.Origin.ORIGINAL).order_by("pk").first()
    republished = published.filter(origin=Article.Origin.REPUBLISHED, source__isnull=False).order_by("pk").first()
    withdrawn = published.exclude(pk__in=[original.pk, republished.pk]).order_by("pk").first()
    article_correct(article=original, by=editor, text="صُحّح اسم المدينة في الفقرة الثانية.")
    article_withdraw(article=withdrawn, by=editor, comment="سُحب لخطأ في المصدر.")

    draft = make_article(
        title="خبر قيد المراجعة",
        author=writer,
        section=Section.objects.order_by("pk").first(),
        en={"title": "A story in review", "body": "<p>English text.</p>"},
    )
    client = logged_in(writer)
    client.post(change_url(draft, "ar"), form_data(draft, tags="سوريا"))
    client.post(change_url(draft, "ar"), form_data(draft, title="خبر قيد المراجعة بعد التعديل", tags="سوريا, لبنان"))
    draft.refresh_from_db()
    article_submit(article=draft, by=writer, comment="جاهز للمراجعة.")
    feed = Feed.objects.create(source=republished.source, url="https://feeds.example/rss", name="خلاصة تجريبية")
    return {
        "users": users,
        "original": original,
        "republished": republished,
        "withdrawn": withdrawn,
        "in_review": draft,
        "feed": feed,
    }


def public_pages(newsroom: dict, language: str) -> dict[str, str]:
    original, republished = newsroom["original"], newsroom["republished"]
    tag = original.tags.order_by("pk").first()
    return {
        "home": page_path(language, "articles:home"),
        "home, page 2": page_path(language, "articles:home") + "?page=2",
        "section": section_path(original.section, language),
        "tag": page_path(language, "articles:tag", slug=tag.slug),
        "source": page_path(language, "articles:source", slug=republished.source.slug),
        "article (original)": article_path(original, language),
        "article (republished)": article_path(republished, language),
        "about": page_path(language, "articles:about"),
        "feeds": page_path(language, "articles:feeds"),
        "search": page_path(language, "search"),
        "search with results": page_path(language, "search") + "?q=" + ("سوريا" if language == "ar" else "Syria"),
        "search without results": page_path(language, "search") + "?q=zzzzqqq",
        "404": page_path(language, "articles:home") + "no-such-page/",
        "410": article_path(newsroom["withdrawn"], language),
    }


def admin_pages(newsroom: dict) -> list[tuple[str, str, str]]:
    """(user, what, url) for every admin page a role opens in the newsroom's work."""
    story, original, feed = newsroom["in_review"], newsroom["original"], newsroom["feed"]
    revisions = list(article_revisions(story))
    pages = [
        ("editor", "dashboard", reverse("admin:index")),
        ("editor", "article changelist", reverse("admin:articles_article_changelist")),
        ("editor", "article changelist, in review", reverse("admin:articles_article_changelist") + "?state=in_review"),
        ("editor", "article in review (workflow buttons, timeline)", change_url(story, "ar")),
        ("editor", "published article", change_url(original, "ar")),
        ("editor", "published article, English tab", change_url(original, "en")),
        ("editor", "add article", reverse("admin:articles_article_add")),
        ("editor", "revisions", reverse("admin:articles_article_revisions", args=[story.pk])),
        (
            "editor",
            "revision compare",
            reverse("admin:articles_article_compare", args=[story.pk])
            + f"?a={revisions[-1].pk}&b={revisions[0].pk}",
        ),
        ("editor", "section changelist", reverse("admin:articles_section_changelist")),
        ("editor", "section form", reverse("admin:articles_section_change", args=[original.section_id])),
        ("editor", "add section", reverse("admin:articles_section_add")),
        ("editor", "source changelist", reverse("admin:sources_source_changelist")),
        ("editor", "source form", reverse("admin:sources_source_change", args=[newsroom["republished"].source_id])),
        ("editor", "add source", reverse("admin:sources_source_add")),
        ("editor", "disclaimer changelist", reverse("admin:sources_disclaimertemplate_changelist")),
        (
            "editor",
            "disclaimer form",
            reverse("admin:sources_disclaimertemplate_change", args=[DisclaimerTemplate.objects.order_by("pk").first().pk]),
        ),
        ("editor", "feed changelist", reverse("admin:articles_feed_changelist")),
        ("editor", "feed form", reverse("admin:articles_feed_change", args=[feed.pk])),
        ("editor", "add feed", reverse("admin:articles_feed_add")),
        ("writer", "dashboard", reverse("admin:index")),
        ("writer", "article changelist", reverse("admin:articles_article_changelist")),
        ("writer", "add article", reverse("admin:articles_article_add")),
        ("writer", "article in review (read only)", change_url(story, "ar")),
        ("translator", "dashboard", reverse("admin:index")),
        ("translator", "article changelist", reverse("admin:articles_article_changelist")),
        ("translator", "published article, Arabic (read only)", change_url(original, "ar")),
        ("translator", "published article, English tab", change_url(original, "en")),
        ("admin", "dashboard", reverse("admin:index")),
        ("admin", "user changelist", reverse("admin:auth_user_changelist")),
        ("admin", "groups", reverse("admin:auth_group_changelist")),
    ]
    assert Source.objects.exists() and len(revisions) >= 2
    return pages


def test_every_public_page_is_all_arabic(client, newsroom, arabic_phrases):
    problems = [
        problem
        for what, url in public_pages(newsroom, "ar").items()
        for problem in page_problems(client.get(url), "ar", arabic_phrases, what)
    ]
    assert not problems, "\n".join(problems)


def test_every_public_page_is_all_english(client, newsroom, arabic_phrases):
    """English pages use the msgids themselves; they must show no Arabic interface text either."""
    arabic_text = arabic_interface_text()
    problems = [
        problem
        for what, url in public_pages(newsroom, "en").items()
        for problem in page_problems(client.get(url), "en", arabic_text, what)
    ]
    assert not problems, "\n".join(problems)


def test_every_admin_page_of_every_role_is_all_arabic(newsroom, arabic_phrases):
    clients = {name: logged_in(user) for name, user in newsroom["users"].items()}
    problems = [
        problem
        for user, what, url in admin_pages(newsroom)
        for problem in page_problems(clients[user].get(url), "ar", arabic_phrases, f"{what} ({user})")
    ]
    assert not problems, "\n".join(problems)


def test_admin_login_page_is_all_arabic(client, arabic_phrases):
    problems = page_problems(client.get(reverse("admin:login")), "ar", arabic_phrases, "login")
    assert not problems, "\n".join(problems)


def test_the_check_finds_untranslated_text_and_skips_what_it_should(arabic_phrases):
    assert {"Latest stories", "Search the site", "Breaking"} <= arabic_phrases
    html = (
        '<html lang="ar" dir="rtl"><body><h2>Latest stories</h2><input placeholder="Search the site">'
        "<script>var label = 'Breaking';</script>"
        '<ul><li><a lang="en" href="/en/">English <b>Breaking</b></a></li></ul>'
        "<p>articles/2024/demo.jpg</p></body></html>"
    )
    assert stray_phrases(html, "ar", arabic_phrases) == ["Latest stories", "Search", "Search the site", "stories"]


def test_rich_text_editor_dialogs_get_the_javascript_catalog(admin_client, settings):
    """The editor translates its dialogs with window.gettext: the change form loads the admin's
    JavaScript catalog, which serves our djangojs catalog (cms/i18n_vendor.js lists the strings)."""
    import gettext as gnu_gettext

    arabic = gnu_gettext.translation("djangojs", localedir=settings.LOCALE_PATHS[0], languages=["ar"]).gettext("Edit Link")
    assert arabic != "Edit Link"

    form = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    catalog_url = reverse("admin:jsi18n")
    assert f'<script src="{catalog_url}">' in form and "django_prose_editor/editor.js" in form
    catalog = admin_client.get(catalog_url).content.decode()
    assert json.dumps({"Edit Link": arabic})[1:-1] in catalog  # Django writes the catalog as ASCII JSON
