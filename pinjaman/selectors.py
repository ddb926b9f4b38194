"""Read queries of loans: unpaid instalments, position as of a date, kolektibilitas; aggregated in SQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet

from kotaku.akses import lkm_milik
from kotaku.buku import akun
from kotaku.selectors import kebijakan_berlaku
from kotaku.uang import bulatkan_rasio
from ksm.kelayakan import FaktaPinjaman, PinjamanBerjalan
from ksm.tahap import DIHAPUSBUKUKAN, LUNAS_DENGAN_TUNGGAKAN, LUNAS_TANPA_TUNGGAKAN
from pinjaman.alokasi import Tagihan, batas_tagih
from pinjaman.kolektibilitas import BATAS_BAKU, bulan_tunggakan, kelas_kolektibilitas
from pinjaman.models import BagianPinjaman, Pinjaman, StatusPinjaman

STATUS_PENGAJUAN_TERBUKA = (StatusPinjaman.DIAJUKAN, StatusPinjaman.DIVERIFIKASI, StatusPinjaman.DISETUJUI)
STATUS_PERNAH_CAIR = (StatusPinjaman.DICAIRKAN, StatusPinjaman.LUNAS, StatusPinjaman.DIHAPUSBUKUKAN)


def akses_pinjaman(user: Any) -> QuerySet[Pinjaman]:
    return Pinjaman.objects.filter(lkm__in=lkm_milik(user))


@dataclass(frozen=True, slots=True)
class AngsuranTerbuka:
    """One instalment of the current schedule, as the allocation needs it (no ORM object: a payment reads
    every instalment of its loan, and hundreds of payments a second are the target)."""

    id: int
    bagian_id: int
    anggota_id: int
    ke: int
    versi: int
    jatuh_tempo: date


_SISA_SQL = """
SELECT a.id, a.bagian_id, b.anggota_id, a.ke, a.versi, a.jatuh_tempo,
       a.pokok - COALESCE(r.pokok, 0), a.jasa - COALESCE(r.jasa, 0)
  FROM pinjaman_angsuran a
  JOIN pinjaman_bagianpinjaman b ON b.id = a.bagian_id
  LEFT JOIN (SELECT angsuran_id, SUM(pokok) AS pokok, SUM(jasa) AS jasa FROM pinjaman_rincianpembayaran
              WHERE pinjaman_id = %s GROUP BY angsuran_id) r ON r.angsuran_id = a.id
 WHERE a.pinjaman_id = %s AND a.versi = %s
 ORDER BY a.jatuh_tempo, a.bagian_id, a.ke
"""


_SEBELUM_BAYAR_SQL = """
SELECT (SELECT id FROM pinjaman_pembayaran WHERE pinjaman_id = %s AND kunci = %s),
       ARRAY(SELECT anggota_id FROM ksm_keanggotaan
              WHERE ksm_id = %s AND tanggal_bergabung <= %s AND (tanggal_keluar IS NULL OR tanggal_keluar >
              %s))
"""


def sebelum_bayar(*, pinjaman: Pinjaman, kunci: str, tanggal: date) -> tuple[int | None, set[int]]:
    """What a payment checks first, in one round trip: the payment already recorded under this key (a
    retry), and the members of the loan's KSM on the payment date (who may pay for whom)."""
    with connection.cursor() as cur:
        cur.execute(_SEBELUM_BAYAR_SQL, [pinjaman.pk, kunci, pinjaman.ksm_id, tanggal, tanggal])
        ada, anggota = cur.fetchone()
    return ada, set(anggota)


def sisa_per_angsuran(*, pinjaman: Pinjaman) -> list[tuple[AngsuranTerbuka, int, int]]:
    """Every current instalment with its unpaid pokok and jasa (all payments so far), in one query."""
    with connection.cursor() as cur:
        cur.execute(_SISA_SQL, [pinjaman.pk, pinjaman.pk, pinjaman.versi_jadwal])
        return [(AngsuranTerbuka(*baris[:6]), int(baris[6]), int(baris[7])) for baris in cur.fetchall()]


@dataclass(frozen=True)
class TagihanAnggota:
    """What one member owes at a meeting (DOMAIN.md §4): `tertunggak` fell due by the meeting date, `berikut`
    is the next instalment falling due within one period after it; `usul` is what the sheet proposes to
    collect:
    the overdue amount when there is one, else the next instalment."""

    tertunggak: int = 0
    berikut: int = 0

    @property
    def total(self) -> int:
        return self.tertunggak + self.berikut

    @property
    def usul(self) -> int:
        return self.tertunggak or self.berikut


def tagihan_lembar(*, pinjaman: Pinjaman, tanggal: date) -> dict[int, TagihanAnggota]:
    """What each member owes at a meeting on `tanggal` (the collection sheet), pokok and jasa."""
    semua, peta = tagihan_dari(sisa_per_angsuran(pinjaman=pinjaman))
    batas = batas_tagih(semua, tanggal=tanggal, frekuensi=pinjaman.frekuensi)
    tagihan: dict[int, TagihanAnggota] = {}
    for t in semua:
        if t.jatuh_tempo > batas:
            continue
        anggota = peta[t.ke].anggota_id
        ada = tagihan.get(anggota, TagihanAnggota())
        if t.jatuh_tempo <= tanggal:
            ada = TagihanAnggota(ada.tertunggak + t.pokok + t.jasa, ada.berikut)
        else:
            ada = TagihanAnggota(ada.tertunggak, ada.berikut + t.pokok + t.jasa)
        tagihan[anggota] = ada
    return tagihan


def tagihan_dari(
    sisa: list[tuple[AngsuranTerbuka, int, int]],
) -> tuple[list[Tagihan], dict[int, AngsuranTerbuka]]:
    """Unpaid instalments as pure `Tagihan`, numbered in order; the map gives each number's Angsuran."""
    tagihan, peta = [], {}
    for nomor, (a, pokok, jasa) in enumerate(sisa, start=1):
        if pokok or jasa:
            tagihan.append(Tagihan(ke=nomor, jatuh_tempo=a.jatuh_tempo, pokok=pokok, jasa=jasa))
            peta[nomor] = a
    return tagihan, peta


@dataclass(frozen=True)
class Posisi:
    pinjaman_id: int
    pokok: int
    sisa_pokok: int
    tunggakan_pokok: int
    tunggakan_jasa: int
    bulan_tunggakan: Decimal
    kolektibilitas: int
    ksm_id: int = 0
    tanggal_cair: date | None = None
    lkm_id: int = 0
    jatuh_tempo_akhir: date | None = None  # the last instalment's due date (current schedule version)


# Position of loans as of %(per)s. Months in arrears divide by the pokok per month of the CURRENT schedule
# version (its pokok over its term), so after a reschedule 4 missed new instalments read as 4 months, not as a
# fraction of the original instalment. What was paid against an earlier version counts as due under it.
# A loan written off later still stands in the books (11030) until the write-off date, so a report as of an
# earlier date shows it; from the write-off date on it is off-balance and out of every position.
POSISI_SQL = """
WITH a AS (
    SELECT p.id AS pinjaman_id, p.ksm_id, p.tanggal_cair, p.pokok,
           COALESCE(ju.jangka_bulan, p.jangka_bulan) AS jangka_bulan,
           COALESCE(SUM(ang.pokok), 0) AS pokok_versi,
           COALESCE(SUM(ang.pokok) FILTER (WHERE ang.jatuh_tempo <= %(per)s), 0) AS pokok_jatuh_tempo,
           COALESCE(SUM(ang.jasa) FILTER (WHERE ang.jatuh_tempo <= %(per)s), 0) AS jasa_jatuh_tempo,
           MAX(ang.jatuh_tempo) AS jatuh_tempo_akhir,
           p.versi_jadwal, p.lkm_id
      FROM pinjaman_pinjaman p
      LEFT JOIN pinjaman_jadwalulang ju ON ju.pinjaman_id = p.id AND ju.versi = p.versi_jadwal
      LEFT JOIN pinjaman_angsuran ang ON ang.pinjaman_id = p.id AND ang.versi = p.versi_jadwal
     WHERE {filter} AND p.status IN ('dicairkan', 'lunas', 'dihapusbukukan') AND p.tanggal_cair <= %(per)s
       AND (p.tanggal_lunas IS NULL OR p.tanggal_lunas > %(per)s)
       AND NOT EXISTS (SELECT 1 FROM pinjaman_hapusbuku hb
                        WHERE hb.pinjaman_id = p.id AND hb.tanggal <= %(per)s)
     GROUP BY p.id, ju.jangka_bulan
), r AS (
    SELECT r.pinjaman_id, SUM(r.pokok) AS pokok_dibayar, SUM(r.jasa) AS jasa_dibayar,
           COALESCE(SUM(r.pokok) FILTER (WHERE r.versi < a.versi_jadwal), 0) AS pokok_lama,
           COALESCE(SUM(r.jasa) FILTER (WHERE r.versi < a.versi_jadwal), 0) AS jasa_lama
      FROM pinjaman_rincianpembayaran r JOIN a ON a.pinjaman_id = r.pinjaman_id
     WHERE r.tanggal <= %(per)s
     GROUP BY r.pinjaman_id
)
SELECT a.pinjaman_id, a.ksm_id, a.lkm_id, a.tanggal_cair, a.jatuh_tempo_akhir, a.pokok, a.pokok_versi,
       a.jangka_bulan,
       a.pokok_jatuh_tempo + COALESCE(r.pokok_lama, 0), a.jasa_jatuh_tempo + COALESCE(r.jasa_lama, 0),
       COALESCE(r.pokok_dibayar, 0), COALESCE(r.jasa_dibayar, 0)
  FROM a LEFT JOIN r ON r.pinjaman_id = a.pinjaman_id
"""

Batas = tuple[Decimal, Decimal, Decimal]


def _posisi_dari(baris: tuple[Any, ...], batas: Batas) -> Posisi:
    pid, ksm_id, lkm_id, tanggal_cair, jatuh_tempo_akhir, *angka = baris
    pokok, pokok_versi, jangka, pokok_jt, jasa_jt, pokok_bayar, jasa_bayar = (int(x) for x in angka)
    bulan = bulan_tunggakan(
        pokok_seharusnya=pokok_jt, pokok_dibayar=pokok_bayar, pokok_per_bulan=max(1, pokok_versi // jangka)
    )
    return Posisi(
        pinjaman_id=int(pid),
        pokok=pokok,
        sisa_pokok=pokok - pokok_bayar,
        tunggakan_pokok=max(0, pokok_jt - pokok_bayar),
        tunggakan_jasa=max(0, jasa_jt - jasa_bayar),
        bulan_tunggakan=bulan,
        kolektibilitas=kelas_kolektibilitas(bulan, batas=batas),
        ksm_id=int(ksm_id),
        tanggal_cair=tanggal_cair,
        lkm_id=int(lkm_id),
        jatuh_tempo_akhir=jatuh_tempo_akhir,
    )


def posisi_pinjaman(*, pinjaman: Pinjaman, per: date) -> Posisi | None:
    """Outstanding, arrears and kolektibilitas of one loan as of `per` (None before disbursement)."""
    batas = kebijakan_berlaku(lkm=pinjaman.lkm, tanggal=per).batas_kolektibilitas
    with connection.cursor() as cur:
        cur.execute(POSISI_SQL.format(filter="p.id = %(id)s"), {"per": per, "id": pinjaman.pk})
        baris = cur.fetchone()
    return _posisi_dari(baris, batas) if baris else None


def posisi_lkm(*, lkm_id: int, per: date, batas: Batas) -> list[Posisi]:
    """The same for every disbursed loan of an LKM, in one SQL statement."""
    with connection.cursor() as cur:
        cur.execute(POSISI_SQL.format(filter="p.lkm_id = %(lkm)s"), {"per": per, "lkm": lkm_id})
        return [_posisi_dari(b, batas) for b in cur.fetchall()]


def posisi_banyak_lkm(*, lkm_ids: Iterable[int], per: date, batas: Mapping[int, Batas]) -> list[Posisi]:
    """Every disbursed loan of many LKMs (a kecamatan, a kabupaten) in one SQL statement; `batas` gives each
    LKM's kolektibilitas bounds (its policy on `per`)."""
    ids = list(lkm_ids)
    if not ids:
        return []
    with connection.cursor() as cur:
        cur.execute(POSISI_SQL.format(filter="p.lkm_id = ANY(%(lkm)s)"), {"per": per, "lkm": ids})
        return [_posisi_dari(b, batas[int(b[2])]) for b in cur.fetchall()]


def pinjaman_berjalan_ksm(*, ksm_id: int, per: date, kecuali: int | None = None) -> list[Posisi]:
    """The KSM's loans running on `per` (disbursed by then, not repaid or written off by then), one query."""
    with connection.cursor() as cur:
        cur.execute(
            POSISI_SQL.format(filter="p.ksm_id = %(ksm)s AND p.id <> %(kecuali)s"),
            {"per": per, "ksm": ksm_id, "kecuali": kecuali or 0},
        )
        return [_posisi_dari(b, BATAS_BAKU) for b in cur.fetchall()]


@dataclass(frozen=True)
class PinjamanKsm:
    """One loan of a KSM for its page: the loan, its position today (None unless disbursed and not repaid
    or written off) and its next instalment (date and the KSM's total pokok + jasa; None if none left)."""

    pinjaman: Pinjaman
    posisi: Posisi | None
    angsuran_berikut: tuple[date, int] | None


def pinjaman_ksm(*, ksm: Any, per: date) -> list[PinjamanKsm]:
    """Every loan of a KSM, newest first, with its position and next instalment as of `per`: four queries."""
    pinjaman = list(Pinjaman.objects.filter(ksm=ksm).order_by("-tanggal_pengajuan", "-pk"))
    batas = kebijakan_berlaku(lkm=ksm.lkm, tanggal=per).batas_kolektibilitas
    with connection.cursor() as cur:
        cur.execute(POSISI_SQL.format(filter="p.ksm_id = %(ksm)s"), {"per": per, "ksm": ksm.pk})
        posisi = {p.pinjaman_id: p for p in (_posisi_dari(b, batas) for b in cur.fetchall())}
        cur.execute(
            """
            SELECT DISTINCT ON (a.pinjaman_id) a.pinjaman_id, a.jatuh_tempo, SUM(a.pokok + a.jasa)
              FROM pinjaman_angsuran a
              JOIN pinjaman_pinjaman p ON p.id = a.pinjaman_id AND a.versi = p.versi_jadwal
             WHERE p.ksm_id = %(ksm)s AND p.status = 'dicairkan' AND a.jatuh_tempo > %(per)s
             GROUP BY a.pinjaman_id, a.jatuh_tempo
             ORDER BY a.pinjaman_id, a.jatuh_tempo
            """,
            {"ksm": ksm.pk, "per": per},
        )
        berikut = {int(r[0]): (r[1], int(r[2])) for r in cur.fetchall()}
    return [PinjamanKsm(p, posisi.get(p.pk), berikut.get(p.pk)) for p in pinjaman]


BULAN_BERISIKO = Decimal(3)
"""LAR, PAR and RR count loans at least 3 months in arrears (DOMAIN.md §6): fixed, whatever the Kol bounds."""


@dataclass(frozen=True)
class RingkasanPosisi:
    """Loans with a balance, summed: the figures LU-02, the indicators and the snapshots share.

    A KSM is active when one of its loans has a balance; it is in arrears (LAR) when any of them is at least
    `BULAN_BERISIKO` months behind. Per class (1..5): number of loans, outstanding and pokok in arrears."""

    ksm_aktif: int
    ksm_menunggak: int
    outstanding: int
    outstanding_berisiko: int
    tunggakan_berisiko: int
    jumlah_pinjaman: Mapping[int, int]
    sisa_pokok: Mapping[int, int]
    tunggakan_pokok: Mapping[int, int]


def ringkas_posisi(posisi: Iterable[Posisi]) -> RingkasanPosisi:
    """Sum the positions of loans with a balance (repaid ones are left out)."""
    ksm_aktif: set[int] = set()
    ksm_menunggak: set[int] = set()
    outstanding = berisiko = tunggak_berisiko = 0
    jumlah = dict.fromkeys(range(1, 6), 0)
    sisa = dict.fromkeys(range(1, 6), 0)
    tunggak = dict.fromkeys(range(1, 6), 0)
    for p in posisi:
        if p.sisa_pokok <= 0:
            continue
        ksm_aktif.add(p.ksm_id)
        outstanding += p.sisa_pokok
        jumlah[p.kolektibilitas] += 1
        sisa[p.kolektibilitas] += p.sisa_pokok
        tunggak[p.kolektibilitas] += p.tunggakan_pokok
        if p.bulan_tunggakan >= BULAN_BERISIKO:
            ksm_menunggak.add(p.ksm_id)
            berisiko += p.sisa_pokok
            tunggak_berisiko += p.tunggakan_pokok
    return RingkasanPosisi(
        len(ksm_aktif), len(ksm_menunggak), outstanding, berisiko, tunggak_berisiko, jumlah, sisa, tunggak
    )


# ---- repayment facts of many KSM at once (maturity indicator 6) -----------------------------------------

# Disbursed loans of the KSMs and when each ended: repaid (tanggal_lunas) or written off (the write-off's
# date). A loan runs on `per` when it was disbursed by then and had not ended (written off later: it ran).
_PINJAMAN_KSM_CTE = """
WITH p AS (
    SELECT p.id, p.ksm_id, p.lkm_id, COALESCE(ju.jangka_bulan, p.jangka_bulan) AS jangka_bulan,
    p.versi_jadwal,
           COALESCE(hb.tanggal, CASE WHEN p.status = 'lunas' THEN p.tanggal_lunas END) AS tanggal_akhir,
           hb.id IS NOT NULL AS dihapus
      FROM pinjaman_pinjaman p
      LEFT JOIN pinjaman_hapusbuku hb ON hb.pinjaman_id = p.id
      LEFT JOIN pinjaman_jadwalulang ju ON ju.pinjaman_id = p.id AND ju.versi = p.versi_jadwal
     WHERE p.ksm_id = ANY(%(ksm)s) AND p.status IN ('dicairkan', 'lunas', 'dihapusbukukan')
       AND p.tanggal_cair <= %(per)s
)"""

# Running loans on `per`: pokok due (POSISI_SQL's rule: paid against an older schedule version counts as due)
# and pokok repaid, for months in arrears; the pokok per month is the current schedule version's, as in
# POSISI_SQL, so LU-02 and indicator 6 never disagree after a reschedule.
_BERJALAN_SQL = (
    _PINJAMAN_KSM_CTE
    + """
SELECT p.ksm_id, p.lkm_id,
       COALESCE((SELECT SUM(a.pokok) FROM pinjaman_angsuran a
                  WHERE a.pinjaman_id = p.id AND a.versi = p.versi_jadwal), 0),
       p.jangka_bulan,
       COALESCE((SELECT SUM(a.pokok) FROM pinjaman_angsuran a
                  WHERE a.pinjaman_id = p.id AND a.versi = p.versi_jadwal AND a.jatuh_tempo <= %(per)s), 0)
     + COALESCE((SELECT SUM(r.pokok) FROM pinjaman_rincianpembayaran r
                  WHERE r.pinjaman_id = p.id AND r.versi < p.versi_jadwal AND r.tanggal <= %(per)s), 0),
       COALESCE((SELECT SUM(r.pokok) FROM pinjaman_rincianpembayaran r
                  WHERE r.pinjaman_id = p.id AND r.tanggal <= %(per)s), 0)
  FROM p
 WHERE p.tanggal_akhir IS NULL OR p.tanggal_akhir > %(per)s
"""
)

# The last loan of each KSM that ended on or before `per`, and whether it was ever in arrears: rescheduled,
# or at some date the pokok due by then (its schedule) exceeded the pokok repaid by then. Due and repaid pokok
# are summed as running totals over one time line of due dates and payment dates per loan (arrears can only
# start on a due date, so looking at every date of the line is the same as looking at the due dates).
_AKHIR_SQL = (
    _PINJAMAN_KSM_CTE
    + """, akhir AS (
    SELECT DISTINCT ON (p.ksm_id) p.* FROM p
     WHERE p.tanggal_akhir <= %(per)s
     ORDER BY p.ksm_id, p.tanggal_akhir DESC, p.id DESC
), garis AS (
    SELECT a.pinjaman_id, a.jatuh_tempo AS tanggal, a.pokok AS jatuh_tempo, 0 AS dibayar
      FROM pinjaman_angsuran a JOIN akhir ON akhir.id = a.pinjaman_id AND a.versi = akhir.versi_jadwal
    UNION ALL
    SELECT r.pinjaman_id, r.tanggal, 0, r.pokok
      FROM pinjaman_rincianpembayaran r JOIN akhir ON akhir.id = r.pinjaman_id
), berjalan AS (
    SELECT pinjaman_id,
           SUM(SUM(jatuh_tempo)) OVER w > SUM(SUM(dibayar)) OVER w AS menunggak
      FROM garis
     GROUP BY pinjaman_id, tanggal
    WINDOW w AS (PARTITION BY pinjaman_id ORDER BY tanggal)
), pernah AS (
    SELECT pinjaman_id, bool_or(menunggak) AS menunggak FROM berjalan GROUP BY pinjaman_id
)
SELECT akhir.ksm_id, akhir.dihapus, akhir.versi_jadwal > 1 OR COALESCE(pernah.menunggak, false)
  FROM akhir LEFT JOIN pernah ON pernah.pinjaman_id = akhir.id
"""
)


@dataclass(frozen=True)
class PinjamanUntukTahap:
    """Indicator 6's facts of one KSM on a date (see `ksm.tahap.FaktaTahap`)."""

    kolektibilitas_terburuk: int | None = None
    akhir_pinjaman_terakhir: str | None = None


def pinjaman_untuk_tahap(
    *,
    ksm_ids: Sequence[int],
    per: date,
    batas_per_lkm: Mapping[int, tuple[Decimal, Decimal, Decimal]],
) -> dict[int, PinjamanUntukTahap]:
    """For many KSMs in two queries: the worst kolektibilitas of the loans running on `per` (each LKM's class
    bounds, the default where none is given) and how the last loan that ended by `per` ended. KSMs with
    neither are left out."""
    terburuk: dict[int, int] = {}
    akhir: dict[int, str] = {}
    with connection.cursor() as cur:
        cur.execute(_BERJALAN_SQL, {"ksm": list(ksm_ids), "per": per})
        for ksm_id, lkm_id, pokok, jangka, pokok_jt, pokok_bayar in cur.fetchall():
            bulan = bulan_tunggakan(
                pokok_seharusnya=int(pokok_jt),
                pokok_dibayar=int(pokok_bayar),
                pokok_per_bulan=max(1, int(pokok) // jangka),
            )
            kelas = kelas_kolektibilitas(bulan, batas=batas_per_lkm.get(lkm_id, BATAS_BAKU))
            terburuk[ksm_id] = max(kelas, terburuk.get(ksm_id, 1))
        cur.execute(_AKHIR_SQL, {"ksm": list(ksm_ids), "per": per})
        for ksm_id, dihapus, pernah_menunggak in cur.fetchall():
            akhir[ksm_id] = (
                DIHAPUSBUKUKAN
                if dihapus
                else LUNAS_DENGAN_TUNGGAKAN
                if pernah_menunggak
                else LUNAS_TANPA_TUNGGAKAN
            )
    return {k: PinjamanUntukTahap(terburuk.get(k), akhir.get(k)) for k in terburuk.keys() | akhir.keys()}


@dataclass
class KelasKolektibilitas:
    kelas: int
    nama: str
    jumlah_pinjaman: int
    sisa_pokok: int
    tunggakan_pokok: int
    bobot_persen: Decimal
    cadangan: int


@dataclass
class LaporanKolektibilitas:
    per: date
    kelas: list[KelasKolektibilitas]
    lar: Decimal
    par: Decimal
    cadangan_wajib: int
    cadangan_tercatat: int
    ksm_aktif: int = 0
    ksm_menunggak: int = 0

    @property
    def total_sisa_pokok(self) -> int:
        return sum(k.sisa_pokok for k in self.kelas)

    @property
    def total_pinjaman(self) -> int:
        return sum(k.jumlah_pinjaman for k in self.kelas)

    @property
    def selisih_cadangan(self) -> int:
        """Required minus booked reserve: what the month-end true-up still has to book (negative: release)."""
        return self.cadangan_wajib - self.cadangan_tercatat

    @property
    def selisih_cadangan_mutlak(self) -> int:
        return abs(self.selisih_cadangan)


def laporan_kolektibilitas(*, lkm: Any, per: date) -> LaporanKolektibilitas:
    """LU-02: outstanding by class, LAR (KSMs), PAR and the required reserve (policy weights; 0,5% is 0.005).

    LAR and PAR come from `ringkas_posisi` and are rounded by `kotaku.uang.bulatkan_rasio`, exactly as the
    indicators (laporan.indikator) do, so LU-02 and the dashboard never show two figures for one thing."""
    from kotaku.buku.selectors import saldo_akun
    from pinjaman.kolektibilitas import NAMA_KOLEKTIBILITAS, cadangan_wajib

    kebijakan = kebijakan_berlaku(lkm=lkm, tanggal=per)
    ringkas = ringkas_posisi(posisi_lkm(lkm_id=lkm.pk, per=per, batas=kebijakan.batas_kolektibilitas))
    bobot = kebijakan.bobot_cadangan
    kelas = [
        KelasKolektibilitas(
            k,
            NAMA_KOLEKTIBILITAS[k],
            ringkas.jumlah_pinjaman[k],
            ringkas.sisa_pokok[k],
            ringkas.tunggakan_pokok[k],
            bobot[k],
            cadangan_wajib({k: ringkas.sisa_pokok[k]}, bobot),
        )
        for k in range(1, 6)
    ]
    lar = Fraction(ringkas.ksm_menunggak, ringkas.ksm_aktif) if ringkas.ksm_aktif else Fraction(0)
    par = Fraction(ringkas.outstanding_berisiko, ringkas.outstanding) if ringkas.outstanding else Fraction(0)
    tercatat = saldo_akun(lkm=lkm, kode=akun.CADANGAN_RISIKO, per=per)
    return LaporanKolektibilitas(
        per,
        kelas,
        bulatkan_rasio(lar),
        bulatkan_rasio(par),
        cadangan_wajib(dict(ringkas.sisa_pokok), bobot),
        tercatat,
        ringkas.ksm_aktif,
        ringkas.ksm_menunggak,
    )


def register_pinjaman(*, lkm: Any, per: date) -> list[dict[str, Any]]:
    """LU-04: every disbursed loan of the LKM with its position as of `per` (two queries)."""
    kebijakan = kebijakan_berlaku(lkm=lkm, tanggal=per)
    posisi = {
        p.pinjaman_id: p for p in posisi_lkm(lkm_id=lkm.pk, per=per, batas=kebijakan.batas_kolektibilitas)
    }
    pinjaman = (
        Pinjaman.objects.filter(pk__in=posisi.keys())
        .select_related("ksm__desa")
        .order_by("tanggal_cair", "pk")
    )
    return [{"p": p, "posisi": posisi[p.pk]} for p in pinjaman]


@dataclass
class Perkembangan:
    tahun: int
    bulan: int
    realisasi_lalu: int
    realisasi_ini: int
    pokok_lalu: int
    pokok_ini: int
    jasa_lalu: int
    jasa_ini: int

    @property
    def realisasi_sd(self) -> int:
        return self.realisasi_lalu + self.realisasi_ini

    @property
    def pokok_sd(self) -> int:
        return self.pokok_lalu + self.pokok_ini

    @property
    def jasa_sd(self) -> int:
        return self.jasa_lalu + self.jasa_ini

    @property
    def saldo(self) -> int:
        return self.realisasi_sd - self.pokok_sd


def perkembangan_pinjaman(*, lkm: Any, tahun: int, bulan: int) -> Perkembangan:
    """Laporan Perkembangan Pinjaman: realised and repaid up to last month / this month / up to this month."""
    from kotaku.tanggal import akhir_bulan

    awal = date(tahun, bulan, 1)
    akhir = akhir_bulan(awal)
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT COALESCE(SUM(pokok) FILTER (WHERE tanggal_cair < %(awal)s), 0),
                   COALESCE(SUM(pokok) FILTER (WHERE tanggal_cair BETWEEN %(awal)s AND %(akhir)s), 0)
              FROM pinjaman_pinjaman
             WHERE lkm_id = %(lkm)s AND tanggal_cair IS NOT NULL AND status <> 'dihapusbukukan'
            """,
            {"awal": awal, "akhir": akhir, "lkm": lkm.pk},
        )
        realisasi = cur.fetchone()
        cur.execute(
            """
            SELECT COALESCE(SUM(r.pokok) FILTER (WHERE r.tanggal < %(awal)s), 0),
                   COALESCE(SUM(r.pokok) FILTER (WHERE r.tanggal BETWEEN %(awal)s AND %(akhir)s), 0),
                   COALESCE(SUM(r.jasa) FILTER (WHERE r.tanggal < %(awal)s), 0),
                   COALESCE(SUM(r.jasa) FILTER (WHERE r.tanggal BETWEEN %(awal)s AND %(akhir)s), 0)
              FROM pinjaman_rincianpembayaran r JOIN pinjaman_pinjaman p ON p.id = r.pinjaman_id
             WHERE p.lkm_id = %(lkm)s AND p.status <> 'dihapusbukukan'
            """,
            {"awal": awal, "akhir": akhir, "lkm": lkm.pk},
        )
        bayar = cur.fetchone()
    return Perkembangan(tahun, bulan, int(realisasi[0]), int(realisasi[1]), *(int(x) for x in bayar))


def fakta_pinjaman_ksm(ksm_ids: Sequence[int], per: date) -> dict[int, FaktaPinjaman]:
    """The loan facts the eligibility rules need (`ksm.kelayakan`) as of `per`, for many KSM in four queries:
    loans running on `per` (disbursed by then, not repaid or written off by then) with their arrears, open
    applications (today's), whether a loan was disbursed by `per`, and members who on `per` borrowed in
    another KSM's running loan."""
    ids = list(ksm_ids)
    berjalan: dict[int, list[PinjamanBerjalan]] = defaultdict(list)
    with connection.cursor() as cur:
        cur.execute(POSISI_SQL.format(filter="p.ksm_id = ANY(%(ksm)s)"), {"per": per, "ksm": ids})
        for baris in cur.fetchall():
            # Arrears only: the kolektibilitas class (policy bounds) is not what these rules look at.
            p = _posisi_dari(baris, BATAS_BAKU)
            berjalan[p.ksm_id].append(
                PinjamanBerjalan(
                    p.pinjaman_id,
                    p.tanggal_cair or per,
                    p.tunggakan_pokok,
                    p.tunggakan_jasa,
                    p.jatuh_tempo_akhir,
                )
            )
    terbuka: dict[int, list[int]] = defaultdict(list)
    for pid, ksm_id in Pinjaman.objects.filter(
        ksm_id__in=ids, status__in=STATUS_PENGAJUAN_TERBUKA
    ).values_list("pk", "ksm_id"):
        terbuka[ksm_id].append(pid)
    pernah = set(
        Pinjaman.objects.filter(ksm_id__in=ids, status__in=STATUS_PERNAH_CAIR, tanggal_cair__lte=per)
        .values_list("ksm_id", flat=True)
        .distinct()
    )
    lain: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for ksm_id, nama, ksm_lain in (
        BagianPinjaman.objects.filter(
            pinjaman__status__in=STATUS_PERNAH_CAIR,
            pinjaman__tanggal_cair__lte=per,
            anggota__keanggotaan__ksm_id__in=ids,
            anggota__keanggotaan__tanggal_bergabung__lte=per,
        )
        .filter(Q(pinjaman__tanggal_lunas__isnull=True) | Q(pinjaman__tanggal_lunas__gt=per))
        .filter(
            Q(anggota__keanggotaan__tanggal_keluar__isnull=True)
            | Q(anggota__keanggotaan__tanggal_keluar__gt=per)
        )
        .exclude(pinjaman__hapus_buku__tanggal__lte=per)
        .exclude(pinjaman__ksm_id=F("anggota__keanggotaan__ksm_id"))
        .values_list("anggota__keanggotaan__ksm_id", "anggota__nama", "pinjaman__ksm__nama")
    ):
        lain[ksm_id].append((nama, ksm_lain))
    return {
        k: FaktaPinjaman(
            berjalan=tuple(sorted(berjalan[k], key=lambda x: x.id)),
            pengajuan_terbuka=tuple(sorted(terbuka[k])),
            pernah_cair=k in pernah,
            anggota_di_pinjaman_lain=tuple(sorted(lain[k])),
            per=per,
        )
        for k in ids
    }
