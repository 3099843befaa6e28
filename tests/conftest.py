"""Shared fixtures: Arabic active, media in a temporary folder, a clean cache, the newsroom users."""

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _arabic():
    translation.activate("ar")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def writer(db):
    from tests.factories import make_user

    return make_user("writer", role="Writers", first_name="سلمى", last_name="الكاتبة")


@pytest.fixture
def other_writer(db):
    from tests.factories import make_user

    return make_user("writer2", role="Writers")


@pytest.fixture
def editor(db):
    from tests.factories import make_user

    return make_user("editor", role="Editors", first_name="مازن", last_name="المحرر")


@pytest.fixture
def translator(db):
    from tests.factories import make_user

    return make_user("translator", role="Translators")


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` run on PostgreSQL only (CI's PostgreSQL leg), ``sqlite`` ones on SQLite only."""
    from django.db import connection

    if connection.vendor == "postgresql":
        marker, skip = "sqlite", pytest.mark.skip(reason="SQLite's own behaviour (one writer at a time, a file): PostgreSQL locks rows instead")
    else:
        marker, skip = "postgres", pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://…")
    for item in items:
        if marker in item.keywords:
            item.add_marker(skip)
