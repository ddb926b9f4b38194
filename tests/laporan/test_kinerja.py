"""The indicator inputs gathered by SQL (laporan.kinerja) on small hand-made loans and books, at every POB
threshold, and LU-02 agreeing with the dashboard. All as of 30 April 2019 unless stated (n = 4 months).

Loans are 10 months, monthly, flat 1,5%: a member share S has pokok S/10 per instalment.
- "menunggak": disbursed 10 January, never paid: 10 Feb, 10 Mar and 10 Apr are due -> exactly 3,00 months
  behind on 30 April (counts for LAR/PAR/RR, which take >= 3 months), pokok in arrears 3 x S/10 per member.
- "lancar": disbursed 15 April: nothing due yet, the whole pokok outstanding.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from kotaku.buku.services import tutup_tahun
from kotaku.models import Peran
from laporan.indikator import hitung_kinerja
from laporan.kinerja import data_kinerja, data_kinerja_banyak, fakta_bulanan
from pinjaman import services
from pinjaman.selectors import laporan_kolektibilitas
from tests.bantuan import ubah_kebijakan_awal
from tests.ksm.factories import ksm_dengan_anggota
from tests.laporan.conftest import (
    LANCAR_CAIR,
    MENUNGGAK_CAIR,
    PER,
    biaya,
    ksm_berpinjaman,
    modal,
    pendapatan,
    pinjam,
)


def _portofolio(lkm, orang, *, menunggak: int, lancar: list[int]) -> None:
    ksm_berpinjaman(lkm, orang, "KSM Menunggak", per_anggota=menunggak, cair=MENUNGGAK_CAIR)
    for i, s in enumerate(lancar):
        ksm_berpinjaman(lkm, orang, f"KSM Lancar {i}", per_anggota=s, cair=LANCAR_CAIR)


# LAR = KSM >= 3 months behind / KSM with a balance. 1 behind among n: 1/10 is exactly 10% (minimum, the bound
# is inclusive), 1/11 = 9,09% baik, 1/5 = 20% minimum, 1/4 = 25% buruk.
@pytest.mark.parametrize(
    ("lancar", "lar", "skor"),
    [(9, "0.1000", 2), (10, "0.0909", 1), (4, "0.2000", 2), (3, "0.2500", 3)],
)
def test_lar_counts_ksm_at_every_threshold(lkm_bukur, orang, lancar, lar, skor):
    _portofolio(lkm_bukur, orang, menunggak=1_000_000, lancar=[1_000_000] * lancar)
    d = data_kinerja(lkm=lkm_bukur, per=PER)
    assert (d.ksm_aktif, d.ksm_menunggak) == (lancar + 1, 1)
    assert d.outstanding == (lancar + 1) * 5_000_000
    assert (d.outstanding_berisiko, d.tunggakan_berisiko) == (5_000_000, 1_500_000)
    k = hitung_kinerja(d)
    assert (str(k.lar), k.skor["lar"]) == (lar, skor)
    assert laporan_kolektibilitas(lkm=lkm_bukur, per=PER).lar == k.lar


# PAR = outstanding of loans >= 3 months behind / outstanding. Behind: 5 x 200.000 = 1.000.000.
# 1.000.000 / 10.000.000 = 10% exactly -> minimum; / 10.000.500 = 9,9995% -> baik although shown as 10,00%;
# / 5.000.000 = 20% -> minimum; / 4.999.500 = 20,002% -> buruk although shown as 20,00%.
@pytest.mark.parametrize(
    ("lancar", "outstanding", "par", "skor"),
    [
        (1_800_000, 10_000_000, "0.1000", 2),
        (1_800_100, 10_000_500, "0.1000", 1),
        (800_000, 5_000_000, "0.2000", 2),
        (799_900, 4_999_500, "0.2000", 3),
    ],
)
def test_par_at_every_threshold(lkm_bukur, orang, lancar, outstanding, par, skor):
    _portofolio(lkm_bukur, orang, menunggak=200_000, lancar=[lancar])
    d = data_kinerja(lkm=lkm_bukur, per=PER)
    assert (d.outstanding, d.outstanding_berisiko, d.tunggakan_berisiko) == (outstanding, 1_000_000, 300_000)
    k = hitung_kinerja(d)
    assert (str(k.par), k.skor["par"]) == (par, skor)
    assert laporan_kolektibilitas(lkm=lkm_bukur, per=PER).par == k.par


# RR = (outstanding - arrears of loans >= 3 months behind) / outstanding. Behind: 5 x 600.000 = 3.000.000 with
# 900.000 pokok in arrears. 8.100.000 / 9.000.000 = 90% -> minimum; 8.100.500 / 9.000.500 = 90,0006% -> baik;
# 3.600.000 / 4.500.000 = 80% -> minimum; 3.599.500 / 4.499.500 = 79,9989% -> buruk.
@pytest.mark.parametrize(
    ("lancar", "outstanding", "rr", "skor"),
    [
        (1_200_000, 9_000_000, "0.9000", 2),
        (1_200_100, 9_000_500, "0.9000", 1),
        (300_000, 4_500_000, "0.8000", 2),
        (299_900, 4_499_500, "0.8000", 3),
    ],
)
def test_rr_at_every_threshold(lkm_bukur, orang, lancar, outstanding, rr, skor):
    _portofolio(lkm_bukur, orang, menunggak=600_000, lancar=[lancar])
    d = data_kinerja(lkm=lkm_bukur, per=PER)
    assert (d.outstanding, d.tunggakan_berisiko) == (outstanding, 900_000)
    k = hitung_kinerja(d)
    assert (str(k.rr), k.skor["rr"]) == (rr, skor)


# CCr = income / costs, January..April 2019. Last year's figures stay out (a 2018 line of each kind).
@pytest.mark.parametrize(
    ("masuk", "keluar", "ccr", "skor"),
    [
        (1_250_000, 1_000_000, "1.2500", 2),
        (1_250_001, 1_000_000, "1.2500", 1),
        (1_000_000, 1_000_000, "1.0000", 2),
        (999_999, 1_000_000, "1.0000", 3),
        (500_000, 0, None, 1),
    ],
)
def test_ccr_at_every_threshold(lkm_bukur, masuk, keluar, ccr, skor):
    modal(lkm_bukur, date(2018, 12, 1), 10_000_000)
    pendapatan(lkm_bukur, date(2018, 12, 5), 7_000_000, "p2018")
    biaya(lkm_bukur, date(2018, 12, 6), 3_000_000, "b2018")
    pendapatan(lkm_bukur, date(2019, 3, 5), masuk, "p")
    if keluar:
        biaya(lkm_bukur, date(2019, 4, 30), keluar, "b")
    biaya(lkm_bukur, date(2019, 5, 1), 999_000, "b-mei")  # after the month end: not counted
    d = data_kinerja(lkm=lkm_bukur, per=PER)
    assert (d.pendapatan, d.biaya, d.bulan) == (masuk, keluar, 4)
    k = hitung_kinerja(d)
    assert (None if k.ccr is None else str(k.ccr), k.skor["ccr"]) == (ccr, skor)


# ROI = surplus Jan..April x 12/4 / modal (31xxx). Modal 12.000.000: surplus 400.000 -> 1.200.000 / 12.000.000
# = 10% -> minimum; 400.001 -> 10,00003% -> baik; 0 -> buruk; Rp 1 -> 0,00% shown but above zero -> minimum.
# No capital at all: no value, buruk.
@pytest.mark.parametrize(
    ("kapital", "masuk", "keluar", "roi", "skor"),
    [
        (12_000_000, 400_000, 0, "0.1000", 2),
        (12_000_000, 400_001, 0, "0.1000", 1),
        (12_000_000, 100_000, 100_000, "0.0000", 3),
        (12_000_000, 100_001, 100_000, "0.0000", 2),
        (0, 400_000, 0, None, 3),
    ],
)
def test_roi_at_every_threshold(lkm_bukur, kapital, masuk, keluar, roi, skor):
    if kapital:
        modal(lkm_bukur, date(2018, 12, 1), kapital)
    pendapatan(lkm_bukur, date(2019, 2, 1), masuk, "p")
    if keluar:
        biaya(lkm_bukur, date(2019, 2, 2), keluar, "b")
    d = data_kinerja(lkm=lkm_bukur, per=PER)
    assert d.modal == kapital
    k = hitung_kinerja(d)
    assert (None if k.roi is None else str(k.roi), k.skor["roi"]) == (roi, skor)


def test_lar_counts_a_ksm_once_whatever_its_loans_and_lu02_agrees(lkm_bukur, orang):
    """KSM X has two loans (members 1-5 and 6-10), both 3 months behind; KSM Y one loan, current. LAR is 1
    of 2 KSMs = 50%, not 2 of 3 loans; LU-02 shows the same 50,00%. (The LKM's policy allows a second loan
    while the first runs.)"""
    ubah_kebijakan_awal(lkm_bukur, pinjaman_bersamaan=True)
    x = ksm_dengan_anggota(10, lkm=lkm_bukur, nama="KSM X")
    anggota = [k.anggota for k in x.keanggotaan.order_by("pk")]
    pinjam(x, orang, per_anggota=1_000_000, cair=date(2019, 1, 10), anggota=anggota[:5], kunci="x1")
    pinjam(x, orang, per_anggota=1_000_000, cair=date(2019, 1, 15), anggota=anggota[5:], kunci="x2")
    ksm_berpinjaman(lkm_bukur, orang, "KSM Y", per_anggota=1_000_000, cair=LANCAR_CAIR)
    d = data_kinerja(lkm=lkm_bukur, per=PER)
    assert (d.ksm_aktif, d.ksm_menunggak, d.outstanding, d.outstanding_berisiko) == (
        2,
        1,
        15_000_000,
        10_000_000,
    )
    k = hitung_kinerja(d)
    assert (k.lar, k.par, k.skor["lar"], k.skor["par"]) == (D("0.5000"), D("0.6667"), 3, 3)
    lu02 = laporan_kolektibilitas(lkm=lkm_bukur, per=PER)
    assert (lu02.lar, lu02.par, lu02.ksm_aktif, lu02.ksm_menunggak) == (D("0.5000"), D("0.6667"), 2, 1)


def test_lrr_oss_cer_flows_and_balances_by_hand(lkm_bukur, orang):
    """A: 5 x 1.000.000 on 10 Jan, pays instalment 1 (575.000) on 10 Feb, nothing more: 2 months behind.
    B: 5 x 1.000.000 on 20 Mar, pays 500.000 on 25 Mar: instalment 1 (due 20 Apr) is the next one, jasa first:
    75.000 jasa + 425.000 pokok. 575.000 on 25 Apr: instalment 1's overdue 75.000 pokok, then instalment 2
    (due
    20 May, the next one): 75.000 jasa + 425.000 pokok (not yet due, so not in LRR)."""
    kasir = orang[Peran.KASIR]
    modal(lkm_bukur, date(2018, 12, 1), 20_000_000)
    a = ksm_berpinjaman(lkm_bukur, orang, "KSM A", per_anggota=1_000_000, cair=date(2019, 1, 10))
    services.catat_pembayaran(pinjaman=a, tanggal=date(2019, 2, 10), jumlah=575_000, kunci="a1", oleh=kasir)
    b = ksm_berpinjaman(lkm_bukur, orang, "KSM B", per_anggota=1_000_000, cair=date(2019, 3, 20))
    services.catat_pembayaran(pinjaman=b, tanggal=date(2019, 3, 25), jumlah=500_000, kunci="b1", oleh=kasir)
    services.catat_pembayaran(pinjaman=b, tanggal=date(2019, 4, 25), jumlah=575_000, kunci="b2", oleh=kasir)
    biaya(lkm_bukur, date(2019, 3, 1), 50_000, "atk")

    f = fakta_bulanan(lkm_ids=[lkm_bukur.pk], per=PER)[lkm_bukur.pk]
    # Positions: A 4.500.000 (1.000.000 pokok behind = 2 months, Kol 2), B 4.075.000 (ahead, Kol 1).
    assert (f.outstanding, f.outstanding_kol1, f.outstanding_kol2) == (8_575_000, 4_075_000, 4_500_000)
    assert (f.tunggakan_kol2, f.ksm_aktif, f.ksm_menunggak, f.pinjaman_aktif) == (1_000_000, 2, 0, 2)
    # Reserve 0,5% of each: 20.375 + 22.500; nothing booked yet.
    assert (f.cadangan_wajib, f.cadangan_tercatat) == (42_875, 0)
    # LRR: due pokok A 1.500.000 + B 500.000, paid against it A 500.000 + B 500.000 -> 50%.
    assert (f.pokok_jatuh_tempo_kumulatif, f.pokok_dibayar_kumulatif) == (2_000_000, 1_000_000)
    # Month ends Jan 5.000.000, Feb 4.500.000, Mar 4.500.000 + 4.575.000, Apr 4.500.000 + 4.075.000.
    assert f.jumlah_outstanding_bulanan == 27_150_000
    # Income: the jasa of A (February) and of B (March and April), 75.000 each. Costs: ATK 50.000 (March).
    assert (f.pendapatan, f.pendapatan_operasional, f.biaya, f.biaya_operasional) == (
        225_000,
        225_000,
        50_000,
        50_000,
    )
    assert (f.pendapatan_bulan, f.biaya_bulan) == (75_000, 0)
    # April: nothing disbursed, 500.000 pokok and 75.000 jasa received.
    assert (f.dicairkan_bulan, f.jumlah_cair_bulan, f.pokok_dibayar_bulan, f.jasa_dibayar_bulan) == (
        0,
        0,
        500_000,
        75_000,
    )
    # Cash: 20.000.000 - 5.000.000 + 575.000 - 50.000 - 5.000.000 + 500.000 + 575.000.
    assert (f.kas_bank, f.modal) == (11_600_000, 20_000_000)
    assert (f.anggota, f.anggota_perempuan, f.peminjam, f.ksm_terdaftar) == (10, 10, 10, 2)
    k = hitung_kinerja(f.data_kinerja)
    # OSS and CCr 225.000 / 50.000; CER 50.000 x 12 / 27.150.000 = 2,2099%; ROI 175.000 x 3 / 20.000.000 =
    # 2,625% (half away from zero: 2,63%).
    assert (k.lrr, k.oss, k.cer, k.ccr, k.roi) == (
        D("0.5000"),
        D("4.5000"),
        D("0.0221"),
        D("4.5000"),
        D("0.0263"),
    )
    assert (k.total, k.predikat) == (6, "memadai")  # 1 + 1 + 1 + 1 + 2 (ROI above 0, below 10%)

    maret = fakta_bulanan(lkm_ids=[lkm_bukur.pk], per=date(2019, 3, 31))[lkm_bukur.pk]
    assert (maret.dicairkan_bulan, maret.jumlah_cair_bulan, maret.pokok_dibayar_bulan) == (
        5_000_000,
        1,
        425_000,
    )
    assert (maret.biaya_bulan, maret.outstanding, maret.jumlah_outstanding_bulanan) == (
        50_000,
        9_075_000,
        18_575_000,
    )


def test_december_figures_do_not_change_when_the_year_is_closed(lkm_bukur):
    """Income, costs and modal as of 31 December leave the closing journal out: the same before and after."""
    modal(lkm_bukur, date(2018, 1, 2), 10_000_000)
    pendapatan(lkm_bukur, date(2018, 6, 1), 3_000_000, "p")
    biaya(lkm_bukur, date(2018, 7, 1), 1_000_000, "b")
    akhir = date(2018, 12, 31)
    sebelum = fakta_bulanan(lkm_ids=[lkm_bukur.pk], per=akhir)[lkm_bukur.pk]
    tutup_tahun(lkm=lkm_bukur, tahun=2018, oleh=None)
    sesudah = fakta_bulanan(lkm_ids=[lkm_bukur.pk], per=akhir)[lkm_bukur.pk]
    assert sebelum == sesudah
    assert (sesudah.pendapatan, sesudah.biaya, sesudah.modal, sesudah.bulan) == (
        3_000_000,
        1_000_000,
        10_000_000,
        12,
    )
    # The next year's capital includes the closed surplus (31030): ROI's base grows with retained surplus.
    januari = fakta_bulanan(lkm_ids=[lkm_bukur.pk], per=date(2019, 1, 31))[lkm_bukur.pk]
    assert (januari.modal, januari.pendapatan, januari.biaya) == (12_000_000, 0, 0)


def test_a_written_off_loan_stays_in_the_months_before_its_write_off(lkm_bukur, orang):
    """Written off on 31 Dec 2019 (Kol 5, nothing ever paid): in the position, LU-02 and the month-end sum
    until then, gone from 31 December on, as in the books (11030)."""
    from kotaku.buku.selectors import saldo_akun

    p = ksm_berpinjaman(lkm_bukur, orang, "KSM Macet", per_anggota=600_000, cair=date(2019, 1, 10))
    services.hapus_buku(
        pinjaman=p,
        tanggal=date(2019, 12, 31),
        nomor_keputusan="07/2019",
        tanggal_keputusan=date(2019, 12, 20),
        kunci="hb",
        oleh=orang[Peran.PENGURUS_LKM],
    )
    nov = fakta_bulanan(lkm_ids=[lkm_bukur.pk], per=date(2019, 11, 30))[lkm_bukur.pk]
    # 10 instalments due (Feb..Nov) and none paid: 10 months -> Kol 5.
    assert (nov.outstanding, nov.outstanding_kol5, nov.ksm_menunggak) == (3_000_000, 3_000_000, 1)
    assert nov.outstanding == saldo_akun(lkm=lkm_bukur, kode="11030", per=date(2019, 11, 30))
    assert nov.jumlah_outstanding_bulanan == 11 * 3_000_000
    assert laporan_kolektibilitas(lkm=lkm_bukur, per=date(2019, 11, 30)).total_sisa_pokok == 3_000_000
    des = fakta_bulanan(lkm_ids=[lkm_bukur.pk], per=date(2019, 12, 31))[lkm_bukur.pk]
    assert (des.outstanding, des.ksm_aktif, des.jumlah_outstanding_bulanan) == (0, 0, 11 * 3_000_000)
    assert des.pokok_jatuh_tempo_kumulatif == 3_000_000 and des.pokok_dibayar_kumulatif == 0


def test_many_lkms_in_a_constant_number_of_queries(lkm_bukur, lkm_kwangsen, orang, django_assert_num_queries):
    ksm_berpinjaman(lkm_bukur, orang, "KSM Bukur", per_anggota=1_000_000, cair=MENUNGGAK_CAIR)
    modal(lkm_kwangsen, date(2018, 12, 1), 5_000_000)
    from kotaku.models import LKM

    semua = list(LKM.objects.values_list("pk", flat=True))
    with django_assert_num_queries(6):
        hasil = data_kinerja_banyak(lkm_ids=semua, per=PER)
    assert len(hasil) == 14
    assert hasil[lkm_bukur.pk].outstanding == 5_000_000 and hasil[lkm_kwangsen.pk].modal == 5_000_000
    with django_assert_num_queries(6):
        data_kinerja_banyak(lkm_ids=[lkm_bukur.pk], per=PER)
    with django_assert_num_queries(11):
        fakta_bulanan(lkm_ids=semua, per=PER)


def test_per_must_be_a_month_end(lkm_bukur):
    with pytest.raises(ValueError, match="bukan akhir bulan"):
        data_kinerja(lkm=lkm_bukur, per=date(2019, 4, 29))


def test_lu02_states_its_ksm_counts_and_a_pending_reserve(lkm_bukur, orang, buat_pengguna, masuk):
    from pinjaman.services import sesuaikan_cadangan

    _portofolio(lkm_bukur, orang, menunggak=1_000_000, lancar=[1_000_000])
    klien = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur))
    url = f"/pinjaman/lkm/{lkm_bukur.pk}/kolektibilitas/?per=2019-04-30"
    html = klien.get(url).content.decode()
    assert "KSM aktif: 1 dari 2 KSM)" in html
    # 10.000.000 at 0,5% required, nothing booked.
    assert "Cadangan tercatat kurang Rp 50.000 dari yang wajib" in html
    sesuaikan_cadangan(lkm=lkm_bukur, per=PER)
    assert 'data-testid="selisih-cadangan"' not in klien.get(url).content.decode()
