"""Is a KSM eligible to borrow? ONE rule set (DOMAIN.md §3 and the loan rules), used by the KSM page and list,
the API and the loan application alike.

The facts are gathered by one annotated query (`ksm.selectors.dengan_fakta_kelayakan`) plus the loan facts of
many KSMs at once, so a list of KSMs shows eligibility without a query per row; the rules are pure
(`nilai_kelayakan`). Loan facts live on the loans' floor, above this one: `pinjaman` registers its provider
(`daftarkan_penyedia_fakta_pinjaman`) when the app is ready, so imports still point down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from kotaku.models import Kebijakan
from kotaku.selectors import kebijakan_berlaku
from kotaku.tanggal import format_tanggal
from kotaku.uang import format_persen, format_rupiah
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
class PinjamanBerjalan:
    """A running (disbursed, not repaid) loan of the KSM and its arrears on the date."""

    id: int
    tanggal_cair: date
    tunggakan_pokok: int
    tunggakan_jasa: int


@dataclass(frozen=True)
class FaktaPinjaman:
    """The KSM's loans as the rules see them on one date."""

    berjalan: tuple[PinjamanBerjalan, ...] = ()
    pengajuan_terbuka: tuple[int, ...] = ()  # applications not yet disbursed or rejected
    pernah_cair: bool = False  # any loan disbursed before (the 3-month rule is for the first loan only)
    anggota_di_pinjaman_lain: tuple[
        tuple[str, str], ...
    ] = ()  # (member, other KSM) of running loans elsewhere


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
    pinjaman: FaktaPinjaman = FaktaPinjaman()


PenyediaFaktaPinjaman = Callable[[Sequence[int], date], Mapping[int, FaktaPinjaman]]
_penyedia: list[PenyediaFaktaPinjaman] = []


def daftarkan_penyedia_fakta_pinjaman(penyedia: PenyediaFaktaPinjaman) -> None:
    """Called once by the loans app at start-up: how to read the loan facts of many KSM on a date."""
    _penyedia[:] = [penyedia]


def fakta_pinjaman(ksm_ids: Sequence[int], per: date) -> Mapping[int, FaktaPinjaman]:
    """The loan facts of these KSM (none when the loans app is not installed)."""
    return _penyedia[0](ksm_ids, per) if _penyedia and ksm_ids else {}


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


def nilai_kelayakan(fakta: FaktaKelayakan, kebijakan: Kebijakan) -> Kelayakan:
    """The eligibility rules of DOMAIN.md section 3 and the loan rules; every failed rule is named in Bahasa
    Indonesia."""
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
    if kebijakan.wajib_tiga_bulan and not fakta.pinjaman.pernah_cair:
        berturut = bulan_berturut_terpanjang(fakta.bulan_pertemuan & fakta.bulan_setoran)
        if berturut < BULAN_BERTURUT:
            alasan.append(
                "Sebelum pinjaman pertama KSM harus bertemu dan menabung 3 bulan berturut-turut; "
                f"baru terpenuhi {berturut} bulan berturut-turut."
            )
    for p in fakta.pinjaman.berjalan:
        if p.tunggakan_pokok or p.tunggakan_jasa:
            alasan.append(
                f"KSM masih menunggak pada pinjaman #{p.id} (pokok {format_rupiah(p.tunggakan_pokok)}, jasa "
                f"{format_rupiah(p.tunggakan_jasa)})."
            )
        elif not kebijakan.pinjaman_bersamaan:
            alasan.append(
                f"KSM masih punya pinjaman berjalan #{p.id} (dicairkan {format_tanggal(p.tanggal_cair)}); "
                "kebijakan LKM tidak membolehkan pinjaman kedua sebelum lunas."
            )
    for pid in fakta.pinjaman.pengajuan_terbuka:
        alasan.append(
            f"KSM masih punya pengajuan pinjaman #{pid} yang belum selesai (dicairkan atau ditolak)."
        )
    for nama, ksm_lain in fakta.pinjaman.anggota_di_pinjaman_lain:
        alasan.append(f"{nama} masih menjadi peminjam pada pinjaman berjalan {ksm_lain}.")
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


def fakta_dari_baris(ksm: Any, pinjaman: FaktaPinjaman | None = None) -> FaktaKelayakan:
    """Facts from a KSM row annotated by `ksm.selectors.dengan_fakta_kelayakan`, with its loan facts."""
    return FaktaKelayakan(
        pinjaman=pinjaman or FaktaPinjaman(),
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


def cek_kelayakan(ksm: Any, *, per: date) -> Kelayakan:
    """Eligibility of `ksm` on `per` by every rule: members, joint liability, 3 months, women, its loans."""
    baris = dengan_fakta_kelayakan(KSM.objects.filter(pk=ksm.pk), per=per).get()
    kebijakan = kebijakan_berlaku(lkm=ksm.lkm, tanggal=per)
    return nilai_kelayakan(fakta_dari_baris(baris, fakta_pinjaman([ksm.pk], per).get(ksm.pk)), kebijakan)


def dengan_kelayakan(baris: Iterable[Any], *, per: date) -> list[Any]:
    """Attach `kelayakan` to annotated KSM rows: policy once per LKM, loan facts of all rows in one go."""
    hasil = list(baris)
    kebijakan = KebijakanPerLkm(per)
    pinjaman = fakta_pinjaman([k.pk for k in hasil], per)
    for ksm in hasil:
        ksm.kelayakan = nilai_kelayakan(fakta_dari_baris(ksm, pinjaman.get(ksm.pk)), kebijakan.untuk(ksm))
    return hasil
