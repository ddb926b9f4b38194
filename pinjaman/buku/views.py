"""Pages of the books: vouchers, books and reports (screen, PDF, Excel), month close, opening balances."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kotaku.akses import akses_lkm, boleh, wajib_boleh
from kotaku.dokumen import laporan_tiga_format, pdf_response
from kotaku.errors import KesalahanDomain
from kotaku.models import LKM
from kotaku.tanggal import NAMA_BULAN, format_tanggal, hari_ini
from pinjaman.buku import selectors, services
from pinjaman.buku.forms import FormulirBalik, FormulirBukaBulan, FormulirTransaksiKas, FormulirTutupBulan
from pinjaman.buku.models import Akun, JenisAkun, Jurnal, PeriodeTutup


def _lkm(request: HttpRequest, lkm_id: int) -> LKM:
    return get_object_or_404(akses_lkm(request.user), pk=lkm_id)


def _tanggal(request: HttpRequest, nama: str, bawaan: date) -> date:
    try:
        return date.fromisoformat(request.GET.get(nama) or "") if request.GET.get(nama) else bawaan
    except ValueError:
        return bawaan


def _periode(request: HttpRequest) -> tuple[date, date]:
    sampai = min(_tanggal(request, "sampai", hari_ini()), date(9999, 12, 31))
    dari = _tanggal(request, "dari", sampai.replace(day=1))
    return (dari, sampai) if dari <= sampai else (sampai, dari)


def _tampilkan(
    request: HttpRequest,
    *,
    lkm: LKM,
    judul: str,
    periode: str,
    template: str,
    ctx: dict[str, Any],
    nama: str,
    excel: tuple[list[str], list[list[Any]]],
) -> HttpResponse:
    return laporan_tiga_format(
        request,
        template=f"buku/{template}",
        ctx={**ctx, "lkm": lkm, "judul": judul, "periode": periode},
        nama_berkas=nama,
        excel=excel,
        judul_excel=[judul, f"{lkm.nama} - Desa {lkm.desa.nama}", periode],
    )


@login_required
def buku_kas(request: HttpRequest, lkm_id: int, kode: str = "11010") -> HttpResponse:
    lkm = _lkm(request, lkm_id)
    kode = request.GET.get("akun", kode)
    if not Akun.objects.filter(lkm=lkm, kode=kode).exists():
        services.siapkan_akun(lkm)
    akun = get_object_or_404(Akun, lkm=lkm, kode=kode)
    dari, sampai = _periode(request)
    buku = selectors.buku_akun(lkm=lkm, kode=kode, dari=dari, sampai=sampai)
    judul = {"11010": "Buku Kas (U3)", "11021": "Buku Bank (U4)"}.get(kode, f"Buku Besar {akun}")
    baris_excel = [["", "", "Saldo awal", None, None, buku.saldo_awal]] + [
        [format_tanggal(b["tanggal"]), b["nomor"], b["uraian"], b["debit"], b["kredit"], b["saldo"]]
        for b in buku.baris
    ]
    return _tampilkan(
        request,
        lkm=lkm,
        judul=judul,
        periode=f"{format_tanggal(dari)} s.d. {format_tanggal(sampai)}",
        template="buku_akun",
        nama=f"buku-{kode}-{dari}-{sampai}",
        ctx={
            "buku": buku,
            "dari": dari,
            "sampai": sampai,
            "semua_akun": Akun.objects.filter(lkm=lkm).order_by("kode"),
        },
        excel=(["Tanggal", "Nomor", "Uraian", "Debit", "Kredit", "Saldo"], baris_excel),
    )


@login_required
def buku_bank(request: HttpRequest, lkm_id: int) -> HttpResponse:
    return buku_kas(request, lkm_id, kode="11021")


@login_required
def neraca_saldo(request: HttpRequest, lkm_id: int) -> HttpResponse:
    lkm = _lkm(request, lkm_id)
    dari, sampai = _periode(request)
    rows = selectors.neraca_saldo(lkm=lkm, dari=dari, sampai=sampai)
    return _tampilkan(
        request,
        lkm=lkm,
        judul="Neraca Saldo (U8)",
        periode=f"{format_tanggal(dari)} s.d. {format_tanggal(sampai)}",
        template="neraca_saldo",
        nama=f"neraca-saldo-{dari}-{sampai}",
        ctx={
            "rows": rows,
            "total_debit": sum(r.debit for r in rows),
            "total_kredit": sum(r.kredit for r in rows),
            "dari": dari,
            "sampai": sampai,
        },
        excel=(
            ["Kode", "Akun", "Saldo awal", "Debit", "Kredit", "Saldo akhir"],
            [[r.kode, r.nama, r.awal, r.debit, r.kredit, r.akhir] for r in rows],
        ),
    )


@login_required
def pendapatan_biaya(request: HttpRequest, lkm_id: int) -> HttpResponse:
    """U9: income and costs of the period and of the year to date."""
    lkm = _lkm(request, lkm_id)
    dari, sampai = _periode(request)
    periode = selectors.surplus_defisit(lkm=lkm, dari=dari, sampai=sampai)
    ytd = selectors.surplus_defisit(lkm=lkm, dari=date(sampai.year, 1, 1), sampai=sampai)
    return _surplus_tampil(request, lkm, "Pendapatan dan Biaya (U9)", periode, ytd, "pendapatan-biaya")


@login_required
def surplus(request: HttpRequest, lkm_id: int) -> HttpResponse:
    """Laporan Surplus/Defisit of a month and the year to date."""
    lkm = _lkm(request, lkm_id)
    hari = hari_ini()
    try:
        tahun = int(request.GET.get("tahun") or hari.year)
        bulan = int(request.GET.get("bulan") or (hari.month if tahun == hari.year else 12))
        awal = date(tahun, bulan, 1)
    except ValueError:
        tahun, bulan, awal = hari.year, hari.month, hari.replace(day=1)
    akhir = date(tahun + (bulan == 12), bulan % 12 + 1, 1).fromordinal(
        date(tahun + (bulan == 12), bulan % 12 + 1, 1).toordinal() - 1
    )
    periode = selectors.surplus_defisit(lkm=lkm, dari=awal, sampai=akhir)
    ytd = selectors.surplus_defisit(lkm=lkm, dari=date(tahun, 1, 1), sampai=akhir)
    return _surplus_tampil(
        request,
        lkm,
        "Laporan Surplus/Defisit",
        periode,
        ytd,
        f"surplus-{tahun}-{bulan:02d}",
        label=f"{NAMA_BULAN[bulan]} {tahun}",
    )


def _surplus_tampil(
    request: HttpRequest, lkm: LKM, judul: str, periode: Any, ytd: Any, nama: str, label: str | None = None
) -> HttpResponse:
    label = label or f"{format_tanggal(periode.dari)} s.d. {format_tanggal(periode.sampai)}"
    ytd_map = {b.kode: b.saldo for b in ytd.pendapatan + ytd.biaya}
    excel_rows = [["Pendapatan", "", None, None]] + [
        [b.kode, b.nama, b.saldo, ytd_map[b.kode]] for b in periode.pendapatan
    ]
    excel_rows += [
        ["", "Jumlah pendapatan", periode.total_pendapatan, ytd.total_pendapatan],
        ["Biaya", "", None, None],
    ]
    excel_rows += [[b.kode, b.nama, b.saldo, ytd_map[b.kode]] for b in periode.biaya]
    excel_rows += [
        ["", "Jumlah biaya", periode.total_biaya, ytd.total_biaya],
        ["", "Surplus/(defisit)", periode.surplus, ytd.surplus],
    ]
    return _tampilkan(
        request,
        lkm=lkm,
        judul=judul,
        periode=f"{label}; kumulatif sejak 1 Januari {ytd.dari.year}",
        template="surplus",
        nama=nama,
        ctx={"periode_data": periode, "ytd": ytd, "ytd_map": ytd_map, "label": label},
        excel=(["Kode", "Akun", "Periode ini", "Kumulatif"], excel_rows),
    )


@login_required
def neraca(request: HttpRequest, lkm_id: int) -> HttpResponse:
    lkm = _lkm(request, lkm_id)
    per = _tanggal(request, "per", hari_ini())
    n = selectors.neraca(lkm=lkm, per=per)
    rows = (
        [["ASET", "", None]]
        + [[b.kode, b.nama, b.saldo] for b in n.aset]
        + [["", "Jumlah aset", n.total_aset]]
    )
    rows += [["KEWAJIBAN", "", None]] + [[b.kode, b.nama, b.saldo] for b in n.kewajiban]
    rows += [["MODAL", "", None]] + [[b.kode, b.nama, b.saldo] for b in n.modal]
    rows += [["", "Jumlah kewajiban dan modal", n.total_kewajiban_modal]]
    return _tampilkan(
        request,
        lkm=lkm,
        judul="Neraca",
        periode=f"Per {format_tanggal(per)}",
        template="neraca",
        nama=f"neraca-{per}",
        ctx={"n": n, "per": per},
        excel=(["Kode", "Akun", "Saldo"], rows),
    )


@login_required
def transaksi_baru(request: HttpRequest, lkm_id: int) -> HttpResponse:
    """Cash in/out and transfers entered by UPK staff; a hidden key makes a double submit post once."""
    lkm = _lkm(request, lkm_id)
    wajib_boleh(request.user, "kas.tulis")
    form = FormulirTransaksiKas(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            jurnal = services.catat_transaksi_kas(lkm=lkm, oleh=request.user, **d)  # type: ignore[arg-type]
        except KesalahanDomain as exc:
            form.add_error(None, exc.pesan)
        else:
            messages.success(request, f"Transaksi {jurnal.nomor} dicatat.")
            return redirect("buku:jurnal", lkm_id=lkm.pk, jurnal_id=jurnal.pk)
    terakhir = Jurnal.objects.filter(lkm=lkm).order_by("-dibuat_pada")[:10]
    return render(request, "buku/transaksi_baru.html", {"lkm": lkm, "form": form, "terakhir": terakhir})


@login_required
def jurnal_daftar(request: HttpRequest, lkm_id: int) -> HttpResponse:
    lkm = _lkm(request, lkm_id)
    qs = Jurnal.objects.filter(lkm=lkm).select_related("dibuat_oleh").order_by("-tanggal", "-tahun", "-urut")
    halaman = Paginator(qs, 50).get_page(request.GET.get("halaman"))
    return render(request, "buku/jurnal_daftar.html", {"lkm": lkm, "halaman": halaman})


@login_required
def jurnal_detail(request: HttpRequest, lkm_id: int, jurnal_id: int) -> HttpResponse:
    lkm = _lkm(request, lkm_id)
    jurnal = get_object_or_404(
        Jurnal.objects.select_related("membalik", "dibuat_oleh"), lkm=lkm, pk=jurnal_id
    )
    form = FormulirBalik(request.POST or None)
    if request.method == "POST":
        wajib_boleh(request.user, "buku.koreksi")
        if form.is_valid():
            try:
                balik = services.balik_jurnal(jurnal=jurnal, oleh=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except KesalahanDomain as exc:
                form.add_error(None, exc.pesan)
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


@login_required
def bukti_kas(request: HttpRequest, lkm_id: int, jurnal_id: int) -> HttpResponse:
    """Printable voucher (bukti kas) with the amount in words."""
    lkm = _lkm(request, lkm_id)
    jurnal = get_object_or_404(Jurnal, lkm=lkm, pk=jurnal_id)
    baris = list(jurnal.baris.select_related("akun").order_by("-debit", "id"))
    jumlah = sum(b.debit for b in baris)
    return pdf_response(
        request,
        "buku/bukti_kas_pdf.html",
        {"lkm": lkm, "jurnal": jurnal, "baris": baris, "jumlah": jumlah, "judul": "Bukti Kas"},
        f"bukti-kas-{jurnal.tahun}-{jurnal.urut:06d}.pdf",
    )


@login_required
def tutup_bulan(request: HttpRequest, lkm_id: int) -> HttpResponse:
    """Month close by the Pembuku; reopen by the LKM board with a reason."""
    lkm = _lkm(request, lkm_id)
    hari = hari_ini()
    lalu = date(hari.year - (hari.month == 1), (hari.month - 2) % 12 + 1, 1)
    form_tutup = FormulirTutupBulan(initial={"tahun": lalu.year, "bulan": lalu.month})
    form_buka = FormulirBukaBulan()
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        try:
            if aksi == "tahun":
                wajib_boleh(request.user, "buku.tutup_bulan")
                tahun = int(request.POST.get("tahun") or 0)
                jurnal = services.tutup_tahun(lkm=lkm, tahun=tahun, oleh=request.user)  # type: ignore[arg-type]
                messages.success(
                    request,
                    f"Tahun {tahun} ditutup: pendapatan dan biaya dipindah ke 31030 Surplus Ditahan ({jurnal.nomor}).",
                )
                return redirect("buku:tutup_bulan", lkm_id=lkm.pk)
            if aksi == "buka":
                wajib_boleh(request.user, "buku.buka_bulan")
                form_buka = FormulirBukaBulan(request.POST)
                if form_buka.is_valid():
                    services.buka_bulan(lkm=lkm, oleh=request.user, **form_buka.cleaned_data)  # type: ignore[arg-type]
                    messages.success(request, "Bulan dibuka kembali.")
                    return redirect("buku:tutup_bulan", lkm_id=lkm.pk)
            else:
                wajib_boleh(request.user, "buku.tutup_bulan")
                form_tutup = FormulirTutupBulan(request.POST)
                if form_tutup.is_valid():
                    services.tutup_bulan(lkm=lkm, oleh=request.user, **form_tutup.cleaned_data)  # type: ignore[arg-type]
                    messages.success(request, "Bulan ditutup.")
                    return redirect("buku:tutup_bulan", lkm_id=lkm.pk)
        except KesalahanDomain as exc:
            messages.error(request, exc.pesan)
    riwayat = PeriodeTutup.objects.filter(lkm=lkm).select_related("ditutup_oleh", "dibuka_oleh")[:36]
    return render(
        request,
        "buku/tutup_bulan.html",
        {
            "lkm": lkm,
            "riwayat": riwayat,
            "form_tutup": form_tutup,
            "form_buka": form_buka,
            "bisa_tutup": boleh(request.user, "buku.tutup_bulan"),
            "bisa_buka": boleh(request.user, "buku.buka_bulan"),
        },
    )


@login_required
def saldo_awal(request: HttpRequest, lkm_id: int) -> HttpResponse:
    """The opening neraca of an LKM that starts using kotaku mid-life: entered once, balanced, dated."""
    lkm = _lkm(request, lkm_id)
    services.siapkan_akun(lkm)
    akun = list(
        Akun.objects.filter(
            lkm=lkm, jenis__in=[JenisAkun.ASET, JenisAkun.KEWAJIBAN, JenisAkun.MODAL]
        ).order_by("kode")
    )
    sudah = Jurnal.objects.filter(lkm=lkm, jenis="saldo_awal").first()
    galat = ""
    if request.method == "POST" and not sudah:
        wajib_boleh(request.user, "buku.saldo_awal")
        try:
            tanggal = date.fromisoformat(request.POST.get("tanggal", ""))
            saldo = {a.kode: int(request.POST.get(f"akun_{a.kode}") or 0) for a in akun}
            jurnal = services.catat_saldo_awal(lkm=lkm, tanggal=tanggal, saldo=saldo, oleh=request.user)  # type: ignore[arg-type]
        except ValueError:
            galat = "Tanggal dan saldo harus diisi dengan benar (angka rupiah bulat)."
        except KesalahanDomain as exc:
            galat = exc.pesan
        else:
            messages.success(request, f"Saldo awal dicatat ({jurnal.nomor}).")
            return redirect("buku:neraca", lkm_id=lkm.pk)
    return render(
        request,
        "buku/saldo_awal.html",
        {
            "lkm": lkm,
            "akun": akun,
            "sudah": sudah,
            "galat": galat,
            "post": request.POST,
            "bisa": boleh(request.user, "buku.saldo_awal"),
        },
    )
