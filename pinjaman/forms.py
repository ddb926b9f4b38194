"""Forms of the loan screens: the application, each workflow action and the collection sheet.

They parse what people type (rupiah with dots, dates that exist, a rate written `1,5`); the rules live in
`pinjaman.services`, whose refusals come back onto the fields they name. Every money form carries `kunci`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kotaku.forms import FormDasar, RupiahField, TanggalField, pasang_bootstrap
from ksm.models import Anggota
from pinjaman.models import Frekuensi


class KunciMixin(forms.Form):
    """The idempotency key of a money form: a double submit or a retried request posts once."""

    kunci = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=8)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("kunci", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)


class PersenField(forms.DecimalField):
    """A percentage as written in Indonesia (`1,5`) or with a point (`1.5`); up to three decimals."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 6)
        kwargs.setdefault("decimal_places", 3)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", Decimal(10))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace("%", "").replace(",", ".")
            try:
                Decimal(value) if value else None
            except InvalidOperation:
                raise ValidationError("Tulis persen dengan angka, misalnya 1,5.") from None
        return super().to_python(value)


class FormulirAjukan(KunciMixin, FormDasar):
    """A loan application: terms and one share per member (blank or 0 = the member does not borrow)."""

    tanggal_pengajuan = TanggalField(label="Tanggal pengajuan", bukan_masa_depan=True)
    jangka_bulan = forms.IntegerField(label="Jangka (bulan)", min_value=1, max_value=60)
    frekuensi = forms.ChoiceField(label="Angsuran", choices=Frekuensi.choices, initial=Frekuensi.BULANAN)
    metode_jasa = forms.ChoiceField(label="Metode jasa", choices=[("flat", "Flat"), ("menurun", "Menurun")])
    jasa_persen_per_bulan = PersenField(label="Jasa % per bulan")

    def __init__(self, *args: Any, anggota: Sequence[Anggota], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anggota = list(anggota)
        for a in self.anggota:
            self.fields[f"pokok_{a.pk}"] = RupiahField(
                label=a.nama, required=False, min_value=0, max_value=100_000_000
            )

    def baris_anggota(self) -> list[tuple[Anggota, forms.BoundField]]:
        return [(a, self[f"pokok_{a.pk}"]) for a in self.anggota]

    def bagian(self) -> list[tuple[Anggota, int]]:
        """The members who borrow and their shares."""
        return [
            (a, self.cleaned_data[f"pokok_{a.pk}"])
            for a in self.anggota
            if self.cleaned_data.get(f"pokok_{a.pk}")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"pokok_{a.pk}") for a in self.anggota) and not self.errors:
            raise ValidationError("Isi jumlah pinjaman minimal satu anggota.")
        return data


class FormulirCatatan(FormDasar):
    catatan = forms.CharField(label="Catatan", max_length=1000, required=False)


class FormulirTolak(FormDasar):
    alasan = forms.CharField(label="Alasan penolakan", max_length=1000)


class FormulirCairkan(KunciMixin, FormDasar):
    tanggal = TanggalField(label="Tanggal pencairan", bukan_masa_depan=True)


class FormulirKeputusan(FormDasar):
    """What every board decision carries: its number and date."""

    nomor_keputusan = forms.CharField(label="Nomor keputusan", max_length=100)
    tanggal_keputusan = TanggalField(label="Tanggal keputusan", bukan_masa_depan=True)


class FormulirHapusBuku(KunciMixin, FormulirKeputusan):
    tanggal = TanggalField(label="Tanggal hapus buku", bukan_masa_depan=True)


class FormulirJadwalUlang(FormulirKeputusan):
    mulai = TanggalField(label="Berlaku mulai", bukan_masa_depan=True)
    jangka_bulan = forms.IntegerField(label="Jangka baru (bulan)", min_value=1, max_value=60)


class FormulirPemulihan(KunciMixin, FormDasar):
    tanggal = TanggalField(label="Tanggal", bukan_masa_depan=True)
    jumlah = RupiahField(label="Jumlah (Rp)")


class FormulirBalikPembayaran(FormDasar):
    pembayaran = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    alasan = forms.CharField(label="Alasan", max_length=255)


class FormulirTanggal(FormDasar):
    """The meeting date the collection sheet computes dues for."""

    tanggal = TanggalField(label="Tanggal pertemuan", bukan_masa_depan=True)


class FormulirLembarTagih(KunciMixin, FormDasar):
    """The collection sheet of one meeting: per member what was paid and,
    under tanggung renteng, who paid it."""

    tanggal = TanggalField(label="Tanggal pertemuan", bukan_masa_depan=True, widget=forms.HiddenInput)

    def __init__(self, *args: Any, anggota: Sequence[Anggota], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anggota = list(anggota)
        pilihan = [("", "sendiri"), *((str(a.pk), a.nama) for a in self.anggota)]
        for a in self.anggota:
            self.fields[f"bayar_{a.pk}"] = RupiahField(
                label=f"Dibayar {a.nama}", required=False, min_value=0, max_value=1_000_000_000
            )
            self.fields[f"oleh_{a.pk}"] = forms.TypedChoiceField(
                label=f"Dibayar oleh (untuk {a.nama})",
                choices=pilihan,
                coerce=int,
                required=False,
                empty_value=None,
            )
        pasang_bootstrap(self)

    def bayar(self) -> list[tuple[int, int, int | None]]:
        """(member, amount, paid by) of every member with an amount; `paid by` None = the member."""
        hasil = []
        for a in self.anggota:
            jumlah = self.cleaned_data.get(f"bayar_{a.pk}") or 0
            oleh = self.cleaned_data.get(f"oleh_{a.pk}")
            if jumlah:
                hasil.append((a.pk, jumlah, oleh if oleh != a.pk else None))
        return hasil

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(f"bayar_{a.pk}") for a in self.anggota):
            raise ValidationError("Belum ada jumlah yang dibayar.")
        return data
