"""Pages of the books: vouchers, books and reports (screen, PDF, Excel), month and year close, opening
balances.

Thin: a form parses, a service writes (and checks the role), a report builder computes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kotaku.akses import boleh
from kotaku.buku import akun as kode_akun
from kotaku.buku import laporan, services
from kotaku.buku.akun import BAGAN_AKUN, JenisAkun
from kotaku.buku.forms import (
    FormulirBalik,
    FormulirBukaBulan,
    FormulirSaldoAwal,
    FormulirTransaksiKas,
    FormulirTutupBulan,
    FormulirTutupTahun,
)
from kotaku.buku.models import Akun, JenisJurnal, Jurnal, PeriodeTutup
from kotaku.dokumen import pdf_response, respon_laporan
from kotaku.errors import KesalahanDomain
from kotaku.forms import FormulirPeriode
from kotaku.models import LKM
from kotaku.tampilan import Permintaan, halaman_lkm
from kotaku.tanggal import format_bulan, hari_ini, tambah_bulan

# ---- reports -----------------------------------------------------------------------------------------------


def _buku_akun(request: Permintaan, lkm: LKM, kode: str) -> HttpResponse:
    """Buku Kas, Buku Bank or the Buku Besar of `?akun=`, for a period."""
    kode = request.GET.get("akun", kode)
    if not Akun.objects.filter(lkm=lkm, kode=kode).exists():
        raise Http404
    saring = FormulirPeriode(request.GET, jenis="rentang", lkm=lkm)
    dari, sampai = saring.rentang
    lap = laporan.laporan_buku_akun(lkm=lkm, kode=kode, dari=dari, sampai=sampai)
    if "akun" in request.GET:
        lap.parameter["akun"] = kode
    return respon_laporan(request, lap, saring=saring)


@halaman_lkm
def buku_kas(request: Permintaan, lkm: LKM) -> HttpResponse:
    return _buku_akun(request, lkm, kode_akun.KAS)


@halaman_lkm
def buku_bank(request: Permintaan, lkm: LKM) -> HttpResponse:
    return _buku_akun(request, lkm, kode_akun.BANK_UPK)


@halaman_lkm
def neraca_saldo(request: Permintaan, lkm: LKM) -> HttpResponse:
    saring = FormulirPeriode(request.GET, jenis="rentang", lkm=lkm)
    dari, sampai = saring.rentang
    return respon_laporan(
        request, laporan.laporan_neraca_saldo(lkm=lkm, dari=dari, sampai=sampai), saring=saring
    )


@halaman_lkm
def pendapatan_biaya(request: Permintaan, lkm: LKM) -> HttpResponse:
    """U9: income and costs of the period and of the year to date."""
    saring = FormulirPeriode(request.GET, jenis="rentang", lkm=lkm)
    dari, sampai = saring.rentang
    lap = laporan.laporan_pendapatan_biaya(lkm=lkm, dari=dari, sampai=sampai)
    return respon_laporan(request, lap, saring=saring)


@halaman_lkm
def surplus(request: Permintaan, lkm: LKM) -> HttpResponse:
    """Laporan Surplus/Defisit of a month and the year to date."""
    saring = FormulirPeriode(request.GET, jenis="bulan", lkm=lkm)
    tahun, bulan = saring.tahun_bulan
    return respon_laporan(request, laporan.laporan_surplus(lkm=lkm, tahun=tahun, bulan=bulan), saring=saring)


@halaman_lkm
def neraca(request: Permintaan, lkm: LKM) -> HttpResponse:
    saring = FormulirPeriode(request.GET, jenis="per", lkm=lkm)
    return respon_laporan(request, laporan.laporan_neraca(lkm=lkm, per=saring.per_tanggal), saring=saring)


# ---- vouchers and journals ---------------------------------------------------------------------------------


@halaman_lkm
def transaksi_baru(request: Permintaan, lkm: LKM) -> HttpResponse:
    """Cash in/out and transfers entered by UPK staff; a hidden key makes a double submit post once."""
    form = FormulirTransaksiKas(request.POST or None, initial={"tanggal": hari_ini()})
    if request.method == "POST" and form.is_valid():
        try:
            jurnal = services.catat_transaksi_kas(lkm=lkm, oleh=request.user, **form.cleaned_data)
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(request, f"Transaksi {jurnal.nomor} dicatat.")
            return redirect("buku:jurnal", lkm_id=lkm.pk, jurnal_id=jurnal.pk)
    terakhir = Jurnal.objects.filter(lkm=lkm).order_by("-dibuat_pada")[:10]
    return render(
        request,
        "buku/transaksi_baru.html",
        {"lkm": lkm, "form": form, "terakhir": terakhir, "bisa": boleh(request.user, "kas.tulis")},
    )


@halaman_lkm
def jurnal_daftar(request: Permintaan, lkm: LKM) -> HttpResponse:
    qs = Jurnal.objects.filter(lkm=lkm).select_related("dibuat_oleh").order_by("-tanggal", "-tahun", "-urut")
    halaman = Paginator(qs, 50).get_page(request.GET.get("halaman"))
    return render(request, "buku/jurnal_daftar.html", {"lkm": lkm, "halaman": halaman})


@halaman_lkm
def jurnal_detail(request: Permintaan, lkm: LKM, jurnal_id: int) -> HttpResponse:
    jurnal = get_object_or_404(
        Jurnal.objects.select_related("membalik", "dibuat_oleh"), lkm=lkm, pk=jurnal_id
    )
    form = FormulirBalik(request.POST or None, initial={"tanggal": hari_ini()})
    if request.method == "POST" and form.is_valid():
        try:
            balik = services.koreksi_jurnal(jurnal=jurnal, oleh=request.user, **form.cleaned_data)
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(request, f"Jurnal {jurnal.nomor} dibalik dengan {balik.nomor}.")
            return redirect("buku:jurnal", lkm_id=lkm.pk, jurnal_id=balik.pk)
    ctx = {
        "lkm": lkm,
        "jurnal": jurnal,
        "baris": jurnal.baris.select_related("akun").order_by("-debit", "id"),
        "form": form,
        "bisa_balik": boleh(request.user, "buku.koreksi"),
        "pembalik": Jurnal.objects.filter(membalik=jurnal).first(),
    }
    return render(request, "buku/jurnal_detail.html", ctx)


@halaman_lkm
def bukti_kas(request: Permintaan, lkm: LKM, jurnal_id: int) -> HttpResponse:
    """Printable voucher (bukti kas) with the amount in words."""
    jurnal = get_object_or_404(Jurnal, lkm=lkm, pk=jurnal_id)
    baris = list(jurnal.baris.select_related("akun").order_by("-debit", "id"))
    jumlah = sum(b.debit for b in baris)
    return pdf_response(
        "buku/bukti_kas_pdf.html",
        {"lkm": lkm, "jurnal": jurnal, "baris": baris, "jumlah": jumlah, "judul": "Bukti Kas"},
        f"bukti-kas-{jurnal.tahun}-{jurnal.urut:06d}.pdf",
    )


# ---- month and year close ----------------------------------------------------------------------------------


def _halaman_tutup(
    request: Permintaan,
    lkm: LKM,
    *,
    form_tutup: FormulirTutupBulan | None = None,
    form_buka: FormulirBukaBulan | None = None,
    form_tahun: FormulirTutupTahun | None = None,
) -> HttpResponse:
    lalu = tambah_bulan(hari_ini(), -1)
    riwayat = PeriodeTutup.objects.filter(lkm=lkm).select_related("ditutup_oleh", "dibuka_oleh")[:36]
    return render(
        request,
        "buku/tutup_bulan.html",
        {
            "lkm": lkm,
            "riwayat": riwayat,
            "form_tutup": form_tutup or FormulirTutupBulan(initial={"tahun": lalu.year, "bulan": lalu.month}),
            "form_buka": form_buka or FormulirBukaBulan(),
            "form_tahun": form_tahun or FormulirTutupTahun(initial={"tahun": hari_ini().year - 1}),
            "bisa_tutup": boleh(request.user, "buku.tutup_bulan"),
            "bisa_buka": boleh(request.user, "buku.buka_bulan"),
        },
    )


@halaman_lkm
def tutup_bulan(request: Permintaan, lkm: LKM) -> HttpResponse:
    """Month close by the Pembuku (the page also reopens, for the board, and closes the year)."""
    if request.method != "POST":
        return _halaman_tutup(request, lkm)
    form = FormulirTutupBulan(request.POST)
    if form.is_valid():
        try:
            services.tutup_bulan(lkm=lkm, oleh=request.user, **form.cleaned_data)
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(
                request, f"{format_bulan(form.cleaned_data['tahun'], form.cleaned_data['bulan'])} ditutup."
            )
            return redirect("buku:tutup_bulan", lkm_id=lkm.pk)
    return _halaman_tutup(request, lkm, form_tutup=form)


@require_POST
@halaman_lkm
def buka_bulan(request: Permintaan, lkm: LKM) -> HttpResponse:
    """The LKM board reopens a closed month, with a reason."""
    form = FormulirBukaBulan(request.POST)
    if form.is_valid():
        try:
            services.buka_bulan(lkm=lkm, oleh=request.user, **form.cleaned_data)
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(request, "Bulan dibuka kembali.")
            return redirect("buku:tutup_bulan", lkm_id=lkm.pk)
    return _halaman_tutup(request, lkm, form_buka=form)


@require_POST
@halaman_lkm
def tutup_tahun(request: Permintaan, lkm: LKM) -> HttpResponse:
    """Year-end close: the year's open months are closed and its income and costs move to 31030."""
    form = FormulirTutupTahun(request.POST)
    if form.is_valid():
        tahun = form.cleaned_data["tahun"]
        try:
            hasil = services.tutup_buku_tahunan(lkm=lkm, tahun=tahun, oleh=request.user)
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            ditutup = (
                f"{len(hasil.bulan_ditutup)} bulan yang masih terbuka ditutup; "
                if hasil.bulan_ditutup
                else ""
            )
            messages.success(
                request,
                f"Tahun {tahun} ditutup: {ditutup}pendapatan dan biaya dipindah ke 31030 Surplus Ditahan "
                f"({hasil.jurnal.nomor}).",
            )
            return redirect("buku:tutup_bulan", lkm_id=lkm.pk)
    return _halaman_tutup(request, lkm, form_tahun=form)


# ---- opening balances --------------------------------------------------------------------------------------


@halaman_lkm
def saldo_awal(request: Permintaan, lkm: LKM) -> HttpResponse:
    """The opening neraca of an LKM that starts using kotaku mid-life: entered once, balanced, dated."""
    neraca_jenis = (JenisAkun.ASET, JenisAkun.KEWAJIBAN, JenisAkun.MODAL)
    akun = list(
        Akun.objects.filter(lkm=lkm, jenis__in=neraca_jenis).order_by("kode").values_list("kode", "nama")
    )
    akun = akun or [(k, n) for k, n, jenis, _ in BAGAN_AKUN if jenis in neraca_jenis]
    sudah = Jurnal.objects.filter(lkm=lkm, jenis=JenisJurnal.SALDO_AWAL).first()
    form = FormulirSaldoAwal(request.POST or None, akun=akun)
    if request.method == "POST" and not sudah and form.is_valid():
        try:
            jurnal = services.catat_saldo_awal(
                lkm=lkm, tanggal=form.cleaned_data["tanggal"], saldo=form.saldo(), oleh=request.user
            )
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(request, f"Saldo awal dicatat ({jurnal.nomor}).")
            return redirect("buku:neraca", lkm_id=lkm.pk)
    return render(
        request,
        "buku/saldo_awal.html",
        {"lkm": lkm, "form": form, "sudah": sudah, "bisa": boleh(request.user, "buku.saldo_awal")},
    )
