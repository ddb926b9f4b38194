"""KSM groups, their members, the Panca Sutra records (meetings, savings, books, partners) and their maturity
(the fasilitator's assessments and the monthly proposals)."""

from __future__ import annotations

import uuid
from typing import Any

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotaku.models import LKM, Desa
from kotaku.uang import RupiahField


@pghistory.track()
class KSM(models.Model):
    """A Kelompok Swadaya Masyarakat registered with one LKM; only `pinjaman_bergulir` groups borrow."""

    class Jenis(models.TextChoices):
        PINJAMAN_BERGULIR = "pinjaman_bergulir", _("Pinjaman bergulir")
        INFRASTRUKTUR = "infrastruktur", _("Infrastruktur")
        SOSIAL = "sosial", _("Sosial")

    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        NONAKTIF = "nonaktif", _("Nonaktif")
        BUBAR = "bubar", _("Bubar")

    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="ksm", verbose_name=_("LKM"))
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="ksm", verbose_name=_("desa"))
    nama = models.CharField(_("nama KSM"), max_length=150)
    jenis = models.CharField(
        _("jenis"), max_length=20, choices=Jenis.choices, default=Jenis.PINJAMAN_BERGULIR
    )
    tanggal_berdiri = models.DateField(_("tanggal berdiri"))
    alamat = models.CharField(_("alamat sekretariat"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AKTIF)
    tanggal_status = models.DateField(_("tanggal status"), null=True, blank=True)
    alasan_status = models.CharField(_("alasan perubahan status"), max_length=255, blank=True)
    nama_bank = models.CharField(_("bank/koperasi"), max_length=100, blank=True)
    nomor_rekening = models.CharField(_("nomor rekening"), max_length=50, blank=True)
    penandatangan_1 = models.CharField(_("penandatangan rekening 1"), max_length=150, blank=True)
    penandatangan_2 = models.CharField(_("penandatangan rekening 2"), max_length=150, blank=True)
    aturan_main = models.TextField(_("aturan main kelompok"), blank=True)
    tanggal_aturan_main = models.DateField(_("tanggal aturan main disepakati"), null=True, blank=True)
    tanggal_tinjau_aturan_main = models.DateField(
        _("tanggal aturan main terakhir ditinjau"), null=True, blank=True
    )
    dibuat_pada = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "KSM"
        verbose_name_plural = "KSM"
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["lkm", "nama"], name="ksm_nama_unik_per_lkm"),
        ]
        indexes = [models.Index(fields=["lkm", "status", "jenis"], name="ksm_lkm_status_jenis")]

    def __str__(self) -> str:
        return self.nama


@pghistory.track()
class Anggota(models.Model):
    """A person registered with an LKM. `aktif` mirrors "has an open membership" so the DB can keep NIK
    unique."""

    class JenisKelamin(models.TextChoices):
        LAKI = "L", _("Laki-laki")
        PEREMPUAN = "P", _("Perempuan")

    class SatuanPendapatan(models.TextChoices):
        HARI = "hari", _("per hari")
        BULAN = "bulan", _("per bulan")

    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="anggota", verbose_name=_("LKM"))
    nik = models.CharField(_("NIK"), max_length=16)
    nama = models.CharField(_("nama"), max_length=150)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    tanggal_lahir = models.DateField(_("tanggal lahir"), null=True, blank=True)
    alamat = models.CharField(_("alamat"), max_length=255, blank=True)
    nomor_kk = models.CharField(_("nomor KK"), max_length=16, blank=True)
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)
    jenis_usaha = models.CharField(_("jenis usaha"), max_length=150, blank=True)
    pendapatan_sebelum = RupiahField(_("pendapatan sebelum bergabung"), default=0)
    satuan_pendapatan = models.CharField(
        _("satuan pendapatan"), max_length=5, choices=SatuanPendapatan.choices, default=SatuanPendapatan.BULAN
    )
    terdaftar_ps2 = models.BooleanField(_("terdaftar di peta kemiskinan (PS2)"), default=False)
    aktif = models.BooleanField(_("anggota aktif"), default=False, editable=False)

    class Meta:
        verbose_name = "anggota"
        verbose_name_plural = "anggota"
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["lkm", "nik"], condition=Q(aktif=True), name="anggota_nik_unik_aktif_per_lkm"
            ),
            models.CheckConstraint(condition=Q(nik__regex=r"^[0-9]{16}$"), name="anggota_nik_16_digit"),
            models.CheckConstraint(
                condition=Q(pendapatan_sebelum__gte=0), name="anggota_pendapatan_tidak_negatif"
            ),
        ]
        indexes = [models.Index(fields=["lkm", "nik"], name="anggota_lkm_nik")]

    def __str__(self) -> str:
        return self.nama

    @property
    def sapaan(self) -> str:
        """`Bu Paerah` / `Pak Slamet`, as UPK staff address members in messages."""
        return f"{'Bu' if self.jenis_kelamin == self.JenisKelamin.PEREMPUAN else 'Pak'} {self.nama}"


@pghistory.track()
class Keanggotaan(models.Model):
    """A person's membership of a KSM, kept after leaving (history). `pinjaman_bergulir` copies the KSM's
    jenis."""

    class Peran(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        BENDAHARA = "bendahara", _("Bendahara")
        ANGGOTA = "anggota", _("Anggota")

    ksm = models.ForeignKey(KSM, on_delete=models.PROTECT, related_name="keanggotaan")
    anggota = models.ForeignKey(Anggota, on_delete=models.PROTECT, related_name="keanggotaan")
    peran = models.CharField(_("peran"), max_length=12, choices=Peran.choices, default=Peran.ANGGOTA)
    tanggal_bergabung = models.DateField(_("tanggal bergabung"))
    tanggal_keluar = models.DateField(_("tanggal keluar"), null=True, blank=True)
    alasan_keluar = models.CharField(_("alasan keluar"), max_length=255, blank=True)
    tanggal_tanggung_renteng = models.DateField(
        _("tanggal pernyataan tanggung renteng"), null=True, blank=True
    )
    pinjaman_bergulir = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = "keanggotaan"
        verbose_name_plural = "keanggotaan"
        ordering = ["ksm", "tanggal_bergabung", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["anggota"],
                condition=Q(tanggal_keluar__isnull=True, pinjaman_bergulir=True),
                name="keanggotaan_satu_ksm_pb_aktif",
            ),
            models.UniqueConstraint(
                fields=["ksm", "anggota"],
                condition=Q(tanggal_keluar__isnull=True),
                name="keanggotaan_sekali_aktif_per_ksm",
            ),
            models.CheckConstraint(
                condition=Q(tanggal_keluar__isnull=True)
                | Q(tanggal_keluar__gte=models.F("tanggal_bergabung")),
                name="keanggotaan_keluar_setelah_bergabung",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.anggota_id} di {self.ksm_id}"

    @property
    def aktif(self) -> bool:
        return self.tanggal_keluar is None


@pghistory.track()
class Pertemuan(models.Model):
    """A group meeting (Panca Sutra: rutin bertemu), with attendance, minutes and critical issues."""

    ksm = models.ForeignKey(KSM, on_delete=models.PROTECT, related_name="pertemuan")
    tanggal = models.DateField(_("tanggal"))
    tempat = models.CharField(_("tempat"), max_length=150, blank=True)
    agenda = models.CharField(_("agenda"), max_length=255, blank=True)
    notulen = models.TextField(_("notulen/catatan"), blank=True)
    perkara_kritis = models.TextField(_("perkara kritis yang dibahas"), blank=True)
    keputusan = models.TextField(_("keputusan"), blank=True)
    kunci = models.CharField(_("kunci idempotensi"), max_length=100, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "pertemuan"
        verbose_name_plural = "pertemuan"
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["ksm", "tanggal"], name="pertemuan_satu_per_hari"),
            models.UniqueConstraint(
                fields=["ksm", "kunci"], condition=~Q(kunci=""), name="pertemuan_kunci_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"Pertemuan {self.ksm_id} {self.tanggal}"


@pghistory.track()
class Kehadiran(models.Model):
    class Status(models.TextChoices):
        HADIR = "hadir", _("Hadir")
        IZIN = "izin", _("Izin")
        ABSEN = "absen", _("Absen")

    pertemuan = models.ForeignKey(Pertemuan, on_delete=models.CASCADE, related_name="kehadiran")
    anggota = models.ForeignKey(Anggota, on_delete=models.PROTECT, related_name="kehadiran")
    status = models.CharField(_("status"), max_length=5, choices=Status.choices, default=Status.HADIR)

    class Meta:
        verbose_name = "kehadiran"
        verbose_name_plural = "kehadiran"
        constraints = [
            models.UniqueConstraint(fields=["pertemuan", "anggota"], name="kehadiran_unik_per_pertemuan"),
        ]

    def __str__(self) -> str:
        return f"{self.anggota_id} {self.status} di pertemuan {self.pertemuan_id}"


@pghistory.track()
class TransaksiTabungan(models.Model):
    """A member's group-savings deposit (jumlah > 0) or withdrawal (< 0). Posted rows never change."""

    class Melalui(models.TextChoices):
        KAS = "kas", _("Kas")
        BANK = "bank", _("Bank")

    ksm = models.ForeignKey(KSM, on_delete=models.PROTECT, related_name="tabungan")
    anggota = models.ForeignKey(Anggota, on_delete=models.PROTECT, related_name="tabungan")
    pertemuan = models.ForeignKey(
        Pertemuan, null=True, blank=True, on_delete=models.PROTECT, related_name="tabungan"
    )
    tanggal = models.DateField(_("tanggal"))
    jumlah = RupiahField(_("jumlah"))
    melalui = models.CharField(_("melalui"), max_length=4, choices=Melalui.choices, default=Melalui.KAS)
    kunci = models.CharField(_("kunci idempotensi"), max_length=100)
    membalik = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="pembalik"
    )
    alasan = models.CharField(_("alasan koreksi"), max_length=255, blank=True)
    jurnal_id = models.BigIntegerField(_("jurnal"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "transaksi tabungan"
        verbose_name_plural = "transaksi tabungan"
        ordering = ["tanggal", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ksm", "kunci"], name="tabungan_kunci_unik_per_ksm"),
            models.CheckConstraint(condition=~Q(jumlah=0), name="tabungan_jumlah_bukan_nol"),
            models.CheckConstraint(
                condition=Q(membalik__isnull=True) | ~Q(alasan=""), name="tabungan_koreksi_beralasan"
            ),
        ]
        indexes = [models.Index(fields=["ksm", "anggota", "tanggal"], name="tabungan_ksm_anggota_tgl")]
        triggers = [
            pgtrigger.Protect(name="tabungan_tanpa_hapus", operation=pgtrigger.Delete),
            # The journal id is filled once, right after posting; nothing else ever changes.
            pgtrigger.Protect(
                name="tabungan_tanpa_ubah",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__jurnal_id__isnull=False)
                | pgtrigger.Q(old__ksm_id__df=pgtrigger.F("new__ksm_id"))
                | pgtrigger.Q(old__anggota_id__df=pgtrigger.F("new__anggota_id"))
                | pgtrigger.Q(old__pertemuan_id__df=pgtrigger.F("new__pertemuan_id"))
                | pgtrigger.Q(old__tanggal__df=pgtrigger.F("new__tanggal"))
                | pgtrigger.Q(old__jumlah__df=pgtrigger.F("new__jumlah"))
                | pgtrigger.Q(old__melalui__df=pgtrigger.F("new__melalui"))
                | pgtrigger.Q(old__kunci__df=pgtrigger.F("new__kunci"))
                | pgtrigger.Q(old__dibuat_oleh_id__df=pgtrigger.F("new__dibuat_oleh_id"))
                | pgtrigger.Q(old__dibuat_pada__df=pgtrigger.F("new__dibuat_pada")),
            ),
        ]

    def __str__(self) -> str:
        return f"Tabungan {self.anggota_id} {self.tanggal} {self.jumlah}"


@pghistory.track()
class KegiatanMitra(models.Model):
    """An activity with an outside partner (capital, supplies, marketing, training)."""

    class Jenis(models.TextChoices):
        MODAL = "modal", _("Permodalan")
        BAHAN_BAKU = "bahan_baku", _("Bahan baku")
        PEMASARAN = "pemasaran", _("Pemasaran")
        PELATIHAN = "pelatihan", _("Pelatihan")

    ksm = models.ForeignKey(KSM, on_delete=models.PROTECT, related_name="kegiatan_mitra")
    mitra = models.CharField(_("mitra"), max_length=150)
    jenis = models.CharField(_("jenis kegiatan"), max_length=12, choices=Jenis.choices)
    tanggal = models.DateField(_("tanggal"))
    catatan = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = "kegiatan dengan pihak luar"
        verbose_name_plural = "kegiatan dengan pihak luar"
        ordering = ["-tanggal", "-id"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} dengan {self.mitra}"


@pghistory.track()
class PemeriksaanBuku(models.Model):
    """The UPK's check of the KSM's own books (Panca Sutra: rutin pembukuan)."""

    class Hasil(models.TextChoices):
        SESUAI = "sesuai", _("Sesuai")
        CATATAN_KECIL = "catatan_kecil", _("Sesuai dengan catatan kecil")
        TIDAK_SESUAI = "tidak_sesuai", _("Tidak sesuai")

    ksm = models.ForeignKey(KSM, on_delete=models.PROTECT, related_name="pemeriksaan_buku")
    tanggal = models.DateField(_("tanggal"))
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hasil = models.CharField(_("hasil"), max_length=14, choices=Hasil.choices)
    catatan = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = "pemeriksaan buku KSM"
        verbose_name_plural = "pemeriksaan buku KSM"
        ordering = ["-tanggal", "-id"]

    def __str__(self) -> str:
        return f"Pemeriksaan buku {self.ksm_id} {self.tanggal}: {self.hasil}"


# ---- maturity (Tunas / Tumbuh / Kembang) ----------------------------------------------------------------


class Tahap(models.TextChoices):
    TUNAS = "tunas", _("Tunas")
    TUMBUH = "tumbuh", _("Tumbuh")
    KEMBANG = "kembang", _("Kembang")


def _jalur_foto(penilaian: Any, nama: str) -> str:
    """`penilaian/<ksm>/<random>.<ext>`: the name the service chose from the image's real type, never the
    uploaded one."""
    akhiran = nama.rsplit(".", 1)[-1].lower() if "." in nama else "bin"
    return f"penilaian/{penilaian.ksm_id}/{uuid.uuid4().hex}.{akhiran}"


@pghistory.track()
class Penilaian(models.Model):
    """The fasilitator's assessment of a KSM's maturity on a date (DOMAIN.md §3).

    Append-only (pgtrigger): a new assessment supersedes the last, none is edited or deleted. The proposal
    computed from the records (`usulan_*`, and per indicator in `SkorPenilaian.usulan`) is kept beside the
    scores the fasilitator gave. The evidence photo lives under MEDIA_ROOT and is served only through a view
    that checks the user's scope.
    """

    ksm = models.ForeignKey(KSM, on_delete=models.PROTECT, related_name="penilaian")
    tanggal = models.DateField(_("tanggal penilaian"))
    total = models.PositiveSmallIntegerField(_("total skor"))
    tahap = models.CharField(_("tahap"), max_length=7, choices=Tahap.choices)
    usulan_total = models.PositiveSmallIntegerField(_("total usulan"))
    usulan_tahap = models.CharField(_("tahap usulan"), max_length=7, choices=Tahap.choices)
    foto = models.FileField(_("foto bukti"), upload_to=_jalur_foto, max_length=255, blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dinilai oleh")
    )
    dibuat_pada = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "penilaian tahap KSM"
        verbose_name_plural = "penilaian tahap KSM"
        ordering = ["-tanggal", "-id"]
        indexes = [models.Index(fields=["ksm", "tanggal"], name="penilaian_ksm_tanggal")]
        constraints = [
            models.CheckConstraint(condition=Q(total__lte=30), name="penilaian_total_0_30"),
            models.CheckConstraint(condition=Q(usulan_total__lte=30), name="penilaian_usulan_0_30"),
            models.CheckConstraint(condition=Q(tahap__in=Tahap.values), name="penilaian_tahap_dikenal"),
            models.CheckConstraint(
                condition=Q(usulan_tahap__in=Tahap.values), name="penilaian_usulan_tahap_dikenal"
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="penilaian_tetap", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"Penilaian {self.ksm_id} {self.tanggal}: {self.tahap} ({self.total})"


@pghistory.track()
class SkorPenilaian(models.Model):
    """One indicator of an assessment: the proposal, the score given and (when they differ) the evidence."""

    penilaian = models.ForeignKey(Penilaian, on_delete=models.PROTECT, related_name="indikator")
    no = models.PositiveSmallIntegerField(_("nomor indikator"))
    usulan = models.PositiveSmallIntegerField(_("skor usulan"))
    skor = models.PositiveSmallIntegerField(_("skor"))
    catatan = models.TextField(_("catatan/bukti"), blank=True)

    class Meta:
        verbose_name = "skor indikator"
        verbose_name_plural = "skor indikator"
        ordering = ["penilaian", "no"]
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "no"], name="skor_penilaian_sekali_per_indikator"),
            models.CheckConstraint(condition=Q(no__gte=1, no__lte=10), name="skor_penilaian_no_1_10"),
            models.CheckConstraint(condition=Q(skor__lte=3, usulan__lte=3), name="skor_penilaian_0_3"),
            # A changed score carries its evidence, in the database too.
            models.CheckConstraint(
                condition=Q(skor=models.F("usulan")) | ~Q(catatan=""), name="skor_penilaian_ubah_ada_catatan"
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="skor_penilaian_tetap", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"Indikator {self.no}: {self.skor} (usulan {self.usulan})"


class UsulanTahapBulanan(models.Model):
    """The proposal of an active KSM at a month end, stored by the monthly task so trends exist where no one
    assessed. One per KSM and month; stored once, never changed (a re-run keeps the first)."""

    ksm = models.ForeignKey(KSM, on_delete=models.PROTECT, related_name="usulan_bulanan")
    per = models.DateField(_("akhir bulan"))
    skor = ArrayField(models.PositiveSmallIntegerField(), size=10, verbose_name=_("skor indikator 1-10"))
    total = models.PositiveSmallIntegerField(_("total"))
    tahap = models.CharField(_("tahap"), max_length=7, choices=Tahap.choices)
    dibuat_pada = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "usulan tahap bulanan"
        verbose_name_plural = "usulan tahap bulanan"
        ordering = ["ksm", "-per"]
        constraints = [
            models.UniqueConstraint(fields=["ksm", "per"], name="usulan_bulanan_sekali_per_bulan"),
            models.CheckConstraint(condition=Q(total__lte=30), name="usulan_bulanan_total_0_30"),
        ]
        triggers = [
            pgtrigger.Protect(name="usulan_bulanan_tetap", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"Usulan {self.ksm_id} {self.per}: {self.tahap} ({self.total})"
