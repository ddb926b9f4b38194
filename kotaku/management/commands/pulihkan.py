"""pulihkan PATH [--ke-basis-data URL]: restore a cadangkan archive, REPLACING the data (make restore)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import environ
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kotaku import cadangan


class Command(BaseCommand):
    help = (
        "Memulihkan berkas cadangan (pg_dump -Fc) ke basis data aplikasi atau --ke-basis-data. MENGGANTI isi "
        "basis data tujuan: setiap tabel dalam cadangan dihapus lalu diisi dari cadangan, dalam satu "
        "transaksi. "
        "Tidak bertanya apa pun."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("berkas", type=Path, help="berkas dari `manage.py cadangkan`")
        parser.add_argument(
            "--ke-basis-data", dest="url", help="URL PostgreSQL tujuan (bawaan: DATABASE_URL aplikasi)"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        berkas: Path = o["berkas"].resolve()
        if not berkas.is_file():
            raise CommandError(f"Berkas cadangan {berkas} tidak ada.")
        db: dict[str, Any] = (
            environ.Env.db_url_config(o["url"]) if o["url"] else dict(connection.settings_dict)
        )
        try:
            program = cadangan.cari_program("pg_restore", versi=cadangan.versi_server(db))
        except cadangan.ProgramTidakAda as exc:
            raise CommandError(str(exc)) from exc
        connection.close()  # hold no session of our own on the database being replaced
        perintah, lingkungan = cadangan.perintah_pulihkan(db, program=program, berkas=berkas)
        hasil = subprocess.run(
            perintah,
            env={**os.environ, **lingkungan},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if hasil.returncode != 0:
            raise CommandError(
                f"pg_restore gagal, basis data tidak diubah ({program}): {hasil.stderr.strip()}"
            )
        self.stdout.write(f"Basis data {db['NAME']} dipulihkan dari {berkas}.")
