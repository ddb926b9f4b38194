"""The Jiwan demo's maturity history: computed from its records, all three stages, groups falling back, KSM
Laris Jaya reaching Kembang in 2019. One (slow) test: it loads the whole demo."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F

from ksm.demo_panca_sutra import buat_demo_panca_sutra
from ksm.models import KSM, KegiatanMitra, Penilaian, SkorPenilaian
from laporan.demo_tahap import buat_demo_tahap
from laporan.tahap import usulan_tahap_banyak

URUTAN = {"tunas": 0, "tumbuh": 1, "kembang": 2}


@pytest.fixture(scope="module")
def demo_jiwan(django_db_setup: Any, django_db_blocker: Any) -> Any:
    from tests.conftest import _organisasi, pulihkan_organisasi

    with django_db_blocker.unblock():
        pulihkan_organisasi()
        call_command("seed_demo")
        yield
        call_command("flush", "--noinput")
    _organisasi["mungkin_hilang"] = True


def test_the_demo_assessment_history(demo_jiwan: Any, db: Any) -> None:
    jiwan = KSM.objects.filter(lkm__desa__kecamatan__nama="Jiwan")
    assert jiwan.count() == 418
    assert not jiwan.exclude(pk__in=Penilaian.objects.values("ksm_id")).exists()  # every KSM assessed

    laris = Penilaian.objects.filter(ksm__nama="Laris Jaya").order_by("tanggal")
    jalan = [(p.tanggal.year, p.tahap) for p in laris]
    assert (2019, "kembang") in jalan
    assert all(t != "kembang" for tahun, t in jalan if tahun < 2019)  # reached in 2019, not before

    tahap = set(Penilaian.objects.values_list("tahap", flat=True))
    assert tahap == {"tunas", "tumbuh", "kembang"}
    akhir_2019 = Penilaian.objects.filter(tanggal__gte=date(2019, 11, 1)).values_list("tahap", flat=True)
    assert {"tumbuh", "kembang"} <= set(akhir_2019)

    jalur: dict[int, list[str]] = defaultdict(list)
    for ksm_id, t in Penilaian.objects.order_by("ksm_id", "tanggal", "pk").values_list("ksm_id", "tahap"):
        jalur[ksm_id].append(t)
    mundur = [
        k for k, j in jalur.items() if any(URUTAN[b] < URUTAN[a] for a, b in zip(j, j[1:], strict=False))
    ]
    assert len(mundur) >= 5

    # The fasilitator changed a few scores, each with its note; most were confirmed.
    diubah = SkorPenilaian.objects.exclude(skor=F("usulan"))
    assert 0 < diubah.count() < Penilaian.objects.count() // 4
    assert not diubah.filter(catatan="").exists()

    # Consistent with the records: the stored proposal is what the records give on that date.
    contoh = list(Penilaian.objects.order_by("pk")[::97])
    for p in contoh:
        hasil = usulan_tahap_banyak([p.ksm_id], p.tanggal)[p.ksm_id]
        assert (p.usulan_total, p.usulan_tahap) == (hasil.total, hasil.tahap), p
        assert list(p.indikator.order_by("no").values_list("usulan", flat=True)) == [
            i.skor for i in hasil.indikator
        ]

    # The trainings of the brief, and nothing new on a second run.
    assert KegiatanMitra.objects.filter(ksm__desa__nama="Kwangsen", catatan__contains="buket bunga").exists()
    assert KegiatanMitra.objects.filter(
        ksm__desa__nama="Kincang Wetan", catatan__contains="kewirausahaan"
    ).exists()
    jumlah = Penilaian.objects.count()
    assert buat_demo_panca_sutra() == {"ksm": 0}
    assert buat_demo_tahap() == {"penilaian": 0}
    assert Penilaian.objects.count() == jumlah
