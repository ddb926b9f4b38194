"""Settings from the environment: production passes check --deploy; a malformed variable stops start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from kotaku import settings as kotaku_settings

ROOT = Path(__file__).resolve().parents[2]

PRODUKSI = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-produksi-rahasia-yang-panjang-sekali-0123456789abcdefXYZ",
    "ALLOWED_HOSTS": "kotaku.madiunkab.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://kotaku.madiunkab.go.id",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
}


def _manage(*args: str, extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in PRODUKSI and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DATABASE_URL": os.environ.get("DATABASE_URL") or _db_url(), "REDIS_URL": settings.REDIS_URL})
    env.update(extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _db_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgresql://{db['USER']}:@/{db['NAME']}?host={db['HOST']}"


def test_check_deploy_is_clean_with_production_values() -> None:
    hasil = _manage("check", "--deploy", "--fail-level", "WARNING", extra=PRODUKSI)
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    assert "System check identified no issues (0 silenced)." in hasil.stdout


def test_check_deploy_complains_with_development_values() -> None:
    hasil = _manage("check", "--deploy", "--fail-level", "WARNING", extra={"DEBUG": "true"})
    assert hasil.returncode != 0
    assert "security.W018" in hasil.stderr + hasil.stdout  # DEBUG on in deployment


@pytest.mark.parametrize(
    ("nama", "nilai"),
    [
        ("DEBUG", "mungkin"),
        ("CONN_MAX_AGE", "enam puluh"),
        ("SECURE_HSTS_SECONDS", "setahun"),
        ("DATABASE_URL", "bukan-url://"),
    ],
)
def test_a_malformed_variable_stops_start_up_naming_it(nama: str, nilai: str) -> None:
    hasil = _manage("check", extra={nama: nilai})
    assert hasil.returncode != 0
    assert f"Variabel lingkungan {nama} tidak valid" in hasil.stderr


def test_embedded_services_are_not_used_when_urls_are_set(tmp_path: Path) -> None:
    kosong = tmp_path / "local"
    hasil = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.REDIS_URL)",
        extra={"KOTAKU_LOCAL_DIR": str(kosong), "REDIS_URL": "redis://redis.example:6379/3"},
    )
    assert hasil.returncode == 0, hasil.stderr
    assert "redis://redis.example:6379/3" in hasil.stdout
    assert not (kosong / "pgdata").exists() and not (kosong / "redis").exists()


def test_core_settings() -> None:
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.LANGUAGE_CODE == "id"
    assert settings.USE_I18N is True
    assert kotaku_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")  # the tests use a fast one
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
