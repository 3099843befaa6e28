"""Settings come from the environment, with safe defaults and a refusal to run unsafely."""

import os
import subprocess
import sys
from pathlib import Path

from cms.env import env_bool, env_list

ROOT = Path(__file__).resolve().parent.parent


def _settings_process(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    clean.update(env)
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.TIME_ZONE, settings.LANGUAGE_CODE)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_env_helpers():
    os.environ["KHABAR_TEST_FLAG"] = "yes"
    os.environ["KHABAR_TEST_LIST"] = "a.example, b.example,,"
    try:
        assert env_bool("KHABAR_TEST_FLAG", False) is True
        assert env_bool("KHABAR_TEST_MISSING", True) is True
        assert env_list("KHABAR_TEST_LIST", []) == ["a.example", "b.example"]
    finally:
        del os.environ["KHABAR_TEST_FLAG"], os.environ["KHABAR_TEST_LIST"]


def test_debug_off_without_secret_key_refuses_to_start():
    result = _settings_process({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_defaults_are_sqlite_arabic_and_a_regional_time_zone():
    result = _settings_process({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "Asia/Aden", "ar"]


def test_database_url_selects_postgresql():
    result = _settings_process({"DEBUG": "0", "SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u:p@db.internal:5432/khabar"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_sqlite_options_apply_to_sqlite_only():
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup(); "
            "from django.conf import settings; print(sorted(settings.DATABASES['default'].get('OPTIONS', {})))")
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}

    def options(url: str) -> str:
        env = {**clean, "DATABASE_URL": url}
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert options("sqlite:////tmp/khabar-options.sqlite3") == "['init_command', 'timeout', 'transaction_mode']"
    assert options("postgres://u:p@db.internal:5432/khabar") == "[]"


def test_the_task_queue_is_the_database_unless_rq_is_chosen_with_redis():
    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    run = [sys.executable, "-c", f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup(); {code}"]
    clean = {k: v for k, v in os.environ.items() if k not in {"TASKS_BACKEND", "REDIS_URL", "CACHE_URL", "DATABASE_URL"}}

    def backend(**env) -> subprocess.CompletedProcess:
        return subprocess.run(run, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60)

    assert backend().stdout.strip() == "django_tasks_db.DatabaseBackend"
    assert backend(TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6379/9").stdout.strip() == "django_tasks_rq.RQBackend"
    refused = backend(TASKS_BACKEND="rq")
    assert refused.returncode != 0 and "TASKS_BACKEND=rq needs REDIS_URL" in refused.stderr
    assert "TASKS_BACKEND must be" in backend(TASKS_BACKEND="celery").stderr
