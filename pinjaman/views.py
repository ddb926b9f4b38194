"""Loan pages: list, application, detail with one form per workflow action, collection sheet, receipts,
reports.

Thin: a form parses, a service writes and checks the role (`kotaku.akses.HAK`), a builder computes a report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Min, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from kotaku.akses import boleh, wajib_boleh
from kotaku.dokumen import pdf_laporan, pdf_response, respon_laporan
from kotaku.errors import KesalahanDomain
from kotaku.forms import FormulirPeriode
from kotaku.models import LKM
from kotaku.selectors import kebijakan_berlaku
from kotaku.tampilan import Permintaan, halaman_lkm
from kotaku.tanggal import format_tanggal, hari_ini
from kotaku.uang import format_rupiah
from ksm.selectors import akses_ksm, keanggotaan_aktif
from pinjaman import laporan, services
from pinjaman.forms import (
    FormulirAjukan,
    FormulirBalikPembayaran,
    FormulirCairkan,
    FormulirCatatan,
    FormulirHapusBuku,
    FormulirJadwalUlang,
    FormulirLembarTagih,
    FormulirPemulihan,
    FormulirTanggal,
    FormulirTolak,
)
from pinjaman.models import Angsuran, HapusBuku, Pembayaran, Pinjaman, StatusPinjaman
from pinjaman.selectors import TagihanAnggota, akses_pinjaman, pinjaman_ksm, posisi_pinjaman, tagihan_lembar

PILIHAN_STATUS = {s for s, _ in StatusPinjaman.choices}


@login_required
def daftar(request: Permintaan) -> HttpResponse:
    qs = akses_pinjaman(request.user).select_related("ksm", "lkm__desa").order_by("-tanggal_pengajuan", "-pk")
    status = request.GET.get("status") or ""
    if status in PILIHAN_STATUS:
        qs = qs.filter(status=status)
    halaman = Paginator(qs, 25).get_page(request.GET.get("halaman"))
    return render(
        request,
        "pinjaman/daftar.html",
        {
            "halaman": halaman,
            "status": status,
            "pilihan_status": StatusPinjaman.choices,
            "bisa_ajukan": boleh(request.user, "pinjaman.ajukan"),
        },
    )


@login_required
def ajukan(request: Permintaan) -> HttpResponse:
    """Application for an eligible KSM: one share per active member; every failed rule is shown."""
    wajib_boleh(request.user, "pinjaman.ajukan")
    daftar_ksm = akses_ksm(request.user).filter(jenis="pinjaman_bergulir", status="aktif").order_by("nama")
    pilihan = request.POST.get("ksm") or request.GET.get("ksm") or ""
    ksm = get_object_or_404(daftar_ksm, pk=int(pilihan)) if pilihan.isascii() and pilihan.isdigit() else None
    if ksm is None:
        return render(request, "pinjaman/ajukan.html", {"daftar_ksm": daftar_ksm, "ksm": None})
    kebijakan = kebijakan_berlaku(lkm=ksm.lkm, tanggal=hari_ini())
    anggota = [k.anggota for k in keanggotaan_aktif(ksm)]
    awal = {
        "tanggal_pengajuan": hari_ini(),
        "jangka_bulan": min(10, kebijakan.jangka_maks_bulan),
        "metode_jasa": kebijakan.metode_jasa,
        "jasa_persen_per_bulan": kebijakan.jasa_persen_per_bulan,
    }
    form = FormulirAjukan(request.POST if request.method == "POST" else None, anggota=anggota, initial=awal)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            p = services.ajukan_pinjaman(
                ksm=ksm,
                tanggal_pengajuan=d["tanggal_pengajuan"],
                jangka_bulan=d["jangka_bulan"],
                frekuensi=d["frekuensi"],
                metode_jasa=d["metode_jasa"],
                jasa_persen=d["jasa_persen_per_bulan"],
                bagian=[services.BagianDiminta(a, pokok) for a, pokok in form.bagian()],
                kunci=d["kunci"],
                oleh=request.user,
            )
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(
                request, f"Pengajuan pinjaman #{p.pk} untuk {ksm.nama} dicatat; menunggu verifikasi."
            )
            return redirect("pinjaman:detail", pinjaman_id=p.pk)
    return render(
        request,
        "pinjaman/ajukan.html",
        {"daftar_ksm": daftar_ksm, "ksm": ksm, "form": form, "kebijakan": kebijakan},
    )


def _pinjaman(request: Permintaan, pinjaman_id: int) -> Pinjaman:
    return get_object_or_404(
        akses_pinjaman(request.user).select_related(
            "ksm", "lkm__desa", "diverifikasi_oleh", "disetujui_oleh", "ditolak_oleh", "diajukan_oleh"
        ),
        pk=pinjaman_id,
    )


AKSI = ("verifikasi", "setujui", "tolak", "cairkan", "bayar", "koreksi", "hapus_buku", "jadwal_ulang")


def _halaman_detail(request: Permintaan, p: Pinjaman, **form_gagal: forms.Form) -> HttpResponse:
    """The loan page; a refused action re-renders with its form (what was
    typed kept, the error on the field)."""
    per = hari_ini()
    jadwal = (
        Angsuran.objects.filter(pinjaman=p, versi=p.versi_jadwal)
        .values("ke")
        .annotate(jatuh_tempo=Min("jatuh_tempo"), pokok=Sum("pokok"), jasa=Sum("jasa"))
        .order_by("ke")
    )
    hari = {"tanggal": per, "mulai": per}
    kosong: dict[str, type[forms.Form]] = {
        "verifikasi": FormulirCatatan,
        "setujui": FormulirCatatan,
        "tolak": FormulirTolak,
        "cairkan": FormulirCairkan,
        "hapus_buku": FormulirHapusBuku,
        "jadwal_ulang": FormulirJadwalUlang,
        "pemulihan": FormulirPemulihan,
    }
    # Each action's form has ids of its own (`hapus_buku-tanggal`): several are on the page at once.
    formulir = {nama: kelas(initial=hari, auto_id=f"{nama}-%s") for nama, kelas in kosong.items()}
    for nama, form in form_gagal.items():
        form.auto_id = f"{nama}-%s"
        formulir[nama] = form
    return render(
        request,
        "pinjaman/detail.html",
        {
            "p": p,
            "per": per,
            "posisi": posisi_pinjaman(pinjaman=p, per=per),
            "jadwal": jadwal,
            "bagian": p.bagian.select_related("anggota").order_by("anggota__nama"),
            "pembayaran": p.pembayaran.select_related("dibuat_oleh").order_by("tanggal", "pk"),
            "bisa": {a: boleh(request.user, f"pinjaman.{a}") for a in AKSI},
            "form": formulir,
            "jadwal_ulang": p.jadwal_ulang.select_related("oleh").order_by("versi"),
            "galat_aksi": [e for f in form_gagal.values() for daftar in f.errors.values() for e in daftar],
        },
        status=400 if form_gagal else 200,
    )


@login_required
def detail(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    return _halaman_detail(request, _pinjaman(request, pinjaman_id))


def _aksi(
    request: Permintaan,
    pinjaman_id: int,
    *,
    nama: str,
    form_class: type[forms.Form],
    jalankan: Callable[[Pinjaman, dict[str, Any]], object],
    berhasil: str,
) -> HttpResponse:
    """One workflow action: its form parses, its service runs (and checks the role); a refusal stays on the
    page."""
    p = _pinjaman(request, pinjaman_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            jalankan(p, form.cleaned_data)
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)  # type: ignore[attr-defined]
        else:
            messages.success(request, berhasil)
            return redirect("pinjaman:detail", pinjaman_id=p.pk)
    return _halaman_detail(request, p, **{nama: form})


@require_POST
@login_required
def verifikasi(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    return _aksi(
        request,
        pinjaman_id,
        nama="verifikasi",
        form_class=FormulirCatatan,
        jalankan=lambda p, d: services.verifikasi(pinjaman=p, oleh=request.user, catatan=d["catatan"]),
        berhasil="Pengajuan diverifikasi.",
    )


@require_POST
@login_required
def setujui(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    return _aksi(
        request,
        pinjaman_id,
        nama="setujui",
        form_class=FormulirCatatan,
        jalankan=lambda p, d: services.setujui(pinjaman=p, oleh=request.user, catatan=d["catatan"]),
        berhasil="Pinjaman disetujui.",
    )


@require_POST
@login_required
def tolak(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    return _aksi(
        request,
        pinjaman_id,
        nama="tolak",
        form_class=FormulirTolak,
        jalankan=lambda p, d: services.tolak(pinjaman=p, oleh=request.user, alasan=d["alasan"]),
        berhasil="Pengajuan ditolak.",
    )


@require_POST
@login_required
def cairkan(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    return _aksi(
        request,
        pinjaman_id,
        nama="cairkan",
        form_class=FormulirCairkan,
        jalankan=lambda p, d: services.cairkan(pinjaman=p, oleh=request.user, **d),
        berhasil="Pinjaman dicairkan; jurnal dicatat.",
    )


@require_POST
@login_required
def hapus_buku(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    return _aksi(
        request,
        pinjaman_id,
        nama="hapus_buku",
        form_class=FormulirHapusBuku,
        jalankan=lambda p, d: services.hapus_buku(pinjaman=p, oleh=request.user, **d),
        berhasil="Pinjaman dihapusbukukan.",
    )


@require_POST
@login_required
def jadwal_ulang(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    return _aksi(
        request,
        pinjaman_id,
        nama="jadwal_ulang",
        form_class=FormulirJadwalUlang,
        jalankan=lambda p, d: services.jadwal_ulang(pinjaman=p, oleh=request.user, **d),
        berhasil="Jadwal baru berlaku; jadwal lama tetap tersimpan.",
    )


@require_POST
@login_required
def pemulihan(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    return _aksi(
        request,
        pinjaman_id,
        nama="pemulihan",
        form_class=FormulirPemulihan,
        jalankan=lambda p, d: services.catat_pemulihan(pinjaman=p, oleh=request.user, **d),
        berhasil="Pemulihan dicatat sebagai pendapatan.",
    )


@require_POST
@login_required
def balik_pembayaran(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    def jalankan(p: Pinjaman, d: dict[str, Any]) -> object:
        bayar = get_object_or_404(Pembayaran, pinjaman=p, pk=d["pembayaran"])
        return services.balik_pembayaran(pembayaran=bayar, alasan=d["alasan"], oleh=request.user)

    return _aksi(
        request,
        pinjaman_id,
        nama="balik",
        form_class=FormulirBalikPembayaran,
        jalankan=jalankan,
        berhasil="Pembayaran dibalik.",
    )


@login_required
def lembar_tagih(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    """The collection sheet of a KSM meeting: each member's due on the meeting date (DOMAIN.md §4), what each
    paid, who covered whom. Changing the date recomputes the dues (htmx swaps the sheet); a refused sheet
    comes back with everything that was typed."""
    p = _pinjaman(request, pinjaman_id)
    anggota = sorted((b.anggota for b in p.bagian.select_related("anggota")), key=lambda a: a.nama)
    if request.method == "POST":
        form = FormulirLembarTagih(request.POST, anggota=anggota)
        if form.is_valid():
            rincian = [services.BayarAnggota(a, jumlah, oleh) for a, jumlah, oleh in form.bayar()]
            try:
                bayar = services.catat_pembayaran(
                    pinjaman=p,
                    tanggal=form.cleaned_data["tanggal"],
                    jumlah=sum(r.jumlah for r in rincian),
                    kunci=form.cleaned_data["kunci"],
                    oleh=request.user,
                    rincian=rincian,
                )
            except KesalahanDomain as exc:
                form.tampilkan_galat(exc)
            else:
                messages.success(
                    request,
                    f"Pembayaran {format_tanggal(bayar.tanggal)} dicatat: pokok {format_rupiah(bayar.pokok)} "
                    f"dan jasa {format_rupiah(bayar.jasa)}.",
                )
                return redirect("pinjaman:bayar_selesai", pembayaran_id=bayar.pk)
        tanggal = form.cleaned_data.get("tanggal") or hari_ini()
        pilih = FormulirTanggal(initial={"tanggal": tanggal}, auto_id="pilih-%s")
        tagihan = tagihan_lembar(pinjaman=p, tanggal=tanggal)
    else:
        pilih = FormulirTanggal(request.GET or None, initial={"tanggal": hari_ini()}, auto_id="pilih-%s")
        tanggal = pilih.cleaned_data["tanggal"] if pilih.is_valid() else hari_ini()
        tagihan = tagihan_lembar(pinjaman=p, tanggal=tanggal)
        form = FormulirLembarTagih(
            anggota=anggota,
            initial={
                "tanggal": tanggal,
                **{f"bayar_{a.pk}": tagihan[a.pk].usul for a in anggota if a.pk in tagihan},
            },
        )
    kosong = TagihanAnggota()
    konteks = {
        "p": p,
        "form": form,
        "pilih": pilih,
        "tanggal": tanggal,
        "baris": [
            {
                "anggota": a,
                "tagihan": tagihan.get(a.pk, kosong),
                "bayar": form[f"bayar_{a.pk}"],
                "oleh": form[f"oleh_{a.pk}"],
            }
            for a in anggota
        ],
        "total": {
            "tertunggak": sum(t.tertunggak for t in tagihan.values()),
            "berikut": sum(t.berikut for t in tagihan.values()),
            "usul": sum(t.usul for t in tagihan.values()),
        },
    }
    template = "pinjaman/lembar_tagih.html#lembar" if request.htmx else "pinjaman/lembar_tagih.html"
    return render(request, template, konteks, status=400 if request.method == "POST" else 200)


@login_required
def bayar_selesai(request: Permintaan, pembayaran_id: int) -> HttpResponse:
    """What the sheet posted: the payment per member, pokok and jasa, and its receipt."""
    bayar = get_object_or_404(
        Pembayaran.objects.select_related("pinjaman__ksm", "dibuat_oleh"),
        pk=pembayaran_id,
        pinjaman__in=akses_pinjaman(request.user),
    )
    rincian = (
        bayar.rincian.values("angsuran__bagian__anggota__nama", "dibayar_oleh__nama")
        .annotate(pokok=Sum("pokok"), jasa=Sum("jasa"))
        .order_by("angsuran__bagian__anggota__nama")
    )
    posisi = posisi_pinjaman(pinjaman=bayar.pinjaman, per=bayar.tanggal)
    return render(
        request,
        "pinjaman/bayar_selesai.html",
        {"bayar": bayar, "p": bayar.pinjaman, "rincian": rincian, "posisi": posisi},
    )


@login_required
def kuitansi(request: Permintaan, pembayaran_id: int) -> HttpResponse:
    bayar = get_object_or_404(
        Pembayaran.objects.select_related("pinjaman__ksm", "lkm__desa__kecamatan__kabupaten"),
        pk=pembayaran_id,
        pinjaman__in=akses_pinjaman(request.user),
    )
    rincian = bayar.rincian.select_related("angsuran__bagian__anggota", "dibayar_oleh").order_by(
        "angsuran__bagian__anggota__nama", "angsuran__ke"
    )
    return pdf_response(
        "pinjaman/kuitansi_pdf.html",
        {"bayar": bayar, "rincian": rincian, "lkm": bayar.lkm, "judul": "Kuitansi Angsuran"},
        f"kuitansi-{bayar.pk}.pdf",
    )


@login_required
def perjanjian(request: Permintaan, pinjaman_id: int) -> HttpResponse:
    """Loan agreement (PB.03) and disbursement receipt listing each member's share, with terbilang."""
    p = get_object_or_404(
        akses_pinjaman(request.user).select_related("ksm", "lkm__desa__kecamatan__kabupaten"), pk=pinjaman_id
    )
    return pdf_response(
        "pinjaman/perjanjian_pdf.html",
        {
            "p": p,
            "lkm": p.lkm,
            "judul": "Surat Perjanjian Pinjaman (PB.03) dan Tanda Terima Pencairan",
            "bagian": p.bagian.select_related("anggota").order_by("anggota__nama"),
            "angsuran_pertama": Angsuran.objects.filter(pinjaman=p, ke=1, versi=1).aggregate(
                pokok=Sum("pokok"), jasa=Sum("jasa")
            ),
        },
        f"perjanjian-{p.pk}.pdf",
    )


@login_required
def kartu(request: Permintaan, pinjaman_id: int, anggota_id: int) -> HttpResponse:
    """Kartu Pinjaman (U6) of one member (PDF)."""
    p = get_object_or_404(
        akses_pinjaman(request.user).select_related("ksm", "lkm__desa__kecamatan__kabupaten"), pk=pinjaman_id
    )
    bagian = get_object_or_404(p.bagian.select_related("anggota"), anggota_id=anggota_id)
    lap = laporan.laporan_kartu(pinjaman=p, bagian=bagian)
    respon = HttpResponse(pdf_laporan(lap), content_type="application/pdf")
    respon["Content-Disposition"] = f'inline; filename="{lap.nama_berkas}.pdf"'
    return respon


# ---- reports of one LKM ------------------------------------------------------------------------------------


@login_required
def ringkasan_ksm(request: Permintaan, ksm_id: int) -> HttpResponse:
    """The loans of a KSM with today's arrears and next instalment: an htmx fragment the KSM page loads (the
    groups' floor never imports loans)."""
    ksm = get_object_or_404(akses_ksm(request.user).select_related("lkm"), pk=ksm_id)
    per = hari_ini()
    # A fragment: rendered without the page's context processors (no menu to build for it).
    return HttpResponse(
        render_to_string(
            "pinjaman/_ringkasan_ksm.html", {"ksm": ksm, "per": per, "daftar": pinjaman_ksm(ksm=ksm, per=per)}
        )
    )


@halaman_lkm
def kolektibilitas(request: Permintaan, lkm: LKM) -> HttpResponse:
    """LU-02 as of a date: outstanding by class, LAR, PAR, required and booked reserve."""
    saring = FormulirPeriode(request.GET, jenis="per", lkm=lkm)
    return respon_laporan(request, laporan.laporan_lu02(lkm=lkm, per=saring.per_tanggal), saring=saring)


@halaman_lkm
def register(request: Permintaan, lkm: LKM) -> HttpResponse:
    """LU-04 Register Pinjaman as of a date."""
    saring = FormulirPeriode(request.GET, jenis="per", lkm=lkm)
    return respon_laporan(request, laporan.laporan_lu04(lkm=lkm, per=saring.per_tanggal), saring=saring)


@halaman_lkm
def perkembangan(request: Permintaan, lkm: LKM) -> HttpResponse:
    """Laporan Perkembangan Pinjaman of a month."""
    saring = FormulirPeriode(request.GET, jenis="bulan", lkm=lkm)
    tahun, bulan = saring.tahun_bulan
    return respon_laporan(
        request, laporan.laporan_perkembangan(lkm=lkm, tahun=tahun, bulan=bulan), saring=saring
    )


@halaman_lkm
def hapus_buku_daftar(request: Permintaan, lkm: LKM) -> HttpResponse:
    """The off-balance register: written-off loans, their decisions and recoveries."""
    baris = (
        HapusBuku.objects.filter(pinjaman__lkm=lkm)
        .select_related("pinjaman__ksm")
        .annotate(pulih=Sum("pinjaman__pemulihan__jumlah"))
        .order_by("tanggal")
    )
    return render(request, "pinjaman/hapus_buku.html", {"lkm": lkm, "baris": baris})
