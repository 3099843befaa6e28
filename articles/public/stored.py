"""Stories as last rendered, kept in the database (``StoredRendering``) so a story nobody asked for
since the last change anywhere on the site costs one query instead of a rendering.

Kept page parts (``fragments``) live for one content generation, which every publication ends; a
reader arriving from a search engine at a story of last year finds none of them. A stored
rendering lives as long as the story and what it shows stay the same:

- ``Article.render_stamp`` takes a new random value with every change to the story or to anything
  its page shows (``articles.public.receivers``, and ``ArticleQuerySet.update``); a rendering is
  used only while its ``stamp`` is the story's. The builder reads the stamp *before* it reads the
  story, so a change committed while it renders leaves a rendering that is never used.
- ``fingerprint()`` names the code, templates, translations and display settings; a deploy that
  changes any of them retires every rendering, and the fill task renders the archive again,
  newest first, while pages are rendered as before meanwhile.
- Addresses are rendered for ``ORIGIN`` and replaced by the reader's origin when read.

Each kind of rendering has one builder, registered by the area that owns it: ``page`` (the
story's head tags and body) and ``card`` (its cards in each style), in ``stored_pages``, and
``api`` (its ninjs document, ``articles.api.renderings``). Builders run in tasks
(``articles.public.tasks``) and in ``manage.py render_stories``, never in a request.
"""

import functools
import hashlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connections
from django.db.models import F, Q
from django.templatetags.static import static
from django.utils import timezone, translation

from articles.models import Article, StoredRendering
from articles.public import fragments, selectors
from articles.public.cache import fresh_page

logger = logging.getLogger(__name__)

ORIGIN = "http://khabar-origin.invalid"
# The forms the origin takes in rendered text: as is, and percent-encoded in share links.
_FORMS = ((ORIGIN, None), (quote(ORIGIN, safe=""), ""), (quote(ORIGIN, safe="/"), "/"))

FILL_CURSOR_KEY = "stored:fill-after"

Builder = Callable[[int, str], tuple[str, dict] | None]
BUILDERS: dict[str, Builder] = {}


def register(kind: str) -> Callable[[Builder], Builder]:
    """Register ``builder(pk, language) -> (content, meta) or None`` for renderings of ``kind``."""

    def decorate(builder: Builder) -> Builder:
        BUILDERS[kind] = builder
        return builder

    return decorate


# What renders a stored story: its templates, the code that gathers what they show (models, the
# public site, the API documents, template tags, sources' names and disclaimers), its translations.
RENDERING_CODE = (
    ("templates/articles", "**/*.html"),
    ("articles/models", "**/*.py"),
    ("articles/public", "**/*.py"),
    ("articles/api", "**/*.py"),
    ("articles/templatetags", "**/*.py"),
    ("sources", "**/*.py"),
    ("locale", "**/*.mo"),
)


@functools.cache
def _code_digest() -> str:
    """A digest of ``RENDERING_CODE``: a deploy that changes none of it keeps every rendering."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder, pattern in RENDERING_CODE:
        for path in sorted((base / folder).glob(pattern)):
            if "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def fingerprint() -> str:
    """What renderings made now depend on besides the story: code, translations and display settings.
    Worked out once per process (every cold page asks for it), again when a setting changes (tests)."""
    return _work_out_fingerprint()


setting_changed.connect(lambda **kwargs: fingerprint.cache_clear(), weak=False, dispatch_uid="articles.public.stored.fingerprint")


def _work_out_fingerprint() -> str:
    names = ("DIGITS", "MONTH_NAMES", "SITE_NAME", "SITE_NAME_EN", "TIME_ZONE", "IMAGE_RENDITION_WIDTHS")
    display = repr(
        [str(getattr(settings, name, None)) for name in names]
        + [code for code, _name in settings.LANGUAGES]  # (the names are lazy: they would name the active language)
        + [static("khabar/logo.png"), settings.MEDIA_URL]
    )
    return hashlib.sha256(f"{_code_digest()}:{display}".encode()).hexdigest()


def with_origin(text: str, origin: str) -> str:
    """``text`` as rendered for ``ORIGIN``, with ``origin`` (``scheme://host``) in its place."""
    for form, safe in _FORMS:
        if form in text:
            text = text.replace(form, origin if safe is None else quote(origin, safe=safe))
    return text


def current(kind: str, language: str):
    """Renderings of ``kind`` in ``language`` that are current, of stories with status published."""
    return StoredRendering.objects.filter(
        kind=kind,
        language=language,
        fingerprint=fingerprint(),
        stamp=F("article__render_stamp"),
        article__status=Article.Status.PUBLISHED,
    )


@functools.cache
def _read_sql(many: int) -> str:
    """``current`` for ``many`` stories as SQL: readers ask for stored renderings on every cold page,
    and the ORM took twice as long to write this query as the database took to answer it."""
    table, articles = StoredRendering._meta.db_table, Article._meta.db_table
    ids = ", ".join(["%s"] * many)
    return (
        f"SELECT r.article_id, r.content, r.meta, a.published_at FROM {table} r "  # noqa: S608 - names, values bound
        f"JOIN {articles} a ON a.id = r.article_id "
        f"WHERE r.article_id IN ({ids}) AND r.language = %s AND r.kind = %s AND r.fingerprint = %s "
        "AND r.stamp = a.render_stamp AND a.status = %s"
    )


def _rows(pks: list[int], language: str, kind: str) -> list[tuple]:
    """``(pk, content, meta, public)`` of the current renderings of ``kind`` of stories ``pks``."""
    now = timezone.now()
    with connections[StoredRendering.objects.db].cursor() as cursor:
        cursor.execute(_read_sql(len(pks)), [*pks, language, kind, fingerprint(), Article.Status.PUBLISHED])
        rows = cursor.fetchall()
    found = []
    for pk, content, meta, published_at in rows:
        at = selectors.as_db_datetime(published_at, using=StoredRendering.objects.db)
        found.append((pk, content, json.loads(meta) if isinstance(meta, str) else meta, at is not None and at <= now))
    return found


def read(pk: int, language: str, kind: str) -> tuple[str, dict, bool] | None:
    """``(content, meta, public)`` of story ``pk``'s current rendering, in one query; ``public`` is
    False while the story is scheduled. None when there is none (or editors are served fresh pages)."""
    if not fragments.enabled():
        return None
    rows = _rows([pk], language, kind)
    return rows[0][1:] if rows else None


def read_public_many(pks: list[int], language: str, kind: str, *, meta: bool = False) -> dict:
    """``{pk: content}`` (``{pk: meta}`` with ``meta``) of the current renderings of those stories
    ``pks`` that are public, in one query."""
    if not pks or not fragments.enabled():
        return {}
    return {pk: found_meta if meta else content for pk, content, found_meta, public in _rows(pks, language, kind) if public}


def store_story(pk: int) -> int:
    """Render and store every kind of rendering of story ``pk`` in each of its languages; how many.

    Idempotent. A story that is not published loses its renderings.
    """
    # The stamp first: a change committed after this read replaces it, so what is rendered from
    # newer rows is stored under a stamp that is already past and never used.
    stamp = Article.objects.filter(pk=pk, status=Article.Status.PUBLISHED).values_list("render_stamp", flat=True).first()
    if stamp is None:
        StoredRendering.objects.filter(article_id=pk).delete()
        return 0
    languages = Article._parler_meta.root_model.objects.filter(master_id=pk).values_list("language_code", flat=True)
    made = fingerprint()
    rows = []
    # From the database alone (kept parts may belong to a generation just ending), read after the stamp.
    with fresh_page(), fragments.shared_within():
        for language in sorted(languages):
            with translation.override(language):
                for kind, builder in BUILDERS.items():
                    built = builder(pk, language)
                    if built is not None:
                        rows.append(
                            StoredRendering(
                                article_id=pk, language=language, kind=kind, stamp=stamp, fingerprint=made, content=built[0], meta=built[1]
                            )
                        )
    StoredRendering.objects.filter(article_id=pk).exclude(language__in=list(languages)).delete()
    StoredRendering.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["article", "language", "kind"],
        update_fields=["stamp", "fingerprint", "content", "meta", "built_at"],
    )
    return len(rows)


def lacking(pks: list[int]) -> set[int]:
    """Which of the published stories ``pks`` have no current rendering (one query)."""
    made = StoredRendering.objects.filter(
        article_id__in=pks, fingerprint=fingerprint(), stamp=F("article__render_stamp")
    ).values_list("article_id", flat=True)
    return set(pks) - set(made)


def _window(after: tuple | None, size: int, part: tuple[int, int] | None = None) -> list[tuple]:
    """The next ``size`` published stories newest first, after the keyset ``after``: ``[(published_at, pk)]``;
    with ``part`` ``(i, n)``, only those whose id leaves ``i`` divided by ``n``."""
    stories = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__isnull=False)
    if part is not None:
        stories = stories.alias(part=F("pk") % part[1]).filter(part=part[0])
    if after is not None:
        stories = stories.filter(Q(published_at__lt=after[0]) | Q(published_at=after[0], pk__lt=after[1]))
    return list(stories.order_by("-published_at", "-pk").values_list("published_at", "pk")[:size])


def fill(
    *, seconds: float | None = None, window: int = 500, part=None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Store the renderings of published stories that lack current ones, newest first; how many stories.

    With ``seconds``, stop after about that long and go on from there next time (the place is
    kept in the cache; past the oldest story it starts again from the newest). Without, one
    whole pass from the newest story. ``part``: see ``_window``. ``progress(stories seen, stories
    rendered)`` after each window.
    """
    deadline = None if seconds is None else time.monotonic() + seconds
    place = cache.get(FILL_CURSOR_KEY) if seconds is not None else None
    after, done = (place or {}).get("after"), False
    seen = rendered = 0
    while deadline is None or time.monotonic() < deadline:
        batch = _window(after, window, part)
        if not batch:
            after, done = None, True  # the whole archive: the next run starts from the newest again
            break
        todo = lacking([pk for _at, pk in batch])
        for published_at, pk in batch:
            if deadline is not None and time.monotonic() >= deadline:
                break
            if pk in todo:
                try:
                    store_story(pk)
                except Exception:  # one broken story must not stop the archive
                    logger.exception("Could not render story %s", pk)
                rendered += 1
            after, seen = (published_at, pk), seen + 1
        if progress:
            progress(seen, rendered)
    if seconds is not None:
        cache.set(FILL_CURSOR_KEY, {"after": after, "done": done}, None)
    return rendered


def fill_unfinished() -> bool:
    """Whether the last timed ``fill`` stopped before the oldest story."""
    place = cache.get(FILL_CURSOR_KEY)
    return place is not None and not place["done"]


def restart_fill() -> None:
    """Start the next fill from the newest story (many stories changed at once)."""
    cache.delete(FILL_CURSOR_KEY)
