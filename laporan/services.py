"""Writes of the reports floor: the monthly snapshots (a cache of `laporan.kinerja.fakta_bulanan`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotaku.akses import wajib_boleh
from kotaku.log import catat
from kotaku.tanggal import akhir_bulan
from laporan.kinerja import KOLOM_FAKTA, FaktaBulanan, fakta_bulanan, wajib_akhir_bulan
from laporan.models import SnapshotBulanan

UKURAN_POTONGAN = 300
"""LKMs computed per batch: a kabupaten at a time keeps each statement's working set small."""


def simpan_snapshot(*, lkm_ids: Iterable[int], per: date, oleh: Any = None) -> int:
    """Compute and store each LKM's snapshot as of the month end `per`; recomputing replaces the month's row
    (INSERT .. ON CONFLICT (lkm, per) DO UPDATE), so a retried task or a re-closed month never duplicates.
    Returns the number of rows written."""
    wajib_boleh(oleh, "laporan.snapshot")
    wajib_akhir_bulan(per)
    ids = sorted(set(lkm_ids))
    ditulis = 0
    for mulai in range(0, len(ids), UKURAN_POTONGAN):
        fakta = fakta_bulanan(lkm_ids=ids[mulai : mulai + UKURAN_POTONGAN], per=per)
        ditulis += _tulis(fakta, per)
    catat("laporan.snapshot", oleh=oleh, per=per.isoformat(), jumlah_lkm=ditulis)
    return ditulis


@transaction.atomic
def _tulis(fakta: dict[int, FaktaBulanan], per: date) -> int:
    sekarang = timezone.now()
    baris = [
        SnapshotBulanan(lkm_id=lkm_id, per=per, dihitung_pada=sekarang, **f.sebagai_dict())
        for lkm_id, f in fakta.items()
    ]
    SnapshotBulanan.objects.bulk_create(
        baris,
        update_conflicts=True,
        unique_fields=["lkm", "per"],
        update_fields=["dihitung_pada", *KOLOM_FAKTA],
    )
    return len(baris)


def perbarui_setelah_tutup_bulan(lkm_id: int, tahun: int, bulan: int) -> None:
    """After a month is closed (again): its snapshot and every later one already stored are recomputed, since
    balances, year-to-date and cumulative figures of later months include the closed month."""
    per = akhir_bulan(date(tahun, bulan, 1))
    bulan_lain = SnapshotBulanan.objects.filter(lkm_id=lkm_id, per__gt=per).values_list("per", flat=True)
    for tanggal in sorted({per, *bulan_lain}):
        simpan_snapshot(lkm_ids=[lkm_id], per=tanggal)
