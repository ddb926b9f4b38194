"""Pages of KSM maturity: the assessment of one KSM, its evidence photo, the KSMs due, stage counts per desa.

The assessment page lives here (not in ksm/) because it shows the proposal computed from the records,
loans included (`laporan.tahap`). Everyone in scope reads it; the fasilitator and the admin also assess.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kotaku.akses import akses_lkm, boleh, wajib_boleh
from kotaku.dokumen import respon_laporan
from kotaku.errors import KesalahanDomain
from kotaku.forms import FormulirPeriode
from kotaku.tampilan import Permintaan
from kotaku.tanggal import format_tanggal, hari_ini
from ksm.models import Penilaian, Tahap
from ksm.penilaian import JENIS_KONTEN_FOTO, catat_penilaian
from ksm.selectors import akses_ksm, riwayat_penilaian
from laporan.forms import FormulirPenilaian, FormulirTanggalPenilaian
from laporan.laporan import laporan_tahap_ksm
from laporan.tahap import bukti_indikator, ksm_jatuh_tempo, rincian_tahap

JATUH_TEMPO_PER_HALAMAN = 50


def _tanggal_penilaian(request: Permintaan) -> tuple[FormulirTanggalPenilaian, date]:
    form = FormulirTanggalPenilaian(request.GET or None)
    if request.GET.get("tanggal") and form.is_valid() and form.cleaned_data["tanggal"]:
        return form, form.cleaned_data["tanggal"]
    if not request.GET.get("tanggal"):
        form = FormulirTanggalPenilaian(initial={"tanggal": hari_ini()})
    return form, hari_ini()


@login_required
def penilaian(request: Permintaan, ksm_id: int) -> HttpResponse:
    """One KSM on a date: each indicator's proposal and the records behind it; the fasilitator confirms or
    changes each score (a changed score needs a note) and saves; others in scope read."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    bisa_nilai = boleh(request.user, "penilaian.tulis")
    if request.method == "POST":
        wajib_boleh(request.user, "penilaian.tulis")
        form_tanggal = FormulirTanggalPenilaian(request.POST)
        tanggal = form_tanggal.cleaned_data["tanggal"] if form_tanggal.is_valid() else None
        if tanggal is None:
            tanggal = hari_ini()
            messages.error(request, "Tanggal penilaian tidak valid; usulan dihitung per hari ini.")
    else:
        form_tanggal, tanggal = _tanggal_penilaian(request)
    rincian = rincian_tahap(ksm, tanggal)
    form = None
    if bisa_nilai:
        form = FormulirPenilaian(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            usulan=rincian.hasil,
        )
        if request.method == "POST" and form_tanggal.is_valid() and form.is_valid():
            try:
                hasil = catat_penilaian(
                    ksm=ksm,
                    tanggal=tanggal,
                    skor=form.skor(),
                    catatan=form.catatan(),
                    usulan=rincian.hasil,
                    foto=form.cleaned_data.get("foto"),
                    oleh=request.user,
                )
            except KesalahanDomain as exc:
                form.tampilkan_galat(exc)
            else:
                messages.success(
                    request,
                    f"Penilaian {format_tanggal(hasil.tanggal)} disimpan: {Tahap(hasil.tahap).label} "
                    f"(skor {hasil.total}).",
                )
                return redirect("ksm:detail", pk=ksm.pk)
        elif request.method == "POST":
            for e in form_tanggal.errors.get("tanggal", []):
                form.add_error(None, f"Tanggal penilaian: {e}")
    bukti = bukti_indikator(rincian, ksm)
    baris = [
        {
            "indikator": i,
            "bukti": bukti[i.no],
            "skor": form[f"skor_{i.no}"] if form else None,
            "catatan": form[f"catatan_{i.no}"] if form else None,
        }
        for i in rincian.hasil.indikator
    ]
    riwayat = list(riwayat_penilaian(ksm)[:5])
    return render(
        request,
        "laporan/penilaian.html",
        {
            "ksm": ksm,
            "rincian": rincian,
            "form": form,
            "form_tanggal": form_tanggal,
            "tanggal": tanggal,
            "riwayat": riwayat,
            "bisa_nilai": bisa_nilai,
            "baris": baris,
            "nama_usulan": Tahap(rincian.hasil.tahap).label,
        },
    )


@login_required
def penilaian_foto(request: Permintaan, penilaian_id: int) -> FileResponse:
    """The evidence photo of an assessment, only for users who may see its KSM (never a public URL)."""
    p = get_object_or_404(Penilaian.objects.filter(ksm__in=akses_ksm(request.user)), pk=penilaian_id)
    if not p.foto:
        raise Http404("Penilaian ini tanpa foto.")
    akhiran = p.foto.name.rsplit(".", 1)[-1].lower()
    try:
        berkas = p.foto.open("rb")
    except FileNotFoundError:
        raise Http404("Berkas foto tidak ditemukan.") from None
    respon = FileResponse(berkas, content_type=JENIS_KONTEN_FOTO.get(akhiran, "application/octet-stream"))
    respon["Content-Disposition"] = f'inline; filename="bukti-penilaian-{p.pk}.{akhiran}"'
    respon["Cache-Control"] = "private, no-store"
    return respon


@login_required
def penilaian_jatuh_tempo(request: Permintaan) -> HttpResponse:
    """The KSMs of the user's villages due for assessment today, with counts per desa and proposed stage."""
    per = hari_ini()
    qs = akses_ksm(request.user)
    desa = request.GET.get("desa", "")
    daftar = ksm_jatuh_tempo(qs, per)
    ksm_tampil = [j for j in daftar.ksm if not desa.isdigit() or j.ksm.desa_id == int(desa)]
    halaman = Paginator(ksm_tampil, JATUH_TEMPO_PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(
        request,
        "laporan/penilaian_jatuh_tempo.html",
        {
            "daftar": daftar,
            "halaman": halaman,
            "desa_dipilih": int(desa) if desa.isdigit() else None,
            "pilihan_desa": sorted(
                {(j.ksm.desa_id, j.ksm.desa.nama) for j in daftar.ksm}, key=lambda d: d[1]
            ),
            "nama_tahap": dict(Tahap.choices),
        },
    )


@login_required
def tahap(request: Permintaan) -> HttpResponse:
    """Tahap KSM per desa (screen, `?format=pdf`, `?format=xlsx`): the kecamatan of a fasilitator, the desa of
    a board, everything for the admin."""
    saring = FormulirPeriode(request.GET, jenis="per", lkm=None)
    # Every LKM in scope is on the report: its filter offers no LKM to choose.
    return respon_laporan(
        request,
        laporan_tahap_ksm(lkm=akses_lkm(request.user), per=saring.per_tanggal),
        saring=saring,
        tanpa_pilihan_lkm=True,
    )
