"""The month-end facts of LKMs, gathered by SQL: what the indicators (`laporan.indikator`) and the monthly
snapshots (`laporan.models.SnapshotBulanan`) are made of.

One LKM or three hundred, the same constant number of queries: every statement takes the list of LKM ids
(`= ANY(...)`) and groups by LKM. `per` is always a month end.

Where each figure comes from (DOMAIN.md §4-§6):
- Loan positions as of `per` (`pinjaman.selectors.posisi_banyak_lkm`, summed by `ringkas_posisi`, the
  very code LU-02 uses): outstanding by Kol 1..5 and its arrears, KSMs with a balance (`ksm_aktif`), KSMs
  with a loan at least 3 months behind (`ksm_menunggak`, LAR counts KSMs), the outstanding and pokok in
  arrears of those loans (PAR, RR), the required reserve by each LKM's policy weights.
- The books, January 1 up to `per` (the year-end closing journal left out, so a December figure is the same
  before and after the year is closed): income, costs, jasa income 41010 (OSS numerator), reserve charge
  51080; and the month's own income and costs. Balances as of `per`: cash and bank (11010, 11021, 11022),
  the booked reserve 12010, and `modal` = the 31xxx accounts, also without the running year's closing
  journal (the ROI denominator is capital, not capital plus the year whose return it measures).
- Loans and payments for the flows of the month (disbursed, pokok and jasa repaid), the sum of the
  outstanding at each month end January..`per` (CER's average; a loan counts from its disbursement until it
  is repaid or written off), and LRR's cumulative pokok due and pokok paid against it (pokok paid on an
  instalment counts up to that instalment's pokok, and only once it is due; what was paid under an older
  schedule version counts as due and paid, as in the positions).
- Members and KSMs as of `per`: members with an open membership, women among them, borrowers (members with
  a share in a loan that has a balance), registered KSM of the revolving-loan kind that were active on
  `per`, and KSM by maturity stage (`laporan.tahap_snapshot`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import date

from django.db import connection

from kotaku.buku import akun
from kotaku.log import catat
from kotaku.models import LKM
from kotaku.selectors import kebijakan_berlaku_banyak
from kotaku.tanggal import akhir_bulan
from laporan.indikator import DataKinerja, Kinerja, hitung_kinerja
from laporan.tahap_snapshot import hitungan_tahap_per_lkm
from pinjaman.kolektibilitas import cadangan_wajib
from pinjaman.selectors import Posisi, posisi_banyak_lkm, ringkas_posisi

KOLOM_KINERJA: tuple[str, ...] = tuple(f.name for f in fields(DataKinerja))
"""The indicator inputs: every snapshot carries them, so a group's indicators are recomputed from sums."""


@dataclass(frozen=True, kw_only=True)
class FaktaBulanan:
    """One LKM's month-end figures; the snapshot row stores exactly these fields. Rupiah are whole ints."""

    # Loan positions at the month end
    outstanding: int
    outstanding_berisiko: int
    tunggakan_berisiko: int
    ksm_aktif: int
    ksm_menunggak: int
    pinjaman_aktif: int
    outstanding_kol1: int
    outstanding_kol2: int
    outstanding_kol3: int
    outstanding_kol4: int
    outstanding_kol5: int
    tunggakan_kol1: int
    tunggakan_kol2: int
    tunggakan_kol3: int
    tunggakan_kol4: int
    tunggakan_kol5: int
    cadangan_wajib: int
    cadangan_tercatat: int
    # Flows of the month
    dicairkan_bulan: int
    jumlah_cair_bulan: int
    pokok_dibayar_bulan: int
    jasa_dibayar_bulan: int
    pendapatan_bulan: int
    biaya_bulan: int
    # January up to the month
    bulan: int
    pendapatan: int
    biaya: int
    pendapatan_operasional: int
    biaya_operasional: int
    biaya_keuangan: int
    biaya_cadangan: int
    jumlah_outstanding_bulanan: int
    # Balances
    kas_bank: int
    modal: int
    # Cumulative since lending began
    pokok_jatuh_tempo_kumulatif: int
    pokok_dibayar_kumulatif: int
    # People and groups
    anggota: int
    anggota_perempuan: int
    peminjam: int
    ksm_terdaftar: int
    ksm_tunas: int
    ksm_tumbuh: int
    ksm_kembang: int

    @property
    def data_kinerja(self) -> DataKinerja:
        return DataKinerja(**{k: getattr(self, k) for k in KOLOM_KINERJA})

    @property
    def surplus_bulan(self) -> int:
        return self.pendapatan_bulan - self.biaya_bulan

    def sebagai_dict(self) -> dict[str, int]:
        return asdict(self)


KOLOM_FAKTA: tuple[str, ...] = tuple(f.name for f in fields(FaktaBulanan))


def wajib_akhir_bulan(per: date) -> None:
    if per != akhir_bulan(per):
        raise ValueError(f"Tanggal {per} bukan akhir bulan; kinerja dihitung per akhir bulan.")


def data_kinerja(*, lkm: LKM, per: date) -> DataKinerja:
    """The indicator inputs of one LKM as of a month end."""
    return data_kinerja_banyak(lkm_ids=[lkm.pk], per=per)[lkm.pk]


def data_kinerja_banyak(*, lkm_ids: Iterable[int], per: date) -> dict[int, DataKinerja]:
    """The indicator inputs of many LKMs as of a month end, in a constant number of queries."""
    return {k: f.data_kinerja for k, f in fakta_bulanan(lkm_ids=lkm_ids, per=per, lengkap=False).items()}


def kinerja_aman(data: DataKinerja | None) -> Kinerja | None:
    """The indicators, or None (logged) when the sums cannot come from real books: a screen shows "-"."""
    if data is None:
        return None
    try:
        return hitung_kinerja(data)
    except ValueError as exc:
        catat("kinerja.tidak_sah", galat=str(exc))
        return None


def fakta_bulanan(*, lkm_ids: Iterable[int], per: date, lengkap: bool = True) -> dict[int, FaktaBulanan]:
    """Every LKM's month-end facts. `lengkap=False` skips members, KSM counts and stages (not indicator
    inputs); those fields are then 0."""
    wajib_akhir_bulan(per)
    ids = sorted(set(lkm_ids))
    if not ids:
        return {}
    awal_tahun = date(per.year, 1, 1)
    awal_bulan = per.replace(day=1)
    kebijakan = kebijakan_berlaku_banyak(lkm_ids=ids, tanggal=per)
    posisi = posisi_banyak_lkm(
        lkm_ids=ids, per=per, batas={k: v.batas_kolektibilitas for k, v in kebijakan.items()}
    )
    per_lkm: dict[int, list[Posisi]] = defaultdict(list)
    for p in posisi:
        per_lkm[p.lkm_id].append(p)
    buku = _buku(ids, per, awal_tahun, awal_bulan)
    jumlah_bulanan = _jumlah_outstanding_bulanan(ids, per)
    lrr = _lrr(ids, per)
    arus = _arus_bulan(ids, awal_bulan, per)
    orang: dict[int, tuple[int, int]] = {}
    peminjam: dict[int, int] = {}
    ksm: dict[int, int] = {}
    tahap: dict[int, dict[str, int]] = {}
    if lengkap:
        orang = _orang(ids, per)
        peminjam = _peminjam([p.pinjaman_id for p in posisi if p.sisa_pokok > 0])
        ksm = _ksm_terdaftar(ids, per)
        tahap = hitungan_tahap_per_lkm(ids, per)
    hasil = {}
    for lkm_id in ids:
        r = ringkas_posisi(per_lkm.get(lkm_id, []))
        b = buku.get(lkm_id, {})
        pendapatan, biaya = b.get("pendapatan", 0), b.get("biaya", 0)
        biaya_cadangan = b.get("biaya_cadangan", 0)
        a = arus.get(lkm_id, (0, 0, 0, 0))
        jt, dibayar = lrr.get(lkm_id, (0, 0))
        o = orang.get(lkm_id, (0, 0))
        t = tahap.get(lkm_id, {})
        hasil[lkm_id] = FaktaBulanan(
            outstanding=r.outstanding,
            outstanding_berisiko=r.outstanding_berisiko,
            tunggakan_berisiko=r.tunggakan_berisiko,
            ksm_aktif=r.ksm_aktif,
            ksm_menunggak=r.ksm_menunggak,
            pinjaman_aktif=sum(r.jumlah_pinjaman.values()),
            outstanding_kol1=r.sisa_pokok[1],
            outstanding_kol2=r.sisa_pokok[2],
            outstanding_kol3=r.sisa_pokok[3],
            outstanding_kol4=r.sisa_pokok[4],
            outstanding_kol5=r.sisa_pokok[5],
            tunggakan_kol1=r.tunggakan_pokok[1],
            tunggakan_kol2=r.tunggakan_pokok[2],
            tunggakan_kol3=r.tunggakan_pokok[3],
            tunggakan_kol4=r.tunggakan_pokok[4],
            tunggakan_kol5=r.tunggakan_pokok[5],
            cadangan_wajib=cadangan_wajib(dict(r.sisa_pokok), kebijakan[lkm_id].bobot_cadangan),
            cadangan_tercatat=b.get("cadangan_tercatat", 0),
            dicairkan_bulan=a[0],
            jumlah_cair_bulan=a[1],
            pokok_dibayar_bulan=a[2],
            jasa_dibayar_bulan=a[3],
            pendapatan_bulan=b.get("pendapatan_bulan", 0),
            biaya_bulan=b.get("biaya_bulan", 0),
            bulan=per.month,
            pendapatan=pendapatan,
            biaya=biaya,
            pendapatan_operasional=b.get("pendapatan_operasional", 0),
            # No UPK account holds a cost of funds (DOMAIN.md §5): every cost but the reserve is operating.
            biaya_operasional=biaya - biaya_cadangan,
            biaya_keuangan=0,
            biaya_cadangan=biaya_cadangan,
            jumlah_outstanding_bulanan=jumlah_bulanan.get(lkm_id, 0),
            kas_bank=b.get("kas_bank", 0),
            modal=b.get("modal", 0),
            pokok_jatuh_tempo_kumulatif=jt,
            pokok_dibayar_kumulatif=dibayar,
            anggota=o[0],
            anggota_perempuan=o[1],
            peminjam=peminjam.get(lkm_id, 0),
            ksm_terdaftar=ksm.get(lkm_id, 0),
            ksm_tunas=t.get("tunas", 0),
            ksm_tumbuh=t.get("tumbuh", 0),
            ksm_kembang=t.get("kembang", 0),
        )
    return hasil


def _buku(ids: list[int], per: date, awal_tahun: date, awal_bulan: date) -> dict[int, dict[str, int]]:
    """Income and costs of the year and of the month, and month-end balances, per LKM, in one statement."""
    sql = """
    WITH penutup AS (
        SELECT id FROM buku_jurnal
         WHERE lkm_id = ANY(%(lkm)s) AND jenis = 'penutup' AND tanggal BETWEEN %(awal_tahun)s AND %(per)s
    )
    SELECT b.lkm_id,
        COALESCE(SUM(b.kredit - b.debit) FILTER (WHERE a.jenis = 'pendapatan' AND b.tanggal >= %(awal_tahun)s
                     AND b.jurnal_id NOT IN (SELECT id FROM penutup)), 0),
        COALESCE(SUM(b.debit - b.kredit) FILTER (WHERE a.jenis = 'biaya' AND b.tanggal >= %(awal_tahun)s
                     AND b.jurnal_id NOT IN (SELECT id FROM penutup)), 0),
        COALESCE(SUM(b.kredit - b.debit) FILTER (WHERE a.jenis = 'pendapatan' AND b.tanggal >= %(awal_bulan)s
                     AND b.jurnal_id NOT IN (SELECT id FROM penutup)), 0),
        COALESCE(SUM(b.debit - b.kredit) FILTER (WHERE a.jenis = 'biaya' AND b.tanggal >= %(awal_bulan)s
                     AND b.jurnal_id NOT IN (SELECT id FROM penutup)), 0),
        COALESCE(SUM(b.kredit - b.debit) FILTER (WHERE a.kode = %(jasa)s AND b.tanggal >= %(awal_tahun)s
                     AND b.jurnal_id NOT IN (SELECT id FROM penutup)), 0),
        COALESCE(SUM(b.debit - b.kredit) FILTER (WHERE a.kode = %(biaya_cadangan)s
                     AND b.tanggal >= %(awal_tahun)s AND b.jurnal_id NOT IN (SELECT id FROM penutup)), 0),
        COALESCE(SUM(b.debit - b.kredit) FILTER (WHERE a.kode = ANY(%(kas_bank)s)), 0),
        COALESCE(SUM(b.kredit - b.debit) FILTER (WHERE a.kode = %(cadangan)s), 0),
        COALESCE(SUM(b.kredit - b.debit) FILTER (WHERE a.kode LIKE '31%%'
                     AND b.jurnal_id NOT IN (SELECT id FROM penutup)), 0)
      FROM buku_barisjurnal b JOIN buku_akun a ON a.id = b.akun_id
     WHERE b.lkm_id = ANY(%(lkm)s) AND b.tanggal <= %(per)s
     GROUP BY b.lkm_id
    """
    nama = (
        "pendapatan",
        "biaya",
        "pendapatan_bulan",
        "biaya_bulan",
        "pendapatan_operasional",
        "biaya_cadangan",
        "kas_bank",
        "cadangan_tercatat",
        "modal",
    )
    with connection.cursor() as cur:
        cur.execute(
            sql,
            {
                "lkm": ids,
                "per": per,
                "awal_tahun": awal_tahun,
                "awal_bulan": awal_bulan,
                "jasa": akun.PENDAPATAN_JASA,
                "biaya_cadangan": akun.BIAYA_CADANGAN,
                "kas_bank": list(akun.KAS_BANK),
                "cadangan": akun.CADANGAN_RISIKO,
            },
        )
        return {int(r[0]): dict(zip(nama, (int(x) for x in r[1:]), strict=True)) for r in cur.fetchall()}


# f(t): how many of the month ends January..per fall on or after date t (0 when t is after per). A rupiah lent
# on t adds itself to that many month-end balances; a rupiah repaid on t takes itself off as many.
_BULAN_SETELAH = """
CASE WHEN {t} IS NULL OR {t} > %(per)s THEN 0
     ELSE %(n)s - GREATEST(0, (EXTRACT(YEAR FROM {t})::int * 12 + EXTRACT(MONTH FROM {t})::int) - %(jan)s)
END"""


def _jumlah_outstanding_bulanan(ids: list[int], per: date) -> dict[int, int]:
    """Sum over the month ends January..per of each LKM's outstanding, without evaluating each month end:
    sum of pokok lent x f(disbursed) - pokok repaid x f(paid), a written-off loan counting until its write-off
    (f(lent) - f(written off)). Loans repaid or written off before January add nothing and are skipped."""
    f_cair = _BULAN_SETELAH.format(t="p.tanggal_cair")
    f_hapus = _BULAN_SETELAH.format(t="hb.tanggal")
    f_bayar = _BULAN_SETELAH.format(t="r.tanggal")
    sql = f"""
    WITH p AS (
        SELECT p.id, p.lkm_id, p.pokok, p.tanggal_cair, hb.tanggal AS tanggal_hapus,
               ({f_cair}) - ({f_hapus}) AS bobot_cair
          FROM pinjaman_pinjaman p LEFT JOIN pinjaman_hapusbuku hb ON hb.pinjaman_id = p.id
         WHERE p.lkm_id = ANY(%(lkm)s) AND p.status IN ('dicairkan', 'lunas', 'dihapusbukukan')
           AND p.tanggal_cair <= %(per)s
           AND (p.tanggal_lunas IS NULL OR p.tanggal_lunas >= %(awal)s)
           AND (hb.tanggal IS NULL OR hb.tanggal >= %(awal)s)
    ), bayar AS (
        SELECT p.lkm_id, SUM(r.pokok * (({f_bayar}) - ({_BULAN_SETELAH.format(t="p.tanggal_hapus")}))) AS s
          FROM pinjaman_rincianpembayaran r JOIN p ON p.id = r.pinjaman_id
         WHERE r.tanggal <= %(per)s
         GROUP BY p.lkm_id
    ), cair AS (
        SELECT lkm_id, SUM(pokok * bobot_cair) AS s FROM p GROUP BY lkm_id
    )
    SELECT cair.lkm_id, cair.s - COALESCE(bayar.s, 0) FROM cair LEFT JOIN bayar ON bayar.lkm_id = cair.lkm_id
    """
    with connection.cursor() as cur:
        cur.execute(
            sql,
            {"lkm": ids, "per": per, "n": per.month, "jan": per.year * 12 + 1, "awal": date(per.year, 1, 1)},
        )
        return {int(r[0]): int(r[1]) for r in cur.fetchall()}


def _lrr(ids: list[int], per: date) -> dict[int, tuple[int, int]]:
    """(pokok due, pokok paid against it) since lending began, per LKM."""
    sql = """
    WITH p AS (
        SELECT id, lkm_id, versi_jadwal FROM pinjaman_pinjaman
         WHERE lkm_id = ANY(%(lkm)s) AND status IN ('dicairkan', 'lunas', 'dihapusbukukan')
           AND tanggal_cair <= %(per)s
    ), bayar AS (
        SELECT r.angsuran_id, SUM(r.pokok) AS s
          FROM pinjaman_rincianpembayaran r JOIN p ON p.id = r.pinjaman_id
         WHERE r.tanggal <= %(per)s
         GROUP BY r.angsuran_id
    )
    SELECT p.lkm_id,
           COALESCE(SUM(ang.pokok)
                    FILTER (WHERE ang.versi = p.versi_jadwal AND ang.jatuh_tempo <= %(per)s), 0)
         + COALESCE(SUM(b.s) FILTER (WHERE ang.versi < p.versi_jadwal), 0),
           COALESCE(SUM(LEAST(ang.pokok, GREATEST(b.s, 0)))
                    FILTER (WHERE ang.versi = p.versi_jadwal AND ang.jatuh_tempo <= %(per)s), 0)
         + COALESCE(SUM(b.s) FILTER (WHERE ang.versi < p.versi_jadwal), 0)
      FROM pinjaman_angsuran ang JOIN p ON p.id = ang.pinjaman_id
      LEFT JOIN bayar b ON b.angsuran_id = ang.id
     GROUP BY p.lkm_id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"lkm": ids, "per": per})
        return {int(r[0]): (int(r[1]), int(r[2])) for r in cur.fetchall()}


def _arus_bulan(ids: list[int], awal: date, per: date) -> dict[int, tuple[int, int, int, int]]:
    """(pokok disbursed, loans disbursed, pokok repaid, jasa repaid) in the month, per LKM."""
    sql = """
    WITH cair AS (
        SELECT lkm_id, SUM(pokok) AS pokok, COUNT(*) AS n FROM pinjaman_pinjaman
         WHERE lkm_id = ANY(%(lkm)s) AND status IN ('dicairkan', 'lunas', 'dihapusbukukan')
           AND tanggal_cair BETWEEN %(awal)s AND %(per)s
         GROUP BY lkm_id
    ), bayar AS (
        SELECT lkm_id, SUM(pokok) AS pokok, SUM(jasa) AS jasa FROM pinjaman_pembayaran
         WHERE lkm_id = ANY(%(lkm)s) AND tanggal BETWEEN %(awal)s AND %(per)s
         GROUP BY lkm_id
    )
    SELECT l.id, COALESCE(cair.pokok, 0), COALESCE(cair.n, 0),
           COALESCE(bayar.pokok, 0), COALESCE(bayar.jasa, 0)
      FROM unnest(%(lkm)s::bigint[]) AS l(id)
      LEFT JOIN cair ON cair.lkm_id = l.id LEFT JOIN bayar ON bayar.lkm_id = l.id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"lkm": ids, "awal": awal, "per": per})
        return {int(r[0]): (int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in cur.fetchall()}


def _orang(ids: list[int], per: date) -> dict[int, tuple[int, int]]:
    """(members, women) with an open membership of a KSM of the LKM on `per`."""
    sql = """
    SELECT k.lkm_id, COUNT(DISTINCT ka.anggota_id),
           COUNT(DISTINCT ka.anggota_id) FILTER (WHERE an.jenis_kelamin = 'P')
      FROM ksm_keanggotaan ka JOIN ksm_ksm k ON k.id = ka.ksm_id JOIN ksm_anggota an ON an.id = ka.anggota_id
     WHERE k.lkm_id = ANY(%(lkm)s) AND ka.tanggal_bergabung <= %(per)s
       AND (ka.tanggal_keluar IS NULL OR ka.tanggal_keluar > %(per)s)
     GROUP BY k.lkm_id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"lkm": ids, "per": per})
        return {int(r[0]): (int(r[1]), int(r[2])) for r in cur.fetchall()}


def _peminjam(pinjaman_ids: list[int]) -> dict[int, int]:
    """Borrowers: members with a share in a loan that has a balance, per LKM."""
    if not pinjaman_ids:
        return {}
    sql = """
    SELECT p.lkm_id, COUNT(DISTINCT b.anggota_id)
      FROM pinjaman_bagianpinjaman b JOIN pinjaman_pinjaman p ON p.id = b.pinjaman_id
     WHERE b.pinjaman_id = ANY(%(ids)s)
     GROUP BY p.lkm_id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"ids": pinjaman_ids})
        return {int(r[0]): int(r[1]) for r in cur.fetchall()}


def _ksm_terdaftar(ids: list[int], per: date) -> dict[int, int]:
    """Revolving-loan KSM founded by `per` and active on it (a later status change leaves it counted)."""
    sql = """
    SELECT lkm_id, COUNT(*) FROM ksm_ksm
     WHERE lkm_id = ANY(%(lkm)s) AND jenis = 'pinjaman_bergulir' AND tanggal_berdiri <= %(per)s
       AND (status = 'aktif' OR tanggal_status > %(per)s)
     GROUP BY lkm_id
    """
    with connection.cursor() as cur:
        cur.execute(sql, {"lkm": ids, "per": per})
        return {int(r[0]): int(r[1]) for r in cur.fetchall()}
