"""Writes of the KSM registry: groups, members, meetings, partner activities, book checks.

Savings move money, so they live with the books in `ksm.tabungan.services`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from kotaku.akses import wajib_boleh
from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.models import LKM, Desa
from kotaku.tanggal import format_tanggal, hari_ini
from ksm.models import KSM, Anggota, Keanggotaan, KegiatanMitra, Kehadiran, PemeriksaanBuku, Pertemuan
from ksm.nik import NIKTidakValid, cocokkan_nik, periksa_nik
from ksm.selectors import syarat_aktif

PERAN_TUNGGAL = (Keanggotaan.Peran.KETUA, Keanggotaan.Peran.SEKRETARIS, Keanggotaan.Peran.BENDAHARA)

KOLOM_KSM = (
    "nama",
    "jenis",
    "tanggal_berdiri",
    "alamat",
    "nama_bank",
    "nomor_rekening",
    "penandatangan_1",
    "penandatangan_2",
    "aturan_main",
    "tanggal_aturan_main",
    "tanggal_tinjau_aturan_main",
)
_TANGGAL_KSM = {"tanggal_berdiri", "tanggal_aturan_main", "tanggal_tinjau_aturan_main"}
KOLOM_ANGGOTA = (
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


def _galat(field: str, pesan: str) -> KesalahanDomain:
    return KesalahanDomain(pesan, errors=[{"field": field, "message": pesan}])


def _bukan_masa_depan(field: str, tanggal: date | None, apa: str) -> None:
    if tanggal and tanggal > hari_ini():
        raise _galat(
            field, f"{apa} {format_tanggal(tanggal)} belum terjadi; tanggal tidak boleh di masa depan."
        )


def kunci_ksm(ksm: KSM) -> KSM:
    """Lock the KSM row: member, meeting and savings writes of one group run one after another."""
    return KSM.objects.select_for_update().select_related("lkm__desa").get(pk=ksm.pk)


# ---- KSM ---------------------------------------------------------------------------------------------------


def _periksa_data_ksm(*, lkm: LKM, data: Mapping[str, Any], kecuali: int | None = None) -> None:
    nama = (data.get("nama") or "").strip()
    if not nama:
        raise _galat("nama", "Nama KSM wajib diisi.")
    if data.get("jenis") not in KSM.Jenis.values:
        raise _galat("jenis", "Jenis KSM harus pinjaman_bergulir, infrastruktur atau sosial.")
    if not data.get("tanggal_berdiri"):
        raise _galat("tanggal_berdiri", "Tanggal berdiri wajib diisi.")
    _bukan_masa_depan("tanggal_berdiri", data["tanggal_berdiri"], "Tanggal berdiri")
    _bukan_masa_depan("tanggal_aturan_main", data.get("tanggal_aturan_main"), "Tanggal aturan main")
    tinjau = data.get("tanggal_tinjau_aturan_main")
    _bukan_masa_depan("tanggal_tinjau_aturan_main", tinjau, "Tanggal peninjauan aturan main")
    if tinjau and not data.get("tanggal_aturan_main"):
        raise _galat(
            "tanggal_tinjau_aturan_main",
            "Isi dulu tanggal aturan main disepakati sebelum tanggal peninjauannya.",
        )
    if tinjau and tinjau < data["tanggal_aturan_main"]:
        raise _galat(
            "tanggal_tinjau_aturan_main",
            "Tanggal peninjauan aturan main tidak boleh sebelum tanggal disepakati.",
        )
    sama = KSM.objects.filter(lkm=lkm, nama__iexact=nama).exclude(pk=kecuali)  # type: ignore[misc]
    if sama.exists():
        raise _galat("nama", f"Nama KSM \u201c{nama}\u201d sudah dipakai di {lkm.nama}.")


@transaction.atomic
def buat_ksm(*, lkm: LKM, data: Mapping[str, Any], desa: Desa | None = None, oleh: Any = None) -> KSM:
    """Register a KSM with the LKM; its name is unique within the LKM and it is founded on or before today."""
    wajib_boleh(oleh, "ksm.tulis")
    LKM.objects.select_for_update().get(pk=lkm.pk)  # two clerks typing the same name: one wins
    _periksa_data_ksm(lkm=lkm, data=data)
    desa = desa or lkm.desa
    if desa.kecamatan_id != lkm.desa.kecamatan_id:
        raise _galat("desa", f"Desa {desa.nama} tidak berada di kecamatan {lkm.nama}.")
    nilai = {k: data[k] for k in KOLOM_KSM if k in data and data[k] is not None}
    nilai["nama"] = nilai["nama"].strip()
    return KSM.objects.create(lkm=lkm, desa=desa, **nilai)


@transaction.atomic
def ubah_ksm(*, ksm: KSM, data: Mapping[str, Any], oleh: Any = None) -> KSM:
    """Edit a KSM's profile, account and rules; the jenis cannot change while it has active members."""
    wajib_boleh(oleh, "ksm.tulis")
    ksm = kunci_ksm(ksm)
    lengkap = {k: getattr(ksm, k) for k in KOLOM_KSM} | {k: v for k, v in data.items() if k in KOLOM_KSM}
    _periksa_data_ksm(lkm=ksm.lkm, data=lengkap, kecuali=ksm.pk)
    if lengkap["jenis"] != ksm.jenis and ksm.keanggotaan.filter(tanggal_keluar__isnull=True).exists():
        raise _galat("jenis", "Jenis KSM tidak dapat diubah selama masih ada anggota aktif.")
    for k in KOLOM_KSM:
        setattr(ksm, k, lengkap[k] if lengkap[k] is not None else ("" if k not in _TANGGAL_KSM else None))
    ksm.nama = ksm.nama.strip()
    ksm.save()
    return ksm


@transaction.atomic
def ubah_status_ksm(*, ksm: KSM, status: str, tanggal: date, alasan: str, oleh: Any = None) -> KSM:
    """Set a KSM active, inactive or dissolved, with the date and the reason (kept in the history)."""
    wajib_boleh(oleh, "ksm.tulis")
    ksm = kunci_ksm(ksm)
    if status not in KSM.Status.values:
        raise _galat("status", "Status KSM harus aktif, nonaktif atau bubar.")
    if status == ksm.status:
        raise _galat("status", f"KSM sudah berstatus {ksm.get_status_display().lower()}.")
    if not (alasan or "").strip():
        raise _galat("alasan", "Alasan perubahan status wajib diisi.")
    _bukan_masa_depan("tanggal", tanggal, "Tanggal status")
    if tanggal < ksm.tanggal_berdiri:
        raise _galat("tanggal", "Tanggal status tidak boleh sebelum KSM berdiri.")
    ksm.status, ksm.tanggal_status, ksm.alasan_status = status, tanggal, alasan.strip()
    ksm.save(update_fields=["status", "tanggal_status", "alasan_status"])
    return ksm


# ---- members -----------------------------------------------------------------------------------------------


def _periksa_nik(nik: str, *, jenis_kelamin: str, tanggal_lahir: date | None) -> str:
    nik = (nik or "").strip()
    if not nik:
        raise _galat("nik", "NIK wajib diisi.")
    try:
        info = periksa_nik(nik)
    except NIKTidakValid as exc:
        raise _galat("nik", str(exc)) from None
    for pesan in cocokkan_nik(info, jenis_kelamin=jenis_kelamin, tanggal_lahir=tanggal_lahir):
        raise _galat("nik", pesan)
    return nik


def _periksa_peran(*, ksm: KSM, peran: str, kecuali: int | None = None) -> None:
    if peran not in Keanggotaan.Peran.values:
        raise _galat("peran", "Peran harus ketua, sekretaris, bendahara atau anggota.")
    if peran in PERAN_TUNGGAL:
        lain = (
            ksm.keanggotaan.filter(tanggal_keluar__isnull=True, peran=peran)
            .exclude(pk=kecuali)  # type: ignore[misc]
            .select_related("anggota")
            .first()
        )
        if lain:
            raise _galat("peran", f"KSM {ksm.nama} sudah punya {peran} aktif: {lain.anggota.nama}.")


@transaction.atomic
def tambah_anggota(
    *,
    ksm: KSM,
    nik: str,
    data: Mapping[str, Any],
    peran: str = Keanggotaan.Peran.ANGGOTA,
    tanggal_bergabung: date,
    tanggal_tanggung_renteng: date | None = None,
    oleh: Any = None,
) -> Keanggotaan:
    """Add a person to a KSM: valid NIK, not an active member anywhere in the LKM, KSM active, dates not
    ahead."""
    wajib_boleh(oleh, "ksm.tulis")
    ksm = kunci_ksm(ksm)
    if ksm.status != KSM.Status.AKTIF:
        raise KesalahanDomain(
            f"KSM {ksm.nama} berstatus {ksm.get_status_display().lower()}; tidak menerima anggota."
        )
    nama = (data.get("nama") or "").strip()
    if not nama:
        raise _galat("nama", "Nama anggota wajib diisi.")
    if data.get("jenis_kelamin") not in Anggota.JenisKelamin.values:
        raise _galat("jenis_kelamin", "Jenis kelamin harus L atau P.")
    nik = _periksa_nik(nik, jenis_kelamin=data["jenis_kelamin"], tanggal_lahir=data.get("tanggal_lahir"))
    _bukan_masa_depan("tanggal_bergabung", tanggal_bergabung, "Tanggal bergabung")
    if tanggal_bergabung < ksm.tanggal_berdiri:
        raise _galat(
            "tanggal_bergabung",
            f"Tanggal bergabung tidak boleh sebelum KSM berdiri ({format_tanggal(ksm.tanggal_berdiri)}).",
        )
    if tanggal_tanggung_renteng:
        _bukan_masa_depan("tanggal_tanggung_renteng", tanggal_tanggung_renteng, "Tanggal tanggung renteng")
    if (data.get("pendapatan_sebelum") or 0) < 0:
        raise _galat("pendapatan_sebelum", "Pendapatan tidak boleh negatif.")
    _periksa_peran(ksm=ksm, peran=peran)

    orang = (
        Anggota.objects.select_for_update()
        .filter(lkm_id=ksm.lkm_id, nik=nik)
        .order_by("-aktif", "-id")
        .first()
    )
    if orang and orang.aktif:
        di = orang.keanggotaan.filter(tanggal_keluar__isnull=True).select_related("ksm").first()
        tempat = f"KSM {di.ksm.nama}" if di else "LKM ini"
        raise _galat("nik", f"NIK {nik} sudah terdaftar sebagai anggota aktif {tempat} ({orang.nama}).")
    nilai = {k: data[k] for k in KOLOM_ANGGOTA if k in data and data[k] is not None}
    nilai["nama"] = nama
    if orang is None:
        orang = Anggota(lkm_id=ksm.lkm_id, nik=nik)
    for k, v in nilai.items():
        setattr(orang, k, v)
    orang.aktif = True
    try:
        with transaction.atomic():
            orang.save()
            return Keanggotaan.objects.create(
                ksm=ksm,
                anggota=orang,
                peran=peran,
                tanggal_bergabung=tanggal_bergabung,
                tanggal_tanggung_renteng=tanggal_tanggung_renteng,
                pinjaman_bergulir=ksm.jenis == KSM.Jenis.PINJAMAN_BERGULIR,
            )
    except IntegrityError:
        raise _galat("nik", f"NIK {nik} sudah terdaftar sebagai anggota aktif di LKM ini.") from None


@transaction.atomic
def ubah_anggota(
    *,
    keanggotaan: Keanggotaan,
    data: Mapping[str, Any],
    peran: str | None = None,
    tanggal_tanggung_renteng: date | None = None,
    oleh: Any = None,
) -> Keanggotaan:
    """Edit a member's details, role and joint-liability date; the NIK is fixed once registered."""
    wajib_boleh(oleh, "ksm.tulis")
    kunci_ksm(keanggotaan.ksm)
    keanggotaan = Keanggotaan.objects.select_related("anggota", "ksm").get(pk=keanggotaan.pk)
    orang = keanggotaan.anggota
    nama = (data.get("nama", orang.nama) or "").strip()
    if not nama:
        raise _galat("nama", "Nama anggota wajib diisi.")
    jk = data.get("jenis_kelamin", orang.jenis_kelamin)
    if jk not in Anggota.JenisKelamin.values:
        raise _galat("jenis_kelamin", "Jenis kelamin harus L atau P.")
    _periksa_nik(orang.nik, jenis_kelamin=jk, tanggal_lahir=data.get("tanggal_lahir", orang.tanggal_lahir))
    if peran and peran != keanggotaan.peran:
        if not keanggotaan.aktif:
            raise _galat("peran", "Peran anggota yang sudah keluar tidak dapat diubah.")
        _periksa_peran(ksm=keanggotaan.ksm, peran=peran, kecuali=keanggotaan.pk)
        keanggotaan.peran = peran
    if tanggal_tanggung_renteng:
        _bukan_masa_depan("tanggal_tanggung_renteng", tanggal_tanggung_renteng, "Tanggal tanggung renteng")
    keanggotaan.tanggal_tanggung_renteng = tanggal_tanggung_renteng
    for k in KOLOM_ANGGOTA:
        if k in data and data[k] is not None:
            setattr(orang, k, data[k])
    orang.nama = nama
    orang.save()
    keanggotaan.save()
    return keanggotaan


@transaction.atomic
def keluarkan_anggota(
    *, keanggotaan: Keanggotaan, tanggal: date, alasan: str = "", oleh: Any = None
) -> Keanggotaan:
    """A member leaves the KSM on `tanggal`; the membership stays in the history."""
    wajib_boleh(oleh, "ksm.tulis")
    kunci_ksm(keanggotaan.ksm)
    keanggotaan = Keanggotaan.objects.select_related("anggota", "ksm").get(pk=keanggotaan.pk)
    if not keanggotaan.aktif:
        raise KonflikStatus(
            f"{keanggotaan.anggota.nama} sudah keluar pada {format_tanggal(keanggotaan.tanggal_keluar)}."
        )
    _bukan_masa_depan("tanggal", tanggal, "Tanggal keluar")
    if tanggal < keanggotaan.tanggal_bergabung:
        raise _galat(
            "tanggal",
            "Tanggal keluar tidak boleh sebelum tanggal bergabung "
            f"({format_tanggal(keanggotaan.tanggal_bergabung)}).",
        )
    keanggotaan.tanggal_keluar = tanggal
    keanggotaan.alasan_keluar = (alasan or "").strip()
    keanggotaan.save(update_fields=["tanggal_keluar", "alasan_keluar"])
    orang = keanggotaan.anggota
    if not orang.keanggotaan.filter(tanggal_keluar__isnull=True).exists():
        orang.aktif = False
        orang.save(update_fields=["aktif"])
    return keanggotaan


# ---- meetings ----------------------------------------------------------------------------------------------


@transaction.atomic
def catat_pertemuan(
    *,
    ksm: KSM,
    tanggal: date,
    kehadiran: Mapping[int, str],
    agenda: str = "",
    tempat: str = "",
    notulen: str = "",
    perkara_kritis: str = "",
    keputusan: str = "",
    kunci: str = "",
    oleh: Any = None,
) -> Pertemuan:
    """Record a meeting: one per day, not in the future; attendance only for members on that day (others
    absen).

    With `kunci`, a repeated submission returns the meeting already recorded.
    """
    wajib_boleh(oleh, "ksm.tulis")
    ksm = kunci_ksm(ksm)
    if kunci and (ada := Pertemuan.objects.filter(ksm=ksm, kunci=kunci).first()):
        return ada
    if not tanggal:
        raise _galat("tanggal", "Tanggal pertemuan wajib diisi.")
    _bukan_masa_depan("tanggal", tanggal, "Tanggal pertemuan")
    if tanggal < ksm.tanggal_berdiri:
        raise _galat(
            "tanggal", f"Tanggal pertemuan sebelum KSM berdiri ({format_tanggal(ksm.tanggal_berdiri)})."
        )
    if Pertemuan.objects.filter(ksm=ksm, tanggal=tanggal).exists():
        raise _galat("tanggal", f"KSM {ksm.nama} sudah mencatat pertemuan pada {format_tanggal(tanggal)}.")
    anggota_hari_itu = {
        k.anggota_id: k.anggota
        for k in ksm.keanggotaan.filter(syarat_aktif(tanggal)).select_related("anggota")
    }
    bukan = [a for a in kehadiran if a not in anggota_hari_itu]
    if bukan:
        nama = dict(Anggota.objects.filter(pk__in=bukan, lkm_id=ksm.lkm_id).values_list("pk", "nama"))
        daftar = ", ".join(nama.get(a, f"#{a}") for a in bukan)
        raise _galat("hadir", f"Bukan anggota KSM {ksm.nama} pada {format_tanggal(tanggal)}: {daftar}.")
    salah = [s for s in kehadiran.values() if s not in Kehadiran.Status.values]
    if salah:
        raise _galat("hadir", "Status kehadiran harus hadir, izin atau absen.")
    pertemuan = Pertemuan.objects.create(
        ksm=ksm,
        tanggal=tanggal,
        agenda=(agenda or "").strip(),
        tempat=(tempat or "").strip(),
        notulen=(notulen or "").strip(),
        perkara_kritis=(perkara_kritis or "").strip(),
        keputusan=(keputusan or "").strip(),
        kunci=kunci or "",
        dibuat_oleh=oleh if getattr(oleh, "pk", None) else None,
    )
    Kehadiran.objects.bulk_create(
        Kehadiran(pertemuan=pertemuan, anggota_id=a, status=kehadiran.get(a, Kehadiran.Status.ABSEN))
        for a in sorted(anggota_hari_itu)
    )
    return pertemuan


# ---- partners and book checks ------------------------------------------------------------------------------


@transaction.atomic
def catat_kegiatan_mitra(
    *, ksm: KSM, mitra: str, jenis: str, tanggal: date, catatan: str = "", oleh: Any = None
) -> KegiatanMitra:
    """Record an activity with an outside partner (capital, supplies, marketing, training)."""
    wajib_boleh(oleh, "ksm.tulis")
    if not (mitra or "").strip():
        raise _galat("mitra", "Nama mitra wajib diisi.")
    if jenis not in KegiatanMitra.Jenis.values:
        raise _galat("jenis", "Jenis kegiatan harus modal, bahan_baku, pemasaran atau pelatihan.")
    _bukan_masa_depan("tanggal", tanggal, "Tanggal kegiatan")
    return KegiatanMitra.objects.create(
        ksm=ksm, mitra=mitra.strip(), jenis=jenis, tanggal=tanggal, catatan=catatan
    )


@transaction.atomic
def catat_pemeriksaan_buku(
    *, ksm: KSM, tanggal: date, hasil: str, catatan: str = "", oleh: Any
) -> PemeriksaanBuku:
    """The UPK records its check of the KSM's own books, by the checking officer."""
    wajib_boleh(oleh, "ksm.tulis")
    if hasil not in PemeriksaanBuku.Hasil.values:
        raise _galat("hasil", "Hasil pemeriksaan harus sesuai, catatan kecil atau tidak sesuai.")
    _bukan_masa_depan("tanggal", tanggal, "Tanggal pemeriksaan")
    return PemeriksaanBuku.objects.create(ksm=ksm, tanggal=tanggal, hasil=hasil, catatan=catatan, oleh=oleh)
