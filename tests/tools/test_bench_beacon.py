"""The benchmark's read-beacon scenario (issue 21): wrk's POST script and its budget."""

from tools.bench import beacon, report


def test_the_wrk_script_posts_the_beacon_as_a_browser():
    text = beacon.script("/reads/7/0123456789abcdef")
    assert 'wrk.method = "POST"' in text and 'wrk.path = "/reads/7/0123456789abcdef"' in text
    assert "Chrome" in text and "Cookie" not in text


def _result(rps: float, queries: int) -> dict:
    load = {"16": {"rps": rps, "p50_ms": 1.0, "p99_ms": 3.0, "errors": 0}}
    return {
        "scenarios": [
            {"name": "beacon", "label": "Read beacon (POST)", "kind": "page", "cache": "on", "load": load,
             "ratio": {"16": rps / 1000}, "queries": queries, "queries_first": queries, "cookies": []},
        ]
    }  # fmt: skip


def test_the_beacon_is_judged_against_nine_tenths_of_the_bare_view_and_no_query():
    checks = {check["what"]: check["ok"] for check in report.budget_checks(_result(950, 0))}
    assert checks == {"Read beacon (POST): ratio to floor": True, "Read beacon (POST): SQL queries": True}
    checks = {check["what"]: check["ok"] for check in report.budget_checks(_result(800, 1))}
    assert checks == {"Read beacon (POST): ratio to floor": False, "Read beacon (POST): SQL queries": False}
