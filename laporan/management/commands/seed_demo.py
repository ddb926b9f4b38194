"""Load the Jiwan demo: users, then each floor's demo data in order. Idempotent."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from kotaku.demo import buat_pengguna_demo
from kotaku.models import Pengguna
from kotaku.uang import format_rupiah
from ksm.demo import buat_demo_ksm
from ksm.demo_panca_sutra import buat_demo_panca_sutra
from ksm.tabungan.demo import buat_demo_tabungan
from laporan.demo import buat_demo_buku_jiwan, buat_demo_snapshot, ringkasan_demo
from laporan.demo_tahap import buat_demo_tahap
from pinjaman.demo import buat_demo_pinjaman


class Command(BaseCommand):
    help = "Memuat data demo Kecamatan Jiwan (aman dijalankan berulang)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--jika-kosong", action="store_true", help="hanya jika belum ada pengguna")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["jika_kosong"] and Pengguna.objects.exists():
            self.stdout.write("Data sudah ada; demo tidak dimuat ulang.")
            return
        mulai = time.monotonic()
        with transaction.atomic():
            buat_pengguna_demo()
            baru = buat_demo_ksm()["ksm"] > 0
            buat_demo_tabungan()
            buat_demo_pinjaman()
            buat_demo_buku_jiwan()
            buat_demo_panca_sutra()
            buat_demo_tahap()
        with connection.cursor() as cur:
            cur.execute("ANALYZE")  # fresh planner statistics for the first pages after some 400 000 rows
        buat_demo_snapshot()  # after the commit: the month closes' own snapshots are stored by then
        self.stdout.write(self.style.SUCCESS(f"Demo Jiwan dimuat ({time.monotonic() - mulai:.0f} detik)."))
        if baru and opts["verbosity"] >= 1:
            self.stdout.write("LKM              surplus 2018    surplus 2019*   pinjaman/aset 30-11-2019")
            for r in ringkasan_demo():
                self.stdout.write(
                    f"{r.desa:<15}{format_rupiah(r.surplus_2018):>15} {format_rupiah(r.surplus_2019):>15}   "
                    f"{r.persen_pinjaman}% dari {format_rupiah(r.aset)}"
                )
            self.stdout.write("* 1 Januari - 30 November 2019 (tahun berjalan)")
