"""cadangkan [--keluaran PATH]: a pg_dump -Fc backup of the database the app is using (make backup)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from kotaku import cadangan


class Command(BaseCommand):
    help = (
        "Mencadangkan seluruh basis data ke satu berkas pg_dump (format custom); "
        "bawaan backup/kotaku-<waktu>.dump."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--keluaran", type=Path, help="berkas tujuan (bawaan: backup/kotaku-<waktu>.dump)"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        db = connection.settings_dict
        keluaran: Path = o["keluaran"] or (
            Path(settings.BASE_DIR) / "backup" / f"kotaku-{timezone.localtime():%Y%m%d-%H%M%S}.dump"
        )
        keluaran = keluaran.resolve()
        keluaran.parent.mkdir(parents=True, exist_ok=True)
        try:
            program = cadangan.cari_program("pg_dump", versi=cadangan.versi_server(db))
        except cadangan.ProgramTidakAda as exc:
            raise CommandError(str(exc)) from exc
        # Written beside the target and renamed at the end: a failed dump never leaves a half file under the
        # name.
        sementara = keluaran.with_name(keluaran.name + ".sebagian")
        perintah, lingkungan = cadangan.perintah_cadangkan(db, program=program, keluaran=sementara)
        hasil = subprocess.run(
            perintah,
            env={**os.environ, **lingkungan},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if hasil.returncode != 0:
            sementara.unlink(missing_ok=True)
            raise CommandError(f"pg_dump gagal ({program}): {hasil.stderr.strip()}")
        sementara.replace(keluaran)
        ukuran = keluaran.stat().st_size
        self.stdout.write(f"Cadangan basis data {db['NAME']} ditulis ke {keluaran} ({ukuran:,} byte).")
