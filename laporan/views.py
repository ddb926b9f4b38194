"""Dashboards (the LKM board's, the fasilitator's kecamatan, the kabupaten), the task inbox partial, and the
list of every report. Thin: selectors read snapshots, `laporan.dasbor` shapes cards, lights and charts."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from kotaku.akses import akses_lkm, lkm_milik
from kotaku.context_processors import lkm_aktif
from kotaku.forms import tanggal_laporan_bawaan
from kotaku.models import LKM, Kabupaten, Peran
from kotaku.tampilan import Permintaan, halaman_lkm
from kotaku.tanggal import NAMA_BULAN, akhir_bulan, format_tanggal, hari_ini, tambah_bulan
from laporan import dasbor as tampilan
from laporan.forms import FormulirBulan
from laporan.kinerja import fakta_bulanan, kinerja_aman
from laporan.kotak_tugas import tugas_untuk
from laporan.models import SnapshotBulanan
from laporan.selectors import (
    BarisKinerja,
    akses_kecamatan,
    bulan_sebelumnya,
    data_kinerja_aman,
    kinerja_kabupaten,
    kinerja_kecamatan,
    pinjaman_menunggak,
    tren_lkm,
    urutkan,
)

# ---- the LKM dashboard -------------------------------------------------------------------------------------


@login_required
def dasbor(request: Permintaan) -> HttpResponse:
    """`/laporan/`: the LKM board's dashboard of its LKM (its home after login); a fasilitator goes to the
    kecamatan dashboard, an admin to the kabupaten one."""
    user = request.user
    lkm = lkm_aktif(request)
    kueri = f"?{request.GET.urlencode()}" if request.GET else ""
    if user.peran == Peran.FASILITATOR:
        kecamatan_id = user.kecamatan_id or (lkm.desa.kecamatan_id if lkm else None)
        if kecamatan_id:
            return redirect(reverse("laporan:kecamatan", args=[kecamatan_id]) + kueri)
    elif user.adalah_admin:
        kabupaten_id = lkm.desa.kecamatan.kabupaten_id if lkm else None
        if kabupaten_id is None:
            kabupaten_id = Kabupaten.objects.order_by("nama").values_list("pk", flat=True).first()
        if kabupaten_id:
            return redirect(reverse("laporan:kabupaten", args=[kabupaten_id]) + kueri)
    if lkm is None:
        return render(request, "laporan/tanpa_lkm.html", status=404)
    return _dasbor_lkm(request, lkm)


@halaman_lkm
def dasbor_lkm(request: Permintaan, lkm: LKM) -> HttpResponse:
    """The dashboard of one LKM (a desa), reached from the kecamatan dashboard too."""
    return _dasbor_lkm(request, lkm)


def _dasbor_lkm(request: Permintaan, lkm: LKM) -> HttpResponse:
    form = FormulirBulan(request.GET, bawaan=tanggal_laporan_bawaan(lkm))
    per, rentang = form.per, form.rentang_bulan
    tren = tren_lkm(lkm=lkm, per=per, bulan=max(rentang, 2))
    peta = {s.per: s for s in tren}
    ini: Any = peta.get(per)
    langsung = ini is None
    if (
        langsung
    ):  # no snapshot yet (the month has not been closed, the beat has not run): one LKM, computed now
        ini = fakta_bulanan(lkm_ids=[lkm.pk], per=per)[lkm.pk]
    lalu = peta.get(bulan_sebelumnya(per))
    kinerja = kinerja_aman(data_kinerja_aman(ini))
    return render(
        request,
        "laporan/dasbor_lkm.html",
        {
            "lkm": lkm,
            "form": form,
            "per": per,
            "label_lalu": tampilan.label_bulan(bulan_sebelumnya(per)),
            "rentang": rentang,
            "ini": ini,
            "langsung": langsung,
            "ada_lalu": lalu is not None,
            "kartu": tampilan.kartu_bulan(ini, lalu),
            "kinerja": kinerja,
            "lampu": tampilan.lampu_kinerja(kinerja) if kinerja else [],
            "grafik": tampilan.grafik_tren(tren, per, rentang),
            "menunggak": pinjaman_menunggak(lkm=lkm, per=per),
            "kueri_laporan": urlencode({"per": per.isoformat()}),
            "kueri_bulan": urlencode({"tahun": per.year, "bulan": per.month}),
            "jejak": request.user.peran in (Peran.FASILITATOR, Peran.ADMIN) or request.user.adalah_admin,
            # The board's dashboard is its home: its inbox loads here (and fills the menu badge).
            "kotak_tugas_di_halaman": request.user.peran == Peran.PENGURUS_LKM,
        },
    )


# ---- kecamatan and kabupaten -------------------------------------------------------------------------------

KOLOM_TABEL = (
    ("peringkat", "#", True, "Peringkat"),
    ("nama", "", False, ""),
    ("outstanding", "Saldo pinjaman (Rp)", True, ""),
    ("ksm_aktif", "KSM", True, "KSM dengan saldo pinjaman"),
    ("ksm_menunggak", "Menunggak", True, "KSM menunggak 3 bulan atau lebih"),
    ("lar", "LAR", True, "Loan at Risk"),
    ("par", "PAR", True, "Portfolio at Risk"),
    ("rr", "RR", True, "Repayment Rate"),
    ("ccr", "CCr", True, "Cost Coverage Ratio"),
    ("roi", "ROI", True, "Return on Investment"),
    ("total", "Skor", True, "Skor total lima indikator"),
)


def _kepala_tabel(urut: str, kueri: str, *, judul_nama: str) -> list[dict[str, Any]]:
    """Sortable headers: each a link to the same page sorted by its column (again: the other way)."""
    turun = urut.startswith("-")
    aktif = urut.lstrip("-")
    kepala = []
    for kolom, judul, angka, keterangan in KOLOM_TABEL:
        sekarang = kolom == aktif
        berikut = f"-{kolom}" if sekarang and not turun else kolom
        kepala.append(
            {
                "kolom": kolom,
                "judul": judul or judul_nama,
                "keterangan": keterangan,
                "angka": angka,
                "url": f"?{kueri}&urut={berikut}",
                "aria": ("descending" if turun else "ascending") if sekarang else "",
                "ikon": ("sort-down" if turun else "sort-up") if sekarang else "",
            }
        )
    return kepala


def _bulan_bawaan(lkm_ids: Any) -> date:
    """The latest month end with a snapshot among these LKMs (never the running month), else last month."""
    lalu = akhir_bulan(tambah_bulan(hari_ini().replace(day=1), -1))
    terakhir = SnapshotBulanan.objects.filter(lkm__in=lkm_ids, per__lte=lalu).aggregate(m=Max("per"))["m"]
    return terakhir or lalu


def _halaman_kelompok(
    request: Permintaan,
    *,
    template: str,
    baris: list[BarisKinerja],
    total: BarisKinerja,
    form: FormulirBulan,
    judul_nama: str,
    **konteks: Any,
) -> HttpResponse:
    urut_diminta = request.GET.get("urut", "peringkat")
    baris, urut = urutkan(baris, urut_diminta)
    return render(
        request,
        template,
        {
            "form": form,
            "per": form.per,
            "baris": baris,
            "total": total,
            "lampu": tampilan.lampu_kinerja(total.kinerja) if total.kinerja else [],
            "kepala": _kepala_tabel(urut, form.kueri, judul_nama=judul_nama),
            "urut": urut,
            "peringkat": sorted((b for b in baris if b.peringkat), key=lambda b: (b.peringkat, b.nama)),
            **konteks,
        },
    )


@login_required
def kecamatan(request: Permintaan, kecamatan_id: int) -> HttpResponse:
    """The fasilitator's kecamatan: its LKMs side by side (sortable, lights), totals of the sums, ranking."""
    kec = get_object_or_404(akses_kecamatan(request.user), pk=kecamatan_id)
    lingkup = lkm_milik(request.user).filter(desa__kecamatan=kec)
    form = FormulirBulan(request.GET, bawaan=_bulan_bawaan(lingkup))
    baris, total = kinerja_kecamatan(user=request.user, kecamatan=kec, per=form.per)
    return _halaman_kelompok(
        request,
        template="laporan/dasbor_kecamatan.html",
        baris=baris,
        total=total,
        form=form,
        judul_nama="Desa",
        kecamatan=kec,
    )


@login_required
def kabupaten(request: Permintaan, kabupaten_id: int) -> HttpResponse:
    """The kabupaten, one level up: a row per kecamatan (sums of its LKMs), totals, ranking."""
    kab = get_object_or_404(
        Kabupaten.objects.filter(kecamatan__desa__lkm__in=lkm_milik(request.user))
        .distinct()
        .select_related("provinsi"),
        pk=kabupaten_id,
    )
    form = FormulirBulan(
        request.GET, bawaan=_bulan_bawaan(lkm_milik(request.user).filter(desa__kecamatan__kabupaten=kab))
    )
    baris, total = kinerja_kabupaten(user=request.user, kabupaten=kab, per=form.per)
    return _halaman_kelompok(
        request,
        template="laporan/dasbor_kabupaten.html",
        baris=baris,
        total=total,
        form=form,
        judul_nama="Kecamatan",
        kabupaten=kab,
    )


# ---- the task inbox ----------------------------------------------------------------------------------------


@login_required
def kotak_tugas(request: Permintaan) -> HttpResponse:
    """The home page's inbox (an htmx fragment loaded into it); also updates the menu badge out of band."""
    tugas = tugas_untuk(request.user)
    # A fragment: rendered without the page's context processors (no menu to build for it).
    return HttpResponse(
        render_to_string(
            "laporan/_kotak_tugas.html", {"tugas": tugas, "jumlah": sum(t.jumlah for t in tugas), "oob": True}
        )
    )


@login_required
def jumlah_tugas(request: Permintaan) -> HttpResponse:
    """The menu badge (an htmx fragment): how many things wait for this person."""
    jumlah = sum(t.jumlah for t in tugas_untuk(request.user))
    return HttpResponse(render_to_string("laporan/_lencana_tugas.html", {"jumlah": jumlah}))


# ---- every report ------------------------------------------------------------------------------------------

# (title, URL name, period kind: "per" one date / "rentang" from..to / "bulan" month / "" none, what it shows)
KATALOG: tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (
        "Dasbor",
        (
            (
                "Dasbor kinerja LKM",
                "laporan:dasbor_lkm",
                "dasbor",
                "Kinerja, grafik 12-36 bulan, KSM menunggak.",
            ),
        ),
    ),
    (
        "Pinjaman",
        (
            (
                "Kolektibilitas (LU-02)",
                "pinjaman:kolektibilitas",
                "per",
                "Saldo per kelas, LAR, PAR, cadangan.",
            ),
            ("Register pinjaman (LU-04)", "pinjaman:register", "per", "Setiap pinjaman dengan posisinya."),
            ("Perkembangan pinjaman", "pinjaman:perkembangan", "bulan", "Realisasi dan pengembalian."),
            ("Register hapus buku", "pinjaman:hapus_buku", "", "Pinjaman dihapusbukukan dan pemulihannya."),
        ),
    ),
    (
        "Keuangan",
        (
            ("Neraca", "buku:neraca", "per", "Aset, kewajiban dan modal."),
            ("Surplus / defisit", "buku:surplus", "bulan", "Bulan ini dan Januari s.d. bulan ini."),
            ("Pendapatan dan biaya (U9)", "buku:pendapatan_biaya", "rentang", "Per akun, periode dan tahun."),
            (
                "Neraca saldo (U8)",
                "buku:neraca_saldo",
                "rentang",
                "Saldo awal, mutasi, saldo akhir per akun.",
            ),
            ("Buku kas (U3)", "buku:kas", "rentang", "Uang tunai masuk dan keluar."),
            ("Buku bank (U4)", "buku:bank", "rentang", "Rekening bank UPK."),
            ("Daftar jurnal", "buku:jurnal_daftar", "", "Setiap catatan yang sudah dibukukan."),
        ),
    ),
    (
        "KSM",
        (
            (
                "Register tabungan (LU-06)",
                "tabungan:register",
                "per",
                "Tabungan kelompok per KSM dan anggota.",
            ),
        ),
    ),
)


@login_required
def daftar(request: Permintaan) -> HttpResponse:
    """Every report of the user's LKMs, each with its LKM and period chosen in a small form."""
    lkm = lkm_aktif(request)
    if lkm is None:
        raise Http404
    pilihan = list(akses_lkm(request.user)[:101])
    bawaan = tanggal_laporan_bawaan(lkm)
    kelompok = []
    for judul, laporan in KATALOG:
        isi = []
        for nama, url_name, jenis, keterangan in laporan:
            try:
                url = reverse(url_name, kwargs={"lkm_id": lkm.pk})
            except Exception:  # noqa: BLE001 - a report not installed is left out
                continue
            isi.append({"nama": nama, "url": url, "jenis": jenis, "keterangan": keterangan})
        if isi:
            kelompok.append({"judul": judul, "laporan": isi})
    return render(
        request,
        "laporan/daftar.html",
        {
            "lkm": lkm,
            "pilihan": pilihan if len(pilihan) <= 100 else [lkm],
            "kelompok": kelompok,
            "per": bawaan,
            "dari": bawaan.replace(day=1),
            "bulan_ini": f"{bawaan:%Y-%m}",
            "pilihan_bulan": [(i, NAMA_BULAN[i]) for i in range(1, 13)],
            "tanggal_bawaan": format_tanggal(bawaan),
        },
    )
