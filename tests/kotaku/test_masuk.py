"""Login security: plain messages, lockout after 5 failures, argon2,
session expiry, password change, audit."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from kotaku.models import Kebijakan, Peran


@pytest.fixture
def kasir(buat_pengguna, lkm_bukur):
    return buat_pengguna(Peran.KASIR, lkm_bukur, username="kasir.uji")


def test_wrong_password_shows_a_clear_message(kasir):
    respon = Client().post("/masuk/", {"username": "kasir.uji", "password": "salah"})
    assert respon.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in respon.content.decode()


def test_right_password_reaches_home(kasir):
    klien = Client()
    respon = klien.post("/masuk/", {"username": "kasir.uji", "password": "rahasia-uji-123"}, follow=True)
    teks = respon.content.decode()
    assert "Kasir UPK" in teks and "LKM Barokah" in teks and "LKM Sejahtera Mandiri" not in teks


def test_lockout_after_five_failures_even_with_the_right_password(kasir):
    klien = Client()
    for _ in range(5):
        klien.post("/masuk/", {"username": "kasir.uji", "password": "salah"})
    respon = klien.post("/masuk/", {"username": "kasir.uji", "password": "rahasia-uji-123"})
    assert respon.status_code == 429
    assert "Akun terkunci sementara" in respon.content.decode()
    assert "_auth_user_id" not in klien.session


def test_four_failures_do_not_lock(kasir):
    klien = Client()
    for _ in range(4):
        klien.post("/masuk/", {"username": "kasir.uji", "password": "salah"})
    respon = klien.post("/masuk/", {"username": "kasir.uji", "password": "rahasia-uji-123"})
    assert respon.status_code == 302


def test_passwords_are_hashed_with_argon2(buat_pengguna, lkm_bukur):
    from kotaku.settings import PASSWORD_HASHERS

    assert PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=PASSWORD_HASHERS):
        user = buat_pengguna(Peran.KASIR, lkm_bukur)
    assert user.password.startswith("argon2$argon2id$")


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_password_change(kasir):
    klien = Client()
    klien.force_login(kasir)
    assert "Ganti kata sandi" in klien.get("/sandi/").content.decode()
    respon = klien.post(
        "/sandi/",
        {
            "old_password": "rahasia-uji-123",
            "new_password1": "Pisang-Keripik-2019",
            "new_password2": "Pisang-Keripik-2019",
        },
    )
    assert respon.status_code == 302
    kasir.refresh_from_db()
    assert kasir.check_password("Pisang-Keripik-2019")


def test_logout_is_a_post(kasir):
    klien = Client()
    klien.force_login(kasir)
    respon = klien.post("/keluar/")
    assert respon.status_code == 302 and respon["Location"] == "/masuk/"
    assert "_auth_user_id" not in klien.session


def test_audit_records_who_changed_the_policy(buat_pengguna, masuk, lkm_bukur):
    """pghistory stores each change with the request's user in its context; an admin sees it in Events."""
    import pghistory.models

    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur, username="pengurus.uji")
    from kotaku.forms import KOLOM_KEBIJAKAN
    from kotaku.selectors import kebijakan_berlaku

    dasar = kebijakan_berlaku(lkm=lkm_bukur, tanggal=__import__("datetime").date(2019, 1, 1))
    data = {k: getattr(dasar, k) for k in KOLOM_KEBIJAKAN}
    data.update(
        {"berlaku_mulai": "2019-07-01", "nomor_keputusan": "02/2019", "tanggal_keputusan": "2019-06-20"}
    )
    post = {k: ("on" if v is True else str(v)) for k, v in data.items() if v is not False}
    assert masuk(pengurus).post(f"/lkm/{lkm_bukur.pk}/kebijakan/", post).status_code == 302
    baru = Kebijakan.objects.get(nomor_keputusan="02/2019")
    event = pghistory.models.Events.objects.filter(
        pgh_obj_model="kotaku.Kebijakan", pgh_obj_id=str(baru.pk)
    ).get()
    assert event.pgh_label == "insert"
    assert event.pgh_context["user"] == pengurus.pk
    assert event.pgh_context["url"] == f"/lkm/{lkm_bukur.pk}/kebijakan/"

    admin = buat_pengguna(Peran.ADMIN, username="admin.uji")
    halaman = masuk(admin).get("/admin/pghistory/events/")
    assert halaman.status_code == 200
