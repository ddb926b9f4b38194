"""Reports as objects, and their three renderings: screen, PDF (WeasyPrint) and Excel (openpyxl).

A report builder is a plain function `(lkm, dates) -> Laporan` that needs no request, so a view and a Celery
task show the same object: a view picks the format (`respon_laporan`), a task writes the bytes (`pdf_laporan`,
`excel_laporan`). Templates read `laporan` (and its `data`); they hold no report logic.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

JenisKolom = Literal["teks", "uang", "angka", "tanggal", "persen", "rasio"]


@dataclass(frozen=True)
class Kolom:
    """One Excel column: its header and how its cells are written (money and counts as numbers, dates as
    dates, `rasio` 0.0731 shown as 7,31%, `persen` 7.31 shown as 7,31%)."""

    judul: str
    jenis: JenisKolom = "teks"


@dataclass
class Laporan:
    """What a report shows, built without a request.

    `template` names the screen template (`<template>.html`) and the PDF one (`<template>_pdf.html`); `data`
    holds the report's own figures for them; `kolom` and `baris` are its Excel sheet; `parameter` the query
    (LKM, dates) every link, PDF and Excel of the page carries.
    """

    judul: str
    template: str
    nama_berkas: str
    periode: str
    lkm: Any = None
    data: dict[str, Any] = field(default_factory=dict)
    kolom: list[Kolom] = field(default_factory=list)
    baris: list[list[Any]] = field(default_factory=list)
    parameter: dict[str, str] = field(default_factory=dict)
    orientasi: Literal["portrait", "landscape"] = "portrait"

    @property
    def judul_excel(self) -> list[str]:
        baris = [self.judul]
        if self.lkm is not None:
            baris.append(f"{self.lkm.nama} - Desa {self.lkm.desa.nama}")
        baris.append(self.periode)
        return baris

    @property
    def kueri(self) -> str:
        """`per=2019-11-30&` : the report's parameters, ready to prefix `format=pdf`."""
        from urllib.parse import urlencode

        return urlencode(self.parameter) + "&" if self.parameter else ""

    @property
    def parameter_tambahan(self) -> dict[str, str]:
        """Parameters the period form does not hold (e.g. the account of a Buku Besar)."""
        return {
            k: v for k, v in self.parameter.items() if k not in ("per", "dari", "sampai", "tahun", "bulan")
        }

    def konteks(self) -> dict[str, Any]:
        """Template context: the report's figures plus who, what and when."""
        return {**self.data, "laporan": self, "lkm": self.lkm, "judul": self.judul, "periode": self.periode}


# ---- PDF ---------------------------------------------------------------------------------------------------


def pdf_bytes(template: str, context: dict[str, Any]) -> bytes:
    """Render a template to PDF. Templates extend `cetak/dasar.html`
    (A4, signature blocks, repeated headers)."""
    from django.conf import settings
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()  # type: ignore[no-any-return]


def pdf_laporan(laporan: Laporan) -> bytes:
    return pdf_bytes(f"{laporan.template}_pdf.html", laporan.konteks())


def pdf_response(template: str, context: dict[str, Any], nama_berkas: str) -> HttpResponse:
    respon = HttpResponse(pdf_bytes(template, context), content_type="application/pdf")
    respon["Content-Disposition"] = f'inline; filename="{nama_berkas}"'
    return respon


# ---- Excel -------------------------------------------------------------------------------------------------

_KARAKTER_KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")
FORMAT_SEL: dict[str, str] = {
    "uang": "#,##0;-#,##0",
    "angka": "#,##0",
    "tanggal": "DD/MM/YYYY",
    "rasio": "0.00%",
    "persen": '0.00"%"',
}


def teks_aman(nilai: str) -> str:
    """Text without the control characters a spreadsheet cannot hold (a name typed with \\v once must never
    break an export for good)."""
    return _KARAKTER_KENDALI.sub("", nilai)


def _tulis_sel(sel: Any, nilai: Any, jenis: str) -> None:
    if nilai is None:
        return
    if isinstance(nilai, bool):
        sel.value = "ya" if nilai else "tidak"
    elif isinstance(nilai, int | Decimal) and jenis in FORMAT_SEL:
        sel.value = int(nilai) if jenis in ("uang", "angka") else Decimal(nilai)
        sel.number_format = FORMAT_SEL[jenis]
    elif isinstance(nilai, datetime | date):
        sel.value = nilai if not isinstance(nilai, datetime) else nilai.replace(tzinfo=None)
        sel.number_format = FORMAT_SEL["tanggal"]
    elif isinstance(nilai, int | Decimal):
        sel.value = nilai
    else:
        teks = teks_aman(str(nilai))
        sel.value = teks
        if teks.startswith(_AWAL_RUMUS):
            # Never a live formula: `=HYPERLINK(...)` typed as a KSM name stays the text it was typed as.
            sel.data_type = "s"
            sel.quotePrefix = True


Lembar = tuple[str, Sequence[Kolom | str], Iterable[Sequence[Any]]]


def excel_bytes(lembar: Sequence[Lembar], *, judul: Sequence[str] = ()) -> bytes:
    """One workbook; each sheet = (title, columns, rows). Money stays a number so Excel can sum it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for nama, kolom_mentah, isi in lembar:
        kolom = [k if isinstance(k, Kolom) else Kolom(k) for k in kolom_mentah]
        ws = wb.create_sheet(
            title="".join("-" if c in "[]:*?/\\" else c for c in teks_aman(nama))[:31] or "Lembar"
        )
        for teks in judul:
            ws.append([teks_aman(teks)])
        ws.append([teks_aman(k.judul) for k in kolom])
        for sel in ws[ws.max_row]:
            sel.font = Font(bold=True)
        for baris in isi:
            r = ws.max_row + 1
            for c, nilai in enumerate(baris, start=1):
                jenis = kolom[c - 1].jenis if c <= len(kolom) else "teks"
                _tulis_sel(ws.cell(row=r, column=c), nilai, jenis)
        for i, k in enumerate(kolom, start=1):
            huruf = ws.cell(row=1, column=i).column_letter
            panjang = max(
                (len(str(c.value)) for c in ws[huruf][len(judul) :] if c.value is not None),
                default=len(k.judul),
            )
            ws.column_dimensions[huruf].width = min(max(10, panjang + 3), 50)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def excel_laporan(laporan: Laporan) -> bytes:
    return excel_bytes([(laporan.judul, laporan.kolom, laporan.baris)], judul=laporan.judul_excel)


JENIS_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def excel_response(lembar: Sequence[Lembar], nama_berkas: str, *, judul: Sequence[str] = ()) -> HttpResponse:
    respon = HttpResponse(excel_bytes(lembar, judul=judul), content_type=JENIS_XLSX)
    respon["Content-Disposition"] = f'attachment; filename="{nama_berkas}"'
    return respon


# ---- the three formats of a page ---------------------------------------------------------------------------


def respon_laporan(
    request: HttpRequest, laporan: Laporan, *, saring: Any = None, **layar: Any
) -> HttpResponse:
    """One report three ways: the screen, `?format=pdf` and `?format=xlsx`. `saring` is the page's period form
    (its values go into every link); `layar` adds what only the screen needs."""
    from django.shortcuts import render

    if saring is not None:
        laporan.parameter = {**saring.parameter, **laporan.parameter}

    fmt = request.GET.get("format")
    if fmt == "pdf":
        respon = HttpResponse(pdf_laporan(laporan), content_type="application/pdf")
        respon["Content-Disposition"] = f'inline; filename="{laporan.nama_berkas}.pdf"'
        return respon
    if fmt == "xlsx":
        respon = HttpResponse(excel_laporan(laporan), content_type=JENIS_XLSX)
        respon["Content-Disposition"] = f'attachment; filename="{laporan.nama_berkas}.xlsx"'
        return respon
    return render(request, f"{laporan.template}.html", {**laporan.konteks(), "saring": saring, **layar})
