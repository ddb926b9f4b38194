"""manage.py periksa_snapshot --per 2019-11 [--lkm 3]: stored snapshots against a fresh computation."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kotaku.models import LKM
from kotaku.tanggal import format_tanggal
from laporan.management.commands.snapshot import baca_bulan


class Command(BaseCommand):
    help = (
        "Bandingkan snapshot tersimpan dengan perhitungan baru; cetak setiap selisih. Keluar dengan kode 1 "
        "bila ada selisih atau snapshot yang hilang."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--per", required=True, help="bulan, YYYY-MM")
        parser.add_argument("--lkm", type=int, action="append", help="id LKM (boleh berulang); bawaan semua")

    def handle(self, *args: Any, **opsi: Any) -> None:
        from laporan.selectors import bandingkan_snapshot

        per = baca_bulan(opsi["per"])
        ids = opsi["lkm"] or list(LKM.objects.values_list("pk", flat=True))
        selisih = bandingkan_snapshot(lkm_ids=ids, per=per)
        nama = dict(LKM.objects.filter(pk__in=ids).values_list("pk", "nama"))
        for s in selisih:
            if s.kolom is None:
                self.stdout.write(f"LKM {s.lkm_id} {nama.get(s.lkm_id, '')}: belum ada snapshot")
            else:
                self.stdout.write(
                    f"LKM {s.lkm_id} {nama.get(s.lkm_id, '')}: {s.kolom} tersimpan {s.tersimpan}, "
                    f"dihitung {s.dihitung} (selisih {s.dihitung - s.tersimpan})"
                )
        if selisih:
            raise CommandError(
                f"{len(selisih)} selisih pada snapshot {format_tanggal(per)}; jalankan "
                f"`manage.py snapshot --per {per:%Y-%m}` untuk menghitung ulang.",
                returncode=1,
            )
        self.stdout.write(f"{len(ids)} snapshot per {format_tanggal(per)} cocok dengan perhitungan baru.")
