"""API of the reports floor (API.md): the POB indicators of an LKM and of a kecamatan as of a month end."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from kotaku.akses import akses_lkm
from kotaku.api import GALAT_BACA, tanggal_wajar
from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.forms import tanggal_laporan_bawaan
from kotaku.tampilan import Permintaan
from kotaku.tanggal import akhir_bulan, format_tanggal, hari_ini, tambah_bulan
from laporan.indikator import DataKinerja, jumlahkan
from laporan.kinerja import kinerja_aman
from laporan.selectors import akses_kecamatan, kinerja_banyak

router = Router(tags=["laporan"])


class SkorKinerjaOut(Schema):
    lar: int
    par: int
    rr: int
    ccr: int
    roi: int


class KinerjaOut(Schema):
    per: date
    lar: str
    par: str
    rr: str
    ccr: str | None
    roi: str | None
    skor: SkorKinerjaOut
    total: int
    predikat: str
    outstanding: int
    ksm_aktif: int
    ksm_menunggak: int


class LkmKinerjaOut(Schema):
    id: int
    nama: str


class KinerjaLkmOut(KinerjaOut):
    lkm: LkmKinerjaOut
    desa: str


class KinerjaKecamatanOut(Schema):
    per: date
    kecamatan: str
    items: list[KinerjaLkmOut]
    total: KinerjaOut | None


def _per(per: date | None, bawaan: date) -> date:
    """The month end asked for (refused, 400, when it is not one or has not ended), else the default."""
    if per is None:
        return bawaan
    tanggal_wajar(per, "per")
    if per != akhir_bulan(per):
        raise KesalahanDomain(
            f"per {per.isoformat()} bukan akhir bulan; kinerja dihitung per akhir bulan, mis. "
            f"{akhir_bulan(per).isoformat()}.",
            errors=[{"field": "per", "message": "Tanggal harus akhir bulan."}],
        )
    if per >= hari_ini():
        raise KesalahanDomain(
            f"Bulan yang berakhir {format_tanggal(per)} belum lewat.",
            errors=[{"field": "per", "message": "Bulan belum berakhir."}],
        )
    return per


def _kinerja(per: date, data: DataKinerja | None, nama: str = "LKM ini") -> dict[str, Any]:
    k = kinerja_aman(data)
    if data is None or k is None:
        raise KonflikStatus(
            f"Angka {nama} per {format_tanggal(per)} tidak sah untuk dihitung indikatornya; periksa "
            "snapshot-nya (manage.py periksa_snapshot)."
        )
    return {
        "per": per,
        "lar": str(k.lar),
        "par": str(k.par),
        "rr": str(k.rr),
        "ccr": None if k.ccr is None else str(k.ccr),
        "roi": None if k.roi is None else str(k.roi),
        "skor": dict(k.skor),
        "total": k.total,
        "predikat": k.predikat,
        "outstanding": data.outstanding,
        "ksm_aktif": data.ksm_aktif,
        "ksm_menunggak": data.ksm_menunggak,
    }


@router.get("lkm/{lkm_id}/kinerja", response={200: KinerjaOut, **GALAT_BACA})
def kinerja_lkm(request: Permintaan, lkm_id: int, per: date | None = None) -> Any:
    """LAR, PAR, RR, CCr, ROI with their POB scores as of a month end (default: the LKM's last closed month,
    else last month). From the stored snapshot when there is one, else computed."""
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    tanggal = _per(per, tanggal_laporan_bawaan(lkm))
    data, _ = kinerja_banyak(lkm_ids=[lkm.pk], per=tanggal)[lkm.pk]
    return _kinerja(tanggal, data)


@router.get("kecamatan/{kecamatan_id}/kinerja", response={200: KinerjaKecamatanOut, **GALAT_BACA})
def kinerja_kecamatan(request: Permintaan, kecamatan_id: int, per: date | None = None) -> Any:
    """Each LKM of the kecamatan in the user's scope, and the kecamatan over the sums (never an average)."""
    kecamatan = get_object_or_404(akses_kecamatan(request.user), pk=kecamatan_id)
    tanggal = _per(per, akhir_bulan(tambah_bulan(hari_ini().replace(day=1), -1)))
    daftar = list(akses_lkm(request.user).filter(desa__kecamatan=kecamatan).order_by("desa__nama"))
    data = kinerja_banyak(lkm_ids=[x.pk for x in daftar], per=tanggal)
    items = [
        {**_kinerja(tanggal, data[x.pk][0], x.nama), "lkm": {"id": x.pk, "nama": x.nama}, "desa": x.desa.nama}
        for x in daftar
    ]
    semua = [d for d, _ in data.values() if d is not None]
    return {
        "per": tanggal,
        "kecamatan": kecamatan.nama,
        "items": items,
        "total": _kinerja(tanggal, jumlahkan(semua)) if semua else None,
    }
