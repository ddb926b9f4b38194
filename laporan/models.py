"""Records of floor 4: the report packs built by Celery workers (one PDF per desa, a roll-up, one ZIP)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kotaku.models import LKM, Kecamatan


class StatusKerja(models.TextChoices):
    ANTRE = "antre", "Antre"
    BERJALAN = "berjalan", "Berjalan"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"


class PaketLaporan(models.Model):
    """One request for a pack: the year-end pack (`alokasi_surplus`) or the monthly one (`bulanan`) of a year
    (and month) for the LKM of a kecamatan in the asker's scope, or for one LKM. Asking again for the same
    pack
    builds a new record; the newest finished one is what everyone downloads (the old files stay until
    then)."""

    class Jenis(models.TextChoices):
        TAHUNAN = "alokasi_surplus", "Laporan tahunan desa (alokasi surplus)"
        BULANAN = "bulanan", "Laporan bulanan desa"

    jenis = models.CharField(max_length=20, choices=Jenis.choices)
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField(null=True, blank=True)
    lingkup = ArrayField(models.BigIntegerField())  # the LKM ids the pack covers (the asker's scope)
    kecamatan = models.ForeignKey(
        Kecamatan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The same pack asked again (same kind, period and LKMs) shares this key: the newest finished one counts.
    kunci = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=StatusKerja.choices, default=StatusKerja.ANTRE)
    pesan = models.CharField(max_length=500, blank=True)
    arsip = models.CharField(max_length=255, blank=True)  # path under MEDIA_ROOT of the ZIP
    arsip_sha256 = models.CharField(max_length=64, blank=True)
    diminta_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(default=timezone.now)
    selesai_pada = models.DateTimeField(null=True, blank=True)
    rekap_diklaim_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "paket laporan"
        verbose_name_plural = "paket laporan"
        ordering = ["-dibuat_pada", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bulan__isnull=True) | (Q(bulan__gte=1) & Q(bulan__lte=12)),
                name="paket_bulan_valid",
            ),
            models.CheckConstraint(condition=Q(lingkup__len__gt=0), name="paket_punya_lkm"),
        ]

    def __str__(self) -> str:
        return f"Paket {self.jenis} {self.tahun} #{self.pk}"

    @property
    def kemajuan(self) -> int:
        """0..100: the share of its files that are done (finished or failed)."""
        semua = list(self.berkas.all())
        if not semua:
            return 0 if self.status != StatusKerja.SELESAI else 100
        selesai = sum(1 for b in semua if b.status in (StatusKerja.SELESAI, StatusKerja.GAGAL))
        return selesai * 100 // len(semua)


class BerkasPaket(models.Model):
    """One file of a pack: the PDF of one desa (`lkm`), or the kecamatan roll-up (`lkm` empty)."""

    paket = models.ForeignKey(PaketLaporan, on_delete=models.CASCADE, related_name="berkas")
    lkm = models.ForeignKey(LKM, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=StatusKerja.choices, default=StatusKerja.ANTRE)
    pesan = models.CharField(max_length=500, blank=True)
    jalur = models.CharField(max_length=255, blank=True)  # path under MEDIA_ROOT
    sha256 = models.CharField(max_length=64, blank=True)
    ukuran = models.PositiveIntegerField(default=0)
    diklaim_pada = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "berkas paket"
        verbose_name_plural = "berkas paket"
        ordering = ["paket", "lkm__desa__nama"]
        constraints = [
            models.UniqueConstraint(fields=["paket", "lkm"], name="berkas_satu_per_desa"),
            models.UniqueConstraint(
                fields=["paket"], condition=Q(lkm__isnull=True), name="berkas_satu_rekap_per_paket"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paket_id}: {self.lkm_id or 'rekap'} {self.status}"
