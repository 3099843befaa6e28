"""The benchmark's results: the budget they are judged by, and the JSON, Markdown and SVG reports.

A result is a plain dict (what ``latest.json`` holds), so the writers can be tested on made-up
figures and a report can be redrawn from an old JSON file.
"""

import json
from html import escape
from pathlib import Path

# The budget of issue 8 (PostgreSQL, 100,000 stories, 2 workers on 2 cores). Ratios are the
# page's requests per second over the bare-view floor's, measured in the same run.
MIN_RATIO_UNCACHED = {"article": 0.15, "home": 0.10, "section": 0.10, "rss": 0.10}
MIN_RATIO_CACHED = 0.85
MAX_P99_MS = 100.0
MAX_SEARCH_MEDIAN_MS = 50.0
MAX_SEARCH_P95_MS = 150.0
MAX_CHANGELIST_MS = 300.0
MIN_INGEST_ITEMS_PER_SECOND = 200.0
# The long tail (issue 14): every distinct address of a kind, each asked for about once, with the
# page cache off and on. Cold pages: queries of a page built from nothing (the most over a sample).
MIN_RATIO_TAIL = {"article": 0.15, "tag": 0.10, "source": 0.10, "section": 0.10, "api_story": 0.25}
MAX_COLD_QUERIES = {"article": 4, "tag": 5, "source": 5, "section": 5, "api_story": 3}
# The read API's answers are never kept whole by the page cache (they carry their own validators):
# their budget is with the page cache off, and the cached-page ratio does not apply to them.
NOT_PAGE_CACHED = frozenset({"api_story", "api_list"})
# The read beacon of "most read" (issue 21): a counter in the cache, answered before the session.
MIN_RATIO_BEACON = 0.9
# Deep pages of a section (cold) within this share of page 2's time.
DEEP_PAGE_TOLERANCE = 0.20
# Each page's requests per second at one corpus size within this share of another's.
SIZE_TOLERANCE = 0.15
BUDGET_CONNECTIONS = "16"


def scenario_key(scenario: dict) -> str:
    tail = ":tail" if scenario.get("tail") else ""
    return f"{scenario['name']}:{scenario.get('cache') or '-'}{tail}"


def _cache_word(scenario: dict) -> str:
    if scenario.get("cache") == "on":
        return "cached, hot" if scenario.get("hot") else "cached"
    return "uncached"


def tail_checks(result: dict) -> list[dict]:
    """The long-tail budget: ratios with the page cache off and on, p99, cold queries, deep pages."""
    checks = []
    level = BUDGET_CONNECTIONS
    for scenario in result.get("scenarios", []):
        if not scenario.get("tail"):
            continue
        label = f"{scenario['label']} ({_cache_word(scenario)})"
        minimum = MIN_RATIO_TAIL.get(scenario["name"])
        if scenario["name"] in NOT_PAGE_CACHED and scenario.get("cache") == "on":
            minimum = None
        ratio = scenario.get("ratio", {}).get(level)
        load = scenario.get("load", {}).get(level) or {}
        if minimum is not None and ratio is not None:
            checks.append({"what": f"{label}: ratio to floor", "limit": f"≥ {minimum}", "value": ratio, "ok": ratio >= minimum})
        if load and scenario["name"] == "article":
            p99 = load["p99_ms"]
            checks.append({"what": f"{label}: p99 at {level} connections", "limit": f"< {MAX_P99_MS:.0f} ms", "value": p99, "ok": p99 < MAX_P99_MS})
        most = MAX_COLD_QUERIES.get(scenario["name"])
        if most is not None and scenario.get("cache") == "off" and scenario.get("cold"):
            cold = scenario["cold"]["max"]
            checks.append({"what": f"{scenario['label']}: cold SQL queries (most)", "limit": f"≤ {most}", "value": cold, "ok": cold <= most})
    deep = result.get("deep_pages") or {}
    second = (deep.get("2") or {}).get("median_ms")
    for number, figures in deep.items():
        if number != "2" and second:
            limit = second * (1 + DEEP_PAGE_TOLERANCE)
            checks.append({
                "what": f"Section page {number} (cold): median time", "limit": f"≤ {limit:.1f} ms (page 2 + 20%)",
                "value": figures["median_ms"], "ok": figures["median_ms"] <= limit,
            })  # fmt: skip
    return checks


def budget_checks(result: dict) -> list[dict]:
    """Every budget line this result can be judged on: what, the limit, the figure, and whether it holds."""
    checks = []

    def check(what: str, limit: str, value, ok: bool) -> None:
        checks.append({"what": what, "limit": limit, "value": value, "ok": bool(ok)})

    level = BUDGET_CONNECTIONS
    checks += tail_checks(result)
    for scenario in result.get("scenarios", []):
        if scenario.get("kind") != "page":
            continue
        load = scenario.get("load", {}).get(level)
        if scenario.get("tail"):
            if load and load.get("errors"):
                check(f"{scenario['label']} ({_cache_word(scenario)}): failed requests", "0", load["errors"], False)
            continue
        ratio = scenario.get("ratio", {}).get(level)
        label = f"{scenario['label']} ({'cached' if scenario.get('cache') == 'on' else 'uncached'})"
        if load and load.get("errors"):
            check(f"{label}: failed requests", "0", load["errors"], False)
        if ratio is None:
            continue
        if scenario["name"] == "beacon":
            check(f"{scenario['label']}: ratio to floor", f"≥ {MIN_RATIO_BEACON}", ratio, ratio >= MIN_RATIO_BEACON)
            check(f"{scenario['label']}: SQL queries", "0", scenario.get("queries_first"), scenario.get("queries_first") == 0)
        elif scenario.get("cache") == "on":
            if scenario["name"] not in NOT_PAGE_CACHED:
                check(f"{label}: ratio to floor", f"≥ {MIN_RATIO_CACHED}", ratio, ratio >= MIN_RATIO_CACHED)
        else:
            minimum = MIN_RATIO_UNCACHED.get(scenario["name"])
            if minimum is not None:
                check(f"{label}: ratio to floor", f"≥ {minimum}", ratio, ratio >= minimum)
            if load:
                check(f"{label}: p99 at {level} connections", f"< {MAX_P99_MS:.0f} ms", load["p99_ms"], load["p99_ms"] < MAX_P99_MS)
        if scenario.get("cookies"):
            check(f"{label}: cookies for anonymous readers", "none", ", ".join(scenario["cookies"]), False)
    search = result.get("search")
    if search:
        check("Search: median", f"< {MAX_SEARCH_MEDIAN_MS:.0f} ms", search["median_ms"], search["median_ms"] < MAX_SEARCH_MEDIAN_MS)
        check("Search: p95", f"< {MAX_SEARCH_P95_MS:.0f} ms", search["p95_ms"], search["p95_ms"] < MAX_SEARCH_P95_MS)
    admin = result.get("admin")
    if admin:
        check("Admin changelist", f"< {MAX_CHANGELIST_MS:.0f} ms", admin["median_ms"], admin["median_ms"] < MAX_CHANGELIST_MS)
    ingest = result.get("ingest")
    if ingest:
        rate = ingest["items_per_second"]
        check("Ingest", f"≥ {MIN_INGEST_ITEMS_PER_SECOND:.0f} items/s", rate, rate >= MIN_INGEST_ITEMS_PER_SECOND)
    soak = result.get("soak")
    if soak:
        check("Soak: failed requests", "0", soak["errors"], soak["errors"] == 0)
    return checks


def compare_sizes(small: dict, large: dict) -> list[dict]:
    """Pages at two corpus sizes: requests per second within SIZE_TOLERANCE and identical query counts."""
    level = BUDGET_CONNECTIONS
    before = {scenario_key(s): s for s in small.get("scenarios", []) if s.get("kind") == "page"}
    rows = []
    for scenario in large.get("scenarios", []):
        other = before.get(scenario_key(scenario))
        if other is None or scenario.get("kind") != "page":
            continue
        # Ratios to the floor, not raw figures: the two runs may meet a differently loaded machine.
        small_ratio, large_ratio = other.get("ratio", {}).get(level), scenario.get("ratio", {}).get(level)
        change = (large_ratio / small_ratio - 1) if small_ratio and large_ratio else None
        rows.append(
            {
                "scenario": scenario_key(scenario),
                "label": scenario["label"],
                "cache": scenario.get("cache"),
                "ratio_small": small_ratio,
                "ratio_large": large_ratio,
                "change": None if change is None else round(change, 3),
                "queries_small": _sql(other),
                "queries_large": _sql(scenario),
                # Steady-state queries: the first request's count depends on which parts the pages
                # probed before it had already built.
                "ok": change is not None
                and change >= -SIZE_TOLERANCE
                and other.get("queries") == scenario.get("queries"),
            }
        )
    return rows


def write_json(result: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _num(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def _other_measurements(result: dict) -> list[str]:
    """One line for each measurement beside the page table: search, admin, ingest, memory, soak."""
    extra = []
    if result.get("search"):
        s = result["search"]
        extra.append(f"- Search ({s['queries']} Arabic queries × {s['repeat']}): median {s['median_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms")
    if result.get("admin"):
        a = result["admin"]
        extra.append(f"- Admin article changelist (editor, full corpus): median {a['median_ms']:.1f} ms, {a['queries']} SQL queries")
    if result.get("ingest"):
        i = result["ingest"]
        extra.append(
            f"- Ingest of a {i['items']:,}-item feed: {i['items_per_second']:.0f} items/s "
            f"({i['created']:,} drafts, {i['duplicates']:,} duplicates skipped, {i['seconds']:.1f} s)"
        )
    if result.get("memory"):
        m = result["memory"]
        extra.append(f"- Memory per gunicorn worker after the run: {', '.join(f'{mb:.0f} MB' for mb in m['worker_rss_mb'])}")
    if result.get("soak"):
        k = result["soak"]
        extra.append(
            f"- Soak ({k['seconds']} s, {k['connections']} connections on home, article, feed and search while an editor "
            f"published {k['published']} stories): {k['requests']:,} requests, {k['errors']} failed, "
            f"worker memory {k['rss_before_mb']:.0f} → {k['rss_after_mb']:.0f} MB"
        )
    return extra


def _comparison_lines(comparison: dict, result: dict) -> list[str]:
    """The table of this run against a smaller corpus: ratios and queries side by side."""
    rows = compare_sizes(comparison, result)
    small = comparison.get("corpus", {}).get("articles", 0)
    lines = [
        f"## Against {small:,} stories",
        "",
        "| Scenario | Cache | ratio small | ratio large | change | SQL small | SQL large | Holds |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        change = "–" if r["change"] is None else f"{r['change']:+.0%}"
        lines.append(
            f"| {r['label']} | {r['cache'] or '–'} | {_num(r['ratio_small'], 3)} | {_num(r['ratio_large'], 3)} | "
            f"{change} | {r['queries_small']} | {r['queries_large']} | {'yes' if r['ok'] else '**no**'} |"
        )
    lines.append("")
    return lines


def _long_tail_lines(result: dict) -> list[str]:
    """The long-tail table, first in the report: every distinct address of a kind, each asked for
    about once; the SQL of a cold page (median and most over a sample); then cold deep pages."""
    tails = [s for s in result.get("scenarios", []) if s.get("tail")]
    if not tails:
        return []
    lines = [
        "## Long tail: every distinct address, each asked for about once",
        "",
        "| Page | Cache | addresses | asked again | req/s @16 | p50 ms | p99 ms | req/s @64 | p99 ms @64 "
        "| cold SQL median (most) | cold ms | ratio @16 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in tails:
        low, high = s.get("load", {}).get("16", {}), s.get("load", {}).get("64", {})
        cold = s.get("cold", {})
        cache = {"on": "on, hot" if s.get("hot") else "on", "off": "off"}.get(s.get("cache"), "–")
        lines.append(
            f"| {s['label']} | {cache} | {_num(s.get('distinct'))} | {_num(s.get('repeated'))} | {_num(low.get('rps'))} | "
            f"{_num(low.get('p50_ms'), 1)} | {_num(low.get('p99_ms'), 1)} | {_num(high.get('rps'))} | "
            f"{_num(high.get('p99_ms'), 1)} | {_num(cold.get('median'))} ({_num(cold.get('max'))}) | "
            f"{_num(cold.get('median_ms'), 1)} | {_num(s.get('ratio', {}).get('16'), 3)} |"
        )
    lines.append("")
    deep = result.get("deep_pages") or {}
    if deep:
        lines += ["Cold section pages, one request per section: " + "; ".join(
            f"page {n}: median {f['median_ms']:.1f} ms, {f['queries']} SQL at most ({f['sections']} sections)"
            for n, f in deep.items()
        ), ""]  # fmt: skip
    return lines


def render_markdown(result: dict, comparison: dict | None = None) -> str:
    corpus = result.get("corpus", {})
    lines = [
        f"# Benchmark: {corpus.get('articles', 0):,} stories on {result.get('database', '?')}",
        "",
        f"Run {result.get('started', '')} on {result.get('machine', {}).get('cpus', '?')} cores, "
        f"load average {result.get('machine', {}).get('load_before', '?')} before and "
        f"{result.get('machine', {}).get('load_after', '?')} after; "
        f"{_seconds_per_level(result.get('seconds_per_level', '?'))}; "
        f"{result.get('workers', '?')} gunicorn workers.",
        "",
    ]
    lines += _long_tail_lines(result)
    lines += [
        "## One address per page (hot: its parts are kept after the first request)",
        "",
        "| Scenario | Cache | req/s @16 | p50 ms | p99 ms | req/s @64 | p99 ms @64 | SQL | bytes | ratio @16 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scenario in result.get("scenarios", []):
        if scenario.get("tail"):
            continue
        low = scenario.get("load", {}).get("16", {})
        high = scenario.get("load", {}).get("64", {})
        cache = {"on": "on", "off": "off"}.get(scenario.get("cache"), "–")
        lines.append(
            f"| {scenario['label']} | {cache} | {_num(low.get('rps'))} | {_num(low.get('p50_ms'), 1)} | "
            f"{_num(low.get('p99_ms'), 1)} | {_num(high.get('rps'))} | {_num(high.get('p99_ms'), 1)} | "
            f"{_sql(scenario)} | {_num(scenario.get('bytes'))} | "
            f"{_num(scenario.get('ratio', {}).get('16'), 3)} |"
        )
    lines.append("")
    lines += render_text_chart(result)
    extra = _other_measurements(result)
    if extra:
        lines += ["## Other measurements", "", *extra, ""]
    checks = budget_checks(result)
    if checks:
        lines += ["## Budget", "", "| Check | Limit | Measured | Holds |", "|---|---|---:|---|"]
        for c in checks:
            value = _num(c["value"], 3 if isinstance(c["value"], float) and c["value"] < 10 else 1)
            lines.append(f"| {c['what']} | {c['limit']} | {value} | {'yes' if c['ok'] else '**no**'} |")
        lines.append("")
    if comparison:
        lines += _comparison_lines(comparison, result)
    versions = result.get("versions", {})
    if versions:
        lines += ["Software: " + ", ".join(f"{name} {version}" for name, version in versions.items()), ""]
    return "\n".join(lines)


def render_svg(result: dict) -> str:
    """Horizontal bars of requests per second at 16 connections, with the two floors as lines."""
    level = BUDGET_CONNECTIONS
    rows = [s for s in result.get("scenarios", []) if s.get("load", {}).get(level)]
    rows.sort(key=lambda s: s.get("kind") != "floor" and not s.get("tail"))
    floors = {s["name"]: s["load"][level]["rps"] for s in rows if s.get("kind") == "floor"}
    pages = [s for s in rows if s.get("kind") == "page"]
    top = max([s["load"][level]["rps"] for s in rows] or [1]) or 1
    label_width, chart_width, bar, gap, margin = 230, 560, 14, 6, 40
    height = margin * 2 + len(pages) * (bar + gap) + 20
    width = label_width + chart_width + 90

    def x(value: float) -> float:
        return label_width + chart_width * value / top

    corpus = result.get("corpus", {}).get("articles", 0)
    heading = f"req/s at {level} connections — {corpus:,} stories, {result.get('database', '')}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{escape(f'Requests per second at {level} connections, {corpus:,} stories')}</title>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<text x="10" y="20" font-size="14" font-weight="bold">{escape(heading)}</text>',
    ]
    for n, scenario in enumerate(pages):
        y = margin + n * (bar + gap)
        rps = scenario["load"][level]["rps"]
        colour = {("on", False): "#2a7ab0", ("off", False): "#c0392b", ("on", True): "#7fb3d5", ("off", True): "#e6a09a"}[
            (scenario.get("cache") == "on" and "on" or "off", bool(scenario.get("tail")))
        ]
        label = f"{scenario['label']} ({_cache_word(scenario)})"
        parts.append(f'<text x="{label_width - 6}" y="{y + bar - 3}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{x(rps) - label_width:.1f}" height="{bar}" fill="{colour}"/>')
        parts.append(f'<text x="{x(rps) + 4:.1f}" y="{y + bar - 3}">{rps:,.0f}</text>')
    bottom = margin + len(pages) * (bar + gap)
    for name, colour, title in (("bare", "#333", "bare Django view"), ("static", "#888", "static file")):
        if name in floors:
            fx = x(floors[name])
            parts.append(f'<line x1="{fx:.1f}" y1="{margin - 8}" x2="{fx:.1f}" y2="{bottom}" stroke="{colour}" stroke-dasharray="4 3"/>')
            parts.append(
                f'<text x="{fx:.1f}" y="{bottom + 14}" text-anchor="middle" fill="{colour}">'
                f"{escape(f'{title} {floors[name]:,.0f}')}</text>"
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def smaller_run(runs: Path, result: dict) -> dict | None:
    """The smallest corpus measured before on the same database, when ``result``'s is larger."""
    size = result.get("corpus", {}).get("articles", 0)
    others = []
    for path in runs.glob(f"{result.get('vendor', '')}-*.json"):
        other = json.loads(path.read_text(encoding="utf-8"))
        if other.get("corpus", {}).get("articles", 0) < size:
            others.append(other)
    return min(others, key=lambda other: other["corpus"]["articles"]) if others else None


CHART_WIDTH = 40


def render_text_chart(result: dict, level: str = "16") -> list[str]:
    """Requests per second at 16 connections as bars of text, the floors first (the terminal's chart;
    latest.svg draws the same)."""
    rows = [s for s in result.get("scenarios", []) if s.get("load", {}).get(level, {}).get("rps")]
    if not rows:
        return []
    rows.sort(key=lambda s: s.get("kind") != "floor" and not s.get("tail"))
    top = max(s["load"][level]["rps"] for s in rows)
    width = max(len(_chart_label(s)) for s in rows)
    lines = [f"## Requests per second at {level} connections", "", "```"]
    for scenario in rows:
        rps = scenario["load"][level]["rps"]
        bar = "█" * max(1, round(rps / top * CHART_WIDTH))
        lines.append(f"{_chart_label(scenario):<{width}}  {bar} {rps:,.0f}")
    return [*lines, "```", ""]


def _chart_label(scenario: dict) -> str:
    if scenario.get("kind") == "floor":
        return scenario["label"]
    return f"{scenario['label']} ({_cache_word(scenario)})"


def write_reports(result: dict, folder: Path, comparison: dict | None = None) -> dict[str, Path]:
    """Write latest.json, latest.md and latest.svg into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"json": folder / "latest.json", "md": folder / "latest.md", "svg": folder / "latest.svg"}
    write_json(result, paths["json"])
    paths["md"].write_text(render_markdown(result, comparison), encoding="utf-8")
    paths["svg"].write_text(render_svg(result), encoding="utf-8")
    return paths


def _seconds_per_level(seconds) -> str:
    """``{"16": 2, "64": 1}`` (or one number, in runs saved before the levels differed) in words."""
    if isinstance(seconds, dict):
        return " and ".join(f"{value} s at {level} connections" for level, value in seconds.items())
    return f"{seconds} s per connection level"


def _sql(scenario: dict) -> str:
    """Queries per request once the page's parts are kept, and (in brackets) on the first request
    that builds them, e.g. ``0 (14)``; runs saved before the first was counted show one number."""
    steady, first = scenario.get("queries"), scenario.get("queries_first")
    if first is None or first == steady:
        return _num(steady)
    return f"{_num(steady)} ({_num(first)})"
