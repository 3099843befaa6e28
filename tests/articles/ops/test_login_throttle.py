"""Admin login is throttled: repeated failures lock the username out, administrators can lift it."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
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
