"""Year-end pages: the surplus allocation of an LKM and year (draft, decision, payouts, receipts).

Thin: forms parse, services write and check roles, selectors read; the live preview runs the pure split.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kotaku.akses import boleh
from kotaku.buku.models import Jurnal
from kotaku.dokumen import pdf_response
from kotaku.errors import KesalahanDomain
from kotaku.forms import FormDasar
from kotaku.models import LKM
from kotaku.tampilan import Permintaan, halaman_lkm
from kotaku.tanggal import hari_ini
from laporan import services
from laporan.alokasi_surplus import NAMA_POS, POS, format_persen_dua, pratinjau
from laporan.forms import FormulirAlokasi, FormulirBayarAlokasi
from laporan.models import POS_TERUTANG, AlokasiSurplus, PembayaranAlokasi
from laporan.selectors import jurnal_penutup, surplus_tahun, terutang
from laporan.services import AKUN_POS


class FormulirTahun(FormDasar):
    tahun = forms.IntegerField(min_value=2000, max_value=2100)


def _tahun(request: Permintaan, lkm: LKM) -> int:
    """`?tahun=` (or the form's `tahun`); by default the latest closed year, else last year."""
    form = FormulirTahun(request.POST if "tahun" in request.POST else request.GET)
    if form.is_valid():
        return int(form.cleaned_data["tahun"])
    ditutup = (
        Jurnal.objects.filter(lkm=lkm, jenis="penutup").order_by("-tahun").values_list("tahun", flat=True)
    )
    return ditutup.first() or hari_ini().year - 1


def _url(lkm: LKM, tahun: int) -> str:
    return f"{reverse('laporan:alokasi_surplus', kwargs={'lkm_id': lkm.pk})}?tahun={tahun}"


def _halaman(
    request: Permintaan,
    lkm: LKM,
    tahun: int,
    *,
    form: FormulirAlokasi | None = None,
    form_bayar: FormulirBayarAlokasi | None = None,
) -> HttpResponse:
    alokasi = (
        AlokasiSurplus.objects.filter(lkm=lkm, tahun=tahun)
        .select_related("dibuat_oleh", "ditetapkan_oleh", "jurnal")
        .first()
    )
    ringkas = surplus_tahun(lkm=lkm, tahun=tahun)
    penutup = jurnal_penutup(lkm=lkm, tahun=tahun)
    bisa_draf = boleh(request.user, "surplus.draf")
    bisa_tetapkan = boleh(request.user, "surplus.alokasi")
    bisa_bayar = boleh(request.user, "surplus.bayar")
    terbuka = penutup is not None and ringkas.surplus > 0 and not (alokasi and alokasi.ditetapkan)
    if form is None and terbuka and (bisa_draf or bisa_tetapkan):
        awal: dict[str, Any] = {"rapat": f"Rembug Warga Tahunan Desa {lkm.desa.nama} {tahun + 1}"}
        if alokasi is not None:
            awal |= {p: format_persen_dua(alokasi.bagian[p]) for p in POS}
            awal |= {
                "nomor_keputusan": alokasi.nomor_keputusan,
                "tanggal_keputusan": alokasi.tanggal_keputusan,
            }
            awal["rapat"] = alokasi.rapat or awal["rapat"]
        form = _formulir(lkm, None, awal, bisa_tetapkan)
    sisa = terutang(alokasi) if alokasi is not None and alokasi.ditetapkan else {}
    if form_bayar is None and bisa_bayar and any(sisa.values()):
        form_bayar = FormulirBayarAlokasi(
            initial={
                "tanggal": hari_ini(),
                "penerima": f"UPL/UPS {lkm.nama}",
                "pos": next(p for p in sisa if sisa[p]),
            }
        )
    lihat = (
        pratinjau(ringkas.surplus, {p: (form[p].value() or "") for p in POS}) if form is not None else None
    )
    tahun_ada = list(
        Jurnal.objects.filter(lkm=lkm).order_by("-tahun").values_list("tahun", flat=True).distinct()
    )
    baris = []
    if alokasi is not None:
        baris = [
            {
                "pos": p,
                "nama": NAMA_POS[p],
                "akun": AKUN_POS[p],
                "bagian": format_persen_dua(alokasi.bagian[p]),
                "jumlah": alokasi.jumlah[p],
                "terutang": sisa.get(p),
            }
            for p in POS
        ]
    return render(
        request,
        "laporan/alokasi_surplus.html",
        {
            "lkm": lkm,
            "tahun": tahun,
            "tahun_ada": tahun_ada or [tahun],
            "ringkas": ringkas,
            "penutup": penutup,
            "alokasi": alokasi,
            "baris": baris,
            "pembayaran": alokasi.pembayaran.select_related("jurnal").order_by("tanggal", "pk")
            if alokasi is not None
            else [],
            "form": form,
            "form_bayar": form_bayar,
            "pratinjau": lihat,
            "besar_surplus": abs(ringkas.surplus),
            "bidang_bagian": [form[p] for p in POS] if form is not None else [],
            "bidang_keputusan": [form[n] for n in ("nomor_keputusan", "tanggal_keputusan", "rapat")]
            if form is not None
            else [],
            "nama_pos": NAMA_POS,
            "bisa_draf": bisa_draf,
            "bisa_tetapkan": bisa_tetapkan,
            "bisa_tutup": boleh(request.user, "buku.tutup_bulan"),
            "pos_terutang": POS_TERUTANG,
        },
    )


def _formulir(lkm: LKM, data: Any, awal: dict[str, Any] | None, wajib_keputusan: bool) -> FormulirAlokasi:
    return FormulirAlokasi(
        data,
        initial=awal,
        url_pratinjau=reverse("laporan:pratinjau_alokasi", kwargs={"lkm_id": lkm.pk}),
        wajib_keputusan=wajib_keputusan,
    )


@halaman_lkm
def alokasi_surplus(request: Permintaan, lkm: LKM) -> HttpResponse:
    """The year's surplus and its allocation: the pembuku saves a draft, the board records the decision."""
    tahun = _tahun(request, lkm)
    if request.method != "POST":
        return _halaman(request, lkm, tahun)
    tetapkan = request.POST.get("aksi") == "tetapkan"
    form = _formulir(lkm, request.POST, None, tetapkan)
    if form.is_valid():
        cd = form.cleaned_data
        try:
            if tetapkan:
                assert form.tanggal is not None
                alokasi = services.tetapkan_alokasi(
                    lkm=lkm,
                    tahun=tahun,
                    nomor_keputusan=cd["nomor_keputusan"],
                    tanggal_keputusan=form.tanggal,
                    rapat=cd["rapat"],
                    bagian=form.bagian,
                    oleh=request.user,
                )
                pesan = (
                    f"Alokasi surplus {tahun} ditetapkan (keputusan {alokasi.nomor_keputusan}) dan diposting "
                    f"({alokasi.jurnal.nomor if alokasi.jurnal else ''})."
                )
            else:
                services.simpan_draf_alokasi(
                    lkm=lkm,
                    tahun=tahun,
                    bagian=form.bagian,
                    nomor_keputusan=cd["nomor_keputusan"],
                    tanggal_keputusan=form.tanggal,
                    rapat=cd["rapat"],
                    oleh=request.user,
                )
                pesan = f"Draf alokasi surplus {tahun} disimpan; pengurus LKM menetapkannya."
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(request, pesan)
            return redirect(_url(lkm, tahun))
    return _halaman(request, lkm, tahun, form=form)


@require_POST
@halaman_lkm
def pratinjau_alokasi(request: Permintaan, lkm: LKM) -> HttpResponse:
    """The live preview (htmx): the amounts of each line for the shares typed so far."""
    tahun = _tahun(request, lkm)
    surplus = surplus_tahun(lkm=lkm, tahun=tahun).surplus
    lihat = pratinjau(max(surplus, 0), {p: request.POST.get(p, "") for p in POS})
    return render(
        request, "laporan/alokasi_surplus.html#pratinjau", {"pratinjau": lihat, "nama_pos": NAMA_POS}
    )


@require_POST
@halaman_lkm
def bayar_alokasi(request: Permintaan, lkm: LKM, alokasi_id: int) -> HttpResponse:
    """The kasir pays out (part of) a line the decision made owed; a hidden key makes a double submit pay
    once."""
    alokasi = get_object_or_404(AlokasiSurplus, lkm=lkm, pk=alokasi_id)
    form = FormulirBayarAlokasi(request.POST)
    if form.is_valid():
        try:
            bayar = services.bayar_alokasi(alokasi=alokasi, oleh=request.user, **form.cleaned_data)
        except KesalahanDomain as exc:
            form.tampilkan_galat(exc)
        else:
            messages.success(request, f"{NAMA_POS[bayar.pos]} dibayar ({bayar.jurnal.nomor}).")
            return redirect(_url(lkm, alokasi.tahun))
    return _halaman(request, lkm, alokasi.tahun, form_bayar=form)


@halaman_lkm
def bukti_bayar_alokasi(request: Permintaan, lkm: LKM, pembayaran_id: int) -> HttpResponse:
    """Receipt of a payout (bukti kas), with the amount in words."""
    bayar = get_object_or_404(
        PembayaranAlokasi.objects.select_related("alokasi", "jurnal", "dibuat_oleh"),
        lkm=lkm,
        pk=pembayaran_id,
    )
    return pdf_response(
        "laporan/bukti_bayar_alokasi_pdf.html",
        {
            "lkm": lkm,
            "bayar": bayar,
            "nama_pos": NAMA_POS[bayar.pos],
            "akun": AKUN_POS[bayar.pos],
            "judul": "Bukti Kas Keluar",
        },
        f"bukti-alokasi-{bayar.jurnal.tahun}-{bayar.jurnal.urut:06d}.pdf",
    )
