"""UPK performance indicators (DOMAIN.md §6, POB PB PNPM-MP 2013): pure, no database.

Every expected figure is written by hand; the derivation is in the comment beside it.
"""

from __future__ import annotations

import dataclasses
import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laporan.indikator import (
    AMBANG,
    INDIKATOR_POB,
    NAMA_SKOR,
    DataKinerja,
    bulatkan_rasio,
    hitung_kinerja,
    jumlahkan,
    predikat,
    skor_indikator,
)

D = Decimal

# A healthy LKM in December: every POB indicator scores 1 (baik). Each table below changes only the figures
# its indicator reads, and asserts only that indicator.
#   LAR 0/100 = 0; PAR 0; RR 100M/100M = 1; CCr 32M/20M = 1,6; ROI 12M x 12/12 / 100M = 12%.
SEHAT: dict[str, int] = {
    "ksm_aktif": 100,
    "ksm_menunggak": 0,
    "outstanding": 100_000_000,
    "outstanding_berisiko": 0,
    "tunggakan_berisiko": 0,
    "pendapatan": 32_000_000,
    "biaya": 20_000_000,
    "bulan": 12,
    "modal": 100_000_000,
    "pendapatan_operasional": 19_000_000,
    "biaya_operasional": 15_000_000,
    "biaya_keuangan": 0,
    "biaya_cadangan": 5_000_000,
    "jumlah_outstanding_bulanan": 1_200_000_000,
    "pokok_jatuh_tempo_kumulatif": 500_000_000,
    "pokok_dibayar_kumulatif": 500_000_000,
}


def data(**ubah: int) -> DataKinerja:
    return DataKinerja(**{**SEHAT, **ubah})


def test_the_healthy_lkm_scores_one_everywhere() -> None:
    k = hitung_kinerja(data())
    assert (k.lar, k.par, k.rr, k.ccr, k.roi) == (
        D("0.0000"),
        D("0.0000"),
        D("1.0000"),
        D("1.6000"),
        D("0.1200"),
    )
    assert dict(k.skor) == {"lar": 1, "par": 1, "rr": 1, "ccr": 1, "roi": 1}
    assert (k.total, k.predikat, k.nama_predikat) == (5, "memadai", "Memadai")


# --- every threshold: just below, exactly at, just above ----------------------------------------------------


# LAR = ksm_menunggak / ksm_aktif; < 10% baik, 10%-20% inclusive minimum, > 20% buruk.
# ksm_menunggak > 0 needs outstanding_berisiko > 0: Rp 1, which leaves PAR untouched here.
@pytest.mark.parametrize(
    ("aktif", "menunggak", "lar", "skor"),
    [
        (10_000, 999, D("0.0999"), 1),  # 9,99%
        (1_000_000, 99_999, D("0.1000"), 1),  # 9,9999% is shown as 0.1000 but scored on the exact value: baik
        (10_000, 1_000, D("0.1000"), 2),  # exactly 10%: minimum
        (10_000, 1_001, D("0.1001"), 2),  # 10,01%
        (10_000, 1_999, D("0.1999"), 2),  # 19,99%
        (10_000, 2_000, D("0.2000"), 2),  # exactly 20%: still minimum
        (1_000_000, 200_001, D("0.2000"), 3),  # 20,0001%: buruk although shown as 0.2000
        (10_000, 2_001, D("0.2001"), 3),  # 20,01%
        (41, 3, D("0.0732"), 1),  # 3/41 = 0,073170..: rounds up in the 4th place
        (3, 1, D("0.3333"), 3),  # 1/3 = 0,3333..
    ],
)
def test_lar_thresholds(aktif: int, menunggak: int, lar: Decimal, skor: int) -> None:
    k = hitung_kinerja(data(ksm_aktif=aktif, ksm_menunggak=menunggak, outstanding_berisiko=1))
    assert (k.lar, k.skor["lar"]) == (lar, skor)


# PAR = outstanding_berisiko / outstanding (Rp 100.000.000); thresholds as LAR.
@pytest.mark.parametrize(
    ("berisiko", "par", "skor"),
    [
        (9_990_000, D("0.0999"), 1),  # 9,99%
        (9_999_999, D("0.1000"), 1),  # 9,999999%: shown 0.1000, baik
        (10_000_000, D("0.1000"), 2),  # exactly 10%
        (10_000_001, D("0.1000"), 2),  # 10,000001%
        (19_999_999, D("0.2000"), 2),  # 19,999999%
        (20_000_000, D("0.2000"), 2),  # exactly 20%: minimum
        (20_000_001, D("0.2000"), 3),  # 20,000001%: buruk
        (20_010_000, D("0.2001"), 3),
        (100_000_000, D("1.0000"), 3),  # every loan at risk
    ],
)
def test_par_thresholds(berisiko: int, par: Decimal, skor: int) -> None:
    k = hitung_kinerja(data(ksm_menunggak=1, outstanding_berisiko=berisiko))
    assert (k.par, k.skor["par"]) == (par, skor)


# RR = (outstanding - tunggakan_berisiko) / outstanding, outstanding Rp 100.000.000;
# > 90% baik, 80%-90% inclusive minimum, < 80% buruk.
@pytest.mark.parametrize(
    ("tunggakan", "rr", "skor"),
    [
        (9_999_999, D("0.9000"), 1),  # 90.000.001 / 100M = 90,000001%: baik, shown 0.9000
        (9_990_000, D("0.9001"), 1),  # 90,01%
        (10_000_000, D("0.9000"), 2),  # exactly 90%: minimum
        (10_000_001, D("0.9000"), 2),  # 89,999999%
        (19_999_999, D("0.8000"), 2),  # 80,000001%
        (20_000_000, D("0.8000"), 2),  # exactly 80%: minimum
        (20_000_001, D("0.8000"), 3),  # 79,999999%: buruk
        (20_010_000, D("0.7999"), 3),  # 79,99%
        (0, D("1.0000"), 1),
    ],
)
def test_rr_thresholds(tunggakan: int, rr: Decimal, skor: int) -> None:
    # The arrears belong to loans with Rp 25.000.000 outstanding (tunggakan <= outstanding_berisiko).
    k = hitung_kinerja(data(ksm_menunggak=1, outstanding_berisiko=25_000_000, tunggakan_berisiko=tunggakan))
    assert (k.rr, k.skor["rr"]) == (rr, skor)


# CCr = pendapatan / biaya, biaya Rp 20.000.000; > 125% baik, 100%-125% inclusive minimum, < 100% buruk.
@pytest.mark.parametrize(
    ("pendapatan", "ccr", "skor"),
    [
        (25_000_001, D("1.2500"), 1),  # 125,000005%: baik, shown 1.2500
        (25_002_000, D("1.2501"), 1),  # 125,01%
        (25_000_000, D("1.2500"), 2),  # exactly 125%: minimum
        (24_999_999, D("1.2500"), 2),  # 124,999995%
        (20_000_001, D("1.0000"), 2),  # 100,000005%
        (20_000_000, D("1.0000"), 2),  # exactly 100%: minimum
        (19_999_999, D("1.0000"), 3),  # 99,999995%: buruk
        (19_998_000, D("0.9999"), 3),  # 99,99%
        (0, D("0.0000"), 3),  # no income at all
    ],
)
def test_ccr_thresholds(pendapatan: int, ccr: Decimal, skor: int) -> None:
    k = hitung_kinerja(data(pendapatan=pendapatan, pendapatan_operasional=0))
    assert (k.ccr, k.skor["ccr"]) == (ccr, skor)


# ROI = surplus x 12 / bulan / modal, modal Rp 100.000.000, biaya Rp 20.000.000 (pendapatan = 20M + surplus);
# > 10% baik, > 0% up to 10% minimum, <= 0% buruk.
@pytest.mark.parametrize(
    ("bulan", "surplus", "roi", "skor"),
    [
        (12, 10_000_001, D("0.1000"), 1),  # 10,000001%: baik
        (12, 10_010_000, D("0.1001"), 1),
        (12, 10_000_000, D("0.1000"), 2),  # exactly 10%: minimum
        (12, 9_999_999, D("0.1000"), 2),
        (12, 1, D("0.0000"), 2),  # Rp 1 surplus = 0,000001%: above zero, minimum though shown 0.0000
        (12, 0, D("0.0000"), 3),  # exactly 0: buruk
        (12, -1, D("0.0000"), 3),  # Rp 1 deficit: buruk; -0,000001% rounds to 0.0000 (no "-0")
        (12, -5_000_000, D("-0.0500"), 3),
        # Annualised: March (n = 3), 2.500.000 x 12/3 = 10.000.000 = exactly 10%.
        (3, 2_500_000, D("0.1000"), 2),
        (3, 2_500_001, D("0.1000"), 1),  # 10.000.004 / 100M
        # July (n = 7): 10% would need 5.833.333,33; 5.833.333 x 12/7 = 9.999.999,4 -> 9,9999994%.
        (7, 5_833_333, D("0.1000"), 2),
        (7, 5_833_334, D("0.1000"), 1),  # x 12/7 = 10.000.001,1 -> 10,000001%
        (1, 700_000, D("0.0840"), 2),  # January: 700.000 x 12 = 8.400.000 -> 8,4%
    ],
)
def test_roi_thresholds(bulan: int, surplus: int, roi: Decimal, skor: int) -> None:
    k = hitung_kinerja(data(bulan=bulan, pendapatan=20_000_000 + surplus, pendapatan_operasional=0))
    assert (k.roi, k.skor["roi"]) == (roi, skor)


def test_ratios_are_strings_with_four_places_as_the_api_sends_them() -> None:
    k = hitung_kinerja(data(ksm_aktif=41, ksm_menunggak=3, outstanding_berisiko=1))
    assert str(k.lar) == "0.0732"  # 3/41
    assert str(k.par) == "0.0000"  # never "0E-4"
    assert str(k.rr) == "1.0000"


@pytest.mark.parametrize(
    ("nilai", "hasil"),
    [
        (Fraction(7315, 100_000), "0.0732"),  # a tie rounds half up
        (Fraction(-7315, 100_000), "-0.0732"),  # and half away from zero below it
        (Fraction(73149, 1_000_000), "0.0731"),
        (Fraction(1, 3), "0.3333"),
        (Fraction(2, 3), "0.6667"),
        (Fraction(0), "0.0000"),
        (Fraction(-1, 100_000), "0.0000"),  # -0,00001 rounds to plain zero
        (Fraction(5, 4), "1.2500"),
        (Fraction(1_000_000_000_000_000, 3), "333333333333333.3333"),
    ],
)
def test_ratio_rounding(nilai: Fraction, hasil: str) -> None:
    assert str(bulatkan_rasio(nilai)) == hasil


# --- zero and negative denominators -------------------------------------------------------------------------


def test_an_lkm_with_nothing_lent_and_nothing_booked() -> None:
    kosong = {nama: 0 for nama in SEHAT} | {"bulan": 1}
    k = hitung_kinerja(DataKinerja(**kosong))
    # No outstanding: LAR 0, PAR 0, RR 1, all baik. No costs: CCr has no value, baik. No modal: ROI has no
    # value, buruk. 1 + 1 + 1 + 1 + 3 = 7: still Memadai.
    assert (k.lar, k.par, k.rr, k.ccr, k.roi) == (D("0.0000"), D("0.0000"), D("1.0000"), None, None)
    assert dict(k.skor) == {"lar": 1, "par": 1, "rr": 1, "ccr": 1, "roi": 3}
    assert (k.total, k.predikat) == (7, "memadai")
    # Nothing due yet: LRR 1. No costs: OSS has no value. No outstanding: CER has no value.
    assert (k.lrr, k.oss, k.cer) == (D("1.0000"), None, None)


def test_no_outstanding_means_nothing_at_risk() -> None:
    k = hitung_kinerja(data(ksm_aktif=0, outstanding=0))
    assert (k.lar, k.par, k.rr) == (D("0.0000"), D("0.0000"), D("1.0000"))
    assert (k.skor["lar"], k.skor["par"], k.skor["rr"]) == (1, 1, 1)


def test_costs_at_or_below_zero_leave_ccr_without_a_value_and_score_baik() -> None:
    # Income 5.000.000, no costs at all.
    k = hitung_kinerja(
        data(pendapatan=5_000_000, pendapatan_operasional=0, biaya=0, biaya_operasional=0, biaya_cadangan=0)
    )
    assert (k.ccr, k.skor["ccr"]) == (None, 1)
    # January: operating costs 2.000.000, but collecting a Macet loan released 3.000.000 of reserve (a credit
    # to
    # 51080): costs net -1.000.000. The ratio would be negative and meaningless; income covers the costs.
    k = hitung_kinerja(
        data(bulan=1, biaya=-1_000_000, biaya_operasional=2_000_000, biaya_cadangan=-3_000_000, pendapatan=0,
             pendapatan_operasional=0)
    )  # fmt: skip
    assert (k.ccr, k.skor["ccr"]) == (None, 1)
    # ROI still counts that surplus: (0 - -1.000.000) x 12/1 / 100.000.000 = 12%.
    assert (k.roi, k.skor["roi"]) == (D("0.1200"), 1)
    # OSS: 0 / (2.000.000 + 0 - 3.000.000) has a negative denominator: no value.
    assert k.oss is None


@pytest.mark.parametrize("modal", [0, -1, -50_000_000])
def test_modal_at_or_below_zero_leaves_roi_without_a_value_and_scores_buruk(modal: int) -> None:
    k = hitung_kinerja(data(modal=modal))  # a surplus of 12.000.000, yet no capital to earn it on
    assert (k.roi, k.skor["roi"]) == (None, 3)


def test_lrr_oss_cer_denominators() -> None:
    assert hitung_kinerja(data(pokok_jatuh_tempo_kumulatif=0, pokok_dibayar_kumulatif=0)).lrr == D("1.0000")
    tanpa_biaya = data(biaya_operasional=0, biaya_keuangan=0, biaya_cadangan=0)
    assert hitung_kinerja(tanpa_biaya).oss is None
    # Operating costs zero but a reserve charge: OSS 19.000.000 / 5.000.000 = 3,8; CER 0.
    k = hitung_kinerja(data(biaya_operasional=0))
    assert (k.oss, k.cer) == (D("3.8000"), D("0.0000"))
    kosong = hitung_kinerja(data(ksm_aktif=0, outstanding=0, jumlah_outstanding_bulanan=0))
    assert kosong.cer is None


# --- predikat -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "hasil"),
    [(5, "memadai"), (6, "memadai"), (7, "memadai"), (8, "tidak_memadai"), (9, "tidak_memadai"),
     (15, "tidak_memadai")],
)  # fmt: skip
def test_predikat(total: int, hasil: str) -> None:
    assert predikat(total) == hasil


@pytest.mark.parametrize("total", [4, 16, 0])
def test_predikat_refuses_impossible_totals(total: int) -> None:
    with pytest.raises(ValueError, match="5 s.d. 15"):
        predikat(total)


def test_predikat_boundary_seven_and_eight_from_data() -> None:
    # LAR 1.000/10.000 = 10% (2) and PAR 10.000.000/100M = 10% (2), the rest baik: 2 + 2 + 1 + 1 + 1 = 7.
    tujuh = hitung_kinerja(data(ksm_aktif=10_000, ksm_menunggak=1_000, outstanding_berisiko=10_000_000))
    assert dict(tujuh.skor) == {"lar": 2, "par": 2, "rr": 1, "ccr": 1, "roi": 1}
    assert (tujuh.total, tujuh.predikat, tujuh.nama_predikat) == (7, "memadai", "Memadai")
    # One more KSM in arrears: LAR 1.001/10.000 is still minimum; 2.001 KSMs make it 20,01%, buruk (3): total
    # 8.
    delapan = hitung_kinerja(data(ksm_aktif=10_000, ksm_menunggak=2_001, outstanding_berisiko=10_000_000))
    assert dict(delapan.skor) == {"lar": 3, "par": 2, "rr": 1, "ccr": 1, "roi": 1}
    assert (delapan.total, delapan.predikat, delapan.nama_predikat) == (8, "tidak_memadai", "Tidak Memadai")


# --- one LKM, worked by hand --------------------------------------------------------------------------------


def test_one_lkm_in_july_worked_by_hand() -> None:
    lkm = DataKinerja(
        ksm_aktif=41,
        ksm_menunggak=3,
        outstanding=187_450_000,
        outstanding_berisiko=13_700_000,
        tunggakan_berisiko=6_850_000,
        pendapatan=24_310_000,  # 22.960.000 jasa pinjaman (41010) + 1.350.000 non-operasional (41020)
        biaya=17_540_000,  # 14.700.000 operational + 2.840.000 reserve (51080)
        bulan=7,
        modal=150_000_000,
        pendapatan_operasional=22_960_000,
        biaya_operasional=14_700_000,
        biaya_keuangan=0,
        biaya_cadangan=2_840_000,
        jumlah_outstanding_bulanan=1_302_000_000,  # seven month ends, average 186.000.000
        pokok_jatuh_tempo_kumulatif=412_500_000,
        pokok_dibayar_kumulatif=398_750_000,
    )
    k = hitung_kinerja(lkm)
    # LAR = 3/41: 41 x 0,0731 = 2,9971 and 41 x 0,0732 = 3,0012, so 0,07317.. -> 0.0732 (< 10%: 1).
    assert (k.lar, k.skor["lar"]) == (D("0.0732"), 1)
    # PAR = 13.700.000 / 187.450.000: 187,45 x 0,0731 = 13,7026 > 13,7 and 187,45 x 0,0730 = 13,6839, so
    # 0,07308.. -> 0.0731 (< 10%: 1).
    assert (k.par, k.skor["par"]) == (D("0.0731"), 1)
    # RR = (187.450.000 - 6.850.000) / 187.450.000 = 180.600.000 / 187.450.000 = 1 - 6,85/187,45 = 1 -
    # 0,036543..
    # = 0,963456.. -> 0.9635 (> 90%: 1).
    assert (k.rr, k.skor["rr"]) == (D("0.9635"), 1)
    # CCr = 24.310.000 / 17.540.000: 17,54 x 1,386 = 24,31044, a hair above 24,31, so 1,38597.. -> 1.3860 (1).
    assert (k.ccr, k.skor["ccr"]) == (D("1.3860"), 1)
    # ROI = (24.310.000 - 17.540.000) x 12/7 / 150.000.000 = 6.770.000 x 12 / 1.050.000.000
    # = 81.240.000 / 1.050.000.000 = 0,077371.. -> 0.0774 (0-10%: 2).
    assert (k.roi, k.skor["roi"]) == (D("0.0774"), 2)
    # 1 + 1 + 1 + 1 + 2 = 6: Memadai.
    assert (k.total, k.predikat) == (6, "memadai")
    # LRR = 398.750.000 / 412.500.000; the shortfall 13.750.000 is 1/30 of it, so 29/30 = 0,96666.. -> 0.9667.
    assert k.lrr == D("0.9667")
    # OSS = 22.960.000 / (14.700.000 + 0 + 2.840.000) = 22,96 / 17,54: 17,54 x 1,309 = 22,95986, the rest
    # 0,00014 / 17,54 = 0,000008, so 1,309008 -> 1.3090.
    assert k.oss == D("1.3090")
    # CER = 14.700.000 x 12/7 / (1.302.000.000 / 7) = 176.400.000 / 1.302.000.000 = 0,135483.. -> 0.1355.
    assert k.cer == D("0.1355")
    assert lkm.surplus == 6_770_000
    assert lkm.rata_rata_outstanding == 186_000_000


# --- a kecamatan: ratios of sums ----------------------------------------------------------------------------

# Three LKMs in June (n = 6). The small one is in trouble; averaging the three ratios would give it as much
# weight
# as the big ones.
LKM_A = DataKinerja(
    ksm_aktif=10, ksm_menunggak=5, outstanding=10_000_000, outstanding_berisiko=6_000_000,
    tunggakan_berisiko=4_000_000, pendapatan=1_000_000, biaya=2_000_000, bulan=6, modal=20_000_000,
    pendapatan_operasional=900_000, biaya_operasional=1_500_000, biaya_keuangan=0, biaya_cadangan=500_000,
    jumlah_outstanding_bulanan=66_000_000, pokok_jatuh_tempo_kumulatif=30_000_000,
    pokok_dibayar_kumulatif=24_000_000,
)  # fmt: skip
LKM_B = DataKinerja(
    ksm_aktif=90, ksm_menunggak=0, outstanding=190_000_000, outstanding_berisiko=0,
    tunggakan_berisiko=0, pendapatan=20_000_000, biaya=10_000_000, bulan=6, modal=100_000_000,
    pendapatan_operasional=18_000_000, biaya_operasional=9_000_000, biaya_keuangan=200_000,
    biaya_cadangan=800_000,
    jumlah_outstanding_bulanan=1_100_000_000, pokok_jatuh_tempo_kumulatif=400_000_000,
    pokok_dibayar_kumulatif=400_000_000,
)  # fmt: skip
LKM_C = DataKinerja(
    ksm_aktif=100, ksm_menunggak=5, outstanding=100_000_000, outstanding_berisiko=3_000_000,
    tunggakan_berisiko=1_000_000, pendapatan=9_000_000, biaya=8_000_000, bulan=6, modal=80_000_000,
    pendapatan_operasional=8_100_000, biaya_operasional=7_000_000, biaya_keuangan=0, biaya_cadangan=1_000_000,
    jumlah_outstanding_bulanan=634_000_000, pokok_jatuh_tempo_kumulatif=170_000_000,
    pokok_dibayar_kumulatif=166_000_000,
)  # fmt: skip


def test_a_kecamatan_sums_the_raw_figures() -> None:
    kecamatan = jumlahkan([LKM_A, LKM_B, LKM_C])
    assert kecamatan == DataKinerja(
        ksm_aktif=200,  # 10 + 90 + 100
        ksm_menunggak=10,  # 5 + 0 + 5
        outstanding=300_000_000,  # 10M + 190M + 100M
        outstanding_berisiko=9_000_000,  # 6M + 0 + 3M
        tunggakan_berisiko=5_000_000,  # 4M + 0 + 1M
        pendapatan=30_000_000,  # 1M + 20M + 9M
        biaya=20_000_000,  # 2M + 10M + 8M
        bulan=6,
        modal=200_000_000,  # 20M + 100M + 80M
        pendapatan_operasional=27_000_000,  # 0,9M + 18M + 8,1M
        biaya_operasional=17_500_000,  # 1,5M + 9M + 7M
        biaya_keuangan=200_000,
        biaya_cadangan=2_300_000,  # 0,5M + 0,8M + 1M
        jumlah_outstanding_bulanan=1_800_000_000,  # 66M + 1.100M + 634M
        pokok_jatuh_tempo_kumulatif=600_000_000,  # 30M + 400M + 170M
        pokok_dibayar_kumulatif=590_000_000,  # 24M + 400M + 166M
    )


def test_a_kecamatan_s_indicators_are_ratios_of_sums_not_averages_of_ratios() -> None:
    k = hitung_kinerja(jumlahkan([LKM_A, LKM_B, LKM_C]))
    # LAR = 10/200 = 5% (baik). The average of 50%, 0% and 5% would be 18,33% (minimum).
    assert (k.lar, k.skor["lar"]) == (D("0.0500"), 1)
    # PAR = 9M / 300M = 3% (baik). The average of 60%, 0% and 3% would be 21% (buruk).
    assert (k.par, k.skor["par"]) == (D("0.0300"), 1)
    # RR = (300M - 5M) / 300M = 295/300 = 0,98333.. (baik). The average of 60%, 100%, 99% is 86,33%.
    assert (k.rr, k.skor["rr"]) == (D("0.9833"), 1)
    # CCr = 30M / 20M = 150% (baik). The average of 50%, 200% and 112,5% would be 120,83% (minimum).
    assert (k.ccr, k.skor["ccr"]) == (D("1.5000"), 1)
    # ROI = (30M - 20M) x 12/6 / 200M = 20M / 200M = exactly 10%: minimum. The average of -10%, 20% and 2,5%
    # would be 4,17%.
    assert (k.roi, k.skor["roi"]) == (D("0.1000"), 2)
    assert (k.total, k.predikat) == (6, "memadai")
    # LRR = 590M / 600M = 0,98333..; OSS = 27M / (17,5M + 0,2M + 2,3M) = 27/20 = 1,35;
    # CER = 17,5M x 12 / 1.800M = 210/1.800 = 0,11666.. -> 0.1167.
    assert (k.lrr, k.oss, k.cer) == (D("0.9833"), D("1.3500"), D("0.1167"))

    # The per-LKM figures, to show the group is not their average.
    a, b, c = (hitung_kinerja(x) for x in (LKM_A, LKM_B, LKM_C))
    assert (a.lar, b.lar, c.lar) == (D("0.5000"), D("0.0000"), D("0.0500"))
    assert (a.par, b.par, c.par) == (D("0.6000"), D("0.0000"), D("0.0300"))
    assert (a.ccr, b.ccr, c.ccr) == (D("0.5000"), D("2.0000"), D("1.1250"))
    # A: -1M x 2 / 20M = -10%; B: 10M x 2 / 100M = 20%; C: 1M x 2 / 80M = 2,5%.
    assert (a.roi, b.roi, c.roi) == (D("-0.1000"), D("0.2000"), D("0.0250"))
    assert (a.total, b.total, c.total) == (3 + 3 + 3 + 3 + 3, 5, 1 + 1 + 1 + 2 + 2)


def test_jumlahkan_needs_the_same_month_and_at_least_one_lkm() -> None:
    with pytest.raises(ValueError, match=r"bulan yang sama, bukan \[6, 7\]"):
        jumlahkan([LKM_A, dataclasses.replace(LKM_B, bulan=7)])
    with pytest.raises(ValueError, match="Tidak ada data"):
        jumlahkan([])
    assert jumlahkan(iter([LKM_A, LKM_B])) == jumlahkan([LKM_B, LKM_A])  # any iterable, once


# --- the thresholds table screens show ----------------------------------------------------------------------


def test_the_thresholds_table() -> None:
    assert INDIKATOR_POB == ("lar", "par", "rr", "ccr", "roi")
    assert {kode: (a.label_baik, a.label_minimum, a.label_buruk) for kode, a in AMBANG.items()} == {
        "lar": ("< 10%", "10% - 20%", "> 20%"),
        "par": ("< 10%", "10% - 20%", "> 20%"),
        "rr": ("> 90%", "80% - 90%", "< 80%"),
        "ccr": ("> 125%", "100% - 125%", "< 100%"),
        "roi": ("> 10%", "> 0% - 10%", "<= 0%"),
    }
    assert {kode: (a.batas_baik, a.batas_buruk) for kode, a in AMBANG.items()} == {
        "lar": (Fraction(1, 10), Fraction(1, 5)),
        "par": (Fraction(1, 10), Fraction(1, 5)),
        "rr": (Fraction(9, 10), Fraction(4, 5)),
        "ccr": (Fraction(5, 4), Fraction(1)),
        "roi": (Fraction(1, 10), Fraction(0)),
    }
    assert NAMA_SKOR == {1: "Baik", 2: "Minimum", 3: "Buruk"}


@pytest.mark.parametrize(
    ("kode", "nilai", "skor"),
    [
        ("lar", D("0.0999"), 1), ("lar", D("0.1"), 2), ("lar", D("0.2"), 2), ("lar", D("0.2001"), 3),
        ("par", Fraction(1, 10), 2), ("par", 0, 1), ("par", 1, 3),
        ("rr", D("0.9001"), 1), ("rr", D("0.9"), 2), ("rr", D("0.8"), 2), ("rr", D("0.7999"), 3),
        ("rr", 1, 1),
        ("ccr", D("1.2501"), 1), ("ccr", D("1.25"), 2), ("ccr", 1, 2), ("ccr", D("0.9999"), 3),
        ("roi", D("0.1001"), 1), ("roi", D("0.1"), 2), ("roi", D("0.0001"), 2), ("roi", 0, 3), ("roi", -1, 3),
    ],
)  # fmt: skip
def test_skor_indikator_for_a_screen_or_a_check(kode: str, nilai: Any, skor: int) -> None:
    assert skor_indikator(kode, nilai) == skor


def test_skor_indikator_refuses_floats_and_unknown_indicators() -> None:
    with pytest.raises(TypeError, match="float"):
        skor_indikator("lar", 0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        skor_indikator("lar", "0.1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tidak dikenal"):
        skor_indikator("npl", D("0.1"))


# --- refusals -----------------------------------------------------------------------------------------------


def test_data_refuses_floats_and_other_non_integers() -> None:
    with pytest.raises(TypeError, match="float"):
        data(outstanding=100_000_000.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="int"):
        data(modal=D("100000000"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="int"):
        data(ksm_menunggak=False)
    with pytest.raises(TypeError, match="DataKinerja"):
        hitung_kinerja(SEHAT)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Fraction"):
        bulatkan_rasio(D("0.1"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"ksm_aktif": -1}, "ksm_aktif tidak boleh negatif"),
        ({"pendapatan": -1, "pendapatan_operasional": 0}, "pendapatan tidak boleh negatif"),
        ({"biaya_operasional": -1}, "biaya_operasional tidak boleh negatif"),
        ({"bulan": 0}, "bulan harus 1 s.d. 12"),
        ({"bulan": 13}, "bulan harus 1 s.d. 12"),
        ({"ksm_menunggak": 101, "outstanding_berisiko": 1}, "melebihi ksm_aktif"),
        ({"ksm_menunggak": 1, "outstanding_berisiko": 100_000_001}, "outstanding_berisiko <= outstanding"),
        ({"ksm_menunggak": 1, "outstanding_berisiko": 10, "tunggakan_berisiko": 11}, "tunggakan_berisiko <="),
        ({"ksm_aktif": 0}, "ksm_aktif 0 tidak cocok"),
        ({"outstanding": 0, "jumlah_outstanding_bulanan": 0}, "tidak cocok dengan outstanding 0"),
        ({"ksm_menunggak": 1}, "ksm_menunggak 1 tidak cocok"),
        ({"outstanding_berisiko": 5}, "ksm_menunggak 0 tidak cocok"),
        ({"pokok_dibayar_kumulatif": 500_000_001}, "belum jatuh tempo"),
        ({"pendapatan_operasional": 32_000_001}, "melebihi pendapatan"),
        ({"biaya_keuangan": 1}, r"\(20000001\) melebihi biaya"),
        ({"jumlah_outstanding_bulanan": 99_999_999}, "bukan rata-ratanya"),
    ],
)
def test_data_refuses_figures_real_books_cannot_produce(ubah: dict[str, int], pesan: str) -> None:
    with pytest.raises(ValueError, match=pesan):
        data(**ubah)


def test_costs_and_modal_may_be_negative() -> None:
    # A reserve release larger than the month's other costs, and an LKM whose losses ate its capital.
    d = data(biaya=-500_000, biaya_operasional=0, biaya_cadangan=-500_000, modal=-1)
    assert (d.biaya, d.modal, d.surplus) == (-500_000, -1, 32_500_000)


# --- properties ---------------------------------------------------------------------------------------------


@st.composite
def data_kinerja(draw: st.DrawFn, bulan: int | None = None) -> DataKinerja:
    """Any figures real books could produce (consistent as DataKinerja requires)."""
    ksm_aktif = draw(st.integers(0, 2_000))
    ksm_menunggak = draw(st.integers(0, ksm_aktif))
    outstanding = 0 if ksm_aktif == 0 else draw(st.integers(1, 10**12))
    outstanding_berisiko = 0 if ksm_menunggak == 0 else draw(st.integers(1, outstanding))
    tunggakan_berisiko = draw(st.integers(0, outstanding_berisiko))
    pendapatan = draw(st.integers(0, 10**10))
    biaya_operasional = draw(st.integers(0, 10**10))
    biaya_keuangan = draw(st.integers(0, 10**8))
    biaya_cadangan = draw(st.integers(-(10**9), 10**9))
    biaya_lain = draw(st.integers(0, 10**8))
    jatuh_tempo = draw(st.integers(0, 10**12))
    return DataKinerja(
        ksm_aktif=ksm_aktif,
        ksm_menunggak=ksm_menunggak,
        outstanding=outstanding,
        outstanding_berisiko=outstanding_berisiko,
        tunggakan_berisiko=tunggakan_berisiko,
        pendapatan=pendapatan,
        biaya=biaya_operasional + biaya_keuangan + biaya_cadangan + biaya_lain,
        bulan=bulan if bulan is not None else draw(st.integers(1, 12)),
        modal=draw(st.integers(-(10**9), 10**12)),
        pendapatan_operasional=draw(st.integers(0, pendapatan)),
        biaya_operasional=biaya_operasional,
        biaya_keuangan=biaya_keuangan,
        biaya_cadangan=biaya_cadangan,
        jumlah_outstanding_bulanan=outstanding + draw(st.integers(0, 11 * 10**12)),
        pokok_jatuh_tempo_kumulatif=jatuh_tempo,
        pokok_dibayar_kumulatif=draw(st.integers(0, jatuh_tempo)),
    )


def _skor_eksak(kode: str, x: Fraction | None) -> int:
    """The POB table written out again, as the oracle (None: the zero-denominator rules)."""
    if x is None:
        return {"ccr": 1, "roi": 3}[kode]
    if kode in ("lar", "par"):
        return 1 if x < Fraction(1, 10) else 2 if x <= Fraction(1, 5) else 3
    if kode == "rr":
        return 1 if x > Fraction(9, 10) else 2 if x >= Fraction(4, 5) else 3
    if kode == "ccr":
        return 1 if x > Fraction(5, 4) else 2 if x >= 1 else 3
    return 1 if x > Fraction(1, 10) else 2 if x > 0 else 3


def _rasio_eksak(d: DataKinerja) -> dict[str, Fraction | None]:
    ada = d.outstanding > 0
    return {
        "lar": Fraction(d.ksm_menunggak, d.ksm_aktif) if ada else Fraction(0),
        "par": Fraction(d.outstanding_berisiko, d.outstanding) if ada else Fraction(0),
        "rr": Fraction(d.outstanding - d.tunggakan_berisiko, d.outstanding) if ada else Fraction(1),
        "ccr": Fraction(d.pendapatan, d.biaya) if d.biaya > 0 else None,
        "roi": Fraction((d.pendapatan - d.biaya) * 12, d.bulan * d.modal) if d.modal > 0 else None,
    }


@given(data_kinerja())
def test_scores_match_the_table_and_add_up(d: DataKinerja) -> None:
    k = hitung_kinerja(d)
    eksak = _rasio_eksak(d)
    assert tuple(k.skor) == INDIKATOR_POB
    assert all(s in (1, 2, 3) for s in k.skor.values())
    assert {kode: _skor_eksak(kode, x) for kode, x in eksak.items()} == dict(k.skor)
    assert k.total == sum(k.skor.values())
    assert 5 <= k.total <= 15
    assert k.predikat == ("memadai" if k.total <= 7 else "tidak_memadai")


@given(data_kinerja())
def test_shown_ratios_are_the_exact_ones_rounded_to_four_places(d: DataKinerja) -> None:
    k = hitung_kinerja(d)
    eksak = _rasio_eksak(d)
    for kode in INDIKATOR_POB:
        tampil, x = getattr(k, kode), eksak[kode]
        if x is None:
            assert tampil is None
        else:
            assert tampil.as_tuple().exponent == -4
            assert abs(Fraction(tampil) - x) <= Fraction(1, 20_000)
    assert D(0) <= k.lrr <= D(1)
    assert D(0) <= k.lar <= D(1) and D(0) <= k.par <= D(1) and D(0) <= k.rr <= D(1)


@given(st.integers(1, 12).flatmap(lambda n: st.tuples(data_kinerja(n), data_kinerja(n), data_kinerja(n))))
def test_jumlahkan_is_commutative_and_associative(tiga: tuple[DataKinerja, DataKinerja, DataKinerja]) -> None:
    a, b, c = tiga
    semua = jumlahkan([a, b, c])
    for urutan in itertools.permutations([a, b, c]):
        assert jumlahkan(urutan) == semua
    assert jumlahkan([jumlahkan([a, b]), c]) == semua == jumlahkan([a, jumlahkan([b, c])])
    assert jumlahkan([a, b]).outstanding == a.outstanding + b.outstanding


@given(data_kinerja())
def test_jumlahkan_of_one_lkm_is_that_lkm(d: DataKinerja) -> None:
    assert jumlahkan([d]) == d
    assert hitung_kinerja(jumlahkan([d])) == hitung_kinerja(d)


@given(st.integers(1, 12).flatmap(lambda n: st.lists(data_kinerja(n), min_size=1, max_size=5)))
def test_a_group_s_lar_and_par_lie_between_its_members(daftar: list[DataKinerja]) -> None:
    # A ratio of sums is a weighted mean of the members' ratios, so it never leaves their range (an average
    # of ratios also stays inside, but at a different place: see the kecamatan example above).
    berpinjaman = [d for d in daftar if d.outstanding > 0]
    if not berpinjaman:
        return
    grup = jumlahkan(berpinjaman)
    for kode in ("lar", "par"):
        anggota = [_rasio_eksak(d)[kode] for d in berpinjaman]
        x = _rasio_eksak(grup)[kode]
        assert x is not None
        assert min(a for a in anggota if a is not None) <= x <= max(a for a in anggota if a is not None)
