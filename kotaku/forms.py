"""Forms of the core: LKM policy (a new dated row, never an edit of the old one), a new API token."""

from __future__ import annotations

from django import forms

from kotaku.models import Kebijakan

KOLOM_KEBIJAKAN = [
    "berlaku_mulai", "nomor_keputusan", "tanggal_keputusan",
    "jasa_persen_per_bulan", "jasa_persen_min", "jasa_persen_maks", "metode_jasa",
    "satuan_pembulatan", "mode_pembulatan", "jangka_min_bulan", "jangka_maks_bulan",
    "batas_siklus_pertama", "batas_per_anggota", "siklus_graduasi", "persetujuan_oleh",
    "kol2_maks_bulan", "kol3_maks_bulan", "kol4_maks_bulan",
    "bobot_kol1", "bobot_kol2", "bobot_kol3", "bobot_kol4", "bobot_kol5",
    "tahap_tumbuh_min", "tahap_kembang_min", "wajib_tiga_bulan", "perempuan_min_persen", "aturan_perempuan",
]


class FormulirKebijakan(forms.ModelForm):
    class Meta:
        model = Kebijakan
        fields = KOLOM_KEBIJAKAN
        widgets = {
            "berlaku_mulai": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tanggal_keputusan": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)

    def _post_clean(self) -> None:
        # The form only parses; the service validates with plain Bahasa Indonesia messages and the
        # database constraints stay as the backstop.
        return None


class FormulirToken(forms.Form):
    nama = forms.CharField(
        label="Nama token", max_length=100, help_text="Untuk apa token ini, mis. \"Aplikasi pelaporan kabupaten\".",
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": "Nama token wajib diisi."},
    )
