"""Loans to KSM: the application with member shares, the stored schedule, payments and their lines.

Payments and their lines are append-only in PostgreSQL (pgtrigger Protect); a mistaken payment is reversed by
a new negative payment that points at it, with its reversing journal.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from kotaku.buku import akun
from kotaku.models import LKM
from kotaku.uang import RupiahField
from ksm.models import KSM, Anggota


class StatusPinjaman(models.TextChoices):
    DIAJUKAN = "diajukan", "Diajukan"
    DIVERIFIKASI = "diverifikasi", "Diverifikasi"
    DISETUJUI = "disetujui", "Disetujui"
    DICAIRKAN = "dicairkan", "Dicairkan"
    LUNAS = "lunas", "Lunas"
    DITOLAK = "ditolak", "Ditolak"
    DIHAPUSBUKUKAN = "dihapusbukukan", "Dihapusbukukan"


class Frekuensi(models.TextChoices):
    BULANAN = "bulanan", "Bulanan"
    DUA_MINGGUAN = "dua_mingguan", "Dua mingguan"
    MINGGUAN = "mingguan", "Mingguan"


USER = settings.AUTH_USER_MODEL


@pghistory.track()
class Pinjaman(models.Model):
    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="pinjaman")
    ksm = models.ForeignKey(KSM, on_delete=models.PROTECT, related_name="pinjaman")
    status = models.CharField(max_length=16, choices=StatusPinjaman.choices, default=StatusPinjaman.DIAJUKAN)
    tanggal_pengajuan = models.DateField()
    jangka_bulan = models.PositiveSmallIntegerField()
    frekuensi = models.CharField(max_length=14, choices=Frekuensi.choices, default=Frekuensi.BULANAN)
    metode_jasa = models.CharField(max_length=10, choices=[("flat", "Flat"), ("menurun", "Menurun")])
    jasa_persen_per_bulan = models.DecimalField(max_digits=5, decimal_places=3)
    satuan_pembulatan = models.PositiveIntegerField(default=100)
    mode_pembulatan = models.CharField(max_length=10, default="half_up")
    pokok = RupiahField()
    diajukan_oleh = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    kunci_pengajuan = models.CharField(max_length=64, null=True, blank=True)
    diverifikasi_oleh = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diverifikasi_pada = models.DateTimeField(null=True, blank=True)
    catatan_verifikasi = models.TextField(blank=True)
    disetujui_oleh = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disetujui_pada = models.DateTimeField(null=True, blank=True)
    catatan_persetujuan = models.TextField(blank=True)
    ditolak_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ditolak_pada = models.DateTimeField(null=True, blank=True)
    alasan_penolakan = models.TextField(blank=True)
    tanggal_cair = models.DateField(null=True, blank=True)
    dicairkan_oleh = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kunci_cair = models.CharField(max_length=100, null=True, blank=True)
    akun_cair = models.CharField(max_length=10, default=akun.KAS)
    tanggal_lunas = models.DateField(null=True, blank=True)
    versi_jadwal = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name_plural = "pinjaman"
        ordering = ["-tanggal_pengajuan", "-pk"]
        indexes = [models.Index(fields=["lkm", "status"], name="pinjaman_lkm_status")]
        constraints = [
            models.CheckConstraint(condition=Q(pokok__gt=0), name="pinjaman_pokok_positif"),
            models.CheckConstraint(
                condition=Q(jangka_bulan__gte=1) & Q(jangka_bulan__lte=60), name="pinjaman_jangka_wajar"
            ),
            models.CheckConstraint(
                condition=Q(jasa_persen_per_bulan__gte=0), name="pinjaman_jasa_tidak_negatif"
            ),
            models.CheckConstraint(
                condition=Q(disetujui_oleh__isnull=True) | ~Q(disetujui_oleh=F("diverifikasi_oleh")),
                name="pinjaman_penyetuju_bukan_verifikator",
            ),
            models.CheckConstraint(
                condition=Q(diverifikasi_oleh__isnull=True) | ~Q(diverifikasi_oleh=F("diajukan_oleh")),
                name="pinjaman_verifikator_bukan_pengaju",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["dicairkan", "lunas", "dihapusbukukan"])
                | Q(tanggal_cair__isnull=False),
                name="pinjaman_cair_bertanggal",
            ),
            models.UniqueConstraint(
                fields=["ksm", "kunci_pengajuan"],
                condition=Q(kunci_pengajuan__isnull=False),
                name="pinjaman_kunci_pengajuan_unik",
            ),
        ]

    def __str__(self) -> str:
        return f"Pinjaman #{self.pk} {self.ksm}"


@pghistory.track()
class BagianPinjaman(models.Model):
    """A member's share of the KSM loan; the member's loan card (kartu pinjaman)."""

    pinjaman = models.ForeignKey(Pinjaman, on_delete=models.PROTECT, related_name="bagian")
    anggota = models.ForeignKey(Anggota, on_delete=models.PROTECT, related_name="bagian_pinjaman")
    pokok = RupiahField()
    siklus = models.PositiveSmallIntegerField(default=1)
    graduasi = models.BooleanField("layak graduasi ke bank/koperasi", default=False)

    class Meta:
        verbose_name_plural = "bagian pinjaman"
        constraints = [
            models.UniqueConstraint(fields=["pinjaman", "anggota"], name="bagian_satu_per_anggota"),
            models.CheckConstraint(condition=Q(pokok__gt=0), name="bagian_pokok_positif"),
        ]

    def __str__(self) -> str:
        return f"{self.anggota} {self.pokok}"


@pghistory.track()
class Angsuran(models.Model):
    """One stored instalment of a member share (versi > 1 after a reschedule; the old rows stay)."""

    pinjaman = models.ForeignKey(Pinjaman, on_delete=models.PROTECT, related_name="angsuran")
    bagian = models.ForeignKey(BagianPinjaman, on_delete=models.PROTECT, related_name="angsuran")
    versi = models.PositiveSmallIntegerField(default=1)
    ke = models.PositiveSmallIntegerField()
    jatuh_tempo = models.DateField()
    pokok = RupiahField()
    jasa = RupiahField()

    class Meta:
        verbose_name_plural = "angsuran"
        ordering = ["bagian", "versi", "ke"]
        indexes = [models.Index(fields=["pinjaman", "jatuh_tempo"], name="angsuran_pinjaman_tempo")]
        constraints = [
            models.UniqueConstraint(fields=["bagian", "versi", "ke"], name="angsuran_unik"),
            models.CheckConstraint(condition=Q(pokok__gte=0) & Q(jasa__gte=0), name="angsuran_tidak_negatif"),
        ]
        triggers = [pgtrigger.Protect(name="angsuran_tidak_diubah", operation=pgtrigger.Update)]

    def __str__(self) -> str:
        return f"{self.bagian_id} ke-{self.ke}"


@pghistory.track()
class Pembayaran(models.Model):
    """Money received from a KSM (or its reversal: negative, pointing at the payment it cancels)."""

    pinjaman = models.ForeignKey(Pinjaman, on_delete=models.PROTECT, related_name="pembayaran")
    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="+")
    tanggal = models.DateField()
    jumlah = RupiahField()
    pokok = RupiahField()
    jasa = RupiahField()
    akun_kas = models.CharField(max_length=10, default=akun.KAS)
    kunci = models.CharField(max_length=100)
    membalik = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="pembalik"
    )
    alasan = models.CharField(max_length=255, blank=True)
    jurnal_id = models.BigIntegerField(null=True, blank=True)
    dibuat_oleh = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "pembayaran"
        ordering = ["-tanggal", "-pk"]
        indexes = [models.Index(fields=["lkm", "tanggal"], name="pembayaran_lkm_tanggal")]
        constraints = [
            models.UniqueConstraint(fields=["pinjaman", "kunci"], name="pembayaran_kunci_unik"),
            models.CheckConstraint(condition=Q(jumlah=F("pokok") + F("jasa")), name="pembayaran_jumlah_utuh"),
            models.CheckConstraint(
                condition=(Q(membalik__isnull=True) & Q(jumlah__gt=0) & Q(pokok__gte=0) & Q(jasa__gte=0))
                | (
                    Q(membalik__isnull=False)
                    & Q(jumlah__lt=0)
                    & Q(pokok__lte=0)
                    & Q(jasa__lte=0)
                    & ~Q(alasan="")
                ),
                name="pembayaran_tanda_benar",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="pembayaran_tidak_dihapus", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="pembayaran_tidak_diubah",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(exclude=["jurnal_id"]),
            ),
        ]

    def __str__(self) -> str:
        return f"Pembayaran #{self.pk} {self.jumlah}"


@pghistory.track()
class RincianPembayaran(models.Model):
    """What a payment paid of one member's instalment; `dibayar_oleh` records tanggung renteng cover."""

    pembayaran = models.ForeignKey(Pembayaran, on_delete=models.PROTECT, related_name="rincian")
    angsuran = models.ForeignKey(Angsuran, on_delete=models.PROTECT, related_name="rincian")
    pinjaman = models.ForeignKey(Pinjaman, on_delete=models.PROTECT, related_name="+")
    tanggal = models.DateField()
    pokok = RupiahField()
    jasa = RupiahField()
    versi = models.PositiveSmallIntegerField(
        default=1
    )  # the schedule version of `angsuran`, kept for fast SQL
    dibayar_oleh = models.ForeignKey(
        Anggota, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "rincian pembayaran"
        indexes = [models.Index(fields=["pinjaman", "tanggal"], name="rincian_pinjaman_tanggal")]
        triggers = [
            pgtrigger.Protect(name="rincian_tidak_diubah", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self) -> str:
        return f"{self.angsuran_id}: {self.pokok}+{self.jasa}"


@pghistory.track()
class HapusBuku(models.Model):
    """A Kol 5 loan written off by LKM board decision against the reserve; it moves to the off-balance
    register."""

    pinjaman = models.OneToOneField(Pinjaman, on_delete=models.PROTECT, related_name="hapus_buku")
    tanggal = models.DateField()
    nomor_keputusan = models.CharField(max_length=100)
    tanggal_keputusan = models.DateField()
    sisa_pokok = RupiahField()
    tunggakan_jasa = RupiahField()
    kunci = models.CharField(max_length=100)
    oleh = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "hapus buku"
        constraints = [models.CheckConstraint(condition=Q(sisa_pokok__gt=0), name="hapus_buku_ada_sisa")]
        triggers = [pgtrigger.Protect(name="hapus_buku_tetap", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"Hapus buku #{self.pinjaman_id}"


@pghistory.track()
class Pemulihan(models.Model):
    """Money recovered on a written-off loan: income (41020); the KSM's joint obligation stays."""

    pinjaman = models.ForeignKey(Pinjaman, on_delete=models.PROTECT, related_name="pemulihan")
    tanggal = models.DateField()
    jumlah = RupiahField()
    kunci = models.CharField(max_length=100)
    oleh = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "pemulihan"
        constraints = [
            models.UniqueConstraint(fields=["pinjaman", "kunci"], name="pemulihan_kunci_unik"),
            models.CheckConstraint(condition=Q(jumlah__gt=0), name="pemulihan_positif"),
        ]
        triggers = [pgtrigger.Protect(name="pemulihan_tetap", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"Pemulihan #{self.pinjaman_id} {self.jumlah}"


@pghistory.track()
class JadwalUlang(models.Model):
    """A reschedule approved by the LKM board: the old schedule stays, version `versi` applies from
    `berlaku_mulai`."""

    pinjaman = models.ForeignKey(Pinjaman, on_delete=models.PROTECT, related_name="jadwal_ulang")
    versi = models.PositiveSmallIntegerField()
    berlaku_mulai = models.DateField()
    jangka_bulan = models.PositiveSmallIntegerField()
    nomor_keputusan = models.CharField(max_length=100)
    tanggal_keputusan = models.DateField()
    oleh = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "jadwal ulang"
        constraints = [models.UniqueConstraint(fields=["pinjaman", "versi"], name="jadwal_ulang_versi_unik")]

    def __str__(self) -> str:
        return f"Jadwal ulang #{self.pinjaman_id} v{self.versi}"
