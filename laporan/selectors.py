"""Read queries of the year-end: the year's surplus, whether the books of a year are closed, what is owed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum

from kotaku.akses import lkm_milik
from kotaku.buku.models import JenisJurnal, Jurnal
from kotaku.buku.selectors import SurplusDefisit, surplus_defisit
from kotaku.models import LKM
from laporan.models import POS_TERUTANG, AlokasiSurplus


def akses_alokasi(user: Any) -> QuerySet[AlokasiSurplus]:
    return AlokasiSurplus.objects.filter(lkm__in=lkm_milik(user))


def surplus_tahun(*, lkm: LKM, tahun: int) -> SurplusDefisit:
    """Income and costs of 1 January..31 December (the reserve true-up included, the closing journal not)."""
    return surplus_defisit(lkm=lkm, dari=date(tahun, 1, 1), sampai=date(tahun, 12, 31))


def jurnal_penutup(*, lkm: LKM, tahun: int) -> Jurnal | None:
    """The year-end close of the year (None while the year is open)."""
    return Jurnal.objects.filter(lkm=lkm, jenis=JenisJurnal.PENUTUP, tahun=tahun).first()


def terutang(alokasi: AlokasiSurplus) -> dict[str, int]:
    """What each liability line of a decided allocation still owes (its amount minus the payouts so far)."""
    dibayar = dict(
        alokasi.pembayaran.values("pos").annotate(s=Sum("jumlah")).values_list("pos", "s").order_by()
    )
    return {pos: alokasi.jumlah[pos] - int(dibayar.get(pos) or 0) for pos in POS_TERUTANG}
