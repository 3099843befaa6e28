"""SQLite busy with another save is not an outage (issue 22, item 9).

Saves wait for each other (WAL, IMMEDIATE transactions, a busy timeout); a save that waits
past the timeout gets its form back with the editor's input and a message, never the 503 page.
The first tests simulate the lock inside the test database; the last ones lock a real SQLite
file from another connection, in a separate process running the real settings.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

from articles.admin.stories import ArticleAdmin
from articles.admin.story_views import StoryViewsMixin
from articles.models import Article
from articles.models.workflow import Action
from articles.newsroom import services
from sources.admin_busy import database_busy_message
from tests.articles.helpers import change_url, form_data
from tests.factories import make_article

pytestmark = pytest.mark.sqlite

ROOT = Path(__file__).resolve().parents[3]


def _locked_once(original):
    """``original``, except that its first call fails as SQLite does when the write lock stayed taken."""
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return original(*args, **kwargs)

    return wrapper


@pytest.mark.django_db
def test_a_save_that_met_a_locked_database_shows_the_form_back_with_its_input(admin_client, monkeypatch):
    article = make_article(title="العنوان الأول")
    monkeypatch.setattr(ArticleAdmin, "save_model", _locked_once(ArticleAdmin.save_model))

    response = admin_client.post(change_url(article), form_data(article, title="عنوان كتبه المحرر للتو"))

    assert response.status_code == 409
    html = response.content.decode()
    assert 'value="عنوان كتبه المحرر للتو"' in html
    assert database_busy_message() in html
    assert "temporarily unavailable" not in html and "Traceback" not in html
    article.refresh_from_db()
    assert article.title == "العنوان الأول"
    # Saving again once the other save is done works as usual.
    response = admin_client.post(change_url(article), form_data(article, title="عنوان كتبه المحرر للتو"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "عنوان كتبه المحرر للتو"


@pytest.mark.django_db
def test_a_new_story_that_met_a_locked_database_is_not_created_but_kept_in_the_form(admin_client, monkeypatch):
    monkeypatch.setattr(ArticleAdmin, "save_model", _locked_once(ArticleAdmin.save_model))
    data = form_data(make_article(), title="خبر جديد لم يُحفظ بعد", slug="khabar-jadid")
    del data["version"]

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 409
    assert 'value="خبر جديد لم يُحفظ بعد"' in response.content.decode()
    assert not Article.objects.filter(translations__slug="khabar-jadid").exists()


@pytest.mark.django_db
def test_a_button_that_met_a_locked_database_answers_nothing_was_saved_not_the_outage(admin_client, monkeypatch):
    article = make_article()
    monkeypatch.setitem(services.SERVICES, Action.SUBMIT, _locked_once(services.SERVICES[Action.SUBMIT]))
    url = reverse("admin:articles_article_transition", args=[article.pk, Action.SUBMIT.value])

    response = admin_client.post(url, {"comment": ""})

    # Served again reading only, the service cannot write: the 409 page, and nothing changed.
    assert response.status_code == 409
    assert response["Cache-Control"] == "no-store"
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == article.status


@pytest.mark.django_db
def test_a_page_that_met_a_locked_database_is_served_reading_only(admin_client, monkeypatch):
    article = make_article(title="خبر يُقرأ والقاعدة مشغولة")
    monkeypatch.setattr(StoryViewsMixin, "allowed_transitions", _locked_once(StoryViewsMixin.allowed_transitions))

    response = admin_client.get(change_url(article))

    assert response.status_code == 200
    assert "خبر يُقرأ والقاعدة مشغولة" in response.content.decode()


# ---- a real SQLite file, locked by another connection, in a process of its own ----


def _run(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "REDIS_URL", "CACHE_URL", "SQLITE_"))}
    clean.update(env)
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", setup + code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=180
    )


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory) -> Path:
    """One migrated SQLite file for the module; each test works on a copy."""
    path = tmp_path_factory.mktemp("sqlite") / "khabar.sqlite3"
    result = _run({"DATABASE_URL": f"sqlite:///{path}"},
                  "from django.core.management import call_command; call_command('migrate', verbosity=0)")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def database_file(migrated_file, tmp_path) -> Path:
    path = tmp_path / "khabar.sqlite3"
    shutil.copy(migrated_file, path)
    return path


# Logs a superuser in and makes stories; prints JSON on its last line.
_PROLOGUE = """
import json, threading, time
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from tests.articles.helpers import change_url, form_data
from tests.factories import make_article
boss = get_user_model().objects.create_superuser("boss", "boss@example.org", None)
def client():
    browser = Client(HTTP_HOST="127.0.0.1")
    browser.force_login(boss)
    return browser
"""


def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(database_file):
    result = _run(
        {"DATABASE_URL": f"sqlite:///{database_file}"},
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], cursor.execute('PRAGMA synchronous').fetchone()[0],"
        " cursor.execute('PRAGMA busy_timeout').fetchone()[0], connection.transaction_mode)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1", "20000", "IMMEDIATE"]  # synchronous 1 is NORMAL


def test_two_simultaneous_saves_both_succeed(database_file):
    code = _PROLOGUE + """
from articles.admin.stories import ArticleAdmin
stories = [make_article(title=f"خبر رقم {n}") for n in range(2)]
# Each save keeps its transaction open a while, so the two overlap for certain.
original = ArticleAdmin.save_model
def slow_save_model(self, *args, **kwargs):
    original(self, *args, **kwargs)
    time.sleep(0.5)
ArticleAdmin.save_model = slow_save_model
start, statuses = threading.Barrier(2), {}
def save(story):
    browser = client()
    start.wait()
    statuses[story.pk] = browser.post(change_url(story), form_data(story, title=f"{story.title} بعد التعديل")).status_code
    connection.close()
threads = [threading.Thread(target=save, args=[story]) for story in stories]
for thread in threads: thread.start()
for thread in threads: thread.join()
for story in stories: story.refresh_from_db()
print(json.dumps({"statuses": sorted(statuses.values()), "titles": sorted(story.title for story in stories)}))
"""
    result = _run({"DATABASE_URL": f"sqlite:///{database_file}"}, code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "statuses": [302, 302],
        "titles": ["خبر رقم 0 بعد التعديل", "خبر رقم 1 بعد التعديل"],
    }


def test_a_save_blocked_past_the_busy_timeout_gets_its_form_back(database_file):
    """Another connection holds the write lock longer than SQLITE_TIMEOUT (0.3 s here)."""
    code = _PROLOGUE + """
import sqlite3
from django.conf import settings
story = make_article(title="العنوان قبل القفل")
browser = client()
data = form_data(story, title="ما كتبه المحرر أثناء القفل")
other = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
other.execute("BEGIN IMMEDIATE")
other.execute("UPDATE articles_article SET is_breaking = is_breaking")
try:
    saved = browser.post(change_url(story), data)
    page = browser.get(change_url(story))  # reading never waits for the writer (WAL)
finally:
    other.execute("ROLLBACK")
story.refresh_from_db()
from sources.admin_busy import database_busy_message
from django.utils import translation
with translation.override("ar"):
    message = database_busy_message()
html = saved.content.decode()
print(json.dumps({"status": saved.status_code, "input_kept": 'value="ما كتبه المحرر أثناء القفل"' in html,
                  "message": message in html, "outage_page": "temporarily unavailable" in html or saved.status_code == 503,
                  "page": page.status_code, "title": story.title}))
"""
    result = _run({"DATABASE_URL": f"sqlite:///{database_file}", "SQLITE_TIMEOUT": "0.3"}, code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "status": 409,
        "input_kept": True,
        "message": True,
        "outage_page": False,
        "page": 200,
        "title": "العنوان قبل القفل",
    }
    assert "Database busy with another write" in result.stderr  # logged at WARNING, not as an outage
