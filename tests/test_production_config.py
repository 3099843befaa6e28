"""Production switches: media on S3, a read replica for readers, CDN headers and the purge hook."""

import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.urls import reverse

from articles.newsroom.services import article_publish
from articles.public.cache import SURROGATE_KEY
from articles.public.routers import PublicReadRouter, public_reads
from tests.factories import make_article, make_published, make_section

ROOT = Path(__file__).resolve().parent.parent


def _django(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DATABASE", "DEBUG", "SECRET_KEY"))}
    clean.update(env)
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup(); from django.conf import settings\n"
    return subprocess.run(
        [sys.executable, "-c", setup + code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_media_go_to_s3_when_a_bucket_is_named():
    code = "print(settings.STORAGES['default']['BACKEND']); print(settings.STORAGES['default'].get('OPTIONS', {}).get('bucket_name'))"

    local = _django({}, code)
    s3 = _django({"AWS_STORAGE_BUCKET_NAME": "khabar-media", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}, code)

    assert local.returncode == 0 and s3.returncode == 0, local.stderr + s3.stderr
    assert local.stdout.split() == ["django.core.files.storage.FileSystemStorage", "None"]
    assert s3.stdout.split() == ["storages.backends.s3.S3Storage", "khabar-media"]
    # The backend itself loads (django-storages and boto3 are installed).
    loaded = _django(
        {"AWS_STORAGE_BUCKET_NAME": "khabar-media", "AWS_S3_REGION_NAME": "eu-west-1"},
        "from django.core.files.storage import storages; s = storages['default']; print(type(s).__name__, s.querystring_auth)",
    )
    assert loaded.stdout.split() == ["S3Storage", "False"], loaded.stderr


def test_readers_pages_read_the_replica_and_editors_the_primary(tmp_path):
    """Two SQLite files: the replica is a copy taken before a story was published on the primary."""
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {
        "DATABASE_URL": f"sqlite:///{primary}",
        "DATABASE_REPLICA_URL": f"sqlite:///{replica}",
        "DATABASE_REPLICA_LAG_SECONDS": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    prepare = _django(
        env,
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "print(settings.DATABASE_ROUTERS)",
    )
    assert prepare.returncode == 0, prepare.stderr
    assert "articles.public.routers.PublicReadRouter" in prepare.stdout
    shutil.copy(primary, replica)
    check = _django(
        env,
        """
from django.test import Client
from django.contrib.auth import get_user_model
from tests.factories import make_published
make_published(title="خبر على الخادم الرئيسي فقط")
reader = Client(HTTP_HOST="127.0.0.1")
editor = Client(HTTP_HOST="127.0.0.1")
editor.force_login(get_user_model().objects.create_superuser("boss", "boss@example.org", "x"))
print(json.dumps({
    "reader": "خبر على الخادم الرئيسي فقط" in reader.get("/").content.decode(),
    "editor": "خبر على الخادم الرئيسي فقط" in editor.get("/").content.decode(),
}))
""".replace("from django.test", "import json\nfrom django.test"),
    )
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout.strip().splitlines()[-1]) == {"reader": False, "editor": True}


def test_without_a_replica_every_read_goes_to_the_primary():
    router = PublicReadRouter()

    with public_reads(True):
        assert router.db_for_read(None) == "default"
        assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "articles") is False and router.allow_migrate("default", "articles")


@pytest.mark.django_db
def test_public_pages_carry_cdn_headers(client, settings):
    settings.PUBLIC_SHARED_MAX_AGE = 600
    make_published()

    response = client.get(reverse("articles:home"))

    assert response["Surrogate-Key"] == SURROGATE_KEY
    assert "s-maxage=600" in response["Cache-Control"] and "public" in response["Cache-Control"]


class _Recorder(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Recorder.received.append({"auth": self.headers.get("Authorization"), "body": json.loads(body)})
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    _Recorder.received = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/purge", _Recorder.received
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True)
def test_publishing_purges_the_cdn(settings, purge_server, editor):
    url, received = purge_server
    settings.CDN_PURGE_URL = url
    settings.OUTBOUND_ALLOWED_HOSTS = [url.split("/")[2]]  # a relay on an internal address is named
    settings.CDN_PURGE_TOKEN = "s3cret"
    article = make_article(title="خبر للنشر", section=make_section())

    article_publish(article=article, by=editor)

    assert len(received) == 1
    assert received[0]["auth"] == "Bearer s3cret"
    assert received[0]["body"]["surrogate_keys"] == [SURROGATE_KEY]
    assert received[0]["body"]["paths"] == [article.get_absolute_url()]


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_cdn_never_stops_publication(settings, editor, caplog):
    settings.CDN_PURGE_URL = "http://127.0.0.1:9/purge"  # the discard port: nothing listens
    article = make_article(title="خبر آخر", section=make_section())

    published = article_publish(article=article, by=editor)

    assert published.status == published.Status.PUBLISHED
    assert "CDN purge" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_purge_hook_goes_through_the_guarded_client(settings, purge_server, editor, caplog):
    """A purge URL on an internal address that is not allowed is refused before any request."""
    url, received = purge_server
    settings.CDN_PURGE_URL = url
    article = make_article(title="خبر ثالث", section=make_section())

    published = article_publish(article=article, by=editor)

    assert published.status == published.Status.PUBLISHED
    assert received == []
    assert "CDN purge" in caplog.text
