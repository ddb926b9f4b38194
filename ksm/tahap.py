"""Maturity of a KSM (Tunas -> Tumbuh -> Kembang): the proposed score of ten indicators, pure, no ORM.

DOMAIN.md §3: ten indicators scored 0-3, total 0-30; default stages (policy) Tunas < 12, Tumbuh 12-21,
Kembang >= 22. The window (policy) is the 6 calendar months up to and including the month of the assessment
date, counting records dated on or before that date. Whoever gathers the facts (a selector) restricts them to
the window given by `jendela`; the rules here look only at `FaktaTahap`, so they are tested with tables.
The fasilitator confirms or changes each proposed score; that workflow is not this module's business.

Decisions taken here, where the domain text is silent:
- "Within 12 months" (aturan main, pembukuan, kemitraan) is the rolling span from the same day twelve months
  earlier up to the assessment date, both ends INCLUDED: assessed 15 Oct 2019, rules reviewed 15 Oct 2018
  still score 3, reviewed 14 Oct 2018 score 2 (`awal_dua_belas_bulan`). From 29 Feb the span starts on
  28 Feb a year before (the day is clamped to the month's end). The 6-month window stays calendar months.
- Window months for rutin bertemu and tabungan kelompok: with the default 6 months the table is exact (6 -> 3,
  4-5 -> 2, 2-3 -> 1, else 0). An LKM that sets another window N gets the same shares: all N months -> 3, at
  least two thirds -> 2, at least one third -> 1, else 0 (N = 12: 12 -> 3, 8-11 -> 2, 4-7 -> 1).
- Kehadiran is the sum present over the sum of active members over the window's meetings, because the number
  of active members changes from meeting to meeting. Meetings whose active members add up to 0 give 0.
- Agenda with no meeting in the window scores 0 (no share to speak of).
- Pengembalian without a running loan looks at the LAST loan that ended (repaid or written off): repaid with
  every instalment on time (never in arrears) -> 3; repaid in full but in arrears at some point -> 1 (it did
  repay, so more than never borrowing, but far from a clean record; the table does not grade how late);
  written off (hapus buku) -> 0; never borrowed -> 0. A running loan always decides, whatever came before.
- Pembukuan looks at the UPK's last check on or before the date; a last check older than 12 months scores 0,
  like no check. The results use DOMAIN.md's words: sesuai / catatan_kecil / tidak_sesuai.
- Rekening aman: at least two signatories -> 3 (dual control is the point; three also satisfy it), one -> 1.
- A young group is not pro-rated: months before it was founded count as months without meetings or savings.
- Facts outside the window, dated after the assessment date, negative counts or more present than active
  members are a bug upstream and raise ValueError; floats (and bools where a count is expected) raise
  TypeError. Every share is compared exactly as a fraction of integers: 4 of 5 present is 80% and scores 3.
- Stage thresholds follow the database constraint on the LKM policy: 0 <= tumbuh_min < kembang_min <= 30.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from kotaku.tanggal import tambah_bulan

BULAN_JENDELA_BAKU = 6
TUMBUH_MIN_BAKU = 12
KEMBANG_MIN_BAKU = 22
SKOR_MAKS = 3
TOTAL_MAKS = 30

TUNAS = "tunas"
TUMBUH = "tumbuh"
KEMBANG = "kembang"
NAMA_TAHAP: dict[str, str] = {TUNAS: "Tunas", TUMBUH: "Tumbuh", KEMBANG: "Kembang"}
URUTAN_TAHAP: tuple[str, ...] = (TUNAS, TUMBUH, KEMBANG)

NAMA_INDIKATOR: tuple[str, ...] = (
    "rutin bertemu",
    "kehadiran",
    "agenda",
    "tabungan kelompok",
    "aturan main",
    "pengembalian",
    "pembukuan",
    "rekening aman",
    "kemitraan",
    "masalah kritis",
)
"""Indicator names in DOMAIN.md's order: indicator `no` is `NAMA_INDIKATOR[no - 1]`."""

# How the last ended loan ended, when no loan is running.
LUNAS_TANPA_TUNGGAKAN = "lunas_tanpa_tunggakan"
LUNAS_DENGAN_TUNGGAKAN = "lunas_dengan_tunggakan"
DIHAPUSBUKUKAN = "dihapusbukukan"
SKOR_AKHIR_PINJAMAN: dict[str, int] = {LUNAS_TANPA_TUNGGAKAN: 3, LUNAS_DENGAN_TUNGGAKAN: 1, DIHAPUSBUKUKAN: 0}

# The UPK's check of the group's own books.
SESUAI = "sesuai"
CATATAN_KECIL = "catatan_kecil"
TIDAK_SESUAI = "tidak_sesuai"
SKOR_PEMBUKUAN: dict[str, int] = {SESUAI: 3, CATATAN_KECIL: 2, TIDAK_SESUAI: 1}

SKOR_KOLEKTIBILITAS: dict[int, int] = {1: 3, 2: 2, 3: 1, 4: 0, 5: 0}


def _bulat(nama: str, nilai: object, *, minimal: int = 0) -> int:
    """`nilai` as a count: an int (not a bool, not a float) of at least `minimal`."""
    if isinstance(nilai, bool) or not isinstance(nilai, int):
        raise TypeError(f"{nama} harus bilangan bulat, bukan {nilai!r}")
    if nilai < minimal:
        raise ValueError(f"{nama} tidak boleh kurang dari {minimal}, bukan {nilai}.")
    return nilai


def _benar_salah(nama: str, nilai: object) -> None:
    if not isinstance(nilai, bool):
        raise TypeError(f"{nama} harus True atau False, bukan {nilai!r}")


def jendela(per: date, bulan: int = BULAN_JENDELA_BAKU) -> tuple[date, date]:
    """The assessment window: from the 1st of the month `bulan - 1` months before `per`'s, through `per`."""
    _bulat("Panjang jendela", bulan, minimal=1)
    return tambah_bulan(per.replace(day=1), -(bulan - 1)), per


def daftar_bulan_jendela(per: date, bulan: int = BULAN_JENDELA_BAKU) -> tuple[tuple[int, int], ...]:
    """The calendar months (year, month) of the window, oldest first."""
    awal, _ = jendela(per, bulan)
    return tuple((b.year, b.month) for b in (tambah_bulan(awal, i) for i in range(bulan)))


def awal_dua_belas_bulan(per: date) -> date:
    """First day still "within 12 months" of `per`: the same day a year earlier (clamped), included."""
    return tambah_bulan(per, -12)


@dataclass(frozen=True)
class FaktaPertemuan:
    """One meeting of the window: its date, who was an active member then, who came, what was discussed."""

    tanggal: date
    anggota_aktif: int  # members of the KSM on the meeting's date
    hadir: int  # of them, present
    ada_agenda: bool  # an agenda was written
    ada_perkara_kritis: bool  # a critical issue was discussed

    def __post_init__(self) -> None:
        _bulat("Anggota aktif", self.anggota_aktif)
        _bulat("Anggota hadir", self.hadir)
        _benar_salah("ada_agenda", self.ada_agenda)
        _benar_salah("ada_perkara_kritis", self.ada_perkara_kritis)
        if self.hadir > self.anggota_aktif:
            raise ValueError(
                f"Pertemuan {self.tanggal}: {self.hadir} hadir melebihi {self.anggota_aktif} anggota aktif."
            )


@dataclass(frozen=True)
class PemeriksaanBuku:
    """The UPK's check of the group's books: when, and the result (sesuai / catatan_kecil / tidak_sesuai)."""

    tanggal: date
    hasil: str

    def __post_init__(self) -> None:
        if self.hasil not in SKOR_PEMBUKUAN:
            raise ValueError(
                f"Hasil pemeriksaan buku {self.hasil!r} tidak dikenal; pilih {list(SKOR_PEMBUKUAN)}."
            )


@dataclass(frozen=True)
class FaktaTahap:
    """What the ten indicators look at, for ONE KSM as of `per`.

    `pertemuan` and `bulan_tabungan_bersih_positif` hold only the window (`jendela(per, bulan)`);
    `kegiatan_mitra` only the 12 months up to `per` (from `awal_dua_belas_bulan(per)`); nothing is dated
    after `per`.
    """

    per: date
    pertemuan: tuple[FaktaPertemuan, ...] = ()
    bulan_tabungan_bersih_positif: frozenset[tuple[int, int]] = frozenset()
    """Calendar months (year, month) of the window whose savings deposits minus withdrawals are > 0."""
    tanggal_aturan_main: date | None = None
    """When the written rules were agreed or last reviewed; None: no written rules."""
    kolektibilitas_terburuk: int | None = None
    """Worst kolektibilitas (1-5) of the running loans on `per`; None: no running loan."""
    akhir_pinjaman_terakhir: str | None = None
    """How the last ended loan ended (LUNAS_TANPA_TUNGGAKAN, LUNAS_DENGAN_TUNGGAKAN, DIHAPUSBUKUKAN);
    None: no loan has ended (never borrowed, or only a running one)."""
    pemeriksaan_buku_terakhir: PemeriksaanBuku | None = None
    """The UPK's last check of the group's books on or before `per`, however old; None: never checked."""
    penandatangan_rekening: int = 0
    """Signatories of the group's bank/koperasi account; 0: no account."""
    kegiatan_mitra: tuple[date, ...] = ()
    """Dates of the activities with outside parties in the 12 months up to `per`, one per activity."""

    def __post_init__(self) -> None:
        for p in self.pertemuan:
            if not isinstance(p, FaktaPertemuan):
                raise TypeError(f"pertemuan harus FaktaPertemuan, bukan {p!r}")
        if self.kolektibilitas_terburuk is not None:
            _bulat("Kolektibilitas", self.kolektibilitas_terburuk, minimal=1)
            if self.kolektibilitas_terburuk not in SKOR_KOLEKTIBILITAS:
                raise ValueError(f"Kolektibilitas {self.kolektibilitas_terburuk} tidak dikenal; pilih 1-5.")
        if (
            self.akhir_pinjaman_terakhir is not None
            and self.akhir_pinjaman_terakhir not in SKOR_AKHIR_PINJAMAN
        ):
            raise ValueError(
                f"Akhir pinjaman {self.akhir_pinjaman_terakhir!r} tidak dikenal; "
                f"pilih {list(SKOR_AKHIR_PINJAMAN)}."
            )
        _bulat("Jumlah penandatangan rekening", self.penandatangan_rekening)
        if self.tanggal_aturan_main is not None and self.tanggal_aturan_main > self.per:
            raise ValueError(f"Aturan main bertanggal {self.tanggal_aturan_main}, sesudah {self.per}.")
        if self.pemeriksaan_buku_terakhir is not None and self.pemeriksaan_buku_terakhir.tanggal > self.per:
            raise ValueError(
                f"Pemeriksaan buku bertanggal {self.pemeriksaan_buku_terakhir.tanggal}, sesudah {self.per}."
            )
        awal12 = awal_dua_belas_bulan(self.per)
        for tanggal in self.kegiatan_mitra:
            if not awal12 <= tanggal <= self.per:
                raise ValueError(f"Kegiatan mitra {tanggal} di luar 12 bulan {awal12}..{self.per}.")


@dataclass(frozen=True)
class Indikator:
    """One indicator's proposed score: its number (1-10), name and score (0-3)."""

    no: int
    nama: str
    skor: int


@dataclass(frozen=True)
class HasilTahap:
    """The ten proposed scores, their total (0-30) and the stage it gives."""

    indikator: tuple[Indikator, ...]
    total: int
    tahap: str


def tahap_dari_total(
    total: int, *, tumbuh_min: int = TUMBUH_MIN_BAKU, kembang_min: int = KEMBANG_MIN_BAKU
) -> str:
    """Stage of a total: tunas below `tumbuh_min`, tumbuh below `kembang_min`, kembang from there."""
    _bulat("Total skor", total)
    _bulat("Skor minimum Tumbuh", tumbuh_min)
    _bulat("Skor minimum Kembang", kembang_min)
    if total > TOTAL_MAKS:
        raise ValueError(f"Total skor paling banyak {TOTAL_MAKS}, bukan {total}.")
    if not tumbuh_min < kembang_min <= TOTAL_MAKS:
        raise ValueError(
            f"Batas tahap harus 0 <= Tumbuh < Kembang <= {TOTAL_MAKS}, bukan Tumbuh {tumbuh_min}, "
            f"Kembang {kembang_min}."
        )
    if total < tumbuh_min:
        return TUNAS
    if total < kembang_min:
        return TUMBUH
    return KEMBANG


def _skor_bulan(jumlah: int, dari: int) -> int:
    """Months of the window that qualify: all -> 3, at least 2/3 -> 2, at least 1/3 -> 1, else 0."""
    bagian = Fraction(jumlah, dari)
    if bagian == 1:
        return 3
    if bagian >= Fraction(2, 3):
        return 2
    if bagian >= Fraction(1, 3):
        return 1
    return 0


def _skor_hitungan(jumlah: int) -> int:
    """A count scored >= 3 -> 3, 2 -> 2, 1 -> 1, 0 -> 0."""
    return min(jumlah, SKOR_MAKS)


def _kehadiran(pertemuan: tuple[FaktaPertemuan, ...]) -> int:
    aktif = sum(p.anggota_aktif for p in pertemuan)
    if aktif == 0:
        return 0
    bagian = Fraction(sum(p.hadir for p in pertemuan), aktif)
    if bagian >= Fraction(80, 100):
        return 3
    if bagian >= Fraction(60, 100):
        return 2
    return 1 if bagian >= Fraction(40, 100) else 0


def _agenda(pertemuan: tuple[FaktaPertemuan, ...]) -> int:
    if not pertemuan:
        return 0
    bagian = Fraction(sum(1 for p in pertemuan if p.ada_agenda), len(pertemuan))
    if bagian >= Fraction(80, 100):
        return 3
    if bagian >= Fraction(50, 100):
        return 2
    return 1 if bagian > 0 else 0


def _aturan_main(tanggal: date | None, per: date) -> int:
    if tanggal is None:
        return 0
    return 3 if tanggal >= awal_dua_belas_bulan(per) else 2


def _pengembalian(kolektibilitas: int | None, akhir_pinjaman: str | None) -> int:
    if kolektibilitas is not None:
        return SKOR_KOLEKTIBILITAS[kolektibilitas]
    if akhir_pinjaman is None:
        return 0
    return SKOR_AKHIR_PINJAMAN[akhir_pinjaman]


def _pembukuan(pemeriksaan: PemeriksaanBuku | None, per: date) -> int:
    if pemeriksaan is None or pemeriksaan.tanggal < awal_dua_belas_bulan(per):
        return 0
    return SKOR_PEMBUKUAN[pemeriksaan.hasil]


def _rekening(penandatangan: int) -> int:
    if penandatangan >= 2:
        return 3
    return 1 if penandatangan == 1 else 0


def _periksa_jendela(fakta: FaktaTahap, bulan: int) -> None:
    """Refuse facts outside the window: the gatherer and the rules must agree on it."""
    awal, akhir = jendela(fakta.per, bulan)
    for p in fakta.pertemuan:
        if not awal <= p.tanggal <= akhir:
            raise ValueError(f"Pertemuan {p.tanggal} di luar jendela penilaian {awal}..{akhir}.")
    di_luar = sorted(fakta.bulan_tabungan_bersih_positif - set(daftar_bulan_jendela(fakta.per, bulan)))
    if di_luar:
        raise ValueError(f"Bulan tabungan {di_luar} di luar jendela penilaian {awal}..{akhir}.")


def nilai_tahap(
    fakta: FaktaTahap,
    *,
    tumbuh_min: int = TUMBUH_MIN_BAKU,
    kembang_min: int = KEMBANG_MIN_BAKU,
    bulan_jendela: int = BULAN_JENDELA_BAKU,
) -> HasilTahap:
    """The ten proposed scores of DOMAIN.md §3 from the facts as of `fakta.per`, their total and stage."""
    _bulat("Panjang jendela", bulan_jendela, minimal=1)
    _periksa_jendela(fakta, bulan_jendela)
    pertemuan = fakta.pertemuan
    bulan_bertemu = len({(p.tanggal.year, p.tanggal.month) for p in pertemuan})
    skor = (
        _skor_bulan(bulan_bertemu, bulan_jendela),
        _kehadiran(pertemuan),
        _agenda(pertemuan),
        _skor_bulan(len(fakta.bulan_tabungan_bersih_positif), bulan_jendela),
        _aturan_main(fakta.tanggal_aturan_main, fakta.per),
        _pengembalian(fakta.kolektibilitas_terburuk, fakta.akhir_pinjaman_terakhir),
        _pembukuan(fakta.pemeriksaan_buku_terakhir, fakta.per),
        _rekening(fakta.penandatangan_rekening),
        _skor_hitungan(len(fakta.kegiatan_mitra)),
        _skor_hitungan(sum(1 for p in pertemuan if p.ada_perkara_kritis)),
    )
    total = sum(skor)
    return HasilTahap(
        indikator=tuple(
            Indikator(no=no, nama=nama, skor=s)
            for no, (nama, s) in enumerate(zip(NAMA_INDIKATOR, skor, strict=True), 1)
        ),
        total=total,
        tahap=tahap_dari_total(total, tumbuh_min=tumbuh_min, kembang_min=kembang_min),
    )
