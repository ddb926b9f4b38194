"""The scope matrix: every role x own LKM / other LKM x page / API. Outside scope is 404, never 403."""

from __future__ import annotations

import pytest

from kotaku.akses import lkm_milik
from kotaku.models import LKM, Desa, Kecamatan, Peran

HALAMAN = ["/lkm/{id}/", "/lkm/{id}/kebijakan/"]
API = ["/api/v1/lkm/{id}", "/api/v1/lkm/{id}/kebijakan"]

# role, scope, expected status for Bukur, for Kwangsen (hand-written).
MATRIKS = [
    ("manajer_upk", "bukur", 200, 404),
    ("kasir", "bukur", 200, 404),
    ("pembuku", "bukur", 200, 404),
    ("petugas_pinjaman", "bukur", 200, 404),
    ("pengurus_lkm", "bukur", 200, 404),
    ("manajer_upk", "kwangsen", 404, 200),
    ("pengurus_lkm", "kwangsen", 404, 200),
    ("fasilitator", "kecamatan_jiwan", 200, 200),
    ("fasilitator", "desa_kwangsen", 404, 200),
    ("admin", None, 200, 200),
]


def _buat(buat_pengguna, peran: str, lingkup: str | None):
    if lingkup == "bukur":
        return buat_pengguna(peran, LKM.objects.get(desa__nama="Bukur"))
    if lingkup == "kwangsen":
        return buat_pengguna(peran, LKM.objects.get(desa__nama="Kwangsen"))
    if lingkup == "kecamatan_jiwan":
        return buat_pengguna(peran, kecamatan=Kecamatan.objects.get(nama="Jiwan"))
    if lingkup == "desa_kwangsen":
        user = buat_pengguna(peran)
        user.desa.add(Desa.objects.get(nama="Kwangsen"))
        return user
    return buat_pengguna(peran)


@pytest.mark.parametrize(("peran", "lingkup", "status_bukur", "status_kwangsen"), MATRIKS)
def test_pages_and_api_follow_scope(
    buat_pengguna, masuk, api_klien, peran, lingkup, status_bukur, status_kwangsen
):
    user = _buat(buat_pengguna, peran, lingkup)
    bukur = LKM.objects.get(desa__nama="Bukur")
    kwangsen = LKM.objects.get(desa__nama="Kwangsen")
    web, api = masuk(user), api_klien(user)
    for lkm, harapan in ((bukur, status_bukur), (kwangsen, status_kwangsen)):
        for pola in HALAMAN:
            assert web.get(pola.format(id=lkm.pk)).status_code == harapan, (pola, lkm)
        for pola in API:
            respon = api.get(pola.format(id=lkm.pk))
            assert respon.status_code == harapan, (pola, lkm)
            if harapan == 404:
                assert respon.json() == {"detail": "Data tidak ditemukan.", "errors": []}


@pytest.mark.parametrize(
    ("peran", "lingkup", "jumlah"),
    [
        ("kasir", "bukur", 1),
        ("fasilitator", "kecamatan_jiwan", 14),
        ("fasilitator", "desa_kwangsen", 1),
        ("admin", None, 14),
    ],
)
def test_lkm_milik_counts(buat_pengguna, peran, lingkup, jumlah):
    assert lkm_milik(_buat(buat_pengguna, peran, lingkup)).count() == jumlah


def test_inactive_or_anonymous_users_see_nothing(buat_pengguna):
    from django.contrib.auth.models import AnonymousUser

    user = buat_pengguna(Peran.KASIR, LKM.objects.get(desa__nama="Bukur"))
    user.is_active = False
    assert lkm_milik(user).count() == 0
    assert lkm_milik(AnonymousUser()).count() == 0


@pytest.mark.parametrize("peran", ["manajer_upk", "kasir", "pembuku", "petugas_pinjaman"])
def test_a_role_that_may_not_change_policy_gets_403_and_nothing_changes(buat_pengguna, masuk, peran):
    from kotaku.models import Kebijakan

    bukur = LKM.objects.get(desa__nama="Bukur")
    sebelum = Kebijakan.objects.count()
    respon = masuk(buat_pengguna(peran, bukur)).post(
        f"/lkm/{bukur.pk}/kebijakan/", {"berlaku_mulai": "2020-01-01"}
    )
    assert respon.status_code == 403
    assert Kebijakan.objects.count() == sebelum


def test_the_board_of_another_lkm_gets_404_on_post(buat_pengguna, masuk):
    bukur = LKM.objects.get(desa__nama="Bukur")
    kwangsen = LKM.objects.get(desa__nama="Kwangsen")
    respon = masuk(buat_pengguna(Peran.PENGURUS_LKM, kwangsen)).post(f"/lkm/{bukur.pk}/kebijakan/", {})
    assert respon.status_code == 404


def test_anonymous_pages_redirect_to_login(client, db):
    respon = client.get("/lkm/1/")
    assert respon.status_code == 302
    assert respon["Location"].startswith("/masuk/")
