"""Forms of the maturity pages: they parse what the fasilitator typed; the rules live in ksm.penilaian."""

from __future__ import annotations

from typing import Any

from django import forms

from kotaku.forms import FormDasar, TanggalField
from ksm.tahap import NAMA_INDIKATOR, SKOR_MAKS, HasilTahap

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
