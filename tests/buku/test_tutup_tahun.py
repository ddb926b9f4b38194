"""Closing a year in one action (page and API): its open months, then the year-end close journal."""

from __future__ import annotations

from datetime import date

import pytest

from kotaku.buku.models import Jurnal, PeriodeTutup
from kotaku.buku.services import (
    Baris,
    JurnalDitolak,
    buka_bulan,
    posting_jurnal,
    tutup_buku_tahunan,
    tutup_bulan,
)
from kotaku.errors import KonflikStatus
from kotaku.models import Peran


@pytest.fixture
def tahun_2018(lkm_bukur):
    """2018: Rp 900.000 jasa, Rp 250.000 insentif, Rp 60.000 ATK: a surplus of Rp 590.000."""
    for tanggal, uraian, debit, kredit, jumlah in [
        (date(2018, 1, 2), "Modal", "11010", "31020", 5_000_000),
        (date(2018, 4, 10), "Jasa", "11010", "41010", 900_000),
        (date(2018, 6, 25), "Insentif", "51010", "11010", 250_000),
        (date(2018, 11, 3), "ATK", "51030", "11010", 60_000),
    ]:
        posting_jurnal(
            lkm=lkm_bukur,
            tanggal=tanggal,
            uraian=uraian,
            baris=[Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)],
        )
    return lkm_bukur


def test_the_open_months_are_closed_and_the_surplus_moves_to_31030(tahun_2018, buat_pengguna):
    pembuku = buat_pengguna(Peran.PEMBUKU, tahun_2018)
    tutup_bulan(lkm=tahun_2018, tahun=2018, bulan=1, oleh=pembuku)
    tutup_bulan(lkm=tahun_2018, tahun=2018, bulan=2, oleh=pembuku)
    hasil = tutup_buku_tahunan(lkm=tahun_2018, tahun=2018, oleh=pembuku)
    assert hasil.bulan_ditutup == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert hasil.surplus == 590_000
    assert hasil.jurnal.tanggal == date(2018, 12, 31) and hasil.jurnal.jenis == "penutup"
    assert sorted((b.akun.kode, b.debit, b.kredit) for b in hasil.jurnal.baris.all()) == [
        ("31030", 0, 590_000),
        ("41010", 900_000, 0),
        ("51010", 0, 250_000),
        ("51030", 0, 60_000),
    ]
    assert sorted(
        PeriodeTutup.objects.filter(lkm=tahun_2018, tahun=2018, dibuka_pada__isnull=True).values_list(
            "bulan", flat=True
        )
    ) == list(range(1, 13))
    with pytest.raises(KonflikStatus, match="Tahun 2018 sudah ditutup."):
        tutup_buku_tahunan(lkm=tahun_2018, tahun=2018, oleh=pembuku)
    with pytest.raises(JurnalDitolak):
        posting_jurnal(
            lkm=tahun_2018,
            tanggal=date(2018, 5, 5),
            uraian="terlambat",
            baris=[Baris("51030", debit=1), Baris("11010", kredit=1)],
        )


def test_a_month_reopened_by_the_board_is_closed_again(tahun_2018, buat_pengguna):
    pembuku = buat_pengguna(Peran.PEMBUKU, tahun_2018)
    tutup_bulan(lkm=tahun_2018, tahun=2018, bulan=4, oleh=pembuku)
    buka_bulan(
        lkm=tahun_2018,
        tahun=2018,
        bulan=4,
        alasan="koreksi",
        oleh=buat_pengguna(Peran.PENGURUS_LKM, tahun_2018),
    )
    hasil = tutup_buku_tahunan(lkm=tahun_2018, tahun=2018, oleh=pembuku)
    assert 4 in hasil.bulan_ditutup and len(hasil.bulan_ditutup) == 12
    assert PeriodeTutup.objects.filter(lkm=tahun_2018, tahun=2018, bulan=4).count() == 2


def test_api_closes_the_year_for_the_pembuku_only(tahun_2018, buat_pengguna, api_klien, lkm_kwangsen):
    url = f"/api/v1/lkm/{tahun_2018.pk}/tutup-tahun"
    kasir = api_klien(buat_pengguna(Peran.KASIR, tahun_2018))
    assert kasir.post(url, {"tahun": 2018}, content_type="application/json").status_code == 403
    asing = api_klien(buat_pengguna(Peran.PEMBUKU, lkm_kwangsen))
    assert asing.post(url, {"tahun": 2018}, content_type="application/json").status_code == 404
    pembuku = api_klien(buat_pengguna(Peran.PEMBUKU, tahun_2018))
    belum = pembuku.post(url, {"tahun": 2099}, content_type="application/json")
    assert belum.status_code == 400
    assert belum.json()["errors"] == [
        {"field": "tahun", "message": "Tahun 2099 belum berakhir atau tidak valid."}
    ]
    assert not Jurnal.objects.filter(jenis="penutup").exists() and not PeriodeTutup.objects.exists()

    respon = pembuku.post(url, {"tahun": 2018}, content_type="application/json")
    assert respon.status_code == 201
    jurnal = Jurnal.objects.get(lkm=tahun_2018, jenis="penutup")
    assert respon.json() == {
        "tahun": 2018,
        "jurnal": jurnal.pk,
        "nomor": "2018/000005",
        "surplus": 590_000,
        "bulan_ditutup": list(range(1, 13)),
    }
    lagi = pembuku.post(url, {"tahun": 2018}, content_type="application/json")
    assert lagi.status_code == 409
    assert lagi.json() == {"detail": "Tahun 2018 sudah ditutup.", "errors": []}
    assert Jurnal.objects.filter(jenis="penutup").count() == 1


def test_the_page_uses_the_same_service(tahun_2018, buat_pengguna, masuk):
    klien = masuk(buat_pengguna(Peran.PEMBUKU, tahun_2018))
    respon = klien.post(f"/buku/{tahun_2018.pk}/tutup-tahun/", {"tahun": 2018}, follow=True)
    assert "Tahun 2018 ditutup: 12 bulan yang masih terbuka ditutup" in respon.content.decode()
    assert PeriodeTutup.objects.filter(lkm=tahun_2018, tahun=2018).count() == 12
