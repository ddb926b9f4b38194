"""Load the Jiwan demo: users, then each floor's demo data in order. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from kotaku.demo import buat_pengguna_demo
from kotaku.models import Pengguna
from ksm.demo import buat_demo_ksm
from ksm.demo_panca_sutra import buat_demo_panca_sutra
from ksm.tabungan.demo import buat_demo_tabungan
from laporan.demo import buat_demo_buku_jiwan
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
        with transaction.atomic():
            buat_pengguna_demo()
            buat_demo_ksm()
            buat_demo_tabungan()
            buat_demo_pinjaman()
            buat_demo_buku_jiwan()
            buat_demo_panca_sutra()
            buat_demo_tahap()
        self.stdout.write(self.style.SUCCESS("Demo Jiwan dimuat."))
