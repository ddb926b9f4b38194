"""Loan pages: list, application, detail with the workflow, collection sheet, receipts, LU-02."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Min, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kotaku.akses import akses_lkm, boleh
from kotaku.dokumen import laporan_tiga_format, pdf_response
from kotaku.errors import KesalahanDomain
from kotaku.selectors import kebijakan_berlaku
from kotaku.tanggal import format_tanggal, hari_ini
from ksm.selectors import akses_ksm
from pinjaman import services
from pinjaman.models import Angsuran, Pembayaran, StatusPinjaman
from pinjaman.selectors import (
    akses_pinjaman,
    laporan_kolektibilitas,
    perkembangan_pinjaman,
    posisi_pinjaman,
    register_pinjaman,
    sisa_per_angsuran,
)


def _tanggal(nilai: str | None, bawaan: date) -> date:
    try:
        return date.fromisoformat(nilai) if nilai else bawaan
    except ValueError:
        return bawaan


@login_required
def daftar(request: HttpRequest) -> HttpResponse:
    qs = akses_pinjaman(request.user).select_related("ksm", "lkm__desa").order_by("-tanggal_pengajuan", "-pk")
    status = request.GET.get("status") or ""
    if status:
        qs = qs.filter(status=status)
    halaman = Paginator(qs, 25).get_page(request.GET.get("halaman"))
    return render(request, "pinjaman/daftar.html", {
        "halaman": halaman, "status": status, "pilihan_status": StatusPinjaman.choices,
        "bisa_ajukan": boleh(request.user, "pinjaman.ajukan"),
    })


@login_required
def ajukan(request: HttpRequest) -> HttpResponse:
    """Application for an eligible KSM: one share per active member; every failed rule is shown."""
    if not boleh(request.user, "pinjaman.ajukan"):
        raise PermissionDenied("Peran Anda tidak berwenang mengajukan pinjaman.")
    daftar_ksm = akses_ksm(request.user).filter(jenis="pinjaman_bergulir", status="aktif").order_by("nama")
    ksm = None
    if request.GET.get("ksm") or request.POST.get("ksm"):
        ksm = get_object_or_404(daftar_ksm, pk=request.GET.get("ksm") or request.POST.get("ksm"))
    galat: list[str] = []
    anggota = []
    kebijakan = None
    if ksm is not None:
        kebijakan = kebijakan_berlaku(lkm=ksm.lkm, tanggal=hari_ini())
        anggota = [k.anggota for k in ksm.keanggotaan.filter(tanggal_keluar__isnull=True).select_related("anggota")
                   .order_by("anggota__nama")]
    if request.method == "POST" and ksm is not None:
        try:
            bagian = []
            for a in anggota:
                nilai = (request.POST.get(f"pokok_{a.pk}") or "").replace(".", "").strip()
                if nilai and int(nilai) > 0:
                    bagian.append(services.BagianDiminta(a, int(nilai)))
            jasa = request.POST.get("jasa_persen_per_bulan") or None
            p = services.ajukan_pinjaman(
                ksm=ksm, tanggal_pengajuan=_tanggal(request.POST.get("tanggal_pengajuan"), hari_ini()),
                jangka_bulan=int(request.POST.get("jangka_bulan") or 0), frekuensi=request.POST.get("frekuensi", ""),
                metode_jasa=request.POST.get("metode_jasa") or None,
                jasa_persen=Decimal(jasa.replace(",", ".")) if jasa else None, bagian=bagian, oleh=request.user,  # type: ignore[arg-type]
            )
        except (ValueError, InvalidOperation):
            galat = ["Isi jangka dan jumlah pinjaman dengan angka."]
        except KesalahanDomain as exc:
            galat = [e["message"] for e in exc.errors] or [exc.pesan]
        else:
            messages.success(request, f"Pengajuan pinjaman #{p.pk} untuk {ksm.nama} dicatat; menunggu verifikasi.")
            return redirect("pinjaman:detail", pinjaman_id=p.pk)
    return render(request, "pinjaman/ajukan.html", {
        "daftar_ksm": daftar_ksm, "ksm": ksm,
        "baris_anggota": [(a, request.POST.get(f"pokok_{a.pk}", "")) for a in anggota], "kebijakan": kebijakan, "galat": galat,
        "post": request.POST, "hari_ini": hari_ini(),
    })


@login_required
def detail(request: HttpRequest, pinjaman_id: int) -> HttpResponse:
    p = get_object_or_404(akses_pinjaman(request.user).select_related("ksm", "lkm__desa", "diverifikasi_oleh",
                                                                        "disetujui_oleh", "ditolak_oleh"), pk=pinjaman_id)
    per = _tanggal(request.GET.get("per"), hari_ini())
    jadwal = (Angsuran.objects.filter(pinjaman=p, versi=p.versi_jadwal).values("ke").annotate(jatuh_tempo=Min("jatuh_tempo"),
              pokok=Sum("pokok"), jasa=Sum("jasa")).order_by("ke"))
    u = request.user
    return render(request, "pinjaman/detail.html", {
        "p": p, "per": per, "posisi": posisi_pinjaman(pinjaman=p, per=per), "jadwal": jadwal,
        "bagian": p.bagian.select_related("anggota").order_by("anggota__nama"),
        "pembayaran": p.pembayaran.select_related("dibuat_oleh").order_by("tanggal", "pk"),
        "kunci": uuid.uuid4().hex, "hari_ini": hari_ini(),
        "bisa": {a: boleh(u, f"pinjaman.{a}") for a in ("verifikasi", "setujui", "tolak", "cairkan", "bayar", "koreksi",
                                                        "hapus_buku", "jadwal_ulang")},
        "jadwal_ulang": p.jadwal_ulang.select_related("oleh").order_by("versi"),
    })


@login_required
def aksi(request: HttpRequest, pinjaman_id: int) -> HttpResponse:
    """Workflow buttons: verifikasi, setujui, tolak, cairkan, balik (reverse a payment)."""
    p = get_object_or_404(akses_pinjaman(request.user), pk=pinjaman_id)
    if request.method != "POST":
        return redirect("pinjaman:detail", pinjaman_id=p.pk)
    nama = request.POST.get("aksi")
    catatan = request.POST.get("catatan", "")
    u: Any = request.user
    try:
        if nama == "verifikasi":
            services.verifikasi(pinjaman=p, oleh=u, catatan=catatan)
        elif nama == "setujui":
            services.setujui(pinjaman=p, oleh=u, catatan=catatan)
        elif nama == "tolak":
            services.tolak(pinjaman=p, oleh=u, alasan=catatan)
        elif nama == "cairkan":
            services.cairkan(pinjaman=p, tanggal=_tanggal(request.POST.get("tanggal"), hari_ini()),
                             kunci=request.POST.get("kunci") or uuid.uuid4().hex, oleh=u)
        elif nama == "hapus_buku":
            services.hapus_buku(pinjaman=p, tanggal=_tanggal(request.POST.get("tanggal"), hari_ini()),
                                nomor_keputusan=request.POST.get("nomor_keputusan", ""),
                                tanggal_keputusan=_tanggal(request.POST.get("tanggal_keputusan"), hari_ini()), oleh=u)
        elif nama == "jadwal_ulang":
            services.jadwal_ulang(pinjaman=p, mulai=_tanggal(request.POST.get("mulai"), hari_ini()),
                                  jangka_bulan=int(request.POST.get("jangka_bulan") or 0),
                                  nomor_keputusan=request.POST.get("nomor_keputusan", ""),
                                  tanggal_keputusan=_tanggal(request.POST.get("tanggal_keputusan"), hari_ini()), oleh=u)
        elif nama == "pemulihan":
            services.catat_pemulihan(pinjaman=p, tanggal=_tanggal(request.POST.get("tanggal"), hari_ini()),
                                     jumlah=int(request.POST.get("jumlah") or 0),
                                     kunci=request.POST.get("kunci") or uuid.uuid4().hex, oleh=u)
        elif nama == "balik":
            bayar = get_object_or_404(Pembayaran, pinjaman=p, pk=request.POST.get("pembayaran"))
            services.balik_pembayaran(pembayaran=bayar, alasan=catatan, oleh=u)
        else:
            raise KesalahanDomain("Aksi tidak dikenal.")
    except ValueError:
        messages.error(request, "Isi angka dengan benar.")
    except KesalahanDomain as exc:
        messages.error(request, exc.pesan)
    else:
        messages.success(request, {"verifikasi": "Pengajuan diverifikasi.", "setujui": "Pinjaman disetujui.",
                                   "tolak": "Pengajuan ditolak.", "cairkan": "Pinjaman dicairkan; jurnal dicatat.",
                                   "balik": "Pembayaran dibalik.", "hapus_buku": "Pinjaman dihapusbukukan.",
                                   "jadwal_ulang": "Jadwal baru berlaku; jadwal lama tetap tersimpan.",
                                   "pemulihan": "Pemulihan dicatat sebagai pendapatan."}[nama])
    return redirect("pinjaman:detail", pinjaman_id=p.pk)


@login_required
def lembar_tagih(request: HttpRequest, pinjaman_id: int) -> HttpResponse:
    """The collection sheet of a KSM meeting: each member's due, what each paid, who covered whom."""
    p = get_object_or_404(akses_pinjaman(request.user).select_related("ksm", "lkm"), pk=pinjaman_id)
    tanggal = _tanggal(request.POST.get("tanggal") or request.GET.get("tanggal"), hari_ini())
    baris: dict[int, dict[str, Any]] = {}
    for a, pokok, jasa in sisa_per_angsuran(pinjaman=p):
        b = baris.setdefault(a.bagian.anggota_id, {"anggota_id": a.bagian.anggota_id, "tagihan": 0, "sisa": 0})
        b["sisa"] += pokok + (jasa if a.jatuh_tempo <= tanggal else 0)
        if a.jatuh_tempo <= tanggal:
            b["tagihan"] += pokok + jasa
    anggota = {b.anggota_id: b.anggota for b in p.bagian.select_related("anggota")}
    for b in baris.values():
        b["anggota"] = anggota[b["anggota_id"]]
    galat = ""
    if request.method == "POST":
        try:
            rincian = []
            for aid in baris:
                jumlah = int((request.POST.get(f"bayar_{aid}") or "0").replace(".", "") or 0)
                oleh_id = request.POST.get(f"oleh_{aid}")
                if jumlah:
                    rincian.append(services.BayarAnggota(aid, jumlah, int(oleh_id) if oleh_id else None))
            total = sum(r.jumlah for r in rincian)
            bayar = services.catat_pembayaran(pinjaman=p, tanggal=tanggal, jumlah=total, kunci=request.POST["kunci"],
                                              oleh=request.user, rincian=rincian)  # type: ignore[arg-type]
        except ValueError:
            galat = "Isi jumlah dengan angka rupiah."
        except KesalahanDomain as exc:
            galat = exc.pesan
        else:
            messages.success(request, f"Pembayaran {format_tanggal(bayar.tanggal)} dicatat: pokok "
                             f"{bayar.pokok:,} dan jasa {bayar.jasa:,}.".replace(",", "."))
            return redirect("pinjaman:detail", pinjaman_id=p.pk)
    return render(request, "pinjaman/lembar_tagih.html", {
        "p": p, "baris": sorted(baris.values(), key=lambda b: b["anggota"].nama), "tanggal": tanggal,
        "kunci": request.POST.get("kunci") or uuid.uuid4().hex, "galat": galat, "post": request.POST,
        "anggota": sorted(anggota.values(), key=lambda a: a.nama),
        "total_tagihan": sum(b["tagihan"] for b in baris.values()),
    })


@login_required
def kuitansi(request: HttpRequest, pembayaran_id: int) -> HttpResponse:
    bayar = get_object_or_404(Pembayaran.objects.select_related("pinjaman__ksm", "lkm__desa__kecamatan__kabupaten"),
                              pk=pembayaran_id, pinjaman__in=akses_pinjaman(request.user))
    rincian = bayar.rincian.select_related("angsuran__bagian__anggota", "dibayar_oleh").order_by(
        "angsuran__bagian__anggota__nama", "angsuran__ke")
    return pdf_response(request, "pinjaman/kuitansi_pdf.html",
                        {"bayar": bayar, "rincian": rincian, "lkm": bayar.lkm, "judul": "Kuitansi Angsuran"},
                        f"kuitansi-{bayar.pk}.pdf")


@login_required
def perjanjian(request: HttpRequest, pinjaman_id: int) -> HttpResponse:
    """Loan agreement (PB.03) and disbursement receipt listing each member's share, with terbilang."""
    p = get_object_or_404(akses_pinjaman(request.user).select_related("ksm", "lkm__desa__kecamatan__kabupaten"),
                          pk=pinjaman_id)
    return pdf_response(request, "pinjaman/perjanjian_pdf.html", {
        "p": p, "lkm": p.lkm, "judul": "Surat Perjanjian Pinjaman (PB.03) dan Tanda Terima Pencairan",
        "bagian": p.bagian.select_related("anggota").order_by("anggota__nama"),
        "angsuran_pertama": Angsuran.objects.filter(pinjaman=p, ke=1).aggregate(pokok=Sum("pokok"), jasa=Sum("jasa")),
    }, f"perjanjian-{p.pk}.pdf")


@login_required
def kolektibilitas(request: HttpRequest, lkm_id: int) -> HttpResponse:
    """LU-02 as of a date: outstanding by class, LAR, PAR, required and booked reserve."""
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    per = _tanggal(request.GET.get("per"), hari_ini())
    lap = laporan_kolektibilitas(lkm=lkm, per=per)
    judul = "Laporan Kolektibilitas (LU-02)"
    rows: list[list[Any]] = [[f"Kol {k.kelas}", k.nama, k.jumlah_pinjaman, k.sisa_pokok, k.tunggakan_pokok,
                              str(k.bobot_persen), k.cadangan] for k in lap.kelas]
    rows += [["", "Jumlah", lap.total_pinjaman, lap.total_sisa_pokok, None, None, lap.cadangan_wajib],
             ["", "LAR", str(lap.lar)], ["", "PAR", str(lap.par)], ["", "Cadangan tercatat (12010)", lap.cadangan_tercatat]]
    return laporan_tiga_format(
        request, template="pinjaman/kolektibilitas",
        ctx={"lkm": lkm, "lap": lap, "per": per, "judul": judul, "periode": f"Per {format_tanggal(per)}"},
        nama_berkas=f"lu02-{per}", judul_excel=[judul, lkm.nama, f"Per {format_tanggal(per)}"],
        excel=(["Kelas", "Nama", "Jumlah pinjaman", "Sisa pokok", "Tunggakan pokok", "Bobot %", "Cadangan"], rows),
    )


@login_required
def register(request: HttpRequest, lkm_id: int) -> HttpResponse:
    """LU-04 Register Pinjaman as of a date."""
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    per = _tanggal(request.GET.get("per"), hari_ini())
    baris = register_pinjaman(lkm=lkm, per=per)
    judul = "Register Pinjaman (LU-04)"
    return laporan_tiga_format(
        request, template="pinjaman/register",
        ctx={"lkm": lkm, "baris": baris, "per": per, "judul": judul, "periode": f"Per {format_tanggal(per)}",
             "total_pokok": sum(b["p"].pokok for b in baris), "total_sisa": sum(b["posisi"].sisa_pokok for b in baris)},
        nama_berkas=f"lu04-{per}", judul_excel=[judul, lkm.nama, f"Per {format_tanggal(per)}"],
        excel=(["No", "KSM", "Desa", "Cair", "Pokok", "Jangka", "Sisa pokok", "Tunggakan pokok", "Tunggakan jasa", "Kol"],
               [[b["p"].pk, b["p"].ksm.nama, b["p"].ksm.desa.nama, b["p"].tanggal_cair, b["p"].pokok, b["p"].jangka_bulan,
                 b["posisi"].sisa_pokok, b["posisi"].tunggakan_pokok, b["posisi"].tunggakan_jasa,
                 b["posisi"].kolektibilitas] for b in baris]),
    )


@login_required
def perkembangan(request: HttpRequest, lkm_id: int) -> HttpResponse:
    """Laporan Perkembangan Pinjaman of a month."""
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    hari = hari_ini()
    try:
        tahun, bulan = int(request.GET.get("tahun") or hari.year), int(request.GET.get("bulan") or hari.month)
        date(tahun, bulan, 1)
    except ValueError:
        tahun, bulan = hari.year, hari.month
    pk = perkembangan_pinjaman(lkm=lkm, tahun=tahun, bulan=bulan)
    from kotaku.tanggal import format_bulan

    judul = "Laporan Perkembangan Pinjaman"
    return laporan_tiga_format(
        request, template="pinjaman/perkembangan",
        ctx={"lkm": lkm, "pk": pk, "judul": judul, "periode": format_bulan(tahun, bulan)},
        nama_berkas=f"perkembangan-{tahun}-{bulan:02d}", judul_excel=[judul, lkm.nama, format_bulan(tahun, bulan)],
        excel=(["Uraian", "s.d. bulan lalu", "Bulan ini", "s.d. bulan ini"],
               [["Realisasi pinjaman", pk.realisasi_lalu, pk.realisasi_ini, pk.realisasi_sd],
                ["Pengembalian pokok", pk.pokok_lalu, pk.pokok_ini, pk.pokok_sd],
                ["Jasa diterima", pk.jasa_lalu, pk.jasa_ini, pk.jasa_sd],
                ["Saldo pinjaman", None, None, pk.saldo]]),
    )


@login_required
def kartu(request: HttpRequest, pinjaman_id: int, anggota_id: int) -> HttpResponse:
    """Kartu Pinjaman (U6) of one member: schedule and what was paid of each instalment."""
    p = get_object_or_404(akses_pinjaman(request.user).select_related("ksm", "lkm__desa__kecamatan__kabupaten"),
                          pk=pinjaman_id)
    bagian = get_object_or_404(p.bagian.select_related("anggota"), anggota_id=anggota_id)
    baris = (Angsuran.objects.filter(bagian=bagian).order_by("ke")
             .annotate(dibayar_pokok=Sum("rincian__pokok"), dibayar_jasa=Sum("rincian__jasa")))
    return pdf_response(request, "pinjaman/kartu_pdf.html", {
        "p": p, "bagian": bagian, "baris": baris, "lkm": p.lkm,
        "judul": f"Kartu Pinjaman (U6) {bagian.anggota.nama}", "periode": f"{p.ksm.nama} · pinjaman #{p.pk}",
    }, f"kartu-pinjaman-{p.pk}-{anggota_id}.pdf")


@login_required
def hapus_buku_daftar(request: HttpRequest, lkm_id: int) -> HttpResponse:
    """The off-balance register: written-off loans, their decisions and recoveries."""
    from django.db.models import Sum as _Sum

    from pinjaman.models import HapusBuku

    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    baris = (HapusBuku.objects.filter(pinjaman__lkm=lkm).select_related("pinjaman__ksm")
             .annotate(pulih=_Sum("pinjaman__pemulihan__jumlah")).order_by("tanggal"))
    return render(request, "pinjaman/hapus_buku.html", {"lkm": lkm, "baris": baris})
