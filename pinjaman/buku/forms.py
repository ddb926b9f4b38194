"""Forms of the books: a cash voucher, month close/reopen, opening balances, reversal."""

from __future__ import annotations

import uuid

from django import forms

from kotaku.tanggal import hari_ini

AKUN_LAWAN_MASUK = [
    ("31020", "31020 Modal Program (APBN/APBD)"),
    ("31010", "31010 Modal Awal Dana Bergulir"),
    ("41020", "41020 Pendapatan Non-operasional (bunga bank, lain-lain)"),
    ("21010", "21010 Hutang"),
]
AKUN_LAWAN_KELUAR = [
    ("51010", "51010 Insentif UPK"),
    ("51030", "51030 ATK"),
    ("51040", "51040 Transport"),
    ("12020", "12020 Inventaris"),
    ("21010", "21010 Pelunasan hutang"),
    ("21030", "21030 Penyaluran dana lingkungan & sosial"),
]
AKUN_KAS_BANK = [
    ("11010", "11010 Kas"),
    ("11021", "11021 Bank UPK"),
    ("11022", "11022 Bank Tanggung Renteng"),
]


class _Bootstrap(forms.Form):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f.widget, forms.HiddenInput):
                continue
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            )


class FormulirTransaksiKas(_Bootstrap):
    jenis = forms.ChoiceField(
        label="Jenis",
        choices=[
            ("masuk", "Kas/bank masuk"),
            ("keluar", "Kas/bank keluar"),
            ("pindah", "Pindah buku kas/bank"),
        ],
    )
    tanggal = forms.DateField(
        label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}), initial=hari_ini
    )
    akun_kas = forms.ChoiceField(label="Dari/ke kas atau bank", choices=AKUN_KAS_BANK)
    akun_lawan = forms.ChoiceField(
        label="Akun lawan",
        choices=[("Masuk", AKUN_LAWAN_MASUK), ("Keluar", AKUN_LAWAN_KELUAR), ("Pindah ke", AKUN_KAS_BANK)],
    )
    jumlah = forms.IntegerField(
        label="Jumlah (Rp)", min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    uraian = forms.CharField(label="Uraian", max_length=200)
    kunci = forms.CharField(widget=forms.HiddenInput, initial=lambda: uuid.uuid4().hex)


class FormulirTutupBulan(_Bootstrap):
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
    bulan = forms.IntegerField(label="Bulan", min_value=1, max_value=12)


class FormulirBukaBulan(FormulirTutupBulan):
    alasan = forms.CharField(label="Alasan membuka", max_length=255)


class FormulirBalik(_Bootstrap):
    tanggal = forms.DateField(
        label="Tanggal pembalikan", widget=forms.DateInput(attrs={"type": "date"}), initial=hari_ini
    )
    alasan = forms.CharField(label="Alasan", max_length=200)
