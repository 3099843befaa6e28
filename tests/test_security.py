"""Production settings, security headers and the CSP nonce on the admin's rich-text editor."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x9Fq2!pL7#" * 6,
    "ALLOWED_HOSTS": "khabar.example",
    "CSRF_TRUSTED_ORIGINS": "https://khabar.example",
    "PROXY_COUNT": "1",  # deploy/nginx.conf in front (issue 22: the production list names it)
}


def _manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SESSION_", "CSRF_", "AXES_"))}
    clean = {k: v for k, v in clean.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "PROXY_COUNT"}}
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True,
                          timeout=120)


def _settings(names: list[str], env: dict[str, str]) -> dict[str, str]:
    code = "from django.conf import settings\n" + "".join(f"print(repr(settings.{name}))\n" for name in names)
    result = _manage(["shell", "--no-imports", "-c", code], env)
    assert result.returncode == 0, result.stderr
    return dict(zip(names, result.stdout.strip().splitlines(), strict=True))


def test_check_deploy_is_clean_with_only_the_documented_production_variables():
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_behind_a_proxy_that_is_not_counted():
    behind_nginx = {k: v for k, v in PRODUCTION.items() if k != "PROXY_COUNT"}
    result = _manage(["check", "--deploy"], behind_nginx)
    assert "khabar.W001" in result.stdout + result.stderr
    assert "PROXY_COUNT" in result.stdout + result.stderr


def test_check_deploy_is_quiet_about_proxies_without_one():
    direct = {k: v for k, v in PRODUCTION.items() if k != "PROXY_COUNT"} | {"SECURE_PROXY_SSL_HEADER": "0"}
    result = _manage(["check", "--deploy"], direct)
    assert "khabar.W001" not in result.stdout + result.stderr


def test_production_defaults_to_https_everywhere():
    assert _settings(
        ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
         "SECURE_PROXY_SSL_HEADER"],
        PRODUCTION,
    ) == {
        "SECURE_SSL_REDIRECT": "True",
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_PROXY_SSL_HEADER": "('HTTP_X_FORWARDED_PROTO', 'https')",
    }


def test_a_deployment_can_relax_https_redirect_explicitly():
    relaxed = {**PRODUCTION, "SECURE_SSL_REDIRECT": "0", "SECURE_PROXY_SSL_HEADER": "0"}
    assert _settings(["SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER"], relaxed) == {
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_PROXY_SSL_HEADER": "None",
    }
    result = _manage(["check", "--deploy"], relaxed)
    assert "security.W008" in result.stdout + result.stderr  # Django still says what was given up


def _script_sources(policy: str) -> list[str]:
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives["script-src"].split()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["admin:login", "admin:index", "admin:articles_article_changelist",
                                      "admin:articles_article_add", "admin:sources_source_add"])
def test_security_headers_on_admin_pages(admin_client, client, url_name):
    browser = client if url_name == "admin:login" else admin_client
    response = browser.get(reverse(url_name))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in _script_sources(policy) and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy and "base-uri 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_security_headers_on_public_urls(client):
    # The public pages are wired at merge; any public answer (here a 404 and the health check)
    # already carries the headers, since they come from middleware.
    for url in ["/healthz", "/no-such-page/"]:
        response = client.get(url)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("language_prefix", ["", "/en"])
def test_rich_text_editor_import_map_carries_the_csp_nonce(admin_client, language_prefix):
    response = admin_client.get(language_prefix + reverse("admin:articles_article_add"))
    html = response.content.decode()
    nonces = re.findall(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert len(nonces) == 1
    importmap = re.search(r'<script type="importmap"[^>]*>', html)
    assert importmap, "the editor's import map is missing"
    assert f'nonce="{nonces[0]}"' in importmap.group(0)
    # Every other script is a file from our own origin: nothing inline runs without the nonce.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/' in tag or f'nonce="{nonces[0]}"' in tag or 'type="application/json"' in tag, tag


@pytest.mark.django_db
def test_pages_without_inline_scripts_get_no_nonce(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "'nonce-" not in response.headers["Content-Security-Policy"]


def test_nonce_differs_between_requests(admin_client, db):
    url = reverse("admin:articles_article_add")
    first = re.findall(r"'nonce-([^']+)'", admin_client.get(url).headers["Content-Security-Policy"])
    second = re.findall(r"'nonce-([^']+)'", admin_client.get(url).headers["Content-Security-Policy"])
    assert first and second and first != second
