"""Stories for the public-site tests (published, scheduled, draft, in review, withdrawn) and a webhook receiver."""

import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section
from sources.models import Source
from tests.factories import make_article, make_disclaimer, make_published, make_section, make_source
from tests.webhook_receiver import Receiver


@dataclass
class Newsroom:
    section: Section
    arabic_only_section: Section
    source: Source
    agency: Source
    original: Article
    republished: Article
    scheduled: Article
    draft: Article
    in_review: Article
    withdrawn: Article


@pytest.fixture
def newsroom() -> Newsroom:
    make_disclaimer()
    section = make_section(name="أخبار سوريا", name_en="Syria news")
    arabic_only = make_section(name="محليات", name_en=None, ordering=2)
    source = make_source(name="شام الإخبارية", name_en="Sham News", slug="sham", homepage_url="https://sham.example/")
    agency = make_source(name="وكالة الصحافة الفرنسية", name_en="AFP", slug="afp", kind=Source.Kind.AGENCY)
    original = make_published(
        title="أذربيجان ترعى اجتماعاً سورياً",
        summary="موجز الخبر الأصلي",
        dateline="باكو",
        section=section,
        tags=["سوريا", "أذربيجان"],
        en={
            "title": "Azerbaijan hosts a Syrian meeting",
            "body": "<p>English body.</p>",
            "summary": "English summary",
            "byline": "Staff writer",
        },
        ago=timedelta(hours=2),
    )
    republished = make_published(
        title="خبر منقول عن شام",
        body="<p>نص منقول يذكر وكالة الصحافة الفرنسية.</p>",
        section=arabic_only,
        origin=Article.Origin.REPUBLISHED,
        source=source,
        original_url="https://sham.example/news/1",
        tags=["سوريا"],
        ago=timedelta(hours=1),
    )
    republished.cited_sources.add(agency)
    scheduled = make_published(title="خبر مجدول سري", section=section, tags=["سوريا"], ago=-timedelta(hours=3))
    draft = make_article(title="مسودة سرية", section=section, tags=["سوريا"])
    in_review = make_article(
        title="خبر قيد المراجعة سري", section=section, status=Article.Status.IN_REVIEW, tags=["سوريا"]
    )
    withdrawn = make_article(
        title="خبر مسحوب سري",
        section=section,
        tags=["سوريا"],
        status=Article.Status.WITHDRAWN,
        published_at=timezone.now() - timedelta(days=1),
    )
    return Newsroom(section, arabic_only, source, agency, original, republished, scheduled, draft, in_review, withdrawn)


@pytest.fixture
def receiver(settings):
    """A webhook receiver on 127.0.0.1, let through the outbound guard; retries and timeouts kept short."""
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    settings.TASKS_RETRY_BASE_SECONDS = 0.2
    settings.TASKS_RETRY_MAX_SECONDS = 1
    settings.TASKS_LOST_AFTER_SECONDS = 1
    settings.WEBHOOK_TIMEOUT = 2
    settings.SITE_URL = "https://news.example"
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def fakes(settings):
    """The fake Telegram Bot API, WebSub hub and IndexNow endpoint on 127.0.0.1, configured as the site's."""
    import threading

    from tests.distribution_fakes import Fakes

    server = Fakes()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    settings.TELEGRAM_API_URL = server.url()
    settings.TELEGRAM_BOT_TOKEN = "123:test-token"
    settings.WEBSUB_HUBS = [server.url("/hub")]
    settings.INDEXNOW_KEY = "khabar-test-key-1234"
    settings.INDEXNOW_ENDPOINT = server.url("/indexnow")
    settings.SITE_URL = "https://news.example"
    settings.TASKS_RETRY_BASE_SECONDS = 0.2
    settings.TASKS_RETRY_MAX_SECONDS = 1
    settings.TASKS_LOST_AFTER_SECONDS = 1
    settings.DISTRIBUTION_TIMEOUT = 2
    yield server
    server.shutdown()
    server.server_close()
