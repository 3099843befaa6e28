"""An editor's webhook journey in a real browser: add a webhook for a local receiver, publish a story,
and see the signed delivery arrive and appear in the delivery log. A real worker process sends it.

Needs Debian's Chromium and the playwright package (`make browser-tools`); skipped without them.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from standardwebhooks.webhooks import Webhook

from tests.articles.helpers import change_url
from tests.browser import chromium
from tests.factories import make_article
from tests.tasks import WorkerProcess, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(receiver):
    process = WorkerProcess({
        "OUTBOUND_ALLOWED_HOSTS": f"127.0.0.1:{receiver.port}", "TASKS_BACKEND": "database",
        "TASKS_BEAT_SECONDS": "0.5", "SITE_URL": "https://news.example",
    }).start()
    yield process
    process.stop()
    process.log.close()


def test_an_editor_adds_a_webhook_publishes_and_sees_the_delivery(live_server, editor, receiver, worker):
    article = make_article(title="خبر يصل إلى الشركاء", byline="محرر")
    client = Client()
    client.force_login(editor)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + reverse("admin:articles_webhookendpoint_add"))
        page.fill("#id_url", receiver.url())
        page.fill("#id_description", "المستقبِل المحلي")
        with page.expect_navigation():
            page.click("input[name=_save]")
        secret = re.search(r"whsec_[A-Za-z0-9+/=]+", page.locator(".messagelist").inner_text()).group(0)
        page.goto(live_server.url + change_url(article, "ar"))
        with page.expect_navigation():
            page.click("form.transition-publish [type=submit]")
        log = live_server.url + reverse("admin:articles_webhookdelivery_changelist")

        def delivered() -> str:
            """The delivery log's first row, once it says the receiver answered 200 (the worker took a moment)."""
            page.goto(log)
            rows = page.locator("#result_list tbody tr")
            return rows.count() and "200" in rows.first.inner_text() and rows.first.inner_text()

        row = wait_until(delivered, timeout=20, pause=0.3)
    request = receiver.received[0]
    assert Webhook(secret).verify(request["body"], request["headers"])["data"]["title"] == "خبر يصل إلى الشركاء"
    assert len(receiver.received) == 1
    assert "200" in row and str(article.pk) in row
