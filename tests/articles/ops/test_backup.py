"""export_site / import_site: the whole site in one archive, restored into an empty database."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.backups import ARABIC, make_site, snapshot

ROOT = Path(__file__).resolve().parents[3]


def _empty_the_site(settings):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.mark.django_db(transaction=True)
def test_export_then_import_restores_every_row_and_file(settings, tmp_path):
    make_site()
    before = snapshot()
    listed = _listed()
    assert before["articles.articletranslation"] and before["media"] and before["auth.user"] and listed
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), verbosity=0)

    _empty_the_site(settings)
    assert not snapshot()["articles.article"] and not snapshot()["media"]
    call_command("import_site", str(archive), verbosity=0)

    after = snapshot()
    for label in before:
        assert after[label] == before[label], label
    assert any(ARABIC in row["title"] for row in after["articles.articletranslation"])
    # The public site's lists are not in the archive: the restore writes them again.
    assert _listed() == listed


def _listed() -> list[tuple]:
    from articles.models import ListedStory

    return sorted(ListedStory.objects.values_list("kind", "group_id", "language", "published_at", "article_id"))


@pytest.mark.django_db(transaction=True)
def test_archive_is_one_zip_with_readable_arabic_json(tmp_path):
    make_site()
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), verbosity=0)
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        names = set(opened.namelist())
        translations = next(e for e in manifest["models"] if e["model"] == "articles.articletranslation")
        text = opened.read(translations["file"]).decode("utf-8")
    assert {e["model"] for e in manifest["models"]} >= {
        "articles.article", "articles.articletranslation", "articles.tag", "articles.taggedarticle",
        "articles.correction", "sources.source", "sources.sourcealias", "sources.disclaimertemplate", "auth.user",
    }
    assert ARABIC in text  # stored as text, not \\u escapes
    assert all(f"media/{name}" in names for name in manifest["media"]) and len(manifest["media"]) == 3  # lead image, share image, logo


@pytest.mark.django_db(transaction=True)
def test_import_refuses_a_database_with_content(tmp_path):
    make_site()
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="articles.article: 2"):
        call_command("import_site", str(archive), verbosity=0)


@pytest.mark.django_db
def test_import_refuses_a_file_that_is_not_an_export(tmp_path):
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "مرحبا")
    with pytest.raises(CommandError, match="manifest|البيان"):
        call_command("import_site", str(other), verbosity=0)
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_site", str(tmp_path / "missing.zip"), verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_new_content_after_import_gets_fresh_ids(settings, tmp_path):
    from tests.factories import make_article

    make_site()
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), verbosity=0)
    _empty_the_site(settings)
    call_command("import_site", str(archive), verbosity=0)
    assert make_article(title="خبر جديد بعد الاستعادة").pk > 2


def _run(args: list[str], env: dict[str, str]) -> None:
    full = {**os.environ, **env}
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"


@pytest.mark.postgres
@pytest.mark.django_db
def test_round_trip_from_sqlite_to_postgresql_loses_nothing(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run the suite with DATABASE_URL=postgres://…")
    import psycopg

    params = connection.settings_dict
    target = f"{params['NAME']}_roundtrip"
    admin_dsn = {"host": params["HOST"] or None, "port": params["PORT"] or None, "user": params["USER"] or None,
                 "password": params["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**admin_dsn) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}" ENCODING \'UTF8\' TEMPLATE template0')
    auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    postgres_url = f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{target}"
    sqlite_url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    archive = str(tmp_path / "site.zip")
    try:
        sqlite = {"DATABASE_URL": sqlite_url, "MEDIA_ROOT": str(tmp_path / "media-sqlite")}
        _run(["manage.py", "migrate", "--noinput", "-v0"], sqlite)
        _run(["-m", "tests.backups", "make"], sqlite)
        _run(["-m", "tests.backups", "snapshot", str(tmp_path / "sqlite.json")], sqlite)
        _run(["manage.py", "export_site", archive], sqlite)

        postgres = {"DATABASE_URL": postgres_url, "MEDIA_ROOT": str(tmp_path / "media-postgres")}
        _run(["manage.py", "migrate", "--noinput", "-v0"], postgres)
        _run(["manage.py", "import_site", archive], postgres)
        _run(["-m", "tests.backups", "snapshot", str(tmp_path / "postgres.json")], postgres)
    finally:
        with psycopg.connect(**admin_dsn) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')

    before = (tmp_path / "sqlite.json").read_bytes()
    after = (tmp_path / "postgres.json").read_bytes()
    assert ARABIC.encode() in before
    assert json.loads(after) == json.loads(before)
    assert after == before  # byte for byte, Arabic included


@pytest.mark.django_db(transaction=True)
def test_import_refuses_media_names_outside_the_media_folder(settings, tmp_path):
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), verbosity=0)
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(archive) as original, zipfile.ZipFile(forged, "w") as target:
        manifest = json.loads(original.read("manifest.json"))
        manifest["media"] = ["../outside.txt"]
        for name in original.namelist():
            if name != "manifest.json":
                target.writestr(name, original.read(name))
        target.writestr("manifest.json", json.dumps(manifest))
        target.writestr("media/../outside.txt", "x")
    with pytest.raises(CommandError, match="outside"):
        call_command("import_site", str(forged), verbosity=0)
    assert not (Path(settings.MEDIA_ROOT).parent / "outside.txt").exists()
