"""The monthly store of every active KSM's maturity proposal: on a real Celery worker, idempotent."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from celery.schedules import crontab

from ksm import services as ksm_services
from ksm.models import UsulanTahapBulanan
from laporan.services import simpan_usulan_bulanan
from tests.ksm.factories import KSMFactory


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_month_end_proposals_on_a_real_worker_and_a_rerun_changes_nothing(celery_pekerja: Any) -> None:
    from laporan.tasks import simpan_usulan_tahap_bulanan

    aturan = KSMFactory(nama="Aturan", tanggal_aturan_main=date(2019, 1, 5))  # rules within 12 months: 3
    rekening = KSMFactory(nama="Rekening", nomor_rekening="123", penandatangan_1="A", penandatangan_2="B")
    KSMFactory(nama="Muda", tanggal_berdiri=date(2019, 2, 15))  # not founded on 31 Jan
    bubar = KSMFactory(nama="Bubar")
    ksm_services.ubah_status_ksm(ksm=bubar, status="bubar", tanggal=date(2018, 12, 1), alasan="bubar")

    assert simpan_usulan_tahap_bulanan.delay("2019-01-31").get(timeout=60) == {"per": "2019-01-31", "baru": 2}
    simpan = list(
        UsulanTahapBulanan.objects.order_by("ksm__nama").values_list(
            "ksm__nama", "per", "skor", "total", "tahap"
        )
    )
    assert simpan == [
        ("Aturan", date(2019, 1, 31), [0, 0, 0, 0, 3, 0, 0, 0, 0, 0], 3, "tunas"),
        ("Rekening", date(2019, 1, 31), [0, 0, 0, 0, 0, 0, 0, 3, 0, 0], 3, "tunas"),
    ]
    # The records change, the month is re-run: the stored proposals stay as first stored.
    ksm_services.catat_kegiatan_mitra(ksm=aturan, mitra="Dinas", jenis="pelatihan", tanggal=date(2019, 1, 20))
    assert simpan_usulan_tahap_bulanan.delay("2019-01-31").get(timeout=60) == {"per": "2019-01-31", "baru": 0}
    assert (
        list(
            UsulanTahapBulanan.objects.order_by("ksm__nama").values_list(
                "ksm__nama", "per", "skor", "total", "tahap"
            )
        )
        == simpan
    )
    # the next month is its own row
    assert simpan_usulan_tahap_bulanan.delay("2019-02-28").get(timeout=60) == {"per": "2019-02-28", "baru": 3}
    assert UsulanTahapBulanan.objects.get(ksm=aturan, per=date(2019, 2, 28)).total == 4  # + one partner
    assert rekening.pk


def test_only_month_ends(db: Any) -> None:
    with pytest.raises(ValueError, match="akhir bulan"):
        simpan_usulan_bulanan(per=date(2019, 1, 30))


def test_the_task_is_scheduled_monthly_after_the_reserve_true_up() -> None:
    from kotaku.celery import app

    jadwal = app.conf.beat_schedule["usulan-tahap-bulanan"]
    assert jadwal["task"] == "laporan.simpan_usulan_tahap_bulanan"
    assert jadwal["schedule"] == crontab(minute=0, hour=2, day_of_month=1)
