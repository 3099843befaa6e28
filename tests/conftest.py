"""Shared fixtures: Arabic active, media in a temporary folder, a clean cache, the newsroom users,
and for outbound requests a recorder of connection attempts and a fake DNS."""

import os
import socket
from urllib.parse import urlsplit

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
def _no_read_flush_threads(settings):
    """Without Redis the web process flushes its read counters from a thread minutes later; a test
    that wants it says so (tests/articles/public/test_reads.py), the others must not leave one behind."""
    settings.READS_FLUSH_IN_PROCESS = False


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


class Connections:
    """Records every TCP connection attempted; only those to permitted local ports go through.

    The cache's Redis (PostgreSQL leg) is the test's own infrastructure: let through, not recorded.
    """

    def __init__(self):
        self.attempted: list[tuple] = []
        self.permitted: set[int] = set()
        cache_url = urlsplit(os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "")
        self.infrastructure = {(cache_url.hostname, cache_url.port or 6379)} if cache_url.hostname else set()

    def permit(self, port: int) -> None:
        self.permitted.add(port)


@pytest.fixture
def connections(monkeypatch):
    record = Connections()
    real = socket.socket.connect

    def connect(sock, address):
        if tuple(address[:2]) in record.infrastructure:
            return real(sock, address)
        record.attempted.append(tuple(address[:2]))
        if address[0] == "127.0.0.1" and address[1] in record.permitted:
            return real(sock, address)
        raise ConnectionRefusedError("the test caught a connection that should never have been attempted")

    monkeypatch.setattr(socket.socket, "connect", connect)
    return record


class Resolver:
    """Fake DNS: a queue of answers per name (the last one repeats); numeric hosts resolve as usual."""

    def __init__(self, real):
        self.answers: dict[str, list[list[str]]] = {}
        self.asked: list[str] = []
        self._real = real

    def __setitem__(self, name: str, answers: list[list[str]]) -> None:
        self.answers[name] = list(answers)

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 - getaddrinfo's names
        self.asked.append(host)
        if host not in self.answers:
            return self._real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        queue = self.answers[host]
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses
        ]


@pytest.fixture
def dns(monkeypatch):
    resolver = Resolver(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    return resolver


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
