"""Thin Celery wrappers of floor 4 (DESIGN.md: tasks take ids or dates, call a service, return the result)."""

from __future__ import annotations

from datetime import date
from typing import Any

from celery import shared_task

from kotaku.tanggal import akhir_bulan, hari_ini, tambah_bulan


@shared_task(
    name="laporan.simpan_usulan_tahap_bulanan",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def simpan_usulan_tahap_bulanan(per: str | None = None) -> dict[str, Any]:
    """Month end (default: the last day of last month): store every active KSM's maturity proposal, once."""
    from laporan.services import simpan_usulan_bulanan

    tanggal = date.fromisoformat(per) if per else akhir_bulan(tambah_bulan(hari_ini(), -1))
    return {"per": tanggal.isoformat(), "baru": simpan_usulan_bulanan(per=tanggal)}
