"""Forms of floor 4."""

from __future__ import annotations

from typing import Any

from django import forms

from kotaku.forms import PILIHAN_BULAN, FormDasar
from laporan.models import PaketLaporan


class FormulirPaket(FormDasar):
    """Ask for a report pack: the year-end pack of a year, or the monthly pack of a month."""

    jenis = forms.ChoiceField(label="Laporan", choices=PaketLaporan.Jenis.choices)
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
    bulan = forms.TypedChoiceField(
        label="Bulan (laporan bulanan)",
        choices=[("", "-"), *PILIHAN_BULAN],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("jenis") == PaketLaporan.Jenis.BULANAN and not data.get("bulan"):
            self.add_error("bulan", "Pilih bulan untuk laporan bulanan.")
        return data
