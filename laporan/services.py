"""Writes of the reports floor that no person triggers: the monthly snapshots (a cache of
`laporan.kinerja.fakta_bulanan`) and the monthly store of every active KSM's maturity proposal."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotaku.akses import wajib_boleh
from kotaku.log import catat
from kotaku.tanggal import akhir_bulan
from ksm.models import KSM, UsulanTahapBulanan
from ksm.selectors import syarat_ksm_aktif
from laporan.kinerja import KOLOM_FAKTA, FaktaBulanan, fakta_bulanan, wajib_akhir_bulan
from laporan.models import SnapshotBulanan
from laporan.tahap import usulan_tahap_banyak

UKURAN_POTONGAN = 300
"""LKMs computed per batch: a kabupaten at a time keeps each statement's working set small."""

UKURAN_POTONGAN_KSM = 2_000
"""KSMs per fact query: a kabupaten is done in a few constant-size rounds."""


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


def simpan_usulan_bulanan(*, per: date) -> int:
    """Store the proposal of every KSM active at the month end `per`; returns how many were new.

    Idempotent: a KSM already stored for the month keeps its first row (unique per KSM and month, inserts
    that collide are skipped, and the rows are append-only), so a re-run or a retried task changes nothing.
    """
    if per != akhir_bulan(per):
        raise ValueError(f"Usulan bulanan disimpan per akhir bulan, bukan {per}.")
    ids = list(
        KSM.objects.filter(syarat_ksm_aktif(per))
        .exclude(usulan_bulanan__per=per)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    baru = 0
    for mulai in range(0, len(ids), UKURAN_POTONGAN_KSM):
        potongan = ids[mulai : mulai + UKURAN_POTONGAN_KSM]
        usulan = usulan_tahap_banyak(potongan, per)
        with transaction.atomic():
            sebelum = UsulanTahapBulanan.objects.filter(ksm_id__in=potongan, per=per).count()
            UsulanTahapBulanan.objects.bulk_create(
                [
                    UsulanTahapBulanan(
                        ksm_id=ksm_id,
                        per=per,
                        skor=[i.skor for i in hasil.indikator],
                        total=hasil.total,
                        tahap=hasil.tahap,
                    )
                    for ksm_id, hasil in sorted(usulan.items())
                ],
                ignore_conflicts=True,
            )
            baru += UsulanTahapBulanan.objects.filter(ksm_id__in=potongan, per=per).count() - sebelum
    return baru
