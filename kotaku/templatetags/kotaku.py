"""The one way templates show money and dates: {{ x|rupiah }}, {{ x|terbilang }}, {{ d|tanggal }}."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template

from kotaku.tanggal import format_tanggal
from kotaku.uang import format_desimal, format_persen, format_rupiah, terbilang_rupiah

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
def persen(nilai: Decimal | None) -> str:
    """A percent value: 1.5 -> `1,5%`, 0.5 -> `0,5%` (kotaku.uang.format_persen)."""
    return format_persen(nilai)


@register.filter
def desimal(nilai: Decimal | None, tempat: int = 2) -> str:
    """A decimal that is not money nor percent: 8.01 -> `8,01`."""
    return format_desimal(nilai, int(tempat))


@register.filter
def rasio(nilai: Decimal | None, tempat: int = 2) -> str:
    """A ratio: 0.0731 -> `7,31%`."""
    return format_persen(nilai, tempat=int(tempat), rasio=True)
