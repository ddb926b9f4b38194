"""API of group savings (API.md): `POST ksm/{id}/tabungan` (idempotent
by `kunci`), `GET ksm/{id}/tabungan`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from kotaku.akses import wajib_boleh
from kotaku.api import GalatRespon, Halaman
from kotaku.tampilan import Permintaan
from ksm.models import Anggota, TransaksiTabungan
from ksm.selectors import akses_ksm, saldo_setelah
from ksm.tabungan import services

router = Router(tags=["tabungan"])


class TabunganIn(Schema):
    tanggal: date
    anggota: int
    jumlah: int
    kunci: str
    melalui: str = TransaksiTabungan.Melalui.KAS


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
    response={201: TabunganBaru, 200: TabunganBaru, 400: GalatRespon, 403: GalatRespon, 404: GalatRespon},
)
def catat_tabungan(request: Permintaan, ksm_id: int, data: TabunganIn) -> Any:
    """A deposit (jumlah > 0) or withdrawal (< 0); the same `kunci`
    again returns the first result with 200."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    wajib_boleh(request.user, "tabungan.tulis")
    if ada := TransaksiTabungan.objects.filter(ksm=ksm, kunci=data.kunci).first():
        return Status(200, {"id": ada.pk, "saldo_anggota": saldo_setelah(ada)})
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


@router.get("ksm/{ksm_id}/tabungan", response=list[TabunganOut])
@paginate(Halaman)
def daftar_tabungan(request: Permintaan, ksm_id: int, anggota: int | None = None) -> Any:
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    qs = ksm.tabungan.all()
    if anggota:
        qs = qs.filter(anggota_id=anggota)
    return qs.order_by("tanggal", "id")
