"""What the village report pack holds (DOMAIN.md §7): the year-end report of one desa for its Rembug Warga
Tahunan, the kecamatan roll-up of all its desa side by side, and the monthly report of a desa (neraca,
surplus/defisit, LU-02). Plain builders `(lkm(s), year[, month]) -> Laporan` with no request: the Celery tasks
render them to PDF, a page can show the same object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from kotaku.buku.laporan import HasilPeriode, laporan_neraca, laporan_surplus
from kotaku.buku.selectors import bulan_tutup_terakhir, neraca, surplus_defisit
from kotaku.dokumen import Kolom, Laporan
from kotaku.models import LKM
from kotaku.tanggal import format_bulan, format_tanggal
from ksm.models import KSM, Keanggotaan
from laporan.alokasi_surplus import NAMA_POS, POS, bagi_surplus, format_persen_dua
from laporan.dasbor import Lampu, lampu_kinerja
from laporan.indikator import DataKinerja, jumlahkan
from laporan.kinerja import kinerja_aman
from laporan.models import AlokasiSurplus, StatusAlokasi
from laporan.selectors import jurnal_penutup, kinerja_banyak
from laporan.tahap import hitungan_tahap
from pinjaman.laporan import laporan_lu02
from pinjaman.models import BagianPinjaman
from pinjaman.selectors import LaporanKolektibilitas, laporan_kolektibilitas


@dataclass
class RingkasanDesa:
    """The figures of one desa's year, for its own report and for the kecamatan roll-up."""

    lkm: LKM
    tahun: int
    per: date
    pendapatan: int
    biaya: int
    cadangan_biaya: int
    surplus: int
    total_aset: int
    kolektibilitas: LaporanKolektibilitas
    ksm_aktif: int
    anggota_aktif: int
    anggota_perempuan: int
    peminjam_baru: int
    alokasi: AlokasiTahunan | None = None
    tahun_ditutup: bool = False
    kinerja: KinerjaTahunan | None = None
    tahap: dict[str, int] = field(default_factory=dict)

    @property
    def hasil(self) -> HasilPeriode:
        return HasilPeriode.dari(self.surplus)

    @property
    def outstanding(self) -> int:
        return self.kolektibilitas.total_sisa_pokok


def per_laporan_tahunan(*, lkm: LKM, tahun: int) -> date:
    """The date a year's report runs to: 31 December once December or the year is closed; before that, the
    end of the year's last closed month (closed months no longer change, so the report does not move under
    the reader); with no month of the year closed, 31 December."""
    if jurnal_penutup(lkm=lkm, tahun=tahun) is not None:
        return date(tahun, 12, 31)
    return bulan_tutup_terakhir(lkm=lkm, tahun=tahun) or date(tahun, 12, 31)


def ringkasan_desa(*, lkm: LKM, tahun: int) -> RingkasanDesa:
    """One desa's year (to 31 December, or to the last closed month of a year not yet closed): books,
    reserve, portfolio, members, allocation, indicators, stages."""
    per = per_laporan_tahunan(lkm=lkm, tahun=tahun)
    sd = surplus_defisit(lkm=lkm, dari=date(tahun, 1, 1), sampai=per)
    anggota = Keanggotaan.objects.filter(ksm__lkm=lkm, tanggal_bergabung__lte=per).filter(
        Q(tanggal_keluar__isnull=True) | Q(tanggal_keluar__gt=per)
    )
    hitung = anggota.aggregate(
        semua=Count("anggota", distinct=True),
        perempuan=Count("anggota", distinct=True, filter=Q(anggota__jenis_kelamin="P")),
    )
    return RingkasanDesa(
        lkm=lkm,
        tahun=tahun,
        per=per,
        pendapatan=sd.total_pendapatan,
        biaya=sd.total_biaya,
        cadangan_biaya=sd.cadangan,
        surplus=sd.surplus,
        total_aset=neraca(lkm=lkm, per=per).total_aset,
        kolektibilitas=laporan_kolektibilitas(lkm=lkm, per=per),
        ksm_aktif=KSM.objects.filter(lkm=lkm, status=KSM.Status.AKTIF, tanggal_berdiri__lte=per).count(),
        anggota_aktif=hitung["semua"],
        anggota_perempuan=hitung["perempuan"],
        peminjam_baru=BagianPinjaman.objects.filter(
            pinjaman__lkm=lkm, siklus=1, pinjaman__tanggal_cair__year=tahun
        ).count(),
        alokasi=alokasi_tahun(lkm=lkm, tahun=tahun, surplus=sd.surplus),
        tahun_ditutup=jurnal_penutup(lkm=lkm, tahun=tahun) is not None,
        kinerja=kinerja_akhir_tahun(lkm=lkm, per=per),
        tahap=tahap_akhir_tahun(lkm=lkm, per=per),
    )


# ---- the parts other floors' modules fill (allocation, indicators, maturity) -------------------------------


@dataclass(frozen=True)
class AlokasiTahunan:
    """The allocation the desa report prints: the board's decision, a pembuku's draft, or (nothing recorded
    yet) a proposal at last year's decided shares, each labelled as what it is."""

    status: str  # "ditetapkan" / "draf" / "usulan"
    keterangan: str
    baris: list[tuple[str, str, int]]  # line, share as written ("50,00%"), amount
    total: int


def _baris_alokasi(bagian: dict[str, Decimal], jumlah: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(NAMA_POS[p], f"{format_persen_dua(bagian[p])}%", jumlah[p]) for p in POS]


def alokasi_tahun(*, lkm: LKM, tahun: int, surplus: int) -> AlokasiTahunan | None:
    """The allocation of the LKM's `tahun` surplus for its report (None: a deficit, or nothing to propose)."""
    a = AlokasiSurplus.objects.filter(lkm=lkm, tahun=tahun).first()
    if a is not None and a.ditetapkan:
        rapat = f", {a.rapat}" if a.rapat else ""
        teks = f"Keputusan LKM No. {a.nomor_keputusan} tanggal {format_tanggal(a.tanggal_keputusan)}{rapat}."
        return AlokasiTahunan("ditetapkan", teks, _baris_alokasi(a.bagian, a.jumlah), a.surplus)
    if a is not None:
        return AlokasiTahunan(
            "draf",
            "Draf Pembuku, belum ditetapkan pengurus LKM.",
            _baris_alokasi(a.bagian, a.jumlah),
            a.surplus,
        )
    lalu = AlokasiSurplus.objects.filter(lkm=lkm, tahun=tahun - 1, status=StatusAlokasi.DITETAPKAN).first()
    if surplus <= 0 or lalu is None:
        return None
    usulan = bagi_surplus(surplus, lalu.bagian)
    return AlokasiTahunan(
        "usulan",
        f"Usulan untuk diputuskan: bagian sama dengan keputusan tahun {tahun - 1}; belum ditetapkan.",
        _baris_alokasi(usulan.bagian, usulan.jumlah),
        surplus,
    )


@dataclass(frozen=True)
class KinerjaTahunan:
    """The POB indicators of a desa (or of the kecamatan, over the sums) at 31 December."""

    data: DataKinerja
    lampu: list[Lampu]
    total: int
    predikat: str

    @property
    def nilai(self) -> dict[str, str]:
        """{"lar": "7,31%", "par": ...}: each indicator's value as printed."""
        return {x.kode: x.nilai for x in self.lampu}


def _kinerja(data: DataKinerja | None) -> KinerjaTahunan | None:
    k = kinerja_aman(data)
    if data is None or k is None:
        return None
    return KinerjaTahunan(data, lampu_kinerja(k), k.total, k.nama_predikat)


def kinerja_akhir_tahun(*, lkm: LKM, per: date) -> KinerjaTahunan | None:
    """LAR/PAR/RR/CCr/ROI of the LKM at `per` with scores and predikat (the stored snapshot when there is one,
    the same figures as the dashboard); None when its books cannot give them."""
    data, _ = kinerja_banyak(lkm_ids=[lkm.pk], per=per)[lkm.pk]
    return _kinerja(data)


def tahap_akhir_tahun(*, lkm: LKM, per: date) -> dict[str, int]:
    """Active KSM by the stage of their latest assessment on or before `per` (the stage report's counts)."""
    (b,) = hitungan_tahap([lkm.pk], per)
    return {"Tunas": b.tunas, "Tumbuh": b.tumbuh, "Kembang": b.kembang, "Belum dinilai": b.belum_dinilai}


# ---- the year-end report of a desa -------------------------------------------------------------------------


def laporan_tahunan_desa(*, lkm: LKM, tahun: int) -> Laporan:
    r = ringkasan_desa(lkm=lkm, tahun=tahun)
    sd = surplus_defisit(lkm=lkm, dari=date(tahun, 1, 1), sampai=r.per)
    return Laporan(
        judul=f"Laporan Tahunan Pinjaman Bergulir {tahun}",
        template="laporan/tahunan_desa",
        nama_berkas=f"laporan-tahunan-{tahun}-{lkm.desa.nama.lower().replace(' ', '-')}",
        periode=f"1 Januari s.d. {format_tanggal(r.per)} · untuk Rembug Warga Tahunan {tahun + 1}",
        lkm=lkm,
        data={"r": r, "sd": sd, "lap": r.kolektibilitas},
        kolom=[Kolom("Uraian"), Kolom("Jumlah", "uang")],
        baris=[
            ["Pendapatan", r.pendapatan],
            ["Biaya (termasuk cadangan risiko)", r.biaya],
            [r.hasil.label, r.hasil.jumlah],
            ["Total aset", r.total_aset],
            ["Sisa pinjaman (outstanding)", r.outstanding],
        ],
    )


# ---- the kecamatan roll-up ---------------------------------------------------------------------------------


def laporan_tahunan_kecamatan(*, daftar_lkm: list[LKM], tahun: int) -> Laporan:
    """All desa side by side, with totals (sums; ratios of sums)."""
    baris = [ringkasan_desa(lkm=lkm, tahun=tahun) for lkm in sorted(daftar_lkm, key=lambda x: x.desa.nama)]
    total: dict[str, Any] = {
        "pendapatan": sum(r.pendapatan for r in baris),
        "biaya": sum(r.biaya for r in baris),
        "surplus": sum(r.surplus for r in baris),
        "total_aset": sum(r.total_aset for r in baris),
        "outstanding": sum(r.outstanding for r in baris),
        "ksm_aktif": sum(r.ksm_aktif for r in baris),
        "anggota_aktif": sum(r.anggota_aktif for r in baris),
        "anggota_perempuan": sum(r.anggota_perempuan for r in baris),
        "peminjam_baru": sum(r.peminjam_baru for r in baris),
    }
    total["hasil"] = HasilPeriode.dari(total["surplus"])
    data = [r.kinerja.data for r in baris if r.kinerja is not None]
    semua_per = {r.per for r in baris}
    satu_tanggal = len(semua_per) <= 1
    # The kecamatan's indicators over the sums of its desa (never an average of ratios); left out when a desa
    # has none or the desa run to different months (a sum over different dates would be no one's).
    total["kinerja"] = (
        _kinerja(jumlahkan(data)) if data and len(data) == len(baris) and satu_tanggal else None
    )
    total["tahap"] = {t: sum(r.tahap.get(t, 0) for r in baris) for t in (baris[0].tahap if baris else {})}
    kecamatan = daftar_lkm[0].desa.kecamatan if daftar_lkm else None
    sampai = (
        format_tanggal(min(semua_per)) if len(semua_per) == 1 else "bulan terakhir yang ditutup setiap desa"
    )
    belum = [r for r in baris if not r.tahun_ditutup]
    total["belum_ditutup"] = ", ".join(
        r.lkm.desa.nama if satu_tanggal else f"{r.lkm.desa.nama} sampai {format_tanggal(r.per)}"
        for r in belum
    )
    total["jumlah_belum_ditutup"] = len(belum)
    total["sampai_bulan_tutup"] = any(r.per.month != 12 for r in belum)
    return Laporan(
        judul=f"Rekap Laporan Tahunan Pinjaman Bergulir {tahun}",
        template="laporan/tahunan_kecamatan",
        nama_berkas=f"rekap-tahunan-{tahun}-{(kecamatan.nama if kecamatan else 'kecamatan').lower()}",
        periode=f"{kecamatan} · 1 Januari s.d. {sampai}" if kecamatan else f"Tahun {tahun}",
        orientasi="landscape",
        data={"baris": baris, "total": total, "kecamatan": kecamatan, "tahun": tahun},
        kolom=[
            Kolom("Desa"),
            Kolom("LKM"),
            Kolom("Pendapatan", "uang"),
            Kolom("Biaya", "uang"),
            Kolom("Surplus / defisit", "uang"),
            Kolom("Total aset", "uang"),
            Kolom("Outstanding", "uang"),
            Kolom("KSM aktif", "angka"),
            Kolom("Anggota", "angka"),
            Kolom("Perempuan", "angka"),
            Kolom("Peminjam baru", "angka"),
        ],
        baris=[
            [
                r.lkm.desa.nama,
                r.lkm.nama,
                r.pendapatan,
                r.biaya,
                r.surplus,
                r.total_aset,
                r.outstanding,
                r.ksm_aktif,
                r.anggota_aktif,
                r.anggota_perempuan,
                r.peminjam_baru,
            ]
            for r in baris
        ],
    )


# ---- the monthly report of a desa --------------------------------------------------------------------------


def laporan_bulanan_desa(*, lkm: LKM, tahun: int, bulan: int) -> Laporan:
    """Neraca, Surplus/Defisit and LU-02 of a month end, in one document."""
    n = laporan_neraca(lkm=lkm, per=_akhir(tahun, bulan))
    s = laporan_surplus(lkm=lkm, tahun=tahun, bulan=bulan)
    k = laporan_lu02(lkm=lkm, per=_akhir(tahun, bulan))
    return Laporan(
        judul=f"Laporan Bulanan UPK {format_bulan(tahun, bulan)}",
        template="laporan/bulanan_desa",
        nama_berkas=f"laporan-bulanan-{tahun}-{bulan:02d}-{lkm.desa.nama.lower().replace(' ', '-')}",
        periode=f"Per {format_tanggal(_akhir(tahun, bulan))}",
        lkm=lkm,
        data={"neraca": n.konteks(), "surplus": s.konteks(), "lu02": k.konteks()},
        kolom=n.kolom,
        baris=n.baris,
    )


def _akhir(tahun: int, bulan: int) -> date:
    from kotaku.tanggal import akhir_bulan

    return akhir_bulan(date(tahun, bulan, 1))
