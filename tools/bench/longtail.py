"""The long tail: every distinct address of a page kind, each asked for about once (issue 14).

One hot URL per page measures a page whose parts are all kept. Readers arriving from search
engines, social links and crawlers spread over the whole archive, so each long-tail scenario
rotates wrk over every distinct address of its kind (every story, every page of every tag,
source and section, distinct search queries), continuing where the previous load stopped, and
reports how many requests had to ask for an address a second time. Before any load, a sample
of addresses the load never asks for is fetched once each, one at a time, for the queries a cold
page costs (max and median over the sample).
"""

import json
import math
import random
import statistics
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Section, Tag
from articles.public.limits import MAX_PAGE
from articles.public.links import article_path, section_path
from articles.public.views import PAGE_SIZE
from sources.models import Source
from tools.bench import load
from tools.bench.search import VOCABULARY, zipf_weights

# (name, label) of the long-tail scenarios, in the order the report shows them.
KINDS = [
    ("article", "Article"),
    ("tag", "Tag"),
    ("source", "Source"),
    ("section", "Section"),
    ("search", "Search"),
    ("api_story", "API story"),
]
COLD_SAMPLE = 25
SEARCH_QUERIES = 20_000
# Deep pages of a section, each compared with page 2 (a cold build, one request per section).
DEEP_PAGES = (2, 50, MAX_PAGE)
SEED = 14


def _pages(count: int) -> int:
    return max(1, min(math.ceil(count / PAGE_SIZE), MAX_PAGE))


def _paged(base: str, count: int) -> list[str]:
    return [base if number == 1 else f"{base}?page={number}" for number in range(1, _pages(count) + 1)]


def article_paths() -> list[str]:
    stories = Article.objects.published().filter(translations__language_code="ar").prefetch_related("translations")
    return [article_path(story, "ar") for story in stories.order_by("pk").iterator(chunk_size=2000)]


def api_story_paths() -> list[str]:
    """Every public story's read-API address (issue 16: long-tail detail, page cache off)."""
    stories = Article.objects.published().filter(translations__language_code="ar").order_by("pk")
    return [f"/api/v1/stories/{pk}/" for pk in stories.values_list("pk", flat=True).iterator(chunk_size=2000)]


def _public_count(relation: str):
    now_public = Q(**{f"{relation}__status": Article.Status.PUBLISHED})
    return Count(relation, filter=now_public, distinct=True)


def tag_paths() -> list[str]:
    paths = []
    for tag in Tag.objects.annotate(uses=_public_count("tagged_articles__content_object")).filter(uses__gt=0).order_by("pk"):
        paths += _paged(reverse("articles:tag", kwargs={"slug": tag.slug}), tag.uses)
    return paths


def source_paths() -> list[str]:
    paths = []
    for source in Source.objects.annotate(uses=_public_count("articles")).filter(uses__gt=0).order_by("pk"):
        paths += _paged(reverse("articles:source", kwargs={"slug": source.slug}), source.uses)
    return paths


def section_paths() -> list[str]:
    paths = []
    sections = Section.objects.filter(is_active=True).annotate(uses=_public_count("articles")).prefetch_related("translations")
    for section in sections.order_by("ordering", "pk"):
        paths += _paged(section_path(section, "ar"), section.uses)
    return paths


def search_paths(count: int = SEARCH_QUERIES) -> list[str]:
    """Distinct two-word queries drawn with the vocabulary's Zipf frequencies (not the fixed 50)."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible benchmark data, not security
    words = list(VOCABULARY)
    weights = zipf_weights(len(words))
    queries: set[str] = set()
    for _ in range(count * 4):
        first, second = rng.choices(words, weights=weights, k=2)
        if first != second:
            queries.add(f"{first} {second}")
        if len(queries) >= count:
            break
    return [reverse("search") + "?q=" + quote(query) for query in sorted(queries)]


def all_paths() -> dict[str, list[str]]:
    """Every distinct address of each long-tail kind, shuffled the same way on every run."""
    with translation.override("ar"):
        found = {
            "article": article_paths(),
            "tag": tag_paths(),
            "source": source_paths(),
            "section": section_paths(),
            "search": search_paths(),
            "api_story": api_story_paths(),
        }
    for number, paths in enumerate(found.values()):
        random.Random(SEED + number).shuffle(paths)  # noqa: S311
    return found


def deep_section_paths() -> dict[int, list[str]]:
    """Page ``n`` of every active section holding that many pages, for each of DEEP_PAGES."""
    with translation.override("ar"):
        sections = Section.objects.filter(is_active=True).annotate(uses=_public_count("articles"))
        sections = list(sections.prefetch_related("translations").order_by("ordering", "pk"))
        return {
            number: [f"{section_path(s, 'ar')}?page={number}" for s in sections if _pages(s.uses) >= number]
            for number in DEEP_PAGES
        }


def rotation_script(paths_file: Path, *, start: int, threads: int) -> str:
    """A wrk script asking for the addresses of ``paths_file`` (one a line) from ``start`` on, each
    thread taking every ``threads``-th, so no two requests ask for the same address until the list
    wraps. Read from a file: a Lua literal of 100,000 strings is past the compiler's limits."""
    return (
        "local paths = {}\n"
        f"for line in io.lines({json.dumps(str(paths_file))}) do paths[#paths + 1] = line end\n"
        "local created = 0\n"
        "setup = function(thread)\n"
        "  thread:set('offset', created)\n"
        "  created = created + 1\n"
        "end\n"
        "local i = -1\n"
        "request = function()\n"
        "  i = i + 1\n"
        f"  local n = ({start} + i * {threads} + offset) % #paths + 1\n"
        '  return wrk.format("GET", paths[n])\n'
        "end\n"
    )


def cold_queries(base: str, paths: list[str]) -> dict:
    """Each address fetched once, one at a time: its SQL queries (X-Query-Count) and time."""
    counts, timings, statuses, sizes = [], [], [], []
    with httpx.Client(timeout=60) as client:
        for path in paths:
            started = time.perf_counter()
            response = client.get(base + path)
            timings.append((time.perf_counter() - started) * 1000)
            counts.append(int(response.headers.get("x-query-count", "-1")))
            statuses.append(response.status_code)
            sizes.append(len(response.content))
    return {
        "sample": len(paths),
        "max": max(counts, default=0),
        "median": statistics.median(counts) if counts else 0,
        "median_ms": round(statistics.median(timings), 1) if timings else 0,
        "bytes": int(statistics.median(sizes)) if sizes else 0,
        "not_ok": sum(1 for status in statuses if status != 200),
    }


def measure(server, folder: Path, *, name: str, label: str, paths: list[str], cache_state: str, level_seconds: dict) -> dict:
    """A long-tail scenario: the cold sample, then wrk over the rest at each connection level,
    each level going on where the previous one stopped."""
    sample, rotation = paths[:COLD_SAMPLE], paths[COLD_SAMPLE:]
    cold = cold_queries(server.base, sample)
    paths_file = folder / f"longtail-{name}.txt"
    paths_file.write_text("\n".join(rotation) + "\n", encoding="utf-8")
    asked, levels = 0, {}
    for level, seconds in level_seconds.items():
        script = rotation_script(paths_file, start=asked, threads=2)
        levels[level] = load.run_wrk(server.base + "/", connections=int(level), seconds=seconds, script=script)
        asked += levels[level]["requests"]
    repeated = max(0, asked - len(rotation))
    return {
        "name": name,
        "label": f"{label} (long tail)",
        "kind": "page",
        "tail": True,
        # With the page cache on, a scenario that asked for addresses again measured cached copies.
        "hot": bool(repeated and cache_state == "on"),
        "cache": cache_state,
        "url": f"{len(paths):,} distinct addresses",
        "distinct": len(rotation),
        "asked": asked,
        "repeated": repeated,
        "cold": cold,
        # The SQL column of a long-tail scenario: the median cold page, and (in brackets) the most.
        "queries": cold["median"],
        "queries_first": cold["max"],
        "bytes": cold["bytes"],
        "cookies": [],
        "load": levels,
    }


def deep_pages(base: str, paths: dict[int, list[str]]) -> dict:
    """Cold section pages 2, 50, … (one request per section each): median time and queries."""
    found = {}
    for number, urls in paths.items():
        if urls:
            cold = cold_queries(base, urls)
            found[str(number)] = {"sections": len(urls), "median_ms": cold["median_ms"], "queries": cold["max"]}
    return found
