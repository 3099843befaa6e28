""""Most read" under load: 10,000 beacons from 64 connections at once over HTTP lose no count
(the cache's atomic add-then-incr: Redis when REDIS_URL is set, else this process's LocMem)."""

import http.client
import threading
import time
from urllib.parse import urlsplit

import pytest

from articles.public import reads
from articles.public.beacon import beacon_path

BEACONS = 10_000
CONNECTIONS = 64
STORIES = (101, 102, 103)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def _connect(address) -> http.client.HTTPConnection:
    """A connection, retried while the server's listen queue is full (nothing was sent yet, so a
    retry cannot count a beacon twice); a busy machine can drop a connect under 64 at once."""
    for attempt in range(10):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        try:
            connection.connect()
            return connection
        except OSError:
            connection.close()
            time.sleep(0.05 * (attempt + 1))
    raise ConnectionError(f"no connection to {address.netloc}")


def _fire(address, jobs: list[str], statuses: list[int]) -> None:
    """Send ``jobs`` on one kept-alive connection; a beacon is sent again only when the connection
    was lost before the request went out (a lost answer is not resent: it may have been counted)."""
    connection = None
    try:
        for path in jobs:
            for _attempt in range(3):
                connection = connection or _connect(address)
                try:
                    connection.request("POST", path, headers={"User-Agent": BROWSER, "Content-Length": "0"})
                except OSError:  # the server closed the kept-alive connection before this request
                    connection.close()
                    connection = None
                    continue
                try:
                    response = connection.getresponse()
                    response.read()
                except http.client.RemoteDisconnected:  # closed unread: the beacon was not taken
                    connection.close()
                    connection = None
                    continue
                except OSError:  # no answer in time: it may have been counted, so it is not resent
                    statuses.append(-1)
                    connection.close()
                    connection = None
                    break
                statuses.append(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
                break
    finally:
        if connection is not None:
            connection.close()


@pytest.mark.django_db(transaction=True)
def test_ten_thousand_concurrent_beacons_lose_no_count(live_server, settings):
    settings.READS_RATE_LIMIT = 0  # one address sends them all
    settings.READS_FLUSH_IN_PROCESS = False
    address = urlsplit(live_server.url)
    paths = [beacon_path(STORIES[n % len(STORIES)]) for n in range(BEACONS)]
    statuses: list[int] = []
    threads = [
        threading.Thread(target=_fire, args=(address, paths[n::CONNECTIONS], statuses)) for n in range(CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(204) == BEACONS
    counted = reads.counted()
    hours = {hour for _pk, hour in counted}
    per_story = {pk: sum(total for (story, _hour), total in counted.items() if story == pk) for pk in STORIES}
    assert sum(counted.values()) == BEACONS, (hours, per_story)
    assert per_story == {101: 3334, 102: 3333, 103: 3333}
