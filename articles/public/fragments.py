"""The parts of public pages, kept between requests per content generation.

The page cache (``articles.public.cache``) keeps whole pages for anonymous readers. Beneath it, for
the pages it does not hold (a first request after a change, a page the cache is off for, a new
search), the costly parts of pages are kept here and shared between pages:

- what a list shows (the story ids of a page of a section, a tag, a source or the home page,
  with its page count), so a list costs no query while the content stays the same;
- rendered story cards, shared by every list, the related stories and every page number;
- the navigation bar and the breaking strip, rendered once per language and current section;
- a story's page (its head tags and body) and the outcome of looking it up (shown, gone, moved).

Logged-in editors checking their work get pages built from the database alone, without either
layer (``articles.public.cache.serving_fresh``).

Searches are the one part whose variety has no bound (any words, any dates): a search is kept
only once asked a second time, for minutes, and only when small (``kept_when_asked_again``).

Every key carries the content generation (``articles.public.cache.current_generation``), so a change
to any story, translation, correction, section, tag or source, or the passing of a scheduled
publication, retires every kept part at once, exactly as it retires cached pages. Keys also
carry the language and the display settings (digits, month names). ``FRAGMENT_CACHE_SECONDS``
bounds how long a part is kept; ``0`` turns the layer off.
"""

import contextlib
import contextvars
import hashlib
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from articles.public.cache import Generation, current_generation, serving_fresh

FRAGMENT_KEY_PREFIX = "khabar:fragment"

T = TypeVar("T")
_MISSING = object()
# Parts shared only within one piece of work built from the database alone (``shared_within``).
_local: contextvars.ContextVar[dict | None] = contextvars.ContextVar("khabar_local_parts", default=None)


@contextlib.contextmanager
def shared_within() -> Iterator[None]:
    """While building from the database alone (``serving_fresh``), share the parts built inside
    this block with the rest of it, and with nothing else (a story's stored renderings: its page
    in each language and its cards read the active sections once, after its stamp)."""
    token = _local.set({})
    try:
        yield
    finally:
        _local.reset(token)


def _built_locally(kind: str, part, build: Callable[[], T]) -> T:
    memo = _local.get()
    if memo is None:
        return build()
    key = (kind, _digest(part))
    if key not in memo:
        memo[key] = build()
    return memo[key]


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0 and not serving_fresh()


def _timeout(generation: Generation) -> int:
    timeout = settings.FRAGMENT_CACHE_SECONDS
    left = generation.seconds_left(time.time())
    return timeout if left is None else min(timeout, left)


def _digest(part) -> str:
    style = f"{get_language()}:{settings.DIGITS}:{settings.MONTH_NAMES}"
    return hashlib.sha1(f"{style}:{part!r}".encode(), usedforsecurity=False).hexdigest()


def _key(generation: Generation, kind: str, part) -> str:
    return f"{FRAGMENT_KEY_PREFIX}:{generation.token}:{kind}:{_digest(part)}"


def kept(kind: str, part, build: Callable[[], T]) -> T:
    """The value kept for ``(kind, part)`` in this generation, building and keeping it when missing.

    ``part`` is any value with a stable ``repr`` (a tuple of ids, slugs and numbers). What
    ``build`` raises (a 404) is not kept.
    """
    if not enabled():
        return _built_locally(kind, part, build)
    generation = current_generation()
    key = _key(generation, kind, part)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        timeout = _timeout(generation)
        if timeout > 0:
            cache.set(key, value, timeout)
    return value


def kept_many(kind: str, parts: Iterable, build: Callable[[list], dict]) -> dict:
    """``{part: value}`` for every part, with one cache read; ``build(missing)`` returns the missing ones."""
    parts = list(parts)
    if not enabled():
        return build(parts) if parts else {}
    generation = current_generation()
    keys = {_key(generation, kind, part): part for part in parts}
    found = cache.get_many(keys)
    values = {keys[key]: value for key, value in found.items()}
    missing = [part for part in parts if part not in values]
    if missing:
        built = build(missing)
        values.update(built)
        timeout = _timeout(generation)
        if timeout > 0 and built:
            by_part = {part: key for key, part in keys.items()}
            cache.set_many({by_part[part]: value for part, value in built.items()}, timeout)
    return values


def kept_when_asked_again(kind: str, part, build: Callable[[], T], *, seconds: int, max_bytes: int) -> tuple[T, bool]:
    """``kept`` for parts of unbounded variety (searches): the value, and whether it is worth keeping.

    A part is kept only once it is asked for a second time within ``seconds``, then for
    ``seconds`` at most, and never when its pickle is above ``max_bytes``. The first request
    leaves only a marker of a few bytes that expires after ``seconds``, so any number of
    different, never-repeated requests cannot fill the cache. The second value tells the page
    around the part (``articles.public.cache``) whether to keep itself as well.
    """
    if seconds <= 0 or serving_fresh():
        return build(), False
    generation = current_generation()
    key = _key(generation, kind, part)
    if enabled():
        value = cache.get(key, _MISSING)
        if value is not _MISSING:
            return value, True
    value = build()
    if generation.seconds_left(time.time()) == 0:
        return value, False
    # The marker does not name the generation: a search asked before a change counts after it.
    if cache.add(f"{FRAGMENT_KEY_PREFIX}:asked:{kind}:{_digest(part)}", 1, timeout=seconds):
        return value, False  # asked for the first time: only the marker was added
    if len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)) > max_bytes:
        return value, False
    if enabled():
        cache.set(key, value, min(seconds, _timeout(generation)))
    return value, True
