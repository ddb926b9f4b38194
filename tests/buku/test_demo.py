"""The parameterised demo books: opening neraca plus a year of monthly operations."""

from __future__ import annotations

from datetime import date

from kotaku.buku import selectors
from kotaku.buku.demo import buat_demo_buku
from kotaku.buku.models import BarisJurnal, Jurnal

SALDO_AWAL = {"11010": 6_000_000, "11021": 100_000_000, "11030": 50_000_000, "31010": 156_000_000}


def test_demo_books_open_balanced_and_run_a_year(lkm_kwangsen):
    n = buat_demo_buku(
        lkm_kwangsen, tanggal_saldo_awal=date(2016, 12, 31), saldo_awal=SALDO_AWAL, tahun_operasional=2019
    )
    assert n == 1 + 12 * 4
    assert Jurnal.objects.filter(lkm=lkm_kwangsen).count() == 49
    awal = selectors.neraca(lkm=lkm_kwangsen, per=date(2016, 12, 31))
    assert awal.total_aset == awal.total_kewajiban_modal == 156_000_000
    assert {b.kode: b.saldo for b in awal.modal}["31010"] == 156_000_000

    tahun = selectors.surplus_defisit(lkm=lkm_kwangsen, dari=date(2019, 1, 1), sampai=date(2019, 12, 31))
    assert [b.kode for b in tahun.pendapatan if b.saldo] == ["41020"]
    assert [b.kode for b in tahun.biaya if b.saldo] == ["51010", "51030", "51040"]
    insentif = BarisJurnal.objects.filter(lkm=lkm_kwangsen, akun__kode="51010").values_list(
        "debit", flat=True
    )
    assert len(insentif) == 12 and set(insentif) <= {600_000, 750_000, 900_000}
    for per in (date(2019, 1, 31), date(2019, 6, 30), date(2019, 12, 31)):
        n_per = selectors.neraca(lkm=lkm_kwangsen, per=per)
        assert n_per.seimbang
    akhir = selectors.neraca(lkm=lkm_kwangsen, per=date(2019, 12, 31))
    assert akhir.total_aset == 156_000_000 + tahun.surplus
    assert akhir.surplus_berjalan == tahun.surplus


def test_demo_books_twice_post_nothing_new(lkm_kwangsen):
    for _ in range(2):
        buat_demo_buku(
            lkm_kwangsen, tanggal_saldo_awal=date(2016, 12, 31), saldo_awal=SALDO_AWAL, tahun_operasional=2019
        )
    assert Jurnal.objects.filter(lkm=lkm_kwangsen).count() == 49
    assert Jurnal.objects.filter(lkm=lkm_kwangsen, jenis="saldo_awal").count() == 1
