"""Shared fixtures. Tests run on PostgreSQL (the embedded server under .local/test, or DATABASE_URL)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kotaku.models import LKM, Pengguna, Peran

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
