"""Maturity of a KSM, Tunas -> Tumbuh -> Kembang (DOMAIN.md §3): ten indicators, window, stages. No DB."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm.tahap import (
    CATATAN_KECIL,
    DIHAPUSBUKUKAN,
    KEMBANG,
    LUNAS_DENGAN_TUNGGAKAN,
    LUNAS_TANPA_TUNGGAKAN,
    NAMA_INDIKATOR,
    SESUAI,
    TIDAK_SESUAI,
    TUMBUH,
    TUNAS,
    URUTAN_TAHAP,
    FaktaPertemuan,
    FaktaTahap,
    HasilTahap,
    Indikator,
    PemeriksaanBuku,
    awal_dua_belas_bulan,
    daftar_bulan_jendela,
    jendela,
    nilai_tahap,
    tahap_dari_total,
)

# Assessed 15 Oktober 2019: the window is 1 Mei .. 15 Oktober 2019 (168 days); "within 12 months" starts on
# 15 Oktober 2018.
PER = date(2019, 10, 15)
MEI_1 = date(2019, 5, 1)
NOL = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def P(  # noqa: N802 - reads like a table row
    tanggal: date, aktif: int = 10, hadir: int = 0, *, agenda: bool = False, kritis: bool = False
) -> FaktaPertemuan:
    return FaktaPertemuan(
        tanggal=tanggal, anggota_aktif=aktif, hadir=hadir, ada_agenda=agenda, ada_perkara_kritis=kritis
    )


def fakta(**ubah: Any) -> FaktaTahap:
    """A KSM with nothing at all on 15 Oct 2019 (every indicator 0), changed by `ubah`."""
    return FaktaTahap(**{"per": PER, **ubah})


def skor(hasil: HasilTahap) -> tuple[int, ...]:
    return tuple(i.skor for i in hasil.indikator)


def bulan_2019(*bulan: int) -> tuple[FaktaPertemuan, ...]:
    """One meeting on the 10th of each month given (10 active, nobody present: attendance stays 0)."""
    return tuple(P(date(2019, b, 10)) for b in bulan)


def hari_ke(n: int) -> date:
    """The n-th day of the window, counting 1 Mei 2019 as day 0."""
    return MEI_1 + timedelta(days=n)


# --- the window -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("per", "bulan", "awal"),
    [
        (date(2019, 10, 15), 6, date(2019, 5, 1)),  # DOMAIN.md's example: 15 Oct -> May..15 Oct
        (date(2019, 10, 1), 6, date(2019, 5, 1)),
        (date(2019, 10, 31), 6, date(2019, 5, 1)),
        (date(2020, 1, 31), 6, date(2019, 8, 1)),  # crosses the year: Aug, Sep, Oct, Nov, Dec, Jan
        (date(2020, 2, 29), 6, date(2019, 9, 1)),  # leap day: Sep..Feb
        (date(2021, 2, 28), 6, date(2020, 9, 1)),
        (date(2020, 7, 31), 6, date(2020, 2, 1)),  # Feb of a leap year opens the window
        (date(2019, 10, 15), 1, date(2019, 10, 1)),
        (date(2019, 10, 15), 3, date(2019, 8, 1)),
        (date(2019, 10, 15), 12, date(2018, 11, 1)),
    ],
)
def test_window_is_calendar_months_through_the_date(per: date, bulan: int, awal: date) -> None:
    assert jendela(per, bulan) == (awal, per)


def test_window_defaults_to_six_months() -> None:
    assert jendela(PER) == (date(2019, 5, 1), date(2019, 10, 15))


@pytest.mark.parametrize(
    ("per", "bulan", "daftar"),
    [
        (PER, 6, ((2019, 5), (2019, 6), (2019, 7), (2019, 8), (2019, 9), (2019, 10))),
        (date(2020, 1, 31), 6, ((2019, 8), (2019, 9), (2019, 10), (2019, 11), (2019, 12), (2020, 1))),
        (date(2020, 2, 29), 2, ((2020, 1), (2020, 2))),
        (PER, 1, ((2019, 10),)),
    ],
)
def test_months_of_the_window(per: date, bulan: int, daftar: tuple[tuple[int, int], ...]) -> None:
    assert daftar_bulan_jendela(per, bulan) == daftar


@pytest.mark.parametrize(
    ("per", "awal"),
    [
        (date(2019, 10, 15), date(2018, 10, 15)),
        (date(2019, 1, 31), date(2018, 1, 31)),
        (date(2020, 2, 29), date(2019, 2, 28)),  # no 29 Feb in 2019: clamped
        (date(2021, 2, 28), date(2020, 2, 28)),
    ],
)
def test_twelve_months_start_on_the_same_day_a_year_earlier(per: date, awal: date) -> None:
    assert awal_dua_belas_bulan(per) == awal


def test_window_refuses_a_nonsense_length() -> None:
    with pytest.raises(ValueError, match="Panjang jendela"):
        jendela(PER, 0)
    with pytest.raises(TypeError):
        jendela(PER, 6.0)  # type: ignore[arg-type]


# --- the facts of nothing, and of everything ---------------------------------------------------------


def test_a_ksm_with_no_records_scores_zero_everywhere_and_is_tunas() -> None:
    hasil = nilai_tahap(fakta())
    assert hasil == HasilTahap(
        indikator=tuple(Indikator(no=n, nama=NAMA_INDIKATOR[n - 1], skor=0) for n in range(1, 11)),
        total=0,
        tahap=TUNAS,
    )


def test_indicator_numbers_and_names_follow_domain_md() -> None:
    hasil = nilai_tahap(fakta())
    assert [(i.no, i.nama) for i in hasil.indikator] == [
        (1, "rutin bertemu"),
        (2, "kehadiran"),
        (3, "agenda"),
        (4, "tabungan kelompok"),
        (5, "aturan main"),
        (6, "pengembalian"),
        (7, "pembukuan"),
        (8, "rekening aman"),
        (9, "kemitraan"),
        (10, "masalah kritis"),
    ]


# Every indicator at 3: a meeting each month, all present, agenda always, 3 critical issues, ...
TELADAN = {
    "pertemuan": tuple(P(date(2019, b, 10), 10, 10, agenda=True, kritis=b <= 7) for b in range(5, 11)),
    "bulan_tabungan_bersih_positif": frozenset((2019, b) for b in range(5, 11)),
    "tanggal_aturan_main": date(2019, 1, 5),
    "kolektibilitas_terburuk": 1,
    "pemeriksaan_buku_terakhir": PemeriksaanBuku(tanggal=date(2019, 9, 30), hasil=SESUAI),
    "penandatangan_rekening": 2,
    "kegiatan_mitra": (date(2019, 2, 1), date(2019, 6, 1), date(2019, 9, 1)),
}


def test_a_model_ksm_scores_thirty_and_is_kembang() -> None:
    hasil = nilai_tahap(fakta(**TELADAN))
    assert skor(hasil) == (3, 3, 3, 3, 3, 3, 3, 3, 3, 3)
    assert hasil.total == 30
    assert hasil.tahap == KEMBANG


def test_mekar_sari_worked_by_hand() -> None:
    hasil = nilai_tahap(
        fakta(
            # 5 months (no July) -> 2; present 8+8+7+9+8 = 40 of 50 = 80% -> 3; agenda 4 of 5 = 80% -> 3;
            # one critical issue -> 1
            pertemuan=(
                P(date(2019, 5, 10), 10, 8, agenda=True),
                P(date(2019, 6, 10), 10, 8, agenda=True, kritis=True),
                P(date(2019, 8, 10), 10, 7),
                P(date(2019, 9, 10), 10, 9, agenda=True),
                P(date(2019, 10, 10), 10, 8, agenda=True),
            ),
            bulan_tabungan_bersih_positif=frozenset({(2019, 5), (2019, 6), (2019, 8), (2019, 9)}),  # 4 -> 2
            tanggal_aturan_main=date(2017, 3, 1),  # older than 12 months -> 2
            kolektibilitas_terburuk=2,  # -> 2
            pemeriksaan_buku_terakhir=PemeriksaanBuku(tanggal=date(2019, 7, 1), hasil=CATATAN_KECIL),  # -> 2
            penandatangan_rekening=1,  # -> 1
            kegiatan_mitra=(date(2019, 2, 1),),  # -> 1
        )
    )
    assert skor(hasil) == (2, 3, 3, 2, 2, 2, 2, 1, 1, 1)
    assert hasil.total == 19  # 2+3+3+2+2+2+2+1+1+1
    assert hasil.tahap == TUMBUH


# --- 1 rutin bertemu: months of the window with a meeting ---------------------------------------------


@pytest.mark.parametrize(
    ("pertemuan", "diharapkan"),
    [
        pytest.param(bulan_2019(5, 6, 7, 8, 9, 10), 3, id="6-months"),
        pytest.param(bulan_2019(5, 6, 7, 8, 10), 2, id="5-months"),
        pytest.param(bulan_2019(5, 7, 9, 10), 2, id="4-months"),
        pytest.param(bulan_2019(6, 8, 10), 1, id="3-months"),
        pytest.param(bulan_2019(5, 10), 1, id="2-months"),
        pytest.param(bulan_2019(10), 0, id="1-month"),
        pytest.param((), 0, id="no-meeting"),
        # six meetings, all in May: one month
        pytest.param(tuple(P(date(2019, 5, d)) for d in range(1, 7)), 0, id="six-meetings-one-month"),
        # the window's first and last day both count: 1 May, 10 Jun..10 Sep, 15 Oct
        pytest.param(
            (P(date(2019, 5, 1)), *bulan_2019(6, 7, 8, 9), P(date(2019, 10, 15))), 3, id="window-edges"
        ),
    ],
)
def test_rutin_bertemu(pertemuan: tuple[FaktaPertemuan, ...], diharapkan: int) -> None:
    # nobody present, no agenda, no critical issue: only indicator 1 moves
    assert skor(nilai_tahap(fakta(pertemuan=pertemuan))) == (diharapkan, 0, 0, 0, 0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("per", "bulan_jendela", "bulan", "diharapkan"),
    [
        # 12 months (Nov 2018..Oct 2019): all 12 -> 3, at least 8 -> 2, at least 4 -> 1
        (PER, 12, 12, 3),
        (PER, 12, 11, 2),
        (PER, 12, 8, 2),
        (PER, 12, 7, 1),
        (PER, 12, 4, 1),
        (PER, 12, 3, 0),
        # 3 months (Aug..Oct): 3 -> 3, 2 -> 2, 1 -> 1
        (PER, 3, 3, 3),
        (PER, 3, 2, 2),
        (PER, 3, 1, 1),
        (PER, 3, 0, 0),
    ],
)
def test_rutin_bertemu_with_another_window(
    per: date, bulan_jendela: int, bulan: int, diharapkan: int
) -> None:
    semua = daftar_bulan_jendela(per, bulan_jendela)
    pertemuan = tuple(P(date(t, b, 1)) for t, b in semua[len(semua) - bulan :])
    hasil = nilai_tahap(FaktaTahap(per=per, pertemuan=pertemuan), bulan_jendela=bulan_jendela)
    assert skor(hasil)[0] == diharapkan


def test_a_leap_february_window() -> None:
    # Assessed 29 Feb 2020: Sep 2019 .. 29 Feb 2020; a meeting on the leap day itself counts.
    per = date(2020, 2, 29)
    pertemuan = (
        P(date(2019, 9, 1)),
        P(date(2019, 10, 31)),
        P(date(2019, 11, 30)),
        P(date(2019, 12, 31)),
        P(date(2020, 1, 31)),
        P(date(2020, 2, 29)),
    )
    assert skor(nilai_tahap(FaktaTahap(per=per, pertemuan=pertemuan)))[0] == 3
    with pytest.raises(ValueError, match="di luar jendela"):
        nilai_tahap(FaktaTahap(per=per, pertemuan=(P(date(2019, 8, 31)),)))


def test_a_window_across_the_year_end() -> None:
    # Assessed 31 Jan 2020: Aug 2019 .. 31 Jan 2020.
    per = date(2020, 1, 31)
    pertemuan = tuple(P(date(t, b, 5)) for t, b in ((2019, 8), (2019, 9), (2019, 10), (2019, 11), (2020, 1)))
    assert skor(nilai_tahap(FaktaTahap(per=per, pertemuan=pertemuan)))[0] == 2  # 5 months
    with pytest.raises(ValueError, match="di luar jendela"):
        nilai_tahap(FaktaTahap(per=per, pertemuan=(P(date(2019, 7, 31)),)))


@pytest.mark.parametrize("tanggal", [date(2019, 4, 30), date(2019, 10, 16)])
def test_a_meeting_outside_the_window_is_a_bug_upstream(tanggal: date) -> None:
    with pytest.raises(ValueError, match="di luar jendela"):
        nilai_tahap(fakta(pertemuan=(P(tanggal),)))


# --- 2 kehadiran: present / active members over the window's meetings ---------------------------------


@pytest.mark.parametrize(
    ("pertemuan", "diharapkan"),
    [
        pytest.param((P(PER, 5, 4),), 3, id="4-of-5-is-80pct"),
        pytest.param((P(PER, 10_000, 8_000),), 3, id="80.00pct"),
        pytest.param((P(PER, 10_000, 7_999),), 2, id="79.99pct"),
        pytest.param((P(PER, 5, 3),), 2, id="3-of-5-is-60pct"),
        pytest.param((P(PER, 10_000, 6_000),), 2, id="60.00pct"),
        pytest.param((P(PER, 10_000, 5_999),), 1, id="59.99pct"),
        pytest.param((P(PER, 5, 2),), 1, id="2-of-5-is-40pct"),
        pytest.param((P(PER, 10_000, 4_000),), 1, id="40.00pct"),
        pytest.param((P(PER, 10_000, 3_999),), 0, id="39.99pct"),
        pytest.param((P(PER, 10, 10),), 3, id="everyone"),
        pytest.param((P(PER, 10, 0),), 0, id="nobody"),
        pytest.param((), 0, id="no-meeting"),
        pytest.param((P(PER, 0, 0),), 0, id="no-active-member"),
        # pooled, not averaged: 1 of 1 and 6 of 9 is 7 of 10 = 70% -> 2 (the mean of 100% and 66,7%: 83%)
        pytest.param((P(date(2019, 10, 1), 1, 1), P(PER, 9, 6)), 2, id="pooled-70pct"),
        # 8 of 10 and 8 of 10 and 7 of 10: 23 of 30 = 76,7% -> 2
        pytest.param(
            (P(date(2019, 10, 1), 10, 8), P(date(2019, 10, 8), 10, 8), P(PER, 10, 7)), 2, id="pooled-76.7pct"
        ),
        # 9 of 12 and 11 of 13: 20 of 25 = exactly 80% -> 3
        pytest.param((P(date(2019, 10, 1), 12, 9), P(PER, 13, 11)), 3, id="pooled-exactly-80pct"),
    ],
)
def test_kehadiran(pertemuan: tuple[FaktaPertemuan, ...], diharapkan: int) -> None:
    # all meetings in October: indicator 1 is 0 (one month)
    assert skor(nilai_tahap(fakta(pertemuan=pertemuan))) == (0, diharapkan, 0, 0, 0, 0, 0, 0, 0, 0)


# --- 3 agenda: share of the window's meetings with an agenda written ---------------------------------


def dengan_agenda(jumlah: int, dari: int) -> tuple[FaktaPertemuan, ...]:
    """`dari` meetings on consecutive days from 1 Mei, the first `jumlah` with an agenda, nobody present."""
    return tuple(P(hari_ke(n), agenda=n < jumlah) for n in range(dari))


@pytest.mark.parametrize(
    ("pertemuan", "bertemu", "diharapkan"),
    [
        # 5 meetings, 1..5 Mei: indicator 1 is 0 (one month)
        pytest.param(dengan_agenda(5, 5), 0, 3, id="5-of-5"),
        pytest.param(dengan_agenda(4, 5), 0, 3, id="4-of-5-is-80pct"),
        pytest.param(dengan_agenda(3, 4), 0, 2, id="3-of-4-is-75pct"),
        pytest.param(dengan_agenda(3, 5), 0, 2, id="3-of-5-is-60pct"),
        pytest.param(dengan_agenda(1, 2), 0, 2, id="1-of-2-is-50pct"),
        pytest.param(dengan_agenda(2, 5), 0, 1, id="2-of-5-is-40pct"),
        pytest.param(dengan_agenda(1, 5), 0, 1, id="1-of-5"),
        pytest.param(dengan_agenda(0, 5), 0, 0, id="0-of-5"),
        pytest.param((), 0, 0, id="no-meeting"),
        # 160 meetings, 1 Mei .. 7 Okt: six months -> indicator 1 is 3
        pytest.param(dengan_agenda(128, 160), 3, 3, id="128-of-160-is-80pct"),
        pytest.param(dengan_agenda(127, 160), 3, 2, id="127-of-160-is-79.4pct"),
        # 100 meetings, 1 Mei .. 8 Agu: four months -> indicator 1 is 2
        pytest.param(dengan_agenda(50, 100), 2, 2, id="50-of-100"),
        pytest.param(dengan_agenda(49, 100), 2, 1, id="49-of-100"),
        pytest.param(dengan_agenda(1, 100), 2, 1, id="1-of-100"),
    ],
)
def test_agenda(pertemuan: tuple[FaktaPertemuan, ...], bertemu: int, diharapkan: int) -> None:
    assert skor(nilai_tahap(fakta(pertemuan=pertemuan))) == (bertemu, 0, diharapkan, 0, 0, 0, 0, 0, 0, 0)


# --- 4 tabungan kelompok: months of the window with net savings deposits > 0 --------------------------


@pytest.mark.parametrize(
    ("bulan", "diharapkan"),
    [
        ((5, 6, 7, 8, 9, 10), 3),
        ((5, 6, 7, 9, 10), 2),
        ((6, 7, 9, 10), 2),
        ((5, 8, 10), 1),
        ((9, 10), 1),
        ((10,), 0),
        ((), 0),
    ],
)
def test_tabungan_kelompok(bulan: tuple[int, ...], diharapkan: int) -> None:
    hasil = nilai_tahap(fakta(bulan_tabungan_bersih_positif=frozenset((2019, b) for b in bulan)))
    assert skor(hasil) == (0, 0, 0, diharapkan, 0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize("bulan", [(2019, 4), (2019, 11), (2018, 10)])
def test_a_savings_month_outside_the_window_is_a_bug_upstream(bulan: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="di luar jendela"):
        nilai_tahap(fakta(bulan_tabungan_bersih_positif=frozenset({(2019, 5), bulan})))


# --- 5 aturan main: reviewed within 12 months -> 3, older -> 2, none -> 0 -----------------------------


@pytest.mark.parametrize(
    ("per", "tanggal", "diharapkan"),
    [
        (PER, PER, 3),  # agreed on the day
        (PER, date(2019, 1, 1), 3),
        (PER, date(2018, 10, 15), 3),  # exactly 12 months old: still within (inclusive)
        (PER, date(2018, 10, 14), 2),  # 12 months and a day
        (PER, date(2009, 6, 1), 2),
        (PER, None, 0),
        (date(2020, 2, 29), date(2019, 2, 28), 3),  # leap day: 12 months back is 28 Feb 2019
        (date(2020, 2, 29), date(2019, 2, 27), 2),
        (date(2021, 2, 28), date(2020, 2, 29), 3),
        (date(2021, 2, 28), date(2020, 2, 28), 3),
        (date(2021, 2, 28), date(2020, 2, 27), 2),
    ],
)
def test_aturan_main(per: date, tanggal: date | None, diharapkan: int) -> None:
    hasil = nilai_tahap(FaktaTahap(per=per, tanggal_aturan_main=tanggal))
    assert skor(hasil) == (0, 0, 0, 0, diharapkan, 0, 0, 0, 0, 0)


def test_rules_dated_after_the_assessment_are_refused() -> None:
    with pytest.raises(ValueError, match="Aturan main"):
        fakta(tanggal_aturan_main=date(2019, 10, 16))


# --- 6 pengembalian -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kol", "akhir", "diharapkan"),
    [
        (1, None, 3),
        (2, None, 2),
        (3, None, 1),
        (4, None, 0),
        (5, None, 0),
        # a running loan decides, whatever the last ended loan was
        (4, LUNAS_TANPA_TUNGGAKAN, 0),
        (1, DIHAPUSBUKUKAN, 3),
        (2, LUNAS_DENGAN_TUNGGAKAN, 2),
        # no running loan: the last ended loan
        (None, LUNAS_TANPA_TUNGGAKAN, 3),
        (None, LUNAS_DENGAN_TUNGGAKAN, 1),
        (None, DIHAPUSBUKUKAN, 0),
        (None, None, 0),  # never borrowed
    ],
)
def test_pengembalian(kol: int | None, akhir: str | None, diharapkan: int) -> None:
    hasil = nilai_tahap(fakta(kolektibilitas_terburuk=kol, akhir_pinjaman_terakhir=akhir))
    assert skor(hasil) == (0, 0, 0, 0, 0, diharapkan, 0, 0, 0, 0)


def test_pengembalian_refuses_unknown_values() -> None:
    for kol in (0, 6, -1):
        with pytest.raises(ValueError, match="Kolektibilitas"):
            fakta(kolektibilitas_terburuk=kol)
    for salah in (2.0, True):
        with pytest.raises(TypeError):
            fakta(kolektibilitas_terburuk=salah)
    with pytest.raises(ValueError, match="Akhir pinjaman"):
        fakta(akhir_pinjaman_terakhir="lunas")


# --- 7 pembukuan: the UPK's last check within 12 months ------------------------------------------------


@pytest.mark.parametrize(
    ("pemeriksaan", "diharapkan"),
    [
        (PemeriksaanBuku(tanggal=date(2019, 9, 1), hasil=SESUAI), 3),
        (PemeriksaanBuku(tanggal=date(2019, 9, 1), hasil=CATATAN_KECIL), 2),
        (PemeriksaanBuku(tanggal=date(2019, 9, 1), hasil=TIDAK_SESUAI), 1),
        (None, 0),
        (PemeriksaanBuku(tanggal=PER, hasil=SESUAI), 3),
        (PemeriksaanBuku(tanggal=date(2018, 10, 15), hasil=SESUAI), 3),  # exactly 12 months: within
        (PemeriksaanBuku(tanggal=date(2018, 10, 14), hasil=SESUAI), 0),  # older: as if never checked
        (PemeriksaanBuku(tanggal=date(2018, 10, 14), hasil=TIDAK_SESUAI), 0),
    ],
)
def test_pembukuan(pemeriksaan: PemeriksaanBuku | None, diharapkan: int) -> None:
    hasil = nilai_tahap(fakta(pemeriksaan_buku_terakhir=pemeriksaan))
    assert skor(hasil) == (0, 0, 0, 0, 0, 0, diharapkan, 0, 0, 0)


def test_pembukuan_refuses_unknown_results_and_future_checks() -> None:
    with pytest.raises(ValueError, match="tidak dikenal"):
        PemeriksaanBuku(tanggal=date(2019, 9, 1), hasil="baik")
    with pytest.raises(ValueError, match="Pemeriksaan buku"):
        fakta(pemeriksaan_buku_terakhir=PemeriksaanBuku(tanggal=date(2019, 10, 16), hasil=SESUAI))


# --- 8 rekening aman -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("penandatangan", "diharapkan"), [(0, 0), (1, 1), (2, 3), (3, 3)])
def test_rekening_aman(penandatangan: int, diharapkan: int) -> None:
    hasil = nilai_tahap(fakta(penandatangan_rekening=penandatangan))
    assert skor(hasil) == (0, 0, 0, 0, 0, 0, 0, diharapkan, 0, 0)


def test_rekening_refuses_negative_or_fractional_signatories() -> None:
    with pytest.raises(ValueError, match="penandatangan"):
        fakta(penandatangan_rekening=-1)
    with pytest.raises(TypeError):
        fakta(penandatangan_rekening=2.0)


# --- 9 kemitraan: activities with outside parties in the last 12 months ----------------------------------


@pytest.mark.parametrize(
    ("kegiatan", "diharapkan"),
    [
        ((), 0),
        ((date(2019, 3, 1),), 1),
        ((date(2019, 3, 1), date(2019, 8, 1)), 2),
        ((date(2019, 3, 1), date(2019, 8, 1), PER), 3),
        ((date(2019, 3, 1), date(2019, 8, 1), date(2019, 9, 1), date(2019, 10, 1)), 3),
        ((date(2019, 8, 1), date(2019, 8, 1)), 2),  # two activities on one day are two
        ((date(2018, 10, 15),), 1),  # exactly 12 months ago: within
    ],
)
def test_kemitraan(kegiatan: tuple[date, ...], diharapkan: int) -> None:
    hasil = nilai_tahap(fakta(kegiatan_mitra=kegiatan))
    assert skor(hasil) == (0, 0, 0, 0, 0, 0, 0, 0, diharapkan, 0)


@pytest.mark.parametrize("tanggal", [date(2018, 10, 14), date(2019, 10, 16)])
def test_an_activity_outside_the_twelve_months_is_a_bug_upstream(tanggal: date) -> None:
    with pytest.raises(ValueError, match="Kegiatan mitra"):
        fakta(kegiatan_mitra=(tanggal,))


# --- 10 masalah kritis: meetings of the window where a critical issue was discussed -----------------------


@pytest.mark.parametrize(("kritis", "diharapkan"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (6, 3)])
def test_masalah_kritis(kritis: int, diharapkan: int) -> None:
    # six meetings 1..6 Okt (one month: indicator 1 is 0), nobody present, the first `kritis` with an issue
    pertemuan = tuple(P(date(2019, 10, d), kritis=d <= kritis) for d in range(1, 7))
    assert skor(nilai_tahap(fakta(pertemuan=pertemuan))) == (0, 0, 0, 0, 0, 0, 0, 0, 0, diharapkan)


# --- meetings are checked when they are made --------------------------------------------------------------


def test_a_meeting_refuses_impossible_attendance() -> None:
    with pytest.raises(ValueError, match="melebihi"):
        P(PER, 5, 6)
    with pytest.raises(ValueError, match="Anggota aktif"):
        P(PER, -1, 0)
    with pytest.raises(ValueError, match="Anggota hadir"):
        P(PER, 5, -1)
    with pytest.raises(TypeError):
        P(PER, 10, 7.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        P(PER, 10.0, 7)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        P(PER, 1, True)  # a bool is not a head count
    with pytest.raises(TypeError):
        FaktaPertemuan(
            tanggal=PER,
            anggota_aktif=5,
            hadir=4,
            ada_agenda="ya",  # type: ignore[arg-type]
            ada_perkara_kritis=False,
        )


# --- stages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "tahap"),
    [(0, TUNAS), (11, TUNAS), (12, TUMBUH), (21, TUMBUH), (22, KEMBANG), (30, KEMBANG)],
)
def test_default_stages(total: int, tahap: str) -> None:
    assert tahap_dari_total(total) == tahap


@pytest.mark.parametrize(
    ("total", "tumbuh_min", "kembang_min", "tahap"),
    [
        (9, 10, 20, TUNAS),
        (10, 10, 20, TUMBUH),
        (19, 10, 20, TUMBUH),
        (20, 10, 20, KEMBANG),
        (0, 0, 30, TUMBUH),  # no Tunas at all
        (29, 0, 30, TUMBUH),
        (30, 0, 30, KEMBANG),
        (14, 15, 16, TUNAS),
        (15, 15, 16, TUMBUH),
        (16, 15, 16, KEMBANG),
    ],
)
def test_an_lkm_may_set_its_own_stage_thresholds(
    total: int, tumbuh_min: int, kembang_min: int, tahap: str
) -> None:
    assert tahap_dari_total(total, tumbuh_min=tumbuh_min, kembang_min=kembang_min) == tahap


def test_stage_thresholds_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="Batas tahap"):
        tahap_dari_total(10, tumbuh_min=12, kembang_min=12)
    with pytest.raises(ValueError, match="Batas tahap"):
        tahap_dari_total(10, tumbuh_min=22, kembang_min=12)
    with pytest.raises(ValueError, match="Batas tahap"):
        tahap_dari_total(10, tumbuh_min=12, kembang_min=31)
    with pytest.raises(ValueError, match="Skor minimum Tumbuh"):
        tahap_dari_total(10, tumbuh_min=-1, kembang_min=22)
    with pytest.raises(ValueError, match="Total skor"):
        tahap_dari_total(31)
    with pytest.raises(ValueError, match="Total skor"):
        tahap_dari_total(-1)
    with pytest.raises(TypeError):
        tahap_dari_total(12.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tahap_dari_total(12, tumbuh_min=11.5)  # type: ignore[arg-type]


# Totals 11/12 and 21/22 reached through the indicators, not only through tahap_dari_total.
@pytest.mark.parametrize(
    ("ubah", "total", "tahap"),
    [
        # rekening 2 signatories 3 + rules this year 3 + Kol 1 3 + two partners 2 = 11
        (
            {
                "penandatangan_rekening": 2,
                "tanggal_aturan_main": date(2019, 3, 1),
                "kolektibilitas_terburuk": 1,
                "kegiatan_mitra": (date(2019, 3, 1), date(2019, 4, 1)),
            },
            11,
            TUNAS,
        ),
        # ... and a third partner: 12
        (
            {
                "penandatangan_rekening": 2,
                "tanggal_aturan_main": date(2019, 3, 1),
                "kolektibilitas_terburuk": 1,
                "kegiatan_mitra": (date(2019, 3, 1), date(2019, 4, 1), date(2019, 5, 1)),
            },
            12,
            TUMBUH,
        ),
        # the model KSM (30) without partners (-3), without critical issues (-3), one signatory (-2): 22
        (
            {
                **TELADAN,
                "pertemuan": tuple(P(date(2019, b, 10), 10, 10, agenda=True) for b in range(5, 11)),
                "kegiatan_mitra": (),
                "penandatangan_rekening": 1,
            },
            22,
            KEMBANG,
        ),
        # ... and Kol 2 (-1): 21
        (
            {
                **TELADAN,
                "pertemuan": tuple(P(date(2019, b, 10), 10, 10, agenda=True) for b in range(5, 11)),
                "kegiatan_mitra": (),
                "penandatangan_rekening": 1,
                "kolektibilitas_terburuk": 2,
            },
            21,
            TUMBUH,
        ),
    ],
)
def test_stage_boundaries_from_the_records(ubah: dict[str, Any], total: int, tahap: str) -> None:
    hasil = nilai_tahap(fakta(**ubah))
    assert (hasil.total, hasil.tahap) == (total, tahap)


def test_nilai_tahap_uses_the_lkm_s_thresholds() -> None:
    # A total of 19, derived below: Tumbuh by default, Kembang under 10/18, Tunas under 20/25.
    f = fakta(
        pertemuan=(P(date(2019, 9, 10), 10, 8, agenda=True), P(PER, 10, 8, agenda=True, kritis=True)),
        # 2 months -> 1; 16 of 20 = 80% -> 3; agenda 2 of 2 -> 3; one critical issue -> 1
        bulan_tabungan_bersih_positif=frozenset({(2019, 5), (2019, 6), (2019, 9), (2019, 10)}),  # -> 2
        tanggal_aturan_main=date(2019, 1, 1),  # -> 3
        kolektibilitas_terburuk=1,  # -> 3
        penandatangan_rekening=1,  # -> 1
        kegiatan_mitra=(date(2019, 1, 1), date(2019, 2, 1)),  # -> 2
    )  # pembukuan none -> 0; total 1+3+3+2+3+3+0+1+2+1 = 19
    assert nilai_tahap(f).total == 19
    assert nilai_tahap(f).tahap == TUMBUH
    assert nilai_tahap(f, tumbuh_min=10, kembang_min=18).tahap == KEMBANG
    assert nilai_tahap(f, tumbuh_min=20, kembang_min=25).tahap == TUNAS
    assert nilai_tahap(f, tumbuh_min=19, kembang_min=20).tahap == TUMBUH
    with pytest.raises(ValueError, match="Batas tahap"):
        nilai_tahap(f, tumbuh_min=20, kembang_min=20)


def test_nilai_tahap_refuses_a_nonsense_window_length() -> None:
    with pytest.raises(ValueError, match="Panjang jendela"):
        nilai_tahap(fakta(), bulan_jendela=0)
    with pytest.raises(TypeError):
        nilai_tahap(fakta(), bulan_jendela=6.0)  # type: ignore[arg-type]


# --- properties -------------------------------------------------------------------------------------------


@st.composite
def _fakta(draw: st.DrawFn) -> FaktaTahap:
    per = draw(st.dates(min_value=date(2010, 1, 1), max_value=date(2035, 12, 31)))
    awal, _ = jendela(per)
    panjang = (per - awal).days

    def pertemuan() -> FaktaPertemuan:
        aktif = draw(st.integers(min_value=0, max_value=40))
        return FaktaPertemuan(
            tanggal=awal + timedelta(days=draw(st.integers(min_value=0, max_value=panjang))),
            anggota_aktif=aktif,
            hadir=draw(st.integers(min_value=0, max_value=aktif)),
            ada_agenda=draw(st.booleans()),
            ada_perkara_kritis=draw(st.booleans()),
        )

    awal12 = awal_dua_belas_bulan(per)
    sebelum = st.one_of(st.none(), st.integers(min_value=0, max_value=3_000))
    umur_aturan, umur_periksa = draw(sebelum), draw(sebelum)
    return FaktaTahap(
        per=per,
        pertemuan=tuple(pertemuan() for _ in range(draw(st.integers(min_value=0, max_value=30)))),
        bulan_tabungan_bersih_positif=frozenset(draw(st.sets(st.sampled_from(daftar_bulan_jendela(per))))),
        tanggal_aturan_main=None if umur_aturan is None else per - timedelta(days=umur_aturan),
        kolektibilitas_terburuk=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=5))),
        akhir_pinjaman_terakhir=draw(
            st.sampled_from([None, LUNAS_TANPA_TUNGGAKAN, LUNAS_DENGAN_TUNGGAKAN, DIHAPUSBUKUKAN])
        ),
        pemeriksaan_buku_terakhir=None
        if umur_periksa is None
        else PemeriksaanBuku(
            tanggal=per - timedelta(days=umur_periksa),
            hasil=draw(st.sampled_from([SESUAI, CATATAN_KECIL, TIDAK_SESUAI])),
        ),
        penandatangan_rekening=draw(st.integers(min_value=0, max_value=4)),
        kegiatan_mitra=tuple(
            draw(st.lists(st.dates(min_value=awal12, max_value=per), max_size=6)),
        ),
    )


@st.composite
def _batas(draw: st.DrawFn) -> tuple[int, int]:
    kembang_min = draw(st.integers(min_value=1, max_value=30))
    return draw(st.integers(min_value=0, max_value=kembang_min - 1)), kembang_min


def _oracle_kehadiran(hadir: int, aktif: int) -> int:
    """Attendance score by integer cross-multiplication, written out independently of the module."""
    if aktif == 0:
        return 0
    for skor_, persen in ((3, 80), (2, 60), (1, 40)):
        if 100 * hadir >= persen * aktif:
            return skor_
    return 0


@settings(max_examples=300, deadline=None)
@given(_fakta(), _batas())
def test_scores_add_up_and_stay_in_range(f: FaktaTahap, batas: tuple[int, int]) -> None:
    tumbuh_min, kembang_min = batas
    hasil = nilai_tahap(f, tumbuh_min=tumbuh_min, kembang_min=kembang_min)
    assert [i.no for i in hasil.indikator] == list(range(1, 11))
    assert [i.nama for i in hasil.indikator] == list(NAMA_INDIKATOR)
    assert all(0 <= i.skor <= 3 for i in hasil.indikator)
    assert hasil.total == sum(i.skor for i in hasil.indikator)
    assert 0 <= hasil.total <= 30
    assert hasil.tahap == tahap_dari_total(hasil.total, tumbuh_min=tumbuh_min, kembang_min=kembang_min)
    hadir = sum(p.hadir for p in f.pertemuan)
    aktif = sum(p.anggota_aktif for p in f.pertemuan)
    assert hasil.indikator[1].skor == _oracle_kehadiran(hadir, aktif)
    assert hasil.indikator[9].skor == min(sum(p.ada_perkara_kritis for p in f.pertemuan), 3)
    assert hasil.indikator[8].skor == min(len(f.kegiatan_mitra), 3)


@given(
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=30),
    _batas(),
)
def test_a_higher_total_never_gives_a_lower_stage(a: int, b: int, batas: tuple[int, int]) -> None:
    tumbuh_min, kembang_min = batas
    rendah, tinggi = sorted([a, b])
    tahap_rendah = tahap_dari_total(rendah, tumbuh_min=tumbuh_min, kembang_min=kembang_min)
    tahap_tinggi = tahap_dari_total(tinggi, tumbuh_min=tumbuh_min, kembang_min=kembang_min)
    assert URUTAN_TAHAP.index(tahap_rendah) <= URUTAN_TAHAP.index(tahap_tinggi)


@settings(max_examples=200, deadline=None)
@given(_fakta())
def test_one_more_member_present_never_lowers_attendance(f: FaktaTahap) -> None:
    bisa = [i for i, p in enumerate(f.pertemuan) if p.hadir < p.anggota_aktif]
    if not bisa:
        return
    i = bisa[0]
    p = f.pertemuan[i]
    lebih = FaktaPertemuan(
        tanggal=p.tanggal,
        anggota_aktif=p.anggota_aktif,
        hadir=p.hadir + 1,
        ada_agenda=p.ada_agenda,
        ada_perkara_kritis=p.ada_perkara_kritis,
    )
    g = FaktaTahap(**{**f.__dict__, "pertemuan": (*f.pertemuan[:i], lebih, *f.pertemuan[i + 1 :])})
    assert skor(nilai_tahap(g))[1] >= skor(nilai_tahap(f))[1]
