"""PDF (WeasyPrint) and Excel (openpyxl) output shared by every report, so they all look and behave alike."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def pdf_bytes(template: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """Render a template to PDF. Templates extend `cetak/dasar.html` (A4, signature blocks, repeated headers)."""
    from django.conf import settings
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], nama_berkas: str) -> HttpResponse:
    respon = HttpResponse(pdf_bytes(template, context, request=request), content_type="application/pdf")
    respon["Content-Disposition"] = f'inline; filename="{nama_berkas}"'
    return respon


Lembar = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def excel_bytes(lembar: Sequence[Lembar], *, judul: Sequence[str] = ()) -> bytes:
    """One workbook; each sheet = (title, headers, rows). Money stays integer so Excel can sum it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for nama, kepala, baris in lembar:
        ws = wb.create_sheet(title="".join("-" if c in '[]:*?/\\' else c for c in nama)[:31])
        for teks in judul:
            ws.append([teks])
        ws.append(list(kepala))
        for sel in ws[ws.max_row]:
            sel.font = Font(bold=True)
        for b in baris:
            ws.append(list(b))
        for kolom in ws.columns:
            panjang = max((len(str(c.value)) for c in kolom if c.value is not None), default=8)
            ws.column_dimensions[kolom[0].column_letter].width = min(max(10, panjang + 2), 50)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def excel_response(lembar: Sequence[Lembar], nama_berkas: str, *, judul: Sequence[str] = ()) -> HttpResponse:
    respon = HttpResponse(
        excel_bytes(lembar, judul=judul),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    respon["Content-Disposition"] = f'attachment; filename="{nama_berkas}"'
    return respon


def laporan_tiga_format(
    request: HttpRequest, *, template: str, ctx: dict[str, Any], nama_berkas: str,
    excel: tuple[Sequence[str], Iterable[Sequence[Any]]], judul_excel: Sequence[str] = (),
) -> HttpResponse:
    """One report three ways: screen (`template`.html), `?format=pdf` (`template`_pdf.html) and `?format=xlsx`."""
    from django.shortcuts import render

    fmt = request.GET.get("format")
    if fmt == "pdf":
        return pdf_response(request, f"{template}_pdf.html", ctx, f"{nama_berkas}.pdf")
    if fmt == "xlsx":
        kepala, baris = excel
        return excel_response([(str(ctx.get("judul", nama_berkas)), kepala, baris)], f"{nama_berkas}.xlsx",
                              judul=judul_excel)
    return render(request, f"{template}.html", ctx)
