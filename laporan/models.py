"""Records of floor 4.

Monthly snapshots (`SnapshotBulanan`): each LKM's month-end figures, stored so dashboards and trends never
rescan loans. A snapshot is a cache, never the truth (DESIGN.md): `laporan.services.simpan_snapshot`
recomputes any month from the dated facts and replaces the row; `manage.py periksa_snapshot` compares stored
rows with a fresh computation. The columns are exactly `laporan.kinerja.FaktaBulanan` (a test holds them
equal), including every indicator input, so the indicators of any group of LKMs are recomputed from sums of
snapshots.

Report packs (`PaketLaporan`, `BerkasPaket`): built by Celery workers (one PDF per desa, a roll-up, one ZIP).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kotaku.models import LKM, Kecamatan
from kotaku.uang import RupiahField


class SnapshotBulanan(models.Model):
    """One LKM as of one month end (`per` is the last day of the month)."""

    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="snapshot_bulanan")
    per = models.DateField("per akhir bulan")
    dihitung_pada = models.DateTimeField(default=timezone.now)

    # Loan positions at the month end
    outstanding = RupiahField("saldo pinjaman")
    outstanding_berisiko = RupiahField("saldo pinjaman menunggak >= 3 bulan")
    tunggakan_berisiko = RupiahField("tunggakan pokok pinjaman menunggak >= 3 bulan")
    ksm_aktif = models.IntegerField("KSM dengan saldo pinjaman")
    ksm_menunggak = models.IntegerField("KSM menunggak >= 3 bulan")
    pinjaman_aktif = models.IntegerField("pinjaman dengan saldo")
    outstanding_kol1 = RupiahField("saldo pinjaman Kol 1")
    outstanding_kol2 = RupiahField("saldo pinjaman Kol 2")
    outstanding_kol3 = RupiahField("saldo pinjaman Kol 3")
    outstanding_kol4 = RupiahField("saldo pinjaman Kol 4")
    outstanding_kol5 = RupiahField("saldo pinjaman Kol 5")
    tunggakan_kol1 = RupiahField("tunggakan pokok Kol 1")
    tunggakan_kol2 = RupiahField("tunggakan pokok Kol 2")
    tunggakan_kol3 = RupiahField("tunggakan pokok Kol 3")
    tunggakan_kol4 = RupiahField("tunggakan pokok Kol 4")
    tunggakan_kol5 = RupiahField("tunggakan pokok Kol 5")
    cadangan_wajib = RupiahField("cadangan risiko wajib")
    cadangan_tercatat = RupiahField("cadangan risiko tercatat (12010)")
    # Flows of the month
    dicairkan_bulan = RupiahField("pokok dicairkan dalam bulan")
    jumlah_cair_bulan = models.IntegerField("pinjaman dicairkan dalam bulan")
    pokok_dibayar_bulan = RupiahField("pokok dibayar dalam bulan")
    jasa_dibayar_bulan = RupiahField("jasa dibayar dalam bulan")
    pendapatan_bulan = RupiahField("pendapatan bulan ini")
    biaya_bulan = RupiahField("biaya bulan ini")
    # January up to the month
    bulan = models.IntegerField("bulan ke- (Januari = 1)")
    pendapatan = RupiahField("pendapatan Januari s.d. bulan ini")
    biaya = RupiahField("biaya Januari s.d. bulan ini")
    pendapatan_operasional = RupiahField("pendapatan jasa pinjaman Januari s.d. bulan ini")
    biaya_operasional = RupiahField("biaya operasional Januari s.d. bulan ini")
    biaya_keuangan = RupiahField("biaya dana Januari s.d. bulan ini")
    biaya_cadangan = RupiahField("biaya cadangan Januari s.d. bulan ini")
    jumlah_outstanding_bulanan = RupiahField("jumlah saldo pinjaman akhir bulan Januari s.d. bulan ini")
    # Balances
    kas_bank = RupiahField("kas dan bank")
    modal = RupiahField("modal (31xxx)")
    # Cumulative since lending began
    pokok_jatuh_tempo_kumulatif = RupiahField("pokok jatuh tempo kumulatif")
    pokok_dibayar_kumulatif = RupiahField("pokok jatuh tempo yang dibayar kumulatif")
    # People and groups
    anggota = models.IntegerField("anggota aktif")
    anggota_perempuan = models.IntegerField("anggota perempuan")
    peminjam = models.IntegerField("anggota peminjam")
    ksm_terdaftar = models.IntegerField("KSM aktif terdaftar")
    ksm_tunas = models.IntegerField("KSM Tunas")
    ksm_tumbuh = models.IntegerField("KSM Tumbuh")
    ksm_kembang = models.IntegerField("KSM Kembang")

    class Meta:
        verbose_name = "snapshot bulanan"
        verbose_name_plural = "snapshot bulanan"
        ordering = ["lkm", "-per"]
        constraints = [
            models.UniqueConstraint(fields=["lkm", "per"], name="snapshot_satu_per_lkm_bulan"),
        ]
        indexes = [models.Index(fields=["per", "lkm"], name="snapshot_per_lkm")]

    def __str__(self) -> str:
        return f"Snapshot {self.lkm_id} {self.per}"


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
