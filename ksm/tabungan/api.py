"""API of group savings (API.md): `POST ksm/{id}/tabungan` (idempotent
by `kunci`), `GET ksm/{id}/tabungan`."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from kotaku.akses import wajib_boleh
from kotaku.api import GALAT, GALAT_BACA, Halaman, IdBody, Kunci, Rupiah, Tanggal
from kotaku.tampilan import Permintaan
from ksm.models import Anggota
from ksm.selectors import akses_ksm, saldo_setelah
from ksm.tabungan import services

router = Router(tags=["tabungan"])


class TabunganIn(Schema):
    tanggal: Tanggal
    anggota: IdBody
    jumlah: Rupiah
    kunci: Kunci
    melalui: Literal["kas", "bank"] = "kas"


class TabunganBaru(Schema):
    id: int
    saldo_anggota: int


class TabunganOut(Schema):
    id: int
    ksm: int = Field(..., alias="ksm_id")
    anggota: int = Field(..., alias="anggota_id")
    tanggal: date
    jumlah: int
    melalui: str
    kunci: str
    pertemuan: int | None = Field(None, alias="pertemuan_id")
    jurnal: int | None = Field(None, alias="jurnal_id")


@router.post(
    "ksm/{ksm_id}/tabungan",
    response={201: TabunganBaru, 200: TabunganBaru, **GALAT},
)
def catat_tabungan(request: Permintaan, ksm_id: int, data: TabunganIn) -> Any:
    """A deposit (jumlah > 0) or withdrawal (< 0); the same `kunci`
    again returns the first result with 200."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    wajib_boleh(request.user, "tabungan.tulis")
    anggota = get_object_or_404(Anggota, pk=data.anggota, lkm_id=ksm.lkm_id)
    t = services.catat_tabungan(
        ksm=ksm,
        anggota=anggota,
        tanggal=data.tanggal,
        jumlah=data.jumlah,
        kunci=data.kunci,
        oleh=request.user,
        melalui=data.melalui,
    )
    return Status(201 if getattr(t, "baru", False) else 200, {"id": t.pk, "saldo_anggota": saldo_setelah(t)})


@router.get("ksm/{ksm_id}/tabungan", response={200: list[TabunganOut], **GALAT_BACA})
@paginate(Halaman)
def daftar_tabungan(request: Permintaan, ksm_id: int, anggota: int | None = None) -> Any:
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    qs = ksm.tabungan.all()
    if anggota:
        qs = qs.filter(anggota_id=anggota)
    return qs.order_by("tanggal", "id")
