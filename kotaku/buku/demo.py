"""Demo books: an opening neraca and monthly operational transactions per LKM.

`laporan.demo` calibrates the Jiwan opening balances to the published 2019 totals and posts
`jurnal_operasional` sized to each LKM; `buat_demo_buku` is the same for any LKM with the opening figures
given.
"""

from __future__ import annotations

import random
from datetime import date

from kotaku.buku import akun
from kotaku.buku.models import JenisJurnal, Jurnal
from kotaku.buku.services import Baris, JurnalBaru, catat_saldo_awal, posting_jurnal_massal
from kotaku.models import LKM
from kotaku.tanggal import akhir_bulan, hari_ini, tambah_bulan


def jurnal_operasional(
    lkm: LKM,
    *,
    mulai: date,
    bulan: int,
    acak: random.Random,
    skala: float = 1.0,
    akun_insentif: str = akun.KAS,
) -> list[JurnalBaru]:
    """Monthly insentif, ATK and transport (cash) and bank interest from `mulai` for `bulan` months, in date
    order; `skala` sizes them to the LKM (1.0: a small UPK, insentif Rp 600.000-900.000)."""

    def kali(nilai: int, satuan: int) -> int:
        return max(satuan, round(nilai * skala / satuan) * satuan)

    hasil = []
    for i in range(bulan):
        awal = tambah_bulan(mulai, i, hari=1)
        akhir = akhir_bulan(awal)
        transaksi = [
            (
                date(awal.year, awal.month, 10),
                "ATK dan fotokopi",
                akun.ATK,
                akun.KAS,
                kali(acak.randrange(25_000, 150_001, 500), 500),
            ),
            (
                date(awal.year, awal.month, 12),
                "Transport monitoring KSM",
                akun.TRANSPORT,
                akun.KAS,
                kali(acak.randrange(50_000, 200_001, 5_000), 5_000),
            ),
            (
                date(awal.year, awal.month, 25),
                "Insentif pengelola UPK",
                akun.INSENTIF_UPK,
                akun_insentif,
                kali(acak.choice([600_000, 750_000, 900_000]), 50_000),
            ),
            (
                akhir,
                "Bunga bank",
                akun.BANK_UPK,
                akun.PENDAPATAN_NON_OPERASIONAL,
                kali(acak.randrange(80_000, 400_001, 1), 1),
            ),
        ]
        hasil += [
            JurnalBaru(
                tanggal=tanggal,
                uraian=f"{uraian} {awal:%m/%Y}",
                baris=[Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)],
                kunci=f"demo-ops-{uraian}-{awal:%Y%m}",
            )
            for tanggal, uraian, debit, kredit, jumlah in transaksi
        ]
    return hasil


def buat_demo_operasional(lkm: LKM, *, mulai: date, bulan: int, acak: random.Random) -> int:
    """Monthly insentif, ATK, transport and bank interest from `mulai` for `bulan` months, posted in one
    batch; returns journals posted."""
    return len(
        posting_jurnal_massal(
            lkm=lkm, jurnal=jurnal_operasional(lkm, mulai=mulai, bulan=bulan, acak=acak), oleh=None
        )
    )


def buat_demo_buku(
    lkm: LKM, *, tanggal_saldo_awal: date, saldo_awal: dict[str, int], tahun_operasional: int
) -> int:
    """A balanced opening neraca, then January..December of `tahun_operasional` of monthly insentif, ATK,
    transport and bank interest (up to the current month); returns how many journals make up the demo books.
    Idempotent: the opening is posted once and each operation has its own key.

    Parameterised so a caller can calibrate published totals; the operating figures come from a generator
    seeded by the LKM, so the same LKM always gets the same year.
    """
    if not Jurnal.objects.filter(lkm=lkm, jenis=JenisJurnal.SALDO_AWAL).exists():
        catat_saldo_awal(lkm=lkm, tanggal=tanggal_saldo_awal, saldo=saldo_awal, oleh=None)
    akhir_ops = min(date(tahun_operasional, 12, 1), hari_ini().replace(day=1))
    bulan = (akhir_ops.year - tahun_operasional) * 12 + akhir_ops.month
    return 1 + buat_demo_operasional(
        lkm, mulai=date(tahun_operasional, 1, 1), bulan=bulan, acak=random.Random(f"buku-{lkm.pk}")
    )
