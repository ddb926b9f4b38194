"""Savings screens: the meeting sheet, a deposit/withdrawal, Kartu
Tabungan (U7), Register Tabungan (LU-06)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kotaku.akses import wajib_boleh
from kotaku.context_processors import lkm_aktif
from kotaku.dokumen import Laporan, pdf_laporan, respon_laporan
from kotaku.errors import KesalahanDomain
from kotaku.forms import FormulirPeriode
from kotaku.models import LKM
from kotaku.tampilan import Permintaan, halaman_lkm
from kotaku.tanggal import format_tanggal, hari_ini
from kotaku.uang import format_rupiah
from ksm.models import Anggota, TransaksiTabungan
from ksm.selectors import akses_ksm, keanggotaan_aktif, saldo_anggota
from ksm.tabungan import services
from ksm.tabungan.forms import FormulirKoreksi, FormulirPertemuan, FormulirTransaksi
from ksm.tabungan.laporan import laporan_lu06, laporan_u07


@login_required
def pertemuan(request: Permintaan, pk: int) -> HttpResponse:
    """The meeting sheet for a phone: attendance per member and deposits, one submit."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=pk)
    wajib_boleh(request.user, "ksm.tulis")
    anggota = list(keanggotaan_aktif(ksm))
    form = FormulirPertemuan(request.POST or None, anggota=anggota, initial={"tanggal": hari_ini()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        if any(form.setoran().values()):
            wajib_boleh(request.user, "tabungan.tulis")
        try:
            p = services.catat_pertemuan_dan_tabungan(
                ksm=ksm,
                tanggal=cd["tanggal"],
                kehadiran=form.kehadiran(),
                setoran=form.setoran(),
                kunci=cd["kunci"],
                oleh=request.user,
                agenda=cd["agenda"],
                tempat=cd["tempat"],
                notulen=cd["notulen"],
                perkara_kritis=cd["perkara_kritis"],
                keputusan=cd["keputusan"],
            )
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            total = sum(form.setoran().values())
            messages.success(
                request,
                f"Pertemuan {format_tanggal(p.tanggal)} dicatat: "
                f"{sum(1 for s in form.kehadiran().values() if s == 'hadir')}"
                f" hadir, tabungan {format_rupiah(total)}.",
            )
            return redirect("ksm:detail", pk=ksm.pk)
    return render(request, "tabungan/pertemuan.html", {"ksm": ksm, "form": form})


def _pilihan_anggota(ksm: Any) -> list[tuple[int, str]]:
    """Current members, then former members who still have savings to take out."""
    sekarang = [(k.anggota_id, k.anggota.nama) for k in keanggotaan_aktif(ksm)]
    ada = {a for a, _ in sekarang}
    mantan = (
        Anggota.objects.filter(tabungan__ksm=ksm)
        .exclude(pk__in=ada)
        .distinct()
        .order_by("nama")
        .values_list("pk", "nama")
    )
    return sekarang + [(a, f"{n} (sudah keluar)") for a, n in mantan]


@login_required
def transaksi(request: Permintaan, pk: int) -> HttpResponse:
    """One deposit or withdrawal outside a meeting."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=pk)
    wajib_boleh(request.user, "tabungan.tulis")
    form = FormulirTransaksi(
        request.POST or None,
        pilihan_anggota=_pilihan_anggota(ksm),
        initial={"tanggal": hari_ini(), "melalui": "kas"},
    )
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        anggota = get_object_or_404(Anggota, pk=cd["anggota"], lkm_id=ksm.lkm_id)
        try:
            t = services.catat_tabungan(
                ksm=ksm,
                anggota=anggota,
                tanggal=cd["tanggal"],
                jumlah=form.jumlah_bertanda(),
                kunci=cd["kunci"],
                oleh=request.user,
                melalui=cd["melalui"],
            )
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            saldo = saldo_anggota(ksm=ksm, anggota=anggota)
            jenis = "Setoran" if t.jumlah > 0 else "Penarikan"
            messages.success(
                request,
                f"{jenis} {format_rupiah(abs(t.jumlah))} {anggota.nama} dicatat; saldo "
                f"{format_rupiah(saldo)}.",
            )
            return redirect("tabungan:kartu", pk=ksm.pk, anggota_id=anggota.pk)
    return render(request, "tabungan/transaksi.html", {"ksm": ksm, "form": form})


def _kartu(request: Permintaan, pk: int, anggota_id: int) -> Laporan:
    ksm = get_object_or_404(akses_ksm(request.user), pk=pk)
    anggota = get_object_or_404(Anggota, pk=anggota_id, lkm_id=ksm.lkm_id)
    if (
        not ksm.keanggotaan.filter(anggota=anggota).exists()
        and not ksm.tabungan.filter(anggota=anggota).exists()
    ):
        raise Http404
    return laporan_u07(ksm=ksm, anggota=anggota, per=hari_ini())


@login_required
def kartu(request: Permintaan, pk: int, anggota_id: int) -> HttpResponse:
    return respon_laporan(request, _kartu(request, pk, anggota_id))


@login_required
def kartu_pdf(request: Permintaan, pk: int, anggota_id: int) -> HttpResponse:
    lap = _kartu(request, pk, anggota_id)
    respon = HttpResponse(pdf_laporan(lap), content_type="application/pdf")
    respon["Content-Disposition"] = f'inline; filename="{lap.nama_berkas}.pdf"'
    return respon


@halaman_lkm
def register(request: Permintaan, lkm: LKM) -> HttpResponse:
    """LU-06 of one LKM as of a date (screen, PDF, Excel)."""
    saring = FormulirPeriode(request.GET, jenis="per", lkm=lkm)
    return respon_laporan(request, laporan_lu06(lkm=lkm, per=saring.per_tanggal), saring=saring)


@login_required
def register_lkm_aktif(request: Permintaan) -> HttpResponse:
    """The menu's entry without an LKM: the register of the LKM the user is working on."""
    lkm = lkm_aktif(request)
    if lkm is None:
        raise Http404
    return redirect("tabungan:register", lkm_id=lkm.pk)


@require_POST
@login_required
def koreksi(request: Permintaan, tabungan_id: int) -> HttpResponse:
    """The Manajer corrects a mistaken savings entry by an opposite entry with a reason."""
    tabungan = get_object_or_404(
        TransaksiTabungan.objects.select_related("ksm", "anggota"),
        pk=tabungan_id,
        ksm__in=akses_ksm(request.user),
    )
    form = FormulirKoreksi(request.POST)
    if form.is_valid():
        try:
            k = services.koreksi_tabungan(
                tabungan=tabungan, alasan=form.cleaned_data["alasan"], oleh=request.user
            )
        except KesalahanDomain as exc:
            messages.error(request, exc.pesan)
        else:
            messages.success(
                request,
                f"Tabungan {tabungan.anggota.nama} {format_rupiah(tabungan.jumlah)} dikoreksi dengan "
                f"{format_rupiah(k.jumlah)} ({k.alasan}).",
            )
    else:
        messages.error(request, "Alasan koreksi wajib diisi.")
    if tabungan.pertemuan_id:
        return redirect("ksm:pertemuan", pk=tabungan.ksm_id, pertemuan_id=tabungan.pertemuan_id)
    return redirect("tabungan:kartu", pk=tabungan.ksm_id, anggota_id=tabungan.anggota_id)
