"""Forms of the books: a cash voucher, month close/reopen, opening balances, reversal."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from kotaku.buku import akun
from kotaku.forms import PILIHAN_BULAN, FormDasar, RupiahField, TanggalField, pasang_bootstrap

NAMA_AKUN = {k: n for k, n, *_ in akun.BAGAN_AKUN}


# Where a voucher says it better than the account's own name.
NAMA_DI_BUKTI = {
    akun.PENDAPATAN_NON_OPERASIONAL: "Pendapatan Non-operasional (bunga bank, lain-lain)",
    akun.DANA_LINGKUNGAN: "Penyaluran dana lingkungan (ke UPL)",
    akun.DANA_SOSIAL: "Penyaluran dana sosial (ke UPS)",
    akun.INSENTIF_TERUTANG: "Pembayaran insentif terutang",
}


def _pilihan(*kode: str, nama: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(code, "code name") choices for a select."""
    nama = {**NAMA_DI_BUKTI, **(nama or {})}
    return [(k, f"{k} {nama.get(k, NAMA_AKUN[k])}") for k in kode]


AKUN_LAWAN_MASUK = _pilihan(
    akun.MODAL_PROGRAM,
    akun.MODAL_AWAL,
    akun.PENDAPATAN_NON_OPERASIONAL,
    akun.HUTANG,
)
AKUN_LAWAN_KELUAR = _pilihan(
    akun.INSENTIF_UPK,
    akun.ATK,
    akun.TRANSPORT,
    akun.INVENTARIS,
    akun.HUTANG,
    akun.DANA_LINGKUNGAN,
    akun.DANA_SOSIAL,
    akun.INSENTIF_TERUTANG,
    nama={akun.HUTANG: "Pelunasan hutang"},
)
AKUN_KAS_BANK = _pilihan(*akun.KAS_BANK)


class FormulirTransaksiKas(FormDasar):
    jenis = forms.ChoiceField(
        label="Jenis",
        choices=[
            ("masuk", "Kas/bank masuk"),
            ("keluar", "Kas/bank keluar"),
            ("pindah", "Pindah buku kas/bank"),
        ],
    )
    tanggal = TanggalField(label="Tanggal", bukan_masa_depan=True)
    akun_kas = forms.ChoiceField(label="Dari/ke kas atau bank", choices=AKUN_KAS_BANK)
    akun_lawan = forms.ChoiceField(
        label="Akun lawan",
        choices=[("Masuk", AKUN_LAWAN_MASUK), ("Keluar", AKUN_LAWAN_KELUAR), ("Pindah ke", AKUN_KAS_BANK)],
    )
    jumlah = RupiahField(label="Jumlah (Rp)")
    uraian = forms.CharField(label="Uraian", max_length=200)
    kunci = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("kunci", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)


class FormulirTutupBulan(FormDasar):
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
    bulan = forms.TypedChoiceField(label="Bulan", choices=PILIHAN_BULAN, coerce=int)


class FormulirBukaBulan(FormulirTutupBulan):
    alasan = forms.CharField(label="Alasan membuka", max_length=255)


class FormulirTutupTahun(FormDasar):
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)


class FormulirBalik(FormDasar):
    tanggal = TanggalField(label="Tanggal pembalikan", bukan_masa_depan=True)
    alasan = forms.CharField(label="Alasan", max_length=200)


class FormulirSaldoAwal(FormDasar):
    """The opening neraca: a date and one balance per balance-sheet account (contra accounts as positive)."""

    tanggal = TanggalField(label="Tanggal neraca pembukaan", bukan_masa_depan=True)

    def __init__(self, *args: Any, akun: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kode, nama in akun:
            self.fields[f"akun_{kode}"] = RupiahField(
                label=f"{kode} {nama}", required=False, min_value=None, boleh_negatif=True
            )
        pasang_bootstrap(self)

    def saldo(self) -> dict[str, int]:
        return {
            nama.removeprefix("akun_"): nilai
            for nama, nilai in self.cleaned_data.items()
            if nama.startswith("akun_") and nilai
        }
