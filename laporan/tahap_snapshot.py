"""KSM by maturity stage for the snapshots and dashboards, and the count of KSM due for assessment for the
inbox: both read the fasilitator's assessments (`ksm.Penilaian`).

The count of KSM due is the length of the due list (`laporan.tahap.ksm_jatuh_tempo`, the same rule the
fasilitator's page shows), cached for a few minutes per person and keyed by the newest assessment, so an
assessment just saved shows at once and a page load does not recompute every proposal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Max

from kotaku.tanggal import hari_ini
from ksm.models import Penilaian
from ksm.selectors import akses_ksm
from ksm.tahap import URUTAN_TAHAP
from laporan.tahap import hitungan_tahap, ksm_jatuh_tempo

DETIK_SIMPAN_JUMLAH = 600
"""How long the inbox keeps a count of KSM due (a new assessment or a new day recomputes at once)."""


def hitungan_tahap_per_lkm(lkm_ids: Iterable[int], per: date) -> dict[int, dict[str, int]]:
    """{lkm_id: {"tunas": n, "tumbuh": n, "kembang": n}}: the same counts as `laporan.tahap.hitungan_tahap`
    (each KSM active on `per` once, at its latest assessment on or before `per`; never assessed: not
    counted)."""
    ids = list(lkm_ids)
    hasil = {i: dict.fromkeys(URUTAN_TAHAP, 0) for i in ids}
    if not ids:
        return hasil
    for baris in hitungan_tahap(ids, per):
        hasil[baris.lkm_id] = {"tunas": baris.tunas, "tumbuh": baris.tumbuh, "kembang": baris.kembang}
    return hasil


def jumlah_ksm_perlu_dinilai(user: Any, *, per: date | None = None) -> int:
    """How many active KSM in the user's scope are due for assessment on `per` (default today)."""
    tanggal = per or hari_ini()
    terbaru = Penilaian.objects.aggregate(n=Max("pk"))["n"] or 0
    kunci = f"penilaian-jatuh-tempo:{getattr(user, 'pk', 0)}:{tanggal.isoformat()}:{terbaru}"
    jumlah = cache.get(kunci)
    if jumlah is None:
        jumlah = len(ksm_jatuh_tempo(akses_ksm(user), tanggal).ksm)
        cache.set(kunci, jumlah, DETIK_SIMPAN_JUMLAH)
    return int(jumlah)
