"""In Chromium, the API's docs page comes up under the site's Content-Security-Policy."""

import pytest

from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


def test_docs_page_lists_the_operations_without_csp_violations(live_server):
    with chromium() as browser:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(f"{live_server.url}/api/v1/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=30_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/v1/stories/" in paths and "/api/v1/search/" in paths
        assert page.evaluate("window.__csp") == []
        assert errors == []
