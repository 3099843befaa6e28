"""The read beacon of "most read" under load: wrk POSTs one story's beacon (issue 21).

Its budget: at least ``MIN_RATIO_BEACON`` of the bare view's requests per second, with no SQL
query. The benchmark's server counts every beacon (READS_RATE_LIMIT=0: wrk is one address).
"""

import httpx

from articles.public.beacon import beacon_path
from tools.bench import load

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def script(path: str) -> str:
    """A wrk Lua script POSTing the beacon at ``path`` as a browser's script would (no body, no cookie)."""
    return (
        'wrk.method = "POST"\n'
        f'wrk.path = "{path}"\n'
        f'wrk.headers["User-Agent"] = "{BROWSER}"\n'
        'wrk.headers["Sec-Fetch-Site"] = "same-origin"\n'
        'wrk.headers["Content-Length"] = "0"\n'
    )


def measure(server, *, story_pk: int, levels: dict[str, int]) -> dict:
    """The beacon's scenario: facts from a few POSTs, then wrk at each level."""
    path = beacon_path(story_pk)
    queries, statuses, cookies = [], set(), set()
    with httpx.Client(timeout=30, headers={"User-Agent": BROWSER}) as client:
        for _ in range(4):
            response = client.post(server.base + path)
            statuses.add(response.status_code)
            queries.append(int(response.headers.get("x-query-count", "-1")))
            cookies.update(header.split("=", 1)[0] for header in response.headers.get_list("set-cookie"))
    if statuses != {204}:
        raise RuntimeError(f"The read beacon answered {sorted(statuses)}, not 204")
    scenario = {
        "name": "beacon", "label": "Read beacon (POST)", "kind": "page", "cache": "on", "url": path,
        "queries": min(queries), "queries_first": max(queries), "bytes": 0, "cookies": sorted(cookies),
    }  # fmt: skip
    scenario["load"] = {
        level: load.run_wrk(server.base + path, connections=int(level), seconds=seconds, script=script(path))
        for level, seconds in levels.items()
    }
    return scenario
