"""Who paid (tanggung renteng) is a member of the loan's KSM on the payment date - never anyone else's member.

Issue 14 found that `rincian[].dibayar_oleh` (API) and `oleh_<id>` (collection sheet) were never checked: a
Bukur kasir could put a Kwangsen member's id there, read that person's name on Bukur's receipt, then reverse
the Rp 1 payment. A missing, 0 or negative id answered 500.
"""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from kotaku.models import Peran
from ksm.models import Keanggotaan
from pinjaman.models import Pembayaran
from tests.ksm.factories import ksm_dengan_anggota, tambah
from tests.pinjaman.conftest import cair

TANGGAL = "2019-02-10"


@pytest.fixture
def pinjaman(orang, lkm_bukur):
    return cair(ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM Laris Jaya"), orang, pokok=500_000)


@pytest.fixture
def orang_lain(lkm_bukur, lkm_kwangsen):
    """A member of a Kwangsen KSM, and a member of another Bukur KSM."""
    kwangsen = tambah(ksm_dengan_anggota(0, lkm=lkm_kwangsen, nama="KSM Kwangsen"), "Rahasia Kwangsen")
    bukur_lain = tambah(ksm_dengan_anggota(0, lkm=lkm_bukur, nama="KSM Sebelah"), "Tetangga Sebelah")
    return kwangsen.anggota, bukur_lain.anggota


def _peminjam(pinjaman):
    return list(pinjaman.bagian.order_by("anggota__nama").values_list("anggota_id", flat=True))


def _bayar_api(api_klien, kasir, pinjaman, rincian, kunci="k1"):
    return api_klien(kasir).post(
        f"/api/v1/pinjaman/{pinjaman.pk}/pembayaran",
        {"tanggal": TANGGAL, "jumlah": sum(r["jumlah"] for r in rincian), "kunci": kunci, "rincian": rincian},
        content_type="application/json",
    )


@pytest.mark.parametrize("siapa", ["kwangsen", "bukur_lain", 0, -5, 10**9])
def test_the_api_refuses_a_payer_outside_the_ksm(pinjaman, orang, orang_lain, api_klien, siapa):
    kwangsen, bukur_lain = orang_lain
    pembayar = {"kwangsen": kwangsen.pk, "bukur_lain": bukur_lain.pk}.get(siapa, siapa)
    a, b, *_ = _peminjam(pinjaman)
    r = _bayar_api(
        api_klien,
        orang[Peran.KASIR],
        pinjaman,
        [{"anggota": a, "jumlah": 60_000}, {"anggota": b, "jumlah": 60_000, "dibayar_oleh": pembayar}],
    )
    assert r.status_code == 400, r.content
    [galat] = r.json()["errors"]
    assert galat["field"] == "rincian.1.dibayar_oleh"
    if siapa not in (0, -5):  # those the schema refuses (ids are >= 1), the others the service
        assert galat["message"] == "Pembayar harus anggota KSM Laris Jaya pada 10 Februari 2019."
    assert "Rahasia" not in r.content.decode() and "Tetangga" not in r.content.decode()
    assert not Pembayaran.objects.filter(pinjaman=pinjaman).exists()


def test_the_api_refuses_a_share_of_someone_who_is_not_a_borrower(pinjaman, orang, orang_lain, api_klien):
    kwangsen, _ = orang_lain
    r = _bayar_api(api_klien, orang[Peran.KASIR], pinjaman, [{"anggota": kwangsen.pk, "jumlah": 60_000}])
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "rincian.0.anggota"
    assert not Pembayaran.objects.exists()


def test_a_member_who_left_the_ksm_before_the_date_cannot_cover(pinjaman, orang, api_klien):
    a, b, c, *_ = _peminjam(pinjaman)
    Keanggotaan.objects.filter(ksm=pinjaman.ksm, anggota_id=c).update(
        tanggal_keluar=date(2019, 2, 1), alasan_keluar="pindah"
    )
    r = _bayar_api(
        api_klien, orang[Peran.KASIR], pinjaman, [{"anggota": a, "jumlah": 60_000, "dibayar_oleh": c}]
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "rincian.0.dibayar_oleh"


def test_a_ksm_mate_covers_and_the_receipt_names_only_group_members(
    pinjaman, orang, orang_lain, api_klien, masuk
):
    kasir = orang[Peran.KASIR]
    a, b, *_ = _peminjam(pinjaman)
    # the refused attempt first: nothing is stored, so nothing of it can reach a receipt
    _bayar_api(
        api_klien, kasir, pinjaman, [{"anggota": a, "jumlah": 60_000, "dibayar_oleh": orang_lain[0].pk}]
    )
    r = _bayar_api(
        api_klien, kasir, pinjaman, [{"anggota": a, "jumlah": 60_000, "dibayar_oleh": b}], kunci="k2"
    )
    assert r.status_code == 201, r.content
    bayar = Pembayaran.objects.get(pinjaman=pinjaman)
    assert set(bayar.rincian.values_list("dibayar_oleh_id", flat=True)) == {b}
    klien = masuk(kasir)
    halaman = klien.get(f"/pinjaman/pembayaran/{bayar.pk}/").content.decode()
    nama_b = pinjaman.bagian.get(anggota_id=b).anggota.nama
    assert nama_b in halaman and "Rahasia Kwangsen" not in halaman
    pdf = klien.get(f"/pinjaman/kuitansi/{bayar.pk}.pdf").content
    teks = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert nama_b in teks and "Rahasia" not in teks


def test_a_negative_split_is_a_400_naming_the_field(pinjaman, orang, api_klien):
    a, b, *_ = _peminjam(pinjaman)
    r = api_klien(orang[Peran.KASIR]).post(
        f"/api/v1/pinjaman/{pinjaman.pk}/pembayaran",
        {
            "tanggal": TANGGAL,
            "jumlah": 60_000,
            "kunci": "negatif",
            "rincian": [{"anggota": a, "jumlah": 120_000}, {"anggota": b, "jumlah": -60_000}],
        },
        content_type="application/json",
    )
    assert r.status_code == 400
    assert [g["field"] for g in r.json()["errors"]] == ["rincian.1.jumlah"]
    assert not Pembayaran.objects.exists()


def test_the_collection_sheet_refuses_a_payer_from_another_lkm(pinjaman, orang, orang_lain, masuk):
    a, *_ = _peminjam(pinjaman)
    kwangsen, _ = orang_lain
    data = {"tanggal": TANGGAL, "kunci": "lembar-1", f"bayar_{a}": "60.000", f"oleh_{a}": str(kwangsen.pk)}
    r = masuk(orang[Peran.KASIR]).post(f"/pinjaman/{pinjaman.pk}/lembar-tagih/", data)
    assert r.status_code == 400
    assert "Rahasia Kwangsen" not in r.content.decode()
    assert not Pembayaran.objects.exists()
