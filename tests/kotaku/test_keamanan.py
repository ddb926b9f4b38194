"""Secure by default: HTTPS settings without DEBUG, the Content-Security-Policy, no-store for signed-in
users."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from kotaku.models import Peran

ROOT = Path(__file__).resolve().parents[2]
KUNCI = "kunci-rahasia-produksi-" + "x" * 40  # 60+ characters


def _db_url() -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host", "")
    return f"postgresql://{db['USER']}:@/{db['NAME']}?host={host}"


def _lingkungan_produksi(**tambahan: str) -> dict[str, str]:
    """ONLY what a deployment must set; no security variable at all (not even PATH or KOTAKU_HTTP_LOKAL)."""
    env = {
        "DEBUG": "false",
        "SECRET_KEY": KUNCI,
        "ALLOWED_HOSTS": "kotaku.madiunkab.go.id",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or _db_url(),
        "REDIS_URL": settings.REDIS_URL,
    }
    env.update(tambahan)
    return env


def test_check_deploy_is_clean_with_only_the_required_variables() -> None:
    hasil = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_lingkungan_produksi(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    assert "System check identified no issues (0 silenced)." in hasil.stdout


_CETAK_PENGATURAN = (
    "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'kotaku.settings'; from django.conf import "
    "settings; "
    "print(json.dumps({n: getattr(settings, n) for n in ['SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
    "'SECURE_PROXY_SSL_HEADER']}))"
)


def _pengaturan(**env: str) -> dict[str, object]:
    hasil = subprocess.run(
        [sys.executable, "-c", _CETAK_PENGATURAN],
        cwd=ROOT,
        env=_lingkungan_produksi(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert hasil.returncode == 0, hasil.stderr
    return json.loads(hasil.stdout.strip().splitlines()[-1])


AMAN = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_PROXY_SSL_HEADER": None,
}
HTTP_POLOS = {
    "SECURE_SSL_REDIRECT": False,
    "SECURE_HSTS_SECONDS": 0,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
    "SECURE_HSTS_PRELOAD": False,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "SECURE_PROXY_SSL_HEADER": None,
}


def test_without_debug_every_https_setting_defaults_on_and_the_proxy_header_stays_off() -> None:
    assert _pengaturan() == AMAN


def test_local_plain_http_opts_out_explicitly() -> None:
    assert _pengaturan(KOTAKU_HTTP_LOKAL="true") == HTTP_POLOS
    assert _pengaturan(DEBUG="true") == HTTP_POLOS


def test_each_setting_can_still_be_set_on_its_own() -> None:
    assert _pengaturan(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="3600", BEHIND_PROXY="true") == {
        **AMAN,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
    assert (
        _pengaturan(KOTAKU_HTTP_LOKAL="true", SESSION_COOKIE_SECURE="true")["SESSION_COOKIE_SECURE"] is True
    )


def test_make_run_and_the_test_suite_opt_out_the_same_way() -> None:
    assert "export KOTAKU_HTTP_LOKAL=true" in (ROOT / "scripts" / "run.sh").read_text()
    assert os.environ["KOTAKU_HTTP_LOKAL"] == "true"  # pyproject.toml [tool.pytest.ini_options] env
    assert settings.SECURE_SSL_REDIRECT is False and settings.SESSION_COOKIE_SECURE is False


@pytest.mark.django_db
def test_health_check_is_exempt_from_the_https_redirect(settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/ksm/").status_code == 301
    assert Client().get("/healthz").status_code in (200, 503)


# ---- Content-Security-Policy -------------------------------------------------------------------------------


def _kebijakan(respon) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    arahan: dict[str, list[str]] = {}
    for bagian in respon["Content-Security-Policy"].split(";"):
        nama, *nilai = bagian.split()
        arahan[nama] = nilai
    return arahan


def test_a_signed_in_page_carries_a_strict_policy(buat_pengguna, masuk, lkm_bukur) -> None:
    respon = masuk(buat_pengguna(Peran.KASIR, lkm_bukur)).get("/")
    assert respon.status_code == 200
    assert _kebijakan(respon) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }


def test_the_login_page_carries_it_too(db) -> None:
    arahan = _kebijakan(Client().get("/masuk/"))
    assert arahan["script-src"] == ["'self'"]


_SKRIP_SEBARIS = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
_PENANGAN_SEBARIS = re.compile(r"\son[a-z]+\s*=", re.I)


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    """script-src 'self' holds only if every script is a file: no <script>...</script>, no onclick=."""
    templat = [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]
    assert len(templat) > 20
    for path in templat:
        isi = path.read_text()
        assert not _SKRIP_SEBARIS.search(isi), path
        assert not _PENANGAN_SEBARIS.search(isi), path
        assert "javascript:" not in isi, path


# ---- Cache-Control: no-store -------------------------------------------------------------------------------


def _tanpa_cache(respon) -> bool:  # type: ignore[no-untyped-def]
    return respon.get("Cache-Control") == "no-store" and respon.get("Pragma") == "no-cache"


def test_pages_pdfs_and_excel_for_a_signed_in_user_are_not_stored(buat_pengguna, masuk, lkm_bukur) -> None:
    klien = masuk(buat_pengguna(Peran.KASIR, lkm_bukur))
    halaman = klien.get("/")
    assert halaman.status_code == 200 and _tanpa_cache(halaman)
    laporan = f"/buku/{lkm_bukur.pk}/neraca-saldo/?dari=2019-03-01&sampai=2019-03-31"
    pdf = klien.get(laporan + "&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert _tanpa_cache(pdf)
    xlsx = klien.get(laporan + "&format=xlsx")
    assert xlsx.content[:2] == b"PK" and _tanpa_cache(xlsx)


def test_api_answers_are_not_stored(buat_pengguna, api_klien, lkm_bukur) -> None:
    respon = api_klien(buat_pengguna(Peran.KASIR, lkm_bukur)).get("/api/v1/desa")
    assert respon.status_code == 200 and respon.json()["count"] == 1
    assert _tanpa_cache(respon)


def test_the_login_page_and_static_files_are_left_alone(buat_pengguna, masuk, lkm_bukur) -> None:
    login = Client().get("/masuk/")
    assert login.status_code == 200
    # LoginView's own never_cache stays as Django wrote it; the middleware adds nothing for an anonymous user.
    assert login["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert "Pragma" not in login
    statis = masuk(buat_pengguna(Peran.KASIR, lkm_bukur)).get("/static/css/app.css")
    assert statis.status_code == 200
    assert "no-store" not in statis.get("Cache-Control", "") and "Pragma" not in statis
