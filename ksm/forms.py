"""Forms of the KSM screens: they parse input; the rules live in ksm.services."""

from __future__ import annotations

from typing import Any

from django import forms

from kotaku.errors import KesalahanDomain
from ksm.models import KSM, Anggota, Keanggotaan, KegiatanMitra, PemeriksaanBuku


class Tanggal(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _bootstrap(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.CheckboxInput):
            w.attrs.setdefault("class", "form-check-input")
        elif isinstance(w, forms.RadioSelect):
            continue
        elif isinstance(w, forms.Select):
            w.attrs.setdefault("class", "form-select")
        else:
            w.attrs.setdefault("class", "form-control")


class FormDasar(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def tampilkan_galat(self, exc: KesalahanDomain) -> None:
        """Show a service's refusal on the fields it names (or on top of the form)."""
        if not exc.errors:
            self.add_error(None, exc.pesan)
        for g in exc.errors:
            self.add_error(g["field"] if g["field"] in self.fields else None, g["message"])


class FormulirKSM(FormDasar):
    lkm: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="LKM", required=True)  # type: ignore[arg-type]
    nama = forms.CharField(label="Nama KSM", max_length=150)
    jenis = forms.ChoiceField(label="Jenis", choices=KSM.Jenis.choices)
    tanggal_berdiri = forms.DateField(label="Tanggal berdiri", widget=Tanggal())
    alamat = forms.CharField(label="Alamat sekretariat", max_length=255, required=False)
    nama_bank = forms.CharField(label="Bank/koperasi", max_length=100, required=False)
    nomor_rekening = forms.CharField(label="Nomor rekening", max_length=50, required=False)
    penandatangan_1 = forms.CharField(label="Penandatangan rekening 1", max_length=150, required=False)
    penandatangan_2 = forms.CharField(label="Penandatangan rekening 2", max_length=150, required=False)
    aturan_main = forms.CharField(
        label="Aturan main kelompok", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    tanggal_aturan_main = forms.DateField(
        label="Tanggal aturan main disepakati", required=False, widget=Tanggal()
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
    tanggal = forms.DateField(label="Tanggal", widget=Tanggal())
    alasan = forms.CharField(label="Alasan", max_length=255)


class FormulirAnggota(FormDasar):
    nik = forms.CharField(label="NIK", max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    nama = forms.CharField(label="Nama", max_length=150)
    jenis_kelamin = forms.ChoiceField(label="Jenis kelamin", choices=Anggota.JenisKelamin.choices)
    tanggal_lahir = forms.DateField(label="Tanggal lahir", required=False, widget=Tanggal())
    alamat = forms.CharField(label="Alamat", max_length=255, required=False)
    nomor_kk = forms.CharField(label="Nomor KK", max_length=16, required=False)
    telepon = forms.CharField(label="Telepon", max_length=20, required=False)
    jenis_usaha = forms.CharField(label="Jenis usaha", max_length=150, required=False)
    pendapatan_sebelum = forms.IntegerField(label="Pendapatan sebelum bergabung (Rp)", min_value=0, initial=0)
    satuan_pendapatan = forms.ChoiceField(
        label="per", choices=Anggota.SatuanPendapatan.choices, initial="hari"
    )
    terdaftar_ps2 = forms.BooleanField(label="Terdaftar di peta kemiskinan (PS2)", required=False)
    peran = forms.ChoiceField(label="Peran", choices=Keanggotaan.Peran.choices, initial="anggota")
    tanggal_bergabung = forms.DateField(label="Tanggal bergabung", widget=Tanggal())
    tanggal_tanggung_renteng = forms.DateField(
        label="Tanggal menandatangani Pernyataan Tanggung Renteng",
        required=False,
        widget=Tanggal(),
        help_text="Kosongkan bila belum menandatangani.",
    )

    KOLOM_ORANG = (
        "nama", "jenis_kelamin", "tanggal_lahir", "alamat", "nomor_kk", "telepon", "jenis_usaha",
        "pendapatan_sebelum", "satuan_pendapatan", "terdaftar_ps2",
    )  # fmt: skip

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
    tanggal = forms.DateField(label="Tanggal keluar", widget=Tanggal())
    alasan = forms.CharField(label="Alasan", max_length=255, required=False)


class FormulirKegiatan(FormDasar):
    mitra = forms.CharField(label="Mitra", max_length=150)
    jenis = forms.ChoiceField(label="Jenis", choices=KegiatanMitra.Jenis.choices)
    tanggal = forms.DateField(label="Tanggal", widget=Tanggal())
    catatan = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FormulirPemeriksaan(FormDasar):
    tanggal = forms.DateField(label="Tanggal", widget=Tanggal())
    hasil = forms.ChoiceField(label="Hasil", choices=PemeriksaanBuku.Hasil.choices)
    catatan = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FormulirImpor(FormDasar):
    lkm: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label="LKM")  # type: ignore[arg-type]
    berkas = forms.FileField(label="Berkas Excel (.xlsx)")

    def __init__(self, *args: Any, lkm_pilihan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lkm"].queryset = lkm_pilihan  # type: ignore[attr-defined]
        if lkm_pilihan.count() == 1:
            self.fields["lkm"].initial = lkm_pilihan.first()
