"""The month-end reserve true-up through a real Celery worker."""

from __future__ import annotations

from datetime import date

import pytest

from kotaku.buku.selectors import saldo_akun
from kotaku.models import LKM
from tests.ksm.factories import ksm_dengan_anggota
from tests.pinjaman.conftest import cair


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_reserve_true_up_task_on_a_real_worker(celery_pekerja, orang):
    from pinjaman.tasks import sesuaikan_cadangan_bulanan

    lkm = LKM.objects.get(desa__nama="Bukur")
    cair(ksm_dengan_anggota(5, lkm=lkm), orang, pokok=1_000_000)
    hasil = sesuaikan_cadangan_bulanan.delay(lkm.pk, "2019-01-31").get(timeout=60)
    assert hasil[str(lkm.pk)] > 0
    # 5.000.000 in Kol 1 x 0,5% = 25.000
    assert saldo_akun(lkm=lkm, kode="12010", per=date(2019, 1, 31)) == 25_000
    assert sesuaikan_cadangan_bulanan.delay(lkm.pk, "2019-01-31").get(timeout=60) == {str(lkm.pk): 0}
    assert saldo_akun(lkm=lkm, kode="12010", per=date(2019, 1, 31)) == 25_000
