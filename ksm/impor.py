"""Excel import of KSMs and members: all rows checked by the same services,
all or nothing, a report per cell."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl.utils import get_column_letter

from kotaku.errors import KesalahanDomain
from kotaku.forms import RupiahField, TanggalField
from kotaku.models import LKM
from ksm import services
from ksm.models import KSM, Anggota, Keanggotaan

# (header, key, required, parser name, note for the instructions sheet)
KOLOM_KSM: list[tuple[str, str, bool, str, str]] = [
    ("Nama KSM", "nama", True, "teks", "unik di LKM"),
    ("Jenis", "jenis", True, "jenis", "pinjaman_bergulir / infrastruktur / sosial"),
    ("Tanggal berdiri", "tanggal_berdiri", True, "tanggal", "tanggal Excel atau 14/10/2019"),
    ("Alamat", "alamat", False, "teks", ""),
    ("Bank/koperasi", "nama_bank", False, "teks", ""),
    ("Nomor rekening", "nomor_rekening", False, "teks", ""),
    ("Penandatangan 1", "penandatangan_1", False, "teks", ""),
    ("Penandatangan 2", "penandatangan_2", False, "teks", ""),
]
KOLOM_ANGGOTA: list[tuple[str, str, bool, str, str]] = [
    ("Nama KSM", "ksm", True, "teks", "KSM di lembar KSM atau yang sudah terdaftar"),
    ("NIK", "nik", True, "nik", "16 digit; isi sel sebagai teks"),
    ("Nama", "nama", True, "teks", ""),
    ("Jenis kelamin", "jenis_kelamin", True, "jk", "L / P"),
    ("Tanggal lahir", "tanggal_lahir", False, "tanggal", ""),
    ("Alamat", "alamat", False, "teks", ""),
    ("Nomor KK", "nomor_kk", False, "teks", ""),
    ("Telepon", "telepon", False, "teks", ""),
    ("Jenis usaha", "jenis_usaha", False, "teks", ""),
    ("Pendapatan sebelum (Rp)", "pendapatan_sebelum", False, "rupiah", "angka bulat"),
    ("Satuan pendapatan", "satuan_pendapatan", False, "satuan", "hari / bulan"),
    ("Terdaftar PS2", "terdaftar_ps2", False, "yatidak", "ya / tidak"),
    ("Peran", "peran", False, "peran", "ketua / sekretaris / bendahara / anggota"),
    ("Tanggal bergabung", "tanggal_bergabung", True, "tanggal", ""),
    (
        "Tanggal tanggung renteng",
        "tanggal_tanggung_renteng",
        False,
        "tanggal",
        "kosong bila belum menandatangani",
    ),
]


@dataclass(frozen=True)
class Masalah:
    lembar: str
    baris: int
    kolom: str  # header text and column letter, e.g. `NIK (B)`; empty for the whole row
    pesan: str

    def __str__(self) -> str:
        tempat = f"Lembar {self.lembar}, baris {self.baris}"
        return f"{tempat}, kolom {self.kolom}: {self.pesan}" if self.kolom else f"{tempat}: {self.pesan}"


@dataclass(frozen=True)
class HasilImpor:
    jumlah_ksm: int
    jumlah_anggota: int


class ImporGagal(Exception):
    def __init__(self, masalah: list[Masalah]) -> None:
        super().__init__(f"{len(masalah)} masalah")
        self.masalah = masalah


class _Batal(Exception):
    pass


def lembar_templat() -> list[tuple[str, Sequence[str], list[list[Any]]]]:
    petunjuk = [["Lembar", "Kolom", "Wajib", "Isi"]]
    for nama, kolom in (("KSM", KOLOM_KSM), ("Anggota", KOLOM_ANGGOTA)):
        petunjuk += [[nama, h, "ya" if w else "", c] for h, _, w, _, c in kolom]
    return [
        ("KSM", [k[0] for k in KOLOM_KSM], []),
        ("Anggota", [k[0] for k in KOLOM_ANGGOTA], []),
        ("Petunjuk", petunjuk[0], petunjuk[1:]),
    ]


# ---- cell parsers: value -> python, or ValueError with the message -----------------------------------------


def _teks(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return "" if v is None else str(v).strip()


def _tanggal(v: Any) -> date | None:
    """A cell read as a date the same way as every form field (kotaku.forms.TanggalField)."""
    if v in (None, ""):
        return None
    try:
        return cast(date | None, TanggalField(required=False, paling_awal=date(1900, 1, 1)).clean(v))
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None


def _pilihan(nilai: Sequence[str], nama: str) -> Callable[[Any], str]:
    def parse(v: Any) -> str:
        teks = _teks(v).lower().replace(" ", "_")
        if teks and teks not in nilai:
            raise ValueError(f"\u201c{_teks(v)}\u201d bukan {nama} yang dikenal ({' / '.join(nilai)}).")
        return teks

    return parse


def _rupiah(v: Any) -> int:
    """A cell read as rupiah the same way as every form field (`5.000`, `Rp 5.000`, a number cell)."""
    if v in (None, ""):
        return 0
    if isinstance(v, float):
        if v != int(v):
            raise ValueError("Rupiah harus bulat, tanpa sen.")
        v = int(v)
    try:
        return int(RupiahField(min_value=0, max_value=1_000_000_000).clean(v))
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None


def _ya_tidak(v: Any) -> bool:
    teks = _teks(v).lower()
    if teks in ("", "tidak", "t", "0", "false"):
        return False
    if teks in ("ya", "y", "1", "true"):
        return True
    raise ValueError(f"\u201c{_teks(v)}\u201d harus ya atau tidak.")


def _nik(v: Any) -> str:
    if isinstance(v, (int, float)):
        raise ValueError(
            "NIK tertulis sebagai angka (Excel membulatkan 16 digit); format selnya sebagai teks."
        )
    return _teks(v)


PARSER: dict[str, Callable[[Any], Any]] = {
    "teks": _teks,
    "tanggal": _tanggal,
    "jenis": _pilihan(KSM.Jenis.values, "jenis KSM"),
    "jk": lambda v: _teks(v).upper(),
    "rupiah": _rupiah,
    "satuan": _pilihan(Anggota.SatuanPendapatan.values, "satuan pendapatan"),
    "yatidak": _ya_tidak,
    "peran": _pilihan(Keanggotaan.Peran.values, "peran"),
    "nik": _nik,
}


def _baca_lembar(
    wb: Any, nama: str, kolom: list[tuple[str, str, bool, str, str]], masalah: list[Masalah]
) -> list[tuple[int, dict[str, Any], dict[str, str]]]:
    """Rows of one sheet as (row number, values, column label per key); header problems go to `masalah`."""
    if nama not in wb.sheetnames:
        masalah.append(
            Masalah(nama, 1, "", f"Lembar \u201c{nama}\u201d tidak ada; pakai templat yang diunduh.")
        )
        return []
    ws = wb[nama]
    kepala = [(_teks(c.value).lower()) for c in next(ws.iter_rows(min_row=1, max_row=1), [])]
    posisi: dict[str, int] = {}
    label: dict[str, str] = {}
    for teks, key, wajib, _, _ in kolom:
        if teks.lower() in kepala:
            i = kepala.index(teks.lower())
            posisi[key] = i
            label[key] = f"{teks} ({get_column_letter(i + 1)})"
        elif wajib:
            masalah.append(Masalah(nama, 1, teks, "Kolom wajib tidak ada di baris judul."))
    hasil = []
    for nomor, sel in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(v in (None, "") for v in sel):
            continue
        nilai: dict[str, Any] = {}
        for _judul, key, wajib, parser, _ in kolom:
            if key not in posisi:
                continue
            mentah = sel[posisi[key]] if posisi[key] < len(sel) else None
            try:
                nilai[key] = PARSER[parser](mentah)
            except ValueError as exc:
                masalah.append(Masalah(nama, nomor, label[key], str(exc)))
                continue
            if wajib and nilai[key] in (None, ""):
                masalah.append(Masalah(nama, nomor, label[key], "Wajib diisi."))
        hasil.append((nomor, nilai, label))
    return hasil


def _catat(
    masalah: list[Masalah], lembar: str, nomor: int, label: dict[str, str], exc: KesalahanDomain
) -> None:
    if not exc.errors:
        masalah.append(Masalah(lembar, nomor, "", exc.pesan))
    for g in exc.errors:
        masalah.append(Masalah(lembar, nomor, label.get(g["field"], ""), g["message"]))


def impor_berkas(*, lkm: LKM, berkas: Any, oleh: Any) -> HasilImpor:
    """Import the workbook into `lkm`; raise ImporGagal with every problem and import nothing if any row
    fails."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(berkas, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload gets the same answer
        raise ImporGagal([Masalah("-", 0, "", "Berkas bukan Excel .xlsx yang dapat dibaca.")]) from None
    masalah: list[Masalah] = []
    baris_ksm = _baca_lembar(wb, "KSM", KOLOM_KSM, masalah)
    baris_anggota = _baca_lembar(wb, "Anggota", KOLOM_ANGGOTA, masalah)
    if not baris_ksm and not baris_anggota and not masalah:
        raise ImporGagal([Masalah("KSM", 2, "", "Berkas tidak berisi data.")])
    cacat = {(m.lembar, m.baris) for m in masalah}
    jumlah_ksm = jumlah_anggota = 0
    try:
        with transaction.atomic():
            baru: dict[str, KSM] = {}
            for nomor, nilai, label in baris_ksm:
                if ("KSM", nomor) in cacat:
                    continue
                try:
                    with transaction.atomic():
                        ksm = services.buat_ksm(lkm=lkm, data=nilai, oleh=oleh)
                except KesalahanDomain as exc:
                    _catat(masalah, "KSM", nomor, label, exc)
                else:
                    baru[ksm.nama.lower()] = ksm
                    jumlah_ksm += 1
            terdaftar = {k.nama.lower(): k for k in KSM.objects.filter(lkm=lkm)}
            for nomor, nilai, label in baris_anggota:
                if ("Anggota", nomor) in cacat:
                    continue
                ksm = baru.get(nilai["ksm"].lower()) or terdaftar.get(nilai["ksm"].lower())  # type: ignore[assignment]
                if ksm is None:
                    masalah.append(
                        Masalah(
                            "Anggota", nomor, label["ksm"], f"KSM \u201c{nilai['ksm']}\u201d tidak ditemukan."
                        )
                    )
                    continue
                data = {k: nilai.get(k) for k in services.KOLOM_ANGGOTA if k in nilai}
                if not data.get("satuan_pendapatan"):
                    data.pop("satuan_pendapatan", None)
                try:
                    with transaction.atomic():
                        services.tambah_anggota(
                            ksm=ksm,
                            nik=nilai["nik"],
                            data=data,
                            peran=nilai.get("peran") or "anggota",
                            tanggal_bergabung=nilai["tanggal_bergabung"],
                            tanggal_tanggung_renteng=nilai.get("tanggal_tanggung_renteng"),
                            oleh=oleh,
                        )
                except KesalahanDomain as exc:
                    _catat(masalah, "Anggota", nomor, label, exc)
                else:
                    jumlah_anggota += 1
            if masalah:
                raise _Batal
    except _Batal:
        urut = {"-": 0, "KSM": 1, "Anggota": 2}
        raise ImporGagal(sorted(masalah, key=lambda m: (urut.get(m.lembar, 3), m.baris))) from None
    return HasilImpor(jumlah_ksm, jumlah_anggota)
