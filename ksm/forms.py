"""Forms of the KSM screens: they parse input; the rules live in ksm.services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from kotaku.forms import FormDasar, RupiahField, TanggalField
from kotaku.models import LKM
from ksm.models import KSM, Anggota, Keanggotaan, KegiatanMitra, PemeriksaanBuku


class FormulirKSM(FormDasar):
    lkm: forms.ModelChoiceField[LKM] = forms.ModelChoiceField(queryset=LKM.objects.none(), label="LKM")
    nama = forms.CharField(label="Nama KSM", max_length=150)
    jenis = forms.ChoiceField(label="Jenis", choices=KSM.Jenis.choices)
    tanggal_berdiri = TanggalField(
        label="Tanggal berdiri", paling_awal=date(1980, 1, 1), bukan_masa_depan=True
    )
    alamat = forms.CharField(label="Alamat sekretariat", max_length=255, required=False)
    nama_bank = forms.CharField(label="Bank/koperasi", max_length=100, required=False)
    nomor_rekening = forms.CharField(label="Nomor rekening", max_length=50, required=False)
    penandatangan_1 = forms.CharField(label="Penandatangan rekening 1", max_length=150, required=False)
    penandatangan_2 = forms.CharField(label="Penandatangan rekening 2", max_length=150, required=False)
    aturan_main = forms.CharField(
        label="Aturan main kelompok", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    tanggal_aturan_main = TanggalField(label="Tanggal aturan main disepakati", required=False)
    tanggal_tinjau_aturan_main = TanggalField(
        label="Tanggal aturan main terakhir ditinjau",
        required=False,
        help_text="Rapat anggota yang meninjau ulang aturan main (kosongkan bila belum pernah).",
    )

    def __init__(self, *args: Any, lkm_pilihan: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if lkm_pilihan is None:
            del self.fields["lkm"]
        else:
            self.fields["lkm"].queryset = lkm_pilihan  # type: ignore[attr-defined]
            if lkm_pilihan.count() == 1:
                self.fields["lkm"].initial = lkm_pilihan.first()


class FormulirStatusKSM(FormDasar):
    status = forms.ChoiceField(label="Status baru", choices=KSM.Status.choices)
    tanggal = TanggalField(label="Tanggal")
    alasan = forms.CharField(label="Alasan", max_length=255)


class FormulirAnggota(FormDasar):
    nik = forms.CharField(label="NIK", max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    nama = forms.CharField(label="Nama", max_length=150)
    jenis_kelamin = forms.ChoiceField(label="Jenis kelamin", choices=Anggota.JenisKelamin.choices)
    tanggal_lahir = TanggalField(label="Tanggal lahir", required=False, paling_awal=date(1900, 1, 1))
    alamat = forms.CharField(label="Alamat", max_length=255, required=False)
    nomor_kk = forms.CharField(label="Nomor KK", max_length=16, required=False)
    telepon = forms.CharField(label="Telepon", max_length=20, required=False)
    jenis_usaha = forms.CharField(label="Jenis usaha", max_length=150, required=False)
    pendapatan_sebelum = RupiahField(
        label="Pendapatan sebelum bergabung (Rp)", min_value=0, max_value=1_000_000_000, initial=0
    )
    satuan_pendapatan = forms.ChoiceField(
        label="per", choices=Anggota.SatuanPendapatan.choices, initial="hari"
    )
    terdaftar_ps2 = forms.BooleanField(label="Terdaftar di peta kemiskinan (PS2)", required=False)
    peran = forms.ChoiceField(label="Peran", choices=Keanggotaan.Peran.choices, initial="anggota")
    tanggal_bergabung = TanggalField(label="Tanggal bergabung")
    tanggal_tanggung_renteng = TanggalField(
        label="Tanggal menandatangani Pernyataan Tanggung Renteng",
        required=False,
        help_text="Kosongkan bila belum menandatangani.",
    )

    KOLOM_ORANG = (
        "nama",
        "jenis_kelamin",
        "tanggal_lahir",
        "alamat",
        "nomor_kk",
        "telepon",
        "jenis_usaha",
        "pendapatan_sebelum",
        "satuan_pendapatan",
        "terdaftar_ps2",
    )

    def __init__(self, *args: Any, ubah: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ubah:
            self.fields["nik"].disabled = True
            self.fields["nik"].required = False
            self.fields["tanggal_bergabung"].disabled = True
            self.fields["tanggal_bergabung"].required = False

    def data_orang(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in self.KOLOM_ORANG}


class FormulirKeluar(FormDasar):
    tanggal = TanggalField(label="Tanggal keluar")
    alasan = forms.CharField(label="Alasan", max_length=255, required=False)


class FormulirKegiatan(FormDasar):
    mitra = forms.CharField(label="Mitra", max_length=150)
    jenis = forms.ChoiceField(label="Jenis", choices=KegiatanMitra.Jenis.choices)
    tanggal = TanggalField(label="Tanggal")
    catatan = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FormulirPemeriksaan(FormDasar):
    tanggal = TanggalField(label="Tanggal")
    hasil = forms.ChoiceField(label="Hasil", choices=PemeriksaanBuku.Hasil.choices)
    catatan = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FormulirImpor(FormDasar):
    lkm: forms.ModelChoiceField[LKM] = forms.ModelChoiceField(queryset=LKM.objects.none(), label="LKM")
    berkas = forms.FileField(label="Berkas Excel (.xlsx)")

    def __init__(self, *args: Any, lkm_pilihan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lkm"].queryset = lkm_pilihan  # type: ignore[attr-defined]
        if lkm_pilihan.count() == 1:
            self.fields["lkm"].initial = lkm_pilihan.first()
