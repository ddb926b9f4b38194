"""The UPK books: chart of accounts, journals and their lines, closed months.

Posted journals and lines are append-only in PostgreSQL itself (pgtrigger Protect); every journal balances (a
deferred constraint trigger, see migration 0002); no line may be dated in a closed month (a trigger). An
account with postings keeps its code, type, contra flag and LKM, and a closed-month row is never deleted and
only ever gains its reopening (triggers below), so no code path - admin or raw SQL - reopens closed books.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kotaku.buku.akun import JenisAkun
from kotaku.models import LKM
from kotaku.uang import RupiahField

_AKUN_TERPAKAI_TETAP = """
IF EXISTS (SELECT 1 FROM buku_barisjurnal WHERE akun_id = OLD.id) THEN
    RAISE EXCEPTION 'Akun % sudah dipakai dalam jurnal: kode, jenis, kontra dan LKM-nya tetap.', OLD.kode
        USING ERRCODE = '23514';
END IF;
RETURN NEW;
"""

_PERIODE_TIDAK_DIHAPUS = """
RAISE EXCEPTION 'Catatan tutup bulan %/% tidak boleh dihapus; bulan dibuka kembali oleh pengurus.',
    OLD.bulan, OLD.tahun USING ERRCODE = '23514';
"""

_PERIODE_DIBUKA_SEKALI = """
IF OLD.dibuka_pada IS NOT NULL OR OLD.dibuka_oleh_id IS NOT NULL THEN
    RAISE EXCEPTION 'Bulan %/% sudah dibuka kembali; catatan itu tetap. Menutup lagi menambah baris baru.',
        OLD.bulan, OLD.tahun USING ERRCODE = '23514';
END IF;
IF (NEW.id, NEW.lkm_id, NEW.tahun, NEW.bulan, NEW.ditutup_oleh_id, NEW.ditutup_pada)
   IS DISTINCT FROM (OLD.id, OLD.lkm_id, OLD.tahun, OLD.bulan, OLD.ditutup_oleh_id, OLD.ditutup_pada) THEN
    RAISE EXCEPTION 'Catatan tutup bulan %/% tidak boleh diubah; hanya pembukaannya yang dicatat.',
        OLD.bulan, OLD.tahun USING ERRCODE = '23514';
END IF;
IF NEW.dibuka_pada IS NULL OR NEW.dibuka_oleh_id IS NULL OR btrim(NEW.alasan_buka) = '' THEN
    RAISE EXCEPTION 'Membuka bulan %/% mencatat siapa, kapan dan alasannya.', OLD.bulan, OLD.tahun
        USING ERRCODE = '23514';
END IF;
RETURN NEW;
"""


@pghistory.track()
class Akun(models.Model):
    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="akun")
    kode = models.CharField("kode", max_length=10)
    nama = models.CharField("nama", max_length=150)
    jenis = models.CharField("jenis", max_length=12, choices=JenisAkun.choices)
    kontra = models.BooleanField("akun lawan (kontra)", default=False)
    aktif = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "akun"
        ordering = ["lkm", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["lkm", "kode"], name="akun_kode_unik_per_lkm"),
            models.CheckConstraint(condition=Q(kode__regex=r"^[0-9]{5,10}$"), name="akun_kode_angka"),
        ]
        triggers = [
            # Turning 21020 Tabungan into income would move every saving into surplus with the neraca
            # still balanced: once an account has a posted line, what it means is fixed.
            pgtrigger.Trigger(
                name="akun_terpakai_tetap",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                condition=pgtrigger.AnyChange("lkm", "kode", "jenis", "kontra"),
                func=_AKUN_TERPAKAI_TETAP,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"

    @property
    def saldo_normal_debit(self) -> bool:
        """Assets and costs grow on the debit side; contra accounts the other way."""
        debit = self.jenis in (JenisAkun.ASET, JenisAkun.BIAYA)
        return not debit if self.kontra else debit


class JenisJurnal(models.TextChoices):
    UMUM = "umum", "Umum"
    SALDO_AWAL = "saldo_awal", "Saldo awal"
    PENUTUP = "penutup", "Penutup tahun"
    PEMBALIK = "pembalik", "Pembalik"


@pghistory.track()
class Jurnal(models.Model):
    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="jurnal")
    tahun = models.PositiveSmallIntegerField()
    urut = models.PositiveIntegerField()
    tanggal = models.DateField()
    jenis = models.CharField(max_length=12, choices=JenisJurnal.choices, default=JenisJurnal.UMUM)
    uraian = models.CharField(max_length=255)
    sumber_jenis = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sumber_id = models.BigIntegerField(null=True, blank=True)
    sumber = GenericForeignKey("sumber_jenis", "sumber_id")
    kunci = models.CharField(max_length=100, null=True, blank=True)
    membalik = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="pembalik"
    )
    alasan = models.CharField("alasan pembalikan", max_length=255, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "jurnal"
        ordering = ["lkm", "tanggal", "tahun", "urut"]
        indexes = [models.Index(fields=["lkm", "tanggal"], name="jurnal_lkm_tanggal")]
        constraints = [
            models.UniqueConstraint(fields=["lkm", "tahun", "urut"], name="jurnal_nomor_unik"),
            models.UniqueConstraint(
                fields=["lkm", "sumber_jenis", "sumber_id"],
                condition=Q(sumber_id__isnull=False),
                name="jurnal_satu_per_sumber",
            ),
            models.UniqueConstraint(
                fields=["lkm", "kunci"], condition=Q(kunci__isnull=False), name="jurnal_kunci_unik"
            ),
            models.UniqueConstraint(
                fields=["lkm"], condition=Q(jenis="saldo_awal"), name="jurnal_satu_saldo_awal"
            ),
            models.UniqueConstraint(
                fields=["lkm", "tahun"], condition=Q(jenis="penutup"), name="jurnal_satu_penutup_per_tahun"
            ),
            models.CheckConstraint(
                condition=Q(membalik__isnull=True) | ~Q(alasan=""), name="jurnal_balik_beralasan"
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="jurnal_tidak_diubah", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.nomor} {self.uraian}"

    @property
    def nomor(self) -> str:
        return f"{self.tahun}/{self.urut:06d}"


@pghistory.track()
class BarisJurnal(models.Model):
    """One line; lkm and tanggal are copied from the journal so reports aggregate one indexed table."""

    jurnal = models.ForeignKey(Jurnal, on_delete=models.PROTECT, related_name="baris")
    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="+")
    akun = models.ForeignKey(Akun, on_delete=models.PROTECT, related_name="baris")
    tanggal = models.DateField()
    debit = RupiahField(default=0)
    kredit = RupiahField(default=0)

    class Meta:
        verbose_name_plural = "baris jurnal"
        indexes = [models.Index(fields=["lkm", "akun", "tanggal"], name="baris_lkm_akun_tanggal")]
        constraints = [
            models.CheckConstraint(condition=Q(debit__gte=0) & Q(kredit__gte=0), name="baris_tidak_negatif"),
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(kredit=0)) | (Q(debit=0) & Q(kredit__gt=0)),
                name="baris_satu_sisi",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="baris_tidak_diubah", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.akun_id} D{self.debit} K{self.kredit}"


class NomorJurnal(models.Model):
    """Journal number counter per LKM and year (incremented with INSERT .. ON CONFLICT, safe under
    concurrency)."""

    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    terakhir = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lkm", "tahun"], name="nomor_jurnal_unik")]

    def __str__(self) -> str:
        return f"{self.lkm_id}/{self.tahun}: {self.terakhir}"


@pghistory.track()
class PeriodeTutup(models.Model):
    """A closed month. Reopening (board, with a reason) fills `dibuka_*`; closing again adds a new row."""

    lkm = models.ForeignKey(LKM, on_delete=models.PROTECT, related_name="periode_tutup")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    ditutup_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ditutup_pada = models.DateTimeField(default=timezone.now)
    dibuka_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuka_pada = models.DateTimeField(null=True, blank=True)
    alasan_buka = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name_plural = "periode tutup"
        ordering = ["lkm", "-tahun", "-bulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["lkm", "tahun", "bulan"],
                condition=Q(dibuka_pada__isnull=True),
                name="periode_tutup_sekali",
            ),
            models.CheckConstraint(condition=Q(bulan__gte=1) & Q(bulan__lte=12), name="periode_bulan_valid"),
            models.CheckConstraint(
                condition=Q(dibuka_pada__isnull=True) | ~Q(alasan_buka=""), name="periode_buka_beralasan"
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="periode_tutup_tidak_dihapus",
                operation=pgtrigger.Delete,
                when=pgtrigger.Before,
                func=_PERIODE_TIDAK_DIHAPUS,
            ),
            # Reopening is the board's recorded act: the dibuka_* columns are filled once, nothing else moves.
            pgtrigger.Trigger(
                name="periode_dibuka_sekali",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                func=_PERIODE_DIBUKA_SEKALI,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lkm_id} {self.bulan:02d}/{self.tahun}"
