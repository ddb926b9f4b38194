"""Forms of the savings screens: the meeting sheet (attendance + deposits) and a single deposit/withdrawal."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms

from kotaku.forms import FormDasar, RupiahField, TanggalField
from ksm.models import Keanggotaan, Kehadiran, TransaksiTabungan

BATAS_SETORAN = 100_000_000
"""Rp 100 juta: far above any member's savings transaction; a typo with
extra zeros is refused on its field."""


class FormulirPertemuan(FormDasar):
    """One row per member: attendance radio and deposit; `kunci` makes a double submit post once."""

    tanggal = TanggalField(label="Tanggal pertemuan", bukan_masa_depan=True)
    tempat = forms.CharField(label="Tempat", max_length=150, required=False)
    agenda = forms.CharField(label="Agenda", max_length=255, required=False)
    perkara_kritis = forms.CharField(
        label="Perkara kritis yang dibahas", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notulen = forms.CharField(
        label="Catatan/notulen", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    keputusan = forms.CharField(label="Keputusan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    kunci = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, anggota: Sequence[Keanggotaan], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("kunci", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.anggota = list(anggota)
        for k in self.anggota:
            self.fields[f"hadir_{k.anggota_id}"] = forms.ChoiceField(
                label=k.anggota.nama,
                choices=Kehadiran.Status.choices,
                initial=Kehadiran.Status.HADIR,
                widget=forms.RadioSelect,
            )
            self.fields[f"setor_{k.anggota_id}"] = RupiahField(
                label=f"Setoran {k.anggota.nama}", min_value=0, max_value=BATAS_SETORAN, required=False
            )

    def baris(self) -> list[dict[str, Any]]:
        return [
            {"keanggotaan": k, "hadir": self[f"hadir_{k.anggota_id}"], "setor": self[f"setor_{k.anggota_id}"]}
            for k in self.anggota
        ]

    def kehadiran(self) -> dict[int, str]:
        return {k.anggota_id: self.cleaned_data[f"hadir_{k.anggota_id}"] for k in self.anggota}

    def setoran(self) -> dict[int, int]:
        return {k.anggota_id: self.cleaned_data.get(f"setor_{k.anggota_id}") or 0 for k in self.anggota}


class FormulirTransaksi(FormDasar):
    anggota = forms.TypedChoiceField(label="Anggota", coerce=int)
    tanggal = TanggalField(label="Tanggal", bukan_masa_depan=True)
    arah = forms.ChoiceField(label="Jenis", choices=[("setor", "Setoran"), ("tarik", "Penarikan")])
    jumlah = RupiahField(label="Jumlah (Rp)", max_value=BATAS_SETORAN)
    melalui = forms.ChoiceField(label="Melalui", choices=TransaksiTabungan.Melalui.choices)
    kunci = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, pilihan_anggota: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("kunci", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.fields["anggota"].choices = [("", "— pilih —"), *pilihan_anggota]  # type: ignore[attr-defined]

    def jumlah_bertanda(self) -> int:
        j = int(self.cleaned_data["jumlah"])
        return -j if self.cleaned_data["arah"] == "tarik" else j


class FormulirKoreksi(FormDasar):
    alasan = forms.CharField(label="Alasan koreksi", max_length=255)
