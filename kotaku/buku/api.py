"""API of the books (API.md): neraca as of a date, surplus of a year, the year-end close."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status

from kotaku.akses import akses_lkm
from kotaku.api import GALAT, GALAT_BACA, Tahun, tahun_wajar, tanggal_wajar
from kotaku.buku import selectors, services
from kotaku.tampilan import Permintaan
from kotaku.tanggal import hari_ini

router = Router(tags=["pembukuan"])


class PosNeraca(Schema):
    kode: str
    nama: str
    saldo: int


class NeracaOut(Schema):
    per: date
    aset: list[PosNeraca]
    kewajiban: list[PosNeraca]
    modal: list[PosNeraca]
    total_aset: int
    total_kewajiban_modal: int


class SurplusOut(Schema):
    tahun: int
    pendapatan: int
    biaya: int
    cadangan: int
    surplus: int


class TutupTahunIn(Schema):
    tahun: Tahun


class TutupTahunOut(Schema):
    tahun: int
    jurnal: int
    nomor: str
    surplus: int
    bulan_ditutup: list[int]


@router.post(
    "lkm/{lkm_id}/tutup-tahun",
    response={201: TutupTahunOut, **GALAT},
)
def tutup_tahun(request: Permintaan, lkm_id: int, data: TutupTahunIn) -> Any:
    """The Pembuku closes a year: its open months, then the year-end close journal; 409 when closed before."""
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    hasil = services.tutup_buku_tahunan(lkm=lkm, tahun=data.tahun, oleh=request.user)
    return Status(
        201,
        {
            "tahun": data.tahun,
            "jurnal": hasil.jurnal.pk,
            "nomor": hasil.jurnal.nomor,
            "surplus": hasil.surplus,
            "bulan_ditutup": hasil.bulan_ditutup,
        },
    )


@router.get("lkm/{lkm_id}/neraca", response={200: NeracaOut, **GALAT_BACA})
def neraca(request: Permintaan, lkm_id: int, per: date | None = None) -> Any:
    tanggal_wajar(per, "per")
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    n = selectors.neraca(lkm=lkm, per=per or hari_ini())
    return {
        "per": n.per,
        "aset": n.aset,
        "kewajiban": n.kewajiban,
        "modal": n.modal,
        "total_aset": n.total_aset,
        "total_kewajiban_modal": n.total_kewajiban_modal,
    }


@router.get("lkm/{lkm_id}/surplus", response={200: SurplusOut, **GALAT_BACA})
def surplus(request: Permintaan, lkm_id: int, tahun: int | None = None) -> Any:
    tahun_wajar(tahun)
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    tahun = tahun or hari_ini().year
    s = selectors.surplus_defisit(lkm=lkm, dari=date(tahun, 1, 1), sampai=date(tahun, 12, 31))
    return {
        "tahun": tahun,
        "pendapatan": s.total_pendapatan,
        "biaya": s.total_biaya,
        "cadangan": s.cadangan,
        "surplus": s.surplus,
    }
