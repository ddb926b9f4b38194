"""KSM by maturity stage for the snapshots, and KSM due for assessment for the inbox: the integration points
with the fasilitator's assessment (issue 11), which another change adds to `ksm/`.

INTEGRATION POINT. Until that lands there is no assessment record, so:
- `hitungan_tahap_per_lkm` returns zeros for every LKM (the dashboards then show "belum dinilai");
- `jumlah_ksm_perlu_dinilai` returns None (the inbox leaves the line out).
When it lands, nothing here needs to change as long as:
- the assessment model is `MODEL_PENILAIAN` ("ksm.PenilaianTahap") with a `ksm` foreign key, a `tanggal`
  date and a stage field `KOLOM_TAHAP` ("tahap") holding "tunas" / "tumbuh" / "kembang"
  (ksm.tahap.URUTAN_TAHAP);
- the due list is a function `FUNGSI_PERLU_DINILAI` ("ksm.selectors.ksm_perlu_dinilai") taking the user and
  returning a queryset (or a count) of the KSM in the user's scope due for assessment.
If they are named otherwise, change the two constants; the test `test_tahap_snapshot.py` runs the counting on
a stand-in model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Model, Q
from django.utils.module_loading import import_string

from ksm.tahap import URUTAN_TAHAP

MODEL_PENILAIAN = "ksm.PenilaianTahap"
KOLOM_TAHAP = "tahap"
FUNGSI_PERLU_DINILAI = "ksm.selectors.ksm_perlu_dinilai"


def _model_penilaian() -> type[Model] | None:
    try:
        return apps.get_model(MODEL_PENILAIAN)
    except LookupError:
        return None


def penilaian_tersedia() -> bool:
    """True once the assessment model exists (screens then show stages instead of "belum dinilai")."""
    return _model_penilaian() is not None


def hitungan_tahap_per_lkm(lkm_ids: Iterable[int], per: date) -> dict[int, dict[str, int]]:
    """{lkm_id: {"tunas": n, "tumbuh": n, "kembang": n}}: each active revolving-loan KSM counted once, at the
    stage of its latest assessment on or before `per` (KSM never assessed are not counted). One query."""
    ids = list(lkm_ids)
    hasil = {i: dict.fromkeys(URUTAN_TAHAP, 0) for i in ids}
    model = _model_penilaian()
    if model is None or not ids:
        return hasil
    aktif = Q(ksm__status="aktif") | Q(ksm__tanggal_status__gt=per)
    terbaru = (
        model._default_manager.filter(aktif, ksm__lkm_id__in=ids, tanggal__lte=per)
        .order_by("ksm_id", "-tanggal", "-pk")
        .distinct("ksm_id")
        .values_list("ksm__lkm_id", KOLOM_TAHAP)
    )
    for lkm_id, tahap in terbaru:
        if tahap in hasil[lkm_id]:
            hasil[lkm_id][tahap] += 1
    return hasil


def jumlah_ksm_perlu_dinilai(user: Any) -> int | None:
    """How many KSM in the user's scope are due for assessment, or None while no such function exists."""
    try:
        fungsi: Callable[[Any], Any] = import_string(FUNGSI_PERLU_DINILAI)
    except ImportError:
        return None
    hasil = fungsi(user)
    return hasil if isinstance(hasil, int) else int(hasil.count())
