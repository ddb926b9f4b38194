"""Thin Celery wrappers of floor 4 (DESIGN.md: tasks take ids, call a service, store the result).

Monthly snapshots: `snapshot_bulanan` (beat, the 1st) fans out `snapshot_lkm` per batch of LKMs;
`simpan_usulan_tahap_bulanan` (beat, the 1st) stores every active KSM's maturity proposal.

The report pack: one task per desa in parallel, then a chord builds the roll-up and the ZIP; `pulihkan_paket`
(beat) re-sends what a dead worker left behind. Every task is idempotent (claims by conditional update), acks
late and retries with backoff on a database hiccup.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from celery import chord, group, shared_task
from django.db import OperationalError

from kotaku.tanggal import akhir_bulan, hari_ini, tambah_bulan
from laporan import paket as layanan

OPSI = {"acks_late": True, "autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="laporan.jalankan_paket", **OPSI)
def jalankan_paket(paket_id: int) -> int:
    """Fan out: one task per desa, then the roll-up and the ZIP once they are all done."""
    from laporan.models import BerkasPaket

    desa = list(BerkasPaket.objects.filter(paket_id=paket_id, lkm__isnull=False).values_list("pk", flat=True))
    chord([berkas_desa.si(b) for b in desa], selesaikan_paket.si(paket_id)).apply_async()
    return len(desa)


@shared_task(name="laporan.berkas_desa", **OPSI)
def berkas_desa(berkas_id: int) -> str:
    """One desa's PDF. A file re-sent after a worker died is outside the chord, so whoever finishes the last
    desa also asks for the roll-up (the roll-up's own claim keeps it to one)."""
    hasil = layanan.buat_berkas_desa(berkas_id)
    paket_id = layanan.paket_siap_rekap(berkas_id)
    if paket_id is not None:
        selesaikan_paket.delay(paket_id)
    return hasil


@shared_task(name="laporan.selesaikan_paket", **OPSI)
def selesaikan_paket(paket_id: int) -> str:
    return layanan.selesaikan_paket(paket_id)


@shared_task(name="laporan.pulihkan_paket", **OPSI)
def pulihkan_paket() -> dict[str, int]:
    """Every few minutes: re-send the files a dead worker left and finish the packs whose desa are all
    done."""
    berkas, paket = layanan.paket_macet()
    for b in berkas:
        berkas_desa.delay(b)
    for p in paket:
        selesaikan_paket.delay(p)
    return {"berkas": len(berkas), "paket": len(paket)}


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
