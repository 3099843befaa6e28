"""Slow, distributed password guessing against one account: delays that double, and an alert.

django-axes locks a username out from one address after AXES_FAILURE_LIMIT failures (see
lockout.py). A guesser with many addresses stays under that limit at each of them, and a
lockout by username alone would let anyone lock the real editor out. So, per username and
across all addresses:

- after LOGIN_THROTTLE_FAILURES failed logins within LOGIN_THROTTLE_WINDOW_MINUTES, each
  further attempt must wait: the first waits FIRST_DELAY seconds, and every attempt that fails
  again doubles the wait (up to the window). An attempt made too early is answered at once with
  "try again in X seconds" (429, Retry-After); nothing sleeps in a worker;
- addresses the account has signed in from before (django-axes' access log of successful
  logins) are never delayed: the real editor at her usual desk signs in as always, while axes
  still limits guesses from that address like any other;
- administrators are told once per window: ``mail_admins`` and a log line at WARNING.

The counts live in the cache (Redis in production, shared by every worker) and are forgotten
a window after the last failure. Addresses are django-axes' (AXES_CLIENT_IP_CALLABLE), so the
throttle sees what the lockout sees behind PROXY_COUNT proxies.
"""

import hashlib
import ipaddress
import logging
import math
import time

from axes.helpers import get_client_ip_address
from axes.models import AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import mail_admins
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext, ngettext

logger = logging.getLogger(__name__)

# Seconds the first delayed attempt waits; each failure after it doubles the wait.
FIRST_DELAY = 2


def now() -> float:
    return time.time()


def _window() -> int:
    return settings.LOGIN_THROTTLE_WINDOW_MINUTES * 60


def _key(username: str, what: str) -> str:
    digest = hashlib.sha256(username.encode("utf-8", "surrogatepass")).hexdigest()
    return f"login-throttle:{digest}:{what}"


def _shown(username: str) -> str:
    """The username as typed, safe for a log line or a mail subject (no control characters)."""
    return "".join(ch if ch.isprintable() else "?" for ch in username)[:150]


def wait_seconds(username: str) -> int:
    """How long an attempt for ``username`` from an unknown address must still wait (0: not at all)."""
    state = cache.get(_key(username, "delay"))
    if not state:
        return 0
    return max(0, math.ceil(state["until"] - now()))


def is_known_address(username: str, address: str) -> bool:
    """Has ``username`` signed in successfully from ``address`` before (django-axes' access log)?"""
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return AccessLog.objects.filter(username=username, ip_address=address).exists()


def record_failure(sender, credentials, request=None, **kwargs) -> None:
    """``user_login_failed`` receiver: count the failure; past the limit, double the wait and alert once."""
    username = credentials.get(get_user_model().USERNAME_FIELD)
    if request is None or not username or settings.LOGIN_THROTTLE_FAILURES <= 0:
        return
    window = _window()
    state = cache.get(_key(username, "delay"))
    if state is None:
        failures_key = _key(username, "failures")
        if cache.add(failures_key, 1, timeout=window):
            failures = 1
        else:
            try:
                failures = cache.incr(failures_key)
            except ValueError:  # expired between add and incr
                cache.add(failures_key, 1, timeout=window)
                failures = 1
        if failures < settings.LOGIN_THROTTLE_FAILURES:
            return
        delay = FIRST_DELAY
    else:
        delay = min(state["delay"] * 2, window)
    # The state lasts a window after the last failure: a guesser who keeps going keeps waiting.
    cache.set(_key(username, "delay"), {"delay": delay, "until": now() + delay}, timeout=window)
    if cache.add(_key(username, "alerted"), 1, timeout=window):
        _alert(username, get_client_ip_address(request))


def _alert(username: str, address: str) -> None:
    shown, minutes = _shown(username), settings.LOGIN_THROTTLE_WINDOW_MINUTES
    count = settings.LOGIN_THROTTLE_FAILURES
    logger.warning(
        "Login throttle: %d failed logins for username %r within %d minutes, the last from %s; "
        "attempts from addresses it has not signed in from are now delayed",
        count, shown, minutes, address,
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Many failed sign-ins for “%(username)s”") % {"username": shown}
        message = "\n\n".join([
            ngettext(
                "%(count)d failed sign-in for “%(username)s” within %(minutes)d minutes, the last from %(address)s.",
                "%(count)d failed sign-ins for “%(username)s” within %(minutes)d minutes, the last from %(address)s.",
                count,
            ) % {"count": count, "username": shown, "minutes": minutes, "address": address},
            gettext(
                "Sign-ins to this account from addresses it has not used before now have to wait, twice as "
                "long after each failure. Nobody is locked out: its usual addresses sign in as before. "
                "The attempts are listed under “Access attempts” in the admin."
            ),
        ])
    mail_admins(subject, message, fail_silently=True)


def throttled_response(request, seconds: int):
    response = render(request, "admin/login_throttled.html", {"seconds": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response


class LoginThrottleMiddleware:
    """Answer "try again in X seconds" to an admin login for a username under the throttle.

    Before the view, so the password is not even checked; placed before django-axes' middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name != "admin:login":
            return None
        username = request.POST.get("username", "")
        seconds = wait_seconds(username) if username else 0
        if not seconds or is_known_address(username, get_client_ip_address(request)):
            return None
        logger.info("Login throttle: asked an attempt for %r to wait %d s", _shown(username), seconds)
        return throttled_response(request, seconds)
