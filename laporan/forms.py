"""Forms of floor 4: the dashboards' month and trend length, and the report pack request."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms

from kotaku.forms import PILIHAN_BULAN, FormDasar
from kotaku.tanggal import akhir_bulan, format_bulan, hari_ini
from laporan.models import PaketLaporan

PILIHAN_RENTANG = [("12", "12 bulan"), ("24", "24 bulan"), ("36", "36 bulan")]


class FormulirBulan(FormDasar):
    """`?bulan=2019-11&rentang=24`, read from the query string. A bad value is shown on its field and the page
    falls back to the default month (stated in its header), never silently to today."""

    bulan = forms.CharField(
        label="Bulan",
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "class": "form-control form-control-sm"}),
    )
    rentang = forms.TypedChoiceField(
        label="Grafik", choices=PILIHAN_RENTANG, coerce=int, required=False, initial="12"
    )

    def __init__(self, data: Any, *, bawaan: date) -> None:
        self.bawaan = bawaan
        awal = {"bulan": f"{bawaan:%Y-%m}", "rentang": "12"}
        terisi = {k: v for k, v in data.items() if k in ("bulan", "rentang") and v not in ("", None)}
        super().__init__({**awal, **terisi}, initial=awal)
        self.fields["rentang"].widget.attrs["class"] = "form-select form-select-sm"
        self.is_valid()

    def clean_bulan(self) -> date:
        teks = (self.cleaned_data.get("bulan") or "").strip()
        cocok = re.fullmatch(r"(\d{4})-(\d{1,2})", teks)
        if not cocok or not 1 <= int(cocok[2]) <= 12 or int(cocok[1]) < 2000:
            raise forms.ValidationError(f"Bulan “{teks}” tidak dikenal; pilih bulan dan tahun, mis. 2019-11.")
        per = akhir_bulan(date(int(cocok[1]), int(cocok[2]), 1))
        if per >= hari_ini():
            raise forms.ValidationError(f"{format_bulan(per.year, per.month)} belum berakhir.")
        return per

    @property
    def per(self) -> date:
        if "bulan" in self.errors:
            return self.bawaan
        return self.cleaned_data["bulan"]  # type: ignore[no-any-return]

    @property
    def rentang_bulan(self) -> int:
        if "rentang" in self.errors or not self.cleaned_data.get("rentang"):
            return 12
        return int(self.cleaned_data["rentang"])

    @property
    def kueri(self) -> str:
        """`bulan=2019-11&rentang=12`: kept by every link of the page (sorting, drill-down)."""
        return f"bulan={self.per:%Y-%m}&rentang={self.rentang_bulan}"


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
