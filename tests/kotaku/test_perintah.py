"""create_user, create_api_token, seed_demo and demo_logins."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from kotaku.models import LKM, Kecamatan, Pengguna, TokenAPI


def _jalankan(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_user_with_lkm_scope(db, settings):
    from kotaku import settings as kotaku_settings

    settings.PASSWORD_HASHERS = kotaku_settings.PASSWORD_HASHERS  # production hashing
    bukur = LKM.objects.get(desa__nama="Bukur")
    teks = _jalankan(
        "create_user",
        "kasir.baru",
        "--role",
        "kasir",
        "--lkm",
        str(bukur.pk),
        "--password",
        "sandi-panjang-1",
    )
    assert teks == "Pengguna kasir.baru (Kasir UPK) dibuat; lingkup: LKM Barokah.\n"
    user = Pengguna.objects.get(username="kasir.baru")
    assert user.peran == "kasir" and list(user.lkm.all()) == [bukur]
    assert user.password.startswith("argon2$")
    assert (
        Client().post("/masuk/", {"username": "kasir.baru", "password": "sandi-panjang-1"}).status_code == 302
    )


def test_create_user_without_password_prints_a_generated_one(db):
    kecamatan = Kecamatan.objects.get(nama="Jiwan")
    teks = _jalankan("create_user", "faskel", "--role", "fasilitator", "--kecamatan", str(kecamatan.pk))
    baris = teks.splitlines()
    assert baris[0] == "Pengguna faskel (Fasilitator) dibuat; lingkup: Kecamatan Jiwan."
    sandi = baris[1].removeprefix("Kata sandi: ")
    assert Pengguna.objects.get(username="faskel").check_password(sandi)


@pytest.mark.parametrize(
    ("args", "pesan"),
    [
        (["x", "--role", "kasir"], "Peran kasir wajib memakai --lkm <id>."),
        (["x", "--role", "kasir", "--lkm", "999999"], "LKM tidak ditemukan: [999999]"),
        (["x", "--role", "fasilitator"], "Fasilitator wajib memakai --kecamatan <id> atau --desa <id>."),
    ],
)
def test_create_user_refuses_missing_scope(db, args, pesan):
    with pytest.raises(CommandError, match=pesan.replace("[", r"\[").replace("]", r"\]")):
        call_command("create_user", *args)
    assert not Pengguna.objects.filter(username="x").exists()


def test_create_api_token_prints_a_working_token(db):
    bukur = LKM.objects.get(desa__nama="Bukur")
    _jalankan(
        "create_user",
        "pengurus.x",
        "--role",
        "pengurus_lkm",
        "--lkm",
        str(bukur.pk),
        "--password",
        "p-123456789",
    )
    token = _jalankan("create_api_token", "pengurus.x").strip()
    assert token.startswith("ktk_") and TokenAPI.objects.count() == 1
    respon = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/lkm")
    assert respon.status_code == 200 and respon.json()["count"] == 1


def test_create_api_token_for_unknown_user(db):
    with pytest.raises(CommandError, match="Pengguna aktif 'hantu' tidak ditemukan."):
        call_command("create_api_token", "hantu")


def test_seed_demo_is_idempotent_and_makes_one_login_per_role(demo_jiwan, db):
    """Run again on the demo loaded once for the session: nothing new, one login per role."""
    from kotaku.buku.models import Jurnal

    sebelum = Jurnal.objects.count()
    assert "Demo Jiwan dimuat" in _jalankan("seed_demo")
    assert Jurnal.objects.count() == sebelum
    peran = set(Pengguna.objects.values_list("peran", flat=True))
    assert peran == {
        "manajer_upk",
        "kasir",
        "pembuku",
        "petugas_pinjaman",
        "pengurus_lkm",
        "fasilitator",
        "admin",
    }
    assert Pengguna.objects.filter(username="kasir.bukur").count() == 1
    assert "Data sudah ada" in _jalankan("seed_demo", "--jika-kosong")


def test_demo_logins_lists_every_role(db):
    teks = _jalankan("demo_logins", "--url", "http://127.0.0.1:8000/")
    assert "kotaku berjalan di http://127.0.0.1:8000/" in teks
    for username in (
        "manajer.bukur",
        "kasir.bukur",
        "pembuku.bukur",
        "petugas.bukur",
        "pengurus.bukur",
        "fasilitator.jiwan",
        "admin",
    ):
        assert username in teks
