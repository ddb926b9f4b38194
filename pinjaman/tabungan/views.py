"""Savings screens: the meeting sheet, a deposit/withdrawal, Kartu Tabungan (U7), Register Tabungan (LU-06)."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kotaku.akses import akses_lkm, wajib_boleh
from kotaku.context_processors import lkm_aktif
from kotaku.dokumen import pdf_response
from kotaku.errors import KesalahanDomain
from kotaku.tanggal import format_tanggal, hari_ini
from kotaku.uang import format_rupiah
from ksm.models import Anggota
from ksm.selectors import akses_ksm, kartu_tabungan, keanggotaan_aktif, register_tabungan, saldo_anggota
from pinjaman.tabungan import services
from pinjaman.tabungan.forms import FormulirPertemuan, FormulirTransaksi


@login_required
def pertemuan(request: HttpRequest, pk: int) -> HttpResponse:
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
                ksm=ksm, tanggal=cd["tanggal"], kehadiran=form.kehadiran(), setoran=form.setoran(),
                kunci=cd["kunci"], oleh=request.user, agenda=cd["agenda"], tempat=cd["tempat"],
                notulen=cd["notulen"], perkara_kritis=cd["perkara_kritis"], keputusan=cd["keputusan"],
            )  # fmt: skip
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            total = sum(form.setoran().values())
            messages.success(
                request,
                f"Pertemuan {format_tanggal(p.tanggal)} dicatat: {sum(1 for s in form.kehadiran().values() if s == 'hadir')}"
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
def transaksi(request: HttpRequest, pk: int) -> HttpResponse:
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
                ksm=ksm, anggota=anggota, tanggal=cd["tanggal"], jumlah=form.jumlah_bertanda(), kunci=cd["kunci"],
                oleh=request.user, melalui=cd["melalui"],
            )  # fmt: skip
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            saldo = saldo_anggota(ksm=ksm, anggota=anggota)
            jenis = "Setoran" if t.jumlah > 0 else "Penarikan"
            messages.success(
                request,
                f"{jenis} {format_rupiah(abs(t.jumlah))} {anggota.nama} dicatat; saldo {format_rupiah(saldo)}.",
            )
            return redirect("tabungan:kartu", pk=ksm.pk, anggota_id=anggota.pk)
    return render(request, "tabungan/transaksi.html", {"ksm": ksm, "form": form})


def _kartu(request: HttpRequest, pk: int, anggota_id: int) -> dict[str, Any]:
    ksm = get_object_or_404(akses_ksm(request.user), pk=pk)
    anggota = get_object_or_404(Anggota, pk=anggota_id, lkm_id=ksm.lkm_id)
    baris = list(kartu_tabungan(ksm=ksm, anggota=anggota))
    if not baris and not ksm.keanggotaan.filter(anggota=anggota).exists():
        raise Http404
    return {
        "ksm": ksm, "anggota": anggota, "baris": baris, "lkm": ksm.lkm,
        "saldo": baris[-1].saldo_berjalan if baris else 0,  # type: ignore[attr-defined]
        "judul": f"Kartu Tabungan (U7) {anggota.nama}", "periode": f"KSM {ksm.nama} · per {format_tanggal(hari_ini())}",
    }  # fmt: skip


@login_required
def kartu(request: HttpRequest, pk: int, anggota_id: int) -> HttpResponse:
    return render(request, "tabungan/kartu.html", _kartu(request, pk, anggota_id))


@login_required
def kartu_pdf(request: HttpRequest, pk: int, anggota_id: int) -> HttpResponse:
    konteks = _kartu(request, pk, anggota_id)
    return pdf_response(request, "tabungan/kartu_pdf.html", konteks, f"kartu-tabungan-{anggota_id}.pdf")


def _register(request: HttpRequest) -> dict[str, Any]:
    nilai = request.GET.get("lkm")
    lkm = (
        get_object_or_404(akses_lkm(request.user), pk=int(nilai))
        if nilai and nilai.isdigit()
        else lkm_aktif(request)
    )
    if lkm is None:
        raise Http404
    try:
        per = date.fromisoformat(request.GET.get("per") or "")
    except ValueError:
        per = hari_ini()
    baris = register_tabungan(lkm=lkm, per=per)
    kelompok = []
    for (ksm_id, ksm_nama), isi in groupby(baris, key=lambda b: (b.ksm_id, b.ksm_nama)):
        isi = list(isi)  # type: ignore[assignment]
        kelompok.append({
            "ksm_id": ksm_id, "nama": ksm_nama, "baris": isi,
            "setoran": sum(b.setoran for b in isi), "penarikan": sum(b.penarikan for b in isi),
            "saldo": sum(b.saldo for b in isi),
        })  # fmt: skip
    return {
        "lkm": lkm, "per": per, "kelompok": kelompok,
        "total": {
            "setoran": sum(b.setoran for b in baris), "penarikan": sum(b.penarikan for b in baris),
            "saldo": sum(b.saldo for b in baris), "anggota": len(baris),
        },
        "pilihan_lkm": akses_lkm(request.user).order_by("desa__nama"),
        "judul": "Register Tabungan KSM (LU-06)", "periode": f"Per {format_tanggal(per)}",
    }  # fmt: skip


@login_required
def register(request: HttpRequest) -> HttpResponse:
    return render(request, "tabungan/register.html", _register(request))


@login_required
def register_pdf(request: HttpRequest) -> HttpResponse:
    konteks = _register(request)
    nama = (
        f"register-tabungan-{konteks['lkm'].desa.nama.lower().replace(' ', '-')}-{konteks['per']:%Y%m%d}.pdf"
    )
    return pdf_response(request, "tabungan/register_pdf.html", konteks, nama)
