"""Is a KSM eligible to borrow? One function, `cek_kelayakan`; the loans app adds its own rules on top.

The facts are gathered by one annotated query (`ksm.selectors.dengan_fakta_kelayakan`), so a list of KSMs can
show eligibility without a query per row; the rules themselves are pure (`nilai_kelayakan`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from kotaku.models import Kebijakan
from kotaku.selectors import kebijakan_berlaku
from kotaku.uang import format_persen
from ksm.models import KSM
from ksm.selectors import dengan_fakta_kelayakan

MINIMAL_ANGGOTA = 5
BULAN_BERTURUT = 3


@dataclass
class Kelayakan:
    layak: bool
    alasan: list[str] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FaktaKelayakan:
    """What the rules look at, as of one date."""

    jenis: str
    status: str
    jumlah_anggota: int
    jumlah_perempuan: int
    belum_tanggung_renteng: list[str]
    bulan_pertemuan: frozenset[date]  # first day of each month with at least one meeting
    bulan_setoran: frozenset[date]  # first day of each month with at least one savings deposit


def _indeks_bulan(d: date) -> int:
    return d.year * 12 + d.month - 1


def bulan_berturut_terpanjang(bulan: Iterable[date]) -> int:
    """Longest run of consecutive calendar months in `bulan` (any days; only year and month count)."""
    indeks = sorted({_indeks_bulan(b) for b in bulan})
    terpanjang = berjalan = 0
    sebelumnya = None
    for i in indeks:
        berjalan = berjalan + 1 if sebelumnya is not None and i == sebelumnya + 1 else 1
        terpanjang = max(terpanjang, berjalan)
        sebelumnya = i
    return terpanjang


def nilai_kelayakan(
    fakta: FaktaKelayakan, kebijakan: Kebijakan, *, pinjaman_pertama: bool = True
) -> Kelayakan:
    """The eligibility rules of DOMAIN.md section 3; every failed rule is named in Bahasa Indonesia."""
    alasan: list[str] = []
    peringatan: list[str] = []
    if fakta.jenis != "pinjaman_bergulir":
        alasan.append("Hanya KSM pinjaman bergulir yang dapat meminjam.")
    if fakta.status != "aktif":
        alasan.append(f"KSM berstatus {fakta.status}; hanya KSM aktif yang dapat meminjam.")
    if fakta.jumlah_anggota < MINIMAL_ANGGOTA:
        alasan.append(f"KSM baru memiliki {fakta.jumlah_anggota} anggota aktif; minimal {MINIMAL_ANGGOTA}.")
    if fakta.belum_tanggung_renteng:
        alasan.append(
            "Belum menandatangani Pernyataan Kesanggupan Tanggung Renteng: "
            + ", ".join(fakta.belum_tanggung_renteng)
            + "."
        )
    if kebijakan.wajib_tiga_bulan and pinjaman_pertama:
        berturut = bulan_berturut_terpanjang(fakta.bulan_pertemuan & fakta.bulan_setoran)
        if berturut < BULAN_BERTURUT:
            alasan.append(
                "Sebelum pinjaman pertama KSM harus bertemu dan menabung 3 bulan berturut-turut; "
                f"baru terpenuhi {berturut} bulan berturut-turut."
            )
    aturan = kebijakan.aturan_perempuan
    if aturan != Kebijakan.AturanPerempuan.MATI and fakta.jumlah_anggota > 0:
        minimal = Decimal(kebijakan.perempuan_min_persen)
        if Decimal(fakta.jumlah_perempuan) * 100 < minimal * fakta.jumlah_anggota:
            persen = (Decimal(fakta.jumlah_perempuan) * 100 / fakta.jumlah_anggota).quantize(Decimal("0.1"))
            pesan = (
                f"Anggota perempuan baru {format_persen(persen)} ({fakta.jumlah_perempuan} dari "
                f"{fakta.jumlah_anggota}); kebijakan LKM minimal {format_persen(minimal)}."
            )
            (alasan if aturan == Kebijakan.AturanPerempuan.BLOKIR else peringatan).append(pesan)
    return Kelayakan(layak=not alasan, alasan=alasan, peringatan=peringatan)


def fakta_dari_baris(ksm: Any) -> FaktaKelayakan:
    """Facts from a KSM row annotated by `ksm.selectors.dengan_fakta_kelayakan`."""
    return FaktaKelayakan(
        jenis=ksm.jenis,
        status=ksm.status,
        jumlah_anggota=ksm.jumlah_anggota,
        jumlah_perempuan=ksm.jumlah_perempuan,
        belum_tanggung_renteng=[n for n in (ksm.belum_tanggung_renteng or []) if n],
        bulan_pertemuan=frozenset(_tanggal(b) for b in (ksm.bulan_pertemuan or [])),
        bulan_setoran=frozenset(_tanggal(b) for b in (ksm.bulan_setoran or [])),
    )


def _tanggal(nilai: Any) -> date:
    return cast(date, nilai.date() if hasattr(nilai, "date") else nilai)


class KebijakanPerLkm:
    """Policy in force per LKM on one date, fetched once per LKM (lists show many KSMs of few LKMs)."""

    def __init__(self, tanggal: date) -> None:
        self.tanggal = tanggal
        self._simpan: dict[int, Kebijakan] = {}

    def untuk(self, ksm: Any) -> Kebijakan:
        if ksm.lkm_id not in self._simpan:
            self._simpan[ksm.lkm_id] = kebijakan_berlaku(lkm=ksm.lkm, tanggal=self.tanggal)
        return self._simpan[ksm.lkm_id]


def cek_kelayakan(ksm: Any, *, per: date, pinjaman_pertama: bool = True) -> Kelayakan:
    """Eligibility of `ksm` on `per` by the KSM rules (members, joint liability, 3 months, women)."""
    baris = dengan_fakta_kelayakan(KSM.objects.filter(pk=ksm.pk), per=per).get()
    kebijakan = kebijakan_berlaku(lkm=ksm.lkm, tanggal=per)
    return nilai_kelayakan(fakta_dari_baris(baris), kebijakan, pinjaman_pertama=pinjaman_pertama)
