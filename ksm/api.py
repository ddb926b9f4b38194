"""API of the KSM registry (API.md): `ksm`, `ksm/{id}`, `ksm/{id}/anggota`, `ksm/{id}/pertemuan`."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from kotaku.akses import akses_lkm, wajib_boleh
from kotaku.api import GALAT, GALAT_BACA, Halaman, IdBody, RupiahTakNegatif, Tanggal, teks
from kotaku.tampilan import Permintaan
from kotaku.tanggal import hari_ini
from ksm import services
from ksm.kelayakan import Kelayakan, dengan_kelayakan
from ksm.models import KSM, Keanggotaan, Kehadiran, Pertemuan
from ksm.selectors import (
    akses_ksm,
    akses_pertemuan,
    cari_ksm,
    dengan_fakta_kelayakan,
    dengan_saldo_tabungan,
    dengan_tahap,
    saring_tahap,
)

router = Router(tags=["ksm"])


# ---- KSM ---------------------------------------------------------------------------------------------------


def _kelayakan(obj: Any) -> Kelayakan:
    """Eligibility attached by `DenganKelayakan` (the whole page at once), else computed for this row."""
    if not hasattr(obj, "kelayakan"):
        dengan_kelayakan([obj], per=hari_ini())
    return cast(Kelayakan, obj.kelayakan)


class DenganKelayakan:
    """A KSM queryset that, when the paginator takes its page, attaches the eligibility of every row of the
    page
    in one go (one rule set: `ksm.kelayakan`, loan facts included) instead of a query per row."""

    def __init__(self, qs: QuerySet[KSM]) -> None:
        self.qs = qs

    def all(self) -> QuerySet[KSM]:
        return self.qs.all()

    def __getitem__(self, potong: slice) -> list[KSM]:
        return dengan_kelayakan(self.qs[potong], per=hari_ini())


class KsmIn(Schema):
    lkm: IdBody
    nama: str = teks(150, wajib=True)
    jenis: str = teks(20, bawaan=KSM.Jenis.PINJAMAN_BERGULIR)
    tanggal_berdiri: Tanggal
    alamat: str = teks(255)
    nama_bank: str = teks(100)
    nomor_rekening: str = teks(50)
    penandatangan_1: str = teks(150)
    penandatangan_2: str = teks(150)
    aturan_main: str = teks(10_000, baris=True)
    tanggal_aturan_main: Tanggal | None = None
    tanggal_tinjau_aturan_main: Tanggal | None = None


class KsmOut(Schema):
    id: int
    lkm: int = Field(..., alias="lkm_id")
    nama: str
    jenis: str
    status: str
    desa: str
    tanggal_berdiri: date
    alamat: str
    jumlah_anggota: int
    jumlah_perempuan: int
    saldo_tabungan: int
    tahap: str | None = None
    layak_pinjam: bool
    alasan_tidak_layak: list[str]
    peringatan: list[str]

    @staticmethod
    def resolve_desa(obj: Any) -> str:
        return str(obj.desa.nama)

    @staticmethod
    def resolve_saldo_tabungan(obj: Any) -> int:
        return int(obj.saldo_tabungan)

    @staticmethod
    def resolve_tahap(obj: Any) -> str | None:
        """The stage of the latest assessment (annotated by `dengan_tahap`: no query per row)."""
        return cast(str | None, obj.tahap_terakhir)

    @staticmethod
    def resolve_layak_pinjam(obj: Any) -> bool:
        return _kelayakan(obj).layak

    @staticmethod
    def resolve_alasan_tidak_layak(obj: Any) -> list[str]:
        return _kelayakan(obj).alasan

    @staticmethod
    def resolve_peringatan(obj: Any) -> list[str]:
        return _kelayakan(obj).peringatan


def _ringkas(qs: Any) -> Any:
    return dengan_tahap(dengan_saldo_tabungan(dengan_fakta_kelayakan(qs, per=hari_ini())))


@router.post("ksm", response={201: KsmOut, **GALAT})
def buat_ksm(request: Permintaan, data: KsmIn) -> Any:
    lkm = get_object_or_404(akses_lkm(request.user), pk=data.lkm)
    wajib_boleh(request.user, "ksm.tulis")
    ksm = services.buat_ksm(lkm=lkm, data=data.model_dump(exclude={"lkm"}), oleh=request.user)
    return Status(201, _ringkas(akses_ksm(request.user).filter(pk=ksm.pk)).get())


@router.get("ksm", response={200: list[KsmOut], **GALAT_BACA})
@paginate(Halaman)
def daftar_ksm(
    request: Permintaan,
    lkm: int | None = None,
    q: str = Query("", max_length=100),  # type: ignore[type-arg]
    jenis: str = Query("", max_length=20),  # type: ignore[type-arg]
    status: str = Query("", max_length=20),  # type: ignore[type-arg]
    desa: int | None = None,
    tahap: str = Query("", max_length=20),  # type: ignore[type-arg]
) -> Any:
    """KSMs in scope; `?tahap=tunas|tumbuh|kembang|belum` filters by the latest assessed stage."""
    qs = cari_ksm(akses_ksm(request.user), lkm=lkm, q=q.strip(), jenis=jenis, status=status, desa=desa)
    return DenganKelayakan(saring_tahap(_ringkas(qs), tahap).order_by("lkm_id", "nama", "pk"))


@router.get("ksm/{ksm_id}", response={200: KsmOut, **GALAT_BACA})
def detail_ksm(request: Permintaan, ksm_id: int) -> Any:
    return get_object_or_404(_ringkas(akses_ksm(request.user)), pk=ksm_id)


# ---- members -----------------------------------------------------------------------------------------------


class AnggotaIn(Schema):
    nik: str = teks(32, wajib=True)  # the service says what is wrong with a NIK (ksm.nik)
    nama: str = teks(150, wajib=True)
    jenis_kelamin: Literal["L", "P"]
    alamat: str = teks(255)
    jenis_usaha: str = teks(150)
    peran: str = teks(12, bawaan=Keanggotaan.Peran.ANGGOTA)
    tanggung_renteng: bool = False
    tanggal_bergabung: Tanggal | None = None
    tanggal_lahir: date | None = Field(None, ge=date(1900, 1, 1))
    nomor_kk: str = Field("", max_length=16, pattern=r"^[0-9]*$")
    telepon: str = Field("", max_length=20, pattern=r"^[0-9 +()-]*$")
    pendapatan_sebelum: RupiahTakNegatif = 0
    satuan_pendapatan: str = teks(10, bawaan="bulan")
    terdaftar_ps2: bool = False


class AnggotaOut(Schema):
    id: int = Field(..., alias="anggota.id")
    keanggotaan_id: int = Field(..., alias="id")
    ksm: int = Field(..., alias="ksm_id")
    nik: str = Field(..., alias="anggota.nik")
    nama: str = Field(..., alias="anggota.nama")
    jenis_kelamin: str = Field(..., alias="anggota.jenis_kelamin")
    alamat: str = Field(..., alias="anggota.alamat")
    jenis_usaha: str = Field(..., alias="anggota.jenis_usaha")
    peran: str
    tanggung_renteng: bool
    tanggal_tanggung_renteng: date | None
    tanggal_bergabung: date
    tanggal_keluar: date | None

    @staticmethod
    def resolve_tanggung_renteng(obj: Any) -> bool:
        return obj.tanggal_tanggung_renteng is not None


@router.post("ksm/{ksm_id}/anggota", response={201: AnggotaOut, **GALAT})
def tambah_anggota(request: Permintaan, ksm_id: int, data: AnggotaIn) -> Any:
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    wajib_boleh(request.user, "ksm.tulis")
    bergabung = data.tanggal_bergabung or hari_ini()
    orang = data.model_dump(exclude={"nik", "peran", "tanggung_renteng", "tanggal_bergabung"})
    k = services.tambah_anggota(
        ksm=ksm,
        nik=data.nik,
        data=orang,
        peran=data.peran,
        tanggal_bergabung=bergabung,
        tanggal_tanggung_renteng=bergabung if data.tanggung_renteng else None,
        oleh=request.user,
    )
    return Status(201, k)


@router.get("ksm/{ksm_id}/anggota", response={200: list[AnggotaOut], **GALAT_BACA})
@paginate(Halaman)
def daftar_anggota(request: Permintaan, ksm_id: int, semua: bool = False) -> Any:
    """Active members; `?semua=true` adds those who left."""
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    qs = ksm.keanggotaan.select_related("anggota")
    if not semua:
        qs = qs.filter(tanggal_keluar__isnull=True)
    return qs.order_by("tanggal_bergabung", "id")


# ---- meetings ----------------------------------------------------------------------------------------------


class PertemuanIn(Schema):
    tanggal: Tanggal
    agenda: str = teks(255)
    hadir: list[IdBody] = Field([], max_length=500)
    izin: list[IdBody] = Field([], max_length=500)
    catatan: str = teks(10_000, baris=True)
    perkara_kritis: str = teks(10_000, baris=True)
    tempat: str = teks(150)
    keputusan: str = teks(10_000, baris=True)


class PertemuanOut(Schema):
    id: int
    ksm: int = Field(..., alias="ksm_id")
    tanggal: date
    tempat: str
    agenda: str
    catatan: str = Field(..., alias="notulen")
    perkara_kritis: str
    keputusan: str
    hadir: list[int]
    izin: list[int]
    absen: list[int]

    @staticmethod
    def resolve_hadir(obj: Any) -> list[int]:
        return [k.anggota_id for k in obj.kehadiran.all() if k.status == Kehadiran.Status.HADIR]

    @staticmethod
    def resolve_izin(obj: Any) -> list[int]:
        return [k.anggota_id for k in obj.kehadiran.all() if k.status == Kehadiran.Status.IZIN]

    @staticmethod
    def resolve_absen(obj: Any) -> list[int]:
        return [k.anggota_id for k in obj.kehadiran.all() if k.status == Kehadiran.Status.ABSEN]


@router.post("ksm/{ksm_id}/pertemuan", response={201: PertemuanOut, **GALAT})
def catat_pertemuan(request: Permintaan, ksm_id: int, data: PertemuanIn) -> Any:
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    wajib_boleh(request.user, "ksm.tulis")
    kehadiran = {a: Kehadiran.Status.IZIN for a in data.izin} | {
        a: Kehadiran.Status.HADIR for a in data.hadir
    }
    p = services.catat_pertemuan(
        ksm=ksm,
        tanggal=data.tanggal,
        kehadiran=kehadiran,
        agenda=data.agenda,
        tempat=data.tempat,
        notulen=data.catatan,
        perkara_kritis=data.perkara_kritis,
        keputusan=data.keputusan,
        oleh=request.user,
    )
    return Status(201, Pertemuan.objects.prefetch_related("kehadiran").get(pk=p.pk))


@router.get("ksm/{ksm_id}/pertemuan", response={200: list[PertemuanOut], **GALAT_BACA})
@paginate(Halaman)
def daftar_pertemuan(request: Permintaan, ksm_id: int) -> Any:
    ksm = get_object_or_404(akses_ksm(request.user), pk=ksm_id)
    return (
        akses_pertemuan(request.user)
        .filter(ksm=ksm)
        .prefetch_related("kehadiran")
        .order_by("-tanggal", "-id")
    )
