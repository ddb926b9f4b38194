"""Report pack benchmark: the 2019 year-end pack of Kecamatan Jiwan (14 desa PDFs + the roll-up + the ZIP)
with 1
and with 2 real Celery workers, on the Jiwan demo. Goal: under 30 s on one worker, near-linear with two."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

from _dasar import cetak  # type: ignore[import-not-found]
from django.conf import settings
from django.core.management import call_command

from kotaku.celery import app
from kotaku.models import Pengguna
from laporan import paket as layanan
from laporan.models import PaketLaporan, StatusKerja


def _pekerja(antrean: str, n: int) -> list[subprocess.Popen[bytes]]:
    proses = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "kotaku",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "ERROR",
                "-Q",
                antrean,
                "--hostname",
                f"{antrean}-{i}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            env={**os.environ, "CELERY_QUEUE": antrean},
            cwd=str(settings.BASE_DIR),
        )  # fmt: skip
        for i in range(n)
    ]
    tujuan = [f"{antrean}-{i}@{os.uname().nodename}" for i in range(n)]
    batas = time.monotonic() + 90
    while time.monotonic() < batas:
        if len(app.control.ping(destination=tujuan, timeout=1.0) or []) == n:
            return proses
    raise RuntimeError("worker tidak menjawab")


def _ukur(n: int, fasilitator: Pengguna) -> tuple[float, int]:
    antrean = f"bench-{uuid.uuid4().hex[:6]}"
    proses = _pekerja(antrean, n)
    app.conf.task_default_queue = antrean
    try:
        mulai = time.perf_counter()
        paket = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=fasilitator)
        while True:
            paket = PaketLaporan.objects.get(pk=paket.pk)
            if paket.status in (StatusKerja.SELESAI, StatusKerja.GAGAL):
                break
            time.sleep(0.2)
        return time.perf_counter() - mulai, paket.berkas.filter(status=StatusKerja.SELESAI).count()
    finally:
        for p in proses:
            p.terminate()
        for p in proses:
            p.wait(30)


def main() -> None:
    if not Pengguna.objects.filter(username="fasilitator.jiwan").exists():
        mulai = time.perf_counter()
        call_command("seed_demo")
        print(f"  (demo Jiwan dimuat dalam {time.perf_counter() - mulai:.0f} s)")
    fasilitator = Pengguna.objects.get(username="fasilitator.jiwan")
    satu, berkas = _ukur(1, fasilitator)
    dua, _ = _ukur(2, fasilitator)
    cetak(
        "Paket laporan tahunan 2019 Kecamatan Jiwan (14 PDF desa + rekap + ZIP, demo Jiwan)",
        [
            ("1 worker", f"{satu:.1f} s ({berkas} berkas)  [target < 30 s]"),
            ("2 worker", f"{dua:.1f} s  (percepatan {satu / dua:.2f}x; 2 inti)"),
        ],
    )


if __name__ == "__main__":
    main()
