"""Read queries of loans: unpaid instalments, position as of a date, kolektibilitas; aggregated in SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from kotaku.akses import lkm_milik
from kotaku.buku import akun
from kotaku.selectors import kebijakan_berlaku
from ksm.tahap import DIHAPUSBUKUKAN, LUNAS_DENGAN_TUNGGAKAN, LUNAS_TANPA_TUNGGAKAN
from pinjaman.alokasi import Tagihan
from pinjaman.kolektibilitas import BATAS_BAKU, bulan_tunggakan, kelas_kolektibilitas
from pinjaman.models import Angsuran, Pinjaman


def akses_pinjaman(user: Any) -> QuerySet[Pinjaman]:
    return Pinjaman.objects.filter(lkm__in=lkm_milik(user))


def sisa_per_angsuran(*, pinjaman: Pinjaman) -> list[tuple[Angsuran, int, int]]:
    """Every current instalment with its unpaid pokok and jasa (all payments so far), in one query."""
    qs = (
        Angsuran.objects.filter(pinjaman=pinjaman, versi=pinjaman.versi_jadwal)
        .select_related("bagian")
        .extra(  # noqa: S610 - a correlated sum, no user input
            select={
                "dibayar_pokok": "SELECT COALESCE(SUM(r.pokok), 0) FROM pinjaman_rincianpembayaran r "
                "WHERE r.angsuran_id = pinjaman_angsuran.id",
                "dibayar_jasa": "SELECT COALESCE(SUM(r.jasa), 0) FROM pinjaman_rincianpembayaran r "
                "WHERE r.angsuran_id = pinjaman_angsuran.id",
            }
        )
        .order_by("jatuh_tempo", "bagian_id", "ke")
    )
    return [(a, a.pokok - int(a.dibayar_pokok), a.jasa - int(a.dibayar_jasa)) for a in qs]


def tagihan_lembar(*, pinjaman: Pinjaman, tanggal: date) -> dict[int, int]:
    """What each member owes at a meeting on `tanggal` (the collection sheet's `tagihan` column)."""
    tagihan: dict[int, int] = {}
    for a, pokok, jasa in sisa_per_angsuran(pinjaman=pinjaman):
        if a.jatuh_tempo <= tanggal:
            anggota = a.bagian.anggota_id
            tagihan[anggota] = tagihan.get(anggota, 0) + pokok + jasa
    return tagihan


def tagihan_dari(sisa: list[tuple[Angsuran, int, int]]) -> tuple[list[Tagihan], dict[int, Angsuran]]:
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


POSISI_SQL = """
WITH a AS (
    SELECT p.id AS pinjaman_id, p.pokok, p.jangka_bulan,
           COALESCE(SUM(ang.pokok) FILTER (WHERE ang.jatuh_tempo <= %(per)s), 0) AS pokok_jatuh_tempo,
           COALESCE(SUM(ang.jasa) FILTER (WHERE ang.jatuh_tempo <= %(per)s), 0) AS jasa_jatuh_tempo,
           p.versi_jadwal
      FROM pinjaman_pinjaman p
      LEFT JOIN pinjaman_angsuran ang ON ang.pinjaman_id = p.id AND ang.versi = p.versi_jadwal
     WHERE {filter} AND p.status IN ('dicairkan', 'lunas') AND p.tanggal_cair <= %(per)s
       AND (p.tanggal_lunas IS NULL OR p.tanggal_lunas > %(per)s)
     GROUP BY p.id
), r AS (
    -- What was paid against an earlier schedule version counts as due (it fell due under that schedule).
    SELECT r.pinjaman_id, SUM(r.pokok) AS pokok_dibayar, SUM(r.jasa) AS jasa_dibayar,
           COALESCE(SUM(r.pokok) FILTER (WHERE r.versi < a.versi_jadwal), 0) AS pokok_lama,
           COALESCE(SUM(r.jasa) FILTER (WHERE r.versi < a.versi_jadwal), 0) AS jasa_lama
      FROM pinjaman_rincianpembayaran r JOIN a ON a.pinjaman_id = r.pinjaman_id
     WHERE r.tanggal <= %(per)s
     GROUP BY r.pinjaman_id
)
SELECT a.pinjaman_id, a.pokok, a.jangka_bulan, a.pokok_jatuh_tempo + COALESCE(r.pokok_lama, 0),
       a.jasa_jatuh_tempo + COALESCE(r.jasa_lama, 0), COALESCE(r.pokok_dibayar, 0), COALESCE(r.jasa_dibayar,
       0)
  FROM a LEFT JOIN r ON r.pinjaman_id = a.pinjaman_id
"""


def _posisi_dari(baris: tuple[Any, ...], batas: tuple[Decimal, Decimal, Decimal]) -> Posisi:
    pid, pokok, jangka, pokok_jt, jasa_jt, pokok_bayar, jasa_bayar = (int(x) for x in baris)
    tunggak_pokok = max(0, pokok_jt - pokok_bayar)
    bulan = bulan_tunggakan(
        pokok_seharusnya=pokok_jt, pokok_dibayar=pokok_bayar, pokok_per_bulan=max(1, pokok // jangka)
    )
    return Posisi(
        pid,
        pokok,
        pokok - pokok_bayar,
        tunggak_pokok,
        max(0, jasa_jt - jasa_bayar),
        bulan,
        kelas_kolektibilitas(bulan, batas=batas),
    )


def posisi_pinjaman(*, pinjaman: Pinjaman, per: date) -> Posisi | None:
    """Outstanding, arrears and kolektibilitas of one loan as of `per` (None before disbursement)."""
    batas = kebijakan_berlaku(lkm=pinjaman.lkm, tanggal=per).batas_kolektibilitas
    with connection.cursor() as cur:
        cur.execute(POSISI_SQL.format(filter="p.id = %(id)s"), {"per": per, "id": pinjaman.pk})
        baris = cur.fetchone()
    return _posisi_dari(baris, batas) if baris else None


def posisi_lkm(*, lkm_id: int, per: date, batas: tuple[Decimal, Decimal, Decimal]) -> list[Posisi]:
    """The same for every disbursed loan of an LKM, in one SQL statement."""
    with connection.cursor() as cur:
        cur.execute(POSISI_SQL.format(filter="p.lkm_id = %(lkm)s"), {"per": per, "lkm": lkm_id})
        return [_posisi_dari(b, batas) for b in cur.fetchall()]


# ---- repayment facts of many KSM at once (maturity indicator 6) -----------------------------------------

# Disbursed loans of the KSMs and when each ended: repaid (tanggal_lunas) or written off (the write-off's
# date). A loan runs on `per` when it was disbursed by then and had not ended (written off later: it ran).
_PINJAMAN_KSM_CTE = """
WITH p AS (
    SELECT p.id, p.ksm_id, p.lkm_id, p.pokok, p.jangka_bulan, p.versi_jadwal,
           COALESCE(hb.tanggal, CASE WHEN p.status = 'lunas' THEN p.tanggal_lunas END) AS tanggal_akhir,
           hb.id IS NOT NULL AS dihapus
      FROM pinjaman_pinjaman p
      LEFT JOIN pinjaman_hapusbuku hb ON hb.pinjaman_id = p.id
     WHERE p.ksm_id = ANY(%(ksm)s) AND p.status IN ('dicairkan', 'lunas', 'dihapusbukukan')
       AND p.tanggal_cair <= %(per)s
)"""

# Running loans on `per`: pokok due (POSISI_SQL's rule: paid against an older schedule version counts as due)
# and pokok repaid, for months in arrears.
_BERJALAN_SQL = (
    _PINJAMAN_KSM_CTE
    + """
SELECT p.ksm_id, p.lkm_id, p.pokok, p.jangka_bulan,
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

    @property
    def total_sisa_pokok(self) -> int:
        return sum(k.sisa_pokok for k in self.kelas)

    @property
    def total_pinjaman(self) -> int:
        return sum(k.jumlah_pinjaman for k in self.kelas)


def laporan_kolektibilitas(*, lkm: Any, per: date) -> LaporanKolektibilitas:
    """LU-02: outstanding by class, LAR, PAR and the required reserve (policy weights; 0,5% is 0.005)."""
    from kotaku.buku.selectors import saldo_akun
    from pinjaman.kolektibilitas import NAMA_KOLEKTIBILITAS, cadangan_wajib

    kebijakan = kebijakan_berlaku(lkm=lkm, tanggal=per)
    posisi = [
        p
        for p in posisi_lkm(lkm_id=lkm.pk, per=per, batas=kebijakan.batas_kolektibilitas)
        if p.sisa_pokok > 0
    ]
    saldo = {k: 0 for k in range(1, 6)}
    jumlah = {k: 0 for k in range(1, 6)}
    tunggak = {k: 0 for k in range(1, 6)}
    for p in posisi:
        saldo[p.kolektibilitas] += p.sisa_pokok
        jumlah[p.kolektibilitas] += 1
        tunggak[p.kolektibilitas] += p.tunggakan_pokok
    bobot = kebijakan.bobot_cadangan
    kelas = [
        KelasKolektibilitas(
            k,
            NAMA_KOLEKTIBILITAS[k],
            jumlah[k],
            saldo[k],
            tunggak[k],
            bobot[k],
            cadangan_wajib({k: saldo[k]}, bobot),
        )
        for k in range(1, 6)
    ]
    batas_lar = Decimal(3)
    berisiko = [p for p in posisi if p.bulan_tunggakan >= batas_lar]
    total = sum(saldo.values())
    ksm_aktif = len({p.pinjaman_id for p in posisi})
    lar = Decimal(len(berisiko)) / ksm_aktif if ksm_aktif else Decimal(0)
    par = Decimal(sum(p.sisa_pokok for p in berisiko)) / total if total else Decimal(0)
    try:
        tercatat = saldo_akun(lkm=lkm, kode=akun.CADANGAN_RISIKO, per=per)
    except Exception:  # noqa: BLE001 - an LKM without accounts yet has no reserve booked
        tercatat = 0
    return LaporanKolektibilitas(
        per,
        kelas,
        lar.quantize(Decimal("0.0001")),
        par.quantize(Decimal("0.0001")),
        cadangan_wajib(saldo, bobot),
        tercatat,
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
