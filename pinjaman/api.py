"""API of loans (API.md): application, workflow, disbursement, schedule, payments, position as of a date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Min, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kotaku.api import (
    GALAT,
    GALAT_BACA,
    POLA_SATU_BARIS,
    Halaman,
    IdBody,
    Kunci,
    RupiahPositif,
    RupiahTakNegatif,
    Tanggal,
    tanggal_wajar,
    teks,
)
from kotaku.errors import KesalahanDomain
from kotaku.tampilan import Permintaan
from kotaku.tanggal import hari_ini
from ksm.models import Anggota
from ksm.selectors import akses_ksm
from pinjaman import services
from pinjaman.models import Angsuran, Pembayaran, Pemulihan, Pinjaman, StatusPinjaman
from pinjaman.selectors import akses_pinjaman, posisi_pinjaman

router = Router(tags=["pinjaman"])


class BagianIn(Schema):
    anggota: IdBody
    pokok: RupiahPositif


class PinjamanIn(Schema):
    ksm: IdBody
    tanggal_pengajuan: Tanggal
    jangka_bulan: int = Field(strict=True, ge=1, le=60)
    frekuensi: Literal["bulanan", "dua_mingguan", "mingguan"] = "bulanan"
    metode_jasa: Literal["flat", "menurun"] | None = None
    jasa_persen_per_bulan: Decimal | None = Field(None, ge=0, le=100, max_digits=6, decimal_places=3)
    anggota: list[BagianIn] = Field(min_length=1, max_length=200)


class PinjamanRingkas(Schema):
    id: int
    ksm: int
    status: str
    pokok: int
    tanggal_pengajuan: date
    tanggal_cair: date | None

    @staticmethod
    def resolve_ksm(obj: Any) -> int:
        return int(obj.ksm_id)


class CatatanIn(Schema):
    catatan: str = teks(2000, baris=True)


class TolakIn(Schema):
    alasan: str = teks(2000, wajib=True, baris=True)


class CairIn(Schema):
    tanggal: Tanggal
    kunci: Kunci


class StatusOut(Schema):
    id: int
    status: str


class AjukanOut(StatusOut):
    pokok: int


class RincianIn(Schema):
    anggota: IdBody
    jumlah: RupiahTakNegatif
    dibayar_oleh: IdBody | None = None


class BayarIn(Schema):
    tanggal: Tanggal
    jumlah: RupiahPositif
    kunci: Kunci
    rincian: list[RincianIn] | None = Field(None, max_length=200)


class BayarOut(Schema):
    id: int
    jasa: int
    pokok: int
    sisa_pokok: int


class JadwalOut(Schema):
    ke: int
    jatuh_tempo: date
    pokok: int
    jasa: int
    jumlah: int


class PosisiOut(Schema):
    id: int
    ksm: int
    status: str
    pokok: int
    sisa_pokok: int
    tunggakan_pokok: int
    tunggakan_jasa: int
    bulan_tunggakan: str
    kolektibilitas: int | None


def _pinjaman(request: Permintaan, pinjaman_id: int) -> Pinjaman:
    return get_object_or_404(akses_pinjaman(request.user).select_related("lkm", "ksm"), pk=pinjaman_id)


@router.post("pinjaman", response={201: AjukanOut, **GALAT})
def ajukan(request: Permintaan, data: PinjamanIn) -> Any:
    ksm = get_object_or_404(akses_ksm(request.user), pk=data.ksm)
    anggota = {a.pk: a for a in Anggota.objects.filter(pk__in=[b.anggota for b in data.anggota], lkm=ksm.lkm)}
    if len(anggota) != len({b.anggota for b in data.anggota}):
        raise KesalahanDomain(
            "Ada anggota yang tidak dikenal di LKM ini.",
            errors=[{"field": "anggota", "message": "tidak dikenal"}],
        )
    p = services.ajukan_pinjaman(
        ksm=ksm,
        tanggal_pengajuan=data.tanggal_pengajuan,
        jangka_bulan=data.jangka_bulan,
        frekuensi=data.frekuensi,
        metode_jasa=data.metode_jasa,
        jasa_persen=data.jasa_persen_per_bulan,
        oleh=request.user,
        bagian=[services.BagianDiminta(anggota[b.anggota], b.pokok) for b in data.anggota],
    )
    return 201, {"id": p.pk, "status": p.status, "pokok": p.pokok}


@router.get("pinjaman", response={200: list[PinjamanRingkas], **GALAT_BACA})
@paginate(Halaman)
def daftar(
    request: Permintaan,
    status: str | None = Query(None, max_length=16, pattern=POLA_SATU_BARIS),  # type: ignore[type-arg]
    ksm: int | None = None,
) -> Any:
    qs = akses_pinjaman(request.user).order_by("-tanggal_pengajuan", "-pk")
    if status:
        qs = qs.filter(status=status)
    if ksm:
        qs = qs.filter(ksm_id=ksm)
    return qs


@router.post("pinjaman/{pinjaman_id}/verifikasi", response={200: StatusOut, **GALAT})
def verifikasi(request: Permintaan, pinjaman_id: int, data: CatatanIn) -> Any:
    return services.verifikasi(
        pinjaman=_pinjaman(request, pinjaman_id), oleh=request.user, catatan=data.catatan
    )


@router.post("pinjaman/{pinjaman_id}/setujui", response={200: StatusOut, **GALAT})
def setujui(request: Permintaan, pinjaman_id: int, data: CatatanIn) -> Any:
    return services.setujui(pinjaman=_pinjaman(request, pinjaman_id), oleh=request.user, catatan=data.catatan)


@router.post("pinjaman/{pinjaman_id}/tolak", response={200: StatusOut, **GALAT})
def tolak(request: Permintaan, pinjaman_id: int, data: TolakIn) -> Any:
    return services.tolak(pinjaman=_pinjaman(request, pinjaman_id), oleh=request.user, alasan=data.alasan)


@router.post("pinjaman/{pinjaman_id}/cairkan", response={200: StatusOut, **GALAT})
def cairkan(request: Permintaan, pinjaman_id: int, data: CairIn) -> Any:
    return services.cairkan(
        pinjaman=_pinjaman(request, pinjaman_id), tanggal=data.tanggal, kunci=data.kunci, oleh=request.user
    )


@router.get("pinjaman/{pinjaman_id}/jadwal", response={200: list[JadwalOut], **GALAT_BACA})
@paginate(Halaman)
def jadwal(
    request: Permintaan,
    pinjaman_id: int,
    anggota: int | None = None,
    versi: int | None = Query(None, ge=1, le=1000),  # type: ignore[type-arg]
) -> Any:
    """The schedule in force (after a reschedule, the new version); `?versi=` an earlier one; `?anggota=` one
    member's share."""
    p = _pinjaman(request, pinjaman_id)
    dipakai = versi or p.versi_jadwal
    qs = Angsuran.objects.filter(pinjaman=p, versi=dipakai)
    if not qs.exists():
        raise Http404
    if anggota:
        qs = qs.filter(bagian__anggota_id=anggota)
    baris = (
        qs.values("ke")
        .annotate(jatuh_tempo=Min("jatuh_tempo"), pokok=Sum("pokok"), jasa=Sum("jasa"))
        .order_by("ke")
    )
    return [{**b, "jumlah": b["pokok"] + b["jasa"]} for b in baris]


class HapusBukuIn(Schema):
    tanggal: Tanggal
    nomor_keputusan: str = teks(100, wajib=True)
    tanggal_keputusan: Tanggal
    kunci: Kunci


class JadwalUlangIn(Schema):
    mulai: Tanggal
    jangka_bulan: int = Field(strict=True, ge=1, le=60)
    nomor_keputusan: str = teks(100, wajib=True)
    tanggal_keputusan: Tanggal


class JadwalUlangOut(Schema):
    id: int
    versi: int


class PemulihanIn(Schema):
    tanggal: Tanggal
    jumlah: RupiahPositif
    kunci: Kunci


class PemulihanOut(Schema):
    id: int
    jumlah: int


@router.post("pinjaman/{pinjaman_id}/hapus-buku", response={200: StatusOut, **GALAT})
def hapus_buku(request: Permintaan, pinjaman_id: int, data: HapusBukuIn) -> Any:
    """Write off a Kol 5 loan by board decision (API.md)."""
    hb = services.hapus_buku(pinjaman=_pinjaman(request, pinjaman_id), oleh=request.user, **data.model_dump())
    return {"id": hb.pinjaman_id, "status": StatusPinjaman.DIHAPUSBUKUKAN}


@router.post("pinjaman/{pinjaman_id}/jadwal-ulang", response={200: JadwalUlangOut, **GALAT})
def jadwal_ulang(request: Permintaan, pinjaman_id: int, data: JadwalUlangIn) -> Any:
    """Reschedule by board decision; `GET jadwal` then shows the new version (API.md)."""
    ju = services.jadwal_ulang(
        pinjaman=_pinjaman(request, pinjaman_id), oleh=request.user, **data.model_dump()
    )
    return {"id": ju.pinjaman_id, "versi": ju.versi}


@router.post("pinjaman/{pinjaman_id}/pemulihan", response={201: PemulihanOut, 200: PemulihanOut, **GALAT})
def pemulihan(request: Permintaan, pinjaman_id: int, data: PemulihanIn) -> Any:
    """Money recovered on a written-off loan (API.md); the same `kunci` again answers 200 with the first."""
    p = _pinjaman(request, pinjaman_id)
    sudah = Pemulihan.objects.filter(pinjaman=p, kunci=data.kunci).exists()
    pulih = services.catat_pemulihan(pinjaman=p, oleh=request.user, **data.model_dump())
    return (200 if sudah else 201), {"id": pulih.pk, "jumlah": pulih.jumlah}


@router.post("pinjaman/{pinjaman_id}/pembayaran", response={201: BayarOut, 200: BayarOut, **GALAT})
def bayar(request: Permintaan, pinjaman_id: int, data: BayarIn) -> Any:
    p = _pinjaman(request, pinjaman_id)
    sudah = Pembayaran.objects.filter(pinjaman=p, kunci=data.kunci).exists()
    rincian = (
        [services.BayarAnggota(r.anggota, r.jumlah, r.dibayar_oleh) for r in data.rincian]
        if data.rincian
        else None
    )
    b = services.catat_pembayaran(
        pinjaman=p,
        tanggal=data.tanggal,
        jumlah=data.jumlah,
        kunci=data.kunci,
        oleh=request.user,
        rincian=rincian,
    )
    posisi = posisi_pinjaman(pinjaman=p, per=max(b.tanggal, hari_ini()))
    return (200 if sudah else 201), {
        "id": b.pk,
        "jasa": b.jasa,
        "pokok": b.pokok,
        "sisa_pokok": posisi.sisa_pokok if posisi else p.pokok,
    }


@router.get("pinjaman/{pinjaman_id}", response={200: PosisiOut, **GALAT_BACA})
def posisi(request: Permintaan, pinjaman_id: int, per: date | None = None) -> Any:
    tanggal_wajar(per, "per")
    p = _pinjaman(request, pinjaman_id)
    pos = posisi_pinjaman(pinjaman=p, per=per or hari_ini())
    if pos is None:
        return {
            "id": p.pk,
            "ksm": p.ksm_id,
            "status": p.status,
            "pokok": p.pokok,
            "sisa_pokok": 0,
            "tunggakan_pokok": 0,
            "tunggakan_jasa": 0,
            "bulan_tunggakan": "0.00",
            "kolektibilitas": None,
        }
    return {
        "id": p.pk,
        "ksm": p.ksm_id,
        "status": p.status,
        "pokok": p.pokok,
        "sisa_pokok": pos.sisa_pokok,
        "tunggakan_pokok": pos.tunggakan_pokok,
        "tunggakan_jasa": pos.tunggakan_jasa,
        "bulan_tunggakan": str(pos.bulan_tunggakan),
        "kolektibilitas": pos.kolektibilitas,
    }
