"""settings.py reads the environment and fails loudly on bad values.

Each case imports the settings module in a fresh interpreter with a controlled environment, so
nothing leaks from the test run's own settings.
"""

import json
import os
from pathlib import Path
import subprocess
import sys

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]

# Variables the settings read; every case starts without them.
CONTROLLED = {
    "DEBUG", "SECRET_KEY", "DATABASE_URL", "DB_CONN_MAX_AGE", "HTTPS", "SECURE_SSL_REDIRECT", "REDIS_URL",
    "EMAIL_HOST", "ALLOWED_HOSTS", "AXES_ENABLED", "AXES_FAILURE_LIMIT", "PYTEST_VERSION", "TASKS_BACKEND",
    "SQLITE_TEST_NAME", "DJANGO_SETTINGS_MODULE",
}

DUMP = """
import json
from khibra import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "USER": db.get("USER"),
    "PASSWORD": db.get("PASSWORD"),
    "HOST": db.get("HOST"),
    "PORT": db.get("PORT"),
    "CONN_MAX_AGE": db.get("CONN_MAX_AGE"),
    "OPTIONS": db.get("OPTIONS", {}),
    "SESSION_COOKIE_SECURE": getattr(s, "SESSION_COOKIE_SECURE", False),
    "SECURE_HSTS_SECONDS": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
}))
"""


def _run(tmp_path, code: str = "import khibra.settings", **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
    clean.update({"DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=60
    )


def _settings(tmp_path, **env: str) -> dict:
    result = _run(tmp_path, DUMP, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = _run(tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_debug_is_off_by_default(tmp_path):
    result = _run(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_starts_with_a_secret_key_and_debug_off(tmp_path):
    settings = _settings(tmp_path, DEBUG="0", SECRET_KEY="a-long-random-production-secret")
    assert settings["DEBUG"] is False
    # Production defaults: secure cookies and HSTS.
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SECURE_HSTS_SECONDS"] > 0
    assert "*" not in settings["ALLOWED_HOSTS"]


def test_it_starts_in_debug_without_a_secret_key(tmp_path):
    settings = _settings(tmp_path, DEBUG="1")
    assert settings["DEBUG"] is True
    assert settings["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize("value", ["maybe", "2", "ja", "نعم"])
def test_a_bad_boolean_fails_loudly(tmp_path, value):
    result = _run(tmp_path, DEBUG=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.parametrize("value", ["yes", "TRUE", " on ", "1"])
def test_boolean_spellings_are_understood(tmp_path, value):
    assert _settings(tmp_path, DEBUG=value)["DEBUG"] is True


def test_a_bad_number_fails_loudly(tmp_path):
    result = _run(tmp_path, DEBUG="1", AXES_FAILURE_LIMIT="five")
    assert result.returncode != 0
    assert "AXES_FAILURE_LIMIT must be a whole number" in result.stderr


def test_database_url_selects_postgresql(tmp_path):
    settings = _settings(
        tmp_path, DEBUG="1", DATABASE_URL="postgres://khibra:s3cret@db.internal:5433/khibra_prod", DB_CONN_MAX_AGE="30"
    )
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert settings["NAME"] == "khibra_prod"
    assert settings["USER"] == "khibra"
    assert settings["PASSWORD"] == "s3cret"
    assert settings["HOST"] == "db.internal"
    assert settings["PORT"] == 5433
    assert settings["CONN_MAX_AGE"] == 30
    # The SQLite locking options belong to SQLite only.
    assert "transaction_mode" not in settings["OPTIONS"]


def test_database_url_for_another_engine_is_refused(tmp_path):
    result = _run(tmp_path, DEBUG="1", DATABASE_URL="mysql://khibra:pw@localhost/khibra")
    assert result.returncode != 0
    assert "PostgreSQL or SQLite" in result.stderr


def test_sqlite_is_the_default_with_wal_and_immediate_transactions(tmp_path):
    settings = _settings(tmp_path, DEBUG="1")
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["NAME"] == str(tmp_path / "khibra.sqlite3")
    options = settings["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "foreign_keys=ON" in options["init_command"]
    assert options["timeout"] >= 5


def test_a_sqlite_database_url_gets_the_same_options(tmp_path):
    settings = _settings(tmp_path, DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path}/other.sqlite3")
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_the_test_run_uses_inline_tasks_and_arabic_by_default(settings):
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert settings.LANGUAGE_CODE == "ar"
    assert [code for code, _ in settings.LANGUAGES] == ["ar", "en"]
