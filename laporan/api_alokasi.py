"""API of the year-end (API.md): the surplus allocation decided by the LKM board."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from kotaku.akses import akses_lkm
from kotaku.api import GALAT, GALAT_BACA, Tahun, Tanggal, tahun_wajar, teks
from kotaku.errors import KesalahanDomain
from kotaku.tampilan import Permintaan
from laporan import services
from laporan.alokasi_surplus import BagianTidakSah, baca_bagian
from laporan.models import POS, AlokasiSurplus, StatusAlokasi
from laporan.selectors import terutang

router = Router(tags=["akhir tahun"])


class AlokasiIn(Schema):
    tahun: Tahun
    keputusan: str = teks(100, wajib=True)
    tanggal_keputusan: Tanggal
    rapat: str = teks(200)
    bagian: dict[str, Annotated[str, Field(max_length=20)]]


class PerPos(Schema):
    pemupukan_modal: int
    lingkungan: int
    sosial: int
    insentif: int
    cadangan: int


class BagianOut(Schema):
    pemupukan_modal: str
    lingkungan: str
    sosial: str
    insentif: str
    cadangan: str


class TerutangOut(Schema):
    lingkungan: int
    sosial: int
    insentif: int


class AlokasiOut(Schema):
    id: int
    tahun: int
    surplus: int
    status: str
    keputusan: str
    tanggal_keputusan: date | None
    rapat: str
    bagian: BagianOut
    jumlah: PerPos
    jurnal: int | None
    terutang: TerutangOut


def _keluaran(a: AlokasiSurplus) -> dict[str, Any]:
    return {
        "id": a.pk,
        "tahun": a.tahun,
        "surplus": a.surplus,
        "status": a.status,
        "keputusan": a.nomor_keputusan,
        "tanggal_keputusan": a.tanggal_keputusan,
        "rapat": a.rapat,
        "bagian": {p: f"{a.bagian[p]:.2f}" for p in POS},
        "jumlah": a.jumlah,
        "jurnal": a.jurnal_id,
        "terutang": terutang(a),
    }


@router.post("lkm/{lkm_id}/alokasi-surplus", response={201: AlokasiOut, **GALAT})
def tetapkan(request: Permintaan, lkm_id: int, data: AlokasiIn) -> Any:
    """The board's decision on a closed year's surplus, posted at once (DOMAIN.md §7)."""
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    try:
        bagian = baca_bagian(data.bagian)
    except BagianTidakSah as exc:
        errors = [
            {
                "field": e["field"] if e["field"] == "bagian" else f"bagian.{e['field']}",
                "message": e["message"],
            }
            for e in exc.errors
        ]
        raise KesalahanDomain(exc.pesan, errors=errors) from exc
    alokasi = services.tetapkan_alokasi(
        lkm=lkm,
        tahun=data.tahun,
        nomor_keputusan=data.keputusan,
        tanggal_keputusan=data.tanggal_keputusan,
        rapat=data.rapat,
        bagian=bagian,
        oleh=request.user,
    )
    return Status(201, _keluaran(alokasi))


@router.get("lkm/{lkm_id}/alokasi-surplus", response={200: AlokasiOut, **GALAT_BACA})
def lihat(request: Permintaan, lkm_id: int, tahun: int | None = None) -> Any:
    """The decision of a year (default: the latest) and its amounts; 404 when there is none."""
    tahun_wajar(tahun)
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    qs = AlokasiSurplus.objects.filter(lkm=lkm, status=StatusAlokasi.DITETAPKAN).order_by("-tahun")
    alokasi = qs.filter(tahun=tahun).first() if tahun is not None else qs.first()
    if alokasi is None:
        raise Http404
    return _keluaran(alokasi)
