"""The year-end surplus split (alokasi surplus): pure computation, no ORM.

DOMAIN.md §7: the LKM's annual decision gives each of five lines a share in percent with two decimals, summing
to exactly 100,00%; each line gets floor(surplus x share / 100) whole rupiah and the rupiah left over go to
pemupukan modal, so the lines add up to the surplus exactly. Example: Rp 10.000.001 at 50/20/15/10/5 ->
5.000.001 / 2.000.000 / 1.500.000 / 1.000.000 / 500.000.

Decisions taken here:
- Shares are Decimal (or int) with at most two decimals; a float is refused (0.1 + 0.2 is not 0.3), as is a
  negative share, a share above 100 and a missing or unknown line. A share may be 0 (that line gets nothing).
- The floor is exact integer arithmetic on hundredths of a percent: surplus x (share x 100) // 10 000.
- The leftover is at most 4 rupiah (five floors each drop less than one rupiah) and always goes to pemupukan
  modal, even when its own share is 0: the capital line is where a revolving fund keeps what is not given out.
- A surplus of zero splits into zeros; a negative surplus (a deficit) is refused: it allocates nothing.
- `baca_persen` reads a share as people type it: `50`, `50,00`, `50.5`, `12,75`, `12,75%`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

POS = ("pemupukan_modal", "lingkungan", "sosial", "insentif", "cadangan")
"""The five lines, in the order of the decision and of the journal."""

NAMA_POS = {
    "pemupukan_modal": "Pemupukan modal",
    "lingkungan": "Dana lingkungan (UPL)",
    "sosial": "Dana sosial (UPS)",
    "insentif": "Insentif pengelola/pengawas",
    "cadangan": "Cadangan umum",
}

SERATUS = Decimal("100.00")


class BagianTidakSah(ValueError):
    """Shares the split cannot use; `errors` names each line at fault (field = the line's name)."""

    def __init__(self, pesan: str, *, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(pesan)
        self.pesan = pesan
        self.errors = errors or []


@dataclass(frozen=True)
class HasilAlokasi:
    surplus: int
    bagian: dict[str, Decimal]
    jumlah: dict[str, int]
    sisa_pembulatan: int  # rupiah added to pemupukan modal beyond its own floor (0..4)


def format_persen_dua(nilai: Decimal) -> str:
    """`50,00` (two decimals, decimal comma), as a decision writes a share."""
    return f"{nilai.quantize(Decimal('0.01')):.2f}".replace(".", ",")


_POLA_PERSEN = re.compile(r"^\s*(-?\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$")


def baca_persen(teks: str) -> Decimal:
    """A share as typed (`50`, `50,00`, `12.5`, `12,75%`) -> Decimal with two decimals; refuses the rest."""
    cocok = _POLA_PERSEN.match(teks or "")
    if not cocok:
        raise BagianTidakSah(f"Bagian {teks!r} tidak dikenal; tulis seperti 50 atau 12,75.")
    utuh, pecahan = cocok.group(1), cocok.group(2) or "0"
    return Decimal(f"{utuh}.{pecahan.ljust(2, '0')}")


def periksa_bagian(bagian: Mapping[str, object]) -> dict[str, Decimal]:
    """The five shares as Decimal with two decimals, each 0..100, summing to exactly 100,00; every fault
    named."""
    errors: list[dict[str, str]] = []
    hasil: dict[str, Decimal] = {}
    for nama in sorted(set(bagian) - set(POS)):
        errors.append({"field": nama, "message": f"Pos {nama} tidak dikenal."})
    for nama in POS:
        if nama not in bagian:
            errors.append({"field": nama, "message": f"Bagian {NAMA_POS[nama].lower()} wajib diisi."})
            continue
        nilai = bagian[nama]
        if isinstance(nilai, bool) or not isinstance(nilai, Decimal | int):
            errors.append(
                {
                    "field": nama,
                    "message": f"Bagian {NAMA_POS[nama].lower()} harus angka persen, bukan {nilai!r}.",
                }
            )
            continue
        persen = Decimal(nilai)
        if not persen.is_finite():
            errors.append({"field": nama, "message": f"Bagian {NAMA_POS[nama].lower()} harus angka persen."})
            continue
        if persen != persen.quantize(Decimal("0.01")):
            errors.append(
                {
                    "field": nama,
                    "message": f"Bagian {NAMA_POS[nama].lower()} paling banyak dua angka desimal.",
                }
            )
            continue
        if persen < 0 or persen > 100:
            errors.append(
                {"field": nama, "message": f"Bagian {NAMA_POS[nama].lower()} harus antara 0 dan 100%."}
            )
            continue
        hasil[nama] = persen.quantize(Decimal("0.01"))
    if errors:
        raise BagianTidakSah(
            "Bagian alokasi tidak sah: " + " ".join(e["message"] for e in errors), errors=errors
        )
    total = sum(hasil.values(), Decimal(0))
    if total != SERATUS:
        pesan = f"Jumlah bagian {format_persen_dua(total)}%; harus tepat 100,00%."
        raise BagianTidakSah(pesan, errors=[{"field": "bagian", "message": pesan}])
    return hasil


def bagi_surplus(surplus: int, bagian: Mapping[str, object]) -> HasilAlokasi:
    """Split a year's surplus over the five lines: floor per line, the leftover rupiah to pemupukan modal."""
    if not isinstance(surplus, int) or isinstance(surplus, bool):
        raise ValueError(f"Surplus harus rupiah bulat, bukan {surplus!r}.")
    if surplus < 0:
        raise ValueError("Defisit tidak dialokasikan.")
    persen = periksa_bagian(bagian)
    jumlah = {nama: surplus * int(persen[nama] * 100) // 10_000 for nama in POS}
    sisa = surplus - sum(jumlah.values())
    jumlah["pemupukan_modal"] += sisa
    return HasilAlokasi(surplus=surplus, bagian=persen, jumlah=jumlah, sisa_pembulatan=sisa)


def baca_bagian(teks: Mapping[str, str]) -> dict[str, Decimal]:
    """Five shares as typed (form or API strings) -> checked Decimals; every unreadable line named."""
    errors: list[dict[str, str]] = []
    nilai: dict[str, object] = {}
    for nama, isi in teks.items():
        if nama not in POS:
            nilai[nama] = isi
            continue
        try:
            nilai[nama] = baca_persen(isi)
        except BagianTidakSah as exc:
            errors.append({"field": nama, "message": exc.pesan})
    if errors:
        raise BagianTidakSah(
            "Bagian alokasi tidak sah: " + " ".join(e["message"] for e in errors), errors=errors
        )
    return periksa_bagian(nilai)


@dataclass(frozen=True)
class Pratinjau:
    """What the decision form shows while shares are typed: each readable line's amount (its floor), the
    total share, and what is wrong; `hasil` is the final split once the shares are valid."""

    surplus: int
    bagian: dict[str, Decimal | None]
    jumlah: dict[str, int | None]
    total_bagian: Decimal
    galat: list[dict[str, str]]
    hasil: HasilAlokasi | None

    @property
    def baris(self) -> list[dict[str, object]]:
        """One row per line for the preview table: name, share as written (`50,00`) and amount."""
        return [
            {
                "pos": p,
                "nama": NAMA_POS[p],
                "bagian": format_persen_dua(b) if (b := self.bagian[p]) is not None else "",
                "jumlah": self.jumlah[p],
            }
            for p in POS
        ]

    @property
    def total_teks(self) -> str:
        return format_persen_dua(self.total_bagian)


def pratinjau(surplus: int, teks: Mapping[str, str]) -> Pratinjau:
    """The live preview of a split as shares are typed (the floors; the leftover once the total is 100)."""
    bagian: dict[str, Decimal | None] = {}
    galat: list[dict[str, str]] = []
    for nama in POS:
        isi = (teks.get(nama) or "").strip()
        if not isi:
            bagian[nama] = None
            continue
        try:
            bagian[nama] = baca_persen(isi)
        except BagianTidakSah as exc:
            bagian[nama] = None
            galat.append({"field": nama, "message": exc.pesan})
    jumlah = {
        nama: (surplus * int(b * 100) // 10_000 if b is not None and 0 <= b <= 100 else None)
        for nama, b in bagian.items()
    }
    total = sum((b for b in bagian.values() if b is not None), Decimal(0))
    hasil = None
    if not galat and all(b is not None for b in bagian.values()):
        try:
            hasil = bagi_surplus(surplus, {k: v for k, v in bagian.items() if v is not None})
        except BagianTidakSah as exc:
            galat = exc.errors
        else:
            jumlah = dict(hasil.jumlah)
    return Pratinjau(surplus, bagian, jumlah, total, galat, hasil)
