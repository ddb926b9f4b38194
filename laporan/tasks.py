"""Thin Celery wrappers of the reports floor (DESIGN.md: tasks take ids, call a service, store the result)."""

from __future__ import annotations

from datetime import date

from celery import group, shared_task

from kotaku.tanggal import akhir_bulan, hari_ini, tambah_bulan


@shared_task(
    name="laporan.snapshot_lkm",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def snapshot_lkm(lkm_ids: list[int], per: str) -> int:
    """Store the snapshots of these LKMs as of the month end `per` (idempotent: a retry replaces the rows)."""
    from laporan.services import simpan_snapshot

    return simpan_snapshot(lkm_ids=lkm_ids, per=date.fromisoformat(per))


@shared_task(name="laporan.snapshot_bulanan", acks_late=True)
def snapshot_bulanan(per: str | None = None) -> dict[str, object]:
    """Beat, the 1st of the month: every LKM's snapshot of last month (or of the month end `per`), fanned out
    one task per batch of LKMs so more workers finish sooner."""
    from kotaku.models import LKM
    from laporan.services import UKURAN_POTONGAN

    tanggal = date.fromisoformat(per) if per else akhir_bulan(tambah_bulan(hari_ini(), -1))
    ids = list(LKM.objects.order_by("pk").values_list("pk", flat=True))
    potongan = [ids[i : i + UKURAN_POTONGAN] for i in range(0, len(ids), UKURAN_POTONGAN)]
    hasil = group(snapshot_lkm.s(bagian, tanggal.isoformat()) for bagian in potongan).apply_async()
    return {"per": tanggal.isoformat(), "lkm": len(ids), "tugas": len(potongan), "grup": hasil.id}
