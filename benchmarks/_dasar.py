"""Shared set-up for `make bench` scripts: Django, a dedicated bench LKM, timing helpers."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotaku.settings")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

# The structured money log is still formatted for every journal (its cost is part of the figures), but written
# to /dev/null so the table stays readable.
for _h in logging.getLogger("kotaku.aksi").handlers:
    if isinstance(_h, logging.StreamHandler):
        _h.setStream(open(os.devnull, "w"))  # noqa: SIM115

from django.db import connection  # noqa: E402

from kotaku.models import LKM, Desa, Kabupaten, Kecamatan, Provinsi  # noqa: E402


def lkm_bench(nama: str) -> LKM:
    """A fresh LKM for one benchmark; earlier bench rows of it are removed (triggers off for the clean-up
    only)."""
    prov, _ = Provinsi.objects.get_or_create(nama="Provinsi Bench")
    kab, _ = Kabupaten.objects.get_or_create(provinsi=prov, nama="Bench")
    kec, _ = Kecamatan.objects.get_or_create(kabupaten=kab, nama="Bench")
    desa, _ = Desa.objects.get_or_create(kecamatan=kec, nama=nama)
    lkm, _ = LKM.objects.get_or_create(desa=desa, defaults={"nama": f"LKM {nama}"})
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        for tabel in ("buku_barisjurnal", "buku_jurnal", "buku_nomorjurnal", "buku_periodetutup"):
            cur.execute(f"DELETE FROM {tabel} WHERE lkm_id = %s", [lkm.pk])
        cur.execute("SET session_replication_role = DEFAULT")
    return lkm


def median_ms(fungsi: Callable[[], object], kali: int = 7) -> float:
    fungsi()  # warm caches
    waktu = []
    for _ in range(kali):
        mulai = time.perf_counter()
        fungsi()
        waktu.append((time.perf_counter() - mulai) * 1000)
    return statistics.median(waktu)


def cetak(judul: str, baris: list[tuple[str, str]]) -> None:
    print(f"\n{judul}")
    lebar = max(len(k) for k, _ in baris)
    for k, v in baris:
        print(f"  {k:<{lebar}}  {v}")
