"""Repayment schedules (jadwal angsuran): pure computation from loan terms, no ORM.

DOMAIN.md §4: the schedule is computed per member share; the KSM schedule is the sum of its members'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from kotaku.tanggal import tambah_bulan
from kotaku.uang import bulatkan

ANGSURAN_PER_BULAN: dict[str, int] = {"bulanan": 1, "dua_mingguan": 2, "mingguan": 4}
"""Instalments per month for each frequency (frekuensi)."""

HARI_PER_ANGSURAN: dict[str, int] = {"dua_mingguan": 14, "mingguan": 7}
"""Days between instalments for the frequencies counted in days; `bulanan` follows the calendar."""

METODE_JASA = ("flat", "menurun")


@dataclass(frozen=True)
class BarisJadwal:
    """One instalment (angsuran) of a schedule: its number, due date, pokok and jasa in whole rupiah."""

    ke: int
    jatuh_tempo: date
    pokok: int
    jasa: int

    @property
    def jumlah(self) -> int:
        """What the borrower pays for this instalment: pokok + jasa."""
        return self.pokok + self.jasa


def hitung_jadwal(
    *,
    pokok: int,
    jangka_bulan: int,
    frekuensi: str,
    metode: str,
    jasa_persen: Decimal,
    tanggal_cair: date,
    satuan: int = 100,
    mode: str = "half_up",
) -> list[BarisJadwal]:
    """Schedule of one member share: rounded instalments, the last one takes
    the residual so sums are exact."""
    _periksa_syarat(
        pokok=pokok,
        jangka_bulan=jangka_bulan,
        frekuensi=frekuensi,
        metode=metode,
        jasa_persen=jasa_persen,
        tanggal_cair=tanggal_cair,
    )
    per_bulan = ANGSURAN_PER_BULAN[frekuensi]
    n = jangka_bulan * per_bulan
    tanggal = _tanggal_jatuh_tempo(tanggal_cair=tanggal_cair, frekuensi=frekuensi, n=n)
    pokok_angsuran = _bagi_rata(total=pokok, n=n, satuan=satuan, mode=mode)
    tarif = jasa_persen / 100

    if metode == "flat":
        # The total is whole rupiah first (money is whole rupiah), in the LKM's rounding direction, so the
        # residual rule below makes the instalments add up to exactly this figure.
        total_jasa = bulatkan(pokok * tarif * jangka_bulan, satuan=1, mode=mode)
        jasa_angsuran = _bagi_rata(total=total_jasa, n=n, satuan=satuan, mode=mode)
    else:
        # menurun: jasa on the pokok still outstanding before each instalment, at the rate per instalment.
        jasa_angsuran = []
        sisa = pokok
        for bagian in pokok_angsuran:
            jasa_angsuran.append(bulatkan(sisa * tarif / per_bulan, satuan=satuan, mode=mode))
            sisa -= bagian

    return [
        BarisJadwal(ke=i + 1, jatuh_tempo=tanggal[i], pokok=pokok_angsuran[i], jasa=jasa_angsuran[i])
        for i in range(n)
    ]


def jadwal_ksm(jadwal_anggota: list[list[BarisJadwal]]) -> list[BarisJadwal]:
    """The KSM's schedule: per instalment number, the sum of its members' schedules."""
    if not jadwal_anggota:
        raise ValueError("Jadwal KSM memerlukan jadwal minimal satu anggota.")
    acuan = jadwal_anggota[0]
    for jadwal in jadwal_anggota[1:]:
        # One KSM loan has one set of terms: members differ only in their share.
        if [(b.ke, b.jatuh_tempo) for b in jadwal] != [(b.ke, b.jatuh_tempo) for b in acuan]:
            raise ValueError(
                "Jadwal anggota tidak seragam: jumlah angsuran atau tanggal jatuh tempo berbeda."
            )
    return [
        BarisJadwal(
            ke=baris.ke,
            jatuh_tempo=baris.jatuh_tempo,
            pokok=sum(jadwal[i].pokok for jadwal in jadwal_anggota),
            jasa=sum(jadwal[i].jasa for jadwal in jadwal_anggota),
        )
        for i, baris in enumerate(acuan)
    ]


def _periksa_syarat(
    *, pokok: int, jangka_bulan: int, frekuensi: str, metode: str, jasa_persen: Decimal, tanggal_cair: date
) -> None:
    """Refuse terms the schedule cannot be computed from (rounding unit and mode are checked by bulatkan)."""
    # bool is an int subclass; True as a loan amount is a bug upstream, not Rp 1.
    if not isinstance(pokok, int) or isinstance(pokok, bool) or pokok <= 0:
        raise ValueError(f"Pokok pinjaman harus bilangan bulat rupiah lebih dari nol, bukan {pokok!r}.")
    if not isinstance(jangka_bulan, int) or isinstance(jangka_bulan, bool) or jangka_bulan < 1:
        raise ValueError(f"Jangka waktu harus minimal 1 bulan, bukan {jangka_bulan!r}.")
    if frekuensi not in ANGSURAN_PER_BULAN:
        raise ValueError(
            f"Frekuensi angsuran {frekuensi!r} tidak dikenal; pilih {tuple(ANGSURAN_PER_BULAN)}."
        )
    if metode not in METODE_JASA:
        raise ValueError(f"Metode jasa {metode!r} tidak dikenal; pilih {METODE_JASA}.")
    if not isinstance(jasa_persen, Decimal | int) or isinstance(jasa_persen, bool) or jasa_persen < 0:
        raise ValueError(f"Jasa per bulan harus persen Decimal tidak negatif, bukan {jasa_persen!r}.")
    if not isinstance(tanggal_cair, date):
        raise ValueError(f"Tanggal pencairan harus tanggal, bukan {tanggal_cair!r}.")


def _tanggal_jatuh_tempo(*, tanggal_cair: date, frekuensi: str, n: int) -> list[date]:
    """Due dates: monthly on the disbursement's day (clamped to month end), or every 14 / 7 days."""
    if frekuensi == "bulanan":
        # Always from the original date: 31 Jan -> 28 Feb -> 31 Mar, never 28 Feb -> 28 Mar.
        return [tambah_bulan(tanggal_cair, k) for k in range(1, n + 1)]
    langkah = timedelta(days=HARI_PER_ANGSURAN[frekuensi])
    return [tanggal_cair + langkah * k for k in range(1, n + 1)]


def _bagi_rata(*, total: int, n: int, satuan: int, mode: str) -> list[int]:
    """Split `total` into n rounded instalments; the last takes the residual so the sum is exact."""
    angsuran = bulatkan(Decimal(total) / n, satuan=satuan, mode=mode)
    hasil: list[int] = []
    sisa = total
    for _ in range(n - 1):
        # With a unit that is coarse for a small instalment (weekly jasa of Rp 3.750 rounded to Rp 1.000), n-1
        # rounded-up instalments can exceed the total; the tail then gets what is left, never less than zero,
        # instead of a negative last instalment.
        bagian = min(angsuran, sisa)
        hasil.append(bagian)
        sisa -= bagian
    hasil.append(sisa)
    return hasil
