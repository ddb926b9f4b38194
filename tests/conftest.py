"""Shared fixtures. Tests run on PostgreSQL (the embedded server under .local/test, or DATABASE_URL)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kotaku.models import LKM, Pengguna, Peran

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
_TX_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}
_organisasi = {"mungkin_hilang": True}  # a reused test database may have been flushed


def pulihkan_organisasi() -> None:
    """Load (committed) the Jiwan organisation and its chart of accounts that every test starts from."""
    from kotaku.demo import buat_organisasi_jiwan

    buat_organisasi_jiwan()
    _organisasi["mungkin_hilang"] = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """A reused test database (scripts/test.sh keeps it while the migrations are unchanged) starts empty."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
    _organisasi["mungkin_hilang"] = True


@pytest.fixture(autouse=True, scope="session")
def _hash_cepat() -> Any:
    """Passwords hashed with a fast hasher in tests (argon2 stays verifiable; its own test puts it first)."""
    from django.conf import settings

    lama = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *lama]
    yield
    settings.PASSWORD_HASHERS = lama


@pytest.fixture(autouse=True)
def _organisasi_jiwan_tetap_ada(request: Any) -> Any:
    """The Jiwan organisation is test data, not a migration: load it, committed, before the first test that
    uses the database, and again after a transactional test (live_server, a Celery worker) flushed it."""
    nama = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    pakai_db = bool(nama & _DB_FIXTURES) or marker is not None
    transaksional = bool(nama & _TX_FIXTURES) or bool(marker and marker.kwargs.get("transaction"))
    if pakai_db and _organisasi["mungkin_hilang"]:
        with request.getfixturevalue("django_db_blocker").unblock():
            pulihkan_organisasi()
    yield
    if transaksional:
        _organisasi["mungkin_hilang"] = True


@pytest.fixture
def lkm_bukur(db: Any) -> LKM:
    return LKM.objects.select_related("desa__kecamatan__kabupaten").get(desa__nama="Bukur")


@pytest.fixture
def lkm_kwangsen(db: Any) -> LKM:
    return LKM.objects.select_related("desa__kecamatan__kabupaten").get(desa__nama="Kwangsen")


@pytest.fixture
def buat_pengguna(db: Any) -> Callable[..., Pengguna]:
    """buat_pengguna(peran, lkm=None, username=None): a user with one role scoped to `lkm`."""
    nomor = iter(range(1, 10_000))

    def _buat(peran: str, lkm: LKM | None = None, *, username: str | None = None, **extra: Any) -> Pengguna:
        user = Pengguna.objects.create_user(
            username=username or f"{peran}-{next(nomor)}", password="rahasia-uji-123", peran=peran, **extra
        )
        if lkm is not None:
            user.lkm.add(lkm)
        if peran == Peran.ADMIN:
            user.is_staff = user.is_superuser = True
            user.save()
        return user

    return _buat


@pytest.fixture
def masuk() -> Callable[[Pengguna], Client]:
    """masuk(user) -> a test client logged in as `user`."""

    def _masuk(user: Pengguna) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _masuk


@pytest.fixture
def api_klien(db: Any) -> Callable[[Pengguna], Client]:
    """api_klien(user) -> a client sending `Authorization: Bearer <token>` for `user`."""
    from kotaku.models import TokenAPI

    def _klien(user: Pengguna) -> Client:
        _, rahasia = TokenAPI.buat(pengguna=user, nama="uji")
        return Client(HTTP_AUTHORIZATION=f"Bearer {rahasia}")

    return _klien


def _url_basis_data_uji() -> str:
    """A DATABASE_URL for the test database, so a worker subprocess sees what the tests wrote."""
    from urllib.parse import quote

    from django.db import connection

    s = connection.settings_dict
    # django-environ needs the `user:` form (even with no password) to pass `?host=` on to psycopg.
    kredensial = quote(s["USER"] or "") + ":" + quote(s.get("PASSWORD") or "")
    host = s.get("HOST") or s.get("OPTIONS", {}).get("host") or ""
    if host.startswith("/"):
        return f"postgresql://{kredensial}@/{s['NAME']}?host={host}"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgresql://{kredensial}@{host}{port}/{s['NAME']}"


def mulai_pekerja(antrean: str, **env_tambahan: str) -> Any:
    """Start a REAL Celery worker (subprocess, solo pool) on the embedded Redis, reading the test database, on
    a
    queue of its own; returns the process once the worker answers a ping."""
    import subprocess
    import sys
    import time

    from django.conf import settings

    from kotaku.celery import app

    env = dict(os.environ)
    env["DATABASE_URL"] = _url_basis_data_uji()
    env["REDIS_URL"] = settings.REDIS_URL
    env["CELERY_QUEUE"] = antrean
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    env.update(env_tambahan)
    proses = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kotaku", "worker", "--pool", "solo", "--loglevel", "WARNING",
         "-Q", antrean, "--hostname", f"{antrean}@%h", "--without-gossip", "--without-mingle"],
        env=env,
        cwd=str(settings.BASE_DIR),
    )  # fmt: skip
    batas = time.monotonic() + 60
    while time.monotonic() < batas:
        if app.control.ping(destination=[f"{antrean}@{os.uname().nodename}"], timeout=0.5):
            return proses
        if proses.poll() is not None:
            raise RuntimeError("Worker Celery berhenti saat mulai")
    proses.kill()
    raise RuntimeError("Worker Celery tidak menjawab dalam 60 detik")


def hentikan_pekerja(proses: Any) -> None:
    import subprocess

    proses.terminate()
    try:
        proses.wait(20)
    except subprocess.TimeoutExpired:
        proses.kill()


@pytest.fixture(scope="session")
def celery_pekerja(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """A REAL Celery worker on a queue of its own, so parallel test runs never take each other's tasks. Tests
    that let the worker read rows must use `transactional_db` so the rows are committed."""
    import uuid

    from kotaku.celery import app

    antrean = f"uji-{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        proses = mulai_pekerja(antrean)
    lama = app.conf.task_default_queue
    app.conf.task_default_queue = antrean
    try:
        yield app
    finally:
        app.conf.task_default_queue = lama
        hentikan_pekerja(proses)


@pytest.fixture(autouse=True)
def _cache_kosong() -> None:
    """Each test starts with an empty cache (counts cached per person must not leak between tests)."""
    from django.core.cache import cache

    cache.clear()
