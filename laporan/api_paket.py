"""API of the report pack (API.md): `POST laporan` (202) and `GET laporan/{id}`."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema

from kotaku.akses import akses_lkm
from kotaku.api import GalatRespon
from kotaku.tampilan import Permintaan
from laporan import paket as layanan
from laporan.models import StatusKerja
from laporan.views_paket import paket_terlihat

router = Router(tags=["laporan"])


class PaketIn(Schema):
    jenis: str = Field(pattern="^(alokasi_surplus|bulanan)$")
    tahun: int = Field(ge=2000, le=2100)
    bulan: int | None = Field(None, ge=1, le=12)
    lkm: int | None = Field(None, ge=1, le=2_000_000_000)


class PaketDiminta(Schema):
    id: int
    status: str


class BerkasOut(Schema):
    desa: str | None
    url: str
    sha256: str


class PaketOut(Schema):
    id: int
    status: str
    kemajuan: int
    berkas: list[BerkasOut]
    arsip: str | None
    pesan: str


GALAT = {400: GalatRespon, 401: GalatRespon, 403: GalatRespon, 404: GalatRespon}


@router.post("laporan", response={202: PaketDiminta, **GALAT})
def minta(request: Permintaan, data: PaketIn) -> Any:
    """Ask for the year-end pack (`alokasi_surplus`) or a monthly pack; no `lkm` = every LKM in scope plus the
    roll-up. The workers build it: poll `GET laporan/{id}`."""
    lkm = get_object_or_404(akses_lkm(request.user), pk=data.lkm) if data.lkm else None
    paket = layanan.minta_paket(
        jenis=data.jenis, tahun=data.tahun, bulan=data.bulan, lkm=lkm, oleh=request.user
    )
    return 202, {"id": paket.pk, "status": paket.status}


@router.get(
    "laporan/{paket_id}", response={200: PaketOut, 400: GalatRespon, 401: GalatRespon, 404: GalatRespon}
)
def status(request: Permintaan, paket_id: int) -> Any:
    paket = get_object_or_404(paket_terlihat(request.user), pk=paket_id)
    berkas = [
        {
            "desa": b.lkm.desa.nama if b.lkm else None,
            "url": request.build_absolute_uri(reverse("laporan:paket_berkas", args=[paket.pk, b.pk])),
            "sha256": b.sha256,
        }
        for b in paket.berkas.select_related("lkm__desa").filter(status=StatusKerja.SELESAI)
    ]
    arsip = (
        request.build_absolute_uri(reverse("laporan:paket_arsip", args=[paket.pk]))
        if paket.status == StatusKerja.SELESAI and paket.arsip
        else None
    )
    return {
        "id": paket.pk,
        "status": paket.status,
        "kemajuan": paket.kemajuan,
        "berkas": berkas,
        "arsip": arsip,
        "pesan": paket.pesan,
    }
