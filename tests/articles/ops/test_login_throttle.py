"""Admin login is throttled: repeated failures lock the username out, administrators can lift it."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "كلمة-سر-طويلة-2026"


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)


def _login(client, password, username="editor"):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})


def _lock_out(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "wrong")
    return response


def test_failed_logins_below_the_limit_show_the_usual_form(client, editor, settings):
    response = _login(client, "wrong")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _login(client, PASSWORD).status_code == 302


def test_too_many_failures_lock_out_even_the_right_password(client, editor, settings):
    response = _lock_out(client, settings)
    assert response.status_code == 429
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "Too many failed login attempts" in html or "محاولات" in html
    assert "30" in html  # how long the lock lasts
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, editor, settings):
    _lock_out(client, settings)
    other = get_user_model().objects.create_user("writer", password=PASSWORD, is_staff=True)
    assert _login(client, PASSWORD, username=other.username).status_code == 302


def test_lockouts_are_listed_for_administrators(client, admin_client, editor, settings):
    _lock_out(client, settings)
    response = admin_client.get(reverse("admin:axes_accessattempt_changelist") + "?locked_out=yes")
    assert response.status_code == 200
    html = response.content.decode()
    assert "editor" in html and "127.0.0.1" in html


def test_administrator_lifts_the_lock_in_the_admin(client, admin_client, editor, settings):
    _lock_out(client, settings)
    attempt = AccessAttempt.objects.get(username="editor")
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert _login(client, PASSWORD).status_code == 302


def test_administrator_lifts_the_lock_from_the_command_line(client, editor, settings):
    _lock_out(client, settings)
    call_command("axes_reset_username", "editor", verbosity=0)
    assert _login(client, PASSWORD).status_code == 302


# ---- behind the shipped nginx (PROXY_COUNT=1): addresses are the visitors', not the proxy's ----

NGINX = "127.0.0.1"  # deploy/nginx.conf proxies from loopback and appends the visitor to X-Forwarded-For
ATTACKER, EDITOR_DESK = "203.0.113.9", "198.51.100.7"


def _login_from(client, address, password, username="editor", forwarded=None):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR=forwarded or address,
    )


@pytest.fixture
def behind_nginx(settings):
    settings.PROXY_COUNT = 1


def test_behind_the_proxy_an_attacker_cannot_lock_the_editor_out(client, editor, settings, behind_nginx):
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        response = _login_from(client, ATTACKER, "wrong")
    assert response.status_code == 429  # the attacker's own address is locked

    assert _login_from(Client(), EDITOR_DESK, PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_a_forged_forwarded_address_is_not_believed(client, editor, settings, behind_nginx):
    # The attacker sends the editor's address himself; nginx appends his real one after it.
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _login_from(client, ATTACKER, "wrong", forwarded=f"{EDITOR_DESK}, {ATTACKER}")

    assert _login_from(Client(), EDITOR_DESK, PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


# ---- slow password guessing from many addresses: delays that double, an alert, no lockout ----


@pytest.fixture
def guessing(settings, behind_nginx, monkeypatch):
    """Throttle after 6 failures; a clock the test moves forward."""
    from articles.ops import login_throttle

    settings.LOGIN_THROTTLE_FAILURES = 6
    settings.ADMINS = [("Admin", "admin@khabar.example")]
    clock = {"now": 1_000_000.0}
    monkeypatch.setattr(login_throttle, "now", lambda: clock["now"])
    return clock


def _guess_from_many_addresses(count, first=1):
    """``count`` wrong passwords for ``editor``, each from an address of its own (below axes' limit everywhere)."""
    return [_login_from(Client(), f"192.0.2.{first + n}", "wrong").status_code for n in range(count)]


def test_distributed_guessing_is_answered_with_doubling_delays_and_no_lockout(client, editor, guessing, caplog, settings):
    with caplog.at_level("WARNING", logger="articles.ops.login_throttle"):
        assert _guess_from_many_addresses(6) == [200] * 6  # each one the usual "wrong password" form

    # The next attempt, from yet another address, is told to wait, without the password being checked.
    refused = _login_from(Client(), "192.0.2.100", PASSWORD)
    assert refused.status_code == 429 and refused["Retry-After"] == "2"
    assert '<html lang="ar" dir="rtl"' in refused.content.decode()
    # Administrators were told once, by mail and in the log.
    assert len(mail.outbox) == 1 and "editor" in mail.outbox[0].subject
    assert [r for r in caplog.records if r.levelname == "WARNING" and "editor" in r.getMessage()]

    # After the wait, one more guess is let through; it fails, and the next wait is twice as long.
    guessing["now"] += 2
    assert _guess_from_many_addresses(1, first=50) == [200]
    assert _login_from(Client(), "192.0.2.101", "wrong")["Retry-After"] == "4"
    guessing["now"] += 4
    assert _guess_from_many_addresses(1, first=60) == [200]
    assert _login_from(Client(), "192.0.2.102", "wrong")["Retry-After"] == "8"
    assert len(mail.outbox) == 1  # once per window
    # And django-axes locked no address out: nobody is locked out at all.
    assert max(AccessAttempt.objects.values_list("failures_since_start", flat=True)) < settings.AXES_FAILURE_LIMIT


def test_the_editor_at_her_usual_address_is_never_delayed(client, editor, guessing):
    assert _login_from(Client(), EDITOR_DESK, PASSWORD).status_code == 302  # yesterday, from her desk
    _guess_from_many_addresses(8)

    assert _login_from(Client(), EDITOR_DESK, PASSWORD).status_code == 302


def test_the_editor_elsewhere_waits_then_signs_in_with_the_right_password(client, editor, guessing):
    _guess_from_many_addresses(6)
    travelling = Client()
    refused = _login_from(travelling, "100.64.0.1", PASSWORD)
    assert refused.status_code == 429
    guessing["now"] += int(refused["Retry-After"])

    assert _login_from(travelling, "100.64.0.1", PASSWORD).status_code == 302


def test_failures_for_other_usernames_do_not_delay_an_account(client, editor, guessing):
    for n in range(8):
        _login_from(Client(), f"192.0.2.{n + 1}", "wrong", username=f"someone{n}")

    assert _login_from(Client(), "100.64.0.1", PASSWORD).status_code == 302
