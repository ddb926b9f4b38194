"""NIK (Nomor Induk Kependudukan) checks: pure, no ORM.

Layout of the 16 digits: PPKKCC DDMMYY SSSS - province, kabupaten/kota, kecamatan; date of birth (women add 40
to the day); a sequence number. Kabupaten Madiun is 3519.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kotaku.tanggal import NAMA_BULAN, hari_ini


class NIKTidakValid(ValueError):
    """The NIK cannot be right; the message says why, in Bahasa Indonesia."""


@dataclass(frozen=True)
class InfoNIK:
    provinsi: str
    kabupaten: str
    kecamatan: str
    tanggal_lahir: date
    jenis_kelamin: str  # "L" / "P"
    urut: str


def _tahun_lengkap(yy: int, *, per: date) -> int:
    """Two-digit year to four: the latest century that does not put the birth in the future."""
    tahun = 2000 + yy
    return tahun if tahun <= per.year else 1900 + yy


def periksa_nik(nik: str, *, per: date | None = None) -> InfoNIK:
    """Parse a NIK or raise NIKTidakValid with a message naming what is wrong."""
    per = per or hari_ini()
    nik = (nik or "").strip()
    if not (nik.isascii() and nik.isdigit()):
        raise NIKTidakValid("NIK harus 16 digit angka; yang diisi memuat huruf, spasi atau tanda baca.")
    if len(nik) != 16:
        raise NIKTidakValid(f"NIK harus 16 digit angka; yang diisi {len(nik)} digit.")
    provinsi, kabupaten, kecamatan = nik[0:2], nik[2:4], nik[4:6]
    if not 11 <= int(provinsi) <= 94:
        raise NIKTidakValid(f"NIK berkode provinsi {provinsi} yang tidak ada (kode provinsi 11 sampai 94).")
    if kabupaten == "00":
        raise NIKTidakValid("NIK berkode kabupaten/kota 00 yang tidak ada.")
    if kecamatan == "00":
        raise NIKTidakValid("NIK berkode kecamatan 00 yang tidak ada.")
    hari, bulan, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    jenis_kelamin = "L"
    if hari > 40:
        hari -= 40
        jenis_kelamin = "P"
    teks_tanggal = f"{nik[6:8]}-{nik[8:10]}-{nik[10:12]}"
    try:
        lahir = date(_tahun_lengkap(yy, per=per), bulan, hari)
    except ValueError:
        raise NIKTidakValid(
            f"NIK memuat tanggal lahir yang tidak mungkin ({teks_tanggal}; hari 01-31, perempuan 41-71; "
            "bulan 01-12)."
        ) from None
    if lahir > per:
        raise NIKTidakValid(f"NIK memuat tanggal lahir yang tidak mungkin ({teks_tanggal} belum terjadi).")
    urut = nik[12:16]
    if urut == "0000":
        raise NIKTidakValid("NIK bernomor urut 0000 yang tidak ada.")
    return InfoNIK(provinsi, kabupaten, kecamatan, lahir, jenis_kelamin, urut)


def cocokkan_nik(info: InfoNIK, *, jenis_kelamin: str | None, tanggal_lahir: date | None) -> list[str]:
    """Differences between what the NIK encodes and what was typed (sex, date of birth), as messages."""
    pesan = []
    if jenis_kelamin and jenis_kelamin != info.jenis_kelamin:
        tertulis = "perempuan" if info.jenis_kelamin == "P" else "laki-laki"
        pesan.append(f"NIK ini milik seorang {tertulis}, tidak cocok dengan jenis kelamin yang diisi.")
    if tanggal_lahir and tanggal_lahir != info.tanggal_lahir:
        lahir = info.tanggal_lahir
        pesan.append(
            f"NIK memuat tanggal lahir {lahir.day} {NAMA_BULAN[lahir.month]} {lahir.year}, "
            "tidak cocok dengan tanggal lahir yang diisi."
        )
    return pesan
