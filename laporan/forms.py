"""Forms of floor 4: the dashboards' month and trend length, the report pack request, and the maturity pages
(they parse what the fasilitator typed; the rules live in ksm.penilaian)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms

from kotaku.forms import PILIHAN_BULAN, FormDasar, TanggalField
from kotaku.tanggal import akhir_bulan, format_bulan, hari_ini
from ksm.tahap import NAMA_INDIKATOR, SKOR_MAKS, HasilTahap
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


PILIHAN_SKOR = [(str(s), str(s)) for s in range(SKOR_MAKS + 1)]


class FormulirTanggalPenilaian(FormDasar):
    """The date the proposal is computed for (query string); a bad one falls back to today, said on the
    field."""

    tanggal = TanggalField(label="Tanggal penilaian", bukan_masa_depan=True, required=False)


class FormulirPenilaian(FormDasar):
    """Ten scores (preset to the proposal), a note per indicator, an optional evidence photo."""

    foto = forms.FileField(
        label="Foto bukti (pilihan)",
        required=False,
        help_text="JPEG, PNG atau WebP, paling besar 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args: Any, usulan: HasilTahap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.usulan = usulan
        for i in usulan.indikator:
            self.fields[f"skor_{i.no}"] = forms.ChoiceField(
                label=f"{i.no}. {i.nama.capitalize()}",
                choices=PILIHAN_SKOR,
                initial=str(i.skor),
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={"required": f"Skor indikator {i.no} wajib dipilih."},
            )
            self.fields[f"catatan_{i.no}"] = forms.CharField(
                label="Catatan / bukti",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )

    def baris(self) -> list[dict[str, Any]]:
        """One entry per indicator for the template: its proposal and its two fields."""
        return [
            {"indikator": i, "skor": self[f"skor_{i.no}"], "catatan": self[f"catatan_{i.no}"]}
            for i in self.usulan.indikator
        ]

    def skor(self) -> dict[int, int]:
        return {no: int(self.cleaned_data[f"skor_{no}"]) for no in range(1, len(NAMA_INDIKATOR) + 1)}

    def catatan(self) -> dict[int, str]:
        return {no: self.cleaned_data.get(f"catatan_{no}", "") for no in range(1, len(NAMA_INDIKATOR) + 1)}

    def tampilkan_galat(self, exc: Any) -> None:
        """The service names `skor.3` / `catatan.3` / `tanggal` / `foto`: show them on this form's fields."""
        for g in exc.errors:
            nama = g["field"].replace(".", "_")
            self.add_error(nama if nama in self.fields else None, g["message"])
        if not exc.errors:
            self.add_error(None, exc.pesan)
