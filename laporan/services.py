"""Writes of floor 4 that no person triggers: the monthly store of every active KSM's maturity proposal."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from kotaku.tanggal import akhir_bulan
from ksm.models import KSM, UsulanTahapBulanan
from ksm.selectors import syarat_ksm_aktif
from laporan.tahap import usulan_tahap_banyak

UKURAN_POTONGAN = 2_000
"""KSMs per fact query: a kabupaten is done in a few constant-size rounds."""


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
    for mulai in range(0, len(ids), UKURAN_POTONGAN):
        potongan = ids[mulai : mulai + UKURAN_POTONGAN]
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
