"""Year-end: the LKM's surplus allocation decision (DOMAIN.md §7) and the payouts of what it made owed.

A decided allocation and its payouts are append-only in PostgreSQL (pgtrigger Protect); the database itself
checks that the shares sum to 100,00%, the amounts to the surplus, and that an LKM allocates a year once.
"""

from __future__ import annotations

from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.lookups import Exact
from django.utils import timezone

from kotaku.buku.models import Jurnal
from kotaku.models import LKM
from kotaku.uang import RupiahField

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
