"""Reads of the reports floor: snapshots and the indicators made from them, for one LKM, a kecamatan, a
kabupaten; the check of stored snapshots against a fresh computation; the loans in arrears of an LKM.

Dashboards and trends read snapshots only (one row per LKM and month). Where the API needs a figure whose
snapshot is missing it computes it fresh (`kinerja_banyak`), in the same constant number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from kotaku.akses import lkm_milik
from kotaku.log import catat
from kotaku.models import LKM, Kabupaten, Kecamatan
from kotaku.selectors import kebijakan_berlaku
from kotaku.tanggal import akhir_bulan, tambah_bulan
from kotaku.uang import format_persen
from laporan.indikator import INDIKATOR_POB, NAMA_SKOR, DataKinerja, Kinerja, jumlahkan
from laporan.kinerja import KOLOM_FAKTA, KOLOM_KINERJA, fakta_bulanan, kinerja_aman, wajib_akhir_bulan
from laporan.models import SnapshotBulanan
from pinjaman.models import BagianPinjaman, Pinjaman
from pinjaman.selectors import Posisi, posisi_lkm


def data_kinerja_dari(baris: Any) -> DataKinerja:
    """The indicator inputs of a snapshot row (or of any object or dict carrying the same names)."""
    if isinstance(baris, dict):
        return DataKinerja(**{k: int(baris[k]) for k in KOLOM_KINERJA})
    return DataKinerja(**{k: int(getattr(baris, k)) for k in KOLOM_KINERJA})


def data_kinerja_aman(baris: Any) -> DataKinerja | None:
    """`data_kinerja_dari`, or None (logged) when the row cannot come from real books (a snapshot edited by
    hand, a bug upstream): screens show "-" rather than fail."""
    if baris is None:
        return None
    try:
        return data_kinerja_dari(baris)
    except ValueError as exc:
        catat("kinerja.snapshot_tidak_sah", lkm=getattr(baris, "lkm_id", None), galat=str(exc))
        return None


def bulan_sebelumnya(per: date) -> date:
    return akhir_bulan(tambah_bulan(per.replace(day=1), -1))


# ---- one LKM -----------------------------------------------------------------------------------------------


def snapshot_lkm(*, lkm: LKM, per: date) -> SnapshotBulanan | None:
    return SnapshotBulanan.objects.filter(lkm=lkm, per=per).first()


def tren_lkm(*, lkm: LKM, per: date, bulan: int) -> list[SnapshotBulanan]:
    """The LKM's snapshots of the `bulan` months ending with `per`, oldest first (a month without one is
    missing)."""
    awal = akhir_bulan(tambah_bulan(per.replace(day=1), -(bulan - 1)))
    return list(SnapshotBulanan.objects.filter(lkm=lkm, per__gte=awal, per__lte=per).order_by("per"))


def bulan_tersedia(*, lkm_ids: Iterable[int]) -> list[date]:
    """Month ends with at least one snapshot among these LKMs, newest first (the month chooser's list)."""
    return list(
        SnapshotBulanan.objects.filter(lkm_id__in=list(lkm_ids))
        .order_by("-per")
        .values_list("per", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class BarisTunggakan:
    pinjaman: Pinjaman
    posisi: Posisi
    anggota: list[BagianPinjaman]


def pinjaman_menunggak(*, lkm: LKM, per: date) -> list[BarisTunggakan]:
    """Every loan of the LKM in arrears on `per` (pokok or jasa), longest behind first, with its KSM, desa and
    member shares (for the member cards): four queries whatever the number of loans."""
    batas = kebijakan_berlaku(lkm=lkm, tanggal=per).batas_kolektibilitas
    posisi = {
        p.pinjaman_id: p
        for p in posisi_lkm(lkm_id=lkm.pk, per=per, batas=batas)
        if p.sisa_pokok > 0 and (p.tunggakan_pokok or p.tunggakan_jasa)
    }
    if not posisi:
        return []
    pinjaman = Pinjaman.objects.filter(pk__in=posisi).select_related("ksm__desa")
    bagian: dict[int, list[BagianPinjaman]] = {}
    for b in (
        BagianPinjaman.objects.filter(pinjaman_id__in=posisi)
        .select_related("anggota")
        .order_by("anggota__nama")
    ):
        bagian.setdefault(b.pinjaman_id, []).append(b)
    baris = [BarisTunggakan(p, posisi[p.pk], bagian.get(p.pk, [])) for p in pinjaman]
    baris.sort(key=lambda b: (-b.posisi.bulan_tunggakan, -b.posisi.tunggakan_pokok, b.pinjaman.ksm.nama))
    return baris


# ---- many LKMs ---------------------------------------------------------------------------------------------


def kinerja_banyak(*, lkm_ids: Iterable[int], per: date) -> dict[int, tuple[DataKinerja | None, bool]]:
    """{lkm_id: (indicator inputs, from a snapshot?)}: the stored snapshot where there is one, else computed
    fresh (all the missing ones together). One query plus, only when some are missing, the fresh ones. None:
    a stored row that cannot come from real books."""
    wajib_akhir_bulan(per)
    ids = sorted(set(lkm_ids))
    hasil: dict[int, tuple[DataKinerja | None, bool]] = {
        s["lkm_id"]: (data_kinerja_aman(s), True)
        for s in SnapshotBulanan.objects.filter(lkm_id__in=ids, per=per).values("lkm_id", *KOLOM_KINERJA)
    }
    hilang = [i for i in ids if i not in hasil]
    if hilang:
        for lkm_id, fakta in fakta_bulanan(lkm_ids=hilang, per=per, lengkap=False).items():
            hasil[lkm_id] = (fakta.data_kinerja, False)
    return hasil


@dataclass
class BarisKinerja:
    """One row of a dashboard table: an LKM (kecamatan dashboard) or a kecamatan (kabupaten dashboard)."""

    id: int
    nama: str
    keterangan: str
    data: DataKinerja | None
    kinerja: Kinerja | None
    jumlah_lkm: int = 1
    lkm_tanpa_snapshot: int = 0
    peringkat: int | None = None

    @property
    def kinerja_sel(self) -> list[tuple[str, dict[str, Any]]]:
        """The five POB indicators of the row for a table: text, score and the score's name."""
        if self.kinerja is None:
            return []
        return [
            (
                kode,
                {
                    "teks": format_persen(getattr(self.kinerja, kode), rasio=True),
                    "skor": self.kinerja.skor[kode],
                    "nama_skor": NAMA_SKOR[self.kinerja.skor[kode]],
                },
            )
            for kode in INDIKATOR_POB
        ]

    @property
    def outstanding(self) -> int | None:
        return self.data.outstanding if self.data else None

    @property
    def ksm_aktif(self) -> int | None:
        return self.data.ksm_aktif if self.data else None

    @property
    def ksm_menunggak(self) -> int | None:
        return self.data.ksm_menunggak if self.data else None

    def nilai(self, kolom: str) -> Any:
        """The value a column sorts on (None sorts last)."""
        if kolom in ("nama", "peringkat"):
            return getattr(self, kolom)
        if kolom in ("outstanding", "ksm_aktif", "ksm_menunggak"):
            return getattr(self, kolom)
        if self.kinerja is None:
            return None
        return getattr(self.kinerja, kolom)


KOLOM_URUT = (
    "peringkat",
    "nama",
    "outstanding",
    "ksm_aktif",
    "ksm_menunggak",
    "lar",
    "par",
    "rr",
    "ccr",
    "roi",
    "total",
)


def beri_peringkat(baris: Sequence[BarisKinerja]) -> None:
    """Rank rows with figures: lowest total score first (POB: 5 is best), then lower PAR, lower LAR, higher
    RR, higher ROI; equal keys share a rank. Rows without figures get none."""

    def kunci(b: BarisKinerja) -> tuple[Decimal | int, ...]:
        k = b.kinerja
        assert k is not None
        return (k.total, k.par, k.lar, -k.rr, -(k.roi if k.roi is not None else Decimal(-99)))

    berangka = sorted((b for b in baris if b.kinerja is not None), key=kunci)
    sebelumnya: tuple[Decimal | int, ...] | None = None
    for urutan, b in enumerate(berangka, start=1):
        if kunci(b) != sebelumnya:
            peringkat = urutan
            sebelumnya = kunci(b)
        b.peringkat = peringkat


def urutkan(baris: list[BarisKinerja], urut: str) -> tuple[list[BarisKinerja], str]:
    """Rows sorted by `urut` ("par", "-par" descending); an unknown column falls back to the ranking. Rows
    without a value always come last. Returns the rows and the sort actually applied."""
    turun = urut.startswith("-")
    kolom = urut.lstrip("-")
    if kolom not in KOLOM_URUT:
        kolom, turun = "peringkat", False
    ada = [b for b in baris if b.nilai(kolom) is not None]
    kosong = [b for b in baris if b.nilai(kolom) is None]
    ada.sort(key=lambda b: b.nama)  # ties stay in name order, whichever way the column goes (stable sort)
    ada.sort(key=lambda b: b.nilai(kolom), reverse=turun)
    return ada + kosong, ("-" if turun else "") + kolom


def kinerja_kecamatan(
    *, user: Any, kecamatan: Kecamatan, per: date
) -> tuple[list[BarisKinerja], BarisKinerja]:
    """The kecamatan dashboard: one row per LKM in the user's scope (snapshots only: an LKM without one for
    `per` has an empty row), ranked, and the total over the sums. Two queries."""
    wajib_akhir_bulan(per)
    daftar = list(
        lkm_milik(user).filter(desa__kecamatan=kecamatan).select_related("desa").order_by("desa__nama")
    )
    snap = {
        s["lkm_id"]: data_kinerja_aman(s)
        for s in SnapshotBulanan.objects.filter(lkm__in=[x.pk for x in daftar], per=per).values(
            "lkm_id", *KOLOM_KINERJA
        )
    }
    baris = []
    for lkm in daftar:
        data = snap.get(lkm.pk)
        baris.append(
            BarisKinerja(
                lkm.pk,
                lkm.desa.nama,
                lkm.nama,
                data,
                kinerja_aman(data),
                lkm_tanpa_snapshot=0 if lkm.pk in snap else 1,
            )
        )
    beri_peringkat(baris)
    return baris, _total(kecamatan.pk, f"Kecamatan {kecamatan.nama}", baris)


def kinerja_kabupaten(
    *, user: Any, kabupaten: Kabupaten, per: date
) -> tuple[list[BarisKinerja], BarisKinerja]:
    """The kabupaten dashboard: one row per kecamatan with LKMs in the user's scope, its figures the sums of
    its LKMs' snapshots (in SQL), ranked, and the kabupaten total. Two queries."""
    wajib_akhir_bulan(per)
    lingkup = lkm_milik(user).filter(desa__kecamatan__kabupaten=kabupaten)
    jumlah_lkm = {
        r["desa__kecamatan_id"]: (r["desa__kecamatan__nama"], r["n"])
        for r in lingkup.order_by()
        .values("desa__kecamatan_id", "desa__kecamatan__nama")
        .annotate(n=Count("id", distinct=True))
    }
    jumlah = {
        r["lkm__desa__kecamatan_id"]: r
        for r in SnapshotBulanan.objects.filter(per=per, lkm__in=lingkup)
        .order_by()
        .values("lkm__desa__kecamatan_id")
        .annotate(n_snapshot=Count("id"), **{k: Sum(k) for k in KOLOM_KINERJA if k != "bulan"})
    }
    baris = []
    for kec_id, (nama, n) in sorted(jumlah_lkm.items(), key=lambda x: x[1][0]):
        r = jumlah.get(kec_id)
        data = data_kinerja_aman({**r, "bulan": per.month}) if r else None
        baris.append(
            BarisKinerja(
                kec_id,
                nama,
                f"{n} LKM",
                data,
                kinerja_aman(data),
                jumlah_lkm=n,
                lkm_tanpa_snapshot=n - (r["n_snapshot"] if r else 0),
            )
        )
    beri_peringkat(baris)
    return baris, _total(kabupaten.pk, f"Kabupaten {kabupaten.nama}", baris)


def _total(id_: int, nama: str, baris: list[BarisKinerja]) -> BarisKinerja:
    """Indicators of the group from the SUMS of its rows (never an average of ratios)."""
    berangka = [b.data for b in baris if b.data is not None]
    data = jumlahkan(berangka) if berangka else None
    return BarisKinerja(
        id_,
        nama,
        "",
        data,
        kinerja_aman(data),
        jumlah_lkm=sum(b.jumlah_lkm for b in baris),
        lkm_tanpa_snapshot=sum(b.lkm_tanpa_snapshot for b in baris),
    )


def akses_kecamatan(user: Any) -> QuerySet[Kecamatan]:
    """Kecamatan with at least one LKM in the user's scope."""
    return Kecamatan.objects.filter(desa__lkm__in=lkm_milik(user)).distinct().select_related("kabupaten")


# ---- checking snapshots ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selisih:
    """A stored snapshot that differs from a fresh computation (`kolom` None: no snapshot stored at all)."""

    lkm_id: int
    kolom: str | None
    tersimpan: int = 0
    dihitung: int = 0


def bandingkan_snapshot(*, lkm_ids: Iterable[int], per: date) -> list[Selisih]:
    """Every field where a stored snapshot differs from the same month computed now, and every LKM without
    one."""
    ids = sorted(set(lkm_ids))
    baru = fakta_bulanan(lkm_ids=ids, per=per)
    simpan = {s.lkm_id: s for s in SnapshotBulanan.objects.filter(lkm_id__in=ids, per=per)}
    hasil = []
    for lkm_id in ids:
        s = simpan.get(lkm_id)
        if s is None:
            hasil.append(Selisih(lkm_id, None))
            continue
        for kolom in KOLOM_FAKTA:
            lama, kini = int(getattr(s, kolom)), int(getattr(baru[lkm_id], kolom))
            if lama != kini:
                hasil.append(Selisih(lkm_id, kolom, lama, kini))
    return hasil
