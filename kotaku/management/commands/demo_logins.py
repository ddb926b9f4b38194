"""Print the URL and one demo login per role (make run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kotaku.demo import KATA_SANDI_DEMO, PENGGUNA_DEMO


class Command(BaseCommand):
    help = "Menampilkan alamat dan login demo per peran."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"kotaku berjalan di {opts['url']}"))
        self.stdout.write(f"Login demo (kata sandi semua: {KATA_SANDI_DEMO}):")
        for username, nama, peran, desa in PENGGUNA_DEMO:
            tempat = f"LKM desa {desa}" if desa else "Kecamatan Jiwan" if peran == "fasilitator" else "semua"
            self.stdout.write(f"  {peran.label:<24} {username:<20} ({nama}, {tempat})")
        self.stdout.write("Tekan Ctrl-C untuk menghentikan semuanya.\n")
