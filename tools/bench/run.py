"""One benchmark run, inside the benchmark's own environment (see the ``bench`` command)."""

import os
import platform
import statistics
import subprocess
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Section, Tag
from articles.public.links import article_path, section_path
from sources.models import Source
from tools.bench import beacon, corpus, load, longtail, report
from tools.bench.search import fixed_queries, time_searches

# The pages measured: (name, label). Each is measured uncached and with the page cache on.
PAGES = [
    ("home", "Home"),
    ("section", "Section"),
    ("tag", "Tag"),
    ("source", "Source"),
    ("article", "Article"),
    ("rss", "RSS feed"),
    ("sitemap", "Sitemap index"),
    ("news_sitemap", "News sitemap"),
    ("search", "Search"),
    ("api_story", "API story"),
    ("api_list", "API list of 20"),
]
LEVELS = ("16", "64")
CACHE_SECONDS = 300
INGEST_ITEMS = 5000
ADMIN_RUNS = 5


class Benchmark:
    def __init__(self, command, *, articles: int, seconds: int, soak_seconds: int, workers: int, rebuild: bool, **_options):
        self.command = command
        self.articles = articles
        self.seconds = seconds
        # wrk takes whole seconds: the 16-connection level (the one the latency budget reads)
        # gets the larger half of an odd number, so the quick mode's 3 s are 2 s and 1 s.
        high = max(1, seconds // 2)
        self.level_seconds = {"16": max(1, seconds - high), "64": high}
        self.soak_seconds = soak_seconds
        self.workers = workers
        self.rebuild = rebuild
        self.folder = Path(settings.VAR_DIR) / "bench"
        self.folder.mkdir(parents=True, exist_ok=True)

    def say(self, line: str) -> None:
        self.command.stdout.write(line)
        self.command.stdout.flush()

    # ---- the run ----

    def run(self) -> dict:
        started = datetime.now(UTC)
        clock = time.monotonic()
        load_before = os.getloadavg()
        self.say(f"Load average before the run: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
        summary = self.prepare()
        paths = self.paths()
        self.say("Listing every distinct address of the long-tail pages…")
        self.tail_paths = longtail.all_paths()
        self.deep_paths = longtail.deep_section_paths()
        result = {
            "started": started.isoformat(timespec="seconds"),
            "corpus": summary,
            "database": f"{connection.vendor} {self.database_version()}",
            "vendor": connection.vendor,
            "workers": self.workers,
            "seconds_per_level": self.level_seconds,
            "connections": [int(level) for level in LEVELS],
            "urls": paths,
            "long_tail": {name: len(found) for name, found in self.tail_paths.items()},
            "scenarios": [],
            "versions": self.versions(),
        }
        memory = self.measure_servers(paths, result)
        result["memory"] = {"worker_rss_mb": memory.get("on", []), "by_server": memory}
        result["search"] = self.measure_search()
        result["ingest"] = self.measure_ingest()
        load_after = os.getloadavg()
        result["machine"] = {
            "cpus": os.cpu_count(),
            "load_before": round(load_before[0], 2),
            "load_after": round(load_after[0], 2),
            "platform": platform.platform(),
        }
        result["run_seconds"] = round(time.monotonic() - clock)
        self.write(result)
        self.say(f"Benchmark finished in {result['run_seconds']} s")
        return result

    def measure_servers(self, paths: dict, result: dict) -> dict:
        """Every page under gunicorn with the page cache off, then on, beside the bare view's floor;
        returns the workers' memory by server."""
        floor = None
        memory = {}
        for cache_state in ("off", "on"):
            # wrk is one address: the read beacon's per-address limit would refuse it after a moment.
            env = dict(os.environ, PAGE_CACHE_SECONDS="0" if cache_state == "off" else str(CACHE_SECONDS), READS_RATE_LIMIT="0")
            cache.clear()
            log = self.folder / f"gunicorn-cache-{cache_state}.log"
            with load.Server(env=env, workers=self.workers, log=log) as server:
                self.say(f"gunicorn ({self.workers} workers, page cache {cache_state}) on {server.base}")
                facts = {name: load.probe(server.base + path) for name, path in paths.items()}
                self.check_pages(facts)
                self.warm_up(server, list(paths.values()))
                if floor is None:
                    floor = self.measure_floors(server, facts, result)
                else:
                    self.floor_sample(server, floor)
                if cache_state == "off":
                    result["deep_pages"] = longtail.deep_pages(server.base, self.deep_paths)
                    self.say(f"  Cold section pages: {result['deep_pages']}")
                result["scenarios"] += self.measure_long_tail(server, cache_state)
                self.floor_sample(server, floor)
                for name, label in PAGES:
                    result["scenarios"].append(self.measure(server, name, label, paths[name], facts[name], cache_state))
                self.floor_sample(server, floor)
                if cache_state == "off":
                    result["admin"] = self.measure_admin(server)
                else:
                    result["scenarios"].append(self.measure_beacon(server))
                    if self.soak_seconds:
                        result["soak"] = self.soak(server, paths)
                memory[cache_state] = server.worker_rss_mb()
        self.settle_floor(floor)
        for scenario in result["scenarios"]:
            if scenario["kind"] == "page":
                scenario["ratio"] = {
                    level: round(scenario["load"][level]["rps"] / floor["load"][level]["rps"], 3)
                    if floor["load"][level]["rps"]
                    else None
                    for level in LEVELS
                }
        return memory

    # ---- preparation ----

    def prepare(self) -> dict:
        self.say("Migrating the benchmark database…")
        call_command("migrate", verbosity=0, interactive=False)
        if self.rebuild or not corpus.corpus_is_complete(self.articles):
            if Article.objects.exists() or Tag.objects.exists() or Source.objects.exists():
                self.say("Emptying the benchmark database…")
                call_command("flush", verbosity=0, interactive=False)
            self.say(f"Writing a corpus of {self.articles:,} stories…")
            summary = corpus.generate_corpus(self.articles, progress=self.say)
            self.say(f"Corpus written in {summary.seconds:.0f} s")
            written = {**summary.__dict__, "reused": False}
        else:
            self.say(f"Reusing the corpus of {self.articles:,} stories already in the benchmark database")
            corpus.analyze()
            written = {
                "articles": self.articles,
                "translations": Article._parler_meta.root_model.objects.count(),
                "sections": Section.objects.count(),
                "tags": Tag.objects.count(),
                "sources": Source.objects.count(),
                "reused": True,
            }
        self.say("Collecting static files…")
        call_command("collectstatic", verbosity=0, interactive=False)
        # As after a deploy or an import: the stories' stored renderings (articles.public.stored),
        # which the worker's fill task would make in the background. Kept between runs while the
        # code, templates and settings stay the same.
        self.say("Storing the stories' rendered pages and API documents…")
        started = time.monotonic()
        call_command("render_stories", processes=self.workers, verbosity=0)
        written["rendering_seconds"] = round(time.monotonic() - started, 1)
        self.say(f"Stored renderings ready in {written['rendering_seconds']:.0f} s")
        return written

    def database_version(self) -> str:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                return cursor.fetchone()[0].split()[0]
        if connection.vendor == "sqlite":
            import sqlite3

            return sqlite3.sqlite_version
        return ""

    def versions(self) -> dict:
        wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
        text = (wrk.stdout + wrk.stderr).split()
        found = {"python": platform.python_version()}
        for package in ("Django", "gunicorn", "psycopg", "whitenoise", "django-parler", "redis"):
            try:
                found[package] = version(package)
            except Exception:  # noqa: BLE001 - a package not installed is simply not listed
                continue
        found["wrk"] = text[1] if len(text) > 1 else "?"
        found["cache"] = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        return found

    def paths(self) -> dict[str, str]:
        """One representative address per page, in Arabic (the default language, no prefix)."""
        with translation.override("ar"):
            published = Article.objects.published()
            article = (
                published.filter(lead_image__gt="", origin=Article.Origin.REPUBLISHED, translations__language_code="ar")
                .order_by("-published_at")
                .first()
            ) or published.order_by("-published_at").first()
            section = Section.objects.filter(is_active=True).order_by("ordering", "pk").first()
            tag = Tag.objects.annotate(uses=Count("tagged_articles")).order_by("-uses", "pk").first()
            source = Source.objects.annotate(uses=Count("articles")).order_by("-uses", "pk").first()
            return {
                "home": reverse("articles:home"),
                "section": section_path(section, "ar"),
                "tag": reverse("articles:tag", kwargs={"slug": tag.slug}),
                "source": reverse("articles:source", kwargs={"slug": source.slug}),
                "article": article_path(article, "ar"),
                "rss": reverse("articles:feed_rss"),
                "sitemap": reverse("sitemap_index"),
                "news_sitemap": reverse("sitemap_news"),
                "search": reverse("search") + "?q=" + quote(fixed_queries()[0]),
                "api_story": f"/api/v1/stories/{article.pk}/",
                "api_list": "/api/v1/stories/?limit=20",
            }

    def check_pages(self, facts: dict) -> None:
        broken = {name: fact["status"] for name, fact in facts.items() if fact["status"] != 200}
        if broken:
            raise RuntimeError(f"Pages that do not answer 200: {broken}")

    def warm_up(self, server, paths: list[str]) -> None:
        """Every page through both workers before timing: templates compiled, connections open, and
        each worker's kept page parts built (without a shared cache every worker keeps its own)."""
        load.warm(server.base, paths, parallel=2 * self.workers)
        load.run_wrk(server.base + "/", connections=16, seconds=1, script=load.rotation_script(paths))

    # ---- measurements over HTTP ----

    def _load(self, url: str) -> dict:
        return {level: load.run_wrk(url, connections=int(level), seconds=self.level_seconds[level]) for level in LEVELS}

    def measure_floors(self, server, facts: dict, result: dict) -> dict:
        """The static file once, and the first sample of the bare view; returns the bare view's scenario."""
        size = int(statistics.median(fact["bytes"] for fact in facts.values()))
        floors = [
            ("static", "Static file (WhiteNoise)", staticfiles_storage.url("khabar/site.css")),
            ("bare", "Bare Django view", f"{reverse('bench_floor')}?bytes={size}"),
        ]
        bare = None
        for name, label, path in floors:
            fact = load.probe(server.base + path, times=2)
            scenario = {"name": name, "label": label, "kind": "floor", "cache": None, "url": path, **self._facts(fact)}
            scenario["load"] = self._load(server.base + path)
            self.report_line(scenario)
            result["scenarios"].append(scenario)
            if name == "bare":
                scenario["samples"] = [scenario["load"]]
                bare = scenario
        return bare

    def floor_sample(self, server, floor: dict) -> None:
        """The bare view measured again: before and after the pages, in both servers."""
        sample = self._load(server.base + floor["url"])
        floor["samples"].append(sample)
        self.report_line({**floor, "label": f"{floor['label']} ({len(floor['samples'])})", "load": sample})

    def settle_floor(self, floor: dict) -> None:
        """The floor every ratio is taken against: the mean of its samples over the run, so that one
        unlucky measurement (this machine swings by ±10% within a minute) does not shift every ratio."""
        floor["load"] = {
            level: {
                key: round(statistics.fmean(sample[level][key] for sample in floor["samples"]), 1)
                for key in floor["samples"][0][level]
                if isinstance(floor["samples"][0][level][key], int | float)
            }
            for level in LEVELS
        }
        low = floor["load"]["16"]
        samples = ", ".join(f"{sample['16']['rps']:,.0f}" for sample in floor["samples"])
        self.say(
            f"  Floor over the run: {low['rps']:,.0f} req/s at 16 connections, "
            f"mean of {len(floor['samples'])} samples ({samples})"
        )

    @staticmethod
    def _facts(fact: dict) -> dict:
        return {
            "queries": fact["queries"],
            "queries_first": fact.get("queries_first", fact["queries"]),
            "bytes": fact["bytes"],
            "cookies": fact.get("cookies", []),
        }

    def measure(self, server, name: str, label: str, path: str, fact: dict, cache_state: str) -> dict:
        scenario = {"name": name, "label": label, "kind": "page", "cache": cache_state, "url": path, **self._facts(fact)}
        # A hot scenario measures the page with its parts kept: the long-tail loads before it filled
        # each worker's memory cache and culled some of them (a sitemap index rebuilt by 16
        # connections at once put 118 ms into its p99 at 20,000 stories), so it is warmed again.
        load.warm(server.base, [path], parallel=2 * self.workers)
        scenario["load"] = self._load(server.base + path)
        self.report_line(scenario)
        return scenario

    def measure_beacon(self, server) -> dict:
        """The read beacon (issue 21): a POST answered before the session and the page cache, no query."""
        story = Article.objects.published().order_by("-published_at").values_list("pk", flat=True).first()
        scenario = beacon.measure(server, story_pk=story, levels=self.level_seconds)
        self.report_line(scenario)
        return scenario

    def measure_long_tail(self, server, cache_state: str) -> list[dict]:
        """Every long-tail kind, first: wrk over every distinct address, each asked for about once."""
        scenarios = []
        for name, label in longtail.KINDS:
            scenario = longtail.measure(
                server, self.folder, name=name, label=label, paths=self.tail_paths[name],
                cache_state=cache_state, level_seconds=self.level_seconds,
            )  # fmt: skip
            self.report_line(scenario)
            cold = scenario["cold"]
            self.say(
                f"    {scenario['distinct']:,} addresses, {scenario['asked']:,} asked, {scenario['repeated']:,} again; "
                f"cold SQL median {cold['median']} max {cold['max']} over {cold['sample']}, median {cold['median_ms']} ms"
            )
            scenarios.append(scenario)
        return scenarios

    def report_line(self, scenario: dict) -> None:
        low, high = scenario["load"]["16"], scenario["load"]["64"]
        cache_state = {"on": "cached", "off": "uncached"}.get(scenario["cache"], "floor")
        self.say(
            f"  {scenario['label']:<26} {cache_state:<9} {low['rps']:>8,.0f} req/s p50 {low['p50_ms']:>6.1f} ms "
            f"p99 {low['p99_ms']:>6.1f} ms | @64 {high['rps']:>8,.0f} req/s p99 {high['p99_ms']:>7.1f} ms | "
            f"{scenario['queries']} SQL ({scenario['queries_first']} first), {scenario['bytes']:,} bytes"
            + (f", {low['errors'] + high['errors']} errors" if low["errors"] + high["errors"] else "")
        )

    def measure_admin(self, server) -> dict:
        """The article changelist with the full corpus, as a logged-in editor."""
        editor = get_user_model().objects.get(username=corpus.EDITOR_USERNAME)
        session = SessionStore()
        session[SESSION_KEY] = str(editor.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = editor.get_session_auth_hash()
        session.save()
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}
        url = server.base + reverse("admin:articles_article_changelist")
        timings, fact = load.timed_get(url, times=ADMIN_RUNS, headers=headers)
        session.delete()
        if fact["status"] != 200:
            raise RuntimeError(f"The admin changelist answered {fact['status']}")
        admin = {
            "url": reverse("admin:articles_article_changelist"),
            "runs": ADMIN_RUNS,
            "median_ms": round(statistics.median(timings), 1),
            "max_ms": round(max(timings), 1),
            "queries": fact["queries"],
            "bytes": fact["bytes"],
        }
        self.say(f"  Admin changelist: median {admin['median_ms']:.1f} ms, {admin['queries']} SQL")
        return admin

    def soak(self, server, paths: dict) -> dict:
        """Readers on home, article, feed and search pages while an editor publishes stories."""
        from articles.newsroom.services import article_publish

        self.say(f"Soak: {self.soak_seconds} s at 64 connections while an editor publishes…")
        rotation = [paths["home"], paths["article"], paths["rss"], paths["search"]]
        before = server.worker_rss_mb()
        editor = get_user_model().objects.get(username=corpus.EDITOR_USERNAME)
        # Stories a little down the archive go back to draft and are published again, one a second;
        # the newest ones (the article page being read among them) stay as they are.
        drafts = list(Article.objects.published().order_by("-published_at")[100 : 105 + self.soak_seconds])
        Article.objects.filter(pk__in=[a.pk for a in drafts]).update(status=Article.Status.DRAFT, published_at=None)
        wrk = subprocess.Popen(  # noqa: S603
            [
                "wrk", "-t2", "-c64", f"-d{self.soak_seconds}s", "--latency", "--timeout", "10s",
                "-s", str(self._script(rotation)), server.base + "/",
            ],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        published = 0
        deadline = time.monotonic() + self.soak_seconds
        for article in drafts:
            if time.monotonic() >= deadline:
                break
            article.refresh_from_db()
            article_publish(article=article, by=editor)
            published += 1
            time.sleep(1)
        output, _ = wrk.communicate(timeout=self.soak_seconds + 60)
        (self.folder / "soak-wrk.txt").write_text(output, encoding="utf-8")
        # Any story left unpublished goes back to where the corpus had it.
        for article in Article.objects.filter(pk__in=[a.pk for a in drafts], status=Article.Status.DRAFT):
            article_publish(article=article, by=editor)
        figures = load.parse_wrk(output)
        after = server.worker_rss_mb()
        soak = {
            "seconds": self.soak_seconds,
            "connections": 64,
            "paths": rotation,
            "published": published,
            "requests": figures["requests"],
            "rps": figures["rps"],
            "p99_ms": figures["p99_ms"],
            "errors": figures["errors"],
            "rss_before_mb": round(sum(before) / max(len(before), 1), 1),
            "rss_after_mb": round(sum(after) / max(len(after), 1), 1),
        }
        self.say(
            f"  Soak: {soak['requests']:,} requests, {soak['errors']} failed, {published} stories published, "
            f"worker memory {soak['rss_before_mb']:.0f} → {soak['rss_after_mb']:.0f} MB"
        )
        return soak

    def _script(self, paths: list[str]) -> Path:
        script = self.folder / "soak.lua"
        script.write_text(load.rotation_script(paths), encoding="utf-8")
        return script

    # ---- measurements in process ----

    def measure_search(self) -> dict:
        with translation.override("ar"):
            figures = time_searches(repeat=3)
        self.say(f"  Search: median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms")
        return figures

    def measure_ingest(self) -> dict:
        """A generated 5,000-item feed to drafts, with its repeats recognised; rolled back after."""
        from articles.ingest.services import ingest_file
        from tools.bench.feed import write_feed

        path = self.folder / "ingest-feed.xml"
        repeats = write_feed(path, INGEST_ITEMS)
        source = Source.objects.order_by("pk").first()
        with transaction.atomic():
            started = time.perf_counter()
            run = ingest_file(path, source=source)
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        if run.status != "ok" and run.items_new == 0:
            raise RuntimeError(f"Ingest failed: {run.error_code} {run.error_params}")
        ingest = {
            "items": run.items_seen,
            "created": run.items_new,
            "duplicates": run.items_duplicate,
            "expected_duplicates": repeats,
            "failed": run.items_failed,
            "seconds": round(seconds, 2),
            "items_per_second": round(run.items_seen / seconds, 1),
        }
        self.say(f"  Ingest: {ingest['items_per_second']:.0f} items/s ({ingest['created']} new, {ingest['duplicates']} duplicates)")
        return ingest

    # ---- reports ----

    def write(self, result: dict) -> None:
        runs = self.folder / "runs"
        runs.mkdir(exist_ok=True)
        report.write_json(result, runs / f"{result['vendor']}-{self.articles}.json")
        comparison = report.smaller_run(runs, result)
        paths = report.write_reports(result, self.folder, comparison)
        self.say("")
        self.say(paths["md"].read_text(encoding="utf-8"))
        self.say(f"Wrote {paths['json']}, {paths['md']} and {paths['svg']}")
