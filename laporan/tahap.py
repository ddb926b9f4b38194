"""KSM maturity from the records: the facts of many KSM at once, the proposals, the due list, stage counts.

`ksm.tahap` holds the pure rules; this module gathers what they look at (DOMAIN.md §3). It lives on floor 4
because indicator 6 reads loans (`pinjaman`). Everything here works for a whole kecamatan (or kabupaten) in a
constant number of queries, whatever the number of KSM:

`fakta_tahap_banyak(ksm, per)` -> 8 queries: the KSM rows, the policy in force per LKM, the window's meetings
(with the members active on each meeting's date and who of them came), the window's savings months with net
deposits > 0, the last book check, the partner activities of 12 months, and two for loans
(`pinjaman.selectors.pinjaman_untuk_tahap`).

Decisions taken here, where the domain text is silent:
- The window is the default 6 calendar months (`ksm.tahap.BULAN_JENDELA_BAKU`): the LKM policy holds the stage
  thresholds, not (yet) the window length.
- A member present at a meeting counts only if he or she was a member on that date; an agenda or a critical
  issue counts when its text is not blank.
- The written rules date is the latest of "agreed" and "last reviewed" on or before the date; a KSM with no
  agreed date has no written rules.
- A group account is a `nomor_rekening`; without one, its signatories count 0.
- The account, its signatories and the rules dates are the KSM's current record (the registry keeps no dated
  history of them), so a proposal for a past date reads them as they are now, within the date rules above.
- "Due for assessment": an active KSM with no assessment in the last 6 months, or whose proposal today is of
  another stage than the proposal at its last assessment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet

from kotaku.models import LKM, Kebijakan
from kotaku.tanggal import tambah_bulan
from kotaku.uang import format_persen
from ksm.models import KSM, KegiatanMitra, PemeriksaanBuku, Tahap
from ksm.selectors import dengan_tahap, syarat_ksm_aktif
from ksm.tahap import (
    BULAN_JENDELA_BAKU,
    DIHAPUSBUKUKAN,
    LUNAS_DENGAN_TUNGGAKAN,
    LUNAS_TANPA_TUNGGAKAN,
    URUTAN_TAHAP,
    FaktaPertemuan,
    FaktaTahap,
    HasilTahap,
    awal_dua_belas_bulan,
    jendela,
    nilai_tahap,
)
from ksm.tahap import PemeriksaanBuku as FaktaPemeriksaan
from pinjaman.selectors import pinjaman_untuk_tahap

BULAN_JATUH_TEMPO = 6
"""An assessment older than this many months makes the KSM due again."""

_KOLOM_KSM = (
    "pk",
    "lkm_id",
    "tanggal_aturan_main",
    "tanggal_tinjau_aturan_main",
    "nomor_rekening",
    "penandatangan_1",
    "penandatangan_2",
)

# Members on the meeting's date, and who of them came: someone marked present who was not a member that day
# does not count, so `hadir` never exceeds `aktif`. Hash joins over the window's meetings, the KSMs'
# memberships and the attendance (measured faster than a lookup per meeting at the size of `make bench`).
_PERTEMUAN_SQL = """
WITH p AS (
    SELECT id, ksm_id, tanggal, agenda, perkara_kritis FROM ksm_pertemuan
     WHERE ksm_id = ANY(%(ksm)s) AND tanggal BETWEEN %(awal)s AND %(per)s
), k AS (
    SELECT ksm_id, anggota_id, tanggal_bergabung, tanggal_keluar FROM ksm_keanggotaan
     WHERE ksm_id = ANY(%(ksm)s)
), aktif AS (
    SELECT p.id, COUNT(DISTINCT k.anggota_id) AS n
      FROM p JOIN k ON k.ksm_id = p.ksm_id AND k.tanggal_bergabung <= p.tanggal
                   AND (k.tanggal_keluar IS NULL OR k.tanggal_keluar > p.tanggal)
     GROUP BY p.id
), hadir AS (
    SELECT p.id, COUNT(DISTINCT h.anggota_id) AS n
      FROM p JOIN ksm_kehadiran h ON h.pertemuan_id = p.id AND h.status = 'hadir'
             JOIN k ON k.ksm_id = p.ksm_id AND k.anggota_id = h.anggota_id
                   AND k.tanggal_bergabung <= p.tanggal
                   AND (k.tanggal_keluar IS NULL OR k.tanggal_keluar > p.tanggal)
     GROUP BY p.id
)
SELECT p.ksm_id, p.id, p.tanggal, p.agenda, p.perkara_kritis, COALESCE(aktif.n, 0), COALESCE(hadir.n, 0)
  FROM p LEFT JOIN aktif ON aktif.id = p.id LEFT JOIN hadir ON hadir.id = p.id
 ORDER BY p.ksm_id, p.tanggal
"""

_TABUNGAN_SQL = """
SELECT ksm_id, EXTRACT(YEAR FROM tanggal)::int, EXTRACT(MONTH FROM tanggal)::int, SUM(jumlah)
  FROM ksm_transaksitabungan
 WHERE ksm_id = ANY(%(ksm)s) AND tanggal BETWEEN %(awal)s AND %(per)s
 GROUP BY 1, 2, 3
"""


@dataclass(frozen=True)
class PertemuanJendela:
    """A meeting of the window as the assessment page shows it (the facts plus the texts behind them)."""

    id: int
    tanggal: date
    agenda: str
    perkara_kritis: str
    anggota_aktif: int
    hadir: int

    def fakta(self) -> FaktaPertemuan:
        return FaktaPertemuan(
            tanggal=self.tanggal,
            anggota_aktif=self.anggota_aktif,
            hadir=self.hadir,
            ada_agenda=bool(self.agenda.strip()),
            ada_perkara_kritis=bool(self.perkara_kritis.strip()),
        )


@dataclass
class Kumpulan:
    """Everything gathered for a set of KSM on one date, before it is turned into `FaktaTahap`."""

    per: date
    ksm: dict[int, dict[str, Any]] = field(default_factory=dict)
    kebijakan: dict[int, Kebijakan] = field(default_factory=dict)
    pertemuan: dict[int, list[PertemuanJendela]] = field(default_factory=lambda: defaultdict(list))
    tabungan: dict[int, dict[tuple[int, int], int]] = field(default_factory=lambda: defaultdict(dict))
    pemeriksaan: dict[int, FaktaPemeriksaan] = field(default_factory=dict)
    kegiatan: dict[int, list[date]] = field(default_factory=lambda: defaultdict(list))
    pinjaman: dict[int, Any] = field(default_factory=dict)


def kebijakan_per_lkm(lkm_ids: Iterable[int], per: date) -> dict[int, Kebijakan]:
    """The policy in force on `per` for each LKM, in one query (the defaults where an LKM has set none)."""
    ids = sorted(set(lkm_ids))
    hasil = {
        k.lkm_id: k
        for k in Kebijakan.objects.filter(lkm_id__in=ids, berlaku_mulai__lte=per)
        .order_by("lkm_id", "-berlaku_mulai")
        .distinct("lkm_id")
    }
    for lkm_id in ids:
        hasil.setdefault(lkm_id, Kebijakan(lkm_id=lkm_id))
    return hasil


def _tanggal_aturan(baris: dict[str, Any], per: date) -> date | None:
    calon = [baris["tanggal_tinjau_aturan_main"], baris["tanggal_aturan_main"]]
    if baris["tanggal_aturan_main"] is None:
        return None
    sah = [t for t in calon if t is not None and t <= per]
    return max(sah) if sah else None


def _penandatangan(baris: dict[str, Any]) -> int:
    if not (baris["nomor_rekening"] or "").strip():
        return 0
    return sum(1 for k in ("penandatangan_1", "penandatangan_2") if (baris[k] or "").strip())


def kumpulkan(ksm: Iterable[int] | QuerySet[KSM], per: date) -> Kumpulan:
    """Gather the records of the KSMs (ids or a queryset) as of `per`: 8 queries, whatever their number."""
    pilihan = ksm.values("pk") if isinstance(ksm, QuerySet) else list(ksm)
    hasil = Kumpulan(per=per)
    hasil.ksm = {b["pk"]: b for b in KSM.objects.filter(pk__in=pilihan).values(*_KOLOM_KSM)}
    ids = sorted(hasil.ksm)
    if not ids:
        return hasil
    hasil.kebijakan = kebijakan_per_lkm((b["lkm_id"] for b in hasil.ksm.values()), per)
    awal, _ = jendela(per, BULAN_JENDELA_BAKU)
    parameter: dict[str, Any] = {"ksm": ids, "awal": awal, "per": per}
    with connection.cursor() as cur:
        cur.execute(_PERTEMUAN_SQL, parameter)
        for ksm_id, pid, tanggal, agenda, kritis, aktif, hadir in cur.fetchall():
            hasil.pertemuan[ksm_id].append(PertemuanJendela(pid, tanggal, agenda, kritis, aktif, hadir))
        cur.execute(_TABUNGAN_SQL, parameter)
        for ksm_id, tahun, bulan, jumlah in cur.fetchall():
            hasil.tabungan[ksm_id][(tahun, bulan)] = int(jumlah)
    for ksm_id, tanggal, hasil_periksa in (
        PemeriksaanBuku.objects.filter(ksm_id__in=ids, tanggal__lte=per)
        .order_by("ksm_id", "-tanggal", "-pk")
        .distinct("ksm_id")
        .values_list("ksm_id", "tanggal", "hasil")
    ):
        hasil.pemeriksaan[ksm_id] = FaktaPemeriksaan(tanggal=tanggal, hasil=hasil_periksa)
    for ksm_id, tanggal in KegiatanMitra.objects.filter(
        ksm_id__in=ids, tanggal__gte=awal_dua_belas_bulan(per), tanggal__lte=per
    ).values_list("ksm_id", "tanggal"):
        hasil.kegiatan[ksm_id].append(tanggal)
    hasil.pinjaman = pinjaman_untuk_tahap(
        ksm_ids=ids,
        per=per,
        batas_per_lkm={lkm_id: k.batas_kolektibilitas for lkm_id, k in hasil.kebijakan.items()},
    )
    return hasil


def fakta_dari(kumpulan: Kumpulan, ksm_id: int) -> FaktaTahap:
    """One KSM's `FaktaTahap` from what was gathered."""
    baris = kumpulan.ksm[ksm_id]
    pinjaman = kumpulan.pinjaman.get(ksm_id)
    return FaktaTahap(
        per=kumpulan.per,
        pertemuan=tuple(p.fakta() for p in kumpulan.pertemuan.get(ksm_id, ())),
        bulan_tabungan_bersih_positif=frozenset(
            b for b, jumlah in kumpulan.tabungan.get(ksm_id, {}).items() if jumlah > 0
        ),
        tanggal_aturan_main=_tanggal_aturan(baris, kumpulan.per),
        kolektibilitas_terburuk=pinjaman.kolektibilitas_terburuk if pinjaman else None,
        akhir_pinjaman_terakhir=pinjaman.akhir_pinjaman_terakhir if pinjaman else None,
        pemeriksaan_buku_terakhir=kumpulan.pemeriksaan.get(ksm_id),
        penandatangan_rekening=_penandatangan(baris),
        kegiatan_mitra=tuple(sorted(kumpulan.kegiatan.get(ksm_id, ()))),
    )


def fakta_tahap_banyak(ksm: Iterable[int] | QuerySet[KSM], per: date) -> dict[int, FaktaTahap]:
    """The facts of every given KSM as of `per` (DOMAIN.md §3), in a constant number of queries."""
    kumpulan = kumpulkan(ksm, per)
    return {ksm_id: fakta_dari(kumpulan, ksm_id) for ksm_id in kumpulan.ksm}


def nilai_dengan_kebijakan(fakta: FaktaTahap, kebijakan: Kebijakan) -> HasilTahap:
    """The proposal under the LKM's stage thresholds."""
    return nilai_tahap(
        fakta,
        tumbuh_min=kebijakan.tahap_tumbuh_min,
        kembang_min=kebijakan.tahap_kembang_min,
        bulan_jendela=BULAN_JENDELA_BAKU,
    )


def usulan_tahap_banyak(ksm: Iterable[int] | QuerySet[KSM], per: date) -> dict[int, HasilTahap]:
    """The proposal (ten scores, total, stage) of every given KSM as of `per`, in a constant number of
    queries."""
    kumpulan = kumpulkan(ksm, per)
    return {
        ksm_id: nilai_dengan_kebijakan(
            fakta_dari(kumpulan, ksm_id), kumpulan.kebijakan[kumpulan.ksm[ksm_id]["lkm_id"]]
        )
        for ksm_id in kumpulan.ksm
    }


# ---- one KSM: the proposal and the records behind it ----------------------------------------------------


@dataclass(frozen=True)
class RincianTahap:
    """What the assessment page shows for one KSM on one date: the proposal and the records behind each
    indicator."""

    per: date
    fakta: FaktaTahap
    hasil: HasilTahap
    kebijakan: Kebijakan
    awal_jendela: date
    pertemuan: list[PertemuanJendela]
    tabungan_bulan: list[tuple[str, int]]  # ("Juni 2019", net deposits) for every month of the window
    kegiatan: list[KegiatanMitra]
    pemeriksaan: PemeriksaanBuku | None


def rincian_tahap(ksm: KSM, per: date) -> RincianTahap:
    """The proposal of one KSM as of `per` with its records (a dozen queries)."""
    from kotaku.tanggal import format_bulan
    from ksm.tahap import daftar_bulan_jendela

    kumpulan = kumpulkan([ksm.pk], per)
    fakta = fakta_dari(kumpulan, ksm.pk)
    kebijakan = kumpulan.kebijakan[ksm.lkm_id]
    tabungan = kumpulan.tabungan.get(ksm.pk, {})
    return RincianTahap(
        per=per,
        fakta=fakta,
        hasil=nilai_dengan_kebijakan(fakta, kebijakan),
        kebijakan=kebijakan,
        awal_jendela=jendela(per, BULAN_JENDELA_BAKU)[0],
        pertemuan=kumpulan.pertemuan.get(ksm.pk, []),
        tabungan_bulan=[(format_bulan(t, b), tabungan.get((t, b), 0)) for t, b in daftar_bulan_jendela(per)],
        kegiatan=list(
            KegiatanMitra.objects.filter(
                ksm=ksm, tanggal__gte=awal_dua_belas_bulan(per), tanggal__lte=per
            ).order_by("-tanggal", "-pk")
        ),
        pemeriksaan=PemeriksaanBuku.objects.filter(ksm=ksm, tanggal__lte=per)
        .select_related("oleh")
        .order_by("-tanggal", "-pk")
        .first(),
    )


NAMA_AKHIR_PINJAMAN: dict[str, str] = {
    LUNAS_TANPA_TUNGGAKAN: "lunas tanpa pernah menunggak",
    LUNAS_DENGAN_TUNGGAKAN: "lunas, tetapi pernah menunggak",
    DIHAPUSBUKUKAN: "dihapusbukukan",
}


def _persen(pembilang: int, penyebut: int) -> str:
    """`75%`, `66,7%`: one decimal, dropped when it is zero (the Indonesian percentage of kotaku.uang)."""
    teks = format_persen(Decimal(100 * pembilang) / Decimal(penyebut), tempat=1)
    return teks.replace(",0%", "%")


def bukti_indikator(rincian: RincianTahap, ksm: KSM) -> dict[int, str]:
    """One plain sentence per indicator saying which records gave its proposal."""
    from kotaku.tanggal import format_bulan, format_tanggal
    from pinjaman.kolektibilitas import NAMA_KOLEKTIBILITAS

    f = rincian.fakta
    n_bulan = len(rincian.tabungan_bulan)
    awal = rincian.awal_jendela
    jendela_teks = f"{format_bulan(awal.year, awal.month)} - {format_tanggal(rincian.per)}"
    pertemuan = f.pertemuan
    bulan_bertemu = len({(p.tanggal.year, p.tanggal.month) for p in pertemuan})
    aktif = sum(p.anggota_aktif for p in pertemuan)
    hadir = sum(p.hadir for p in pertemuan)
    agenda = sum(1 for p in pertemuan if p.ada_agenda)
    kritis = sum(1 for p in pertemuan if p.ada_perkara_kritis)
    hasil = {
        1: f"{bulan_bertemu} dari {n_bulan} bulan ({jendela_teks}) ada pertemuan.",
        2: f"{hadir} hadir dari {aktif} kehadiran anggota aktif ({_persen(hadir, aktif)})."
        if aktif
        else "Tidak ada pertemuan dalam jendela penilaian.",
        3: f"{agenda} dari {len(pertemuan)} pertemuan mencatat agendanya."
        if pertemuan
        else "Tidak ada pertemuan dalam jendela penilaian.",
        4: f"{len(f.bulan_tabungan_bersih_positif)} dari {n_bulan} bulan tabungan kelompok bertambah "
        "(setoran lebih besar dari penarikan).",
        9: f"{len(f.kegiatan_mitra)} kegiatan dengan pihak luar dalam 12 bulan terakhir.",
        10: f"{kritis} pertemuan membahas perkara kritis.",
    }
    if f.tanggal_aturan_main is None:
        hasil[5] = "Belum ada aturan main tertulis (tanggal disepakati belum diisi)."
    else:
        hasil[5] = f"Aturan main terakhir disepakati atau ditinjau {format_tanggal(f.tanggal_aturan_main)}."
    if f.kolektibilitas_terburuk is not None:
        k = f.kolektibilitas_terburuk
        hasil[6] = f"Pinjaman berjalan, terburuk Kol {k} ({NAMA_KOLEKTIBILITAS[k]})."
    elif f.akhir_pinjaman_terakhir is not None:
        akhir = NAMA_AKHIR_PINJAMAN[f.akhir_pinjaman_terakhir]
        hasil[6] = f"Tidak ada pinjaman berjalan; pinjaman terakhir {akhir}."
    else:
        hasil[6] = "Belum pernah meminjam."
    periksa = rincian.pemeriksaan
    if periksa is None:
        hasil[7] = "Buku kelompok belum pernah diperiksa UPK."
    else:
        hasil[7] = (
            f"Pemeriksaan terakhir {format_tanggal(periksa.tanggal)}: {periksa.get_hasil_display()}"
            + (" (lebih dari 12 bulan lalu)." if periksa.tanggal < awal_dua_belas_bulan(rincian.per) else ".")
        )
    if not ksm.nomor_rekening.strip():
        hasil[8] = "Belum ada rekening kelompok."
    else:
        hasil[8] = (
            f"Rekening {ksm.nama_bank} {ksm.nomor_rekening}, {f.penandatangan_rekening} penandatangan."
        ).replace("  ", " ")
    return hasil


# ---- due for assessment ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KsmJatuhTempo:
    ksm: KSM
    usulan: HasilTahap
    alasan: str


@dataclass
class DaftarJatuhTempo:
    per: date
    ksm: list[KsmJatuhTempo]
    hitungan: list[
        dict[str, Any]
    ]  # per desa: {"desa_id", "desa", "lkm", "tunas", "tumbuh", "kembang", "jumlah"}
    total: dict[str, int]


def ksm_jatuh_tempo(ksm: QuerySet[KSM], per: date) -> DaftarJatuhTempo:
    """The active KSMs (of a scoped queryset) due for assessment on `per`, with counts per desa and proposed
    stage: never assessed, last assessed more than 6 months ago, or the proposal moved a stage since."""
    from kotaku.tanggal import format_tanggal

    aktif: list[Any] = list(  # KSMs annotated by dengan_tahap
        dengan_tahap(ksm.filter(syarat_ksm_aktif(per)))
        .select_related("lkm__desa", "desa")
        .order_by("desa__nama", "nama", "pk")
    )
    usulan = usulan_tahap_banyak([k.pk for k in aktif], per)
    batas = tambah_bulan(per, -BULAN_JATUH_TEMPO)
    hasil: list[KsmJatuhTempo] = []
    for k in aktif:
        u = usulan[k.pk]
        if k.tanggal_penilaian_terakhir is None:
            alasan = "Belum pernah dinilai."
        elif k.tanggal_penilaian_terakhir < batas:
            alasan = f"Penilaian terakhir {format_tanggal(k.tanggal_penilaian_terakhir)}, lebih dari 6 bulan."
        elif u.tahap != k.usulan_tahap_terakhir:
            alasan = (
                f"Usulan berubah dari {Tahap(k.usulan_tahap_terakhir).label} menjadi {Tahap(u.tahap).label} "
                "sejak penilaian terakhir."
            )
        else:
            continue
        hasil.append(KsmJatuhTempo(k, u, alasan))
    per_desa: dict[int, dict[str, Any]] = {}
    for j in hasil:
        baris = per_desa.setdefault(
            j.ksm.desa_id,
            {
                "desa_id": j.ksm.desa_id,
                "desa": j.ksm.desa.nama,
                "lkm": j.ksm.lkm.nama,
                **{t: 0 for t in URUTAN_TAHAP},
                "jumlah": 0,
            },
        )
        baris[j.usulan.tahap] += 1
        baris["jumlah"] += 1
    hitungan = sorted(per_desa.values(), key=lambda b: str(b["desa"]))
    total = {t: sum(b[t] for b in hitungan) for t in (*URUTAN_TAHAP, "jumlah")}
    return DaftarJatuhTempo(per=per, ksm=hasil, hitungan=hitungan, total=total)


# ---- stage counts (the report, and the year-end village pack) ------------------------------------------


@dataclass(frozen=True)
class BarisHitunganTahap:
    """Active KSMs of one LKM (desa) on a date by the stage of their latest assessment on or before it."""

    lkm_id: int
    lkm: str
    desa: str
    kecamatan: str
    tunas: int
    tumbuh: int
    kembang: int
    belum_dinilai: int

    @property
    def jumlah(self) -> int:
        return self.tunas + self.tumbuh + self.kembang + self.belum_dinilai


def hitungan_tahap(lkm_ids: Sequence[int] | QuerySet[LKM], per: date) -> list[BarisHitunganTahap]:
    """Stage counts per LKM as of `per` (two queries), ordered by kecamatan and desa; every LKM gets a row,
    even without KSM. The year-end village pack reuses this."""
    lkm = list(
        LKM.objects.filter(pk__in=lkm_ids)
        .select_related("desa__kecamatan")
        .order_by("desa__kecamatan__nama", "desa__nama", "pk")
    )
    hitung: dict[int, dict[str | None, int]] = defaultdict(dict)
    aktif: QuerySet[Any] = dengan_tahap(
        KSM.objects.filter(lkm__in=[x.pk for x in lkm]).filter(syarat_ksm_aktif(per)), per=per
    )
    for b in aktif.order_by().values("lkm_id", "tahap_terakhir").annotate(n=Count("pk")):
        hitung[b["lkm_id"]][b["tahap_terakhir"]] = b["n"]
    return [
        BarisHitunganTahap(
            lkm_id=x.pk,
            lkm=x.nama,
            desa=x.desa.nama,
            kecamatan=x.desa.kecamatan.nama,
            tunas=hitung[x.pk].get(Tahap.TUNAS, 0),
            tumbuh=hitung[x.pk].get(Tahap.TUMBUH, 0),
            kembang=hitung[x.pk].get(Tahap.KEMBANG, 0),
            belum_dinilai=hitung[x.pk].get(None, 0),
        )
        for x in lkm
    ]
