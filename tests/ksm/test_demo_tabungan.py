"""Demo savings: every rupiah saved is in account 21020 of its LKM; the books balance; idempotent.

On the demo loaded once per session (`demo_jiwan`); these tests run last."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Sum

from kotaku.buku.models import BarisJurnal
from kotaku.buku.selectors import saldo_akun
from kotaku.models import LKM
from ksm.kelayakan import cek_kelayakan
from ksm.models import KSM, Kehadiran, TransaksiTabungan
from ksm.tabungan.demo import buat_demo_tabungan

PER = date(2019, 11, 30)


def test_demo_savings_match_the_books(demo_jiwan: Any, db: Any) -> None:
    assert TransaksiTabungan.objects.count() > 40_000
    assert not TransaksiTabungan.objects.filter(jurnal_id__isnull=True).exists()
    per_lkm = dict(
        TransaksiTabungan.objects.values("ksm__lkm").annotate(s=Sum("jumlah")).values_list("ksm__lkm", "s")
    )
    for lkm in LKM.objects.filter(pk__in=per_lkm):
        assert saldo_akun(lkm=lkm, kode="21020", per=PER) == per_lkm[lkm.pk], lkm.nama
    total = BarisJurnal.objects.aggregate(d=Sum("debit"), k=Sum("kredit"))
    assert total["d"] == total["k"]

    laris = KSM.objects.get(nama="Laris Jaya")
    hadir_2018_2019 = Kehadiran.objects.filter(
        pertemuan__ksm=laris, status="hadir", pertemuan__tanggal__gte=date(2018, 1, 1)
    ).count()
    assert laris.tabungan.count() == hadir_2018_2019 > 450  # Rp 5.000 a week by each member present
    assert set(laris.tabungan.values_list("jumlah", flat=True)) == {5_000}
    assert laris.tabungan.filter(dibuat_oleh__isnull=True, tanggal__gte=date(2019, 11, 4)).count() > 0
    assert cek_kelayakan(laris, per=date(2019, 2, 25)).layak is True  # before its first loan
    assert buat_demo_tabungan() == 0
