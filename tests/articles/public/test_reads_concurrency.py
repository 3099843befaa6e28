""""Most read" under load: 10,000 beacons from 64 connections at once over HTTP lose no count
(the cache's atomic add-then-incr: Redis when REDIS_URL is set, else this process's LocMem)."""

import http.client
import threading
from urllib.parse import urlsplit

import pytest

from articles.public import reads
from articles.public.beacon import beacon_path

BEACONS = 10_000
CONNECTIONS = 64
STORIES = (101, 102, 103)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def _fire(address, jobs: list[str], statuses: list[int]) -> None:
    connection = None
    for path in jobs:
        for _attempt in range(3):
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
                connection.request("POST", path, headers={"User-Agent": BROWSER, "Content-Length": "0"})
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
                break
            except (ConnectionError, http.client.HTTPException):
                if connection is not None:
                    connection.close()
                connection = None
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
