"""The one way templates show money and dates: {{ x|rupiah }}, {{ x|terbilang }}, {{ d|tanggal }}."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template

from kotaku.tanggal import format_tanggal
from kotaku.uang import format_rupiah, terbilang_rupiah

register = template.Library()


@register.filter
def rupiah(nilai: Any) -> str:
    if nilai in (None, ""):
        return ""
    return format_rupiah(int(nilai))


@register.filter
def angka(nilai: Any) -> str:
    """Thousands with dots, no `Rp` (for table columns headed `Rp`)."""
    if nilai in (None, ""):
        return ""
    return format_rupiah(int(nilai), awalan="")


@register.filter
def terbilang(nilai: Any) -> str:
    if nilai in (None, ""):
        return ""
    return terbilang_rupiah(int(nilai))


@register.filter
def tanggal(nilai: date | None) -> str:
    return format_tanggal(nilai)


@register.filter
def persen(nilai: Decimal | None, tempat: int = 2) -> str:
    """0.0731 -> `7,31%`."""
    if nilai is None:
        return "-"
    teks = f"{Decimal(nilai) * 100:.{int(tempat)}f}".replace(".", ",")
    return f"{teks}%"
