"""The loans API per API.md: names, statuses, the error body, idempotent money POSTs, scope."""

from __future__ import annotations

import pytest

from kotaku.models import Peran
from pinjaman.models import Pembayaran, Pinjaman
from tests.bantuan import ubah_kebijakan_awal
from tests.ksm.factories import ksm_dengan_anggota


@pytest.fixture
def klien(buat_pengguna, api_klien, lkm_bukur):
    ubah_kebijakan_awal(lkm_bukur, wajib_tiga_bulan=False)
    return {
        p: api_klien(buat_pengguna(p, lkm_bukur))
        for p in (Peran.PETUGAS_PINJAMAN, Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.KASIR)
    }


@pytest.fixture
def ksm(lkm_bukur, klien):
    return ksm_dengan_anggota(6, lkm=lkm_bukur, nama="KSM Laris Jaya")


def _ajukan(klien, ksm, pokok=500_000, **ubah):
    body = {
        "ksm": ksm.pk,
        "tanggal_pengajuan": "2019-01-02",
        "jangka_bulan": 10,
        "frekuensi": "bulanan",
        "anggota": [{"anggota": k.anggota_id, "pokok": pokok} for k in ksm.keanggotaan.all()],
    }
    body.update(ubah)
    return klien[Peran.PETUGAS_PINJAMAN].post("/api/v1/pinjaman", body, content_type="application/json")


def test_the_whole_flow_through_the_api(klien, ksm):
    r = _ajukan(klien, ksm)
    assert r.status_code == 201
    pid = r.json()["id"]
    assert r.json() == {"id": pid, "status": "diajukan", "pokok": 3_000_000}

    def post(peran, aksi, body):
        return klien[peran].post(f"/api/v1/pinjaman/{pid}/{aksi}", body, content_type="application/json")

    assert (
        post(Peran.MANAJER_UPK, "verifikasi", {"catatan": "survei usaha"}).json()["status"] == "diverifikasi"
    )
    assert post(Peran.PENGURUS_LKM, "setujui", {"catatan": ""}).json()["status"] == "disetujui"
    assert (
        post(Peran.KASIR, "cairkan", {"tanggal": "2019-01-10", "kunci": "c1"}).json()["status"] == "dicairkan"
    )
    jadwal = klien[Peran.KASIR].get(f"/api/v1/pinjaman/{pid}/jadwal").json()
    assert jadwal["count"] == 10
    assert jadwal["items"][0] == {
        "ke": 1,
        "jatuh_tempo": "2019-02-10",
        "pokok": 300_000,
        "jasa": 45_000,
        "jumlah": 345_000,
    }
    satu = (
        klien[Peran.KASIR]
        .get(f"/api/v1/pinjaman/{pid}/jadwal?anggota={ksm.keanggotaan.first().anggota_id}")
        .json()
    )
    assert satu["items"][9] == {
        "ke": 10,
        "jatuh_tempo": "2019-11-10",
        "pokok": 50_000,
        "jasa": 7_500,
        "jumlah": 57_500,
    }
    bayar = post(Peran.KASIR, "pembayaran", {"tanggal": "2019-02-10", "jumlah": 345_000, "kunci": "k1"})
    assert bayar.status_code == 201
    assert bayar.json() == {
        "id": bayar.json()["id"],
        "jasa": 45_000,
        "pokok": 300_000,
        "sisa_pokok": 2_700_000,
    }
    ulang = post(Peran.KASIR, "pembayaran", {"tanggal": "2019-02-10", "jumlah": 345_000, "kunci": "k1"})
    assert ulang.status_code == 200 and ulang.json() == bayar.json()
    assert Pembayaran.objects.count() == 1
    posisi = klien[Peran.PENGURUS_LKM].get(f"/api/v1/pinjaman/{pid}?per=2019-06-10").json()
    assert posisi == {
        "id": pid,
        "ksm": ksm.pk,
        "status": "dicairkan",
        "pokok": 3_000_000,
        "sisa_pokok": 2_700_000,
        "tunggakan_pokok": 1_200_000,
        "tunggakan_jasa": 180_000,
        "bulan_tunggakan": "4.00",
        "kolektibilitas": 3,
    }


def test_ineligible_application_is_400_naming_every_rule(klien, lkm_bukur):
    kecil = ksm_dengan_anggota(4, lkm=lkm_bukur)
    r = _ajukan(klien, kecil, pokok=1_200_000)
    assert r.status_code == 400
    pesan = [e["message"] for e in r.json()["errors"]]
    assert any("4 anggota aktif; minimal 5" in m for m in pesan)
    assert sum("melebihi batas siklus pertama Rp 1.000.000" in m for m in pesan) == 4
    assert Pinjaman.objects.count() == 0


def test_wrong_state_is_409_and_wrong_role_is_403(klien, ksm):
    pid = _ajukan(klien, ksm).json()["id"]
    r = klien[Peran.PENGURUS_LKM].post(f"/api/v1/pinjaman/{pid}/setujui", {}, content_type="application/json")
    assert r.status_code == 409 and "tidak bisa disetujui" in r.json()["detail"]
    r = klien[Peran.KASIR].post(f"/api/v1/pinjaman/{pid}/verifikasi", {}, content_type="application/json")
    assert r.status_code == 403


def test_another_lkms_loan_is_404(klien, ksm, buat_pengguna, api_klien, lkm_kwangsen):
    pid = _ajukan(klien, ksm).json()["id"]
    luar = api_klien(buat_pengguna(Peran.KASIR, lkm_kwangsen))
    assert luar.get(f"/api/v1/pinjaman/{pid}").status_code == 404
    assert (
        luar.post(
            f"/api/v1/pinjaman/{pid}/pembayaran",
            {"tanggal": "2019-02-10", "jumlah": 1, "kunci": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert luar.get("/api/v1/pinjaman").json()["count"] == 0


@pytest.mark.parametrize("n", [2, 8])
def test_list_query_count_is_fixed(klien, lkm_bukur, django_assert_num_queries, n):
    for i in range(n):
        _ajukan(klien, ksm_dengan_anggota(5, lkm=lkm_bukur, nama=f"KSM Daftar {i}"))
    with django_assert_num_queries(4):
        r = klien[Peran.KASIR].get("/api/v1/pinjaman?limit=50")
    assert r.json()["count"] == n


def test_after_a_reschedule_the_schedule_and_the_arrears_follow_the_new_version(api_klien, orang, lkm_bukur):
    """Issue 10: `GET jadwal` summed instalments across schedule versions, and arrears divided by the original
    pokok per month (4 missed new instalments read as 2-3 months, Kol 2, instead of 4, Kol 3)."""
    from datetime import date

    from pinjaman import services
    from tests.ksm.factories import ksm_dengan_anggota
    from tests.pinjaman.conftest import cair

    p = cair(ksm_dengan_anggota(6, lkm=lkm_bukur), orang, pokok=500_000)  # 3.000.000 / 10 months from 10 Jan
    for bulan in (2, 3, 4):  # instalments 1-3: 300.000 pokok + 45.000 jasa each
        services.catat_pembayaran(
            pinjaman=p, tanggal=date(2019, bulan, 10), jumlah=345_000, kunci=f"b{bulan}", oleh=orang["kasir"]
        )
    klien = api_klien(orang["pengurus_lkm"])
    r = klien.post(
        f"/api/v1/pinjaman/{p.pk}/jadwal-ulang",
        {
            "mulai": "2019-05-01",
            "jangka_bulan": 12,
            "nomor_keputusan": "05/LKM/V/2019",
            "tanggal_keputusan": "2019-04-30",
        },
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json() == {"id": p.pk, "versi": 2}
    # Each member: 350.000 left over 12 months = 29.166,67 -> 29.200 (Rp 100, half up) x 11 + 28.800; jasa
    # flat
    # 1,5% x 350.000 = 5.250 a month. The KSM: 6 x 29.200 = 175.200 pokok and 6 x 5.250 = 31.500 jasa.
    jadwal = klien.get(f"/api/v1/pinjaman/{p.pk}/jadwal").json()
    assert jadwal["count"] == 12
    assert jadwal["items"][0] == {
        "ke": 1,
        "jatuh_tempo": "2019-06-01",
        "pokok": 175_200,
        "jasa": 31_800,
        "jumlah": 207_000,
    }
    assert jadwal["items"][11]["pokok"] == 6 * 28_800
    lama = klien.get(f"/api/v1/pinjaman/{p.pk}/jadwal", {"versi": 1}).json()
    assert lama["count"] == 10 and lama["items"][0]["jumlah"] == 345_000
    assert klien.get(f"/api/v1/pinjaman/{p.pk}/jadwal", {"versi": 3}).status_code == 404
    # 1 Sep: the new instalments of 1 Jun, 1 Jul, 1 Aug and 1 Sep are unpaid: 4 x 175.200 = 700.800 behind,
    # over
    # the new pokok per month 2.100.000 / 12 = 175.000 = 4,0046 -> 4,01 months: Kol 3.
    posisi = klien.get(f"/api/v1/pinjaman/{p.pk}", {"per": "2019-09-01"}).json()
    assert (posisi["tunggakan_pokok"], posisi["bulan_tunggakan"], posisi["kolektibilitas"]) == (
        700_800,
        "4.01",
        3,
    )


def test_write_off_and_recovery_through_the_api(api_klien, orang, lkm_bukur):
    from pinjaman.models import HapusBuku, Pemulihan
    from tests.ksm.factories import ksm_dengan_anggota
    from tests.pinjaman.conftest import cair

    p = cair(ksm_dengan_anggota(5, lkm=lkm_bukur), orang, pokok=400_000)  # nothing paid: Kol 5 by 2020
    body = {
        "tanggal": "2020-06-30",
        "nomor_keputusan": "09/LKM/VI/2020",
        "tanggal_keputusan": "2020-06-29",
        "kunci": "hb-api-1",
    }
    kasir = api_klien(orang["kasir"])
    assert (
        kasir.post(f"/api/v1/pinjaman/{p.pk}/hapus-buku", body, content_type="application/json").status_code
        == 403
    )
    pengurus = api_klien(orang["pengurus_lkm"])
    r = pengurus.post(f"/api/v1/pinjaman/{p.pk}/hapus-buku", body, content_type="application/json")
    assert r.status_code == 200 and r.json() == {"id": p.pk, "status": "dihapusbukukan"}
    assert (
        pengurus.post(
            f"/api/v1/pinjaman/{p.pk}/hapus-buku", body, content_type="application/json"
        ).status_code
        == 200
    )
    assert HapusBuku.objects.get(pinjaman=p).sisa_pokok == 2_000_000
    pulih = {"tanggal": "2020-08-01", "jumlah": 250_000, "kunci": "pulih-api-1"}
    r = kasir.post(f"/api/v1/pinjaman/{p.pk}/pemulihan", pulih, content_type="application/json")
    assert r.status_code == 201 and r.json()["jumlah"] == 250_000
    assert (
        kasir.post(f"/api/v1/pinjaman/{p.pk}/pemulihan", pulih, content_type="application/json").status_code
        == 200
    )
    assert Pemulihan.objects.filter(pinjaman=p).count() == 1
    lebih = {"tanggal": "2020-08-02", "jumlah": 9_000_000, "kunci": "pulih-api-2"}
    r = kasir.post(f"/api/v1/pinjaman/{p.pk}/pemulihan", lebih, content_type="application/json")
    assert r.status_code == 400 and "melebihi sisa yang dihapusbukukan" in r.json()["detail"]
