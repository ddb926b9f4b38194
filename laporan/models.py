"""Monthly snapshots: each LKM's month-end figures, stored so dashboards and trends never rescan loans.

A snapshot is a cache, never the truth (DESIGN.md): `laporan.services.simpan_snapshot` recomputes any month
from the dated facts and replaces the row; `manage.py periksa_snapshot` compares stored rows with a fresh
computation. The columns are exactly `laporan.kinerja.FaktaBulanan` (a test holds them equal), including every
indicator input, so the indicators of any group of LKMs are recomputed from sums of snapshots.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from kotaku.models import LKM
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
