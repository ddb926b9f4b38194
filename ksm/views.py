"""Screens of the KSM registry: list, profile, members, partner activities, book checks, Excel in and out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kotaku.akses import akses_desa, akses_lkm, boleh, wajib_boleh
from kotaku.dokumen import Kolom, excel_response
from kotaku.errors import KesalahanDomain
from kotaku.forms import FormDasar
from kotaku.tampilan import Permintaan
from kotaku.tanggal import format_tanggal, hari_ini
from ksm import impor, services
from ksm.forms import (
    FormulirAnggota,
    FormulirImpor,
    FormulirKegiatan,
    FormulirKeluar,
    FormulirKSM,
    FormulirPemeriksaan,
    FormulirStatusKSM,
)
from ksm.kelayakan import cek_kelayakan, dengan_kelayakan
from ksm.models import KSM, Tahap, TransaksiTabungan
from ksm.selectors import (
    BELUM_DINILAI,
    akses_keanggotaan,
    akses_ksm,
    cari_ksm,
    dengan_fakta_kelayakan,
    dengan_saldo_tabungan,
    dengan_tahap,
    grafik_jalur_tahap,
    hitungan_ksm,
    keanggotaan_aktif,
    pertemuan_ksm,
    riwayat_penilaian,
    saldo_per_anggota,
    saring_tahap,
)

PER_HALAMAN = 25


def _angka(nilai: str | None) -> int | None:
    """A filter id from the query string; anything but a plain number (Unicode digits too) is no filter."""
    return int(nilai) if nilai and nilai.isascii() and nilai.isdigit() and len(nilai) <= 12 else None


def _filter(request: Permintaan) -> dict[str, Any]:
    return {
        "lkm": _angka(request.GET.get("lkm")),
        "q": (request.GET.get("q") or "").strip(),
        "desa": _angka(request.GET.get("desa")),
        "jenis": request.GET.get("jenis") if request.GET.get("jenis") in KSM.Jenis.values else "",
        "status": request.GET.get("status") if request.GET.get("status") in KSM.Status.values else "",
        "tahap": request.GET.get("tahap") if request.GET.get("tahap") in PILIHAN_TAHAP_SARING else "",
    }


PILIHAN_TAHAP_SARING = {**dict(Tahap.choices), BELUM_DINILAI: "Belum dinilai"}


def _cari(request: Permintaan, saring: dict[str, Any]) -> Any:
    """The list's KSMs in scope with its filters, the latest assessed stage annotated."""
    qs = cari_ksm(
        akses_ksm(request.user),
        lkm=saring["lkm"],
        q=saring["q"],
        desa=saring["desa"],
        jenis=saring["jenis"],
        status=saring["status"],
    )
    return saring_tahap(dengan_tahap(qs), saring["tahap"])


@login_required
def daftar(request: Permintaan) -> HttpResponse:
    """All KSMs in scope with search, filters (desa, jenis, status), counts and pagination."""
    per = hari_ini()
    saring = _filter(request)
    qs = _cari(request, saring)
    hitungan = hitungan_ksm(qs)
    qs = dengan_saldo_tabungan(dengan_fakta_kelayakan(qs, per=per)).order_by("lkm__desa__nama", "nama", "pk")
    paginator = Paginator(qs, PER_HALAMAN)
    paginator.__dict__["count"] = hitungan["semua"]  # already counted above; saves a COUNT query
    halaman = paginator.get_page(request.GET.get("halaman"))
    halaman.object_list = dengan_kelayakan(halaman.object_list, per=per)
    parameter = request.GET.copy()
    parameter.pop("halaman", None)
    return render(
        request,
        "ksm/daftar.html",
        {
            "halaman": halaman,
            "hitungan": hitungan,
            "saring": saring,
            "parameter": parameter.urlencode(),
            "pilihan_desa": akses_desa(request.user).order_by("nama"),
            "pilihan_lkm": akses_lkm(request.user).order_by("desa__nama"),
            "jenis_pilihan": KSM.Jenis.choices,
            "status_pilihan": KSM.Status.choices,
            "tahap_pilihan": list(PILIHAN_TAHAP_SARING.items()),
            "bisa_tulis": boleh(request.user, "ksm.tulis"),
        },
    )


@login_required
def buat(request: Permintaan) -> HttpResponse:
    wajib_boleh(request.user, "ksm.tulis")
    pilihan = akses_lkm(request.user).order_by("desa__nama")
    form = FormulirKSM(request.POST or None, lkm_pilihan=pilihan, initial={"tanggal_berdiri": hari_ini()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lkm = data.pop("lkm")
        try:
            ksm = services.buat_ksm(lkm=lkm, data=data, oleh=request.user)
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(request, f"KSM {ksm.nama} terdaftar. Tambahkan anggotanya.")
            return redirect("ksm:detail", pk=ksm.pk)
    return render(request, "ksm/form_ksm.html", {"form": form, "judul": "Daftarkan KSM baru"})


@login_required
def ubah(request: Permintaan, pk: int) -> HttpResponse:
    ksm = get_object_or_404(akses_ksm(request.user), pk=pk)
    wajib_boleh(request.user, "ksm.tulis")
    awal = {k: getattr(ksm, k) for k in services.KOLOM_KSM}
    form = FormulirKSM(request.POST or None, initial=awal)
    if request.method == "POST" and form.is_valid():
        try:
            services.ubah_ksm(ksm=ksm, data=form.cleaned_data, oleh=request.user)
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(request, "Data KSM disimpan.")
            return redirect("ksm:detail", pk=ksm.pk)
    return render(request, "ksm/form_ksm.html", {"form": form, "ksm": ksm, "judul": f"Ubah {ksm.nama}"})


def _nama_model(label: str) -> str:
    from django.apps import apps

    try:
        nama = str(apps.get_model(label)._meta.verbose_name)
        return nama[:1].upper() + nama[1:]
    except (LookupError, ValueError):
        return label.split(".")[-1]


def _riwayat(ksm: KSM) -> list[dict[str, Any]]:
    """The latest audit events of the KSM and the records that point to it (pghistory)."""
    from pghistory.models import MiddlewareEvents

    acara = list(MiddlewareEvents.objects.references(ksm).order_by("-pgh_created_at")[:30])
    pengguna = dict(
        get_user_model()
        .objects.filter(pk__in={a.pgh_context.get("user") for a in acara if a.pgh_context})
        .values_list("pk", "username")
    )
    return [
        {
            "waktu": a.pgh_created_at,
            "apa": _nama_model(a.pgh_obj_model),
            "label": a.pgh_label,
            "perubahan": {k: v for k, v in (a.pgh_diff or {}).items() if k not in ("id",)},
            "oleh": pengguna.get((a.pgh_context or {}).get("user"), "sistem"),  # type: ignore[arg-type]
        }
        for a in acara
    ]


@login_required
def detail(request: Permintaan, pk: int) -> HttpResponse:
    """The KSM page: profile, eligibility, members, meetings, savings, partners, book checks, history."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=pk)
    per = hari_ini()
    bisa_tulis = boleh(request.user, "ksm.tulis")
    tabungan = saldo_per_anggota(ksm=ksm)
    penilaian = list(riwayat_penilaian(ksm))
    return render(
        request,
        "ksm/detail.html",
        {
            "ksm": ksm,
            "per": per,
            "kelayakan": cek_kelayakan(ksm, per=per),
            "anggota": keanggotaan_aktif(ksm),
            "mantan": ksm.keanggotaan.filter(tanggal_keluar__isnull=False)
            .select_related("anggota")
            .order_by("-tanggal_keluar"),
            "pertemuan": pertemuan_ksm(ksm)[:12],
            "jumlah_pertemuan": ksm.pertemuan.count(),
            "tabungan": tabungan,
            "total_tabungan": {
                "setoran": sum(t.setoran for t in tabungan),
                "penarikan": sum(t.penarikan for t in tabungan),
                "saldo": sum(t.saldo for t in tabungan),
            },
            "kegiatan": ksm.kegiatan_mitra.all()[:20],
            "pemeriksaan": ksm.pemeriksaan_buku.select_related("oleh")[:20],
            "riwayat": _riwayat(ksm),
            "penilaian": penilaian,
            "penilaian_terakhir": penilaian[0] if penilaian else None,
            "grafik_tahap": grafik_jalur_tahap(ksm, penilaian) if penilaian else None,
            "bisa_nilai": boleh(request.user, "penilaian.tulis"),
            "bisa_tulis": bisa_tulis,
            "bisa_tabungan": boleh(request.user, "tabungan.tulis"),
            "form_status": FormulirStatusKSM(initial={"tanggal": per}) if bisa_tulis else None,
            "form_kegiatan": FormulirKegiatan(initial={"tanggal": per}) if bisa_tulis else None,
            "form_pemeriksaan": FormulirPemeriksaan(initial={"tanggal": per}) if bisa_tulis else None,
        },
    )


def _catat_dari_ksm(
    request: Permintaan,
    pk: int,
    form_class: type[FormDasar],
    simpan: Callable[..., object],
    berhasil: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """A small form posted from the KSM page (status, partner activity, book check): parse, call the service,
    say what happened, back to the page."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            simpan(ksm=ksm, oleh=request.user, **form.cleaned_data)
        except KesalahanDomain as exc:
            messages.error(request, exc.pesan)
        else:
            messages.success(request, berhasil(form.cleaned_data))
    else:
        messages.error(
            request,
            " ".join(
                f"{form[f].label}: {' '.join(str(x) for x in e)}"
                for f, e in form.errors.items()
                if f in form.fields
            )
            or " ".join(str(x) for x in form.non_field_errors()),
        )
    return redirect("ksm:detail", pk=ksm.pk)


@require_POST
@login_required
def ubah_status(request: Permintaan, pk: int) -> HttpResponse:
    return _catat_dari_ksm(
        request,
        pk,
        FormulirStatusKSM,
        services.ubah_status_ksm,
        lambda d: f"Status KSM menjadi {d['status']}.",
    )


@require_POST
@login_required
def kegiatan_tambah(request: Permintaan, pk: int) -> HttpResponse:
    return _catat_dari_ksm(
        request,
        pk,
        FormulirKegiatan,
        services.catat_kegiatan_mitra,
        lambda d: f"Kegiatan dengan {d['mitra']} dicatat.",
    )


@require_POST
@login_required
def pemeriksaan_tambah(request: Permintaan, pk: int) -> HttpResponse:
    return _catat_dari_ksm(
        request,
        pk,
        FormulirPemeriksaan,
        services.catat_pemeriksaan_buku,
        lambda d: "Pemeriksaan buku KSM dicatat.",
    )


@login_required
def anggota_tambah(request: Permintaan, pk: int) -> HttpResponse:
    ksm = get_object_or_404(akses_ksm(request.user), pk=pk)
    wajib_boleh(request.user, "ksm.tulis")
    form = FormulirAnggota(request.POST or None, initial={"tanggal_bergabung": hari_ini()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            k = services.tambah_anggota(
                ksm=ksm,
                nik=cd["nik"],
                data=form.data_orang(),
                peran=cd["peran"],
                tanggal_bergabung=cd["tanggal_bergabung"],
                tanggal_tanggung_renteng=cd["tanggal_tanggung_renteng"],
                oleh=request.user,
            )
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(request, f"{k.anggota.nama} menjadi anggota {ksm.nama}.")
            if "lagi" in request.POST:
                return redirect("ksm:anggota_tambah", pk=ksm.pk)
            return redirect("ksm:detail", pk=ksm.pk)
    return render(request, "ksm/form_anggota.html", {"form": form, "ksm": ksm, "judul": "Tambah anggota"})


@login_required
def anggota_ubah(request: Permintaan, pk: int, keanggotaan_id: int) -> HttpResponse:
    k = get_object_or_404(akses_keanggotaan(request.user), pk=keanggotaan_id, ksm_id=pk)
    wajib_boleh(request.user, "ksm.tulis")
    orang = k.anggota
    awal = {f: getattr(orang, f) for f in FormulirAnggota.KOLOM_ORANG} | {
        "nik": orang.nik,
        "peran": k.peran,
        "tanggal_bergabung": k.tanggal_bergabung,
        "tanggal_tanggung_renteng": k.tanggal_tanggung_renteng,
    }
    form = FormulirAnggota(request.POST or None, initial=awal, ubah=True)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.ubah_anggota(
                keanggotaan=k,
                data=form.data_orang(),
                peran=cd["peran"],
                tanggal_tanggung_renteng=cd["tanggal_tanggung_renteng"],
                oleh=request.user,
            )
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(request, f"Data {orang.nama} disimpan.")
            return redirect("ksm:detail", pk=k.ksm_id)
    return render(
        request,
        "ksm/form_anggota.html",
        {
            "form": form,
            "ksm": k.ksm,
            "keanggotaan": k,
            "judul": f"Ubah data {orang.nama}",
            "form_keluar": FormulirKeluar(initial={"tanggal": hari_ini()}) if k.aktif else None,
        },
    )


@login_required
@require_POST
def anggota_keluar(request: Permintaan, pk: int, keanggotaan_id: int) -> HttpResponse:
    k = get_object_or_404(akses_keanggotaan(request.user), pk=keanggotaan_id, ksm_id=pk)
    wajib_boleh(request.user, "ksm.tulis")
    form = FormulirKeluar(request.POST)
    if not form.is_valid():
        messages.error(request, "Tanggal keluar wajib diisi.")
        return redirect("ksm:anggota_ubah", pk=pk, keanggotaan_id=k.pk)
    try:
        services.keluarkan_anggota(keanggotaan=k, oleh=request.user, **form.cleaned_data)
    except KesalahanDomain as exc:
        messages.error(request, exc.pesan)
        return redirect("ksm:anggota_ubah", pk=pk, keanggotaan_id=k.pk)
    messages.success(
        request,
        f"{k.anggota.nama} keluar dari {k.ksm.nama} pada {format_tanggal(form.cleaned_data['tanggal'])}.",
    )
    return redirect("ksm:detail", pk=pk)


@login_required
def pertemuan_detail(request: Permintaan, pk: int, pertemuan_id: int) -> HttpResponse:
    ksm = get_object_or_404(akses_ksm(request.user), pk=pk)
    pertemuan = get_object_or_404(ksm.pertemuan, pk=pertemuan_id)
    return render(
        request,
        "ksm/pertemuan.html",
        {
            "ksm": ksm,
            "pertemuan": pertemuan,
            "kehadiran": pertemuan.kehadiran.select_related("anggota").order_by("anggota__nama"),
            "tabungan": pertemuan.tabungan.select_related("anggota")
            .annotate(sudah_dikoreksi=Exists(TransaksiTabungan.objects.filter(membalik=OuterRef("pk"))))
            .order_by("anggota__nama", "id"),
            "bisa_koreksi": boleh(request.user, "tabungan.koreksi"),
        },
    )


# ---- Excel -------------------------------------------------------------------------------------------------


@login_required
def impor_templat(request: Permintaan) -> HttpResponse:
    """The empty workbook to fill in: sheets KSM and Anggota with their headers and one example row each."""
    return excel_response(impor.lembar_templat(), "templat-impor-ksm.xlsx")


@login_required
def impor_ksm(request: Permintaan) -> HttpResponse:
    """Upload KSMs and members: every row is checked first; one bad row and nothing is imported."""
    wajib_boleh(request.user, "ksm.tulis")
    pilihan = akses_lkm(request.user).order_by("desa__nama")
    form = FormulirImpor(request.POST or None, request.FILES or None, lkm_pilihan=pilihan)
    laporan: list[impor.Masalah] = []
    if request.method == "POST" and form.is_valid():
        try:
            hasil = impor.impor_berkas(
                lkm=form.cleaned_data["lkm"], berkas=form.cleaned_data["berkas"], oleh=request.user
            )
        except impor.ImporGagal as exc:
            laporan = exc.masalah
            messages.error(
                request,
                f"Tidak ada yang diimpor: {len(laporan)} masalah ditemukan. Perbaiki lalu unggah lagi.",
            )
        else:
            messages.success(request, f"Diimpor {hasil.jumlah_ksm} KSM dan {hasil.jumlah_anggota} anggota.")
            return redirect("ksm:daftar")
    return render(request, "ksm/impor.html", {"form": form, "laporan": laporan})


@login_required
def ekspor(request: Permintaan) -> HttpResponse:
    """The register of KSMs in scope (with the list's filters) as Excel."""
    per = hari_ini()
    saring = _filter(request)
    qs = _cari(request, saring)
    baris = dengan_kelayakan(
        dengan_saldo_tabungan(dengan_fakta_kelayakan(qs, per=per)).order_by("lkm__desa__nama", "nama", "pk"),
        per=per,
    )
    kolom = [
        Kolom("LKM"),
        Kolom("Desa"),
        Kolom("Nama KSM"),
        Kolom("Jenis"),
        Kolom("Status"),
        Kolom("Tanggal berdiri", "tanggal"),
        Kolom("Alamat"),
        Kolom("Anggota aktif", "angka"),
        Kolom("Perempuan", "angka"),
        Kolom("Saldo tabungan (Rp)", "uang"),
        Kolom("Layak pinjam"),
        Kolom("Alasan tidak layak"),
        Kolom("Tahap terakhir"),
        Kolom("Tanggal penilaian", "tanggal"),
    ]
    isi = [
        [
            k.lkm.nama,
            k.desa.nama,
            k.nama,
            k.get_jenis_display(),
            k.get_status_display(),
            k.tanggal_berdiri,
            k.alamat,
            k.jumlah_anggota,
            k.jumlah_perempuan,
            int(k.saldo_tabungan),
            "ya" if k.kelayakan.layak else "tidak",
            " ".join(k.kelayakan.alasan),
            Tahap(k.tahap_terakhir).label if k.tahap_terakhir else "belum dinilai",
            k.tanggal_penilaian_terakhir,
        ]
        for k in baris
    ]
    return excel_response(
        [("Register KSM", kolom, isi)],
        f"register-ksm-{per:%Y%m%d}.xlsx",
        judul=[f"Register KSM per {format_tanggal(per)}"],
    )
