"""The Jiwan demo reproduces the published figures exactly (status 2019):

- all 14 LKM together on 30 November 2019: total aset Rp 2.975.894.908, initial capital (APBN + APBD, account
  31010)
  Rp 1.403.000.000;
- LKM Sejahtera Mandiri (Kwangsen) on 30 September 2019: UPK total aset Rp 479.189.759, modal awal Rp
  156.000.000,
  capital from surpluses 2010-2019 (31030 plus the running surplus) Rp 232.537.385.

Everything else (KSM, savings, loans, a year of operations) is generated first; then each LKM's opening neraca
(31 December 2016) is computed so that the totals come out exactly, and posted. Opening journals are dated
before all other activity, so every later report continues from them.
"""

from __future__ import annotations

import random
from datetime import date

from kotaku.buku import akun
from kotaku.buku.demo import buat_demo_operasional
from kotaku.buku.models import Jurnal
from kotaku.buku.selectors import neraca
from kotaku.buku.services import catat_saldo_awal
from kotaku.models import LKM

TANGGAL_SALDO_AWAL = date(2016, 12, 31)
STATUS_JIWAN = date(2019, 11, 30)
TOTAL_ASET_JIWAN = 2_975_894_908
MODAL_AWAL_JIWAN = 1_403_000_000
STATUS_KWANGSEN = date(2019, 9, 30)
TOTAL_ASET_KWANGSEN = 479_189_759
MODAL_AWAL_KWANGSEN = 156_000_000
SURPLUS_MODAL_KWANGSEN = 232_537_385

# Initial capital of the 12 other LKM (Bukur takes the rest so the sum is Rp 1.403.000.000).
MODAL_AWAL_LAIN = {
    "Bibrik": 92_000_000,
    "Bedoho": 88_000_000,
    "Grobogan": 101_000_000,
    "Jiwan": 124_000_000,
    "Kincang Wetan": 97_000_000,
    "Klagen Serut": 83_000_000,
    "Metesih": 79_000_000,
    "Ngetrep": 86_000_000,
    "Sambirejo": 94_000_000,
    "Sukolilo": 90_000_000,
    "Teguhan": 81_000_000,
    "Wayut": 98_000_000,
}


def _opening(lkm: LKM, *, aset: int, modal_awal: int, surplus_ditahan: int) -> None:
    """Post an opening neraca: aset in bank (70%) and kas; modal awal, surplus ditahan, program capital for
    the rest."""
    program = aset - modal_awal - surplus_ditahan
    if program < 0:
        raise ValueError(
            f"Demo {lkm}: aset awal {aset} lebih kecil dari modal {modal_awal + surplus_ditahan}"
        )
    bank = aset * 7 // 10
    catat_saldo_awal(
        lkm=lkm,
        tanggal=TANGGAL_SALDO_AWAL,
        oleh=None,
        saldo={
            akun.BANK_UPK: bank,
            akun.KAS: aset - bank,
            akun.MODAL_AWAL: modal_awal,
            akun.SURPLUS_DITAHAN: surplus_ditahan,
            akun.MODAL_PROGRAM: program,
        },
    )


def buat_demo_buku_jiwan() -> None:
    """A year of operations for each LKM, then opening balances calibrated to the published figures.
    Idempotent."""
    daftar = {
        lkm.desa.nama: lkm for lkm in LKM.objects.filter(desa__kecamatan__nama="Jiwan").select_related("desa")
    }
    if Jurnal.objects.filter(lkm__in=daftar.values(), jenis="saldo_awal").exists():
        return
    acak = random.Random(2019)
    for nama in sorted(daftar):
        buat_demo_operasional(daftar[nama], mulai=date(2018, 12, 1), bulan=12, acak=acak)

    kwangsen = daftar["Kwangsen"]
    n = neraca(lkm=kwangsen, per=STATUS_KWANGSEN)  # before the opening: only the flows
    _opening(
        kwangsen,
        aset=TOTAL_ASET_KWANGSEN - n.total_aset,
        modal_awal=MODAL_AWAL_KWANGSEN,
        surplus_ditahan=SURPLUS_MODAL_KWANGSEN - n.surplus_berjalan,
    )

    sisa = TOTAL_ASET_JIWAN - neraca(lkm=kwangsen, per=STATUS_JIWAN).total_aset
    for nama, modal in MODAL_AWAL_LAIN.items():
        lkm = daftar[nama]
        surplus_ditahan = modal * 55 // 100 + acak.randrange(0, 5_000_000)
        _opening(lkm, aset=modal + surplus_ditahan, modal_awal=modal, surplus_ditahan=surplus_ditahan)
        sisa -= neraca(lkm=lkm, per=STATUS_JIWAN).total_aset

    bukur = daftar["Bukur"]
    modal_bukur = MODAL_AWAL_JIWAN - MODAL_AWAL_KWANGSEN - sum(MODAL_AWAL_LAIN.values())
    aliran = neraca(lkm=bukur, per=STATUS_JIWAN).total_aset
    _opening(bukur, aset=sisa - aliran, modal_awal=modal_bukur, surplus_ditahan=modal_bukur * 6 // 10)
