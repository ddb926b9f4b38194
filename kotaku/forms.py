"""The one way in for what people type: rupiah and date fields that read Indonesian writing, the base form
every screen uses, and the LKM policy form.

Every money or date input on a page (and every import row) goes through `RupiahField` / `TanggalField`:
`5.000`, `Rp 5.000` and `5000` are five thousand rupiah; `5,5`, `2019-01-32` or a date in the future where
none is meaningful are refused with a message on the field. Nothing defaults silently to today.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kotaku.errors import KesalahanDomain
from kotaku.models import Kebijakan
from kotaku.tanggal import NAMA_BULAN, akhir_bulan, format_tanggal, hari_ini, tambah_bulan
from kotaku.uang import RupiahTidakValid, baca_rupiah, format_angka

RUPIAH_MAKS_BAKU = 10_000_000_000
"""Rp 10 miliar: more than any single transaction of an LKM (all 14 Jiwan LKM hold Rp 3 miliar together)."""
TANGGAL_PALING_AWAL = date(2000, 1, 1)
"""Revolving funds began with P2KP in 1999; nothing in the books is older."""


class RupiahInput(forms.TextInput):
    """A text box (not type=number, which refuses `5.000`) that opens the numeric keypad on a phone."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"inputmode": "numeric", "autocomplete": "off", "class": "form-control text-end", **(attrs or {})}
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_angka(value)
        return super().format_value(value)


class RupiahField(forms.Field):
    """Whole rupiah as Indonesians write it; refuses fractions, other digits, negatives and absurd sizes."""

    widget = RupiahInput
    default_error_messages = {"required": "Jumlah wajib diisi."}

    def __init__(
        self,
        *,
        min_value: int | None = 1,
        max_value: int = RUPIAH_MAKS_BAKU,
        boleh_negatif: bool = False,
        **kwargs: Any,
    ) -> None:
        self.min_value = min_value
        self.max_value = max_value
        self.boleh_negatif = boleh_negatif
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            raise ValidationError("Jumlah harus angka rupiah.")
        if isinstance(value, int):
            nilai = value
        else:
            try:
                nilai = baca_rupiah(str(value))
            except RupiahTidakValid as exc:
                raise ValidationError(str(exc)) from None
        if nilai < 0 and not self.boleh_negatif:
            raise ValidationError("Jumlah tidak boleh negatif.")
        if abs(nilai) > self.max_value:
            raise ValidationError(f"Jumlah paling besar Rp {format_angka(self.max_value)}; periksa angkanya.")
        if self.min_value is not None and nilai < self.min_value and not (self.boleh_negatif and nilai < 0):
            raise ValidationError(f"Jumlah paling kecil Rp {format_angka(self.min_value)}.")
        return nilai


class TanggalInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m-%d")


_FORMAT_TANGGAL = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


class TanggalField(forms.DateField):
    """A date as the browser's date box sends it (`2019-10-14`) or as people write it (`14/10/2019`).

    A date that does not exist (`2019-01-32`) is refused with its own message, and so is one before the fund's
    life or (with `bukan_masa_depan`) after today: a money action never falls back to today.
    """

    widget = TanggalInput
    input_formats = _FORMAT_TANGGAL
    default_error_messages = {
        "required": "Tanggal wajib diisi.",
        "invalid": "Tanggal tidak dikenal; tulis seperti 14/10/2019.",
    }

    def __init__(
        self, *, bukan_masa_depan: bool = False, paling_awal: date = TANGGAL_PALING_AWAL, **kwargs: Any
    ) -> None:
        self.bukan_masa_depan = bukan_masa_depan
        self.paling_awal = paling_awal
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date) or value in self.empty_values:
            return super().to_python(value)
        teks = str(value).strip()
        for fmt in _FORMAT_TANGGAL:
            try:
                return datetime.strptime(teks, fmt).date()
            except ValueError:
                continue
        if any(_bentuk_cocok(teks, fmt) for fmt in _FORMAT_TANGGAL):
            raise ValidationError(f"Tanggal {teks} tidak ada di kalender.")
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if value < self.paling_awal:
            raise ValidationError(
                f"Tanggal {format_tanggal(value)} terlalu lampau; paling awal {self.paling_awal:%Y}."
            )
        if self.bukan_masa_depan and value > hari_ini():
            raise ValidationError(f"Tanggal {format_tanggal(value)} belum terjadi.")


def _bentuk_cocok(teks: str, fmt: str) -> bool:
    """True when `teks` has the shape of `fmt` (digits where the format has numbers), whatever the values."""

    pola = re.escape(fmt).replace("%Y", r"\d{4}").replace("%m", r"\d{1,2}").replace("%d", r"\d{1,2}")
    return re.fullmatch(pola, teks) is not None


def pasang_bootstrap(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget of a form (once, here, for every form of the project)."""
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.HiddenInput | forms.RadioSelect):
            continue
        if isinstance(w, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(w, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if css not in w.attrs.get("class", ""):
            w.attrs["class"] = f"{w.attrs.get('class', '')} {css}".strip()


class BootstrapMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pasang_bootstrap(self)  # type: ignore[arg-type]

    def tampilkan_galat(self, exc: KesalahanDomain) -> None:
        """Show a service's refusal on the fields it names (or on top of the form)."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        if not exc.errors:
            form.add_error(None, exc.pesan)
        for g in exc.errors:
            form.add_error(g["field"] if g["field"] in form.fields else None, g["message"])


class FormDasar(BootstrapMixin, forms.Form):
    """The base of every form on a page."""


KOLOM_KEBIJAKAN = [
    "berlaku_mulai",
    "nomor_keputusan",
    "tanggal_keputusan",
    "jasa_persen_per_bulan",
    "jasa_persen_min",
    "jasa_persen_maks",
    "metode_jasa",
    "satuan_pembulatan",
    "mode_pembulatan",
    "jangka_min_bulan",
    "jangka_maks_bulan",
    "batas_siklus_pertama",
    "batas_per_anggota",
    "siklus_graduasi",
    "persetujuan_oleh",
    "kol2_maks_bulan",
    "kol3_maks_bulan",
    "kol4_maks_bulan",
    "bobot_kol1",
    "bobot_kol2",
    "bobot_kol3",
    "bobot_kol4",
    "bobot_kol5",
    "tahap_tumbuh_min",
    "tahap_kembang_min",
    "wajib_tiga_bulan",
    "perempuan_min_persen",
    "aturan_perempuan",
]


class FormulirKebijakan(BootstrapMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A new dated policy (never an edit of the old one)."""

    berlaku_mulai = TanggalField(label="Berlaku mulai")
    tanggal_keputusan = TanggalField(label="Tanggal keputusan", bukan_masa_depan=True)
    batas_siklus_pertama = RupiahField(label="Batas per anggota siklus 1")
    batas_per_anggota = RupiahField(label="Batas per anggota (semua siklus)")

    class Meta:
        model = Kebijakan
        fields = KOLOM_KEBIJAKAN

    def _post_clean(self) -> None:
        # The form only parses; the service validates with plain Bahasa Indonesia messages and the database
        # constraints stay as the backstop.
        return None


# ---- the period of a report --------------------------------------------------------------------------------

PILIHAN_BULAN = [(str(i), n) for i, n in enumerate(NAMA_BULAN) if i]


def tanggal_laporan_bawaan(lkm: Any) -> date:
    """What a UPK reports on: the end of the LKM's last closed month, else the end of last month."""
    from kotaku.buku.selectors import bulan_tutup_terakhir

    tutup = bulan_tutup_terakhir(lkm=lkm) if lkm is not None else None
    return tutup or akhir_bulan(tambah_bulan(hari_ini(), -1))


class FormulirPeriode(FormDasar):
    """The date(s) of a report, read from the query string. `jenis`: `per` (one date), `rentang`
    (dari..sampai), `bulan` (tahun + bulan) or `tahun`. A bad value is shown on its field and the report falls
    back to the default period, which its header states; the default is `tanggal_laporan_bawaan`, never
    silently today."""

    per = TanggalField(label="Per tanggal", required=False)
    dari = TanggalField(label="Dari", required=False)
    sampai = TanggalField(label="Sampai", required=False)
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100, required=False)
    bulan = forms.TypedChoiceField(label="Bulan", choices=PILIHAN_BULAN, coerce=int, required=False)

    KOLOM = {"per": ("per",), "rentang": ("dari", "sampai"), "bulan": ("tahun", "bulan"), "tahun": ("tahun",)}

    def __init__(self, data: Any, *, jenis: str, lkm: Any) -> None:
        self.jenis = jenis
        self.bawaan = tanggal_laporan_bawaan(lkm)
        awal = {
            "per": self.bawaan,
            "sampai": self.bawaan,
            "dari": self.bawaan.replace(day=1),
            "tahun": self.bawaan.year,
            "bulan": str(self.bawaan.month),
        }
        terisi = {k: v for k, v in data.items() if k in self.KOLOM[jenis] and v not in ("", None)}
        super().__init__({**awal, **terisi}, initial=awal)
        for nama in list(self.fields):
            if nama not in self.KOLOM[jenis]:
                del self.fields[nama]
        self.is_valid()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            self.jenis == "rentang"
            and data.get("dari")
            and data.get("sampai")
            and data["dari"] > data["sampai"]
        ):
            self.add_error("dari", "Tanggal awal harus sebelum tanggal akhir.")
        return data

    def _nilai(self, nama: str) -> Any:
        if nama in self.errors or self.cleaned_data.get(nama) in (None, ""):
            return self.initial[nama]
        return self.cleaned_data[nama]

    @property
    def per_tanggal(self) -> date:
        return self._nilai("per")  # type: ignore[no-any-return]

    @property
    def rentang(self) -> tuple[date, date]:
        if self.errors:
            return self.initial["dari"], self.initial["sampai"]
        return self._nilai("dari"), self._nilai("sampai")

    @property
    def tahun_bulan(self) -> tuple[int, int]:
        return int(self._nilai("tahun")), int(self._nilai("bulan"))

    @property
    def parameter(self) -> dict[str, str]:
        """The period as query parameters, for every link, PDF and Excel of the page."""
        if self.jenis == "per":
            return {"per": self.per_tanggal.isoformat()}
        if self.jenis == "rentang":
            dari, sampai = self.rentang
            return {"dari": dari.isoformat(), "sampai": sampai.isoformat()}
        tahun, bulan = self.tahun_bulan
        return {"tahun": str(tahun), "bulan": str(bulan)} if self.jenis == "bulan" else {"tahun": str(tahun)}


class FormulirToken(FormDasar):
    nama = forms.CharField(
        label="Nama token",
        max_length=100,
        help_text='Untuk apa token ini, mis. "Aplikasi pelaporan kabupaten".',
        error_messages={"required": "Nama token wajib diisi."},
    )
