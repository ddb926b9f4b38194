"""Pages of the report pack: ask for it, watch its progress (htmx), download its files within scope."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kotaku.akses import akses_lkm
from kotaku.errors import KesalahanDomain
from kotaku.tampilan import Permintaan
from kotaku.tanggal import hari_ini
from laporan import paket as layanan
from laporan.forms import FormulirPaket
from laporan.models import BerkasPaket, PaketLaporan, StatusKerja


def paket_terlihat(user: object) -> QuerySet[PaketLaporan]:
    """Packs the user may see: those whose LKMs are all in the user's scope."""
    milik = list(akses_lkm(user).values_list("pk", flat=True))
    return PaketLaporan.objects.filter(lingkup__contained_by=milik)


@login_required
def daftar(request: Permintaan) -> HttpResponse:
    tahun_lalu = hari_ini().year - 1
    form = FormulirPaket(
        request.POST or None, initial={"jenis": PaketLaporan.Jenis.TAHUNAN, "tahun": tahun_lalu}
    )
    if request.method == "POST" and form.is_valid():
        try:
            paket = layanan.minta_paket(oleh=request.user, **form.cleaned_data)
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(
                request, "Laporan sedang disusun oleh worker; halaman ini memperbarui kemajuannya."
            )
            return redirect("laporan:paket_detail", paket_id=paket.pk)
    terbaru = paket_terlihat(request.user).select_related("diminta_oleh", "kecamatan")[:20]
    return render(request, "laporan/paket_daftar.html", {"form": form, "daftar": terbaru})


@login_required
def detail(request: Permintaan, paket_id: int) -> HttpResponse:
    paket = get_object_or_404(
        paket_terlihat(request.user).select_related("kecamatan", "diminta_oleh"), pk=paket_id
    )
    berkas = list(
        paket.berkas.select_related("lkm__desa").order_by(F("lkm__desa__nama").asc(nulls_last=True))
    )
    konteks = {
        "jumlah_selesai": sum(1 for b in berkas if b.status in (StatusKerja.SELESAI, StatusKerja.GAGAL)),
        "paket": paket,
        "berkas": berkas,
        "jalan": paket.status in (StatusKerja.ANTRE, StatusKerja.BERJALAN),
        "terbaru": layanan.paket_terbaru(paket),
    }
    template = "laporan/paket_detail.html#kemajuan" if request.htmx else "laporan/paket_detail.html"
    return render(request, template, konteks)


def _kirim_berkas(jalur: str, nama: str, jenis: str) -> FileResponse:
    lengkap = Path(settings.MEDIA_ROOT) / jalur
    if not jalur or not lengkap.is_file():
        raise Http404
    return FileResponse(
        lengkap.open("rb"), content_type=jenis, as_attachment=jenis != "application/pdf", filename=nama
    )


@login_required
def unduh_berkas(request: Permintaan, paket_id: int, berkas_id: int) -> FileResponse:
    """One desa's PDF (its LKM in scope) or the roll-up (every LKM of the pack in scope)."""
    berkas = get_object_or_404(
        BerkasPaket.objects.select_related("paket", "lkm"),
        pk=berkas_id,
        paket_id=paket_id,
        status=StatusKerja.SELESAI,
    )
    if not layanan.boleh_unduh(request.user, berkas.paket, berkas):
        raise Http404
    return _kirim_berkas(berkas.jalur, berkas.jalur.rsplit("/", 1)[-1], "application/pdf")


@login_required
def unduh_arsip(request: Permintaan, paket_id: int) -> FileResponse:
    paket = get_object_or_404(PaketLaporan, pk=paket_id, status=StatusKerja.SELESAI)
    if not layanan.boleh_unduh(request.user, paket, None):
        raise Http404
    return _kirim_berkas(paket.arsip, paket.arsip.rsplit("/", 1)[-1], "application/zip")
