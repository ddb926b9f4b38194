"""Rupiah, terbilang and Indonesian dates: hand-written tables."""

from datetime import date
from decimal import Decimal

import pytest

from kotaku.tanggal import format_tanggal, tambah_bulan
from kotaku.uang import bulatkan, format_rupiah, terbilang, terbilang_rupiah

TERBILANG = [
    (0, "nol"),
    (1, "satu"),
    (11, "sebelas"),
    (12, "dua belas"),
    (100, "seratus"),
    (1_000, "seribu"),
    (1_001, "seribu satu"),
    (1_000_000, "satu juta"),
    (
        2_975_894_908,
        "dua miliar sembilan ratus tujuh puluh lima juta delapan ratus sembilan puluh empat ribu "
        "sembilan ratus delapan",
    ),
    (1_000_000_000_000, "satu triliun"),
    (19, "sembilan belas"),
    (110, "seratus sepuluh"),
    (111_111, "seratus sebelas ribu seratus sebelas"),
    (2_000, "dua ribu"),
    (21_500_000, "dua puluh satu juta lima ratus ribu"),
]


@pytest.mark.parametrize(("n", "kata"), TERBILANG)
def test_terbilang(n: int, kata: str) -> None:
    assert terbilang(n) == kata


def test_terbilang_rupiah_for_receipts() -> None:
    assert terbilang_rupiah(2_975_894_908) == (
        "dua miliar sembilan ratus tujuh puluh lima juta delapan ratus sembilan puluh empat ribu "
        "sembilan ratus delapan rupiah"
    )


RUPIAH = [
    (0, "Rp 0"),
    (1, "Rp 1"),
    (11, "Rp 11"),
    (12, "Rp 12"),
    (100, "Rp 100"),
    (1_000, "Rp 1.000"),
    (1_001, "Rp 1.001"),
    (1_000_000, "Rp 1.000.000"),
    (2_975_894_908, "Rp 2.975.894.908"),
    (1_000_000_000_000, "Rp 1.000.000.000.000"),
    (-45_100, "-Rp 45.100"),
]


@pytest.mark.parametrize(("n", "teks"), RUPIAH)
def test_format_rupiah(n: int, teks: str) -> None:
    assert format_rupiah(n) == teks


TANGGAL = [
    (date(2019, 10, 14), "14 Oktober 2019"),
    (date(2019, 1, 1), "1 Januari 2019"),
    (date(2020, 2, 29), "29 Februari 2020"),
    (date(2019, 11, 30), "30 November 2019"),
    (date(2019, 5, 2), "2 Mei 2019"),
    (date(2019, 8, 17), "17 Agustus 2019"),
    (date(2019, 12, 31), "31 Desember 2019"),
]


@pytest.mark.parametrize(("d", "teks"), TANGGAL)
def test_format_tanggal(d: date, teks: str) -> None:
    assert format_tanggal(d) == teks


PEMBULATAN = [
    (Decimal("123456"), 100, "half_up", 123_500),
    (Decimal("123449"), 100, "half_up", 123_400),
    (Decimal("123450"), 100, "half_up", 123_500),
    (Decimal("123900"), 500, "up", 124_000),
    (Decimal("123500"), 500, "up", 123_500),
    (Decimal("123501"), 500, "up", 124_000),
    (Decimal("208333.33"), 1000, "up", 209_000),
    (Decimal("333333.33"), 100, "half_up", 333_300),
    (Decimal("0.5"), 1, "half_up", 1),
    (Decimal("14999.5"), 1, "half_up", 15_000),
    (Decimal("1249"), 500, "half_up", 1_000),
    (Decimal("1250"), 500, "half_up", 1_500),
]


@pytest.mark.parametrize(("nilai", "satuan", "mode", "hasil"), PEMBULATAN)
def test_bulatkan(nilai: Decimal, satuan: int, mode: str, hasil: int) -> None:
    assert bulatkan(nilai, satuan=satuan, mode=mode) == hasil


def test_bulatkan_refuses_float_and_unknown_units() -> None:
    with pytest.raises(TypeError):
        bulatkan(1.5, satuan=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Satuan pembulatan"):
        bulatkan(Decimal(1), satuan=250)


TAMBAH_BULAN = [
    (date(2019, 1, 31), 1, date(2019, 2, 28)),
    (date(2020, 1, 31), 1, date(2020, 2, 29)),
    (date(2019, 1, 31), 2, date(2019, 3, 31)),
    (date(2019, 1, 31), 3, date(2019, 4, 30)),
    (date(2019, 11, 15), 2, date(2020, 1, 15)),
]


@pytest.mark.parametrize(("awal", "n", "hasil"), TAMBAH_BULAN)
def test_tambah_bulan_clamps_to_month_end(awal: date, n: int, hasil: date) -> None:
    assert tambah_bulan(awal, n) == hasil


@pytest.mark.parametrize(
    ("nilai", "tempat", "teks"),
    [
        (Decimal("8.00"), 2, "8,00"),
        (Decimal("7.01"), 2, "7,01"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (Decimal("0.125"), 1, "0,1"),
        (3, 2, "3,00"),
        (None, 2, "-"),
    ],
)
def test_decimals_are_written_the_indonesian_way(nilai, tempat, teks):
    """Months of arrears on the dashboard read `8,00`, never `8.00` (a dot is the thousands separator)."""
    from kotaku.uang import format_desimal

    assert format_desimal(nilai, tempat) == teks
