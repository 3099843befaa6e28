"""System checks for a deployment (`manage.py check --deploy`), registered by ``ArticlesConfig``."""

from django.conf import settings
from django.core.checks import Warning


def check_proxy_count(app_configs, **kwargs) -> list[Warning]:
    """khabar.W001: a proxy is trusted for HTTPS (SECURE_PROXY_SSL_HEADER) but not counted (PROXY_COUNT)."""
    if settings.SECURE_PROXY_SSL_HEADER and not settings.PROXY_COUNT:
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER is set, so Khabar runs behind a reverse proxy, but PROXY_COUNT is 0: "
                "every visitor has the proxy's address.",
                hint=(
                    "Set PROXY_COUNT to the number of proxies that append to X-Forwarded-For: 1 behind "
                    "deploy/nginx.conf, 2 with a CDN in front of it. Otherwise five wrong passwords from anyone "
                    "lock an account out for everyone, and the search rate limit is one bucket for the whole site. "
                    "Without a proxy, set SECURE_PROXY_SSL_HEADER=0."
                ),
                id="khabar.W001",
            )
        ]
    return []
