"""The village report pack, built by Celery workers (DESIGN.md "Background work").

A request (`minta_paket`) records a `PaketLaporan` with one `BerkasPaket` per desa and, for more than one
desa,
the kecamatan roll-up; the workers render each desa's PDF in parallel (`buat_berkas_desa`), then a chord
builds
the roll-up and one ZIP (`selesaikan_paket`).

Workers are real, so everything here survives them:
- a file is claimed by a conditional UPDATE (`antre` -> `berjalan`), so a task delivered twice (a retry, a
  duplicate delivery) renders once; a claim older than `PAKET_KLAIM_BASI_DETIK` belongs to a dead worker and
  may
  be taken over;
- files are written beside their target and renamed into place, with their sha256; a finished file is never
  rendered again;
- a desa that fails marks its own file `gagal` with the reason and the others go on;
- `pulihkan_paket` (Celery beat, every few minutes) re-sends what a dead worker left behind, so a pack whose
  worker was killed finishes once a worker returns;
- asking again for the same pack builds a new one; only when it has finished does it replace the old one,
  whose files are then removed: the switch is one status change in one transaction.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kotaku.akses import akses_lkm, wajib_boleh
from kotaku.dokumen import Laporan, pdf_laporan
from kotaku.errors import KesalahanDomain
from kotaku.log import catat
from kotaku.models import LKM, Pengguna
from kotaku.tanggal import hari_ini
from laporan.models import BerkasPaket, PaketLaporan, StatusKerja
from laporan.paket_isi import laporan_bulanan_desa, laporan_tahunan_desa, laporan_tahunan_kecamatan

logger = logging.getLogger(__name__)


def _basi() -> timedelta:
    return timedelta(seconds=getattr(settings, "PAKET_KLAIM_BASI_DETIK", 600))


def folder_paket(paket: PaketLaporan) -> Path:
    return Path(settings.MEDIA_ROOT) / "paket" / str(paket.pk)


# ---- asking for a pack -------------------------------------------------------------------------------------


@transaction.atomic
def minta_paket(
    *, jenis: str, tahun: int, oleh: Pengguna, bulan: int | None = None, lkm: LKM | None = None
) -> PaketLaporan:
    """Record a pack of every LKM in the asker's scope (or of `lkm`) and hand it to the workers after commit.

    The year-end pack is of a year that has ended; the monthly one of a month that has ended."""
    wajib_boleh(oleh, "laporan.buat")
    hari = hari_ini()
    if jenis not in PaketLaporan.Jenis.values:
        raise KesalahanDomain(
            "Jenis laporan harus alokasi_surplus atau bulanan.",
            errors=[{"field": "jenis", "message": "tidak dikenal"}],
        )
    if jenis == PaketLaporan.Jenis.TAHUNAN:
        if not 2000 <= tahun < hari.year:
            raise KesalahanDomain(
                f"Laporan tahunan hanya untuk tahun yang sudah berakhir (2000 sampai {hari.year - 1}).",
                errors=[{"field": "tahun", "message": "tahun belum berakhir atau tidak valid"}],
            )
        bulan = None
    else:
        if (
            bulan is None
            or not 1 <= bulan <= 12
            or not 2000 <= tahun <= hari.year
            or (tahun, bulan) >= (hari.year, hari.month)
        ):
            raise KesalahanDomain(
                "Laporan bulanan hanya untuk bulan yang sudah berakhir.",
                errors=[{"field": "bulan", "message": "bulan belum berakhir atau tidak valid"}],
            )
    daftar = list(akses_lkm(oleh).order_by("desa__nama"))
    if lkm is not None:
        daftar = [x for x in daftar if x.pk == lkm.pk]
    if not daftar:
        raise KesalahanDomain("Tidak ada LKM dalam lingkup Anda untuk laporan ini.")
    lingkup = sorted(x.pk for x in daftar)
    kecamatan = {x.desa.kecamatan_id for x in daftar}
    kunci = hashlib.sha256(f"{jenis}|{tahun}|{bulan}|{','.join(map(str, lingkup))}".encode()).hexdigest()
    paket = PaketLaporan.objects.create(
        jenis=jenis,
        tahun=tahun,
        bulan=bulan,
        lingkup=lingkup,
        kecamatan_id=kecamatan.pop() if len(kecamatan) == 1 else None,
        kunci=kunci,
        diminta_oleh=oleh,
    )
    BerkasPaket.objects.bulk_create(
        [BerkasPaket(paket=paket, lkm=x) for x in daftar]
        + ([BerkasPaket(paket=paket, lkm=None)] if len(daftar) > 1 else [])
    )
    catat("paket.diminta", oleh=oleh, paket=paket.pk, jenis=jenis, tahun=tahun, bulan=bulan, lkm=lingkup)
    transaction.on_commit(lambda: kirim(paket.pk))
    return paket


def kirim(paket_id: int) -> None:
    """Hand a pack to the workers. With the broker down the pack stays queued: `pulihkan_paket` sends it when
    the broker is back, so asking for a report never fails because Redis is away."""
    from laporan.tasks import jalankan_paket

    try:
        jalankan_paket.delay(paket_id)
    except Exception as exc:  # noqa: BLE001 - kombu raises many kinds when the broker is away; all mean "later"
        logger.warning("Paket %s belum terkirim ke worker: %s", paket_id, exc)


# ---- the workers' part -------------------------------------------------------------------------------------


def klaim_berkas(berkas_id: int) -> bool:
    """Take a file for rendering: one worker only; a stale claim (a dead worker's) may be taken over."""
    sekarang = timezone.now()
    return (
        BerkasPaket.objects.filter(pk=berkas_id)
        .filter(
            Q(status=StatusKerja.ANTRE) | Q(status=StatusKerja.BERJALAN, diklaim_pada__lt=sekarang - _basi())
        )
        .update(status=StatusKerja.BERJALAN, diklaim_pada=sekarang)
        == 1
    )


def _tulis(jalur: Path, isi: bytes) -> str:
    """Write beside the target, then rename into place: a reader never sees half a file. Returns the
    sha256."""
    jalur.parent.mkdir(parents=True, exist_ok=True)
    sementara = jalur.with_name(f".{jalur.name}.{os.getpid()}.sebagian")
    sementara.write_bytes(isi)
    os.replace(sementara, jalur)
    return hashlib.sha256(isi).hexdigest()


def _nama_berkas(lap: Laporan) -> str:
    return f"{lap.nama_berkas}.pdf"


def _laporan_desa(paket: PaketLaporan, lkm: LKM) -> Laporan:
    if paket.jenis == PaketLaporan.Jenis.TAHUNAN:
        return laporan_tahunan_desa(lkm=lkm, tahun=paket.tahun)
    return laporan_bulanan_desa(lkm=lkm, tahun=paket.tahun, bulan=paket.bulan or 12)


def _laporan_rekap(paket: PaketLaporan) -> Laporan:
    daftar = list(LKM.objects.filter(pk__in=paket.lingkup).select_related("desa__kecamatan__kabupaten"))
    return laporan_tahunan_kecamatan(daftar_lkm=daftar, tahun=paket.tahun)


def _render(berkas: BerkasPaket, buat: Callable[[], Laporan]) -> None:
    """Render one claimed file; a failure is recorded on this file only."""
    try:
        _gagal_uji(berkas)
        lap = buat()
        isi = pdf_laporan(lap)
        jalur = folder_paket(berkas.paket) / _nama_berkas(lap)
        sha = _tulis(jalur, isi)
    except Exception as exc:  # noqa: BLE001 - a failing desa fails its own part with its reason
        logger.exception("Berkas paket %s gagal", berkas.pk)
        BerkasPaket.objects.filter(pk=berkas.pk).update(
            status=StatusKerja.GAGAL, pesan=f"{type(exc).__name__}: {exc}"[:500], selesai_pada=timezone.now()
        )
        return
    BerkasPaket.objects.filter(pk=berkas.pk).update(
        status=StatusKerja.SELESAI,
        jalur=str(jalur.relative_to(settings.MEDIA_ROOT)),
        sha256=sha,
        ukuran=len(isi),
        pesan="",
        selesai_pada=timezone.now(),
    )


def _gagal_uji(berkas: BerkasPaket) -> None:
    """Fault injection for the worker tests (settings from the environment, never set in production)."""
    import time

    tunda = float(getattr(settings, "PAKET_UJI_TUNDA_DETIK", 0) or 0)
    if tunda:
        time.sleep(tunda)
    gagal = getattr(settings, "PAKET_UJI_GAGALKAN_DESA", "")
    if gagal and berkas.lkm is not None and berkas.lkm.desa.nama == gagal:
        raise RuntimeError(f"Data desa {gagal} tidak bisa dibaca (uji kegagalan).")


def buat_berkas_desa(berkas_id: int) -> str:
    """Render one desa's PDF (idempotent: a file already claimed or finished is left alone)."""
    if not klaim_berkas(berkas_id):
        return "dilewati"
    berkas = BerkasPaket.objects.select_related("paket", "lkm__desa__kecamatan__kabupaten").get(pk=berkas_id)
    assert berkas.lkm is not None
    lkm = berkas.lkm
    _render(berkas, lambda: _laporan_desa(berkas.paket, lkm))
    return "selesai"


def paket_siap_rekap(berkas_id: int) -> int | None:
    """The pack of this file when all its desa are done and it has not finished yet, else None."""
    paket_id = BerkasPaket.objects.filter(pk=berkas_id).values_list("paket_id", flat=True).first()
    if paket_id is None:
        return None
    belum = BerkasPaket.objects.filter(
        paket_id=paket_id, lkm__isnull=False, status__in=[StatusKerja.ANTRE, StatusKerja.BERJALAN]
    ).exists()
    selesai = PaketLaporan.objects.filter(pk=paket_id, status=StatusKerja.SELESAI).exists()
    return None if belum or selesai else paket_id


def klaim_rekap(paket_id: int) -> bool:
    sekarang = timezone.now()
    return (
        PaketLaporan.objects.filter(pk=paket_id)
        .exclude(status=StatusKerja.SELESAI)
        .filter(Q(rekap_diklaim_pada__isnull=True) | Q(rekap_diklaim_pada__lt=sekarang - _basi()))
        .update(status=StatusKerja.BERJALAN, rekap_diklaim_pada=sekarang)
        == 1
    )


def selesaikan_paket(paket_id: int) -> str:
    """When every desa is done: the roll-up, one ZIP, and the switch to this pack (in one transaction)."""
    paket = PaketLaporan.objects.get(pk=paket_id)
    desa = list(paket.berkas.filter(lkm__isnull=False))
    if any(b.status in (StatusKerja.ANTRE, StatusKerja.BERJALAN) for b in desa):
        return "menunggu"
    if not klaim_rekap(paket_id):
        return "dilewati"
    rekap = paket.berkas.filter(lkm__isnull=True).first()
    if rekap is not None and rekap.status != StatusKerja.SELESAI:
        BerkasPaket.objects.filter(pk=rekap.pk).update(
            status=StatusKerja.BERJALAN, diklaim_pada=timezone.now()
        )
        _render(rekap, lambda: _laporan_rekap(paket))
    jadi = list(paket.berkas.filter(status=StatusKerja.SELESAI).select_related("lkm__desa"))
    gagal = list(paket.berkas.filter(status=StatusKerja.GAGAL).select_related("lkm__desa"))
    arsip = (
        folder_paket(paket)
        / f"laporan-{paket.jenis}-{paket.tahun}{f'-{paket.bulan:02d}' if paket.bulan else ''}.zip"
    )
    sha = _tulis(arsip, _zip(jadi)) if jadi else ""
    with transaction.atomic():
        pesan = "; ".join(f"{b.lkm.desa.nama if b.lkm else 'Rekap'}: {b.pesan}" for b in gagal)
        PaketLaporan.objects.filter(pk=paket.pk).update(
            status=StatusKerja.SELESAI if jadi else StatusKerja.GAGAL,
            arsip=str(arsip.relative_to(settings.MEDIA_ROOT)) if jadi else "",
            arsip_sha256=sha,
            pesan=(f"Sebagian gagal: {pesan}" if pesan else "")[:500],
            selesai_pada=timezone.now(),
        )
        lama = list(
            PaketLaporan.objects.filter(
                kunci=paket.kunci, status=StatusKerja.SELESAI, pk__lt=paket.pk
            ).values_list("pk", flat=True)
        )
    for pk in lama:  # the new pack is in place: the old files go
        shutil.rmtree(Path(settings.MEDIA_ROOT) / "paket" / str(pk), ignore_errors=True)
    catat("paket.selesai", oleh=paket.diminta_oleh, paket=paket.pk, berkas=len(jadi), gagal=len(gagal))
    return "selesai"


def _zip(berkas: list[BerkasPaket]) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for b in sorted(berkas, key=lambda b: (b.lkm is None, b.lkm.desa.nama if b.lkm else "")):
            z.write(Path(settings.MEDIA_ROOT) / b.jalur, arcname=Path(b.jalur).name)
    return buf.getvalue()


def paket_macet() -> tuple[list[int], list[int]]:
    """What a dead worker (or a lost message) left behind: files queued or claimed too long ago, and packs
    whose
    desa are all done but that never finished."""
    batas = timezone.now() - _basi()
    berkas = list(
        BerkasPaket.objects.filter(lkm__isnull=False)
        .filter(
            Q(status=StatusKerja.ANTRE, paket__dibuat_pada__lt=batas)
            | Q(status=StatusKerja.BERJALAN, diklaim_pada__lt=batas)
        )
        .values_list("pk", flat=True)
    )
    paket = [
        p.pk
        for p in PaketLaporan.objects.exclude(status=StatusKerja.SELESAI).exclude(status=StatusKerja.GAGAL)
        if not p.berkas.filter(
            lkm__isnull=False, status__in=[StatusKerja.ANTRE, StatusKerja.BERJALAN]
        ).exists()
        and (p.rekap_diklaim_pada is None or p.rekap_diklaim_pada < batas)
    ]
    return berkas, paket


def paket_terbaru(paket: PaketLaporan) -> PaketLaporan:
    """The pack users get for this request: the newest finished one with the same key (itself when newest)."""
    return (
        PaketLaporan.objects.filter(kunci=paket.kunci, status=StatusKerja.SELESAI).order_by("-pk").first()
        or paket
    )


def boleh_unduh(user: Any, paket: PaketLaporan, berkas: BerkasPaket | None) -> bool:
    """A desa's file: its LKM in the user's scope; the roll-up and the ZIP: every LKM of the pack."""
    milik = set(akses_lkm(user).filter(pk__in=paket.lingkup).values_list("pk", flat=True))
    if berkas is not None and berkas.lkm_id is not None:
        return berkas.lkm_id in milik
    return milik == set(paket.lingkup)
