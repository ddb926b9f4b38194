"""Whole-rupiah money: the field, the one rounding function, formatting and terbilang."""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias

from django.core.exceptions import ValidationError
from django.db import models

Rupiah: TypeAlias = int
"""Whole rupiah. Stored as numeric(15, 0); Python sees int, never float."""

SATUAN_PEMBULATAN = (1, 100, 500, 1000)
MODE_PEMBULATAN = ("half_up", "up")


if TYPE_CHECKING:
    _Desimal = models.DecimalField[int | Decimal, int]
else:
    _Desimal = models.DecimalField


class RupiahField(_Desimal):
    """numeric(15, 0) in PostgreSQL; int in Python (aggregates over it come back as int too)."""

    description = "Whole rupiah"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_digits"] = 15
        kwargs["decimal_places"] = 0
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        return name, path, args, kwargs

    @property
    def validators(self) -> list[Any]:
        # Values are ints: DecimalValidator does not apply; 15 digits is the column's bound.
        from django.core.validators import MaxValueValidator, MinValueValidator

        return [
            *self.default_validators,
            *self._validators,  # type: ignore[attr-defined]
            MinValueValidator(-(10**15) + 1),
            MaxValueValidator(10**15 - 1),
        ]

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        from django import forms

        return models.Field.formfield(
            self, form_class=form_class or forms.IntegerField, choices_form_class=choices_form_class, **kwargs
        )

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> int | None:
        return None if value is None else int(value)

    def to_python(self, value: Any) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, float):
            raise ValidationError("Nilai rupiah tidak boleh pecahan (float).")
        dec = super().to_python(value)
        if dec is None:
            return None
        if dec != dec.to_integral_value():
            raise ValidationError("Nilai rupiah harus bilangan bulat.")
        return int(dec)


def bulatkan(nilai: Decimal | int, *, satuan: int = 100, mode: str = "half_up") -> Rupiah:
    """Round to a multiple of `satuan` rupiah: half up (default) or up (ceiling), per LKM policy."""
    if isinstance(nilai, float):
        raise TypeError("bulatkan() menolak float; gunakan Decimal atau int")
    if satuan not in SATUAN_PEMBULATAN:
        raise ValueError(f"Satuan pembulatan {satuan} tidak dikenal; pilih {SATUAN_PEMBULATAN}")
    if mode not in MODE_PEMBULATAN:
        raise ValueError(f"Mode pembulatan {mode!r} tidak dikenal; pilih {MODE_PEMBULATAN}")
    rounding = ROUND_HALF_UP if mode == "half_up" else ROUND_CEILING
    kelipatan = (Decimal(nilai) / satuan).quantize(Decimal(1), rounding=rounding)
    return int(kelipatan) * satuan


def bulatkan_rasio(nilai: Fraction) -> Decimal:
    """An exact ratio as a Decimal with exactly 4 places, half away from zero (0.07315 -> 0.0732).

    The one rounding of every ratio the product shows (indicators, LU-02), so two screens never disagree."""
    if not isinstance(nilai, Fraction):
        raise TypeError(f"bulatkan_rasio butuh Fraction, bukan {type(nilai).__name__}")
    besar = abs(nilai)
    # floor(|x| x 10000 + 1/2) in integers: no binary or decimal intermediate to round twice.
    puluh_ribuan = (2 * besar.numerator * 10_000 + besar.denominator) // (2 * besar.denominator)
    if nilai < 0:
        puluh_ribuan = -puluh_ribuan
    return (Decimal(puluh_ribuan) / 10_000).quantize(Decimal("0.0001"))


class RupiahTidakValid(ValueError):
    """Text that is not a whole-rupiah amount as Indonesians write it; the message is for the user."""


_RUPIAH = re.compile(
    r"^(?P<tanda>-)?\s*(?:rp\.?)?\s*(?P<angka>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?P<sen>,-|,0+)?$"
)


def baca_rupiah(teks: str) -> int:
    """`5.000`, `5000`, `Rp 5.000`, `Rp5.000,-`, `5.000,00` -> 5000. A dot groups thousands (the Indonesian
    way), so `5.5` and `5,5` are refused, as is anything but ASCII digits: a clerk's typo must never become
    money."""
    bersih = " ".join(str(teks).split()).lower()
    if not bersih:
        raise RupiahTidakValid("Jumlah wajib diisi.")
    cocok = _RUPIAH.match(bersih)
    if cocok is None:
        if re.search(r",[0-9]*[1-9]", bersih):
            raise RupiahTidakValid("Rupiah harus bulat, tanpa sen (koma hanya untuk ,00 atau ,-).")
        raise RupiahTidakValid(
            f"“{teks}” bukan jumlah rupiah. Tulis angka saja, titik sebagai pemisah ribuan: 5.000 atau 5000."
        )
    nilai = int(cocok["angka"].replace(".", ""))
    return -nilai if cocok["tanda"] else nilai


def format_rupiah(nilai: int | Decimal | None, *, awalan: str = "Rp ") -> str:
    """`Rp 2.975.894.908`; negative amounts as `-Rp 1.000`."""
    if nilai is None:
        return ""
    n = int(nilai)
    teks = f"{abs(n):,}".replace(",", ".")
    return f"-{awalan}{teks}" if n < 0 else f"{awalan}{teks}"


def format_angka(nilai: int | Decimal | None) -> str:
    """`2.975.894.908`: a whole number with dot thousands, no prefix."""
    return format_rupiah(nilai, awalan="")


def format_desimal(nilai: Decimal | int | None, tempat: int = 2) -> str:
    """A plain decimal the Indonesian way: 8.01 -> `8,01` (months of arrears, ratios that are not percent)."""
    return "-" if nilai is None else format_persen(nilai, tempat=tempat)[:-1]


def format_persen(nilai: Decimal | int | None, *, tempat: int | None = None, rasio: bool = False) -> str:
    """The one Indonesian percentage: `7,31%` (comma decimals, dot thousands). `rasio=True` reads 0.0731 as
    7,31% (two decimals unless `tempat` says otherwise); a percent value keeps its own decimals (`0,5%`)."""
    if nilai is None:
        return "-"
    angka = Decimal(nilai) * (100 if rasio else 1)
    if tempat is None and rasio:
        tempat = 2
    if tempat is None:
        teks = f"{angka.normalize():,f}" if angka != angka.to_integral_value() else f"{int(angka):,}"
    else:
        teks = f"{angka:,.{tempat}f}"
    return teks.replace(",", "_").replace(".", ",").replace("_", ".") + "%"


_SATUAN = [
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]
_SKALA = [(10**12, "triliun"), (10**9, "miliar"), (10**6, "juta")]


def _bawah_seribu(n: int) -> str:
    if n < 12:
        return _SATUAN[n]
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        puluh, sisa = divmod(n, 10)
        return f"{_SATUAN[puluh]} puluh {_SATUAN[sisa]}".strip()
    ratus, sisa = divmod(n, 100)
    depan = "seratus" if ratus == 1 else f"{_SATUAN[ratus]} ratus"
    return f"{depan} {_bawah_seribu(sisa)}".strip()


def _bawah_sejuta(n: int) -> str:
    ribu, sisa = divmod(n, 1000)
    if ribu == 0:
        return _bawah_seribu(sisa)
    depan = "seribu" if ribu == 1 else f"{_bawah_seribu(ribu)} ribu"
    return f"{depan} {_bawah_seribu(sisa)}".strip()


def terbilang(nilai: int | Decimal) -> str:
    """Amount in Indonesian words, e.g. 1.001 -> `seribu satu` (receipts append `rupiah`)."""
    n = int(nilai)
    if n != nilai:
        raise ValueError("terbilang hanya untuk bilangan bulat")
    if n == 0:
        return "nol"
    if n < 0:
        return f"minus {terbilang(-n)}"
    bagian: list[str] = []
    for besar, nama in _SKALA:
        if n >= besar:
            depan, n = divmod(n, besar)
            bagian.append(f"{terbilang(depan)} {nama}")
    if n:
        bagian.append(_bawah_sejuta(n))
    return " ".join(bagian)


def terbilang_rupiah(nilai: int | Decimal) -> str:
    """`dua juta rupiah`: the words printed on receipts and vouchers."""
    return f"{terbilang(nilai)} rupiah"
