"""Forms of the year-end pages: the allocation decision (shares as typed) and a payout."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from kotaku.buku import akun
from kotaku.forms import FormDasar, RupiahField, TanggalField
from laporan.alokasi_surplus import NAMA_POS, POS, BagianTidakSah, baca_bagian
from laporan.models import PosTerutang


class FormulirAlokasi(FormDasar):
    """Five shares (`50` or `50,00`), and the decision: number, date, meeting. A draft needs only the
    shares; each share box asks the server for the live preview of the amounts (htmx, no inline script)."""

    nomor_keputusan = forms.CharField(label="Nomor keputusan", max_length=100, required=False)
    tanggal_keputusan = TanggalField(label="Tanggal keputusan", bukan_masa_depan=True, required=False)
    rapat = forms.CharField(
        label="Rapat yang memutuskan",
        max_length=200,
        required=False,
        help_text="mis. Rembug Warga Tahunan / Rapat Pengurus LKM",
    )

    def __init__(self, *args: Any, url_pratinjau: str, wajib_keputusan: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wajib_keputusan = wajib_keputusan
        for nama in POS:
            self.fields[nama] = forms.CharField(
                label=f"{NAMA_POS[nama]} (%)",
                max_length=10,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control text-end bagian-alokasi",
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "hx-post": url_pratinjau,
                        "hx-trigger": "input changed delay:300ms",
                        "hx-target": "#pratinjau-alokasi",
                        "hx-include": "closest form",
                    }
                ),
                error_messages={"required": f"Bagian {NAMA_POS[nama].lower()} wajib diisi."},
            )
        self.order_fields([*POS, "nomor_keputusan", "tanggal_keputusan", "rapat"])
        if wajib_keputusan:
            for nama in ("nomor_keputusan", "tanggal_keputusan"):
                self.fields[nama].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(nama in data for nama in POS):
            try:
                data["bagian"] = baca_bagian({nama: data[nama] for nama in POS})
            except BagianTidakSah as exc:
                for e in exc.errors:
                    self.add_error(e["field"] if e["field"] in self.fields else None, e["message"])
        return data

    @property
    def bagian(self) -> dict[str, Decimal]:
        return self.cleaned_data["bagian"]  # type: ignore[no-any-return]

    @property
    def tanggal(self) -> date | None:
        return self.cleaned_data.get("tanggal_keputusan")


class FormulirBayarAlokasi(FormDasar):
    pos = forms.ChoiceField(label="Pos", choices=PosTerutang.choices)
    tanggal = TanggalField(label="Tanggal", bukan_masa_depan=True)
    jumlah = RupiahField(label="Jumlah (Rp)")
    akun_kas = forms.ChoiceField(
        label="Dibayar dari",
        choices=[(akun.BANK_UPK, "11021 Bank UPK"), (akun.KAS, "11010 Kas")],
    )
    penerima = forms.CharField(label="Penerima", max_length=150)
    kunci = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("kunci", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
