"""API tokens: when a token stops working, and each user listing and revoking their own (page and API)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotaku.models import Peran, TokenAPI


@pytest.fixture
def kasir(buat_pengguna, lkm_bukur):
    return buat_pengguna(Peran.KASIR, lkm_bukur, username="kasir.token")


def _klien(rahasia: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {rahasia}")


def _bekerja(rahasia: str) -> bool:
    respon = _klien(rahasia).get("/api/v1/desa")
    assert respon.status_code in (200, 401), respon.content
    if respon.status_code == 401:
        assert respon.json() == {"detail": "Token tidak ada atau tidak valid.", "errors": []}
    return respon.status_code == 200


def _gagal_masuk(kali: int, *, alamat: str = "127.0.0.1") -> None:
    klien = Client(REMOTE_ADDR=alamat)
    for _ in range(kali):
        klien.post("/masuk/", {"username": "kasir.token", "password": "salah-sekali"})


# ---- when a token works ------------------------------------------------------------------------------------


def test_a_new_token_works_and_expires_after_the_policy_days(kasir, settings):
    settings.API_TOKEN_UMUR_HARI = 30
    sebelum = timezone.now()
    token, rahasia = TokenAPI.buat(pengguna=kasir, nama="uji")
    assert timedelta(days=30) <= token.kedaluwarsa_pada - sebelum < timedelta(days=30, minutes=1)
    assert _bekerja(rahasia)
    token.refresh_from_db()
    assert token.terakhir_dipakai is not None and token.status == "aktif"


def test_an_expired_token_is_401(kasir):
    token, rahasia = TokenAPI.buat(pengguna=kasir)
    TokenAPI.objects.filter(pk=token.pk).update(kedaluwarsa_pada=timezone.now() + timedelta(seconds=5))
    assert _bekerja(rahasia)
    TokenAPI.objects.filter(pk=token.pk).update(kedaluwarsa_pada=timezone.now() - timedelta(seconds=1))
    assert not _bekerja(rahasia)
    token.refresh_from_db()
    assert token.status == "kedaluwarsa"


def test_a_deactivated_user_s_token_is_401(kasir):
    _, rahasia = TokenAPI.buat(pengguna=kasir)
    assert _bekerja(rahasia)
    kasir.is_active = False
    kasir.save()
    assert not _bekerja(rahasia)


def test_a_password_change_ends_older_tokens(kasir):
    token, lama = TokenAPI.buat(pengguna=kasir)
    assert _bekerja(lama)
    klien = Client()
    klien.force_login(kasir)
    respon = klien.post(
        "/sandi/",
        {
            "old_password": "rahasia-uji-123",
            "new_password1": "Sandi-baru-yang-kuat-77",
            "new_password2": "Sandi-baru-yang-kuat-77",
        },
    )
    assert respon.status_code == 302
    assert not _bekerja(lama)
    token.refresh_from_db()
    assert token.status == "kata sandi diganti"
    kasir.refresh_from_db()
    _, baru = TokenAPI.buat(pengguna=kasir)
    assert _bekerja(baru)


def test_an_axes_lockout_stops_the_token_until_the_cool_off_ends(kasir):
    _, rahasia = TokenAPI.buat(pengguna=kasir)
    _gagal_masuk(4)
    assert _bekerja(rahasia)  # four failures do not lock (AXES_FAILURE_LIMIT = 5)
    _gagal_masuk(1)
    assert not _bekerja(rahasia)
    AccessAttempt.objects.filter(username="kasir.token").update(
        attempt_time=timezone.now() - timedelta(minutes=31)
    )
    assert _bekerja(rahasia)  # AXES_COOLOFF_MINUTES = 30


def test_a_lockout_from_any_address_stops_the_token(kasir):
    _, rahasia = TokenAPI.buat(pengguna=kasir)
    _gagal_masuk(3, alamat="10.1.1.1")
    _gagal_masuk(3, alamat="10.2.2.2")
    assert _bekerja(rahasia)  # axes counts per address: neither address is locked
    _gagal_masuk(2, alamat="10.2.2.2")
    assert not _bekerja(rahasia)


def test_another_user_s_lockout_does_not_touch_the_token(kasir, buat_pengguna, lkm_bukur):
    buat_pengguna(Peran.KASIR, lkm_bukur, username="kasir.lain")
    _, rahasia = TokenAPI.buat(pengguna=kasir)
    klien = Client()
    for _ in range(6):
        klien.post("/masuk/", {"username": "kasir.lain", "password": "salah-sekali"})
    assert _bekerja(rahasia)


def test_a_revoked_token_is_401(kasir):
    token, rahasia = TokenAPI.buat(pengguna=kasir)
    respon = _klien(rahasia).delete(f"/api/v1/token/{token.pk}")  # a token may revoke itself
    assert respon.status_code == 200 and respon.json()["status"] == "dicabut"
    assert not _bekerja(rahasia)


# ---- the API: own tokens only ------------------------------------------------------------------------------


def test_the_api_lists_only_the_caller_s_tokens(kasir, buat_pengguna, lkm_bukur):
    lain = buat_pengguna(Peran.KASIR, lkm_bukur)
    TokenAPI.buat(pengguna=lain, nama="milik orang lain")
    pertama, _ = TokenAPI.buat(pengguna=kasir, nama="laporan kabupaten")
    TokenAPI.objects.filter(pk=pertama.pk).update(dicabut=True)
    kedua, rahasia = TokenAPI.buat(pengguna=kasir, nama="aplikasi kas")
    data = _klien(rahasia).get("/api/v1/token").json()
    assert data["count"] == 2
    assert [(t["id"], t["nama"], t["status"]) for t in data["items"]] == [
        (kedua.pk, "aplikasi kas", "aktif"),
        (pertama.pk, "laporan kabupaten", "dicabut"),
    ]
    assert set(data["items"][0]) == {
        "id",
        "nama",
        "dibuat_pada",
        "terakhir_dipakai",
        "kedaluwarsa_pada",
        "status",
    }
    assert data["items"][0]["terakhir_dipakai"] is not None  # this very request


def test_the_api_list_is_paginated(kasir):
    for i in range(3):
        TokenAPI.buat(pengguna=kasir, nama=f"t{i}")
    _, rahasia = TokenAPI.buat(pengguna=kasir, nama="t3")
    data = _klien(rahasia).get("/api/v1/token?limit=2&offset=2").json()
    assert data["count"] == 4 and [t["nama"] for t in data["items"]] == ["t1", "t0"]


@pytest.mark.parametrize("jumlah_token", [1, 15])
def test_the_api_list_query_count_does_not_grow(kasir, django_assert_num_queries, jumlah_token):
    for i in range(jumlah_token - 1):
        TokenAPI.buat(pengguna=kasir, nama=f"t{i}")
    _, rahasia = TokenAPI.buat(pengguna=kasir, nama="dipakai")
    klien = _klien(rahasia)
    # token lookup (with the lockout subquery) + last-used update + count + page
    with django_assert_num_queries(4):
        respon = klien.get("/api/v1/token?limit=100")
    assert respon.json()["count"] == jumlah_token


def test_revoking_another_user_s_token_is_404_and_changes_nothing(kasir, buat_pengguna, lkm_bukur):
    lain = buat_pengguna(Peran.KASIR, lkm_bukur)
    milik_lain, rahasia_lain = TokenAPI.buat(pengguna=lain)
    _, rahasia = TokenAPI.buat(pengguna=kasir)
    respon = _klien(rahasia).delete(f"/api/v1/token/{milik_lain.pk}")
    assert respon.status_code == 404
    assert respon.json() == {"detail": "Data tidak ditemukan.", "errors": []}
    assert _bekerja(rahasia_lain)


# ---- the page /token/ --------------------------------------------------------------------------------------


def test_the_page_lists_own_tokens_and_is_linked_from_the_user_menu(kasir, buat_pengguna, lkm_bukur, masuk):
    TokenAPI.buat(pengguna=buat_pengguna(Peran.KASIR, lkm_bukur), nama="milik orang lain")
    TokenAPI.buat(pengguna=kasir, nama="aplikasi kas")
    respon = masuk(kasir).get("/token/")
    teks = respon.content.decode()
    assert respon.status_code == 200
    assert 'href="/token/"' in teks
    assert "aplikasi kas" in teks and "milik orang lain" not in teks
    assert "aktif" in teks and "belum pernah" in teks


def test_a_new_token_s_secret_is_shown_once_and_works(kasir, masuk):
    klien = masuk(kasir)
    respon = klien.post("/token/", {"nama": "aplikasi kabupaten"})
    assert respon.status_code == 200
    teks = respon.content.decode()
    token = TokenAPI.objects.get(pengguna=kasir)
    assert token.nama == "aplikasi kabupaten"
    rahasia = teks.split('<code class="d-block user-select-all fs-6">')[1].split("</code>")[0]
    assert rahasia.startswith("ktk_") and TokenAPI.sidik_dari(rahasia) == token.sidik
    assert _bekerja(rahasia)
    assert rahasia not in klien.get("/token/").content.decode()


def test_a_token_needs_a_name(kasir, masuk):
    respon = masuk(kasir).post("/token/", {"nama": ""})
    assert respon.status_code == 200 and "Nama token wajib diisi." in respon.content.decode()
    assert not TokenAPI.objects.filter(pengguna=kasir).exists()


def test_the_page_revokes_with_a_post_and_not_another_user_s(kasir, buat_pengguna, lkm_bukur, masuk):
    token, rahasia = TokenAPI.buat(pengguna=kasir, nama="aplikasi kas")
    milik_lain, rahasia_lain = TokenAPI.buat(pengguna=buat_pengguna(Peran.KASIR, lkm_bukur))
    klien = masuk(kasir)
    assert klien.get(f"/token/{token.pk}/cabut/").status_code == 405
    assert klien.post(f"/token/{milik_lain.pk}/cabut/").status_code == 404
    respon = klien.post(f"/token/{token.pk}/cabut/", follow=True)
    assert respon.redirect_chain == [("/token/", 302)]
    assert "dicabut" in respon.content.decode()
    assert not _bekerja(rahasia) and _bekerja(rahasia_lain)


def test_the_revoke_form_needs_the_csrf_token(kasir):
    token, rahasia = TokenAPI.buat(pengguna=kasir)
    klien = Client(enforce_csrf_checks=True)
    klien.force_login(kasir)
    assert klien.post(f"/token/{token.pk}/cabut/").status_code == 403
    assert _bekerja(rahasia)


def test_the_page_query_count_does_not_grow(kasir, masuk):
    klien = masuk(kasir)

    def kueri_halaman() -> int:
        with CaptureQueriesContext(connection) as kueri:
            respon = klien.get("/token/")
        assert respon.status_code == 200
        return len(kueri)

    TokenAPI.buat(pengguna=kasir, nama="pertama")
    klien.get("/token/")
    satu = kueri_halaman()
    for i in range(14):
        TokenAPI.buat(pengguna=kasir, nama=f"t{i}")
    assert kueri_halaman() == satu
