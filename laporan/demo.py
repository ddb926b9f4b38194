"""The Jiwan demo books: two years of operations that reproduce the published figures exactly (status 2019).

- all 14 LKM together on 30 November 2019: total aset Rp 2.975.894.908, initial capital (APBN + APBD, account
  31010) Rp 1.403.000.000;
- LKM Sejahtera Mandiri (Kwangsen) on 30 September 2019: UPK total aset Rp 479.189.759, modal awal
  Rp 156.000.000, capital from surpluses 2010-2019 Rp 232.537.385: what the surpluses left in equity, i.e.
  31031 Pemupukan Modal + 31030 Surplus Ditahan + the running 2019 surplus.

The LKM use kotaku from January 2018. The groups, members, meetings, savings and loans (`ksm.demo`,
`ksm.tabungan.demo`, `pinjaman.demo`) are written first; here come the operating costs (sized to each LKM),
the monthly cash-to-bank deposits, then each LKM's opening neraca of 31 December 2017: its loans then
outstanding (11030) and their reserve (12010) from the loan records, a cash float, and the bank balance and
equity that make the totals come out exactly. The opening is computed from the flows and posted before the
month-end reserve true-ups, so the bank figure accounts for what follows: every month end of 2018 and 2019 the
reserve is trued up (`pinjaman.services.sesuaikan_cadangan`), 2018 is closed (every month, then the year-end
close), each LKM board allocates the 2018 surplus by a recorded decision in February 2019 and the UPK pays the
liabilities out (UPL, UPS, insentif; a part of the social fund is still owed), and January-November 2019 are
closed. 2019 stays open.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from kotaku.buku import akun
from kotaku.buku.demo import jurnal_operasional
from kotaku.buku.models import BarisJurnal, JenisJurnal, Jurnal
from kotaku.buku.selectors import neraca, saldo_akun, surplus_defisit
from kotaku.buku.services import (
    Baris,
    JurnalBaru,
    catat_saldo_awal,
    posting_jurnal_massal,
    tutup_buku_tahunan,
    tutup_bulan,
)
from kotaku.demo import petugas_demo
from kotaku.massal import analisa, periksa_tertunda
from kotaku.models import LKM, Peran
from kotaku.selectors import kebijakan_berlaku
from kotaku.tanggal import akhir_bulan, tambah_bulan
from laporan.alokasi_surplus import POS, bagi_surplus
from laporan.models import SnapshotBulanan
from laporan.services import bayar_alokasi, simpan_snapshot, tetapkan_alokasi
from pinjaman.demo import SASARAN_ASET
from pinjaman.selectors import laporan_kolektibilitas, posisi_lkm
from pinjaman.services import sesuaikan_cadangan

TANGGAL_SALDO_AWAL = date(2017, 12, 31)
AWAL = date(2018, 1, 1)
STATUS_JIWAN = date(2019, 11, 30)
TOTAL_ASET_JIWAN = 2_975_894_908
MODAL_AWAL_JIWAN = 1_403_000_000
STATUS_KWANGSEN = date(2019, 9, 30)
TOTAL_ASET_KWANGSEN = 479_189_759
MODAL_AWAL_KWANGSEN = 156_000_000
SURPLUS_MODAL_KWANGSEN = 232_537_385
KAS_AWAL = 2_500_000
"""Cash kept in the office; each month end the rest of the cash goes to the bank."""

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

# The 2018 allocation each board decided: pemupukan modal, lingkungan, sosial, insentif, cadangan (percent).
BAGIAN_2018: dict[str, tuple[str, str, str, str, str]] = {
    "Bukur": ("50", "15", "15", "10", "10"),
    "Kwangsen": ("55", "12.5", "12.5", "10", "10"),
    "Jiwan": ("60", "10", "10", "10", "10"),
    "Grobogan": ("50", "20", "15", "7.5", "7.5"),
}
BAGIAN_BAKU = ("50", "15", "15", "10", "10")
BULAN = [tambah_bulan(date(2018, 1, 31), i) for i in range(23)]
"""Month ends January 2018 .. November 2019."""


@dataclass
class Perkiraan:
    """What one LKM's opening must be, from the flows already posted and the loan records."""

    pinjaman: int  # 11030 on 31 December 2017 (the 2017 loans still running)
    cadangan: int  # their required reserve then (12010)
    aset_aliran: dict[date, int]  # total assets of the flows alone (no opening, no reserve) per date
    cadangan_per: dict[date, int]  # required reserve per date
    surplus_2018: int  # after the reserve true-up
    surplus_2019: dict[date, int]  # 1 January 2019 .. date, after the true-ups
    alokasi: dict[str, int]  # the 2018 allocation amounts (empty for a deficit)
    dibayar: int  # allocation payouts by 30 September 2019 (all of them are by then)

    def aset(self, per: date, bank: int) -> int:
        """Total assets on `per` once the opening (cash float, `bank`, loans, reserve) is posted."""
        return self.aset_aliran[per] + KAS_AWAL + bank + self.pinjaman - self.cadangan_per[per] - self.dibayar


def _bayar_alokasi(jumlah: dict[str, int]) -> list[tuple[str, date, int, str]]:
    """The payouts of a 2018 allocation: insentif in February, the environment fund in March, 60% of the
    social fund in April (the rest still owed on 30 November 2019)."""
    return [
        ("insentif", date(2019, 2, 28), jumlah["insentif"], "Pengelola dan pengawas UPK"),
        ("lingkungan", date(2019, 3, 15), jumlah["lingkungan"], "UPL"),
        ("sosial", date(2019, 4, 10), jumlah["sosial"] * 6 // 10, "UPS"),
    ]


def _bagian(desa: str) -> dict[str, Decimal]:
    return dict(zip(POS, (Decimal(x) for x in BAGIAN_2018.get(desa, BAGIAN_BAKU)), strict=True))


def _operasional(lkm: LKM, acak: random.Random) -> None:
    """Costs sized to the LKM (insentif about 0,55% of its assets a month), January 2018 .. November 2019."""
    skala = SASARAN_ASET[lkm.desa.nama] * 0.0055 / 750_000
    posting_jurnal_massal(
        lkm=lkm,
        jurnal=jurnal_operasional(
            lkm, mulai=AWAL, bulan=23, acak=acak, skala=skala, akun_insentif=akun.BANK_UPK
        ),
        oleh=None,
    )


def _setor_kas(lkm: LKM) -> None:
    """Each month end the cash beyond the float goes to the bank (or the bank tops the cash up)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT date_trunc('month', b.tanggal)::date, SUM(b.debit - b.kredit) FROM buku_barisjurnal b "
            "JOIN buku_akun a ON a.id = b.akun_id WHERE b.lkm_id = %s AND a.kode = %s AND b.tanggal >= %s "
            "GROUP BY 1 ORDER BY 1",
            [lkm.pk, akun.KAS, AWAL],
        )
        gerak = {bulan: int(jumlah) for bulan, jumlah in cur.fetchall()}
    jurnal = []
    for akhir in BULAN:
        jumlah = gerak.get(akhir.replace(day=1), 0)
        if jumlah > 0:
            baris = [Baris(akun.BANK_UPK, debit=jumlah), Baris(akun.KAS, kredit=jumlah)]
            uraian = "Setor kas ke Bank UPK"
        elif jumlah < 0:
            baris = [Baris(akun.KAS, debit=-jumlah), Baris(akun.BANK_UPK, kredit=-jumlah)]
            uraian = "Ambil dari Bank UPK untuk kas"
        else:
            continue
        jurnal.append(JurnalBaru(akhir, f"{uraian} {akhir:%m/%Y}", baris, kunci=f"demo-setor-{akhir:%Y%m}"))
    posting_jurnal_massal(lkm=lkm, jurnal=jurnal, oleh=None)


def _perkiraan(lkm: LKM) -> Perkiraan:
    awal = TANGGAL_SALDO_AWAL
    batas = kebijakan_berlaku(lkm=lkm, tanggal=awal).batas_kolektibilitas
    pinjaman = sum(p.sisa_pokok for p in posisi_lkm(lkm_id=lkm.pk, per=awal, batas=batas))
    tanggal = [awal, date(2018, 12, 31), STATUS_KWANGSEN, STATUS_JIWAN]
    cadangan = {per: laporan_kolektibilitas(lkm=lkm, per=per).cadangan_wajib for per in tanggal}
    surplus_2018 = surplus_defisit(lkm=lkm, dari=AWAL, sampai=date(2018, 12, 31)).surplus - (
        cadangan[date(2018, 12, 31)] - cadangan[awal]
    )
    surplus_2019 = {
        per: surplus_defisit(lkm=lkm, dari=date(2019, 1, 1), sampai=per).surplus
        - (cadangan[per] - cadangan[date(2018, 12, 31)])
        for per in (STATUS_KWANGSEN, STATUS_JIWAN)
    }
    alokasi = bagi_surplus(surplus_2018, _bagian(lkm.desa.nama)).jumlah if surplus_2018 > 0 else {}
    return Perkiraan(
        pinjaman=pinjaman,
        cadangan=cadangan[awal],
        aset_aliran={per: neraca(lkm=lkm, per=per).total_aset for per in (STATUS_KWANGSEN, STATUS_JIWAN)},
        cadangan_per=cadangan,
        surplus_2018=surplus_2018,
        surplus_2019=surplus_2019,
        alokasi=alokasi,
        dibayar=sum(j for _, _, j, _ in _bayar_alokasi(alokasi)) if alokasi else 0,
    )


def _saldo_awal(lkm: LKM, p: Perkiraan, *, bank: int, modal_awal: int, surplus_ditahan: int) -> None:
    """The opening neraca of 31 December 2017; program capital (APBN/APBD top-ups) balances it."""
    aset = KAS_AWAL + bank + p.pinjaman - p.cadangan
    program = aset - modal_awal - surplus_ditahan
    if bank < 0 or program < 0 or surplus_ditahan < 0:
        raise ValueError(
            f"Demo {lkm}: saldo awal tidak wajar (bank {bank}, modal program {program}, surplus ditahan "
            f"{surplus_ditahan})"
        )
    catat_saldo_awal(
        lkm=lkm,
        tanggal=TANGGAL_SALDO_AWAL,
        oleh=None,
        saldo={
            akun.KAS: KAS_AWAL,
            akun.BANK_UPK: bank,
            akun.PINJAMAN_KSM: p.pinjaman,
            akun.CADANGAN_RISIKO: p.cadangan,
            akun.MODAL_AWAL: modal_awal,
            akun.SURPLUS_DITAHAN: surplus_ditahan,
            akun.MODAL_PROGRAM: program,
        },
    )


def _ditahan(p: Perkiraan, bank: int, modal_awal: int, acak: random.Random) -> int:
    """Surplus retained from 2009-2017: about half of what the opening holds beyond the initial capital (the
    other half came as program capital, APBN/APBD top-ups)."""
    lebih = KAS_AWAL + bank + p.pinjaman - p.cadangan - modal_awal
    return max(0, lebih * acak.randint(45, 65) // 100)


def _tutup_dan_alokasi(lkm: LKM, p: Perkiraan, nomor: int) -> None:
    orang = petugas_demo(lkm)
    tutup_buku_tahunan(lkm=lkm, tahun=2018, oleh=orang[Peran.PEMBUKU])
    if p.surplus_2018 > 0:
        tanggal = date(2019, 2, 11 + nomor)
        alokasi = tetapkan_alokasi(
            lkm=lkm,
            tahun=2018,
            nomor_keputusan=f"{nomor:02d}/KEP/LKM-{lkm.desa.nama.upper().replace(' ', '')}/II/2019",
            tanggal_keputusan=tanggal,
            rapat=f"Rembug Warga Tahunan Desa {lkm.desa.nama} 2019",
            bagian=_bagian(lkm.desa.nama),
            oleh=orang[Peran.PENGURUS_LKM],
        )
        for pos, tgl, jumlah, penerima in _bayar_alokasi(alokasi.jumlah):
            if jumlah > 0:
                bayar_alokasi(
                    alokasi=alokasi,
                    pos=pos,
                    tanggal=max(tgl, tanggal),
                    jumlah=jumlah,
                    akun_kas=akun.BANK_UPK,
                    penerima=f"{penerima} {lkm.nama}" if pos != "insentif" else penerima,
                    kunci=f"demo-{pos}",
                    oleh=orang[Peran.KASIR],
                )
    for bulan in range(1, 12):
        tutup_bulan(lkm=lkm, tahun=2019, bulan=bulan, oleh=orang[Peran.PEMBUKU])


def buat_demo_buku_jiwan() -> None:
    """Operating costs, cash deposits, the calibrated openings, reserve true-ups, the 2018 close and
    allocation, the 2019 month closes; checks the published figures. Idempotent."""
    daftar = {
        lkm.desa.nama: lkm for lkm in LKM.objects.filter(desa__kecamatan__nama="Jiwan").select_related("desa")
    }
    if Jurnal.objects.filter(lkm__in=daftar.values(), jenis=JenisJurnal.SALDO_AWAL).exists():
        return
    acak = random.Random(2019)
    for nama in sorted(daftar):
        _operasional(daftar[nama], acak)
        _setor_kas(daftar[nama])
    analisa(Jurnal, BarisJurnal)
    perkiraan = {nama: _perkiraan(lkm) for nama, lkm in daftar.items()}

    kwangsen = perkiraan["Kwangsen"]
    bank = TOTAL_ASET_KWANGSEN - kwangsen.aset(STATUS_KWANGSEN, 0)
    _saldo_awal(
        daftar["Kwangsen"],
        kwangsen,
        bank=bank,
        modal_awal=MODAL_AWAL_KWANGSEN,
        surplus_ditahan=SURPLUS_MODAL_KWANGSEN
        - kwangsen.alokasi.get("pemupukan_modal", 0)
        - kwangsen.surplus_2019[STATUS_KWANGSEN],
    )
    sisa = TOTAL_ASET_JIWAN - kwangsen.aset(STATUS_JIWAN, bank)
    for nama, modal in MODAL_AWAL_LAIN.items():
        p = perkiraan[nama]
        bank = SASARAN_ASET[nama] - p.aset(STATUS_JIWAN, 0)
        _saldo_awal(
            daftar[nama], p, bank=bank, modal_awal=modal, surplus_ditahan=_ditahan(p, bank, modal, acak)
        )
        sisa -= SASARAN_ASET[nama]
    bukur = perkiraan["Bukur"]
    modal_bukur = MODAL_AWAL_JIWAN - MODAL_AWAL_KWANGSEN - sum(MODAL_AWAL_LAIN.values())
    _saldo_awal(
        daftar["Bukur"],
        bukur,
        bank=sisa - bukur.aset(STATUS_JIWAN, 0),
        modal_awal=modal_bukur,
        surplus_ditahan=_ditahan(bukur, sisa - bukur.aset(STATUS_JIWAN, 0), modal_bukur, acak),
    )
    periksa_tertunda()

    for per in BULAN:
        for nama in sorted(daftar):
            sesuaikan_cadangan(lkm=daftar[nama], per=per)
    for nomor, nama in enumerate(sorted(daftar), start=1):
        _tutup_dan_alokasi(daftar[nama], perkiraan[nama], nomor)
    _periksa_angka(daftar)


def _periksa_angka(daftar: dict[str, LKM]) -> None:
    """The published figures, checked as the demo is made (a wrong opening would fail loudly here)."""
    total = sum(neraca(lkm=lkm, per=STATUS_JIWAN).total_aset for lkm in daftar.values())
    modal = sum(saldo_akun(lkm=lkm, kode=akun.MODAL_AWAL, per=STATUS_JIWAN) for lkm in daftar.values())
    n = neraca(lkm=daftar["Kwangsen"], per=STATUS_KWANGSEN)
    saldo = {b.kode: b.saldo for b in n.modal}
    dari_surplus = saldo[akun.SURPLUS_DITAHAN] + saldo[akun.PEMUPUKAN_MODAL] + n.surplus_berjalan
    hasil = (total, modal, n.total_aset, dari_surplus)
    harapan = (TOTAL_ASET_JIWAN, MODAL_AWAL_JIWAN, TOTAL_ASET_KWANGSEN, SURPLUS_MODAL_KWANGSEN)
    if hasil != harapan:
        raise RuntimeError(f"Demo Jiwan tidak cocok dengan angka terbitan: {hasil} != {harapan}")


@dataclass(frozen=True)
class RingkasanLKM:
    desa: str
    surplus_2018: int
    surplus_2019: int  # 1 January .. 30 November 2019 (the year is open)
    pinjaman: int  # 11030 on 30 November 2019
    aset: int  # total assets on 30 November 2019

    @property
    def persen_pinjaman(self) -> int:
        return self.pinjaman * 100 // self.aset


def buat_demo_snapshot() -> int:
    """The monthly snapshots of the demo's history, January 2018 to November 2019, that the dashboards and
    their charts read. Closing a 2019 month stores its own (the close hook); the months of 2018, closed by
    the year-end close, are stored here. Idempotent: a month already stored is skipped."""
    ids = list(LKM.objects.filter(desa__kecamatan__nama="Jiwan").values_list("pk", flat=True))
    ditulis, per = 0, date(2018, 1, 31)
    while per <= date(2019, 11, 30):
        ada = set(SnapshotBulanan.objects.filter(per=per, lkm_id__in=ids).values_list("lkm_id", flat=True))
        if kurang := [i for i in ids if i not in ada]:
            ditulis += simpan_snapshot(lkm_ids=kurang, per=per)
        per = akhir_bulan(tambah_bulan(per, 1))
    return ditulis


def ringkasan_demo() -> list[RingkasanLKM]:
    """Per LKM: the 2018 and 2019 surplus, loans outstanding and assets on 30 November 2019."""
    lkm = LKM.objects.filter(desa__kecamatan__nama="Jiwan").select_related("desa").order_by("desa__nama")
    return [
        RingkasanLKM(
            desa=x.desa.nama,
            surplus_2018=surplus_defisit(lkm=x, dari=date(2018, 1, 1), sampai=date(2018, 12, 31)).surplus,
            surplus_2019=surplus_defisit(lkm=x, dari=date(2019, 1, 1), sampai=STATUS_JIWAN).surplus,
            pinjaman=saldo_akun(lkm=x, kode=akun.PINJAMAN_KSM, per=STATUS_JIWAN),
            aset=neraca(lkm=x, per=STATUS_JIWAN).total_aset,
        )
        for x in lkm
    ]
