"""Arrears, kolektibilitas class and the required loss reserve: pure computation, no ORM.

DOMAIN.md §4 (policy defaults): Kol 1 Lancar 0 months in arrears; Kol 2 > 0 to 3; Kol 3 > 3 to 6;
Kol 4 > 6 to 9; Kol 5 > 9. Reserve weights 0,5% / 0,5% / 10% / 50% / 100%.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_UP, Decimal
from types import MappingProxyType

from kotaku.uang import bulatkan

NAMA_KOLEKTIBILITAS: dict[int, str] = {
    1: "Lancar",
    2: "Dalam Perhatian Khusus",
    3: "Kurang Lancar",
    4: "Diragukan",
    5: "Macet",
}

BATAS_BAKU: tuple[Decimal, Decimal, Decimal] = (Decimal(3), Decimal(6), Decimal(9))
"""Upper bounds (months in arrears, inclusive) of Kol 2, 3 and 4."""

BOBOT_CADANGAN_BAKU: Mapping[int, Decimal] = MappingProxyType(
    {1: Decimal("0.5"), 2: Decimal("0.5"), 3: Decimal(10), 4: Decimal(50), 5: Decimal(100)}
)
"""Reserve weight per class, in PERCENT: 0,5 means 0,5% (x 0,005), the figure a peer system got wrong."""

_DUA_DESIMAL = Decimal("0.01")


def bulan_tunggakan(*, pokok_seharusnya: int, pokok_dibayar: int, pokok_per_bulan: int) -> Decimal:
    """Months in arrears = (pokok due by now - pokok repaid) / pokok due per month, never negative."""
    if pokok_per_bulan <= 0:
        raise ValueError("Pokok per bulan harus lebih dari nol untuk menghitung bulan tunggakan.")
    if pokok_seharusnya < 0 or pokok_dibayar < 0:
        raise ValueError("Pokok seharusnya dan pokok dibayar tidak boleh negatif.")
    tunggakan = max(pokok_seharusnya - pokok_dibayar, 0)
    # Rounded away from zero: a Rp 1 shortfall is still arrears (Kol 2, not Lancar) and 3,001 months
    # stays above 3 (Kol 3); the class boundaries are whole months, so this never moves a loan across one
    # except to keep it on the side where its exact value lies.
    return (Decimal(tunggakan) / pokok_per_bulan).quantize(_DUA_DESIMAL, rounding=ROUND_UP)


def kelas_kolektibilitas(bulan: Decimal, *, batas: tuple[Decimal, Decimal, Decimal] = BATAS_BAKU) -> int:
    """Kolektibilitas 1-5 from months in arrears: 0 Lancar, then up to each bound inclusive, Macet above."""
    if isinstance(bulan, float) or any(isinstance(b, float) for b in batas):
        raise TypeError("kelas_kolektibilitas menolak float; gunakan Decimal")
    if bulan < 0:
        raise ValueError(f"Bulan tunggakan tidak boleh negatif, bukan {bulan}.")
    if not 0 < batas[0] < batas[1] < batas[2]:
        raise ValueError(f"Batas kolektibilitas harus naik dan positif, bukan {batas}.")
    if bulan == 0:
        return 1
    for kelas, atas in zip((2, 3, 4), batas, strict=True):
        if bulan <= atas:
            return kelas
    return 5


def cadangan_wajib(
    saldo_per_kelas: Mapping[int, int], bobot_persen: Mapping[int, Decimal] = BOBOT_CADANGAN_BAKU
) -> int:
    """Required loss reserve: sum of outstanding per class x its weight in
    percent, rounded once at the end."""
    total = Decimal(0)
    for kelas, saldo in saldo_per_kelas.items():
        if kelas not in NAMA_KOLEKTIBILITAS:
            raise ValueError(f"Kolektibilitas {kelas} tidak dikenal; pilih 1-5.")
        if kelas not in bobot_persen:
            raise ValueError(f"Bobot cadangan untuk Kol {kelas} belum ditetapkan.")
        if saldo < 0:
            raise ValueError(f"Saldo pinjaman Kol {kelas} tidak boleh negatif.")
        bobot = bobot_persen[kelas]
        if isinstance(bobot, float):
            raise TypeError("Bobot cadangan menolak float; gunakan Decimal")
        # Percent, so divide by 100: 0,5 -> 0,005. Rounding per class would drift from the total.
        total += Decimal(saldo) * Decimal(bobot) / 100
    return bulatkan(total, satuan=1, mode="half_up")
