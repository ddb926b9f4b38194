"""Schedules (DOMAIN.md §4), pinned by hand-computed tables; then properties that must hold for any terms."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinjaman.jadwal import BarisJadwal, hitung_jadwal, jadwal_ksm

D = Decimal


def _pokok_jasa(jadwal: list[BarisJadwal]) -> list[tuple[int, int]]:
    return [(b.pokok, b.jasa) for b in jadwal]


def _tanggal(jadwal: list[BarisJadwal]) -> list[date]:
    return [b.jatuh_tempo for b in jadwal]


# --- The examples written in DOMAIN.md -------------------------------------------------------------


def test_one_million_over_three_months_flat() -> None:
    jadwal = hitung_jadwal(
        pokok=1_000_000,
        jangka_bulan=3,
        frekuensi="bulanan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 10, 14),
    )
    assert jadwal == [
        BarisJadwal(ke=1, jatuh_tempo=date(2019, 11, 14), pokok=333_300, jasa=15_000),
        BarisJadwal(ke=2, jatuh_tempo=date(2019, 12, 14), pokok=333_300, jasa=15_000),
        BarisJadwal(ke=3, jatuh_tempo=date(2020, 1, 14), pokok=333_400, jasa=15_000),
    ]
    assert [b.jumlah for b in jadwal] == [348_300, 348_300, 348_400]


def test_six_members_of_half_a_million_over_ten_months() -> None:
    anggota = [
        hitung_jadwal(
            pokok=500_000,
            jangka_bulan=10,
            frekuensi="bulanan",
            metode="flat",
            jasa_persen=D("1.5"),
            tanggal_cair=date(2019, 3, 5),
        )
        for _ in range(6)
    ]
    for jadwal in anggota:
        assert _pokok_jasa(jadwal) == [(50_000, 7_500)] * 10
    ksm = jadwal_ksm(anggota)
    assert _pokok_jasa(ksm) == [(300_000, 45_000)] * 10
    assert [b.jumlah for b in ksm] == [345_000] * 10
    assert _tanggal(ksm) == [
        date(2019, 4, 5),
        date(2019, 5, 5),
        date(2019, 6, 5),
        date(2019, 7, 5),
        date(2019, 8, 5),
        date(2019, 9, 5),
        date(2019, 10, 5),
        date(2019, 11, 5),
        date(2019, 12, 5),
        date(2020, 1, 5),
    ]


def test_the_2013_upk_form_five_million_over_24_months_rounded_up_to_1000() -> None:
    jadwal = hitung_jadwal(
        pokok=5_000_000,
        jangka_bulan=24,
        frekuensi="bulanan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2013, 4, 10),
        satuan=1000,
        mode="up",
    )
    assert _pokok_jasa(jadwal) == [(209_000, 75_000)] * 23 + [(193_000, 75_000)]
    assert jadwal[0].jumlah == 284_000
    assert jadwal[-1].jatuh_tempo == date(2015, 4, 10)


# --- menurun -----------------------------------------------------------------------------------------


def test_menurun_monthly() -> None:
    jadwal = hitung_jadwal(
        pokok=1_200_000,
        jangka_bulan=4,
        frekuensi="bulanan",
        metode="menurun",
        jasa_persen=D(2),
        tanggal_cair=date(2019, 6, 1),
    )
    assert _pokok_jasa(jadwal) == [(300_000, 24_000), (300_000, 18_000), (300_000, 12_000), (300_000, 6_000)]


@pytest.mark.parametrize(
    ("pokok", "satuan", "mode", "diharapkan"),
    [
        # jasa = sisa pokok x 1,5%: 1.000.000 -> 15.000; 666.700 -> 10.000,5; 333.400 -> 5.001
        (1_000_000, 100, "half_up", [(333_300, 15_000), (333_300, 10_000), (333_400, 5_000)]),
        # up: 1.001.000 / 3 -> 333.700; jasa 15.015 -> 15.100; 667.300 -> 10.009,5 -> 10.100; 333.600 -> 5.004
        # -> 5.100
        (1_001_000, 100, "up", [(333_700, 15_100), (333_700, 10_100), (333_600, 5_100)]),
        # to the rupiah: 666.667 -> 10.000,005; 333.334 -> 5.000,01
        (1_000_000, 1, "half_up", [(333_333, 15_000), (333_333, 10_000), (333_334, 5_000)]),
        # 300 -> 4,5; 200 -> 3; 100 -> 1,5: halves go up
        (300, 1, "half_up", [(100, 5), (100, 3), (100, 2)]),
    ],
)
def test_menurun_with_a_rounding_residual(
    pokok: int, satuan: int, mode: str, diharapkan: list[tuple[int, int]]
) -> None:
    jadwal = hitung_jadwal(
        pokok=pokok,
        jangka_bulan=3,
        frekuensi="bulanan",
        metode="menurun",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 6, 1),
        satuan=satuan,
        mode=mode,
    )
    assert _pokok_jasa(jadwal) == diharapkan


def test_menurun_weekly_charges_the_monthly_rate_over_four_weeks() -> None:
    # 2% a month = 0,5% a week on the pokok still outstanding; 12 weeks of 200.000 pokok.
    jadwal = hitung_jadwal(
        pokok=2_400_000,
        jangka_bulan=3,
        frekuensi="mingguan",
        metode="menurun",
        jasa_persen=D(2),
        tanggal_cair=date(2019, 6, 3),
    )
    assert [b.pokok for b in jadwal] == [200_000] * 12
    assert [b.jasa for b in jadwal] == [
        12_000,
        11_000,
        10_000,
        9_000,
        8_000,
        7_000,
        6_000,
        5_000,
        4_000,
        3_000,
        2_000,
        1_000,
    ]


# --- frequencies and due dates -----------------------------------------------------------------------


def test_mingguan_every_seven_days_from_31_january() -> None:
    jadwal = hitung_jadwal(
        pokok=1_000_000,
        jangka_bulan=3,
        frekuensi="mingguan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 1, 31),
    )
    assert _tanggal(jadwal) == [
        date(2019, 2, 7),
        date(2019, 2, 14),
        date(2019, 2, 21),
        date(2019, 2, 28),
        date(2019, 3, 7),
        date(2019, 3, 14),
        date(2019, 3, 21),
        date(2019, 3, 28),
        date(2019, 4, 4),
        date(2019, 4, 11),
        date(2019, 4, 18),
        date(2019, 4, 25),
    ]
    # 1.000.000 / 12 = 83.333,3 -> 83.300; jasa 45.000 / 12 = 3.750 -> 3.800 (half up)
    assert _pokok_jasa(jadwal) == [(83_300, 3_800)] * 11 + [(83_700, 3_200)]
    assert [b.ke for b in jadwal] == list(range(1, 13))


def test_dua_mingguan_every_fourteen_days_from_31_january() -> None:
    jadwal = hitung_jadwal(
        pokok=1_000_000,
        jangka_bulan=3,
        frekuensi="dua_mingguan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 1, 31),
    )
    assert _tanggal(jadwal) == [
        date(2019, 2, 14),
        date(2019, 2, 28),
        date(2019, 3, 14),
        date(2019, 3, 28),
        date(2019, 4, 11),
        date(2019, 4, 25),
    ]
    # 1.000.000 / 6 = 166.666,7 -> 166.700; jasa 45.000 / 6 = 7.500
    assert _pokok_jasa(jadwal) == [(166_700, 7_500)] * 5 + [(166_500, 7_500)]


@pytest.mark.parametrize(
    ("cair", "jangka", "diharapkan"),
    [
        (date(2019, 1, 31), 4, [date(2019, 2, 28), date(2019, 3, 31), date(2019, 4, 30), date(2019, 5, 31)]),
        (date(2020, 1, 31), 4, [date(2020, 2, 29), date(2020, 3, 31), date(2020, 4, 30), date(2020, 5, 31)]),
        # From the original day, not the previous clamped date: 30 Mar, not 29 Mar.
        (date(2020, 1, 30), 3, [date(2020, 2, 29), date(2020, 3, 30), date(2020, 4, 30)]),
        (
            date(2019, 10, 31),
            4,
            [date(2019, 11, 30), date(2019, 12, 31), date(2020, 1, 31), date(2020, 2, 29)],
        ),
        (date(2019, 12, 15), 3, [date(2020, 1, 15), date(2020, 2, 15), date(2020, 3, 15)]),
    ],
)
def test_bulanan_due_on_the_disbursement_day_clamped_to_month_end(
    cair: date, jangka: int, diharapkan: list[date]
) -> None:
    jadwal = hitung_jadwal(
        pokok=1_200_000,
        jangka_bulan=jangka,
        frekuensi="bulanan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=cair,
    )
    assert _tanggal(jadwal) == diharapkan


# --- rounding units and modes (the peer system rounded 123.456 to 123.100 and "up to 500" 123.900 to 123.500)


@pytest.mark.parametrize(
    ("pokok", "satuan", "mode", "pokok_angsuran", "pokok_terakhir", "jasa_angsuran", "jasa_terakhir"),
    [
        # 1.234.560 / 10 = 123.456 a month; jasa 1.234.560 x 1,5% x 10 = 185.184, 18.518,4 a month
        (1_234_560, 1, "half_up", 123_456, 123_456, 18_518, 18_522),
        (1_234_560, 1, "up", 123_456, 123_456, 18_519, 18_513),
        (1_234_560, 100, "half_up", 123_500, 123_060, 18_500, 18_684),
        (1_234_560, 100, "up", 123_500, 123_060, 18_600, 17_784),
        (1_234_560, 500, "half_up", 123_500, 123_060, 18_500, 18_684),
        (1_234_560, 500, "up", 123_500, 123_060, 19_000, 14_184),
        (1_234_560, 1000, "half_up", 123_000, 127_560, 19_000, 14_184),
        (1_234_560, 1000, "up", 124_000, 118_560, 19_000, 14_184),
        # 123.900 a month "up to 500" is 124.000; jasa 185.850, 18.585 a month
        (1_239_000, 500, "up", 124_000, 123_000, 19_000, 14_850),
        (1_239_000, 500, "half_up", 124_000, 123_000, 18_500, 19_350),
        (1_239_000, 100, "half_up", 123_900, 123_900, 18_600, 18_450),
        # 123.700 a month: half up to 500 goes down, up goes up; jasa 185.550, 18.555 a month
        (1_237_000, 500, "half_up", 123_500, 125_500, 18_500, 19_050),
        (1_237_000, 500, "up", 124_000, 121_000, 19_000, 14_550),
    ],
)
def test_rounding_units_and_modes_with_the_residual_on_the_last_instalment(
    pokok: int,
    satuan: int,
    mode: str,
    pokok_angsuran: int,
    pokok_terakhir: int,
    jasa_angsuran: int,
    jasa_terakhir: int,
) -> None:
    jadwal = hitung_jadwal(
        pokok=pokok,
        jangka_bulan=10,
        frekuensi="bulanan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 1, 15),
        satuan=satuan,
        mode=mode,
    )
    assert [b.pokok for b in jadwal] == [pokok_angsuran] * 9 + [pokok_terakhir]
    assert [b.jasa for b in jadwal] == [jasa_angsuran] * 9 + [jasa_terakhir]


@pytest.mark.parametrize(
    ("mode", "diharapkan"),
    [
        # total jasa 100.001 x 1,5% x 3 = 4.500,045: whole rupiah in the LKM's direction (4.500 / 4.501)
        ("half_up", [(33_334, 1_500), (33_334, 1_500), (33_333, 1_500)]),
        ("up", [(33_334, 1_501), (33_334, 1_501), (33_333, 1_499)]),
    ],
)
def test_flat_total_jasa_that_is_not_whole_rupiah(mode: str, diharapkan: list[tuple[int, int]]) -> None:
    jadwal = hitung_jadwal(
        pokok=100_001,
        jangka_bulan=3,
        frekuensi="bulanan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 1, 15),
        satuan=1,
        mode=mode,
    )
    assert _pokok_jasa(jadwal) == diharapkan


def test_a_unit_too_coarse_for_the_instalment_leaves_a_zero_tail_never_a_negative_one() -> None:
    # Weekly jasa 180.000 / 48 = 3.750, up to 1.000 = 4.000: 45 instalments already make 180.000.
    jadwal = hitung_jadwal(
        pokok=1_000_000,
        jangka_bulan=12,
        frekuensi="mingguan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 1, 7),
        satuan=1000,
        mode="up",
    )
    assert [b.jasa for b in jadwal] == [4_000] * 45 + [0, 0, 0]
    # 1.000.000 / 48 = 20.833,3 -> 21.000; 47 x 21.000 = 987.000
    assert [b.pokok for b in jadwal] == [21_000] * 47 + [13_000]


def test_zero_rate_gives_no_jasa() -> None:
    jadwal = hitung_jadwal(
        pokok=900_000,
        jangka_bulan=3,
        frekuensi="bulanan",
        metode="flat",
        jasa_persen=D(0),
        tanggal_cair=date(2019, 1, 15),
    )
    assert _pokok_jasa(jadwal) == [(300_000, 0)] * 3


# --- the KSM schedule --------------------------------------------------------------------------------


def test_ksm_schedule_sums_unequal_member_shares() -> None:
    syarat = dict(
        jangka_bulan=3,
        frekuensi="bulanan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 10, 14),
    )
    a = hitung_jadwal(pokok=1_000_000, **syarat)  # 333.300 / 333.300 / 333.400, jasa 15.000
    b = hitung_jadwal(pokok=500_000, **syarat)  # 166.700 / 166.700 / 166.600, jasa 7.500
    assert _pokok_jasa(b) == [(166_700, 7_500), (166_700, 7_500), (166_600, 7_500)]
    assert jadwal_ksm([a, b]) == [
        BarisJadwal(ke=1, jatuh_tempo=date(2019, 11, 14), pokok=500_000, jasa=22_500),
        BarisJadwal(ke=2, jatuh_tempo=date(2019, 12, 14), pokok=500_000, jasa=22_500),
        BarisJadwal(ke=3, jatuh_tempo=date(2020, 1, 14), pokok=500_000, jasa=22_500),
    ]


def test_ksm_schedule_refuses_members_on_different_terms_or_none() -> None:
    tiga = hitung_jadwal(
        pokok=900_000,
        jangka_bulan=3,
        frekuensi="bulanan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 1, 15),
    )
    empat = hitung_jadwal(
        pokok=900_000,
        jangka_bulan=4,
        frekuensi="bulanan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 1, 15),
    )
    lain_hari = hitung_jadwal(
        pokok=900_000,
        jangka_bulan=3,
        frekuensi="bulanan",
        metode="flat",
        jasa_persen=D("1.5"),
        tanggal_cair=date(2019, 1, 16),
    )
    with pytest.raises(ValueError, match="tidak seragam"):
        jadwal_ksm([tiga, empat])
    with pytest.raises(ValueError, match="tidak seragam"):
        jadwal_ksm([tiga, lain_hari])
    with pytest.raises(ValueError, match="minimal satu anggota"):
        jadwal_ksm([])


# --- refused terms -----------------------------------------------------------------------------------

_BAKU = dict(
    pokok=1_000_000,
    jangka_bulan=3,
    frekuensi="bulanan",
    metode="flat",
    jasa_persen=D("1.5"),
    tanggal_cair=date(2019, 1, 15),
)


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"pokok": 0}, "Pokok pinjaman"),
        ({"pokok": -500_000}, "Pokok pinjaman"),
        ({"pokok": 1_000_000.0}, "Pokok pinjaman"),
        ({"pokok": D("1000000")}, "Pokok pinjaman"),
        ({"pokok": True}, "Pokok pinjaman"),
        ({"jangka_bulan": 0}, "Jangka waktu"),
        ({"frekuensi": "harian"}, "Frekuensi angsuran"),
        ({"metode": "anuitas"}, "Metode jasa"),
        ({"jasa_persen": 1.5}, "Jasa per bulan"),
        ({"jasa_persen": D("-0.5")}, "Jasa per bulan"),
        ({"tanggal_cair": "2019-01-15"}, "Tanggal pencairan"),
        ({"satuan": 250}, "Satuan pembulatan"),
        ({"mode": "down"}, "Mode pembulatan"),
    ],
)
def test_impossible_terms_are_refused(ubah: dict[str, object], pesan: str) -> None:
    with pytest.raises(ValueError, match=pesan):
        hitung_jadwal(**{**_BAKU, **ubah})  # type: ignore[arg-type]


# --- properties --------------------------------------------------------------------------------------

_pokok = st.one_of(
    st.integers(min_value=1, max_value=10_000_000),
    st.integers(min_value=1, max_value=30_000).map(lambda k: k * 100),
    st.integers(min_value=1, max_value=3_000).map(lambda k: k * 1000),
)
_syarat = st.fixed_dictionaries(
    {
        "jangka_bulan": st.integers(min_value=3, max_value=12),
        "frekuensi": st.sampled_from(["bulanan", "dua_mingguan", "mingguan"]),
        "metode": st.sampled_from(["flat", "menurun"]),
        "jasa_persen": st.decimals(min_value=0, max_value=5, places=2),
        "tanggal_cair": st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
        "satuan": st.sampled_from([1, 100, 500, 1000]),
        "mode": st.sampled_from(["half_up", "up"]),
    }
)
_PER_BULAN = {"bulanan": 1, "dua_mingguan": 2, "mingguan": 4}


@settings(max_examples=400, deadline=None)
@given(pokok=_pokok, syarat=_syarat)
def test_any_schedule_sums_exactly_and_runs_forward(pokok: int, syarat: dict) -> None:
    jadwal = hitung_jadwal(pokok=pokok, **syarat)
    n = syarat["jangka_bulan"] * _PER_BULAN[syarat["frekuensi"]]
    assert [b.ke for b in jadwal] == list(range(1, n + 1))
    assert sum(b.pokok for b in jadwal) == pokok
    assert all(b.pokok >= 0 and b.jasa >= 0 for b in jadwal)
    tanggal = [syarat["tanggal_cair"], *_tanggal(jadwal)]
    assert all(a < b for a, b in zip(tanggal, tanggal[1:], strict=False))
    if syarat["metode"] == "flat":
        # Oracle written here, not taken from the code: share x rate x months, whole rupiah in the mode's way.
        arah = ROUND_HALF_UP if syarat["mode"] == "half_up" else ROUND_CEILING
        total = (pokok * syarat["jasa_persen"] / 100 * syarat["jangka_bulan"]).quantize(D(1), rounding=arah)
        assert sum(b.jasa for b in jadwal) == int(total)
    else:
        # Jasa on a shrinking balance never grows.
        assert all(a.jasa >= b.jasa for a, b in zip(jadwal, jadwal[1:], strict=False))


@settings(max_examples=200, deadline=None)
@given(bagian=st.lists(_pokok, min_size=1, max_size=8), syarat=_syarat)
def test_ksm_schedule_is_the_sum_of_member_schedules(bagian: list[int], syarat: dict) -> None:
    anggota = [hitung_jadwal(pokok=p, **syarat) for p in bagian]
    ksm = jadwal_ksm(anggota)
    assert len(ksm) == len(anggota[0])
    for i, baris in enumerate(ksm):
        assert baris.pokok == sum(j[i].pokok for j in anggota)
        assert baris.jasa == sum(j[i].jasa for j in anggota)
        assert baris.jatuh_tempo == anggota[0][i].jatuh_tempo
    assert sum(b.pokok for b in ksm) == sum(bagian)
