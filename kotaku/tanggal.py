"""Indonesian dates and month arithmetic (business dates are dates, not datetimes)."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from django.utils import timezone

# No LKM's revolving fund is older (P2KP began in 1999): an earlier date is a typo (forms, API, postings).
AWAL_DANA = date(2000, 1, 1)

NAMA_BULAN = [
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def format_tanggal(nilai: date | datetime | None) -> str:
    """`14 Oktober 2019`."""
    if nilai is None:
        return ""
    if isinstance(nilai, datetime):
        nilai = timezone.localtime(nilai) if timezone.is_aware(nilai) else nilai
    return f"{nilai.day} {NAMA_BULAN[nilai.month]} {nilai.year}"


def format_bulan(tahun: int, bulan: int) -> str:
    """`Oktober 2019`."""
    return f"{NAMA_BULAN[bulan]} {tahun}"


def hari_ini() -> date:
    """Today in Asia/Jakarta."""
    return timezone.localdate()


def akhir_bulan(nilai: date) -> date:
    """Last day of the month of `nilai`."""
    return nilai.replace(day=calendar.monthrange(nilai.year, nilai.month)[1])


def tambah_bulan(nilai: date, bulan: int, *, hari: int | None = None) -> date:
    """`nilai` moved by whole months, on day `hari` (default its own day) clamped to the month's end."""
    indeks = nilai.year * 12 + (nilai.month - 1) + bulan
    tahun, bln = divmod(indeks, 12)
    hari = hari or nilai.day
    return date(tahun, bln + 1, min(hari, calendar.monthrange(tahun, bln + 1)[1]))
