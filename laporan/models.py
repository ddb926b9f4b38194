"""Records of floor 4.

Monthly snapshots (`SnapshotBulanan`): each LKM's month-end figures, stored so dashboards and trends never
rescan loans. A snapshot is a cache, never the truth (DESIGN.md): `laporan.services.simpan_snapshot`
recomputes any month from the dated facts and replaces the row; `manage.py periksa_snapshot` compares stored
rows with a fresh computation. The columns are exactly `laporan.kinerja.FaktaBulanan` (a test holds them
equal), including every indicator input, so the indicators of any group of LKMs are recomputed from sums of
snapshots.

Report packs (`PaketLaporan`, `BerkasPaket`): built by Celery workers (one PDF per desa, a roll-up, one ZIP).

Year-end: the LKM's surplus allocation decision (DOMAIN.md §7) and the payouts of what it made owed.

A decided allocation and its payouts are append-only in PostgreSQL (pgtrigger Protect); the database itself
checks that the shares sum to 100,00%, the amounts to the surplus, and that an LKM allocates a year once.
"""

from __future__ import annotations

from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.lookups import Exact
from django.utils import timezone

from kotaku.buku.models import Jurnal
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


USER = settings.AUTH_USER_MODEL
POS = ("pemupukan_modal", "lingkungan", "sosial", "insentif", "cadangan")
POS_TERUTANG = ("lingkungan", "sosial", "insentif")
"""The lines that become a liability (paid out later); the other two stay in equity."""


class StatusAlokasi(models.TextChoices):
    DRAF = "draf", "Draf"
    DITETAPKAN = "ditetapkan", "Ditetapkan"


def _persen(label: str) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(label, max_digits=5, decimal_places=2)


@pghistory.track()
class AlokasiSurplus(models.Model):
    """One year's surplus of one LKM split over five lines by the board's decision (a draft until then)."""

    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="alokasi_surplus")
    tahun = models.PositiveSmallIntegerField()
    surplus = RupiahField()
    bagian_pemupukan_modal = _persen("bagian pemupukan modal (%)")
    bagian_lingkungan = _persen("bagian lingkungan (%)")
    bagian_sosial = _persen("bagian sosial (%)")
    bagian_insentif = _persen("bagian insentif (%)")
    bagian_cadangan = _persen("bagian cadangan (%)")
    jumlah_pemupukan_modal = RupiahField()
    jumlah_lingkungan = RupiahField()
    jumlah_sosial = RupiahField()
    jumlah_insentif = RupiahField()
    jumlah_cadangan = RupiahField()
    status = models.CharField(max_length=10, choices=StatusAlokasi.choices, default=StatusAlokasi.DRAF)
    nomor_keputusan = models.CharField(max_length=100, blank=True)
    tanggal_keputusan = models.DateField(null=True, blank=True)
    rapat = models.CharField("rapat yang memutuskan", max_length=200, blank=True)
    dibuat_oleh = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(default=timezone.now)
    ditetapkan_oleh = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ditetapkan_pada = models.DateTimeField(null=True, blank=True)
    jurnal = models.OneToOneField(Jurnal, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "alokasi surplus"
        verbose_name_plural = "alokasi surplus"
        ordering = ["lkm", "-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["lkm", "tahun"], name="alokasi_satu_per_tahun"),
            models.CheckConstraint(condition=Q(surplus__gt=0), name="alokasi_hanya_surplus"),
            models.CheckConstraint(
                condition=Exact(
                    F("bagian_pemupukan_modal")
                    + F("bagian_lingkungan")
                    + F("bagian_sosial")
                    + F("bagian_insentif")
                    + F("bagian_cadangan"),
                    Value(Decimal("100.00")),
                ),
                name="alokasi_bagian_seratus_persen",
            ),
            models.CheckConstraint(
                condition=Exact(
                    F("jumlah_pemupukan_modal")
                    + F("jumlah_lingkungan")
                    + F("jumlah_sosial")
                    + F("jumlah_insentif")
                    + F("jumlah_cadangan"),
                    F("surplus"),
                ),
                name="alokasi_jumlah_sama_surplus",
            ),
            models.CheckConstraint(
                condition=Q(bagian_pemupukan_modal__gte=0)
                & Q(bagian_lingkungan__gte=0)
                & Q(bagian_sosial__gte=0)
                & Q(bagian_insentif__gte=0)
                & Q(bagian_cadangan__gte=0)
                & Q(jumlah_pemupukan_modal__gte=0)
                & Q(jumlah_lingkungan__gte=0)
                & Q(jumlah_sosial__gte=0)
                & Q(jumlah_insentif__gte=0)
                & Q(jumlah_cadangan__gte=0),
                name="alokasi_tidak_negatif",
            ),
            models.CheckConstraint(
                condition=Q(status__in=StatusAlokasi.values), name="alokasi_status_dikenal"
            ),
            models.CheckConstraint(
                condition=~Q(status=StatusAlokasi.DITETAPKAN)
                | (
                    ~Q(nomor_keputusan="")
                    & Q(tanggal_keputusan__isnull=False)
                    & Q(ditetapkan_oleh__isnull=False)
                    & Q(jurnal__isnull=False)
                ),
                name="alokasi_ditetapkan_lengkap",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="alokasi_ditetapkan_tetap",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="ditetapkan"),
            ),
        ]

    def __str__(self) -> str:
        return f"Alokasi surplus {self.tahun} {self.lkm}"

    @property
    def bagian(self) -> dict[str, Decimal]:
        return {p: getattr(self, f"bagian_{p}") for p in POS}

    @property
    def jumlah(self) -> dict[str, int]:
        return {p: getattr(self, f"jumlah_{p}") for p in POS}

    @property
    def ditetapkan(self) -> bool:
        return self.status == StatusAlokasi.DITETAPKAN


class PosTerutang(models.TextChoices):
    LINGKUNGAN = "lingkungan", "Dana lingkungan (ke UPL)"
    SOSIAL = "sosial", "Dana sosial (ke UPS)"
    INSENTIF = "insentif", "Insentif pengelola/pengawas"


@pghistory.track()
class PembayaranAlokasi(models.Model):
    """Money paid out of a liability the allocation created (21031, 21032, 21040): its own journal, a
    receipt."""

    alokasi = models.ForeignKey(AlokasiSurplus, on_delete=models.PROTECT, related_name="pembayaran")
    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="+")
    pos = models.CharField(max_length=12, choices=PosTerutang.choices)
    tanggal = models.DateField()
    jumlah = RupiahField()
    akun_kas = models.CharField(max_length=10)
    penerima = models.CharField(max_length=150)
    uraian = models.CharField(max_length=255, blank=True)
    kunci = models.CharField(max_length=100)
    jurnal = models.OneToOneField(Jurnal, on_delete=models.PROTECT, related_name="+")
    dibuat_oleh = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "pembayaran alokasi"
        verbose_name_plural = "pembayaran alokasi"
        ordering = ["alokasi", "tanggal", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alokasi", "kunci"], name="pembayaran_alokasi_kunci_unik"),
            models.CheckConstraint(condition=Q(jumlah__gt=0), name="pembayaran_alokasi_positif"),
            models.CheckConstraint(condition=Q(pos__in=PosTerutang.values), name="pembayaran_alokasi_pos"),
        ]
        triggers = [
            pgtrigger.Protect(name="pembayaran_alokasi_tetap", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"Pembayaran {self.pos} {self.jumlah}"
