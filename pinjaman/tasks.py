"""Thin Celery wrappers around loan services (DESIGN.md: tasks take ids, call a service, store the result)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from kotaku.tanggal import akhir_bulan, hari_ini, tambah_bulan


@shared_task(
    name="pinjaman.sesuaikan_cadangan",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def sesuaikan_cadangan_bulanan(lkm_id: int | None = None, per: str | None = None) -> dict[str, int]:
    """Month-end reserve true-up for one LKM (or all): idempotent, the journal is keyed by LKM and date."""
    from kotaku.models import LKM
    from pinjaman.services import sesuaikan_cadangan

    tanggal = date.fromisoformat(per) if per else akhir_bulan(tambah_bulan(hari_ini(), -1))
    hasil = {}
    for lkm in LKM.objects.filter(pk=lkm_id) if lkm_id else LKM.objects.all():
        jurnal = sesuaikan_cadangan(lkm=lkm, per=tanggal)
        hasil[str(lkm.pk)] = jurnal.pk if jurnal else 0
    return hasil
