"""Months in arrears, kolektibilitas classes and the required loss reserve (DOMAIN.md §4)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinjaman.kolektibilitas import (
    NAMA_KOLEKTIBILITAS,
    bulan_tunggakan,
    cadangan_wajib,
    kelas_kolektibilitas,
)

D = Decimal


@pytest.mark.parametrize(
    ("seharusnya", "dibayar", "per_bulan", "bulan"),
    [
        (0, 0, 100_000, D("0.00")),  # nothing due yet
        (300_000, 300_000, 100_000, D("0.00")),  # on time
        (300_000, 400_000, 100_000, D("0.00")),  # paid ahead: never negative
        (300_000, 250_000, 100_000, D("0.50")),
        (300_000, 0, 100_000, D("3.00")),
        (100_000, 0, 300_000, D("0.34")),  # 0,333.. rounded away from zero
        (1_000, 999, 333_300, D("0.01")),  # Rp 1 short is still arrears
        (1_000_000, 0, 333_333, D("3.01")),  # 3,000003 months is more than 3
        (2_850_000, 0, 300_000, D("9.50")),
    ],
)
def test_months_in_arrears(seharusnya: int, dibayar: int, per_bulan: int, bulan: Decimal) -> None:
    hasil = bulan_tunggakan(pokok_seharusnya=seharusnya, pokok_dibayar=dibayar, pokok_per_bulan=per_bulan)
    assert hasil == bulan
    assert hasil.as_tuple().exponent == -2


def test_months_in_arrears_needs_a_monthly_pokok() -> None:
    with pytest.raises(ValueError, match="Pokok per bulan"):
        bulan_tunggakan(pokok_seharusnya=100_000, pokok_dibayar=0, pokok_per_bulan=0)
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        bulan_tunggakan(pokok_seharusnya=-1, pokok_dibayar=0, pokok_per_bulan=100_000)


@pytest.mark.parametrize(
    ("bulan", "kelas"),
    [
        (D(0), 1),
        (D("0.00"), 1),
        (D("0.01"), 2),
        (D("0.5"), 2),
        (D(3), 2),
        (D("3.01"), 3),
        (D(6), 3),
        (D("6.01"), 4),
        (D(9), 4),
        (D("9.01"), 5),
        (D("9.5"), 5),
        (D(24), 5),
    ],
)
def test_kolektibilitas_classes_with_the_default_bounds(bulan: Decimal, kelas: int) -> None:
    assert kelas_kolektibilitas(bulan) == kelas


@pytest.mark.parametrize(
    ("bulan", "kelas"),
    [(D(0), 1), (D(1), 2), (D("1.5"), 3), (D(2), 3), (D(3), 4), (D("3.01"), 5)],
)
def test_an_lkm_may_set_its_own_bounds(bulan: Decimal, kelas: int) -> None:
    assert kelas_kolektibilitas(bulan, batas=(D(1), D(2), D(3))) == kelas


def test_kolektibilitas_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="negatif"):
        kelas_kolektibilitas(D("-0.01"))
    with pytest.raises(ValueError, match="naik"):
        kelas_kolektibilitas(D(1), batas=(D(6), D(3), D(9)))
    with pytest.raises(TypeError):
        kelas_kolektibilitas(3.5)  # type: ignore[arg-type]


def test_class_names() -> None:
    assert NAMA_KOLEKTIBILITAS == {
        1: "Lancar",
        2: "Dalam Perhatian Khusus",
        3: "Kurang Lancar",
        4: "Diragukan",
        5: "Macet",
    }


@pytest.mark.parametrize(
    ("saldo", "cadangan"),
    [
        # 50.000 + 10.000 + 100.000 + 200.000 + 100.000
        ({1: 10_000_000, 2: 2_000_000, 3: 1_000_000, 4: 400_000, 5: 100_000}, 460_000),
        # 0,5% of ten million is 50.000, not the 500.000 a peer system booked (it multiplied by 5%)
        ({1: 10_000_000}, 50_000),
        ({2: 10_000_000}, 50_000),
        ({3: 1_000_000}, 100_000),
        ({4: 1_000_000}, 500_000),
        ({5: 1_000_000}, 1_000_000),
        ({}, 0),
        ({1: 0, 5: 0}, 0),
        # rounded once on the total: 0,5 + 0,5 = 1, where rounding per class would give 2
        ({1: 100, 2: 100}, 1),
        ({1: 100}, 1),  # 0,5 half up
        ({1: 99}, 0),  # 0,495
        ({1: 300}, 2),  # 1,5 half up
        ({1: 2_975_894_908}, 14_879_475),  # 14.879.474,54
    ],
)
def test_required_reserve_with_default_weights(saldo: dict[int, int], cadangan: int) -> None:
    assert cadangan_wajib(saldo) == cadangan


def test_required_reserve_with_an_lkm_s_own_weights() -> None:
    bobot = {1: D(1), 2: D(5), 3: D(25), 4: D("62.5"), 5: D(100)}
    # 10.000 + 50.000 + 250.000 + 625.000 + 1.000.000
    saldo = {1: 1_000_000, 2: 1_000_000, 3: 1_000_000, 4: 1_000_000, 5: 1_000_000}
    assert cadangan_wajib(saldo, bobot) == 1_935_000


def test_required_reserve_refuses_unknown_classes_and_negative_balances() -> None:
    with pytest.raises(ValueError, match="tidak dikenal"):
        cadangan_wajib({6: 1_000})
    with pytest.raises(ValueError, match="belum ditetapkan"):
        cadangan_wajib({5: 1_000}, {1: D("0.5")})
    with pytest.raises(ValueError, match="negatif"):
        cadangan_wajib({1: -1_000})
    with pytest.raises(TypeError):
        cadangan_wajib({1: 1_000}, {1: 0.5})  # type: ignore[dict-item]


# --- properties --------------------------------------------------------------------------------------


def _kelas_eksak(bulan: Fraction) -> int:
    """The class of the exact (unrounded) months in arrears, written out here as the oracle."""
    if bulan == 0:
        return 1
    if bulan <= 3:
        return 2
    if bulan <= 6:
        return 3
    if bulan <= 9:
        return 4
    return 5


@given(
    seharusnya=st.integers(min_value=0, max_value=50_000_000),
    dibayar=st.integers(min_value=0, max_value=50_000_000),
    per_bulan=st.integers(min_value=1, max_value=5_000_000),
)
def test_rounding_to_two_places_never_moves_a_loan_to_a_better_class(
    seharusnya: int, dibayar: int, per_bulan: int
) -> None:
    bulan = bulan_tunggakan(pokok_seharusnya=seharusnya, pokok_dibayar=dibayar, pokok_per_bulan=per_bulan)
    eksak = Fraction(max(seharusnya - dibayar, 0), per_bulan)
    assert bulan >= 0
    assert Fraction(bulan) - eksak < Fraction(1, 100)
    assert kelas_kolektibilitas(bulan) == _kelas_eksak(eksak)


@given(a=st.decimals(min_value=0, max_value=60, places=2), b=st.decimals(min_value=0, max_value=60, places=2))
def test_more_arrears_never_means_a_better_class(a: Decimal, b: Decimal) -> None:
    rendah, tinggi = sorted([a, b])
    assert kelas_kolektibilitas(rendah) <= kelas_kolektibilitas(tinggi)
