"""manage.py snapshot --per 2019-11 [--sampai 2019-12] [--lkm 3 --lkm 4]: (re)compute monthly snapshots."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kotaku.models import LKM
from kotaku.tanggal import akhir_bulan, format_tanggal, tambah_bulan


def baca_bulan(teks: str) -> date:
    """`2019-11` -> 30 November 2019 (the month end); anything else is refused with a message."""
    try:
        tahun, bulan = (int(x) for x in teks.split("-"))
        return akhir_bulan(date(tahun, bulan, 1))
    except ValueError as exc:
        raise CommandError(f"Bulan {teks!r} tidak dikenal; tulis seperti 2019-11.") from exc


class Command(BaseCommand):
    help = "Hitung ulang snapshot bulanan (semua LKM atau --lkm tertentu) untuk satu bulan atau rentangnya."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--per", required=True, help="bulan, YYYY-MM")
        parser.add_argument("--sampai", help="bulan terakhir rentang, YYYY-MM (bawaan: sama dengan --per)")
        parser.add_argument("--lkm", type=int, action="append", help="id LKM (boleh berulang); bawaan semua")

    def handle(self, *args: Any, **opsi: Any) -> None:
        from laporan.services import simpan_snapshot

        awal = baca_bulan(opsi["per"])
        akhir = baca_bulan(opsi["sampai"]) if opsi["sampai"] else awal
        if akhir < awal:
            raise CommandError("--sampai harus sama dengan atau sesudah --per.")
        ids = opsi["lkm"] or list(LKM.objects.values_list("pk", flat=True))
        if opsi["lkm"] and LKM.objects.filter(pk__in=ids).count() != len(set(ids)):
            raise CommandError("Ada id LKM yang tidak dikenal.")
        per = awal
        while per <= akhir:
            n = simpan_snapshot(lkm_ids=ids, per=per)
            self.stdout.write(f"{format_tanggal(per)}: {n} snapshot disimpan")
            per = akhir_bulan(tambah_bulan(per.replace(day=1), 1))
