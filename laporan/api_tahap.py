"""API of KSM maturity (API.md): `GET ksm/{id}/tahap?per=`, `POST` and `GET ksm/{id}/penilaian`.

The proposal reads loans, so these live on floor 4 with the fact query. Outside the user's scope: 404; a role
that may not assess: 403; every refusal in the JSON error body with messages in Bahasa Indonesia.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from kotaku.akses import wajib_boleh
from kotaku.api import GALAT_BACA, GalatRespon, Halaman
from kotaku.errors import KesalahanDomain
from kotaku.tampilan import Permintaan
from kotaku.tanggal import hari_ini
from ksm.penilaian import catat_penilaian
from ksm.selectors import akses_ksm, riwayat_penilaian
from laporan.tahap import usulan_tahap_banyak

router = Router(tags=["tahap"])

GALAT = {400: GalatRespon, 401: GalatRespon, 403: GalatRespon, 404: GalatRespon}


def _baca_tanggal(nilai: str | None, field: str) -> date | None:
    """`YYYY-MM-DD` (None when empty); anything else is a 400 naming the field, in Bahasa Indonesia."""
    if nilai is None or not str(nilai).strip():
        return None
    try:
        return datetime.strptime(str(nilai).strip(), "%Y-%m-%d").date()
    except ValueError:
        pesan = f"Tanggal {nilai} tidak dikenal; tulis YYYY-MM-DD, mis. 2019-11-30."
        raise KesalahanDomain(pesan, errors=[{"field": field, "message": pesan}]) from None


class IndikatorOut(Schema):
    no: int
    nama: str
    skor: int


class TahapOut(Schema):
    per: date
    indikator: list[IndikatorOut]
    total: int
    tahap: str


@router.get("ksm/{ksm_id}/tahap", response={200: TahapOut, **GALAT_BACA})
def usulan_tahap(request: Permintaan, ksm_id: int, per: str | None = None) -> Any:
    """The proposal from the records as of `per` (default today): ten scores, total, stage."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    tanggal = _baca_tanggal(per, "per") or hari_ini()
    hasil = usulan_tahap_banyak([ksm.pk], tanggal)[ksm.pk]
    return {
        "per": tanggal,
        "indikator": [{"no": i.no, "nama": i.nama, "skor": i.skor} for i in hasil.indikator],
        "total": hasil.total,
        "tahap": hasil.tahap,
    }


class PenilaianIn(Schema):
    # Loose types on purpose: the service checks every value and answers in Bahasa Indonesia, per field.
    tanggal: Any = None
    skor: Any = None
    catatan: Any = None


class SkorOut(Schema):
    no: int
    usulan: int
    skor: int
    catatan: str


class PenilaianOut(Schema):
    id: int
    ksm: int = Field(..., alias="ksm_id")
    tanggal: date
    indikator: list[SkorOut]
    total: int
    tahap: str
    usulan_total: int
    usulan_tahap: str
    oleh: str
    ada_foto: bool

    @staticmethod
    def resolve_indikator(obj: Any) -> list[dict[str, Any]]:
        return [
            {"no": i.no, "usulan": i.usulan, "skor": i.skor, "catatan": i.catatan}
            for i in sorted(obj.indikator.all(), key=lambda i: i.no)
        ]

    @staticmethod
    def resolve_oleh(obj: Any) -> str:
        return str(obj.oleh.username)

    @staticmethod
    def resolve_ada_foto(obj: Any) -> bool:
        return bool(obj.foto)


@router.post("ksm/{ksm_id}/penilaian", response={201: PenilaianOut, **GALAT})
def nilai(request: Permintaan, ksm_id: int, data: PenilaianIn) -> Any:
    """The fasilitator's assessment: scores 0..3 for indicators "1".."10"; a score that differs from the
    proposal as of `tanggal` needs its note in `catatan`."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    wajib_boleh(request.user, "penilaian.tulis")
    tanggal = _baca_tanggal(None if data.tanggal is None else str(data.tanggal), "tanggal")
    if tanggal is None:
        pesan = "Tanggal penilaian wajib diisi."
        raise KesalahanDomain(pesan, errors=[{"field": "tanggal", "message": pesan}])
    if tanggal > hari_ini():
        pesan = f"Tanggal penilaian {tanggal:%Y-%m-%d} belum terjadi."
        raise KesalahanDomain(pesan, errors=[{"field": "tanggal", "message": pesan}])
    usulan = usulan_tahap_banyak([ksm.pk], tanggal)[ksm.pk]
    p = catat_penilaian(
        ksm=ksm,
        tanggal=tanggal,
        skor=data.skor if data.skor is not None else {},
        catatan=data.catatan if data.catatan is not None else {},
        usulan=usulan,
        oleh=request.user,
    )
    return Status(201, riwayat_penilaian(ksm).get(pk=p.pk))


@router.get("ksm/{ksm_id}/penilaian", response={200: list[PenilaianOut], **GALAT_BACA})
@paginate(Halaman)
def daftar_penilaian(request: Permintaan, ksm_id: int) -> Any:
    """The KSM's assessments, newest first."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    return riwayat_penilaian(ksm)
