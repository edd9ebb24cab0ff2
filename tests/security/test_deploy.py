"""Production settings: `check --deploy` is clean, secrets come only from the environment, and the
embedded default (DEBUG=1) still works over plain http."""

import os
from pathlib import Path
import re
import secrets
import subprocess
import sys

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    # A clean environment: nothing of the test run (PYTEST_VERSION switches settings to test mode).
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "LC_ALL") if key in os.environ}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**base, "DATA_DIR": str(tmp_path), **env},
        capture_output=True, text=True, timeout=180,
    )


def production(**overrides: str) -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "khibra.example",
        "HTTPS": "1",
        **overrides,
    }


def test_production_settings_pass_check_deploy_before_and_after_collectstatic(tmp_path):
    env = production()
    # A fresh clone: nothing collected yet, so no manifest of the static files.
    before = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)
    assert before.returncode == 0, before.stdout + before.stderr

    collected = run(["manage.py", "collectstatic", "--noinput", "-v", "0"], tmp_path, **env)
    assert collected.returncode == 0, collected.stderr
    after = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)

    assert after.returncode == 0, after.stdout + after.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production()
    del env["SECRET_KEY"]

    result = run(["manage.py", "check"], tmp_path, **env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_weak_secret_key_fails_the_deploy_check(tmp_path):
    env = production(SECRET_KEY="short-key")
    run(["manage.py", "collectstatic", "--noinput", "-v", "0"], tmp_path, **env)

    check = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)

    assert check.returncode != 0
    assert "security.W009" in check.stdout + check.stderr


SHOW = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'khibra.settings'); django.setup();"
    "from django.conf import settings as s;"
    "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
)


def test_production_turns_on_https_only_settings(tmp_path):
    result = run(["-c", SHOW], tmp_path, **production())

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "31536000"]


def test_the_embedded_default_works_over_plain_http(tmp_path):
    result = run(["-c", SHOW], tmp_path, DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False", "0"]


# A default value for a secret read from the environment would be a secret in the code.
_SECRET_DEFAULT = re.compile(
    r"""environ(?:\.get)?\(\s*["'](?!API_RATE_LIMIT_)[A-Z_]*(?:SECRET|SECRET_KEY|PASSWORD|_TOKEN|API_KEY|PRIVATE_KEY)["']\s*,\s*["'][^"']+["']"""
)
_SECRET_LITERAL = re.compile(r"""^\s*(?:SECRET_KEY|EMAIL_HOST_PASSWORD|[A-Z_]*_SECRET)\s*=\s*["'][^"']+["']""", re.M)


def test_no_secret_has_a_default_in_the_code():
    offenders = []
    for path in (ROOT / "khibra").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or "testing" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in _SECRET_DEFAULT.finditer(text)]
        for match in _SECRET_LITERAL.finditer(text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0).strip()}")
    # The one allowed literal: the development key, used only when DEBUG is on (settings.py).
    settings_text = (ROOT / "khibra" / "settings.py").read_text(encoding="utf-8")
    dev_key = '    SECRET_KEY = "development-only-key-not-for-production"'
    assert dev_key in settings_text and "if not DEBUG:\n        raise ImproperlyConfigured" in settings_text
    offenders = [line for line in offenders if "development-only-key-not-for-production" not in line]
    assert not offenders, offenders


def test_the_example_environment_leaves_secrets_empty():
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if re.match(r"^\s*[A-Z_]*(SECRET|PASSWORD)[A-Z_]*\s*=", line):
            assert line.split("=", 1)[1].strip() == "", line
