"""Demo savings: every rupiah saved is in account 21020 of its LKM; the books balance; fast; idempotent."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.db.models import Sum

from kotaku.buku.models import BarisJurnal
from kotaku.buku.selectors import saldo_akun
from kotaku.models import LKM
from ksm.demo import buat_demo_ksm
from ksm.kelayakan import cek_kelayakan
from ksm.models import KSM, TransaksiTabungan
from ksm.tabungan.demo import buat_demo_tabungan

PER = date(2019, 11, 30)


def test_demo_savings_match_the_books(db: Any) -> None:
    mulai = time.monotonic()
    buat_demo_ksm()
    jumlah = buat_demo_tabungan()
    lama = time.monotonic() - mulai
    assert lama < 45, f"demo KSM + tabungan {lama:.1f} detik"
    assert jumlah == TransaksiTabungan.objects.count() > 10_000
    assert not TransaksiTabungan.objects.filter(jurnal_id__isnull=True).exists()
    per_lkm = dict(
        TransaksiTabungan.objects.values("ksm__lkm").annotate(s=Sum("jumlah")).values_list("ksm__lkm", "s")
    )
    for lkm in LKM.objects.filter(pk__in=per_lkm):
        assert saldo_akun(lkm=lkm, kode="21020", per=PER) == per_lkm[lkm.pk], lkm.nama
    total = BarisJurnal.objects.aggregate(d=Sum("debit"), k=Sum("kredit"))
    assert total["d"] == total["k"]

    laris = KSM.objects.get(nama="Laris Jaya")
    assert laris.tabungan.filter(dibuat_pada__isnull=False).count() > 600  # weekly Rp 5.000 since 2017
    assert cek_kelayakan(laris, per=PER).layak is True
    assert buat_demo_tabungan() == 0
