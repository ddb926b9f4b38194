"""Demo books: a year of monthly operational transactions per LKM (the opening neraca is set by laporan.demo)."""

from __future__ import annotations

import random
from datetime import date

from kotaku.models import LKM
from kotaku.tanggal import akhir_bulan, tambah_bulan
from pinjaman.buku.services import Baris, posting_jurnal


def buat_demo_operasional(lkm: LKM, *, mulai: date, bulan: int, acak: random.Random) -> int:
    """Monthly insentif, ATK, transport and bank interest from `mulai` for `bulan` months; returns journals posted."""
    n = 0
    for i in range(bulan):
        awal = tambah_bulan(mulai, i, hari=1)
        akhir = akhir_bulan(awal)
        transaksi = [
            (date(awal.year, awal.month, 25), "Insentif pengelola UPK", "51010", "11010",
             acak.choice([600_000, 750_000, 900_000])),
            (date(awal.year, awal.month, 10), "ATK dan fotokopi", "51030", "11010", acak.randrange(25_000, 150_001, 500)),
            (date(awal.year, awal.month, 12), "Transport monitoring KSM", "51040", "11010",
             acak.randrange(50_000, 200_001, 5_000)),
            (akhir, "Bunga bank", "11021", "41020", acak.randrange(80_000, 400_001, 1)),
        ]
        for tanggal, uraian, debit, kredit, jumlah in transaksi:
            posting_jurnal(lkm=lkm, tanggal=tanggal, uraian=f"{uraian} {awal:%m/%Y}",
                           baris=[Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)],
                           kunci=f"demo-ops-{uraian}-{awal:%Y%m}")
            n += 1
    return n
